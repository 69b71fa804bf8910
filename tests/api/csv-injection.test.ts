import { parse } from 'csv-parse/sync';
import type supertest from 'supertest';
import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, createListing } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * A lead whose fields a spreadsheet would run as formulas, exported through every CSV of the
 * plugin: each cell must come back as text (`'` in front, OWASP) and the other cells unchanged.
 */
const HOSTILE = {
  name: '=HYPERLINK("http://x","click")',
  message: '@SUM(1)',
  email: '-2+3@example.com',
  leadOrigin: "+cmd|' /C calc'!A0",
  temperature: '=1+1',
  transactionType: '-1',
  clientListingId: 'ＪＤＡ-1', // not a formula (full-width letter first)
};
const ADVERTISER = '=IMPORTXML("http://x","//a")';

let app: TestApp;
let admin: AdminSession;

/** The body of a text/csv answer, as text. */
const text = (request: supertest.Test) =>
  request.buffer(true).parse((response, callback) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => callback(null, Buffer.concat(chunks).toString('utf8')));
  });

/** The rows of a CSV as objects keyed by its header. */
const records = (csv: string): Record<string, string>[] => parse(csv, { bom: true, columns: true });

beforeAll(async () => {
  app = await startTestApp();
  const agency = await createAdvertiser(app.strapi, { name: ADVERTISER, slug: 'hostil', document: '11222333000181' });
  await createListing(app.strapi, { clientListingId: 'ＪＤＡ-1', advertiser: agency.documentId, title: '-Casa' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  const res = await app
    .http()
    .post('/api/grupozap/lead/hostil')
    .auth('vivareal', TEST_SECRET)
    .send(freshLead('grupo-olx-current.json', { ...HOSTILE, ddd: '48', phone: '991234567', phoneNumber: undefined }));
  expect(res.status).toBe(201);
});

afterAll(async () => {
  await app?.stop();
});

it('writes the leads export with every formula-like cell neutralised', async () => {
  const res = await text(admin.post('/grupozap/leads/export'));
  expect(res.status).toBe(200);
  const rows = records(res.body as string);
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    name: `'${HOSTILE.name}`,
    message: `'${HOSTILE.message}`,
    email: `'${HOSTILE.email}`,
    leadOrigin: `'${HOSTILE.leadOrigin}`,
    temperature: `'${HOSTILE.temperature}`,
    transactionType: `'${HOSTILE.transactionType}`,
    clientListingId: HOSTILE.clientListingId,
    advertiser: `'${ADVERTISER}`,
    listing: "'-Casa",
    // the phone starts with + too: shown as '+55…, still readable
    phone: "'+5548991234567",
    status: 'new',
    deliveryCount: '1',
  });
  // the raw text holds no cell that starts with a formula character
  for (const line of (res.body as string).replace(/^\uFEFF/, '').split('\n')) {
    for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);
  }
});

it('writes the report CSV with the origins and advertisers neutralised', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const res = await text(admin.get(`/grupozap/reports/export?from=${today}&to=${today}&tz=UTC`));
  expect(res.status).toBe(200);
  const rows = records(res.body as string);
  expect(rows).toContainEqual({
    section: 'origin',
    key: `'${HOSTILE.leadOrigin}`,
    label: `'${HOSTILE.leadOrigin}`,
    leads: '1',
    medianFirstResponseSeconds: '',
  });
  expect(rows).toContainEqual(expect.objectContaining({ section: 'advertiser', label: `'${ADVERTISER}`, leads: '1' }));
  expect(rows).toContainEqual({ section: 'day', key: today, label: today, leads: '1', medianFirstResponseSeconds: '' });
});

it('writes the registration CSV with a forged advertiser row neutralised, and the portal’s columns intact', async () => {
  // written past the admin's validation, as an import or another plugin could
  await app.strapi.db.query('plugin::grupozap.advertiser').create({
    data: { name: 'Forjada', slug: 'forjada', document: '=2+5+cmd|" /C calc"!A0', active: true, sendLeadEmail: true },
  });
  // the URL column needs a public URL: the app's server.url, read through the settings cache
  app.strapi.config.set('server.url', 'https://crm.example.com');
  app.strapi.plugin('grupozap').service('settings').invalidate();
  for (const feeds of [false, true]) {
    const res = await text(admin.get(`/grupozap/advertisers/registration.csv${feeds ? '?feeds=true' : ''}`));
    expect(res.status).toBe(200);
    const rows = records(res.body as string);
    expect(rows).toContainEqual(
      expect.objectContaining({
        DOCUMENT: `'=2+5+cmd|" /C calc"!A0`,
        URL: 'https://crm.example.com/api/grupozap/lead/forjada',
        SEND_LEAD_EMAIL: 'true',
      })
    );
    expect(rows).toContainEqual(expect.objectContaining({ DOCUMENT: '11222333000181', SEND_LEAD_EMAIL: expect.any(String) }));
  }
});
