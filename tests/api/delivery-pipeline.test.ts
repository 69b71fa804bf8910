import type { Core } from '@strapi/strapi';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { freshLead } from '../helpers/fixtures';
import { postRaw } from '../helpers/raw-http';
import { createAdvertiser, deliveriesFor, leadsWithOriginId } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * The delivery pipeline as the portal and an admin meet it: sizes past Strapi's own body limit,
 * other methods, a redelivery to another advertiser, replays of each refused kind, rows that the
 * route did not write, and a database that refuses the delivery log for a while.
 */
let app: TestApp;
let admin: AdminSession;
const BASE = '/api/grupozap/lead';

const post = (path: string, body: unknown, password: string | null = TEST_SECRET) => {
  const request = app.http().post(path).set('Content-Type', 'application/json');
  if (password !== null) request.auth('vivareal', password);
  return request.send(typeof body === 'string' ? body : JSON.stringify(body));
};

/** Bytes as they are, with the portal's credential. */
const postBytes = async (path: string, bytes: Buffer, contentType: string) =>
  postRaw(
    await app.listen(),
    path,
    {
      'content-type': contentType,
      authorization: `Basic ${Buffer.from(`vivareal:${TEST_SECRET}`).toString('base64')}`,
    },
    bytes
  );

const lastDelivery = async (where: Record<string, unknown> = {}) => {
  const rows = await deliveriesFor(app.strapi, where);
  return rows[rows.length - 1];
};

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'pipeline-admin');
  await createAdvertiser(app.strapi, {
    name: 'Jardim',
    slug: 'jardim',
    document: '11222333000181',
  });
  await createAdvertiser(app.strapi, {
    name: 'Praia',
    slug: 'praia',
    document: '11444777000161',
  });
});

afterAll(async () => {
  await app?.stop();
});

describe('bodies of any size above the limit', () => {
  it.each([
    ['1.5 MB', 1.5 * 1024 * 1024],
    ['5 MB', 5 * 1024 * 1024],
  ])('answers a %s body with 413 and logs it', async (_label, size) => {
    const body = JSON.stringify({ ...freshLead(), message: 'x'.repeat(size) });
    const res = await post(`${BASE}/jardim`, body);
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      code: 'BODY_TOO_LARGE',
      message: expect.any(String),
    });
    const row = await lastDelivery({ code: 'BODY_TOO_LARGE' });
    expect(row).toMatchObject({
      outcome: 'refused',
      httpStatus: 413,
      body: null,
    });
    expect(row.bodyBytes).toBeGreaterThanOrEqual(size);
  });
});

describe('other methods', () => {
  it.each(['put', 'delete', 'patch'] as const)('answers %s with 405 in the route’s JSON shape', async (method) => {
    const res = await app.http()[method](`${BASE}/jardim`).auth('vivareal', TEST_SECRET).send({});
    expect(res.status).toBe(405);
    expect(res.headers['content-type']).toMatch(/json/);
    expect(res.headers.allow).toBe('GET, HEAD, POST');
    expect(res.body).toEqual({
      code: 'METHOD_NOT_ALLOWED',
      message: expect.any(String),
    });
  });
});

describe('a redelivery to another advertiser', () => {
  it('is counted on the stored lead, logged as a conflict, and raises the delivery alert', async () => {
    const body = freshLead();
    const originLeadId = String(body.originLeadId);
    expect((await post(`${BASE}/jardim`, body)).status).toBe(201);

    const other = await post(`${BASE}/praia`, body);
    expect(other.status).toBe(200);
    expect(other.body.code).toBe('LEAD_ADVERTISER_CONFLICT');

    const [lead, ...more] = await leadsWithOriginId(app.strapi, originLeadId);
    expect(more).toHaveLength(0);
    expect(lead.advertiser.slug).toBe('jardim');
    expect(lead.deliveryCount).toBe(2);
    const log = await deliveriesFor(app.strapi, { originLeadId });
    expect(log.map((row: { code: string; outcome: string }) => [row.code, row.outcome])).toEqual([
      ['LEAD_CREATED', 'created'],
      ['LEAD_ADVERTISER_CONFLICT', 'conflict'],
    ]);
    expect(log[1].lead.id).toBe(lead.id);

    const alerts = await app.strapi.plugin('grupozap').service('delivery-alerts').active();
    expect(alerts).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'LEAD_ADVERTISER_CONFLICT', count: 1 })]));

    // the same advertiser again is an ordinary duplicate
    expect((await post(`${BASE}/jardim`, body)).body.code).toBe('LEAD_DUPLICATE');
  });
});

