import type { Core } from '@strapi/strapi';

/** The one setting to add to config/database.js, beside the sqlite client's `connection`. */
export const SYNCHRONOUS_FIX =
  "pool: { afterCreate: (connection, done) => { connection.pragma('synchronous = FULL'); done(null, connection); } }";

/** `PRAGMA synchronous`'s values, by number. */
const SYNCHRONOUS = ['OFF', 'NORMAL', 'FULL', 'EXTRA'] as const;
const FULL = SYNCHRONOUS.indexOf('FULL');

/**
 * What the boot says about SQLite's durability, or null when there is nothing to say (another
 * database, a database in memory, every commit on disk before it returns).
 *
 * Below `synchronous = FULL` a commit may return before it is on disk: after a power loss or a
 * crash of the machine (not of Node) the last commits roll back, and a lead answered 201 in one of
 * them is lost, for the portal does not send a stored lead again. better-sqlite3 opens a WAL
 * database at NORMAL, so an app that switched to WAL alone is there without knowing. The plugin
 * does not change the app's connection behind its back: the boot says what to add.
 */
export const sqliteDurabilityAdvice = async (strapi: Core.Strapi): Promise<string | null> => {
  if (strapi.db.dialect.client !== 'sqlite') return null;
  const connection = strapi.db.connection;
  const [{ journal_mode: journalMode }] = (await connection.raw('PRAGMA journal_mode')) as Array<{ journal_mode: string }>;
  const journal = String(journalMode).toLowerCase();
  if (journal === 'memory') return null;
  const [row] = (await connection.raw('PRAGMA synchronous')) as Array<{ synchronous: number }>;
  const synchronous = Number(row.synchronous);
  if (synchronous >= FULL) return null;
  return [
    `[grupozap] SQLite runs with journal_mode=${journal} and synchronous=${SYNCHRONOUS[synchronous] ?? synchronous}${journal === 'wal' ? " (better-sqlite3's default in WAL)" : ''}:`,
    'a lead answered 201 may roll back after a power loss or a crash of the machine, and the portal does not send it again.',
    `Add to config/database.js, beside the sqlite client's connection (or to its afterCreate): ${SYNCHRONOUS_FIX}`,
  ].join(' ');
};
