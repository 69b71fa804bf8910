import type { Knex } from 'knex';
import { parseSubject, type SubjectKind } from '../../server/src/utils/data-subject';
import { subjectKeyOf } from '../../server/src/utils/subject-keys';
import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { currentTestDb } from '../helpers/databases';
import { captureQueries, explain } from '../helpers/query-plans';
import { createAdvertiser } from '../helpers/seed';
import { restartTestApp, startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * The data-subject key table (services/subject-keys.ts): kept in step however a lead, note or
 * delivery is written (the route, the Document Service, the Query Engine, knex), read by the
 * privacy page's search, export and erase through its index; a record the indexer has not reached
 * yet is found all the same; after an erasure the person's key leads nowhere; an upgrade's rows
 * are indexed after the boot, and a lost trigger is made again.
 */
const LEAD = 'plugin::grupozap.lead';
const NOTE = 'plugin::grupozap.note';
const DELIVERY = 'plugin::grupozap.delivery';
const KEY_TABLE = 'grupozap_subject_keys';
const STALE = 'subject_keys_stale';
/** Enough rows that each database's planner prefers an index when one serves. */
const FILLER = 3_000;
const db = currentTestDb();

let app: TestApp;
let admin: AdminSession;

const knex = (): Knex => app.strapi.db.connection;
const tableOf = (uid: string) => app.strapi.db.metadata.get(uid as 'plugin::grupozap.lead').tableName;
const subjectKeys = () => app.strapi.plugin('grupozap').service('subject-keys');
const keyOf = (kind: SubjectKind, value: string) => subjectKeyOf(parseSubject(kind, value)!);

const deliver = (body: Record<string, unknown>) =>
  app.http().post('/api/grupozap/lead/keys').auth('vivareal', TEST_SECRET).send(body);

/** The keys the table holds for a record, as decimal strings. */
const keysOfRecord = async (kind: 'l' | 'n' | 'd', id: number): Promise<string[]> => {
  const cast =
    db === 'mysql' ? 'CAST(subject_key AS CHAR)' : db === 'postgres' ? 'subject_key::text' : 'CAST(subject_key AS TEXT)';
  const result = await knex().raw(`SELECT ${cast} AS k FROM ${KEY_TABLE} WHERE record_kind = ? AND record_id = ?`, [kind, id]);
  const rows = (db === 'postgres' ? result.rows : db === 'mysql' ? result[0] : result) as Array<{ k: string }>;
  return rows.map((row) => String(row.k));
};

/** The records a key leads to. */
const recordsOfKey = async (key: string): Promise<string[]> => {
  const result = await knex().raw(`SELECT record_kind AS kind, record_id AS id FROM ${KEY_TABLE} WHERE subject_key = ${key}`);
  const rows = (db === 'postgres' ? result.rows : db === 'mysql' ? result[0] : result) as Array<{ kind: string; id: number }>;
  return rows.map((row) => `${row.kind.trim()}${row.id}`).sort();
};

const isStale = async (uid: string, id: number): Promise<boolean> => {
  const row = await knex()(tableOf(uid)).where({ id }).first(STALE);
  return Boolean(Number(row[STALE]));
};

const idOf = async (uid: string, documentId: string): Promise<number> =>
  (await app.strapi.db.query(uid as 'plugin::grupozap.lead').findOne({ where: { documentId }, select: ['id'] })).id;

/** A row written through the Query Engine, its id. */
const created = async (uid: string, data: Record<string, unknown>): Promise<number> =>
  (await app.strapi.db.query(uid as 'plugin::grupozap.lead').create({ data })).id as number;

/** A row written with knex alone (no Strapi lifecycle), its id. */
const insertRaw = async (uid: string, row: Record<string, unknown>): Promise<number> => {
  const now = new Date();
  const documentId = `raw-${Math.random().toString(36).slice(2)}`;
  await knex()(tableOf(uid)).insert({ document_id: documentId, created_at: now, updated_at: now, published_at: now, ...row });
  return (await knex()(tableOf(uid)).where({ document_id: documentId }).first('id')).id;
};

const search = async (kind: SubjectKind, value: string) => {
  const res = await admin.post('/grupozap/privacy/search', { kind, value });
  expect(res.status).toBe(200);
  return res.body.data as {
    counts: { leads: number; notes: number; deliveries: number };
    mentions: { leads: number; notes: number; deliveries: number };
  };
};

beforeAll(async () => {
  app = await startTestApp();
  await createAdvertiser(app.strapi, { name: 'Chaves Imóveis', slug: 'keys', document: '11222333000181' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'keys');
  for (let start = 0; start < FILLER; start += 500) {
    await app.strapi.db.query(LEAD).createMany({
      data: Array.from({ length: 500 }, (_, offset) => ({
        originLeadId: `filler-${start + offset}`,
        name: `Cliente ${start + offset}`,
        email: `cliente${start + offset}@exemplo.com`,
        phoneE164: `+55489${String(10_000_000 + start + offset)}`,
        message: 'Tenho interesse',
        receivedAt: new Date(),
      })),
    });
    await app.strapi.db.query(NOTE).createMany({
      data: Array.from({ length: 500 }, (_, offset) => ({ body: `Retornar ao cliente ${start + offset}` })),
    });
    await app.strapi.db.query(DELIVERY).createMany({
      data: Array.from({ length: 500 }, (_, offset) => ({
        receivedAt: new Date(),
        outcome: 'refused',
        httpStatus: 404,
        code: 'ADVERTISER_NOT_FOUND',
        body: JSON.stringify({
          email: `cliente${start + offset}@exemplo.com`,
          phone: `9${10_000_000 + start + offset}`,
          ddd: '48',
        }),
      })),
    });
  }
  await subjectKeys().run();
}, 300_000);

afterAll(async () => {
  await app?.stop();
});

describe('kept in step with every way of writing', () => {
  it('indexes what the route, the Document Service, the Query Engine and knex write', async () => {
    // the route: a lead and its delivery, the person's own contact
    const res = await deliver(
      freshLead('grupo-olx-current.json', {
        name: 'Rosalinda Teixeira',
        email: 'Rosalinda.Teixeira@example.com',
        ddd: '48',
        phone: '988776655',
        message: 'Quero visitar',
      })
    );
    expect(res.status).toBe(201);
    const routeLead = await idOf(LEAD, res.body.leadId);
    const routeDelivery = (await app.strapi.db.query(DELIVERY).findOne({ where: { lead: { id: routeLead } }, select: ['id'] }))
      .id as number;

    // the Document Service: a note, and a lead's message changed as the Content Manager saves it
    const note = await app.strapi
      .documents(NOTE as 'plugin::grupozap.note')
      .create({ data: { body: 'Ela pediu para ligar no (21) 3222-4567', lead: res.body.leadId } as never });
    await app.strapi
      .documents(LEAD as 'plugin::grupozap.lead')
      .update({ documentId: res.body.leadId, data: { message: 'CPF dela: 390.533.447-05' } as never });

    // the Query Engine: createMany, then updateMany
    await app.strapi.db.query(LEAD).createMany({
      data: [
        { originLeadId: 'qe-1', name: 'Q1', message: 'indicou jurema@example.org', receivedAt: new Date() },
        { originLeadId: 'qe-2', name: 'Q2', message: 'nada', receivedAt: new Date() },
      ],
    });
    const qe1 = (await app.strapi.db.query(LEAD).findOne({ where: { originLeadId: 'qe-1' }, select: ['id'] })).id as number;
    const qe2 = (await app.strapi.db.query(LEAD).findOne({ where: { originLeadId: 'qe-2' }, select: ['id'] })).id as number;
    await app.strapi.db.query(LEAD).updateMany({ where: { id: qe2 }, data: { message: 'o dela é 31 98765-1234' } });

    // knex: a note inserted, a lead's payload changed, nothing of Strapi in between
    const rawNote = await insertRaw(NOTE, { body: 'e-mail novo: cleide@example.net' });
    await knex()(tableOf(LEAD))
      .where({ id: qe1 })
      .update({ payload: JSON.stringify({ contato: { ddd: '11', phone: '23456789' } }) });
    expect(await isStale(NOTE, rawNote)).toBe(true);
    expect(await isStale(LEAD, qe1)).toBe(true);

    await subjectKeys().run();
    const rosalinda = keyOf('email', 'rosalinda.teixeira@example.com');
    expect(await keysOfRecord('l', routeLead)).toEqual(
      expect.arrayContaining([rosalinda, keyOf('phone', '48988776655'), keyOf('cpf', '39053344705')])
    );
    expect(await keysOfRecord('d', routeDelivery)).toEqual(expect.arrayContaining([rosalinda, keyOf('phone', '48988776655')]));
    expect(await keysOfRecord('n', note.id as number)).toEqual([keyOf('phone', '2132224567')]);
    expect(await keysOfRecord('l', qe1)).toEqual(
      expect.arrayContaining([keyOf('email', 'jurema@example.org'), keyOf('phone', '1123456789')])
    );
    expect(await keysOfRecord('l', qe2)).toEqual([keyOf('phone', '31987651234')]);
    expect(await keysOfRecord('n', rawNote)).toEqual([keyOf('email', 'cleide@example.net')]);
    for (const [uid, id] of [
      [LEAD, routeLead],
      [LEAD, qe1],
      [LEAD, qe2],
      [NOTE, rawNote],
      [DELIVERY, routeDelivery],
    ] as const)
      expect(await isStale(uid, id)).toBe(false);

    // a change to another column leaves the keys alone; a text's change replaces them
    await app.strapi.db.query(LEAD).update({ where: { id: qe2 }, data: { leadStatus: 'contacted' } });
    expect(await isStale(LEAD, qe2)).toBe(false);
    await app.strapi.db.query(LEAD).update({ where: { id: qe2 }, data: { message: 'agora sem telefone' } });
    expect(await isStale(LEAD, qe2)).toBe(true);
    await subjectKeys().run();
    expect(await keysOfRecord('l', qe2)).toEqual([]);
    expect(await recordsOfKey(keyOf('phone', '31987651234'))).toEqual([]);

    // the search finds them through the keys
    expect((await search('email', 'jurema@example.org')).mentions).toEqual({ leads: 1, notes: 0, deliveries: 0 });
    expect((await search('phone', '(21) 3222-4567')).mentions).toEqual({ leads: 0, notes: 1, deliveries: 0 });
    expect((await search('email', 'CLEIDE@example.net')).mentions).toEqual({ leads: 0, notes: 1, deliveries: 0 });
    expect((await search('email', 'rosalinda.teixeira@example.com')).counts).toEqual({ leads: 1, notes: 1, deliveries: 1 });
  });

  it('finds a record written after the indexer last ran, and deletes the keys of a deleted record', async () => {
    await subjectKeys().settled();
    // the indexer's periodic run (every 30 s) waits until the record has been searched unindexed
    const periodic = jest.spyOn(subjectKeys(), 'run').mockImplementation(() => Promise.resolve());
    const delivery = await insertRaw(DELIVERY, {
      received_at: new Date(),
      outcome: 'refused',
      http_status: 404,
      code: 'ADVERTISER_NOT_FOUND',
      body: JSON.stringify({ name: 'Outra', message: 'minha vizinha Zulmira: zulmira@example.com' }),
    });
    expect(await isStale(DELIVERY, delivery)).toBe(true);
    expect(await keysOfRecord('d', delivery)).toEqual([]);
    // (a background run goes through the held `run`, as the periodic one would)
    subjectKeys().schedule();
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(periodic).toHaveBeenCalled();
    expect((await search('email', 'zulmira@example.com')).mentions).toEqual({ leads: 0, notes: 0, deliveries: 1 });
    // not indexed by the search
    expect(await keysOfRecord('d', delivery)).toEqual([]);
    periodic.mockRestore();

    await subjectKeys().run();
    expect(await recordsOfKey(keyOf('email', 'zulmira@example.com'))).toEqual([`d${delivery}`]);
    await knex()(tableOf(DELIVERY)).where({ id: delivery }).delete();
    expect(await recordsOfKey(keyOf('email', 'zulmira@example.com'))).toEqual([]);
  });
});

it('keys what the route stores in the transaction that stores it: nothing left for the indexer', async () => {
  // the indexer held: whatever is keyed at the answer, the route's write keyed
  const indexer = jest.spyOn(subjectKeys(), 'run').mockImplementation(() => Promise.resolve());
  try {
    const body = freshLead('grupo-olx-current.json', {
      name: 'Iracema Prado',
      email: 'Iracema.Prado@example.com',
      ddd: '48',
      phone: '988112233',
      message: 'Meu CPF é 260.747.864-29',
    });
    const created = await deliver(body);
    expect(created.status).toBe(201);
    const lead = await idOf(LEAD, created.body.leadId);
    // a retry: its own delivery row, keyed the same way
    expect((await deliver(body)).status).toBe(200);
    const deliveries: number[] = (
      await app.strapi.db.query(DELIVERY).findMany({ where: { lead: { id: lead } }, select: ['id'], orderBy: { id: 'asc' } })
    ).map((row: { id: number }) => row.id);
    expect(deliveries).toHaveLength(2);

    expect(await isStale(LEAD, lead)).toBe(false);
    for (const delivery of deliveries) expect(await isStale(DELIVERY, delivery)).toBe(false);
    const records = [...deliveries.map((id) => `d${id}`), `l${lead}`].sort();
    expect(await recordsOfKey(keyOf('email', 'iracema.prado@example.com'))).toEqual(records);
    expect(await recordsOfKey(keyOf('phone', '+5548988112233'))).toEqual(records);
    expect(await recordsOfKey(keyOf('cpf', '26074786429'))).toEqual(records);
  } finally {
    indexer.mockRestore();
  }
});

it('after an erasure, the person’s key leads nowhere', async () => {
  const res = await deliver(
    freshLead('grupo-olx-current.json', {
      name: 'Hortênsia Bragança',
      email: 'hortensia@example.com',
      ddd: '51',
      phone: '991112233',
      message: 'Quero visitar',
      extraData: { cpf: '529.982.247-25' },
    })
  );
  expect(res.status).toBe(201);
  const mention = await created(LEAD, {
    originLeadId: 'mention-h',
    name: 'Primo',
    message: 'Fale com a Hortênsia, (51) 99111-2233',
    receivedAt: new Date(),
  });
  await app.strapi.db.query(NOTE).create({ data: { body: 'retornar no 51991112233, cpf 52998224725 confere', lead: mention } });
  await subjectKeys().run();
  const phone = keyOf('phone', '51991112233');
  const cpf = keyOf('cpf', '52998224725');
  const email = keyOf('email', 'hortensia@example.com');
  expect((await recordsOfKey(phone)).length).toBeGreaterThanOrEqual(3); // her lead, her delivery, the mention
  expect((await recordsOfKey(cpf)).length).toBeGreaterThanOrEqual(2);

  const erased = await admin.post('/grupozap/privacy/erase', { kind: 'phone', value: '51 99111-2233' });
  expect(erased.status).toBe(200);
  await subjectKeys().run();
  expect(await recordsOfKey(phone)).toEqual([]);
  expect(await recordsOfKey(email)).toEqual([]);
  // her CPF was known from her own lead's CPF field: taken out of the others' texts too
  expect(await recordsOfKey(cpf)).toEqual([]);
  // her lead is kept without its contact: nothing names her any more
  expect((await search('phone', '51991112233')).counts).toEqual({ leads: 0, notes: 0, deliveries: 0 });
  expect((await search('phone', '51991112233')).mentions).toEqual({ leads: 0, notes: 0, deliveries: 0 });
  expect((await search('cpf', '52998224725')).mentions).toEqual({ leads: 0, notes: 0, deliveries: 0 });
});

it('keys the rows the retention purge anonymises in the purge itself, not minutes later by the indexer', async () => {
  const NOW = new Date();
  const old = new Date(NOW.getTime() - 400 * 86_400_000);
  const lead = await created(LEAD, {
    originLeadId: 'retained-too-long',
    name: 'Olímpia Antiga',
    email: 'olimpia@example.com',
    phoneE164: '+5548991230000',
    message: 'Meu CPF é 529.982.247-25',
    receivedAt: old,
  });
  const note = await created(NOTE, { body: 'ligar para olimpia@example.com', lead });
  const delivery = await created(DELIVERY, {
    receivedAt: old,
    outcome: 'accepted',
    httpStatus: 201,
    code: 'LEAD_CREATED',
    body: JSON.stringify({ email: 'olimpia@example.com' }),
    lead,
  });
  await subjectKeys().run();
  expect(await recordsOfKey(keyOf('email', 'olimpia@example.com'))).toEqual([`d${delivery}`, `l${lead}`, `n${note}`]);

  // the indexer held: whatever is keyed now, the purge keyed
  const indexer = jest.spyOn(subjectKeys(), 'run').mockImplementation(() => Promise.resolve());
  app.strapi.config.set('plugin::grupozap.retentionDays', 365);
  try {
    const purged = await app.strapi.plugin('grupozap').service('privacy').runRetention(NOW);
    expect(purged).toMatchObject({ leads: 1, notes: 1, deliveries: 1 });
    for (const [uid, id] of [
      [LEAD, lead],
      [NOTE, note],
      [DELIVERY, delivery],
    ] as const)
      expect(await isStale(uid, id)).toBe(false);
    expect(await recordsOfKey(keyOf('email', 'olimpia@example.com'))).toEqual([]);
    expect(await recordsOfKey(keyOf('cpf', '52998224725'))).toEqual([]);
    expect(await keysOfRecord('l', lead)).toEqual([]);
  } finally {
    app.strapi.config.set('plugin::grupozap.retentionDays', null);
    indexer.mockRestore();
  }
});

it('looks the person up through indexes: no statement of a search reads a table whole', async () => {
  await subjectKeys().settled();
  if (db === 'postgres') await knex().raw('ANALYZE');
  else if (db === 'mysql') {
    for (const table of [tableOf(LEAD), tableOf(NOTE), tableOf(DELIVERY), KEY_TABLE]) await knex().raw(`ANALYZE TABLE ${table}`);
  } else await knex().raw('ANALYZE');
  const tables = [tableOf(LEAD), tableOf(NOTE), tableOf(DELIVERY), KEY_TABLE];
  const queries = await captureQueries(app.strapi, () => search('email', 'cliente1234@exemplo.com'));
  const reading = queries.filter((query) => tables.some((table) => new RegExp(`from [\`"]${table}[\`"]`, 'i').test(query.sql)));
  expect(reading.some((query) => query.sql.includes(KEY_TABLE))).toBe(true);
  expect(reading.some((query) => query.sql.includes(STALE))).toBe(true);
  const whole: string[] = [];
  for (const query of reading) {
    const accesses = await explain(app.strapi, db, query);
    for (const access of accesses) {
      // the stale rows' subqueries, read back from what they returned
      if (/^stale_[lnd]$/.test(access.table)) continue;
      // the stale rows' index holds those rows only (PostgreSQL, SQLite: a partial index; MySQL: its first column)
      if (access.detail.includes('subject_keys_stale_idx') && !access.fullScan) continue;
      if (access.fullScan || access.indexWalk) whole.push(`${query.sql}\n  ${access.detail}`);
    }
  }
  expect(whole).toEqual([]);
  const found = await search('email', 'cliente1234@exemplo.com');
  expect(found.counts).toEqual({ leads: 1, notes: 0, deliveries: 1 });
});

describe('an upgrade', () => {
  /** The database as the version before the keys left it: no key table, no column, no trigger. */
  const downgrade = async () => {
    for (const uid of [LEAD, NOTE, DELIVERY]) {
      const table = tableOf(uid);
      for (const name of [
        `${table}_subject_keys_mark`,
        `${table}_subject_keys_mark_insert`,
        `${table}_subject_keys_mark_update`,
        `${table}_subject_keys_forget`,
      ]) {
        await knex().raw(`DROP TRIGGER IF EXISTS ${name}${db === 'postgres' ? ` ON ${table}` : ''}`);
      }
      if (db === 'mysql') await knex().raw(`ALTER TABLE ${table} DROP INDEX ${table}_subject_keys_stale_idx`);
      else await knex().raw(`DROP INDEX ${table}_subject_keys_stale_idx`);
      await knex().raw(`ALTER TABLE ${table} DROP COLUMN ${STALE}`);
    }
    await knex().raw(`DROP TABLE ${KEY_TABLE}`);
  };

  it('indexes the rows that were there before, after the boot, and finds them meanwhile', async () => {
    await subjectKeys().stop();
    await downgrade();
    app = await restartTestApp(app);
    admin = await loginAs(app.strapi, 'strapi-super-admin', 'keys-upgrade');
    // before the indexer is through: every row is stale, the search reads the tables as before
    expect((await search('email', 'cliente2999@exemplo.com')).counts).toEqual({ leads: 1, notes: 0, deliveries: 1 });
    await subjectKeys().settled();
    await subjectKeys().run();
    const lead = (await app.strapi.db.query(LEAD).findOne({ where: { originLeadId: 'filler-2999' }, select: ['id'] })).id;
    expect(await keysOfRecord('l', lead)).toEqual(
      expect.arrayContaining([keyOf('email', 'cliente2999@exemplo.com'), keyOf('phone', '+5548910002999')])
    );
    const stale = await knex()(tableOf(LEAD))
      .where(STALE, db === 'postgres' ? true : 1)
      .count({ count: '*' });
    expect(Number(stale[0].count)).toBe(0);
    expect((await search('email', 'jurema@example.org')).mentions).toEqual({ leads: 1, notes: 0, deliveries: 0 });
  });

  if (db === 'sqlite') {
    it('makes a lost trigger again (Strapi rebuilds a SQLite table when a column changes) and marks the table stale', async () => {
      await subjectKeys().settled();
      const table = tableOf(NOTE);
      await knex().raw(`DROP TRIGGER ${table}_subject_keys_mark_update`);
      const lead = (await app.strapi.db.query(LEAD).findOne({ where: { originLeadId: 'qe-2' }, select: ['id'] })).id;
      const note = (await app.strapi.db.query(NOTE).create({ data: { body: 'nada', lead } })).id as number;
      await subjectKeys().run();
      // changed while the trigger was missing: not marked
      await knex()(table).where({ id: note }).update({ body: 'ligar para gervasio@example.com' });
      expect(await isStale(NOTE, note)).toBe(false);
      app = await restartTestApp(app);
      admin = await loginAs(app.strapi, 'strapi-super-admin', 'keys-trigger');
      expect((await search('email', 'gervasio@example.com')).mentions).toEqual({ leads: 0, notes: 1, deliveries: 0 });
      await subjectKeys().settled();
      await subjectKeys().run();
      expect(await recordsOfKey(keyOf('email', 'gervasio@example.com'))).toEqual([`n${note}`]);
    });
  }
});
