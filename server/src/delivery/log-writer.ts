import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { retryingTransient } from '../utils/database-errors';
import { insertRows } from '../utils/row-writes';

/** Rows one INSERT takes at most (a few hundred kilobytes of bodies, and far below any bind limit). */
const MAX_GROUP = 100;
/** Tries of an INSERT that the database gave up on (a deadlock's victim, a busy SQLite). */
const ATTEMPTS = 3;

type Row = Record<string, unknown>;

interface Waiting {
  row: Row;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit of the delivery-log rows of deliveries that stored nothing (refusals, mostly).
 * While one INSERT is under way, the rows that arrive wait; the next INSERT takes them all. A
 * flood of refused requests then costs a few statements, not one each: on SQLite's single
 * connection (and a small pool elsewhere) the portal's leads no longer queue behind a thousand
 * refusal rows. Each caller learns when its own row is committed, or that it was not.
 *
 * A group that fails is written again row by row, so one row's problem is its caller's alone; an INSERT
 * that the database gave up on (a deadlock's victim) is tried again first.
 */
export const createLogWriter = (strapi: Core.Strapi) => {
  const waiting: Waiting[] = [];
  let writing = false;

  const insert = (rows: Row[]) => retryingTransient(() => insertRows(strapi, UID.delivery, rows), ATTEMPTS);

  const writeOneByOne = async (group: Waiting[]) => {
    for (const entry of group) {
      try {
        await insert([entry.row]);
        entry.resolve();
      } catch (error) {
        entry.reject(error);
      }
    }
  };

  const drain = async () => {
    writing = true;
    try {
      while (waiting.length) {
        const group = waiting.splice(0, MAX_GROUP);
        try {
          await insert(group.map((entry) => entry.row));
          for (const entry of group) entry.resolve();
        } catch (error) {
          if (group.length === 1) group[0].reject(error);
          else await writeOneByOne(group);
        }
      }
    } finally {
      writing = false;
    }
  };

  return {
    /** Resolves once the row is committed; rejects with the database's error when it is not. */
    write(row: Row): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        waiting.push({ row, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
};

export type LogWriter = ReturnType<typeof createLogWriter>;
