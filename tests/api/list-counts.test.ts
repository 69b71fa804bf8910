import { loginAs, type AdminSession } from '../helpers/admin-users';
import { startTestApp, type TestApp } from '../helpers/strapi';
import { COUNT_LOOKAHEAD, SEARCH_COUNT_LOOKAHEAD } from '../../server/src/utils/bounded-pagination';

/**
 * The inbox and the delivery log count matching rows no further than 1,000 past the page asked
 * for (a search of the inbox, 200): an exact count would read every matching row on each request.
 */
const LOOKAHEAD = COUNT_LOOKAHEAD;
const LEADS = LOOKAHEAD + 30;

let app: TestApp;
let admin: AdminSession;

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  const receivedAt = new Date('2026-05-04T12:00:00Z');
  // rows written straight to the database: a thousand deliveries through the route would take long
  await app.strapi.db.query('plugin::grupozap.lead').createMany({
    data: Array.from({ length: LEADS }, (_, index) => ({
      originLeadId: `count-${index}`,
      name: index < 10 ? `Raro ${index}` : `Cliente ${index}`,
      leadStatus: index % 2 ? 'new' : 'contacted',
      deliveryCount: 1,
      receivedAt,
      lastDeliveredAt: receivedAt,
    })),
  });
  await app.strapi.db.query('plugin::grupozap.delivery').createMany({
    data: Array.from({ length: LEADS }, (_, index) => ({
      receivedAt,
      outcome: 'created',
      httpStatus: 201,
      code: 'LEAD_CREATED',
      originLeadId: `count-${index}`,
      method: 'POST',
      path: '/api/grupozap/lead',
      ip: '127.0.0.1',
    })),
  });
});

afterAll(async () => {
  await app?.stop();
});

const pagination = async (path: string) => {
  const res = await admin.get(path);
  expect(res.status).toBe(200);
  return res.body.pagination;
};

describe('lead list counts', () => {
  it('stops counting 1,000 leads past the page, and says the total is a lower bound', async () => {
    expect(await pagination('/grupozap/leads?pageSize=25')).toEqual({
      page: 1,
      pageSize: 25,
      pageCount: 40,
      total: LOOKAHEAD,
      totalIsExact: false,
    });
  });

  it('counts further as the reader pages on, so every page stays reachable', async () => {
    expect(await pagination('/grupozap/leads?pageSize=25&page=2')).toEqual({
      page: 2,
      pageSize: 25,
      pageCount: 41,
      total: 25 + LOOKAHEAD,
      totalIsExact: false,
    });
    expect(await pagination('/grupozap/leads?pageSize=25&page=3')).toEqual({
      page: 3,
      pageSize: 25,
      pageCount: 42,
      total: LEADS,
      totalIsExact: true,
    });
    const last = await admin.get('/grupozap/leads?pageSize=25&page=42');
    expect(last.body.results).toHaveLength(LEADS - 41 * 25);
  });

  it("stops a search's count 200 leads past the page, and counts further as the reader pages on", async () => {
    expect(SEARCH_COUNT_LOOKAHEAD).toBe(200);
    // 1,020 leads named "Cliente …"
    const searchPage = async (page: number) => {
      const res = await admin.post('/grupozap/leads/search', { q: 'cliente', pageSize: 25, page });
      expect(res.status).toBe(200);
      return res.body;
    };
    expect((await searchPage(1)).pagination).toEqual({
      page: 1,
      pageSize: 25,
      pageCount: 8,
      total: 200,
      totalIsExact: false,
    });
    expect((await searchPage(9)).pagination).toMatchObject({ total: 8 * 25 + 200, pageCount: 16, totalIsExact: false });
    const last = await searchPage(41);
    expect(last.pagination).toMatchObject({ total: LEADS - 10, pageCount: 41, totalIsExact: true });
    expect(last.results).toHaveLength(LEADS - 10 - 40 * 25);
  });

  it('gives the exact total of a filter or search with fewer matches', async () => {
    const search = await admin.post('/grupozap/leads/search', { q: 'raro' });
    expect(search.status).toBe(200);
    expect(search.body.pagination).toMatchObject({ total: 10, totalIsExact: true });
    expect(await pagination('/grupozap/leads?status=new&pageSize=100')).toMatchObject({
      total: LEADS / 2,
      pageCount: 6,
      totalIsExact: true,
    });
  });
});

describe('delivery log counts', () => {
  it('bounds the count the same way', async () => {
    expect(await pagination('/grupozap/deliveries?pageSize=25')).toEqual({
      page: 1,
      pageSize: 25,
      pageCount: 40,
      total: LOOKAHEAD,
      totalIsExact: false,
    });
    expect(await pagination('/grupozap/deliveries?pageSize=100&page=2')).toEqual({
      page: 2,
      pageSize: 100,
      pageCount: 11,
      total: LEADS,
      totalIsExact: true,
    });
  });
});
