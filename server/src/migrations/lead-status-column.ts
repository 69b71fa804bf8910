import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { LEAD_STATUS_ATTRIBUTE } from '../utils/lead-status';

type InternalMigration = Parameters<Core.Strapi['db']['migrations']['providers']['internal']['register']>[0];

/** The column of the lead's former attribute `status`. */
const OLD_COLUMN = 'status';

/**
 * The lead's status moved from the attribute `status` to `leadStatus` (see utils/lead-status).
 * Strapi's schema sync drops a column it created once its attribute is gone, and adds the new
 * one empty: this runs before the sync (Strapi runs pending internal migrations first, in a
 * transaction) and renames the column, values, type and default kept. When both columns exist
 * (a database changed by hand), the old values are copied over and the sync drops the old one.
 * Nothing to do on a fresh database or once done (it is recorded in strapi_migrations_internal).
 */
export const leadStatusColumnMigration: InternalMigration = {
  name: 'grupozap-01-lead-status-column',
  async up(knex, db) {
    const meta = db.metadata.get(UID.lead);
    const table = meta.tableName;
    const newColumn = (meta.attributes[LEAD_STATUS_ATTRIBUTE] as { columnName?: string }).columnName ?? 'lead_status';
    if (!(await knex.schema.hasTable(table)) || !(await knex.schema.hasColumn(table, OLD_COLUMN))) return;

    if (await knex.schema.hasColumn(table, newColumn)) {
      await knex(table)
        .whereNotNull(OLD_COLUMN)
        .update({ [newColumn]: knex.ref(OLD_COLUMN) });
      return;
    }
    await knex.schema.alterTable(table, (builder) => builder.renameColumn(OLD_COLUMN, newColumn));
  },
  async down() {
    throw new Error('grupozap-01-lead-status-column cannot be undone');
  },
};
