import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Client as PgClient } from 'pg';
import mysql from 'mysql2/promise';

export type TestDb = 'sqlite' | 'postgres' | 'mysql';

/** The servers on this machine (and CI's); override with the usual variables elsewhere. */
export const SERVERS = {
  postgres: {
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD ?? '',
    database: process.env.PGDATABASE ?? 'test',
  },
  mysql: {
    host: process.env.MYSQL_HOST ?? '127.0.0.1',
    port: Number(process.env.MYSQL_PORT ?? 3306),
    user: process.env.MYSQL_USER ?? 'root',
    password: process.env.MYSQL_PASSWORD ?? '',
    database: process.env.MYSQL_DATABASE ?? 'test',
  },
};

export interface TestDatabase {
  db: TestDb;
  name: string;
  /** Variables that point playground/config/database.js at this database. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

export const currentTestDb = (): TestDb => {
  const db = process.env.TEST_DB ?? 'sqlite';
  if (db !== 'sqlite' && db !== 'postgres' && db !== 'mysql') throw new Error(`unknown TEST_DB ${db}`);
  return db;
};

const uniqueName = () => `gz_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;

/**
 * How a database commits. A test's need not survive a crash: its commits do not wait for their
 * data on disk (what they see and lock is unchanged) and a boot's hundreds of DDL commits go
 * faster. A benchmark's (`durable`) keeps each database's default, as production has it: a lead
 * answered is on disk.
 */
export interface Durability {
  durable?: boolean;
}

/** The database `name` of the given kind (a file's path for SQLite): its Strapi env and its drop. */
export const testDatabaseNamed = (db: TestDb, name: string, { durable = false }: Durability = {}): TestDatabase => {
  if (db === 'sqlite') {
    return {
      db,
      name,
      // SQLite's default is FULL; NORMAL, with WAL, leaves a commit's fsync to the checkpoint
      env: { DB: 'sqlite', DATABASE_FILENAME: name, ...(durable ? {} : { DATABASE_SQLITE_SYNCHRONOUS: 'NORMAL' }) },
      drop: async () => {
        for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${name}${suffix}`, { force: true });
      },
    };
  }
  const server = SERVERS[db];
  return {
    db,
    name,
    env: {
      DB: db,
      DATABASE_HOST: server.host,
      DATABASE_PORT: String(server.port),
      DATABASE_NAME: name,
      DATABASE_USERNAME: server.user,
      DATABASE_PASSWORD: server.password,
    },
    async drop() {
      if (db === 'postgres') {
        const client = new PgClient(server);
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      } else {
        const client = await mysql.createConnection(server);
        await client.query(`DROP DATABASE IF EXISTS ${name}`);
        await client.end();
      }
    },
  };
};

/** A new, empty database of the given kind, for one Strapi boot (see `Durability`). */
export const createTestDatabase = async (db: TestDb = currentTestDb(), durability: Durability = {}): Promise<TestDatabase> => {
  const name = uniqueName();
  if (db === 'sqlite') {
    // a file, not ':memory:' (which Strapi resolves to a file named so in the working directory)
    return testDatabaseNamed(db, path.join(os.tmpdir(), `${name}.db`), durability);
  }
  if (db === 'postgres') {
    const admin = new PgClient(SERVERS.postgres);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    // commits do not wait for the WAL's flush to disk (MariaDB's flush is a server setting, not a
    // database's: on this machine innodb_flush_log_at_trx_commit = 2, once a second)
    if (!durability.durable) await admin.query(`ALTER DATABASE ${name} SET synchronous_commit = off`);
    await admin.end();
  } else {
    const admin = await mysql.createConnection(SERVERS.mysql);
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await admin.end();
  }
  return testDatabaseNamed(db, name);
};
