import { sqliteJournalAdvice, WAL_FIX } from '../../server/src/sqlite-journal';
import { restartTestApp, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * The boot's advice on SQLite's journal mode: an app on the default rollback journal is told the
 * one setting to add; one on WAL hears nothing (nor do PostgreSQL and MariaDB: the advice's first
 * check, and so this file runs on SQLite only, see jest.config.js).
 */
let app: TestApp;

afterAll(async () => {
  await app?.stop();
});

it('tells an app on the rollback journal the exact setting to add, and the setting works', async () => {
  app = await startTestApp({ env: { DATABASE_SQLITE_JOURNAL: 'delete' } });
  const advice = await sqliteJournalAdvice(app.strapi);
  expect(advice).toContain('journal_mode=delete');
  expect(advice).toContain(`Add to config/database.js, beside the sqlite client's connection: ${WAL_FIX}`);

  // the advice's own setting, as the playground's config has it: WAL, and nothing said
  app = await restartTestApp(app, { env: { DATABASE_SQLITE_JOURNAL: 'wal' } });
  expect(await sqliteJournalAdvice(app.strapi)).toBeNull();
  const [{ journal_mode: mode }] = (await app.strapi.db.connection.raw('PRAGMA journal_mode')) as Array<{ journal_mode: string }>;
  expect(mode).toBe('wal');
});
