import { LEAD_SORTABLE_FIELDS } from '../../shared/contracts/leads';
import { insertLinks } from '../../server/src/utils/row-writes';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { currentTestDb } from '../helpers/databases';
import { captureQueries, explain, type TableAccess } from '../helpers/query-plans';
import { startTestApp, type TestApp } from '../helpers/strapi';

/**
 * Every filter, sort and search of the inbox is served by an index: the statements the inbox
 * sends for each (captured from knex) are EXPLAINed on a table of leads where each filtered value
 * is rare (1 in 1,000), as a large inbox has them, and no statement may read the leads' table whole.
 *
 * Three filters keep most leads by nature (unassigned, not overdue, no listing): for them, and for
 * the sorts alone, the statement walks the sort's index and stops when the page is full.
 */
const LEAD = 'plugin::grupozap.lead';
const LEADS = 20_000;
const RARE = 1000;
const db = currentTestDb();

let app: TestApp;
let admin: AdminSession;
let small: { id: number; documentId: string };
const leadsTable = () => app.strapi.db.metadata.get(LEAD).tableName;

const now = Date.now();
const DAY = 86_400_000;

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'plans');
  const strapi = app.strapi;
  const [big, smallAdvertiser] = await Promise.all(
    ['Big', 'Small'].map((name, index) =>
      strapi.db
        .query('plugin::grupozap.advertiser')
        .create({ data: { name, slug: name.toLowerCase(), document: `1122233300018${index}`, documentId: `adv-${name}` } })
    )
  );
  small = smallAdvertiser;
  const listing = await strapi.db
    .query('plugin::grupozap.listing')
    .create({ data: { clientListingId: 'PLAN-1', documentId: 'listing-plan' } });

  const rare = (index: number) => index % RARE === 0;
  for (let start = 0; start < LEADS; start += 500) {
    await strapi.db.query(LEAD).createMany({
      data: Array.from({ length: 500 }, (_, offset) => {
        const index = start + offset;
        return {
          documentId: `plan-${index}`,
          originLeadId: `plan-${index}`,
          name: index === 7777 ? 'Hermenegilda Quixabeira' : `Cliente ${index} Silva`,
          email: `cliente${index}@example.com`,
          phone: `9${String(10_000_000 + index)}`,
          phoneE164: `+55489${String(10_000_000 + index)}`,
          message: `Olá, tenho interesse no imóvel ${index}`,
          leadStatus: rare(index) ? 'won' : 'new',
          leadOrigin: rare(index + 1) ? 'Zap' : 'VivaReal',
          temperature: rare(index + 2) ? 'Alta' : 'Baixa',
          transactionType: rare(index + 3) ? 'RENT' : 'SELL',
          leadType: 'CONTACT_FORM',
          receivedAt: new Date(now - index * 3_600_000),
          slaDueAt: rare(index + 4) ? new Date(now - DAY) : new Date(now + index * 3_600_000),
          deliveryCount: 1,
        };
      }),
    });
  }
  const ids: Array<{ id: number; originLeadId: string }> = await strapi.db
    .query(LEAD)
    .findMany({ select: ['id', 'originLeadId'] });
  const idOf = (index: number) => ids.find((row) => row.originLeadId === `plan-${index}`)!.id;
  const everyIndex = Array.from({ length: LEADS }, (_, index) => index);
  const byIndex = new Map(ids.map((row) => [Number(row.originLeadId.slice(5)), row.id]));
  expect(byIndex.size).toBe(LEADS);
  expect(idOf(0)).toBeGreaterThan(0);
  const link = async (relation: string, links: Array<{ ownerId: number; targetId: number }>) => {
    for (let start = 0; start < links.length; start += 400)
      await insertLinks(strapi, LEAD, relation, links.slice(start, start + 400));
  };
  await link(
    'advertiser',
    everyIndex.map((index) => ({ ownerId: byIndex.get(index)!, targetId: rare(index + 5) ? small.id : big.id }))
  );
  await link(
    'assignee',
    everyIndex.filter((index) => rare(index + 6)).map((index) => ({ ownerId: byIndex.get(index)!, targetId: admin.id }))
  );
  await link(
    'listing',
    everyIndex.filter((index) => rare(index + 7)).map((index) => ({ ownerId: byIndex.get(index)!, targetId: listing.id }))
  );

  // the planners' statistics, as a database that has lived with its leads has them (on
  // PostgreSQL, autovacuum's: VACUUM also moves the trigram indexes' pending lists, which a GIN
  // index keeps for fast inserts and which the planner prices as read whole, into the index)
  const knex = strapi.db.connection;
  if (db === 'postgres') await knex.raw('VACUUM ANALYZE');
  else if (db === 'mysql') {
    for (const table of [leadsTable(), `${leadsTable()}_search`]) await knex.raw(`ANALYZE TABLE ??`, [table]);
  } else await knex.raw('ANALYZE');
  await strapi.plugin('grupozap').service('search-index').settled();
}, 300_000);

afterAll(async () => {
  await app?.stop();
});

