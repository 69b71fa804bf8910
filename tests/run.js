#!/usr/bin/env node
'use strict';

/**
 * `npm test`: the unit tests and the API suite on SQLite always; on PostgreSQL and MariaDB when
 * their servers answer (said loudly when one does not); then the admin in headless Chromium (the
 * `browser` project, when Debian's chromium is installed); then the packed tarball installed into
 * a fresh Strapi app. With CI=true a missing database server or Chromium is a failure, not a skip.
 * Extra arguments go to jest (e.g. `npm test -- -t idempotency`).
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { Client } = require('pg');
const mysql = require('mysql2/promise');

const root = path.join(__dirname, '..');
const required = process.env.CI === 'true' || process.env.CI === '1';
const jestArgs = process.argv.slice(2);
const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const servers = [
  {
    project: 'postgres',
    label: `PostgreSQL at ${process.env.PGHOST || '127.0.0.1'}:${process.env.PGPORT || 5432}`,
    async ping() {
      const client = new Client({
        host: process.env.PGHOST || '127.0.0.1',
        port: Number(process.env.PGPORT || 5432),
        user: process.env.PGUSER || 'postgres',
        password: process.env.PGPASSWORD || '',
        database: process.env.PGDATABASE || 'test',
        connectionTimeoutMillis: 3000,
      });
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
    },
  },
  {
    project: 'mysql',
    label: `MariaDB/MySQL at ${process.env.MYSQL_HOST || '127.0.0.1'}:${process.env.MYSQL_PORT || 3306}`,
    async ping() {
      const connection = await mysql.createConnection({
        host: process.env.MYSQL_HOST || '127.0.0.1',
        port: Number(process.env.MYSQL_PORT || 3306),
        user: process.env.MYSQL_USER || 'root',
        password: process.env.MYSQL_PASSWORD || '',
        database: process.env.MYSQL_DATABASE || 'test',
        connectTimeout: 3000,
      });
      await connection.query('SELECT 1');
      await connection.end();
    },
  },
];

const banner = (lines) => {
  const width = Math.max(...lines.map((line) => line.length)) + 4;
  const bar = '!'.repeat(width);
  console.warn(['', bar, ...lines.map((line) => `! ${line.padEnd(width - 4)} !`), bar, ''].join('\n'));
};

/** Runs a phase of the suite, says how long it took, and gives its exit status. */
const run = (label, command, args) => {
  const started = Date.now();
  const status = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: process.env }).status ?? 1;
  console.log(`test: ${label} took ${Math.round((Date.now() - started) / 1000)} s (exit ${status})`);
  return status;
};

(async () => {
  const projects = ['unit', 'sqlite'];
  const skipped = [];
  for (const server of servers) {
    try {
      await server.ping();
      projects.push(server.project);
    } catch (error) {
      skipped.push(`${server.label}: ${error.message}`);
    }
  }

  if (skipped.length) {
    banner([
      required ? 'DATABASE SERVER MISSING (CI requires all three):' : 'SKIPPED: the API suite will NOT run on',
      ...skipped,
      'Start the server(s) to test on every database the plugin supports.',
    ]);
    if (required) process.exit(1);
  }

  const hasChromium = fs.existsSync(chromiumPath);
  if (!hasChromium) {
    const missing = `the browser tests (admin in headless Chromium): no ${chromiumPath}`;
    banner([
      required ? 'CHROMIUM MISSING (CI requires the browser tests):' : 'SKIPPED: the browser tests will NOT run:',
      missing,
      'Install Debian chromium (apt-get install chromium) or set CHROMIUM_PATH.',
    ]);
    if (required) process.exit(1);
    skipped.push(missing);
  }

  const jestStatus = run(`jest ${projects.join(', ')}`, process.execPath, [
    require.resolve('jest/bin/jest'),
    '--maxWorkers=2',
    '--selectProjects',
    ...projects,
    ...jestArgs,
  ]);
  if (jestStatus !== 0) process.exit(jestStatus);

  // after the others, alone: it builds the playground admin (unless current) and runs Chromium
  if (hasChromium) {
    const browserStatus = run('jest browser', process.execPath, [
      require.resolve('jest/bin/jest'),
      '--selectProjects',
      'browser',
      '--passWithNoTests',
      ...jestArgs,
    ]);
    if (browserStatus !== 0) process.exit(browserStatus);
  }

  // a focused run (`npm test -- -t …`) skips the slow packaging check
  if (jestArgs.length === 0) {
    const packageStatus = run('the package test', process.execPath, [path.join(__dirname, 'package', 'install-tarball.js')]);
    if (packageStatus !== 0) process.exit(packageStatus);
  }

  if (skipped.length) banner(['REMINDER: skipped:', ...skipped]);
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
