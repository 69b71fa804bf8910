import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { createRows } from '../utils/row-writes';

/** Rows kept at most while the database refuses them; beyond, the oldest are dropped (and said so). */
const MAX_ROWS = 5_000;
/** A bound on memory too: bodies are dropped first from the rows kept, before rows are. */
const MAX_BODY_CHARS = 16 * 1024 * 1024;
const RETRY_MS = 5_000;

type Row = Record<string, unknown>;

const bodyChars = (row: Row): number =>
  (typeof row.body === 'string' ? row.body.length : 0) + (typeof row.rawBase64 === 'string' ? row.rawBase64.length : 0);

/**
 * Delivery-log rows the database refused (it is down, say), kept in this process and written,
 * in their order and with their own times, once it takes them again: an outage's 503s then show
 * in the delivery log and count toward its alerts like any refusal. Bounded; a restart loses
 * what it holds (the log line of each refusal says so).
 */
export const createLogSpool = (strapi: Core.Strapi, onWritten: (count: number) => void) => {
  const rows: Row[] = [];
  let chars = 0;
  let dropped = 0;
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> | null = null;

  const schedule = () => {
    if (timer || rows.length === 0) return;
    timer = setTimeout(() => {
      timer = null;
      void spool.flush();
    }, RETRY_MS);
    timer.unref();
  };

  const spool = {
    get size(): number {
      return rows.length;
    },

    keep(row: Row): void {
      rows.push(row);
      chars += bodyChars(row);
      for (let index = 0; chars > MAX_BODY_CHARS && index < rows.length; index += 1) {
        chars -= bodyChars(rows[index]);
        rows[index] = { ...rows[index], body: null, rawBase64: null, signature: null };
      }
      while (rows.length > MAX_ROWS) {
        chars -= bodyChars(rows.shift() as Row);
        dropped += 1;
      }
      schedule();
    },

    /** Writes what is kept, oldest first; stops at the first refusal and tries again later. */
    flush(): Promise<void> {
      flushing ??= (async () => {
        try {
          while (rows.length) {
            const batch = rows.slice(0, 100);
            await createRows(strapi, UID.delivery, batch);
            rows.splice(0, batch.length);
            chars -= batch.reduce((sum, row) => sum + bodyChars(row), 0);
            onWritten(batch.length);
          }
          if (dropped) {
            strapi.log.error(`[grupozap] delivery log: ${dropped} rows were dropped while the database was unreachable`);
            dropped = 0;
          }
        } catch {
          schedule();
        } finally {
          flushing = null;
        }
      })();
      return flushing;
    },

    stop(): void {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
  return spool;
};

export type LogSpool = ReturnType<typeof createLogSpool>;
