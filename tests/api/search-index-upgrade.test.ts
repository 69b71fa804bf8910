import type { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import { Client as PgClient } from 'pg';
import mysql from 'mysql2/promise';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { SERVERS, currentTestDb } from '../helpers/databases';
import { captureQueries } from '../helpers/query-plans';
import { restartTestApp, startTestApp, type TestApp } from '../helpers/strapi';

/**
 * The search index on a database that already holds leads: made and filled after the boot of an
 * upgrade (Strapi's schema sync adds the new sort indexes), made again when a part of it is lost,
 * left alone when complete; and where the database refuses it, searches read the table and the
 * settings answer says why.
 */
const LEAD = 'plugin::grupozap.lead';
/** Several build steps (search-index/engine.ts: BUILD_BATCH). */
const LEADS = 2_500;
const db = currentTestDb();
/** The sort and filter indexes this version adds to the leads' table. */
const NEW_INDEXES = [
  'lead_origin',
  'temperature',
  'transaction_type',
  'lead_type',
  'name',
  'email',
  'phone_e_164',
  'sla_due_at',
].map((column) => `grupozap_leads_${column}_received_at_idx`);
const INDEX_MARK = { sqlite: /MATCH/, postgres: /"search_text" LIKE/, mysql: /AGAINST/ }[db];
/** PostgreSQL: the index on the text's expression, which served before the column. */
const EXPRESSION_MARK = /_search_text"\(/;

let app: TestApp;
let admin: AdminSession;
/** Dropped once the database is (its privileges live there). */
let refusing: { env: Record<string, string>; drop: () => Promise<void> } | null = null;

const knex = (): Knex => app.strapi.db.connection;
const leadsTable = () => app.strapi.db.metadata.get(LEAD).tableName;
const searchIndex = () => app.strapi.plugin('grupozap').service('search-index');

const restart = async (env: Record<string, string> = {}) => {
  app = await restartTestApp(app, { env });
  admin = await loginAs(app.strapi, 'strapi-super-admin', `upgrade-${randomBytes(3).toString('hex')}`);
};

/** The names found by a search, whether the index served it (and, on PostgreSQL, the expression's index). */
const search = async (q: string, mark = INDEX_MARK) => {
  let names: string[] = [];
  const queries = await captureQueries(app.strapi, async () => {
    const res = await admin.post('/grupozap/leads/search', { q, pageSize: 100 });
    expect(res.status).toBe(200);
    names = res.body.results.map((lead: { name: string }) => lead.name).sort();
  });
  return { names, indexed: queries.some((query) => mark.test(query.sql)) };
};

const indexNames = async (): Promise<string[]> => {
  if (db === 'sqlite')
    return (await knex().raw(`select name from sqlite_master where type = 'index' and tbl_name = ?`, [leadsTable()])).map(
      (row: { name: string }) => row.name
    );
  if (db === 'postgres')
    return (await knex().raw(`select indexname as name from pg_indexes where tablename = ?`, [leadsTable()])).rows.map(
      (row: { name: string }) => row.name
    );
  const [rows] = await knex().raw(
    `select distinct index_name as name from information_schema.statistics where table_schema = database() and table_name = ?`,
    [leadsTable()]
  );
  return (rows as Array<{ name: string }>).map((row) => row.name);
};

/** The search index's objects and record gone. */
const dropSearchIndex = async () => {
  const table = leadsTable();
  const side = `${table}_search`;
  if (db === 'sqlite') {
    for (const suffix of ['ai', 'au', 'ad']) await knex().raw(`DROP TRIGGER IF EXISTS ${side}_${suffix}`);
    await knex().raw(`DROP TABLE IF EXISTS ${side}`);
  } else if (db === 'postgres') {
    // the column with its index, and the trigger with its function
    await knex().raw(`DROP FUNCTION IF EXISTS ${table}_search_text_keep() CASCADE`);
    await knex().raw(`ALTER TABLE ${table} DROP COLUMN IF EXISTS search_text`);
    for (const index of ['search_text_trgm', 'search_digits_trgm']) await knex().raw(`DROP INDEX IF EXISTS ${table}_${index}`);
    for (const [fn, arity] of [
      ['search_text', 3],
      ['search_digits', 2],
      ['search_fold', 1],
    ] as const) {
      await knex().raw(`DROP FUNCTION IF EXISTS ${table}_${fn}(${Array(arity).fill('text').join(', ')})`);
    }
    await knex().raw('DROP EXTENSION IF EXISTS pg_trgm CASCADE');
    await knex().raw('DROP EXTENSION IF EXISTS unaccent CASCADE');
  } else {
    for (const suffix of ['ai', 'au', 'ad']) await knex().raw(`DROP TRIGGER IF EXISTS ${side}_${suffix}`);
    await knex().raw(`DROP TABLE IF EXISTS ${side}`);
  }
  await knex()('strapi_core_store_settings').where({ key: 'plugin_grupozap_search-index' }).delete();
};

/** The database as the version before the index left it: no search objects, no new sort indexes, Strapi's record without them. */
const downgrade = async () => {
  const table = leadsTable();
  await dropSearchIndex();
  const present = await indexNames();
  for (const index of NEW_INDEXES.filter((name) => present.includes(name))) {
    if (db === 'mysql') await knex().raw(`DROP INDEX ${index} ON ${table}`);
    else await knex().raw(`DROP INDEX ${index}`);
  }
  const row = await knex()('strapi_database_schema').orderBy('time', 'desc').first();
  const schema = JSON.parse(typeof row.schema === 'string' ? row.schema : JSON.stringify(row.schema)) as {
    tables: Array<{ name: string; indexes: Array<{ name: string }> }>;
  };
  const leads = schema.tables.find((candidate) => candidate.name === table)!;
  leads.indexes = leads.indexes.filter((index) => !NEW_INDEXES.includes(index.name));
  // and another hash, so that the sync compares the schemas
  await knex()('strapi_database_schema')
    .where({ id: row.id })
    .update({ schema: JSON.stringify(schema), hash: 'before-the-search-index' });
};

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'upgrade');
  const leads = Array.from({ length: LEADS }, (_, index) => ({
    originLeadId: `old-${index}`,
    name: index === 2_222 ? 'Custódio Marcondes' : `Cliente Antigo ${index}`,
    email: `antigo${index}@exemplo.com`,
    phone: index === 1_234 ? '(31) 2468-1357' : null,
    message: 'Lead de antes da busca indexada',
    receivedAt: new Date(Date.UTC(2025, 0, 1) + index * 60_000),
  }));
  for (let start = 0; start < leads.length; start += 400)
    await app.strapi.db.query(LEAD).createMany({ data: leads.slice(start, start + 400) });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await refusing?.drop();
});

