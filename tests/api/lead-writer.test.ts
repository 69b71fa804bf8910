import { traceOf, type DeliveryTrace } from '../../server/src/delivery/delivery';
import type { NewLead, Redelivery } from '../../server/src/services/lead-writer';
import { freshLead } from '../helpers/fixtures';
import { createAdvertiser, createListing, deliveriesFor, leadsWithOriginId } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

let app: TestApp;
let advertiserId: number;
let listingId: number;
/** Rows per INSERT of leads, as the Query Engine's lifecycle sees them. */
const groupSizes: number[] = [];

beforeAll(async () => {
  app = await startTestApp();
  const agency = await createAdvertiser(app.strapi, { name: 'Jardim', slug: 'jardim', document: '11222333000181' });
  advertiserId = agency.id;
  listingId = (await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: agency.documentId })).id;
  app.strapi.db.lifecycles.subscribe({
    models: ['plugin::grupozap.lead'],
    afterCreateMany(event) {
      groupSizes.push((event.params.data as unknown[]).length);
    },
  });
});

afterAll(async () => {
  await app?.stop();
});

const writer = () =>
  app.strapi.plugin('grupozap').service('lead-writer') as {
    write(lead: NewLead): Promise<{ id: number; documentId: string }>;
    countRedelivery(redelivery: Redelivery): Promise<void>;
    expect(trace: DeliveryTrace): { done(): void };
  };

const newLead = (
  originLeadId: string,
  contact: Pick<NewLead['data'], 'phoneE164' | 'email'> = { phoneE164: null, email: null }
): NewLead => {
  const trace: DeliveryTrace = {
    ...traceOf({
      source: 'http',
      receivedAt: new Date(),
      startedAt: process.hrtime.bigint(),
      method: 'POST',
      path: '/api/grupozap/lead/jardim',
      ip: '127.0.0.1',
      userAgent: 'test',
      advertiserKey: 'jardim',
      contentType: 'application/json',
      bytes: Buffer.from('{}'),
      bodyBytes: 2,
      bodyProblem: null,
    }),
    authenticated: true,
    originLeadId,
    text: '{}',
  };
  const now = new Date();
  return {
    trace,
    data: {
      originLeadId,
      name: `Cliente ${originLeadId}`,
      ...contact,
      leadStatus: 'new',
      deliveryCount: 1,
      receivedAt: now,
      lastDeliveredAt: now,
    },
    advertiserId,
    listingId,
  };
};

const linkedLead = async (originLeadId: string) => {
  const [lead] = await leadsWithOriginId(app.strapi, originLeadId);
  const log = await deliveriesFor(app.strapi, { originLeadId });
  return { lead, log };
};

it('writes the leads that arrive during a write as one group, each with its links and delivery row', async () => {
  const ids = ['group-a', 'group-b', 'group-c', 'group-d'];
  groupSizes.length = 0;
  const leads = ids.map((id) => newLead(id));
  // the first one schedules a write for the next turn of the event loop; the others join it
  const created = await Promise.all(leads.map((lead) => writer().write(lead)));
  expect(groupSizes).toEqual([4]);

  for (const [index, originLeadId] of ids.entries()) {
    const { lead, log } = await linkedLead(originLeadId);
    expect(lead).toMatchObject({ id: created[index].id, documentId: created[index].documentId });
    expect(lead.advertiser).toMatchObject({ id: advertiserId });
    expect(lead.listing).toMatchObject({ id: listingId });
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ code: 'LEAD_CREATED', httpStatus: 201, lead: { id: created[index].id } });
  }
});

