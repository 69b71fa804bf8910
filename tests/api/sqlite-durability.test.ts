import { sqliteDurabilityAdvice, SYNCHRONOUS_FIX } from '../../server/src/sqlite-durability';
import { restartTestApp, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * The boot's advice on SQLite's durability: an app whose commits may return before they are on
 * disk (synchronous below FULL; better-sqlite3 opens WAL at NORMAL) is told the one setting to
 * add; one at FULL, whatever its journal, hears nothing (nor do PostgreSQL and MariaDB: the
 * advice's first check, and so this file runs on SQLite only, see jest.config.js).
 */
let app: TestApp;

afterAll(async () => {
  await app?.stop();
});

const pragma = async (name: string) => Object.values(((await app.strapi.db.connection.raw(`PRAGMA ${name}`)) as object[])[0])[0];

it("tells an app in WAL at better-sqlite3's NORMAL the exact setting to add, and the setting works", async () => {
  // WAL and nothing else, as an app that switched its journal alone (and as the suite runs)
  app = await startTestApp({ env: { DATABASE_SQLITE_JOURNAL: 'wal', DATABASE_SQLITE_SYNCHRONOUS: 'NORMAL' } });
  expect(await pragma('synchronous')).toBe(1);
  const advice = await sqliteDurabilityAdvice(app.strapi);
  expect(advice).toContain('journal_mode=wal and synchronous=NORMAL');
  expect(advice).toContain('may roll back after a power loss');
  expect(advice).toContain(
    `Add to config/database.js, beside the sqlite client's connection (or to its afterCreate): ${SYNCHRONOUS_FIX}`
  );

  // the advice's own setting, as the playground's config has it: every commit on disk, nothing said
  expect(SYNCHRONOUS_FIX).toContain("connection.pragma('synchronous = FULL')");
  app = await restartTestApp(app, { env: { DATABASE_SQLITE_JOURNAL: 'wal', DATABASE_SQLITE_SYNCHRONOUS: 'FULL' } });
  expect(await pragma('journal_mode')).toBe('wal');
  expect(await pragma('synchronous')).toBe(2);
  expect(await sqliteDurabilityAdvice(app.strapi)).toBeNull();
});

it("says nothing on SQLite's default rollback journal, and warns there too below FULL", async () => {
  // a Strapi app that sets nothing: every commit on disk before it returns
  app = await restartTestApp(app, { env: { DATABASE_SQLITE_JOURNAL: 'delete', DATABASE_SQLITE_SYNCHRONOUS: 'FULL' } });
  expect(await pragma('journal_mode')).toBe('delete');
  expect(await sqliteDurabilityAdvice(app.strapi)).toBeNull();

  app = await restartTestApp(app, { env: { DATABASE_SQLITE_JOURNAL: 'delete', DATABASE_SQLITE_SYNCHRONOUS: 'NORMAL' } });
  expect(await sqliteDurabilityAdvice(app.strapi)).toContain('journal_mode=delete and synchronous=NORMAL:');
});