/** The accesses to the leads' table of each statement the plugin sends for the request `send`. */
const plansWhile = async (send: () => Promise<{ status: number }>) => {
  const table = leadsTable();
  let status = 0;
  const queries = await captureQueries(app.strapi, async () => {
    status = (await send()).status;
  });
  expect(status).toBe(200);
  const readingLeads = queries.filter((query) =>
    new RegExp(`from (?:[\`"]\\w+[\`"]\\.)?[\`"]${table}[\`"] as [\`"]t0[\`"]`).test(query.sql)
  );
  expect(readingLeads.length).toBeGreaterThan(0);
  const plans: Array<{ sql: string; accesses: TableAccess[] }> = [];
  for (const query of readingLeads) {
    const accesses = (await explain(app.strapi, db, query)).filter((access) => access.table === 't0' || access.table === table);
    plans.push({ sql: query.sql, accesses });
  }
  return plans;
};

/** The accesses to the leads' table of each statement the inbox sends for `body`. */
const plansOf = (body: Record<string, unknown>) => plansWhile(() => admin.post('/grupozap/leads/search', body));

const describePlans = (plans: Array<{ sql: string; accesses: TableAccess[] }>) =>
  plans.map((plan) => `${plan.sql}\n  ${plan.accesses.map((access) => access.detail).join('\n  ')}`).join('\n');

/**
 * No statement reads the leads' table whole. `walks`: a statement may walk an index from its end,
 * or read the table in its order, checking each lead, since most leads pass. PostgreSQL's planner,
 * which knows how many leads a value has, may also walk an index when the walk stops at the page
 * (the plan shows it bounded by the LIMIT).
 */
const expectServedByIndexes = async (
  body: Record<string, unknown> | (() => Promise<{ status: number }>),
  { walks = false } = {}
) => {
  const plans = await (typeof body === 'function' ? plansWhile(body) : plansOf(body));
  const reads = (access: TableAccess) =>
    (access.fullScan && !(walks && access.bounded !== false)) || (access.indexWalk && !walks && access.bounded !== true);
  const bad = plans.filter((plan) => plan.accesses.some(reads));
  if (bad.length)
    throw new Error(
      `${typeof body === 'function' ? 'the request' : JSON.stringify(body)} reads the leads' table:\n${describePlans(bad)}`
    );
};

const FILTERS: Array<[string, () => Record<string, unknown>]> = [
  ['status', () => ({ status: 'won' })],
  ['advertiser', () => ({ advertiser: small.documentId })],
  ['origin', () => ({ origin: 'Zap' })],
  ['temperature', () => ({ temperature: 'Alta' })],
  ['transaction type', () => ({ transactionType: 'RENT' })],
  [
    'received between two dates',
    () => ({ from: new Date(now - 3 * DAY).toISOString(), to: new Date(now - 2 * DAY).toISOString() }),
  ],
  ['assignee (a user)', () => ({ assignee: String(admin.id) })],
  ['assignee (me)', () => ({ assignee: 'me' })],
  ['overdue', () => ({ overdue: true })],
  ['follow-up due today', () => ({ followUp: 'today' })],
  ['follow-up overdue', () => ({ followUp: 'overdue' })],
  ['listing matched', () => ({ listingMatched: true })],
];

describe.each(FILTERS)('filter: %s', (_, body) => {
  it('is served by an index', async () => {
    await expectServedByIndexes(body());
  });
});

describe.each([
  ['unassigned', { assignee: 'none' }],
  ['not overdue', { overdue: false }],
  ['no listing', { listingMatched: false }],
  ['one row per person', { perPerson: true }],
])('filter keeping most leads: %s', (_, body) => {
  it('walks the sort index, stopping when the page is full', async () => {
    await expectServedByIndexes(body, { walks: true });
  });
});

describe.each(
  LEAD_SORTABLE_FIELDS.filter((field) => field !== 'deliveryCount').flatMap((field) => [`${field}:asc`, `${field}:desc`])
)('sort %s', (sort) => {
  it('walks an index in its order', async () => {
    await expectServedByIndexes({ sort }, { walks: true });
  });
});

describe('search', () => {
  it.each([
    ['a name matching one lead', 'quixabeira'],
    ['accents and case', 'HERMENEGILDA'],
    ['phone digits, punctuated', '(48) 9 1000-7777'],
    ['an e-mail', 'cliente7777@example'],
  ])('%s is served by the search index', async (_, q) => {
    await expectServedByIndexes({ q });
  });

  it('with a filter', async () => {
    await expectServedByIndexes({ q: 'quixabeira', status: 'new' });
  });
});

describe('the check itself', () => {
  it('sees a statement that reads the leads one by one (a term too short for the search index)', async () => {
    await expect(expectServedByIndexes({ q: 'xy' })).rejects.toThrow(/reads the leads' table/);
  });
});

describe("a lead's person", () => {
  it('is found through the phone and e-mail indexes', async () => {
    await expectServedByIndexes(() => admin.get('/grupozap/leads/plan-7777/person'));
  });
});
