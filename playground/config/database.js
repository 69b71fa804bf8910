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
        // WAL: readers do not wait for the writer, and a commit is not one fsync of the whole file.
        // DATABASE_SQLITE_JOURNAL=delete keeps SQLite's default rollback journal (as a Strapi app
        // that does not set it), for `npm run bench` and the plugin's boot warning test
        afterCreate: (connection, done) => {
          if (env('DATABASE_SQLITE_JOURNAL', 'wal') === 'wal') {
            connection.pragma('journal_mode = WAL');
            connection.pragma('synchronous = NORMAL');
          }
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