describe('a group and the deliveries on their way to it', () => {
  it('waits for a delivery on its way, and writes it in the same group', async () => {
    groupSizes.length = 0;
    const late = newLead('gather-late');
    const onItsWay = writer().expect(late.trace);
    const first = writer().write(newLead('gather-first'));
    // the late one asks 2 ms later, still within the group's wait
    const second = new Promise<unknown>((resolve, reject) => setTimeout(() => writer().write(late).then(resolve, reject), 2));
    await Promise.all([first, second]);
    onItsWay.done();
    expect(groupSizes).toEqual([2]);
  });

  it('goes without a delivery that gives up on its way', async () => {
    groupSizes.length = 0;
    const onItsWay = writer().expect(newLead('gather-refused').trace);
    const first = writer().write(newLead('gather-alone'));
    setTimeout(() => onItsWay.done(), 1);
    await first;
    expect(groupSizes).toEqual([1]);
  });

  it('does not wait for ever for a delivery that never asks', async () => {
    groupSizes.length = 0;
    const onItsWay = writer().expect(newLead('gather-lost').trace);
    try {
      await writer().write(newLead('gather-not-held'));
      expect(groupSizes).toEqual([1]);
    } finally {
      onItsWay.done();
    }
  });
});

it("writes each lead of a group with its person: a returning one's, one begun in the group, or a new one", async () => {
  const returning = { phoneE164: '+5511987650001', email: null };
  const before = await writer().write(newLead('person-before', returning));
  groupSizes.length = 0;
  const group = await Promise.all(
    [
      newLead('person-1', returning),
      newLead('person-2', { phoneE164: null, email: 'Nova.Pessoa@example.com' }),
      newLead('person-3', { phoneE164: '+5521987650002', email: null }),
      // the group's second lead by e-mail (another case), the third by phone: one person
      newLead('person-4', { phoneE164: '+5521987650002', email: 'nova.pessoa@example.com' }),
      newLead('person-5', returning),
      newLead('person-6', { phoneE164: null, email: null }),
    ].map((lead) => writer().write(lead))
  );
  expect(groupSizes).toEqual([6]);

  const rows: Array<{ id: number; personId: number; personLatest: boolean }> = await app.strapi.db
    .query('plugin::grupozap.lead')
    .findMany({
      where: { id: { $in: [before.id, ...group.map((lead) => lead.id)] } },
      select: ['id', 'personId', 'personLatest'],
      orderBy: { id: 'asc' },
    });
  const [b, p1, p2, p3, p4, p5, p6] =
    group.length === 6 ? [before, ...group].map(({ id }) => rows.find((row) => row.id === id)!) : [];
  // the returning person keeps their id; only their newest lead is marked
  expect([b, p1, p5].map((row) => [row.personId, Boolean(row.personLatest)])).toEqual([
    [before.id, false],
    [before.id, false],
    [before.id, true],
  ]);
  // a person begun in the group is their first lead's: p4 has p3's phone (looked at first) and p2's e-mail
  expect([p3, p4].map((row) => [row.personId, Boolean(row.personLatest)])).toEqual([
    [p3.id, false],
    [p3.id, true],
  ]);
  expect([p2.personId, Boolean(p2.personLatest)]).toEqual([p2.id, true]);
  // nobody named: a person of their own
  expect([p6.personId, Boolean(p6.personLatest)]).toEqual([p6.id, true]);
});

