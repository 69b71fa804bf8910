import { fixtureNames, freshLead, loadFixture } from '../helpers/fixtures';
import { createAdvertiser, createListing, deliveriesFor, leadsWithOriginId } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

let app: TestApp;
const BASE = '/api/grupozap/lead';

const post = (path: string, body: unknown, password: string | null = TEST_SECRET) => {
  const request = app.http().post(path).set('Content-Type', 'application/json');
  if (password !== null) request.auth('vivareal', password);
  return request.send(typeof body === 'string' ? body : JSON.stringify(body));
};

beforeAll(async () => {
  app = await startTestApp();
  const agency = await createAdvertiser(app.strapi, { name: 'Agência Jardim', slug: 'jardim', document: '11222333000181' });
  await createAdvertiser(app.strapi, { name: 'Old Agency', slug: 'old-agency', document: '11444777000161', active: false });
  for (const code of ['JDA-4821', 'AP0511', 'a40171']) {
    await createListing(app.strapi, { clientListingId: code, advertiser: agency.documentId });
  }
});

afterAll(async () => {
  await app?.stop();
});

describe('accepted deliveries', () => {
  it.each(fixtureNames().filter((name) => name !== 'missing-client-listing-id.json'))(
    'stores the fixture %s with 201, then answers its redelivery with 200',
    async (name) => {
      const body = loadFixture(name);
      const first = await post(`${BASE}/jardim`, body);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ code: 'LEAD_CREATED' });
      expect(typeof first.body.leadId).toBe('string');

      const again = await post(`${BASE}/jardim`, body);
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ code: 'LEAD_DUPLICATE', leadId: first.body.leadId });

      const [lead, ...others] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
      expect(others).toHaveLength(0);
      expect(lead.deliveryCount).toBe(2);
      expect(lead.payload).toEqual(body);
      expect(lead.advertiser?.slug).toBe('jardim');
    }
  );

  it('fills every column from the current payload', async () => {
    const body = freshLead('grupo-olx-current.json');
    expect((await post(`${BASE}/jardim`, body)).status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead).toMatchObject({
      leadOrigin: 'Grupo OLX',
      leadType: 'VISIT_REQUEST',
      temperature: 'Alta',
      transactionType: 'SELL',
      name: 'Carla Souza',
      email: 'carla.souza@example.com',
      ddd: '48',
      phone: '988627634',
      phoneE164: '+5548988627634',
      message: 'Gostaria de agendar uma visita no sábado.',
      clientListingId: 'JDA-4821',
      originListingId: '2712345678',
      leadStatus: 'new',
      deliveryCount: 1,
      timestampRaw: '2026-03-10T14:22:01.123Z',
    });
    expect(new Date(lead.originTimestamp).toISOString()).toBe('2026-03-10T14:22:01.123Z');
    expect(lead.extraData).toEqual(body.extraData);
    expect(lead.listing?.clientListingId).toBe('JDA-4821');
    expect(lead.receivedAt).toBeTruthy();
  });

  it('reads a zone-less timestamp in America/Sao_Paulo and the phone from the deprecated phoneNumber', async () => {
    const body = freshLead('legacy-zoneless-phonenumber-only.json');
    expect((await post(`${BASE}/jardim`, body)).status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(new Date(lead.originTimestamp).toISOString()).toBe('2019-04-14T12:05:00.000Z');
    expect(lead.timestampRaw).toBe('2019-04-14T09:05:00');
    expect(lead.phoneE164).toBe('+5521988887777');
    expect(lead.email).toBeNull();
    expect(lead.message).toBe(body.message);
    expect(String(lead.message).length).toBeGreaterThan(255);
  });

  it('accepts unknown fields, unknown enum values, numbers for strings, snake_case transaction type, an empty message and no contact data', async () => {
    const body = freshLead('grupo-olx-current.json', {
      leadOrigin: 'Portal Novo 2027',
      temperature: 'Morna',
      transaction_type: 'RENT',
      transactionType: undefined,
      ddd: 11,
      phone: 987654321,
      originListingId: 2712345678,
      message: '',
      email: undefined,
      somethingNew: { nested: [1, 2, 3] },
      timestamp: 'amanhã de manhã',
    });
    delete body.transactionType;
    delete body.email;
    const res = await post(`${BASE}/jardim`, body);
    expect(res.status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead).toMatchObject({
      leadOrigin: 'Portal Novo 2027',
      temperature: 'Morna',
      transactionType: 'RENT',
      ddd: '11',
      phone: '987654321',
      phoneE164: '+5511987654321',
      originListingId: '2712345678',
      message: null,
      email: null,
      originTimestamp: null,
      timestampRaw: 'amanhã de manhã',
    });
    expect(lead.payload.somethingNew).toEqual({ nested: [1, 2, 3] });
  });

  it('keeps accents and emoji on every database', async () => {
    const body = freshLead('grupo-olx-current.json', { name: 'João Conceição 🏠', message: 'Ótimo imóvel! 😀 Ação, São Paulo.' });
    expect((await post(`${BASE}/jardim`, body)).status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead.name).toBe('João Conceição 🏠');
    expect(lead.message).toBe('Ótimo imóvel! 😀 Ação, São Paulo.');
  });

  it('accepts a numeric originLeadId and stores it as text', async () => {
    const id = Date.now();
    const body = freshLead('manual-example.json', { originLeadId: id });
    expect((await post(`${BASE}/jardim`, body)).status).toBe(201);
    expect(await leadsWithOriginId(app.strapi, String(id))).toHaveLength(1);
  });

  it('accepts a trailing slash, any letter case in the advertiser key, and the single endpoint', async () => {
    expect((await post(`${BASE}/jardim/`, freshLead())).status).toBe(201);
    expect((await post(`${BASE}/JARDIM`, freshLead())).status).toBe(201);
    expect((await post(`${BASE}/`, freshLead())).status).toBe(201);
  });

  it('on the single endpoint, finds the advertiser from the listing code', async () => {
    const body = freshLead('manual-example.json');
    expect((await post(BASE, body)).status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead.advertiser?.slug).toBe('jardim');
    expect(lead.listing?.clientListingId).toBe('a40171');
  });

  it('finds the advertiser of an MCMV lead by the seller document', async () => {
    const body = freshLead('mcmv-no-listing.json');
    expect((await post(BASE, body)).status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead.advertiser?.slug).toBe('jardim');
    expect(lead.listing).toBeNull();
  });

  it('stores a lead nobody can be found for, unassigned', async () => {
    const body = freshLead('grupo-olx-current.json', { clientListingId: 'NOBODY-HAS-THIS' });
    const res = await post(BASE, body);
    expect(res.status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead.advertiser).toBeNull();
    expect(lead.listing).toBeNull();
    expect(lead.clientListingId).toBe('NOBODY-HAS-THIS');
  });

  it('links a lead to its listing once the listing is created', async () => {
    const body = freshLead('grupo-olx-current.json', { clientListingId: 'LATER-77' });
    expect((await post(`${BASE}/jardim`, body)).status).toBe(201);
    let [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead.listing).toBeNull();

    const agency = await app.strapi.db.query('plugin::grupozap.advertiser').findOne({ where: { slug: 'jardim' } });
    await createListing(app.strapi, { clientListingId: 'LATER-77', advertiser: agency.documentId });
    [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(lead.listing?.clientListingId).toBe('LATER-77');
  });

  it('never overwrites what an agent edited when the lead is delivered again', async () => {
    const body = freshLead();
    expect((await post(`${BASE}/jardim`, body)).status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    await app.strapi.db.query('plugin::grupozap.lead').update({
      where: { id: lead.id },
      data: { leadStatus: 'contacted', name: 'Carla (cliente antiga)' },
    });

    const res = await post(`${BASE}/jardim`, { ...body, name: 'Changed By Portal', message: 'changed' });
    expect(res.status).toBe(200);
    const [after] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    expect(after).toMatchObject({ leadStatus: 'contacted', name: 'Carla (cliente antiga)', deliveryCount: 2 });
    expect(new Date(after.lastDeliveredAt).getTime()).toBeGreaterThanOrEqual(new Date(lead.lastDeliveredAt).getTime());
  });
});

describe('refused deliveries', () => {
  it('answers 401 with WWW-Authenticate without credentials or with a wrong secret or user', async () => {
    for (const request of [
      post(`${BASE}/jardim`, freshLead(), null),
      post(`${BASE}/jardim`, freshLead(), 'wrong-secret'),
      app.http().post(`${BASE}/jardim`).auth('zap', TEST_SECRET).send(freshLead()),
      app.http().post(`${BASE}/jardim`).set('Authorization', 'Bearer abc').send(freshLead()),
    ]) {
      const res = await request;
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toMatch(/^Basic /);
      expect(['AUTH_REQUIRED', 'INVALID_CREDENTIALS']).toContain(res.body.code);
    }
  });

  it('answers 400 to a body that is not JSON, or not an object', async () => {
    expect((await post(`${BASE}/jardim`, '{"originLeadId": "x", ')).body).toMatchObject({ code: 'INVALID_JSON' });
    expect((await post(`${BASE}/jardim`, '{"originLeadId": "x", ')).status).toBe(400);
    for (const body of ['[1,2]', '"text"', '42', 'null']) {
      const res = await post(`${BASE}/jardim`, body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('BODY_NOT_OBJECT');
    }
    const plain = await app
      .http()
      .post(`${BASE}/jardim`)
      .auth('vivareal', TEST_SECRET)
      .set('Content-Type', 'text/plain')
      .send('hello');
    expect(plain.status).toBe(400);
    expect(plain.body.code).toBe('INVALID_JSON');
  });

  it('reads a JSON body sent without a JSON content type', async () => {
    const body = freshLead();
    const res = await app
      .http()
      .post(`${BASE}/jardim`)
      .auth('vivareal', TEST_SECRET)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify(body));
    expect(res.status).toBe(201);
  });

  it('answers 422 without originLeadId', async () => {
    for (const originLeadId of [undefined, '', '   ', null]) {
      const body = freshLead();
      if (originLeadId === undefined) delete body.originLeadId;
      else body.originLeadId = originLeadId;
      const res = await post(`${BASE}/jardim`, body);
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('MISSING_ORIGIN_LEAD_ID');
    }
  });

  it('answers 422 to a listing lead without clientListingId (the fixture)', async () => {
    const res = await post(`${BASE}/jardim`, loadFixture('missing-client-listing-id.json'));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('MISSING_CLIENT_LISTING_ID');
    expect(await leadsWithOriginId(app.strapi, '67cef3a9c1d3')).toHaveLength(0);
  });

  it('answers 413 to a body over maxBodyBytes', async () => {
    const res = await post(`${BASE}/jardim`, freshLead('grupo-olx-current.json', { message: 'x'.repeat(300 * 1024) }));
    expect(res.status).toBe(413);
    expect(res.body.code).toBe('BODY_TOO_LARGE');
  });

  it('answers 404 only for an unknown or deactivated advertiser', async () => {
    const unknown = await post(`${BASE}/nobody-here`, freshLead());
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('ADVERTISER_NOT_FOUND');
    const inactive = await post(`${BASE}/old-agency`, freshLead());
    expect(inactive.status).toBe(404);
    expect(inactive.body.code).toBe('ADVERTISER_INACTIVE');
  });

  it('answers a URL below the lead route that no route serves with 500, never 404', async () => {
    const res = await post(`${BASE}/jardim/extra/segments`, freshLead());
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });

  it('answers an unexpected exception with 500, never 404', async () => {
    const service = app.strapi.plugin('grupozap').service('ingestion');
    const original = service.store;
    service.store = async () => {
      throw new TypeError('boom');
    };
    try {
      const res = await post(`${BASE}/jardim`, freshLead());
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('INTERNAL_ERROR');
    } finally {
      service.store = original;
    }
  });
});

describe('probes', () => {
  it.each([`${BASE}`, `${BASE}/`, `${BASE}/jardim`, `${BASE}/anything`])(
    'GET and HEAD %s answer 200 without auth',
    async (path) => {
      const get = await app.http().get(path);
      expect(get.status).toBe(200);
      expect(get.body).toMatchObject({ code: 'ENDPOINT_OK' });
      const head = await app.http().head(path);
      expect(head.status).toBe(200);
    }
  );
  it('leaves other methods to Strapi (a CORS preflight is not turned into an error)', async () => {
    const preflight = await app
      .http()
      .options(`${BASE}/jardim`)
      .set('Origin', 'https://portal.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.status).toBe(204);
    const put = await app.http().put(`${BASE}/jardim`).send({});
    expect(put.status).toBe(405);
  });

  it('never answers 404 to a GET below the lead route either', async () => {
    const res = await app.http().get(`${BASE}/jardim/extra`);
    expect(res.status).toBe(500);
    expect(res.body.code).toBe('ROUTE_NOT_FOUND');
  });
});

describe('delivery log', () => {
  it('keeps one row per request, with the body only when the sender was authenticated', async () => {
    const body = freshLead();
    await post(`${BASE}/jardim`, body, 'wrong');
    await post(`${BASE}/jardim`, body);
    await post(`${BASE}/jardim`, body);
    const rows = await deliveriesFor(app.strapi, { originLeadId: String(body.originLeadId) });
    // the refused one has no originLeadId: the body of a stranger is not read into the log
    expect(rows.map((row: { code: string }) => row.code)).toEqual(['LEAD_CREATED', 'LEAD_DUPLICATE']);
    expect(rows[0]).toMatchObject({ outcome: 'created', httpStatus: 201, advertiserKey: 'jardim', method: 'POST' });
    expect(rows[1]).toMatchObject({ outcome: 'duplicate', httpStatus: 200 });
    expect(JSON.parse(rows[0].body)).toEqual(body);
    expect(rows[0].lead?.id).toBe(rows[1].lead?.id);
    expect(rows[0].durationMs).toBeGreaterThanOrEqual(0);

    const refused = await deliveriesFor(app.strapi, { code: 'INVALID_CREDENTIALS' });
    expect(refused.length).toBeGreaterThan(0);
    for (const row of refused) {
      expect(row).toMatchObject({ outcome: 'refused', httpStatus: 401, body: null });
      expect(row.bodyBytes).toBeGreaterThan(0);
    }
  });

  it('keeps the raw body of a refused but authenticated delivery, so it can be recovered', async () => {
    const body = freshLead('grupo-olx-current.json', { clientListingId: undefined });
    delete body.clientListingId;
    await post(`${BASE}/jardim`, body);
    const [row] = await deliveriesFor(app.strapi, { originLeadId: String(body.originLeadId) });
    expect(row).toMatchObject({ outcome: 'refused', httpStatus: 422, code: 'MISSING_CLIENT_LISTING_ID' });
    expect(JSON.parse(row.body)).toEqual(body);
    expect(row.lead).toBeNull();
  });

  it('keeps malformed bodies as they came', async () => {
    const before = (await deliveriesFor(app.strapi, { code: 'INVALID_JSON' })).length;
    await post(`${BASE}/jardim`, '{"broken": ');
    const rows = await deliveriesFor(app.strapi, { code: 'INVALID_JSON' });
    expect(rows).toHaveLength(before + 1);
    expect(rows[rows.length - 1].body).toBe('{"broken": ');
  });
});
