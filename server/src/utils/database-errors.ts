import type { Knex } from 'knex';

/**
 * Errors worth trying the same write again for: the database chose this transaction as a
 * deadlock victim, or was busy. Strapi hands the driver's error through, so its codes are read.
 */
const TRANSIENT_CODES = new Set<string | number>([
  '40001', // PostgreSQL serialization_failure
  '40P01', // PostgreSQL deadlock_detected
  'ER_LOCK_DEADLOCK',
  1213,
  'ER_LOCK_WAIT_TIMEOUT',
  1205,
  'SQLITE_BUSY',
  'SQLITE_BUSY_SNAPSHOT',
  'SQLITE_LOCKED',
]);

export const isTransientDatabaseError = (error: unknown): boolean => {
  let current: unknown = error;
  for (let depth = 0; depth < 3 && current instanceof Error; depth += 1) {
    const { code, errno } = current as { code?: string; errno?: number };
    if ((code !== undefined && TRANSIENT_CODES.has(code)) || (errno !== undefined && TRANSIENT_CODES.has(errno))) {
      return true;
    }
    current = current.cause;
  }
  return false;
};

/** A short wait, longer at each attempt and a little random, so that two victims do not collide again at once. */
export const pauseBeforeRetry = (attempt: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, 10 * attempt + Math.random() * 20));

/**
 * Runs `transaction` (a whole transaction of its own), again when the database gave up on it (a
 * deadlock's victim, a busy database), `attempts` times at most. MariaDB/MySQL's row locks make
 * deadlocks a normal event under concurrent writers; its manual asks the application to retry.
 */
export const retryingTransient = async <T>(transaction: () => Promise<T>, attempts = 5): Promise<T> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await transaction();
    } catch (error) {
      if (attempt >= attempts || !isTransientDatabaseError(error)) throw error;
      await pauseBeforeRetry(attempt);
    }
  }
};

/**
 * A boot's DDL transaction (making triggers), tried again when PostgreSQL gives up on it in a
 * deadlock with another instance's CREATE INDEX CONCURRENTLY on the same table. That build waits
 * for older transactions once per phase, so the same transaction may be its victim more than once.
 */
export const ddlTransaction = <T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> =>
  retryingTransient(() => knex.transaction(work), 10);
