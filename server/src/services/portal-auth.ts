import { createHash, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { PortalCode } from '../delivery/answers';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { verifySecret } from '../utils/secret-hash';
import type { EffectiveSettings } from './settings';

const MAX_TRACKED_IPS = 10_000;
const MAX_CACHED_VERDICTS = 1_000;

export type CredentialCheck = { ok: true } | { ok: false; code: PortalCode; retryAfterSeconds?: number };

/** Equal-time comparison of two strings of any length (hashing first equalizes the length). */
const sha256 = (value: string) => createHash('sha256').update(value).digest();

const safeEqual = (given: string, expected: string): boolean => timingSafeEqual(sha256(given), sha256(expected));

const parseBasic = (header: string | undefined): { username: string; password: string } | null => {
  const match = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '');
  if (!match) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Times of recent failed credentials per IP. Per process: a brake on guessing, not a ledger. */
  const failures = new Map<string, number[]>();
  /**
   * scrypt verdicts by (stored hash, digest of the password given): scrypt costs tens of
   * milliseconds by design, so the portal's secret is checked once per process, not per lead.
   */
  const verdicts = new Map<string, boolean>();

  const recentFailures = (ip: string, now: number, windowSeconds: number): number[] => {
    const since = now - windowSeconds * 1000;
    const times = (failures.get(ip) ?? []).filter((time) => time > since);
    if (times.length) failures.set(ip, times);
    else failures.delete(ip);
    return times;
  };

  const matchesHash = async (password: string, hash: string): Promise<boolean> => {
    const key = `${hash}\0${sha256(password).toString('base64')}`;
    const known = verdicts.get(key);
    if (known !== undefined) return known;
    const verdict = await verifySecret(password, hash);
    verdicts.set(key, verdict);
    if (verdicts.size > MAX_CACHED_VERDICTS) verdicts.delete(verdicts.keys().next().value as string);
    return verdict;
  };

  const matchesSecret = async (password: string, settings: EffectiveSettings): Promise<boolean> => {
    if (settings.configSecret !== null) return safeEqual(password, settings.configSecret);
    const hashes = [settings.secret?.hash, settings.previousSecret?.hash].filter((hash): hash is string => Boolean(hash));
    const results = await Promise.all(hashes.map((hash) => matchesHash(password, hash)));
    return results.some(Boolean);
  };

  const settingsNow = () => getService(strapi, 'settings').current();

  return {
    async isConfigured(): Promise<boolean> {
      return (await settingsNow()).credentialSource !== 'none';
    },

    isThrottled(ip: string, now = Date.now()): boolean {
      const { authFailureLimit, authFailureWindowSeconds } = getPluginConfig(strapi);
      return recentFailures(ip, now, authFailureWindowSeconds).length >= authFailureLimit;
    },

    /**
     * Whether `password` is the secret in force (or the previous one, during its grace period).
     * For the homologation runner, which signs with the secret an admin typed: not a delivery,
     * so nothing is counted.
     */
    async isSecretInForce(password: string): Promise<boolean> {
      return matchesSecret(password, await settingsNow());
    },

    /**
     * Forgets the latest failed credential of `ip` in this process: the homologation runner's
     * deliberate wrong credential, which must not bring its address (or a proxy's) to 429.
     */
    forgetFailure(ip: string): void {
      const times = failures.get(ip);
      if (!times) return;
      times.pop();
      if (!times.length) failures.delete(ip);
    },

    /** The portal's credential, as the delivery pipeline asks it: configured, not throttled, right. */
    async authenticate(authorization: string | undefined, ip: string): Promise<CredentialCheck> {
      if (!(await this.isConfigured())) return { ok: false, code: 'SECRET_NOT_CONFIGURED' };
      if (this.isThrottled(ip)) return { ok: false, code: 'TOO_MANY_AUTH_FAILURES' };
      return this.check(authorization, ip);
    },

    /**
     * Checks an `Authorization` header against the user name and the secret in force (or the
     * previous secret during its grace period), counting failures per IP.
     */
    async check(authorization: string | undefined, ip: string, now = Date.now()): Promise<CredentialCheck> {
      const settings = await settingsNow();
      const credentials = parseBasic(authorization);
      const ok =
        credentials !== null &&
        // evaluate both, so the time taken does not tell which one was wrong
        [safeEqual(credentials.username, settings.username), await matchesSecret(credentials.password, settings)].every(
          Boolean
        );
      if (ok) return { ok: true };

      const times = recentFailures(ip, now, getPluginConfig(strapi).authFailureWindowSeconds);
      times.push(now);
      failures.delete(ip);
      failures.set(ip, times);
      // a flood of addresses must not grow the map without end: forget the stalest
      if (failures.size > MAX_TRACKED_IPS) failures.delete(failures.keys().next().value as string);
      return { ok: false, code: credentials ? 'INVALID_CREDENTIALS' : 'AUTH_REQUIRED' };
    },
  };
};
