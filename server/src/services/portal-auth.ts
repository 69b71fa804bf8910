import { createHash, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { PortalCode } from '../answers';
import { getPluginConfig } from '../utils/plugin-config';

const MAX_TRACKED_IPS = 10_000;

export type CredentialCheck = { ok: true } | { ok: false; code: PortalCode };

/** Equal-time comparison of two strings of any length (hashing first equalizes the length). */
const safeEqual = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

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

  const recentFailures = (ip: string, now: number): number[] => {
    const { authFailureWindowSeconds } = getPluginConfig(strapi);
    const since = now - authFailureWindowSeconds * 1000;
    const times = (failures.get(ip) ?? []).filter((time) => time > since);
    if (times.length) failures.set(ip, times);
    else failures.delete(ip);
    return times;
  };

  return {
    isConfigured(): boolean {
      return Boolean(getPluginConfig(strapi).secretKey);
    },

    isThrottled(ip: string, now = Date.now()): boolean {
      return recentFailures(ip, now).length >= getPluginConfig(strapi).authFailureLimit;
    },

    /** Checks an `Authorization` header against `username:secretKey`, counting failures per IP. */
    check(authorization: string | undefined, ip: string, now = Date.now()): CredentialCheck {
      const { username, secretKey } = getPluginConfig(strapi);
      const credentials = parseBasic(authorization);
      const ok =
        credentials !== null &&
        secretKey !== null &&
        // evaluate both, so the time taken does not tell which one was wrong
        [safeEqual(credentials.username, username), safeEqual(credentials.password, secretKey)].every(Boolean);
      if (ok) return { ok: true };

      const times = recentFailures(ip, now);
      times.push(now);
      failures.delete(ip);
      failures.set(ip, times);
      // a flood of addresses must not grow the map without end: forget the stalest
      if (failures.size > MAX_TRACKED_IPS) failures.delete(failures.keys().next().value as string);
      return { ok: false, code: credentials ? 'INVALID_CREDENTIALS' : 'AUTH_REQUIRED' };
    },
  };
};
