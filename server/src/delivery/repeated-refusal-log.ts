import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import type { PortalCode } from './answers';

const FLUSH_MS = 2_000;
/** How long the requests of one address turned away as AUTH_BUSY share a row. */
const BUSY_WINDOW_MS = 60_000;
/** Addresses whose busy window is remembered at most (the oldest forgotten first). */
const MAX_BUSY_ADDRESSES = 10_000;

/** The refusals that a flood repeats, counted on one row per address and window. */
export type RepeatedRefusalCode = Extract<PortalCode, 'TOO_MANY_AUTH_FAILURES' | 'AUTH_BUSY'>;

const keyOf = (code: RepeatedRefusalCode, ip: string) => `${code} ${ip}`;

/**
 * Refusals that a flood repeats share one delivery-log row per address and window: the
 * window's first is written as any refusal, and the `attempts` of that row is brought up to the
 * count at most every two seconds. A flood costs a few UPDATEs, not a row each.
 * - TOO_MANY_AUTH_FAILURES: the window and count are the brake's;
 * - AUTH_BUSY (the credential checks are saturated): a minute per address, counted here.
 */
export const createRepeatedRefusalLog = (strapi: Core.Strapi, now: () => number = Date.now) => {
  const counts = new Map<string, { code: RepeatedRefusalCode; ip: string; attempts: number }>();
  const busyWindows = new Map<string, { until: number; count: number }>();
  let timer: NodeJS.Timeout | null = null;

  const flush = async (): Promise<void> => {
    timer = null;
    const pending = [...counts.values()];
    counts.clear();
    for (const { code, ip, attempts } of pending) {
      try {
        const row = await strapi.db.query(UID.delivery).findOne({ where: { ip, code }, orderBy: { id: 'desc' }, select: ['id'] });
        if (row) await strapi.db.query(UID.delivery).update({ where: { id: row.id }, data: { attempts }, select: ['id'] });
      } catch (error) {
        strapi.log.warn(`[grupozap] repeated ${code} refusals of ${ip} not counted: ${(error as Error).message}`);
      }
    }
  };

  const log = {
    /** `count`: the refusals of `ip` with `code` in the current window, the first one included. */
    note(code: RepeatedRefusalCode, ip: string, count: number): void {
      counts.set(keyOf(code, ip), { code, ip, attempts: count });
      if (timer) return;
      timer = setTimeout(() => void flush(), FLUSH_MS);
      timer.unref();
    },

    /** An AUTH_BUSY answer to `ip`: whether it is its window's first (then it gets a row of its own). */
    busy(ip: string): { first: boolean; count: number } {
      const at = now();
      const window = busyWindows.get(ip);
      if (window && window.until > at) {
        window.count += 1;
        return { first: false, count: window.count };
      }
      busyWindows.delete(ip);
      busyWindows.set(ip, { until: at + BUSY_WINDOW_MS, count: 1 });
      if (busyWindows.size > MAX_BUSY_ADDRESSES) busyWindows.delete(busyWindows.keys().next().value as string);
      return { first: true, count: 1 };
    },

    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
  return log;
};
