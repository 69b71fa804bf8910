import type { Knex } from 'knex';
import { loginAs } from '../helpers/admin-users';
import { restartTestApp, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * An upgrade from the versions whose lead attribute was `status` (column `status`): the database
 * is made to look like theirs (column, indexes, Strapi's stored schema, no migration recorded),
 * then Strapi boots on it with this version.
 */
const LEAD = 'plugin::grupozap.lead';
const MIGRATION = 'grupozap-01-lead-status-column';
const STATUSES = { 'mig-contacted': 'contacted', 'mig-won': 'won', 'mig-new': 'new', 'mig-visit': 'visit_scheduled' } as const;

let app: TestApp;

const knex = (): Knex => app.strapi.db.connection;

const columnsOfLeads = async () => ({
  status: await knex().schema.hasColumn('grupozap_leads', 'status'),
  lead_status: await knex().schema.hasColumn('grupozap_leads', 'lead_status'),
});

const storedStatuses = async () =>
  Object.fromEntries(
    (
      await app.strapi.db
        .query(LEAD)
        .findMany({ where: { originLeadId: { $startsWith: 'mig-' } }, select: ['originLeadId', 'leadStatus'] })
    ).map((lead: { originLeadId: string; leadStatus: string }) => [lead.originLeadId, lead.leadStatus])
  );

/** Strapi's record of the schema it made (what its sync compares with), as the old version left it. */
const rewriteStoredSchema = async (rewrite: (json: string) => string) => {
  const row = await knex()('strapi_database_schema').orderBy('time', 'desc').first();
  const json = typeof row.schema === 'string' ? row.schema : JSON.stringify(row.schema);
  await knex()('strapi_database_schema')
    .where({ id: row.id })
    .update({ schema: rewrite(json) });
};

const oldSchema = (json: string) =>
  json.replaceAll('"lead_status"', '"status"').replaceAll('grupozap_leads_lead_status_', 'grupozap_leads_status_');

/** The leads' table and Strapi's records as the version with the `status` column left them. */
const downgradeToStatusColumn = async () => {
  await knex().schema.alterTable('grupozap_leads', (table) => {
    table.dropIndex(['lead_status', 'received_at'], 'grupozap_leads_lead_status_received_at_idx');
    table.dropIndex(['lead_status', 'sla_due_at'], 'grupozap_leads_lead_status_sla_due_at_idx');
  });
  await knex().schema.alterTable('grupozap_leads', (table) => table.renameColumn('lead_status', 'status'));
  await knex().schema.alterTable('grupozap_leads', (table) => {
    table.index(['status', 'received_at'], 'grupozap_leads_status_received_at_idx');
    table.index(['status', 'sla_due_at'], 'grupozap_leads_status_sla_due_at_idx');
  });
  await rewriteStoredSchema(oldSchema);
  await knex()('strapi_migrations_internal').where({ name: MIGRATION }).delete();
};

beforeAll(async () => {
  app = await startTestApp();
  for (const [originLeadId, leadStatus] of Object.entries(STATUSES)) {
    await app.strapi.db.query(LEAD).create({ data: { originLeadId, leadStatus, name: originLeadId, receivedAt: new Date() } });
  }
});

afterAll(async () => {
  await app?.stop();
});

it('is recorded on a fresh database, where it had nothing to do', async () => {
  expect(Number((await knex()('strapi_migrations_internal').where({ name: MIGRATION }).count({ n: '*' }))[0].n)).toBe(1);
  expect(await columnsOfLeads()).toEqual({ status: false, lead_status: true });
});

const reportTriggers = async () =>
  (await app.strapi.plugin('grupozap').service('report-days').presentTriggers()).sort() as string[];

it('moves the statuses of an older database to the new column before the schema sync drops the old one', async () => {
  const triggers = await reportTriggers();
  await downgradeToStatusColumn();
  expect(await columnsOfLeads()).toEqual({ status: true, lead_status: false });
  expect(await knex()('grupozap_leads').where({ origin_lead_id: 'mig-won' }).first()).toMatchObject({ status: 'won' });

  app = await restartTestApp(app);

  expect(await columnsOfLeads()).toEqual({ status: false, lead_status: true });
  expect(await storedStatuses()).toEqual(STATUSES);
  // the sync rebuilt the leads' table (SQLite) with the report triggers of the link tables naming it
  expect(triggers.length).toBeGreaterThanOrEqual(5);
  expect(await reportTriggers()).toEqual(triggers);
  expect(Number((await knex()('strapi_migrations_internal').where({ name: MIGRATION }).count({ n: '*' }))[0].n)).toBe(1);

  // the inbox, its status filter and sort, on the moved values
  const admin = await loginAs(app.strapi, 'strapi-super-admin', 'migration-admin');
  const won = await admin.get('/grupozap/leads?status=won');
  expect(won.status).toBe(200);
  expect(won.body.results.map((lead: { name: string; status: string }) => [lead.name, lead.status])).toEqual([
    ['mig-won', 'won'],
  ]);
  const sorted = await admin.get('/grupozap/leads?sort=status:asc&pageSize=100');
  expect(sorted.status).toBe(200);
  expect(sorted.body.results.map((lead: { status: string }) => lead.status)).toEqual([
    'contacted',
    'new',
    'visit_scheduled',
    'won',
  ]);
});

it('copies the old values over when a database has both columns, and the sync drops the old one', async () => {
  // the old column back beside the new one, tracked by Strapi, with values that differ
  await knex().schema.alterTable('grupozap_leads', (table) => table.string('status'));
  await knex()('grupozap_leads').where({ origin_lead_id: 'mig-new' }).update({ status: 'lost' });
  await knex()('grupozap_leads').where({ origin_lead_id: 'mig-won' }).update({ status: 'proposal' });
  await rewriteStoredSchema((json) => {
    const schema = JSON.parse(json) as { tables: Array<{ name: string; columns: Array<{ name: string }> }> };
    const leads = schema.tables.find((table) => table.name === 'grupozap_leads')!;
    const leadStatus = leads.columns.find((column) => column.name === 'lead_status')!;
    leads.columns.push({ ...leadStatus, name: 'status' });
    return JSON.stringify(schema);
  });
  await knex()('strapi_migrations_internal').where({ name: MIGRATION }).delete();

  app = await restartTestApp(app);

  expect(await columnsOfLeads()).toEqual({ status: false, lead_status: true });
  expect(await storedStatuses()).toEqual({ ...STATUSES, 'mig-new': 'lost', 'mig-won': 'proposal' });
});
