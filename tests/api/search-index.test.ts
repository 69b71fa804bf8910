import type { Knex } from 'knex';
import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { currentTestDb } from '../helpers/databases';
import { captureQueries } from '../helpers/query-plans';
import { createAdvertiser } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';
import { SEARCH_COUNT_LOOKAHEAD } from '../../server/src/utils/bounded-pagination';

/**
 * The inbox search with each database's index, against what it promises (utils/search-term): the
 * term anywhere in the name, e-mail or message, case and accents ignored; its digits (three or
 * more) anywhere in the phones' digits. Leads are written every way an app writes them (the lead
 * route, the Query Engine, knex), then changed and deleted every way (the Document Service as the
 * Content Manager does, too), and each search is compared with the promise computed here.
 */
const LEAD = 'plugin::grupozap.lead';
const db = currentTestDb();
/** Leads sharing one surname, more than a probe of the index lists (search-index/engine.ts). */
const COMMON = 1_100;

let app: TestApp;
let admin: AdminSession;

const knex = (): Knex => app.strapi.db.connection;
const leadsTable = () => app.strapi.db.metadata.get(LEAD).tableName;
const column = (attribute: string) =>
  (
    app.strapi.db.metadata.get(LEAD).attributes[attribute] as {
      columnName?: string;
    }
  ).columnName ?? attribute;
const searchIndex = () => app.strapi.plugin('grupozap').service('search-index');

const fold = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const digitsOf = (value: string | null | undefined) => (value ?? '').replace(/\D/g, '');

interface StoredLead {
  documentId: string;
  name: string | null;
  email: string | null;
  message: string | null;
  phone: string | null;
  phoneE164: string | null;
  receivedAt: string;
  id: number;
}

/** What the search promises for `q` over `leads`, newest first. */
const promised = (leads: StoredLead[], q: string): string[] => {
  const term = q.normalize('NFC').trim();
  const text = fold(term);
  const digits = digitsOf(term);
  return leads
    .filter(
      (lead) =>
        [lead.name, lead.email, lead.message].some((field) => field && fold(field.normalize('NFC')).includes(text)) ||
        (digits.length >= 3 && [lead.phone, lead.phoneE164].some((phone) => digitsOf(phone).includes(digits)))
    )
    .sort((a, b) => new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime() || b.id - a.id)
    .map((lead) => lead.documentId);
};

const storedLeads = async (): Promise<StoredLead[]> =>
  app.strapi.db.query(LEAD).findMany({
    select: ['id', 'documentId', 'name', 'email', 'message', 'phone', 'phoneE164', 'receivedAt'],
  });

const search = async (q: string) => {
  const res = await admin.post('/grupozap/leads/search', { q, pageSize: 100 });
  expect(res.status).toBe(200);
  return {
    ids: (res.body.results as Array<{ documentId: string }>).map((lead) => lead.documentId),
    pagination: res.body.pagination as { total: number; totalIsExact: boolean },
  };
};

/** A term each database's index serves: its statements name the index. */
const INDEX_MARK = {
  sqlite: /MATCH/,
  // the folded text's column (the plugin's, kept by a trigger)
  postgres: /"search_text" LIKE/,
  mysql: /AGAINST/,
}[db];

const QUERIES = [
  // accents and case, either way
  'joao',
  'JOÃO',
  'conceicao',
  'Conceição',
  'gonçalves',
  'GONCALVES',
  'muller',
  'Müller',
  'agua quente',
  'açúcar',
  'ACUCAR',
  // parts of words
  'ilva',
  'silv',
  'onceiç',
  'negociáv',
  'visitar o apart',
  // e-mail parts
  'joao.silva@',
  '@gmail',
  'exemplo.com',
  'ana_paula',
  'paula+imoveis',
  // phones, with any punctuation
  '98862',
  '(48) 98862-7634',
  '48 9 8862 7634',
  '3333-4444',
  '1133334444',
  '+55 21',
  // LIKE's own characters are looked for as typed
  '100%',
  '50%',
  '_agora',
  'o_a',
  // nothing, and terms shorter than an index serves
  'inexistente',
  'zé',
  'xy',
];

