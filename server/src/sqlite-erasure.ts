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

/** better-sqlite3's connection, as knex's client lends it. */
interface NativeSqlite {
  pragma(source: string, options?: { simple: boolean }): unknown;
}

interface KnexClient {
  acquireConnection(): Promise<NativeSqlite>;
  releaseConnection(connection: NativeSqlite): Promise<unknown>;
}

/**
 * Copies the write-ahead log into the database file and truncates it to nothing: until then it
 * holds the pages as they were before an erasure. Run after each erasure and by the nightly
 * privacy job (which retries one that could not complete). better-sqlite3 is synchronous, so the
 * checkpoint does not wait for another process's readers (that would stall every request): it
 * is tried once, on the connection held for it. Never fails the caller; a checkpoint that could
 * not complete is logged, without any personal data. Nothing on PostgreSQL or MariaDB.
 */
export const checkpointWal = async (strapi: Core.Strapi): Promise<void> => {
  if (!isSqlite(strapi)) return;
  let busy = false;
  try {
    const client = strapi.db.connection.client as KnexClient;
    const connection = await client.acquireConnection();
    try {
      const timeout = Number(connection.pragma('busy_timeout', { simple: true }));
      connection.pragma('busy_timeout = 0');
      try {
        busy = Boolean((connection.pragma('wal_checkpoint(TRUNCATE)') as CheckpointResult[])[0]?.busy);
      } finally {
        connection.pragma(`busy_timeout = ${Number.isFinite(timeout) ? timeout : 5000}`);
      }
    } finally {
      await client.releaseConnection(connection);
    }
  } catch (error) {
    const { code, name } = error as { code?: string; name?: string };
    strapi.log.warn(
      `[grupozap] privacy: the SQLite write-ahead log could not be checkpointed (${code ?? name ?? 'error'}); the nightly privacy job tries again.`
    );
    return;
  }
  if (busy) {
    strapi.log.warn(
      '[grupozap] privacy: the SQLite write-ahead log is in use by another reader and was not truncated; erased values stay in it until a checkpoint completes (the nightly privacy job tries again).'
    );
  }
};
