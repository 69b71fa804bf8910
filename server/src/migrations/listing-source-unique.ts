import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import type { LinkTable } from '../utils/model-table';

type InternalMigration = Parameters<Core.Strapi['db']['migrations']['providers']['internal']['register']>[0];
type Database = Parameters<InternalMigration['up']>[1];

type Attributes = Record<string, { columnName?: string; joinTable?: LinkTable } | undefined>;

/**
 * A property is mirrored by one Listing (`sourceDocumentId`), which a unique index now enforces
 * (two syncs of one property at once, a publish during a resync, two instances, could each
 * create one). Before the schema sync creates that index, this merges the duplicates an earlier
 * version may have left: the oldest Listing of a property keeps its leads and the others' leads,
 * the others are deleted (with their link rows). Nothing to do on a fresh database or once done.
 */
export const listingSourceUniqueMigration: InternalMigration = {
  name: 'grupozap-02-listing-source-unique',
  async up(knex, db: Database) {
    const listingMeta = db.metadata.get(UID.listing);
    const table = listingMeta.tableName;
    const attributes = listingMeta.attributes as unknown as Attributes;
    const column = attributes.sourceDocumentId?.columnName ?? 'source_document_id';
    if (!(await knex.schema.hasTable(table)) || !(await knex.schema.hasColumn(table, column))) return;

    const duplicated: { source: string }[] = await knex(table)
      .select({ source: column })
      .whereNotNull(column)
      .groupBy(column)
      .havingRaw('count(*) > 1');
    if (duplicated.length === 0) return;

    // the leads' link to their Listing (owned by the lead), and the Listing's own link tables
    const leadLink = (db.metadata.get(UID.lead).attributes as unknown as Attributes).listing?.joinTable;
    const ownLinks = Object.values(attributes)
      .map((attribute) => attribute?.joinTable)
      .filter((link): link is LinkTable => Boolean(link));

    for (const { source } of duplicated) {
      const ids = (await knex(table).select('id').where(column, source).orderBy('id', 'asc')).map((row: { id: number }) =>
        Number(row.id)
      );
      const [kept, ...merged] = ids;
      if (leadLink && (await knex.schema.hasTable(leadLink.name))) {
        await knex(leadLink.name)
          .whereIn(leadLink.inverseJoinColumn.name, merged)
          .update({ [leadLink.inverseJoinColumn.name]: kept });
      }
      for (const link of ownLinks) {
        if (await knex.schema.hasTable(link.name)) await knex(link.name).whereIn(link.joinColumn.name, merged).delete();
      }
      await knex(table).whereIn('id', merged).delete();
    }
  },
  async down() {
    throw new Error('grupozap-02-listing-source-unique cannot be undone');
  },
};
