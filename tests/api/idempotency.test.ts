import { freshLead } from '../helpers/fixtures';
import { createAdvertiser, createListing, deliveriesFor, leadsWithOriginId } from '../helpers/seed';
import { startSecondInstance, type SecondInstance } from '../helpers/second-instance';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

const AUTH = `Basic ${Buffer.from(`vivareal:${TEST_SECRET}`).toString('base64')}`;
const CONCURRENCY = 50;

const deliver = async (baseUrl: string, body: unknown) => {
  const res = await fetch(`${baseUrl}/api/grupozap/lead/jardim`, {
    method: 'POST',
    headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { code: string; leadId?: string } };
};

let app: TestApp;
let baseUrl: string;

beforeAll(async () => {
  app = await startTestApp();
  const agency = await createAdvertiser(app.strapi, { name: 'Jardim', slug: 'jardim', document: '11222333000181' });
  await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: agency.documentId });
  baseUrl = await app.listen();
});

afterAll(async () => {
  await app?.stop();
});

const expectExactlyOne = async (originLeadId: string, answers: { status: number; body: { code: string; leadId?: string } }[]) => {
  expect(answers.map((answer) => answer.status).filter((status) => status < 200 || status >= 300)).toEqual([]);
  expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
  expect(new Set(answers.map((answer) => answer.body.leadId)).size).toBe(1);

  const rows = await leadsWithOriginId(app.strapi, originLeadId);
  expect(rows).toHaveLength(1);
  expect(rows[0].deliveryCount).toBe(answers.length);
  const log = await deliveriesFor(app.strapi, { originLeadId });
  expect(log).toHaveLength(answers.length);
  expect(log.filter((row: { outcome: string }) => row.outcome === 'created')).toHaveLength(1);
};

it(`stores ${CONCURRENCY} simultaneous deliveries of one lead as exactly one lead`, async () => {
  const body = freshLead();
  const answers = await Promise.all(Array.from({ length: CONCURRENCY }, () => deliver(baseUrl, body)));
  await expectExactlyOne(String(body.originLeadId), answers);
});

it('stores many different leads delivered twice each, at once, once each', async () => {
  const bodies = Array.from({ length: 20 }, () => freshLead());
  const answers = await Promise.all(bodies.flatMap((body) => [deliver(baseUrl, body), deliver(baseUrl, body)]));
  expect(answers.every((answer) => answer.status === 200 || answer.status === 201)).toBe(true);
  for (const body of bodies) {
    const rows = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(rows).toHaveLength(1);
    expect(rows[0].deliveryCount).toBe(2);
  }
});

// Several Strapi instances share one database in production; SQLite is single-host by design.
const multiInstance = process.env.TEST_DB === 'sqlite' ? describe.skip : describe;

multiInstance('two Strapi processes on one database', () => {
  let second: SecondInstance;

  beforeAll(async () => {
    second = await startSecondInstance(app);
  });

  afterAll(async () => {
    await second?.stop();
  });

  it(`stores ${CONCURRENCY} simultaneous deliveries of one lead, split between both, as exactly one lead`, async () => {
    const body = freshLead();
    const answers = await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, index) => deliver(index % 2 ? second.baseUrl : baseUrl, body))
    );
    await expectExactlyOne(String(body.originLeadId), answers);
  });
});
