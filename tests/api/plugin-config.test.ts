import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase } from '../helpers/databases';
import { freshLead } from '../helpers/fixtures';
import { createAdvertiser, leadsWithOriginId } from '../helpers/seed';
import { startTestApp, testEnv, TEST_SECRET, type TestApp } from '../helpers/strapi';

const CONFIG = 'plugin::grupozap';
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({
    env: {
      // behind a proxy: the client address comes from X-Forwarded-For, so tests can vary it
      IS_PROXIED: 'true',
      GRUPOZAP_SUBDOMAIN_BASE: 'crm.example.com',
      GRUPOZAP_ALLOWED_IPS: '127.0.0.1,::1,203.0.113.0/24,2001:db8::/32',
    },
  });
  await createAdvertiser(app.strapi, { name: 'Jardim', slug: 'jardim', document: '11222333000181' });
});

afterAll(async () => {
  await app?.stop();
});

const postFrom = (ip: string, password = TEST_SECRET, path = '/api/grupozap/lead/jardim') =>
  app.http().post(path).set('X-Forwarded-For', ip).auth('vivareal', password).send(freshLead());

/** The plugin caches its settings for a few seconds; config changed at run time needs a refresh. */
const refreshSettings = () => app.strapi.plugin('grupozap').service('settings').invalidate();

/** Runs `fn` with some config keys changed. */
const withConfig = async (changes: Record<string, unknown>, fn: () => Promise<void>) => {
  const saved = Object.fromEntries(Object.keys(changes).map((key) => [key, app.strapi.config.get(`${CONFIG}.${key}`)]));
  Object.entries(changes).forEach(([key, value]) => app.strapi.config.set(`${CONFIG}.${key}`, value));
  refreshSettings();
  try {
    await fn();
  } finally {
    Object.entries(saved).forEach(([key, value]) => app.strapi.config.set(`${CONFIG}.${key}`, value));
    refreshSettings();
  }
};

it('reads its config from config/plugins (values from the environment)', () => {
  expect(app.strapi.config.get(CONFIG)).toMatchObject({
    secretKey: TEST_SECRET,
    username: 'vivareal',
    subdomainBase: 'crm.example.com',
    zonelessTimezone: 'America/Sao_Paulo',
    maxBodyBytes: 256 * 1024,
    allowedIps: ['127.0.0.1', '::1', '203.0.113.0/24', '2001:db8::/32'],
  });
});

it('fails closed with 503 while no secret is configured', async () => {
  await withConfig({ secretKey: null }, async () => {
    const res = await postFrom('203.0.113.5');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SECRET_NOT_CONFIGURED');
  });
});

it('refuses addresses outside allowedIps with 403, IPv4 and IPv6', async () => {
  expect((await postFrom('203.0.113.77')).status).toBe(201);
  expect((await postFrom('2001:db8::1')).status).toBe(201);
  const outside = await postFrom('198.51.100.1');
  expect(outside.status).toBe(403);
  expect(outside.body.code).toBe('IP_NOT_ALLOWED');
  expect((await postFrom('2001:db9::1')).status).toBe(403);
});

it('answers 429 to an address after repeated failed credentials, and only to that address', async () => {
  await withConfig({ authFailureLimit: 3 }, async () => {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect((await postFrom('203.0.113.66', 'guess')).status).toBe(401);
    }
    const throttled = await postFrom('203.0.113.66', 'guess');
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('TOO_MANY_AUTH_FAILURES');
    // even the right secret waits until the window has passed
    expect((await postFrom('203.0.113.66')).status).toBe(429);
    expect((await postFrom('203.0.113.67')).status).toBe(201);
  });
});

it('takes the advertiser from the subdomain when subdomainBase is set', async () => {
  const body = freshLead();
  const res = await app
    .http()
    .post('/api/grupozap/lead')
    .set('Host', 'JARDIM.crm.example.com')
    .auth('vivareal', TEST_SECRET)
    .send(body);
  expect(res.status).toBe(201);
  const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
  expect(lead.advertiser?.slug).toBe('jardim');

  const unknown = await app
    .http()
    .post('/api/grupozap/lead')
    .set('Host', 'ghost.crm.example.com')
    .auth('vivareal', TEST_SECRET)
    .send(freshLead());
  expect(unknown.status).toBe(404);
  expect(unknown.body.code).toBe('ADVERTISER_NOT_FOUND');
});

it('applies maxBodyBytes and the user name from the config', async () => {
  await withConfig({ maxBodyBytes: 2048, username: 'zap' }, async () => {
    const big = await app
      .http()
      .post('/api/grupozap/lead/jardim')
      .auth('zap', TEST_SECRET)
      .send(freshLead('grupo-olx-current.json', { message: 'x'.repeat(3000) }));
    expect(big.status).toBe(413);
    expect((await app.http().post('/api/grupozap/lead/jardim').auth('zap', TEST_SECRET).send(freshLead())).status).toBe(201);
    expect((await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(freshLead())).status).toBe(401);
  });
});

it('refuses to boot with an invalid config, naming the key', async () => {
  const database = await createTestDatabase();
  try {
    const env: NodeJS.ProcessEnv = { ...process.env, ...testEnv(database, { GRUPOZAP_ALLOWED_IPS: '10.0.0.0/33' }) };
    delete env.JEST_WORKER_ID;
    const boot = spawnSync(process.execPath, [path.join(__dirname, '..', 'helpers', 'serve-playground.js')], {
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(boot.status).toBe(1);
    expect(boot.stdout).not.toMatch(/READY/);
    expect(boot.stderr).toMatch(/grupozap config.*10\.0\.0\.0\/33 is not an IP address or CIDR range/);
  } finally {
    await database.drop();
  }
});
