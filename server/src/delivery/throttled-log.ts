import type { Core } from '@strapi/strapi';
import { UID } from '../constants';

const FLUSH_MS = 2_000;

/**
 * Throttled requests of one address within one brake window share one delivery-log row: the
 * window's first is written as any refusal, and the `attempts` of that row is brought up to the
 * brake's count at most every two seconds. A flood of guesses costs a few UPDATEs, not a row each.
 */
export const createThrottledLog = (strapi: Core.Strapi) => {
  const counts = new Map<string, number>();
  let timer: NodeJS.Timeout | null = null;

  const flush = async (): Promise<void> => {
    timer = null;
    const pending = [...counts];
    counts.clear();
    for (const [ip, attempts] of pending) {
      try {
        const row = await strapi.db.query(UID.delivery).findOne({
          where: { ip, code: 'TOO_MANY_AUTH_FAILURES' },
          orderBy: { id: 'desc' },
          select: ['id'],
        });
        if (row) await strapi.db.query(UID.delivery).update({ where: { id: row.id }, data: { attempts }, select: ['id'] });
      } catch (error) {
        strapi.log.warn(`[grupozap] throttled attempts of ${ip} not counted: ${(error as Error).message}`);
      }
    }
  };

  return {
    /** `count`: the throttled requests of `ip` in the current window, the first one included. */
    note(ip: string, count: number): void {
      counts.set(ip, count);
      if (timer) return;
      timer = setTimeout(() => void flush(), FLUSH_MS);
      timer.unref();
    },

    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
};