describe('replays of each refused kind', () => {
  const replay = (documentId: string) => admin.post(`/grupozap/deliveries/${documentId}/replay`);

  it('replays an unknown advertiser’s lead once it exists, through the same pipeline', async () => {
    const body = freshLead();
    expect((await post(`${BASE}/later-agency`, body)).status).toBe(404);
    const refused = await lastDelivery({
      originLeadId: String(body.originLeadId),
    });
    expect(refused.signature).toEqual(expect.any(String));

    expect((await replay(refused.documentId)).body.data).toMatchObject({
      status: 404,
      code: 'ADVERTISER_NOT_FOUND',
    });
    await createAdvertiser(app.strapi, {
      name: 'Later',
      slug: 'later-agency',
      document: '11222333000262',
    });
    const stored = await replay(refused.documentId);
    expect(stored.body.data).toMatchObject({
      status: 201,
      code: 'LEAD_CREATED',
    });
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead.advertiser.slug).toBe('later-agency');
    const rows = await deliveriesFor(app.strapi, {
      originLeadId: String(body.originLeadId),
    });
    expect(rows.map((row: { method: string; code: string }) => [row.method, row.code])).toEqual([
      ['POST', 'ADVERTISER_NOT_FOUND'],
      ['REPLAY', 'ADVERTISER_NOT_FOUND'],
      ['REPLAY', 'LEAD_CREATED'],
    ]);
  });

  it.each([
    ['MISSING_CLIENT_LISTING_ID', 422, () => JSON.stringify({ ...freshLead(), clientListingId: undefined })],
    ['MISSING_ORIGIN_LEAD_ID', 422, () => JSON.stringify({ ...freshLead(), originLeadId: '' })],
    ['INVALID_JSON', 400, () => '{"originLeadId": "x",'],
    ['BODY_NOT_OBJECT', 400, () => '[1, 2]'],
  ])('refuses a replay of a %s delivery the same way, and logs it', async (code, status, body) => {
    const first = await post(`${BASE}/jardim`, body());
    expect(first.body.code).toBe(code);
    const row = await lastDelivery({ code, method: 'POST' });
    const res = await replay(row.documentId);
    expect(res.body.data).toMatchObject({ status, code, leadId: null });
    expect(await lastDelivery()).toMatchObject({ method: 'REPLAY', code });
  });

  it('cannot replay the refusals of senders that were not authenticated (no body kept)', async () => {
    await post(`${BASE}/jardim`, freshLead(), 'wrong-secret');
    const row = await lastDelivery({ code: 'INVALID_CREDENTIALS' });
    expect(row.body).toBeNull();
    expect((await replay(row.documentId)).status).toBe(400);
  });

  it('replays only rows the route wrote: a forged or altered row is refused', async () => {
    const forgedBody = JSON.stringify(freshLead());
    const forged = await app.strapi.db.query('plugin::grupozap.delivery').create({
      data: {
        receivedAt: new Date(),
        outcome: 'failed',
        httpStatus: 503,
        code: 'STORAGE_UNAVAILABLE',
        advertiserKey: 'jardim',
        path: `${BASE}/jardim`,
        body: forgedBody,
        method: 'POST',
      },
    });
    const res = await replay(forged.documentId);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not written by the lead route/);
    expect(await leadsWithOriginId(app.strapi, String(JSON.parse(forgedBody).originLeadId))).toHaveLength(0);

    // a real row whose body was rewritten afterwards
    const body = freshLead();
    await post(`${BASE}/nobody-yet`, body);
    const real = await lastDelivery({
      originLeadId: String(body.originLeadId),
    });
    await app.strapi.db.query('plugin::grupozap.delivery').update({
      where: { id: real.id },
      data: { advertiserKey: 'jardim' },
    });
    expect((await replay(real.documentId)).status).toBe(400);
  });
});