const expectPromised = async (queries = QUERIES) => {
  const leads = await storedLeads();
  for (const q of queries) {
    const expected = promised(leads, q);
    const { ids, pagination } = await search(q);
    expect({ q, ids }).toEqual({ q, ids: expected.slice(0, 100) });
    expect({ q, total: pagination.total }).toEqual({
      q,
      total: Math.min(expected.length, SEARCH_COUNT_LOOKAHEAD),
    });
  }
};

const deliver = (body: Record<string, unknown>) =>
  app.http().post('/api/grupozap/lead/buscas').auth('vivareal', TEST_SECRET).send(body);

let minute = 0;
/** A receivedAt of its own for each lead, so that the order is the same everywhere. */
const nextReceivedAt = () => new Date(Date.UTC(2026, 4, 1, 12, minute++));

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'searcher');
  await createAdvertiser(app.strapi, {
    name: 'Buscas Imóveis',
    slug: 'buscas',
    document: '11222333000181',
  });
  await searchIndex().settled();
  expect(searchIndex().view()).toMatchObject({ state: 'ready', reason: null });

  // the lead route (createMany and knex links, in the lead writer)
  for (const lead of [
    {
      name: 'João Conceição da Silva',
      email: 'joao.silva@exemplo.com.br',
      ddd: '48',
      phone: '98862-7634',
      message: 'Olá, gostaria de visitar o apartamento',
    },
    {
      name: 'MARIA JOSÉ GONÇALVES',
      email: 'mjg@gmail.com',
      ddd: '11',
      phone: '3333-4444',
      message: 'Tem vaga de garagem? Aceita pet?',
    },
    {
      name: 'Zé Ninguém',
      email: '',
      ddd: '',
      phone: '',
      phoneNumber: undefined,
      message: 'ÁGUA QUENTE e AÇÚCAR, por favor',
    },
  ]) {
    expect(
      (
        await deliver(
          freshLead('grupo-olx-current.json', {
            phoneNumber: undefined,
            ...lead,
          })
        )
      ).status
    ).toBe(201);
  }
  // the Query Engine, as an import writes (SQLite takes 500 rows to a statement)
  const imported = [
    {
      originLeadId: 'qe-1',
      name: 'Ana Paula Müller',
      email: 'ana_paula+imoveis@empresa.com',
      phone: '21 99999 0000',
      phoneE164: '+5521999990000',
      message: 'Preço negociável? 100% financiado',
      receivedAt: nextReceivedAt(),
    },
    // changed and deleted below through the Document Service (the Content Manager edits leads, never creates them)
    {
      originLeadId: 'doc-1',
      name: 'Silvana Gonçalves',
      email: 'silvana@gmail.com',
      message: 'Há vaga coberta?',
      receivedAt: nextReceivedAt(),
    },
    {
      originLeadId: 'qe-2',
      name: 'Pedro Álvares',
      email: 'pedro@descobrimento.pt',
      phone: null,
      message: '50% de desconto_agora',
      receivedAt: nextReceivedAt(),
    },
    ...Array.from({ length: COMMON }, (_, index) => ({
      originLeadId: `qe-silva-${index}`,
      name: `Cliente ${index} Silva`,
      email: `cliente${index}@example.com`,
      message: 'Quero saber o preço',
      receivedAt: nextReceivedAt(),
    })),
  ];
  for (let start = 0; start < imported.length; start += 400)
    await app.strapi.db.query(LEAD).createMany({ data: imported.slice(start, start + 400) });
  // knex, as another plugin or a script might
  await knex()(leadsTable()).insert({
    [column('documentId')]: 'knex-lead-0000000000001',
    [column('originLeadId')]: 'knex-1',
    [column('leadStatus')]: 'new',
    [column('name')]: 'Gabriel Silveira',
    [column('email')]: 'gabriel@exemplo.com',
    [column('message')]: 'Casa com quintal, sem condomínio',
    [column('phoneE164')]: '+5511988887777',
    [column('receivedAt')]: nextReceivedAt(),
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

it('finds what it promises, however the leads were written', async () => {
  await expectPromised();
});

it('uses the index for terms of three characters or more, and counts as far as the inbox does', async () => {
  for (const q of ['joao', 'ilva', '(48) 98862-7634']) {
    const queries = await captureQueries(app.strapi, () => search(q));
    expect({
      q,
      indexed: queries.some((query) => INDEX_MARK.test(query.sql)),
    }).toEqual({ q, indexed: true });
  }
  const queries = await captureQueries(app.strapi, () => search('xy'));
  expect(queries.some((query) => INDEX_MARK.test(query.sql))).toBe(false);

  // a surname of more leads than the index lists at once: the same page, counted up to a search's look-ahead
  const { ids, pagination } = await search('silva');
  expect(ids).toEqual(promised(await storedLeads(), 'silva').slice(0, 100));
  expect(pagination).toMatchObject({ total: SEARCH_COUNT_LOOKAHEAD, totalIsExact: false });
  const page2 = await admin.post('/grupozap/leads/search', {
    q: 'silva',
    pageSize: 100,
    page: 2,
  });
  expect(page2.body.results.map((lead: { documentId: string }) => lead.documentId)).toEqual(
    promised(await storedLeads(), 'silva').slice(100, 200)
  );
});

it('exports what it finds', async () => {
  const res = await admin.post('/grupozap/leads/export', { q: 'gonçalves' }).set('Accept', 'application/json');
  expect(res.status).toBe(200);
  const names = (res.body.data.csv as string)
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split(',')[2]);
  expect(names.sort()).toEqual(['MARIA JOSÉ GONÇALVES', 'Silvana Gonçalves']);
});

it('follows changes and deletions, however they are made', async () => {
  const [byQueryEngine, byDocuments, byKnex] = await Promise.all(
    ['qe-1', 'doc-1', 'knex-1'].map((originLeadId) =>
      app.strapi.db.query(LEAD).findOne({ where: { originLeadId }, select: ['id', 'documentId'] })
    )
  );
  await app.strapi.db.query(LEAD).update({
    where: { id: byQueryEngine.id },
    data: { name: 'Ana Beatriz Nogueira', phone: '(21) 3030-4040' },
  });
  await app.strapi.documents(LEAD as never).update({
    documentId: byDocuments.documentId,
    data: { email: 'silvana.novo@provedor.net', message: 'Mudei de ideia' },
  } as never);
  await knex()(leadsTable())
    .where({ id: byKnex.id })
    .update({
      [column('message')]: 'Prefiro apartamento térreo',
      [column('phoneE164')]: '+5511977776666',
    });
  // a change the index has nothing to do with
  await app.strapi.db.query(LEAD).update({
    where: { id: byKnex.id },
    data: { leadStatus: 'contacted', deliveryCount: 2 },
  });

  const changed = [
    'nogueira',
    'muller',
    '3030-4040',
    'provedor',
    'silvana@gmail',
    'mudei',
    'térreo',
    'quintal',
    '977776666',
    '988887777',
  ];
  await expectPromised([...QUERIES, ...changed]);
  expect((await search('nogueira')).ids).toEqual([byQueryEngine.documentId]);
  expect((await search('quintal')).ids).toEqual([]);

  const route = await app.strapi.db.query(LEAD).findOne({
    where: { name: 'MARIA JOSÉ GONÇALVES' },
    select: ['id', 'documentId'],
  });
  await app.strapi.db.query(LEAD).delete({ where: { id: route.id } });
  await app.strapi.documents(LEAD as never).delete({ documentId: byDocuments.documentId } as never);
  await knex()(leadsTable()).where({ id: byKnex.id }).delete();
  await expectPromised([...QUERIES, ...changed]);
  expect((await search('gonçalves')).ids).toEqual([]);
});

it('shows the index in the settings answer', async () => {
  const res = await admin.get('/grupozap/settings');
  expect(res.status).toBe(200);
  expect(res.body.data.searchIndex).toEqual({
    state: 'ready',
    kind: {
      sqlite: 'sqlite-fts5-trigram',
      postgres: 'postgres-pg_trgm',
      mysql: 'mysql-fulltext-suffixes',
    }[db],
    reason: null,
  });
});
