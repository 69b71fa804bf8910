import type { Core } from '@strapi/strapi';

/**
 * Strapi's schema sync changes a column on SQLite by rebuilding the table: a copy is made, the old
 * table dropped and the copy renamed to its name. Since SQLite 3.26 that rename re-reads every
 * trigger of the database, and the report triggers on the link tables name the leads' table, which
 * does not exist at that instant: the rename fails and so does the boot. SQLite's legacy rename
 * skips that check; the triggers name the table, not the copy, so they are right again once it is
 * renamed. Only for the sync: SQLite's connection is one (knex keeps a pool of one), and the flag
 * is put back after it.
 */
const setLegacyAlterTable = async (strapi: Core.Strapi, on: boolean): Promise<void> => {
  if (strapi.db.dialect.client !== 'sqlite') return;
  await strapi.db.connection.raw(`PRAGMA legacy_alter_table = ${on ? 'ON' : 'OFF'}`);
};

export const allowTableRebuildsDuringSync = (strapi: Core.Strapi): void => {
  strapi.hook('strapi::content-types.beforeSync').register(() => setLegacyAlterTable(strapi, true));
  strapi.hook('strapi::content-types.afterSync').register(() => setLegacyAlterTable(strapi, false));
};
