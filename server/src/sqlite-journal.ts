import type { Core } from '@strapi/strapi';

/** The one setting to add to config/database.js, under `connection` of the sqlite client. */
export const WAL_FIX =
  "pool: { afterCreate: (connection, done) => { connection.pragma('journal_mode = WAL'); connection.pragma('synchronous = NORMAL'); done(null, connection); } }";

/**
 * On SQLite's default rollback journal every commit writes the journal and the database file and
 * waits for both on disk, and readers wait for the writer: the lead route's leads and the inbox
 * queue behind each other. Strapi's SQLite config does not change it, and a plugin should not
 * switch the journal mode of an app's database behind its back (it is kept in the file), so the
 * boot says what to add. Null when there is nothing to say: another database, WAL already, or a
 * database in memory.
 */
export const sqliteJournalAdvice = async (strapi: Core.Strapi): Promise<string | null> => {
  if (strapi.db.dialect.client !== 'sqlite') return null;
  const rows = (await strapi.db.connection.raw('PRAGMA journal_mode')) as Array<{ journal_mode?: string }>;
  const mode = String(rows[0]?.journal_mode ?? '').toLowerCase();
  if (mode === 'wal' || mode === 'memory' || mode === '') return null;
  return [
    `[grupozap] SQLite runs with journal_mode=${mode}: each lead is a commit that waits for two writes to disk, and the inbox waits for it.`,
    'With WAL the plugin\'s benchmark stored about twice the leads a second at half the p99 (docs/scaling.md, "SQLite\'s journal mode").',
    `Add to config/database.js, beside the sqlite client's connection: ${WAL_FIX}`,
  ].join(' ');
};
