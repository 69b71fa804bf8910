import type { Core } from '@strapi/strapi';

/** A connection or a transaction: what runs a statement on SQLite's one connection. */
interface RawRunner {
  raw(sql: string): PromiseLike<unknown>;
}

const isSqlite = (strapi: Core.Strapi): boolean => strapi.db.dialect.client === 'sqlite';

const SECURE_DELETE = 'PRAGMA secure_delete = ON';

/** knex's pool (tarn): it tells when it opened a connection, better-sqlite3's native one. */
interface ConnectionPool {
  on?(event: 'createSuccess', listener: (eventId: number, connection: { pragma?(source: string): unknown }) => void): void;
}

/**
 * SQLite keeps deleted and overwritten values in free pages and free space inside pages until
 * they are reused; `secure_delete` overwrites them with zeros as they are freed, so that an
 * erased lead is gone from the file, not only from the tables. It is a setting of a connection:
 * set on the open one, on any the pool opens later, and again by each erasure on its own
 * transaction. Nothing on PostgreSQL or MariaDB.
 */
export const enableSecureDelete = async (strapi: Core.Strapi, runner?: RawRunner): Promise<void> => {
  if (!isSqlite(strapi)) return;
  if (runner) {
    await runner.raw(SECURE_DELETE);
    return;
  }
  await strapi.db.connection.raw(SECURE_DELETE);
  const pool = (strapi.db.connection.client as { pool?: ConnectionPool }).pool;
  pool?.on?.('createSuccess', (_eventId, connection) => connection.pragma?.('secure_delete = ON'));
};

interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

/**
 * After an erasure, the write-ahead log still holds the pages as they were before it: copied
 * into the database file and truncated to nothing. Never fails the erasure (it is committed);
 * a failure is logged, without any personal data, and the next checkpoint does the same.
 */
export const checkpointAfterErasure = async (strapi: Core.Strapi): Promise<void> => {
  if (!isSqlite(strapi)) return;
  try {
    const rows = (await strapi.db.connection.raw('PRAGMA wal_checkpoint(TRUNCATE)')) as CheckpointResult[];
    if (rows[0]?.busy) {
      strapi.log.warn('[grupozap] privacy: the SQLite write-ahead log was busy after an erasure; the erased values leave it at its next checkpoint.');
    }
  } catch (error) {
    const { code, name } = error as { code?: string; name?: string };
    strapi.log.warn(`[grupozap] privacy: the SQLite write-ahead log could not be checkpointed after an erasure (${code ?? name ?? 'error'}).`);
  }
};
