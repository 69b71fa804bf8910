import { startTestApp, type TestApp } from '../helpers/strapi';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

/** Index name → unique?, as the database's own catalog tells it. */
const indexesOf = async (table: string): Promise<Map<string, boolean>> => {
  const knex = app.strapi.db.connection;
  const found = new Map<string, boolean>();
  if (app.database.db === 'sqlite') {
    const rows: { name: string; unique: number }[] = await knex.raw(`PRAGMA index_list('${table}')`);
    rows.forEach((row) => found.set(row.name, row.unique === 1));
  } else if (app.database.db === 'postgres') {
    const { rows } = await knex.raw('SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ?', [table]);
    rows.forEach((row: { indexname: string; indexdef: string }) => found.set(row.indexname, /UNIQUE/i.test(row.indexdef)));
  } else {
    const [rows] = await knex.raw(`SHOW INDEX FROM \`${table}\``);
    rows.forEach((row: { Key_name: string; Non_unique: number }) => found.set(row.Key_name, Number(row.Non_unique) === 0));
  }
  return found;
};

it('has a real unique index on originLeadId, and the indexes the inbox needs', async () => {
  const indexes = await indexesOf('grupozap_leads');
  expect(indexes.get('grupozap_leads_origin_lead_id_uq')).toBe(true);
  expect(indexes.get('grupozap_leads_received_at_id_idx')).toBe(false);
  expect(indexes.get('grupozap_leads_lead_status_received_at_idx')).toBe(false);
});

/**
 * The inbox and the delivery log sort by (receivedAt, id), newest first. SQLite and InnoDB keep
 * the row id in every index; PostgreSQL needs it in the index, or it sorts every lead whenever
 * its statistics are stale (right after a bulk of leads arrived). The leads' (leadStatus,
 * receivedAt) index stays without it: each column more in the leads' indexes cost PostgreSQL
 * ingestion measurably (the bench: 1,090 → 880 req/s with both), and a status filter sorts
 * only that status's leads, with incremental sort once the statistics are fresh.
 */
(['postgres', 'sqlite'].includes(process.env.TEST_DB ?? '') ? it : it.skip)(
  'reads the newest page in index order, without sorting',
  async () => {
    const knex = app.strapi.db.connection;
    const pages = [
      'SELECT id FROM grupozap_leads ORDER BY received_at DESC, id DESC LIMIT 25',
      'SELECT id FROM grupozap_deliveries ORDER BY received_at DESC, id DESC LIMIT 25',
      "SELECT id FROM grupozap_deliveries WHERE outcome = 'refused' ORDER BY received_at DESC, id DESC LIMIT 25",
    ];
    for (const sql of pages) {
      if (app.database.db === 'postgres') {
        // with sorting priced out, the plan sorts only if no index gives the order
        const plan = await knex.transaction(async (trx) => {
          await trx.raw('SET LOCAL enable_sort = off');
          const { rows } = await trx.raw(`EXPLAIN ${sql}`);
          return rows.map((row: { 'QUERY PLAN': string }) => row['QUERY PLAN']).join('\n');
        });
        expect(plan).not.toMatch(/Sort/);
      } else {
        const rows: { detail: string }[] = await knex.raw(`EXPLAIN QUERY PLAN ${sql}`);
        expect(rows.map((row) => row.detail).join('\n')).not.toMatch(/TEMP B-TREE/);
      }
    }
  }
);

it('has unique indexes on the advertiser document and slug', async () => {
  const indexes = await indexesOf('grupozap_advertisers');
  expect(indexes.get('grupozap_advertisers_document_uq')).toBe(true);
  expect(indexes.get('grupozap_advertisers_slug_uq')).toBe(true);
});

it('has a real unique index on the advertisers’ URL keys, current and former', async () => {
  const indexes = await indexesOf('grupozap_advertiser_keys');
  expect(indexes.get('grupozap_advertiser_keys_key_uq')).toBe(true);
  const knex = app.strapi.db.connection;
  await knex('grupozap_advertiser_keys').insert({ key: 'db-level-key', document_id: 'key-a' });
  const refusal = await knex('grupozap_advertiser_keys')
    .insert({ key: 'db-level-key', document_id: 'key-b' })
    .then(
      () => 'inserted',
      (error: { code?: string; message?: string }) => `${error.code} ${error.message}`
    );
  expect(refusal).toMatch(/unique|duplicate|23505/i);
});

it('keeps the URL key history out of the Content Manager and the Content-Type Builder', () => {
  const contentType = app.strapi.contentType('plugin::grupozap.advertiser-key' as never) as {
    pluginOptions?: Record<string, { visible?: boolean }>;
  };
  expect(contentType.pluginOptions?.['content-manager']?.visible).toBe(false);
  expect(contentType.pluginOptions?.['content-type-builder']?.visible).toBe(false);
});

it('lets the database itself refuse a second row with the same originLeadId', async () => {
  const knex = app.strapi.db.connection;
  const row = { origin_lead_id: 'db-level-dup', lead_status: 'new', document_id: 'doc-a' };
  await knex('grupozap_leads').insert(row);
  // better-sqlite3's errors come from another realm than jest's, so read them rather than toThrow
  const refusal = await knex('grupozap_leads')
    .insert({ ...row, document_id: 'doc-b' })
    .then(
      () => 'inserted',
      (error: { code?: string; message?: string }) => `${error.code} ${error.message}`
    );
  expect(refusal).toMatch(/unique|duplicate|23505/i);
  const [{ count }] = await knex('grupozap_leads').where({ origin_lead_id: 'db-level-dup' }).count({ count: '*' });
  expect(Number(count)).toBe(1);
});

it('stores long messages whole (a text column, not VARCHAR(255))', async () => {
  const message = 'Olá! '.repeat(5000);
  const lead = await app.strapi.db.query('plugin::grupozap.lead').create({ data: { originLeadId: 'long-message', message } });
  const stored = await app.strapi.db.query('plugin::grupozap.lead').findOne({ where: { id: lead.id } });
  expect(stored.message).toBe(message);
});

it('shows leads, advertisers and listings in the Content Manager, not the plugin’s records; no draft & publish', () => {
  const visibility = Object.fromEntries(
    ['advertiser', 'listing', 'lead', 'delivery', 'delivery-alert', 'privacy-audit', 'agent', 'note'].map((name) => {
      const contentType = app.strapi.contentType(`plugin::grupozap.${name}` as never) as {
        options?: { draftAndPublish?: boolean };
        pluginOptions?: Record<string, { visible?: boolean }>;
      };
      expect(contentType.options?.draftAndPublish).toBe(false);
      return [name, contentType.pluginOptions?.['content-manager']?.visible];
    })
  );
  expect(visibility).toEqual({
    advertiser: true,
    listing: true,
    lead: true,
    delivery: false,
    'delivery-alert': false,
    'privacy-audit': false,
    agent: false,
    note: false,
  });
});