it('writes a failed group again lead by lead, so only the failing lead sees the error', async () => {
  groupSizes.length = 0;
  const first = writer().write(newLead('solo-1'));
  // same originLeadId twice in one group: the unique index refuses the group
  const twin = writer().write(newLead('twin'));
  const twinAgain = writer().write(newLead('twin'));
  const other = writer().write(newLead('solo-2'));
  const results = await Promise.allSettled([first, twin, twinAgain, other]);

  expect(results.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  expect(await leadsWithOriginId(app.strapi, 'twin')).toHaveLength(1);
  expect((await linkedLead('solo-2')).log).toHaveLength(1);
  // the group failed as a whole (nothing of it stayed), then went one by one
  expect((await deliveriesFor(app.strapi, { originLeadId: 'twin' })).filter((row: { lead: unknown }) => row.lead)).toHaveLength(
    1
  );
});

it('counts the redeliveries of a group with the new leads, each lead by as many as it got', async () => {
  const [first, second] = await Promise.all([writer().write(newLead('counted-1')), writer().write(newLead('counted-2'))]);
  groupSizes.length = 0;
  const redeliver = (leadId: number, originLeadId: string) =>
    writer().countRedelivery({ trace: newLead(originLeadId).trace, leadId, code: 'LEAD_DUPLICATE' });
  await Promise.all([
    redeliver(first.id, 'counted-1'),
    writer().write(newLead('counted-3')),
    redeliver(first.id, 'counted-1'),
    redeliver(second.id, 'counted-2'),
    redeliver(first.id, 'counted-1'),
  ]);
  expect(groupSizes).toEqual([1]); // one INSERT of leads for the whole group: its one new lead

  const counted = async (originLeadId: string) => {
    const { lead, log } = await linkedLead(originLeadId);
    return {
      deliveryCount: lead.deliveryCount,
      codes: log.map((row: { code: string; lead: { id: number } }) => [row.code, row.lead.id === lead.id]),
    };
  };
  expect(await counted('counted-1')).toEqual({
    deliveryCount: 4,
    codes: [
      ['LEAD_CREATED', true],
      ['LEAD_DUPLICATE', true],
      ['LEAD_DUPLICATE', true],
      ['LEAD_DUPLICATE', true],
    ],
  });
  expect(await counted('counted-2')).toEqual({
    deliveryCount: 2,
    codes: [
      ['LEAD_CREATED', true],
      ['LEAD_DUPLICATE', true],
    ],
  });
  expect(await counted('counted-3')).toEqual({ deliveryCount: 1, codes: [['LEAD_CREATED', true]] });
});

it('answers every concurrent delivery through the route, one lead per originLeadId', async () => {
  const baseUrl = await app.listen();
  const bodies = Array.from({ length: 30 }, () => freshLead());
  const answers = await Promise.all(
    [...bodies, ...bodies.slice(0, 10)].map(async (body) => {
      const res = await fetch(`${baseUrl}/api/grupozap/lead/jardim`, {
        method: 'POST',
        headers: {
          Authorization: `Basic ${Buffer.from(`vivareal:${TEST_SECRET}`).toString('base64')}`,
          'Content-Type': 'application/json',
        },
        body: JSON.stringify(body),
      });
      return res.status;
    })
  );
  expect(answers.filter((status) => status === 201)).toHaveLength(30);
  expect(answers.filter((status) => status === 200)).toHaveLength(10);
  for (const body of bodies) expect(await leadsWithOriginId(app.strapi, String(body.originLeadId))).toHaveLength(1);
});

describe('look-ups of concurrent deliveries, read together', () => {
  const deliver = (baseUrl: string, advertiser: string, body: Record<string, unknown>) =>
    fetch(`${baseUrl}/api/grupozap/lead/${advertiser}`, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${Buffer.from(`vivareal:${TEST_SECRET}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify(body),
    });

  it('gives each lead its own advertiser and that advertiser’s listing, when two agencies use one code', async () => {
    const baseUrl = await app.listen();
    const mar = await createAdvertiser(app.strapi, { name: 'Mar', slug: 'mar', document: '11444777000161' });
    const marListing = await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: mar.documentId });
    const bodies = Array.from({ length: 20 }, (_, index) => ({
      index,
      body: freshLead('grupo-olx-current.json', { clientListingId: 'JDA-4821' }),
    }));
    const answers = await Promise.all(bodies.map(({ index, body }) => deliver(baseUrl, index % 2 ? 'MAR' : 'jardim', body)));
    expect(answers.map((res) => res.status)).toEqual(bodies.map(() => 201));
    for (const { index, body } of bodies) {
      const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
      expect(lead.advertiser.id).toBe(index % 2 ? mar.id : advertiserId);
      expect(lead.listing.id).toBe(index % 2 ? marListing.id : listingId);
    }
  });

  it('takes an originLeadId in another letter case for the lead the database matches it with', async () => {
    const baseUrl = await app.listen();
    const body = freshLead();
    const originLeadId = `case-${String(body.originLeadId)}`.toLowerCase();
    expect((await deliver(baseUrl, 'jardim', { ...body, originLeadId })).status).toBe(201);
    const again = await deliver(baseUrl, 'jardim', { ...body, originLeadId: originLeadId.toUpperCase() });
    // MariaDB's default collation compares text regardless of case (and its unique index too): the
    // same lead again; PostgreSQL and SQLite compare exactly: another lead
    expect(again.status).toBe(app.database.db === 'mysql' ? 200 : 201);
  });
});
