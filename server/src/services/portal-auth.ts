import { createHash, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { PortalCode } from '../delivery/answers';
import { createBrake, type Brake, type BrakeSlot } from '../delivery/brake';
import { createCredentialVerifier } from '../delivery/credential-verifier';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { verifySecret } from '../utils/secret-hash';
import type { EffectiveSettings } from './settings';

/** scrypt verifications of unknown credentials at once, and waiting: a flood waits no longer. */
const VERIFY_CONCURRENCY = 1;
const VERIFY_MAX_WAITING = 32;
const MAX_REMEMBERED_WRONG = 1_000;

/** The decision on a delivery's credential, for the delivery pipeline. */
export type AuthVerdict =
  | { ok: true }
  | {
      ok: false;
      code: Extract<
        PortalCode,
        'SECRET_NOT_CONFIGURED' | 'AUTH_REQUIRED' | 'INVALID_CREDENTIALS' | 'TOO_MANY_AUTH_FAILURES' | 'AUTH_BUSY'
      >;
      /** For `Retry-After` (429 and 503 AUTH_BUSY). */
      retryAfterSeconds?: number;
      /**
       * On 429: the count-th throttled request of this address in its throttling window; write
       * one delivery-log row when `first`, not one per request.
       */
      throttled?: { first: boolean; count: number };
    };

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

/** The secret hashes in force: the current one, and the previous one during its grace period. */
const hashesOf = (settings: EffectiveSettings): string[] =>
  [settings.secret?.hash, settings.previousSecret?.hash].filter((hash): hash is string => Boolean(hash));

/** What a verdict is remembered by: the hashes in force and a digest of the password, never the password. */
const verdictKey = (hashes: string[], password: string): string =>
  createHash('sha256').update(hashes.join('\n')).update('\0').update(password).digest('base64');

/** What the password that matched a hash is known by in this process: a digest, never the password. */
const matchDigest = (hash: string, password: string): Buffer =>
  createHash('sha256').update(hash).update('\0').update(password).digest();

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const verifier = createCredentialVerifier({
    concurrency: VERIFY_CONCURRENCY,
    maxWaiting: VERIFY_MAX_WAITING,
    maxRememberedWrong: MAX_REMEMBERED_WRONG,
  });
  /**
   * For each secret hash a password was seen to match: that password's digest. A hash matches
   * one password only, so once every hash in force has its digest, any other password is
   * wrong, known without scrypt: a flood of new wrong passwords then costs a digest each, and
   * the portal's first delivery after a boot is what teaches it.
   */
  const matched = new Map<string, Buffer>();

  const matchesAnyHash = async (password: string, hashes: string[]): Promise<boolean> => {
    for (const hash of hashes) {
      if (await verifySecret(password, hash)) {
        matched.set(hash, matchDigest(hash, password));
        return true;
      }
    }
    return false;
  };

  /** The verdict the matched digests give, or undefined while a hash in force has none. */
  const knownByDigests = (password: string, hashes: string[]): boolean | undefined => {
    for (const hash of matched.keys()) if (!hashes.includes(hash)) matched.delete(hash);
    let everyHashKnown = hashes.length > 0;
    for (const hash of hashes) {
      const digest = matched.get(hash);
      if (!digest) everyHashKnown = false;
      else if (timingSafeEqual(digest, matchDigest(hash, password))) return true;
    }
    return everyHashKnown ? false : undefined;
  };

  // made on first use, and again if the config changes at run time (`strapi.config.set`)
  let braking: { limit: number; windowSeconds: number; brake: Brake } | null = null;
  const brake = (): Brake => {
    const { authFailureLimit: limit, authFailureWindowSeconds: windowSeconds } = getPluginConfig(strapi);
    if (braking?.limit !== limit || braking.windowSeconds !== windowSeconds) {
      braking = { limit, windowSeconds, brake: createBrake({ limit, windowMs: windowSeconds * 1000 }) };
    }
    return braking.brake;
  };

  const settingsNow = () => getService(strapi, 'settings').current();

  /** The verdict of a credential that took no slot: a wrong one takes one now, or is throttled. */
  const lateVerdict = (right: boolean, ip: string): AuthVerdict => {
    if (right) return { ok: true };
    return settle(brake().reserve(ip), false);
  };

  const settle = (slot: ReturnType<Brake['reserve']>, right: boolean): AuthVerdict => {
    if (slot.throttled) {
      const { retryAfterSeconds, first, count } = slot;
      return { ok: false, code: 'TOO_MANY_AUTH_FAILURES', retryAfterSeconds, throttled: { first, count } };
    }
    if (right) slot.release();
    else slot.fail();
    return right ? { ok: true } : { ok: false, code: 'INVALID_CREDENTIALS' };
  };

  /** The password against the stored hashes, within the brake's slot the caller took. */
  const checkStored = async (
    slot: BrakeSlot,
    username: boolean,
    password: string,
    settings: EffectiveSettings,
    ip: string
  ): Promise<AuthVerdict> => {
    const hashes = hashesOf(settings);
    const key = verdictKey(hashes, password);
    const known = knownByDigests(password, hashes) ?? verifier.known(key);
    if (known !== undefined) return settle(slot, username && known);

    const shared = verifier.inFlight(key);
    if (shared) {
      // the same credential is being checked (the portal's simultaneous first deliveries):
      // wait for that verdict without holding a slot, so they never throttle each other
      slot.release();
      return lateVerdict(username && (await shared), ip);
    }

    const verdict = verifier.verify(key, () => matchesAnyHash(password, hashes));
    if (!verdict) {
      slot.release();
      return { ok: false, code: 'AUTH_BUSY', retryAfterSeconds: verifier.retryAfterSeconds() };
    }
    try {
      return settle(slot, username && (await verdict));
    } catch (error) {
      slot.release();
      throw error;
    }
  };

  return {
    async isConfigured(): Promise<boolean> {
      return (await settingsNow()).credentialSource !== 'none';
    },

    /**
     * The one call of the delivery pipeline: the `Authorization` header of a delivery against the
     * user name and the secret in force (or the previous one, during its grace period) of the
     * settings the pipeline read, braked per client address (`clientAddressOf`, never `ctx.ip`).
     */
    async authenticate(authorization: string | undefined, ip: string, settings: EffectiveSettings): Promise<AuthVerdict> {
      if (settings.credentialSource === 'none') return { ok: false, code: 'SECRET_NOT_CONFIGURED' };

      // taken before anything is awaited: simultaneous guesses cannot all pass a check of the count
      const slot = brake().reserve(ip);
      if (slot.throttled) return settle(slot, false);

      const credentials = parseBasic(authorization);
      if (!credentials) {
        slot.fail();
        return { ok: false, code: 'AUTH_REQUIRED' };
      }
      // both are evaluated, so the time taken does not tell which one was wrong
      const username = safeEqual(credentials.username, settings.username);
      if (settings.configSecret !== null)
        return settle(slot, [username, safeEqual(credentials.password, settings.configSecret)].every(Boolean));
      return checkStored(slot, username, credentials.password, settings, ip);
    },

    /**
     * Whether `password` is the secret in force (or the previous one, during its grace period):
     * a config secret compared in constant time, a stored one against its scrypt hashes. For the
     * homologation runner, which signs with the secret an admin typed: not a delivery, so nothing
     * is counted and a flood's queue does not turn it away. `settings`: the view the caller read.
     */
    async isSecretInForce(password: string, settings?: EffectiveSettings): Promise<boolean> {
      settings ??= await settingsNow();
      if (settings.configSecret !== null) return safeEqual(password, settings.configSecret);
      const hashes = hashesOf(settings);
      const key = verdictKey(hashes, password);
      return (
        knownByDigests(password, hashes) ??
        verifier.known(key) ??
        (await verifier.verify(key, () => matchesAnyHash(password, hashes), { bounded: false })) ??
        false
      );
    },

    /**
     * Forgets the latest failed credential of `ip` in this process: the homologation runner's
     * deliberate wrong credential, which must not bring its address (or a proxy's) to 429.
     */
    forgetFailure(ip: string): void {
      brake().forgetLatestFailure(ip);
    },
  };
};