describe('a database that refuses the delivery log', () => {
  /** Makes every write of leads and deliveries fail, as an unreachable database would. */
  const refuseWrites = (strapi: Core.Strapi) => {
    const fail = () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), {
        code: 'ECONNREFUSED',
      });
    };
    return strapi.db.lifecycles.subscribe({
      models: ['plugin::grupozap.lead', 'plugin::grupozap.delivery'],
      beforeCreate: fail,
      beforeCreateMany: fail,
    }) as unknown as () => void;
  };

  it('keeps the refused deliveries and writes them, with their own times, once the database is back', async () => {
    const bodies = [freshLead(), freshLead(), freshLead()];
    const restore = refuseWrites(app.strapi);
    const sentAt = new Date();
    try {
      for (const body of bodies) {
        const res = await post(`${BASE}/jardim`, body);
        expect(res.status).toBe(503);
        expect(res.body.code).toBe('STORAGE_UNAVAILABLE');
      }
      const pipeline = app.strapi.plugin('grupozap').service('pipeline');
      expect(pipeline.pendingLogRows()).toBe(3);
    } finally {
      restore();
    }
    for (const body of bodies) {
      expect(
        await deliveriesFor(app.strapi, {
          originLeadId: String(body.originLeadId),
        })
      ).toHaveLength(0);
    }

    // the next delivery finds the database back: the kept rows are written first
    const next = freshLead();
    expect((await post(`${BASE}/jardim`, next)).status).toBe(201);
    await app.strapi.plugin('grupozap').service('pipeline').stop();
    for (const body of bodies) {
      const [row, ...more] = await deliveriesFor(app.strapi, {
        originLeadId: String(body.originLeadId),
      });
      expect(more).toHaveLength(0);
      expect(row).toMatchObject({
        code: 'STORAGE_UNAVAILABLE',
        outcome: 'failed',
        httpStatus: 503,
      });
      expect(new Date(row.receivedAt).getTime()).toBeGreaterThanOrEqual(sentAt.getTime() - 1000);
      expect(new Date(row.receivedAt).getTime()).toBeLessThanOrEqual(Date.now());
    }
    // and the portal's retries store the leads
    for (const body of bodies) expect((await post(`${BASE}/jardim`, body)).status).toBe(201);
  });
});