it('is made and filled after the boot of an upgrade, and serves the leads stored before it', async () => {
  await downgrade();
  expect((await indexNames()).filter((name) => NEW_INDEXES.includes(name))).toEqual([]);

  await restart();
  // meanwhile, searches read the table (or the index, once ready)
  expect((await search('Marcondes')).names).toEqual(['Custódio Marcondes']);
  await searchIndex().settled();
  expect(searchIndex().view()).toMatchObject({ state: 'ready', reason: null });

  expect(await search('custodio')).toEqual({ names: ['Custódio Marcondes'], indexed: true });
  expect(await search('2468 1357')).toEqual({ names: ['Cliente Antigo 1234'], indexed: true });
  // written after the build
  await app.strapi.db.query(LEAD).create({ data: { originLeadId: 'new-1', name: 'Benedita Marcondes', receivedAt: new Date() } });
  expect(await search('marcondes')).toEqual({ names: ['Benedita Marcondes', 'Custódio Marcondes'], indexed: true });
  // Strapi's schema sync made the new sort indexes
  expect((await indexNames()).filter((name) => NEW_INDEXES.includes(name)).sort()).toEqual([...NEW_INDEXES].sort());
});

it('builds nothing on a restart once complete', async () => {
  await restart();
  // ready from the boot: no build started
  expect(searchIndex().view()).toMatchObject({ state: 'ready' });
  expect(await search('custodio')).toEqual({ names: ['Custódio Marcondes'], indexed: true });
});

