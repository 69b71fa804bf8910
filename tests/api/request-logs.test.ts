import { Writable } from 'node:stream';
import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, createListing } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * Strapi's request logger (`strapi::logger`) writes each request's method and URL at level
 * `http`. With the app logging at that level, searching and exporting the leads must leave the
 * person searched for (name, e-mail, phone) out of every log entry.
 */
const PERSON = { name: 'Rosângela Tavares', email: 'rosangela.tavares@example.org', ddd: '47', phone: '996543210' };
const TERMS = ['Rosângela', 'Tavares', 'rosangela.tavares@example.org', '996543210', '47996543210'];

let app: TestApp;
let admin: AdminSession;
/** Every entry the app logs at its level, with its metadata. */
let entries: string[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { LOG_LEVEL: 'http' } });
  // Strapi's logger is a winston logger, a stream of entries that its transports read: the
  // console ones are taken off, and this one reads them all
  app.strapi.log.clear();
  app.strapi.log.pipe(
    new Writable({
      objectMode: true,
      write(info: Record<string, unknown>, _encoding, done) {
        entries.push(`${String(info.message)} ${JSON.stringify(info)}`);
        done();
      },
    })
  );

  const agency = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: agency.documentId });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  const res = await app
    .http()
    .post('/api/grupozap/lead/jardim')
    .auth('vivareal', TEST_SECRET)
    .send(freshLead('grupo-olx-current.json', { ...PERSON, phoneNumber: undefined }));
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await app?.stop();
});

beforeEach(() => {
  entries = [];
});

const logged = () => entries.join('\n');

it('logs requests at this level (the capture sees URLs)', async () => {
  expect((await admin.get('/grupozap/leads?temperature=Alta&pageSize=5')).status).toBe(200);
  expect(logged()).toMatch(/GET \/grupozap\/leads\?temperature=Alta&pageSize=5 \(\d+ ms\) 200/);
});

it.each(TERMS)('searches and exports by %j without logging it', async (term) => {
  const search = await admin.post('/grupozap/leads/search', { q: term, pageSize: 10 });
  expect(search.status).toBe(200);
  expect(search.body.results).toHaveLength(1);
  const lead = search.body.results[0] as { documentId: string };

  const csv = await admin.post('/grupozap/leads/export', { q: term });
  expect(csv.status).toBe(200);
  expect(csv.text).toContain(PERSON.email);
  const json = await admin.post('/grupozap/leads/export', { q: term }).set('Accept', 'application/json');
  expect(json.body.data.csv).toContain(PERSON.email);

  // the lead's page, a change and a note name the lead by its documentId only
  expect((await admin.get(`/grupozap/leads/${lead.documentId}`)).status).toBe(200);
  expect((await admin.put(`/grupozap/leads/${lead.documentId}`, { status: 'contacted' })).status).toBe(200);

  // refused bodies are not logged either
  expect((await admin.post('/grupozap/leads/search', { q: term, pageSize: 1000 })).status).toBe(400);
  expect((await admin.post('/grupozap/leads/export', { q: term, unknown: term })).status).toBe(400);

  const log = logged();
  expect(log).toMatch(/POST \/grupozap\/leads\/search \(\d+ ms\) 200/);
  expect(log).toMatch(/POST \/grupozap\/leads\/export \(\d+ ms\) 200/);
  expect(log).toMatch(/POST \/grupozap\/leads\/search \(\d+ ms\) 400/);
  for (const word of TERMS) {
    expect(log).not.toContain(word);
    expect(log).not.toContain(encodeURIComponent(word));
  }
});
