const path = require('path');

/**
 * DB=sqlite (default), DB=postgres or DB=mysql (MariaDB/MySQL), with the usual DATABASE_* variables.
 */
module.exports = ({ env }) => {
  const client = env('DB', 'sqlite');
  const connections = {
    sqlite: {
      connection: {
        filename: env('DATABASE_FILENAME', path.join(__dirname, '..', '.tmp', 'data.db')),
      },
      useNullAsDefault: true,
      pool: {
        // WAL: readers do not wait for the writer, and a commit is one append to the log, not writes
        // of the journal and the file. DATABASE_SQLITE_JOURNAL=delete keeps SQLite's default
        // rollback journal (as a Strapi app that does not set it), for `npm run bench`.
        // `synchronous = FULL`: each commit on disk before a lead is answered (better-sqlite3
        // opens WAL at NORMAL, and the plugin's boot warns about it); the tests set
        // DATABASE_SQLITE_SYNCHRONOUS=NORMAL (a commit may roll back after a power loss: no matter
        // for a test's database)
        afterCreate: (connection, done) => {
          connection.pragma(`journal_mode = ${env('DATABASE_SQLITE_JOURNAL', 'wal') === 'delete' ? 'DELETE' : 'WAL'}`);
          const synchronous = env('DATABASE_SQLITE_SYNCHRONOUS', 'FULL').toUpperCase();
          connection.pragma(`synchronous = ${synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
          done(null, connection);
        },
      },
    },
    postgres: {
      connection: {
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', 5432),
        database: env('DATABASE_NAME', 'grupozap'),
        user: env('DATABASE_USERNAME', 'postgres'),
        password: env('DATABASE_PASSWORD', ''),
        schema: env('DATABASE_SCHEMA', 'public'),
      },
      pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
    },
    mysql: {
      connection: {
        host: env('DATABASE_HOST', '127.0.0.1'),
        port: env.int('DATABASE_PORT', 3306),
        database: env('DATABASE_NAME', 'grupozap'),
        user: env('DATABASE_USERNAME', 'root'),
        password: env('DATABASE_PASSWORD', ''),
      },
      pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
    },
  };
  if (!connections[client]) throw new Error(`DB must be sqlite, postgres or mysql (got ${client})`);

  return {
    connection: {
      client,
      ...connections[client],
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
    },
  };
};
