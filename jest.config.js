/**
 * Projects: `unit` (pure logic), the API suite once per database, and `browser` (the admin in
 * headless Chromium, SQLite only). `npm test` (tests/run.js) picks the databases this machine has
 * and runs `browser` last when Chromium is installed; `npx jest` alone runs them all.
 */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

/**
 * API files whose subject does not depend on the database kind (what the plugin logs, e-mails,
 * sends to webhooks, escapes in a CSV, validates in its config, or what the simulator and the
 * homologation runner do over HTTP): they run on SQLite only. Every file that stores, queries,
 * counts, locks, migrates or erases runs on all three databases.
 */
const DATABASE_AGNOSTIC = [
  'advertiser-integration-url',
  'csv-injection',
  'homologation',
  'notifications',
  'playground-demo',
  'plugin-config',
  'request-logs',
  'retention-while-delivering',
  'settings',
  'simulator',
  'sqlite-durability',
  'webhooks',
];

const apiProject = (db) => ({
  displayName: db,
  testEnvironment: '<rootDir>/tests/helpers/strapi-environment.js',
  transform,
  testMatch: ['<rootDir>/tests/api/**/*.test.ts'],
  testPathIgnorePatterns:
    db === 'sqlite'
      ? ['/node_modules/']
      : ['/node_modules/', ...DATABASE_AGNOSTIC.map((name) => `/tests/api/${name}\\.test\\.ts$`)],
  setupFiles: [`<rootDir>/tests/helpers/use-${db}.js`],
});

module.exports = {
  // a Strapi boot on PostgreSQL or MariaDB, plus the concurrency tests, take seconds
  testTimeout: 60_000,
  // each API file boots a Strapi in the worker and not all of it is ever collected: a worker that
  // has grown past this is replaced before its next file (at 2 GB, collection took half the CPU)
  workerIdleMemoryLimit: '800MB',
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/unit/**/*.test.ts'],
    },
    apiProject('sqlite'),
    apiProject('postgres'),
    apiProject('mysql'),
    {
      // builds the playground admin once per run (skipped while current), then one Strapi
      // process and one Chromium per test file, files one at a time (serial-runner)
      displayName: 'browser',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/tests/browser/**/*.test.ts'],
      setupFiles: ['<rootDir>/tests/helpers/use-sqlite.js'],
      setupFilesAfterEnv: ['<rootDir>/tests/browser/helpers/setup-after-env.ts'],
      globalSetup: '<rootDir>/tests/browser/helpers/global-setup.ts',
      runner: '<rootDir>/tests/browser/helpers/serial-runner.js',
    },
  ],
};