if (db === 'postgres') {
  it('makes again an index that a failed build left invalid', async () => {
    const columnIndex = `${leadsTable()}_search_text_column_trgm`;
    await knex().raw(`UPDATE pg_index SET indisvalid = false WHERE indexrelid = ?::regclass`, [columnIndex]);
    await restart();
    expect(searchIndex().view().state).not.toBe('unavailable');
    await searchIndex().settled();
    expect(searchIndex().view()).toMatchObject({ state: 'ready' });
    const { rows } = await knex().raw(`select indisvalid as valid from pg_index where indexrelid = ?::regclass`, [columnIndex]);
    expect(rows[0].valid).toBe(true);
    expect(await search('custodio')).toEqual({ names: ['Custódio Marcondes'], indexed: true });
  });

  /** A session of its own holding the build's lock, as another instance building would. */
  const holdBuildLock = async () => {
    const client = new PgClient({ ...SERVERS.postgres, database: app.database.name });
    await client.connect();
    await client.query(`select pg_advisory_lock(hashtext('grupozap:search-index'))`);
    return { release: () => client.end() };
  };
  const rowsWithoutText = async () => Number((await knex()(leadsTable()).whereNull('search_text').count({ n: '*' }).first())?.n);

  it('upgrades from the index on the expression: it serves while the column is filled, then the column serves and it is dropped', async () => {
    // the version before the column: the expression's index, no column, no trigger
    const table = leadsTable();
    await knex().raw(`DROP FUNCTION ${table}_search_text_keep() CASCADE`);
    await knex().raw(`ALTER TABLE ${table} DROP COLUMN search_text`);
    const unaccentSchema = (
      await knex().raw(`select extnamespace::regnamespace::text as schema from pg_extension where extname = 'pg_trgm'`)
    ).rows[0].schema;
    await knex().raw(
      `CREATE INDEX ${table}_search_text_trgm ON ${table} USING gin (${table}_search_text(name, email, message) ${unaccentSchema}.gin_trgm_ops)`
    );

    // another instance holds the build: this one searches through the expression's index meanwhile
    const other = await holdBuildLock();
    try {
      await restart();
      await searchIndex().settled();
      expect(searchIndex().view()).toMatchObject({ state: 'building' });
      expect(await rowsWithoutText()).toBeGreaterThan(2_000);
      expect(await search('custodio', EXPRESSION_MARK)).toEqual({ names: ['Custódio Marcondes'], indexed: true });
      expect(await search('2468 1357', EXPRESSION_MARK)).toEqual({ names: ['Cliente Antigo 1234'], indexed: true });
      // written now: the trigger gives it its text already
      await app.strapi.db
        .query(LEAD)
        .create({ data: { originLeadId: 'upgrade-1', name: 'Rosário Amaral', receivedAt: new Date() } });
      expect((await knex()(table).where({ origin_lead_id: 'upgrade-1' }).first()).search_text).toBe('rosario amaral\u001f\u001f');
    } finally {
      await other.release();
    }

    await restart();
    await searchIndex().settled();
    expect(searchIndex().view()).toMatchObject({ state: 'ready' });
    expect(await rowsWithoutText()).toBe(0);
    expect(await search('marcondes')).toEqual({ names: ['Benedita Marcondes', 'Custódio Marcondes'], indexed: true });
    expect(await search('rosario')).toEqual({ names: ['Rosário Amaral'], indexed: true });
    expect(await search('marcondes', EXPRESSION_MARK)).toMatchObject({ indexed: false });
    expect(await indexNames()).not.toContain(`${table}_search_text_trgm`);
    expect(await indexNames()).toContain(`${table}_search_text_column_trgm`);
  });

  it('fills the column again when the text function has another body (a new version), and the trigger follows updates', async () => {
    const table = leadsTable();
    // a stored text of another function, and a function made by another version
    await knex()(table).where({ origin_lead_id: 'old-2222' }).update({ search_text: 'de outra versao' });
    const { rows } = await knex().raw(`select pg_get_functiondef(?::regprocedure) as source`, [
      `${table}_search_text(text, text, text)`,
    ]);
    await knex().raw((rows[0].source as string).replace(' BEGIN RETURN ', ' BEGIN  RETURN '));

    await restart();
    await searchIndex().settled();
    expect(searchIndex().view()).toMatchObject({ state: 'ready' });
    expect(await search('custodio')).toEqual({ names: ['Custódio Marcondes'], indexed: true });
    expect(await search('outra versao')).toEqual({ names: [], indexed: true });
    expect(await rowsWithoutText()).toBe(0);

    // an update of the name by any means: the trigger folds it again
    await knex()(table).where({ origin_lead_id: 'old-2222' }).update({ name: 'Custódio Ávila' });
    expect(await search('avila')).toEqual({ names: ['Custódio Ávila'], indexed: true });
    expect(await search('custodio marcondes')).toEqual({ names: [], indexed: true });
    await knex()(table).where({ origin_lead_id: 'old-2222' }).update({ name: 'Custódio Marcondes' });
  });
} else {
  it('makes again a trigger that was lost (Strapi rebuilds a SQLite table when a column changes), and fills the index again', async () => {
    await knex().raw(`DROP TRIGGER ${leadsTable()}_search_ai`);
    // written while the trigger is missing: the index does not have it
    await app.strapi.db
      .query(LEAD)
      .create({ data: { originLeadId: 'lost-1', name: 'Leocádia Perdida', receivedAt: new Date() } });
    await restart();
    await searchIndex().settled();
    expect(searchIndex().view()).toMatchObject({ state: 'ready' });
    expect(await search('leocadia')).toEqual({ names: ['Leocádia Perdida'], indexed: true });
    await app.strapi.db.query(LEAD).create({ data: { originLeadId: 'lost-2', name: 'Leocádia Achada', receivedAt: new Date() } });
    expect(await search('leocadia')).toEqual({ names: ['Leocádia Achada', 'Leocádia Perdida'], indexed: true });
  });
}