describe('every input answered for what it is', () => {
  it.each([
    ['a NUL', 'Jo\u0000ão'],
    ['a lone high surrogate', 'Jo\ud800ão'],
    ['a lone low surrogate', 'Jo\udc00ão'],
  ])('stores a lead whose name holds %s (escaped), replaced; the log keeps the text as sent', async (_label, name) => {
    const body = freshLead('grupo-olx-current.json', {
      name,
      message: `mensagem ${name}`,
    });
    const res = await post(`${BASE}/jardim`, body);
    expect(res.status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead.name).toBe('Jo\ufffdão');
    expect(lead.payload.name).toBe('Jo\ufffdão');
    const row = await lastDelivery({
      originLeadId: String(body.originLeadId),
    });
    // escaped, the text is plain ASCII: it is the bytes, and replays to the same lead
    expect(row.body).toBe(JSON.stringify(body));
    expect(row.rawBase64).toBeNull();
    expect((await admin.post(`/grupozap/deliveries/${row.documentId}/replay`)).body.data).toMatchObject({
      status: 200,
      code: 'LEAD_DUPLICATE',
    });
  });

  it('stores a lead whose bytes are not UTF-8, replaced, and keeps the exact bytes for a replay', async () => {
    const body = freshLead();
    const bytes = Buffer.concat([
      Buffer.from(JSON.stringify(body).replace(/}$/, ',"name":"Jo')),
      Buffer.from([0xff, 0xfe]),
      Buffer.from('"}'),
    ]);
    const res = await postBytes(`${BASE}/jardim`, bytes, 'application/json');
    expect(res.status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead.name).toBe('Jo\ufffd\ufffd');
    const row = await lastDelivery({ originLeadId: String(body.originLeadId) });
    expect(Buffer.from(row.rawBase64, 'base64').equals(bytes)).toBe(true);
    expect((await admin.post(`/grupozap/deliveries/${row.documentId}/replay`)).body.data).toMatchObject({
      status: 200,
      code: 'LEAD_DUPLICATE',
    });
  });

  it('answers an advertiser key with an encoded NUL as unknown (404), logged, without failing its neighbours', async () => {
    const neighbour = freshLead();
    const [odd, sent] = await Promise.all([post(`${BASE}/jar%00dim`, freshLead()), post(`${BASE}/jardim`, neighbour)]);
    expect(odd.status).toBe(404);
    expect(odd.body.code).toBe('ADVERTISER_NOT_FOUND');
    expect(sent.status).toBe(201);
    expect(await lastDelivery({ code: 'ADVERTISER_NOT_FOUND', advertiserKey: 'jar\ufffddim' })).toMatchObject({
      httpStatus: 404,
    });
  });

  it('refuses JSON nested 10,000 deep with 400 BODY_TOO_DEEP, and logs it', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const text = JSON.stringify(freshLead()).replace(/}$/, `,"extraData":{"deep":${deep}}}`);
    const res = await post(`${BASE}/jardim`, text);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('BODY_TOO_DEEP');
    expect(await lastDelivery()).toMatchObject({
      code: 'BODY_TOO_DEEP',
      outcome: 'refused',
    });
  });

  it('keeps two numeric originLeadIds beyond 2^53 apart, digit for digit', async () => {
    const body = (id: string) => JSON.stringify(freshLead()).replace(/"originLeadId":"[^"]*"/, `"originLeadId":${id}`);
    const first = await post(`${BASE}/jardim`, body('12345678901234567890'));
    const second = await post(`${BASE}/jardim`, body('12345678901234567891'));
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(first.body.leadId).not.toBe(second.body.leadId);
    const [a] = await leadsWithOriginId(app.strapi, '12345678901234567890');
    const [b] = await leadsWithOriginId(app.strapi, '12345678901234567891');
    expect([a.documentId, b.documentId]).toEqual([first.body.leadId, second.body.leadId]);
    expect((await post(`${BASE}/jardim`, body('12345678901234567891'))).body).toMatchObject({
      code: 'LEAD_DUPLICATE',
      leadId: second.body.leadId,
    });
  });

  it('honours the declared charset: an ISO-8859-1 body keeps its accents, and its bytes', async () => {
    const body = freshLead('grupo-olx-current.json', {
      name: 'João Conceição',
      message: 'Olá, é possível visitar?',
    });
    const latin1 = Buffer.from(JSON.stringify(body), 'latin1');
    const res = await postBytes(`${BASE}/jardim`, latin1, 'application/json; charset=ISO-8859-1');
    expect(res.status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead).toMatchObject({
      name: 'João Conceição',
      message: 'Olá, é possível visitar?',
    });
    const row = await lastDelivery({ originLeadId: String(body.originLeadId) });
    expect(Buffer.from(row.rawBase64, 'base64').equals(latin1)).toBe(true);
    expect(row.contentType).toBe('application/json; charset=ISO-8859-1');
  });
});
