/**
 * Projects: `unit` (pure logic) and the API suite once per database. `npm test` (tests/run.js)
 * picks the databases this machine has; `npx jest` alone runs them all.
 */
const transform = { '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

const apiProject = (db) => ({
  displayName: db,
  testEnvironment: 'node',
  transform,
  testMatch: ['<rootDir>/tests/api/**/*.test.ts'],
  setupFiles: [`<rootDir>/tests/helpers/use-${db}.js`],
});

module.exports = {
  // a Strapi boot on PostgreSQL or MariaDB, plus the concurrency tests, take seconds
  testTimeout: 60_000,
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
  ],
};
