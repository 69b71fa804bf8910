// the playground's own seed (playground/src/demo.js): what the README's quick start relies on
import { DEMO_ADVERTISER, DEMO_LISTING, DEMO_SECRET } from '../../playground/src/demo.js';
import { spawnSync } from 'node:child_process';
import { startTestApp, type TestApp } from '../helpers/strapi';
import { orderProblems } from '../helpers/vrsync-order';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ env: { GRUPOZAP_DEMO: 'true', GRUPOZAP_SECRET_KEY: '', PUBLIC_URL: '' } });
});

afterAll(async () => {
  await app?.stop();
});

it('seeds a demo advertiser, a secret in the settings and a local public URL, so the printed curl works', async () => {
  const res = await app.http().post(`/api/grupozap/lead/${DEMO_ADVERTISER.slug}`).auth('vivareal', DEMO_SECRET).send({
    leadOrigin: 'Grupo OLX',
    originLeadId: 'demo-test-1',
    clientListingId: DEMO_LISTING.clientListingId,
    name: 'Carla',
    ddd: '48',
    phone: '988627634',
  });
  expect(res.status).toBe(201);

  const settings = await app.strapi.plugin('grupozap').service('settings').view();
  expect(settings.credential.source).toBe('settings');
  expect(settings.endpointUrl).toBe(`http://localhost:${app.strapi.config.get('server.port')}/api/grupozap/lead/ADVERTISER-ID`);
});

it('seeds demo properties (api::imovel.imovel) mirrored into the demo advertiser’s feed, one left out with why', async () => {
  const advertiser = await app.strapi.db.query('plugin::grupozap.advertiser').findOne({ where: { slug: DEMO_ADVERTISER.slug } });
  const health = await app.strapi.plugin('grupozap').service('listing-feed').health(advertiser);
  expect(health.inFeed).toBe(2);
  const why = Object.fromEntries(
    health.leftOut.map((row: { clientListingId: string; reasons: string[] }) => [row.clientListingId, row.reasons])
  );
  expect(why['DEMO-103']).toEqual(['PRICE_MISSING']);
});

it('serves the demo advertiser’s feed as well-formed XML, its elements in the VRSync order', async () => {
  const advertiser = await app.strapi.db.query('plugin::grupozap.advertiser').findOne({ where: { slug: DEMO_ADVERTISER.slug } });
  const token = await app.strapi.plugin('grupozap').service('listing-feed').regenerateToken(advertiser.id);
  const res = await app
    .http()
    .get(`/api/grupozap/feeds/${DEMO_ADVERTISER.slug}/vrsync.xml?token=${token}`)
    .buffer(true)
    .parse((response, done) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => done(null, text));
    });
  expect(res.status).toBe(200);
  const xml = res.body as string;
  const lint = spawnSync('/usr/bin/xmllint', ['--noout', '-'], { input: xml });
  expect(lint.stderr.toString()).toBe('');
  expect(xml.match(/<Listing>/g)).toHaveLength(2);
  expect(orderProblems(xml)).toEqual([]);
});

it('answers /favicon.ico with the playground icon (every admin page load asks for it)', async () => {
  const res = await app.http().get('/favicon.ico');
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^image\//);
  expect(Buffer.isBuffer(res.body) ? res.body.subarray(1, 4).toString() : '').toBe('PNG');
});