/**
 * A database user who may not make the index (PostgreSQL: no CREATE on the database, which
 * trusted extensions need; MySQL: no TRIGGER privilege): the boot says why, searches read the table.
 */
const refusingUser = async (): Promise<{ env: Record<string, string>; drop: () => Promise<void> } | null> => {
  const user = `gz_noindex_${randomBytes(3).toString('hex')}`;
  const password = randomBytes(9).toString('hex');
  if (db === 'postgres') {
    await dropSearchIndex();
    const client = new PgClient({ ...SERVERS.postgres, database: app.database.name });
    await client.connect();
    await client.query(`CREATE ROLE ${user} LOGIN PASSWORD '${password}'`);
    await client.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${user}`);
    await client.query(`GRANT ALL ON ALL TABLES IN SCHEMA public TO ${user}`);
    await client.query(`GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO ${user}`);
    await client.end();
    return {
      env: { DATABASE_USERNAME: user, DATABASE_PASSWORD: password },
      drop: async () => {
        const admin = new PgClient(SERVERS.postgres);
        await admin.connect();
        await admin.query(`DROP ROLE IF EXISTS ${user}`);
        await admin.end();
      },
    };
  }
  if (db === 'mysql') {
    await dropSearchIndex();
    const client = await mysql.createConnection(SERVERS.mysql);
    await client.query(`CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    await client.query(
      `GRANT SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, INDEX, ALTER, REFERENCES ON \`${app.database.name}\`.* TO '${user}'@'%'`
    );
    await client.end();
    return {
      env: { DATABASE_USERNAME: user, DATABASE_PASSWORD: password },
      drop: async () => {
        const admin = await mysql.createConnection(SERVERS.mysql);
        await admin.query(`DROP USER IF EXISTS '${user}'@'%'`);
        await admin.end();
      },
    };
  }
  return null;
};

if (db !== 'sqlite') {
  it('reads the table where the database refuses the index, and says why in the settings answer', async () => {
    refusing = await refusingUser();
    await restart(refusing!.env);
    expect(searchIndex().view()).toMatchObject({
      state: 'unavailable',
      reason: db === 'postgres' ? expect.stringMatching(/CREATE EXTENSION pg_trgm/) : expect.stringMatching(/TRIGGER/),
    });
    expect(await search('Marcondes')).toEqual({ names: ['Benedita Marcondes', 'Custódio Marcondes'], indexed: false });
    const settings = await admin.get('/grupozap/settings');
    expect(settings.body.data.searchIndex).toMatchObject({ state: 'unavailable', reason: expect.any(String) });
    // leads are still stored: the index's absence costs the writes nothing
    await app.strapi.db
      .query(LEAD)
      .create({ data: { originLeadId: 'refused-1', name: 'Teodora Marcondes', receivedAt: new Date() } });
    expect((await search('Marcondes')).names).toContain('Teodora Marcondes');
  });
}
