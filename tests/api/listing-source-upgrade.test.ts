import type { Knex } from 'knex';
import { createAdvertiser, type SeededAdvertiser } from '../helpers/seed';
import { restartTestApp, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * One Listing per mirrored property, enforced by a unique index on `sourceDocumentId`. An
 * upgrade from a version without that index may find two Listings of one property (two syncs
 * raced): the database is made to look like that version's (no index in the catalog nor in
 * Strapi's stored schema, no migration recorded), then Strapi boots on it with this version.
 */
const LISTING = 'plugin::grupozap.listing';
const LEAD = 'plugin::grupozap.lead';
const TABLE = 'grupozap_listings';
const INDEX = 'grupozap_listings_source_document_uq';
const MIGRATION = 'grupozap-02-listing-source-unique';

let app: TestApp;
let jardim: SeededAdvertiser;

const knex = (): Knex => app.strapi.db.connection;

/** Whether the database's own catalog has that unique index. */
const hasUniqueIndex = async (): Promise<boolean> => {
  if (app.database.db === 'sqlite') {
    const rows: { name: string; unique: number }[] = await knex().raw(`PRAGMA index_list('${TABLE}')`);
    return rows.some((row) => row.name === INDEX && row.unique === 1);
  }
  if (app.database.db === 'postgres') {
    const { rows } = await knex().raw('SELECT indexdef FROM pg_indexes WHERE tablename = ? AND indexname = ?', [TABLE, INDEX]);
    return rows.some((row: { indexdef: string }) => /UNIQUE/i.test(row.indexdef));
  }
  const [rows] = await knex().raw(`SHOW INDEX FROM \`${TABLE}\` WHERE Key_name = ?`, [INDEX]);
  return rows.some((row: { Non_unique: number }) => Number(row.Non_unique) === 0);
};

/** The listings' table and Strapi's records as a version without the index left them. */
const downgrade = async () => {
  await knex().schema.alterTable(TABLE, (table) => table.dropUnique(['source_document_id'], INDEX));
  const row = await knex()('strapi_database_schema').orderBy('time', 'desc').first();
  const schema = typeof row.schema === 'string' ? JSON.parse(row.schema) : row.schema;
  for (const table of schema.tables) {
    if (table.name === TABLE) table.indexes = table.indexes.filter((index: { name: string }) => index.name !== INDEX);
  }
  await knex()('strapi_database_schema')
    .where({ id: row.id })
    .update({ schema: JSON.stringify(schema) });
  await knex()('strapi_migrations_internal').where({ name: MIGRATION }).delete();
};

/** A Listing of the property, written as the racing syncs of the old version wrote it. */
const mirrorOf = (sourceDocumentId: string, title: string) =>
  app.strapi.db.query(LISTING).create({
    data: { clientListingId: 'IMV-77', title, sourceDocumentId, active: true, advertiser: jardim.id },
  }) as Promise<{ id: number }>;

const leadOn = (originLeadId: string, listingId: number) =>
  app.strapi.db.query(LEAD).create({
    data: { originLeadId, name: 'Cliente', receivedAt: new Date(), leadStatus: 'new', listing: listingId, advertiser: jardim.id },
  });

beforeAll(async () => {
  app = await startTestApp();
  jardim = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
});

afterAll(async () => {
  await app?.stop();
});

it('has the unique index on a fresh database, and the database refuses a second Listing of a property', async () => {
  expect(await hasUniqueIndex()).toBe(true);
  await mirrorOf('fresh-property', 'Apartamento mirrored once');
  const refusal = await mirrorOf('fresh-property', 'Apartamento mirrored twice').then(
    () => 'inserted',
    (error: { code?: string; message?: string }) => `${error.code} ${error.message}`
  );
  expect(refusal).toMatch(/unique|duplicate|23505/i);
});

it('merges the Listings a race left on upgrade: the oldest keeps every lead, the others go, and the index is made', async () => {
  await downgrade();
  expect(await hasUniqueIndex()).toBe(false);
  const oldest = await mirrorOf('raced-property', 'Apartamento oldest');
  const second = await mirrorOf('raced-property', 'Apartamento second');
  const third = await mirrorOf('raced-property', 'Apartamento third');
  await leadOn('upgrade-lead-1', oldest.id);
  await leadOn('upgrade-lead-2', second.id);
  await leadOn('upgrade-lead-3', third.id);

  app = await restartTestApp(app);

  expect(await hasUniqueIndex()).toBe(true);
  const mirrors = await app.strapi.db.query(LISTING).findMany({ where: { sourceDocumentId: 'raced-property' } });
  expect(mirrors.map((listing: { id: number }) => listing.id)).toEqual([oldest.id]);
  const leads = await app.strapi.db.query(LEAD).findMany({
    where: { originLeadId: { $startsWith: 'upgrade-lead-' } },
    populate: { listing: { select: ['id'] } },
    orderBy: { originLeadId: 'asc' },
  });
  expect(leads.map((lead: { listing: { id: number } | null }) => lead.listing?.id)).toEqual([oldest.id, oldest.id, oldest.id]);
  // the property mirrored once before the upgrade is untouched
  expect(await app.strapi.db.query(LISTING).count({ where: { sourceDocumentId: 'fresh-property' } })).toBe(1);
});
