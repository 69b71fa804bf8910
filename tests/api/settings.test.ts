import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, leadsWithOriginId } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/strapi';

let app: TestApp;
let admin: AdminSession;
let editor: AdminSession;
let author: AdminSession;

const VALID = {
  username: 'vivareal',
  publicUrl: 'https://crm.example.com',
  urlForm: 'path',
  zonelessTimezone: 'America/Sao_Paulo',
  allowedIps: [] as string[],
};

const deliver = (password: string, body = freshLead(), path = '/api/grupozap/lead/jardim') =>
  app.http().post(path).auth('vivareal', password).send(body);

const settingsService = () => app.strapi.plugin('grupozap').service('settings');

/** The raw plugin-store row, as the database holds it. */
const storedRow = async (): Promise<string> => {
  const row = await app.strapi.db
    .connection('strapi_core_store_settings')
    .where({ key: 'plugin_grupozap_settings' })
    .first('value');
  return String(row?.value ?? '');
};

beforeAll(async () => {
  // no secret in the config: the admin sets it
  app = await startTestApp({ env: { GRUPOZAP_SECRET_KEY: '', PUBLIC_URL: '' } });
  await createAdvertiser(app.strapi, { name: 'Jardim', slug: 'jardim', document: '11222333000181' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  editor = await loginAs(app.strapi, 'strapi-editor', 'editor');
  author = await loginAs(app.strapi, 'strapi-author', 'author');
});

afterAll(async () => {
  await app?.stop();
});

describe('before anything is set', () => {
  it('shows the defaults, no credential and why there is no endpoint URL', async () => {
    const res = await admin.get('/grupozap/settings');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      username: 'vivareal',
      credential: { source: 'none', current: null, previous: null },
      publicUrl: null,
      urlForm: 'path',
      zonelessTimezone: 'America/Sao_Paulo',
      allowedIps: [],
      endpointUrl: null,
      defaultGraceDays: 7,
    });
    expect(res.body.data.endpointProblem).toMatch(/public URL/);
  });

  it('keeps the lead route closed (503, so the portal keeps the lead)', async () => {
    const res = await deliver('anything');
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('SECRET_NOT_CONFIGURED');
  });
});

describe('permissions', () => {
  it.each([
    ['editor', () => editor],
    ['author', () => author],
  ])('an %s can neither read nor change the settings', async (_name, session) => {
    expect((await session().get('/grupozap/settings')).status).toBe(403);
    expect((await session().put('/grupozap/settings', VALID)).status).toBe(403);
    expect((await session().post('/grupozap/settings/secret', {})).status).toBe(403);
  });
});

describe('public URL, URL form, time zone and allow-list', () => {
  it('rejects bad values with one message per field', async () => {
    const res = await admin.put('/grupozap/settings', {
      username: 'viva:real',
      publicUrl: 'crm.example.com/path?x=1',
      urlForm: 'carrier-pigeon',
      zonelessTimezone: 'Brasil/Recife',
      allowedIps: ['10.0.0.0/8', '300.1.1.1'],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    const paths = (res.body.error.details.errors as { path: string[] }[]).map((error) => error.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['username', 'publicUrl', 'urlForm', 'zonelessTimezone', 'allowedIps.1']));
  });

  it('needs a host name for the subdomain form', async () => {
    const res = await admin.put('/grupozap/settings', { ...VALID, publicUrl: 'http://192.168.0.10:1337', urlForm: 'subdomain' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['publicUrl']);
  });

  it.each([
    ['path', 'https://crm.example.com/api/grupozap/lead/ADVERTISER-ID', 'https://crm.example.com/api/grupozap/lead/jardim'],
    ['subdomain', 'https://ADVERTISER-ID.crm.example.com/api/grupozap/lead', 'https://jardim.crm.example.com/api/grupozap/lead'],
    ['single', 'https://crm.example.com/api/grupozap/lead', 'https://crm.example.com/api/grupozap/lead'],
  ])('builds the %s form, for the page and the registration CSV', async (urlForm, endpointUrl, advertiserUrl) => {
    const res = await admin.put('/grupozap/settings', { ...VALID, publicUrl: 'https://crm.example.com/', urlForm });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ publicUrl: 'https://crm.example.com', urlForm, endpointUrl, endpointProblem: null });

    const csv = await admin.get('/grupozap/advertisers/registration.csv');
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(`11222333000181,${advertiserUrl},`);
  });

  it('recognises advertisers by subdomain once the subdomain form is chosen, without a restart', async () => {
    await admin.put('/grupozap/settings', { ...VALID, urlForm: 'subdomain' });
    await settingsService().setSecret({ secret: 'subdomain-test-secret' });
    const res = await app
      .http()
      .post('/api/grupozap/lead')
      .set('Host', 'jardim.crm.example.com')
      .auth('vivareal', 'subdomain-test-secret')
      .send(freshLead());
    expect(res.status).toBe(201);
    await admin.put('/grupozap/settings', VALID);
  });

  it('applies the allow-list at once', async () => {
    await settingsService().setSecret({ secret: 'allow-list-test-secret' });
    expect((await admin.put('/grupozap/settings', { ...VALID, allowedIps: ['10.0.0.0/8'] })).status).toBe(200);
    const refused = await deliver('allow-list-test-secret');
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('IP_NOT_ALLOWED');

    await admin.put('/grupozap/settings', { ...VALID, allowedIps: ['127.0.0.1', '::1', '::ffff:127.0.0.1'] });
    expect((await deliver('allow-list-test-secret')).status).toBe(201);
    await admin.put('/grupozap/settings', VALID);
  });

  it('reads zone-less timestamps in the chosen time zone', async () => {
    await settingsService().setSecret({ secret: 'time-zone-test-secret' });
    await admin.put('/grupozap/settings', { ...VALID, zonelessTimezone: 'America/Manaus' });
    const body = freshLead('legacy-zoneless-phonenumber-only.json');
    expect((await deliver('time-zone-test-secret', body)).status).toBe(201);
    const [lead] = await leadsWithOriginId(app.strapi, String(body.originLeadId));
    // 09:05 in Manaus (UTC−4) is 13:05 UTC
    expect(new Date(lead.originTimestamp).toISOString()).toBe('2019-04-14T13:05:00.000Z');
    await admin.put('/grupozap/settings', VALID);
  });
});

describe('the portal secret', () => {
  let generated: string;

  it('generates a strong secret, shows it once, and stores only a hash', async () => {
    const res = await admin.post('/grupozap/settings/secret', {});
    expect(res.status).toBe(200);
    generated = res.body.meta.generatedSecret;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.body.data.credential).toMatchObject({
      source: 'settings',
      current: { hint: generated.slice(-2), generated: true },
    });

    const view = await admin.get('/grupozap/settings');
    expect(JSON.stringify(view.body)).not.toContain(generated);
    const row = await storedRow();
    expect(row).toContain('scrypt$');
    expect(row).not.toContain(generated);
  });

  it('is accepted by the lead route at once, and a wrong one is not', async () => {
    expect((await deliver(generated)).status).toBe(201);
    expect((await deliver(generated)).status).toBe(201);
    const wrong = await deliver(`${generated}x`);
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('INVALID_CREDENTIALS');
  });

  it('keeps the previous secret valid for the grace period after a rotation', async () => {
    const before = Date.now();
    const res = await admin.post('/grupozap/settings/secret', { secret: 'the-secret-the-portal-gave' });
    expect(res.status).toBe(200);
    expect(res.body.meta.generatedSecret).toBeNull();
    const { previous, current } = res.body.data.credential;
    expect(current).toMatchObject({ hint: 've', generated: false });
    expect(previous.hint).toBe(generated.slice(-2));
    const graceEnd = Date.parse(previous.validUntil) - before;
    expect(graceEnd).toBeGreaterThanOrEqual(7 * 24 * 3600 * 1000 - 1000);
    expect(graceEnd).toBeLessThan(7 * 24 * 3600 * 1000 + 60_000);

    expect((await deliver('the-secret-the-portal-gave')).status).toBe(201);
    expect((await deliver(generated)).status).toBe(201);
  });

  it('stops accepting the previous secret when its grace period ends', async () => {
    const store = app.strapi.store({ type: 'plugin', name: 'grupozap' });
    const stored = (await store.get({ key: 'settings' })) as { previousSecret: { validUntil: string } };
    await store.set({
      key: 'settings',
      value: { ...stored, previousSecret: { ...stored.previousSecret, validUntil: new Date(Date.now() - 1000).toISOString() } },
    });
    settingsService().invalidate();

    expect((await deliver(generated)).status).toBe(401);
    expect((await deliver('the-secret-the-portal-gave')).status).toBe(201);
    expect((await admin.get('/grupozap/settings')).body.data.credential.previous).toBeNull();
  });

  it('can end the grace period at once', async () => {
    await admin.post('/grupozap/settings/secret', { secret: 'rotated-again-secret' });
    expect((await deliver('the-secret-the-portal-gave')).status).toBe(201);
    const res = await admin.delete('/grupozap/settings/previous-secret');
    expect(res.status).toBe(200);
    expect(res.body.data.credential.previous).toBeNull();
    expect((await deliver('the-secret-the-portal-gave')).status).toBe(401);
    expect((await deliver('rotated-again-secret')).status).toBe(201);
  });

  it('rejects a secret that is too short, or not a text', async () => {
    const before = (await admin.get('/grupozap/settings')).body.data.credential.current;
    for (const secret of [
      'short',
      'fifteen-chars-x',
      1234567890123456,
      ['sixteen-chars-xx'],
      { secret: 'sixteen-chars-xx' },
      true,
      null,
    ]) {
      const res = await admin.post('/grupozap/settings/secret', { secret });
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual(['secret']);
    }
    expect((await admin.post('/grupozap/settings/secret', { secret: 'fifteen-chars-x' })).body.error.message).toBe(
      'The secret must have at least 16 characters'
    );
    // nothing changed
    expect((await admin.get('/grupozap/settings')).body.data.credential.current).toEqual(before);
    expect((await deliver('rotated-again-secret')).status).toBe(201);

    const sixteen = await admin.post('/grupozap/settings/secret', { secret: 'sixteen-chars-xx', graceDays: 0 });
    expect(sixteen.status).toBe(200);
    expect((await deliver('sixteen-chars-xx')).status).toBe(201);
  });

  it('shows at most the last 2 characters of a secret, also of one stored with a longer hint', async () => {
    const store = app.strapi.store({ type: 'plugin', name: 'grupozap' });
    const stored = (await store.get({ key: 'settings' })) as { secret: { hint: string } };
    expect(stored.secret.hint).toBe('xx');
    await store.set({ key: 'settings', value: { ...stored, secret: { ...stored.secret, hint: 's-xx' } } });
    settingsService().invalidate();
    const view = await admin.get('/grupozap/settings');
    expect(view.body.data.credential.current.hint).toBe('xx');
    expect(JSON.stringify(view.body)).not.toContain('s-xx');
  });

  it('lets a secret in the plugin config win, and says so', async () => {
    app.strapi.config.set('plugin::grupozap.secretKey', 'from-the-config-file');
    settingsService().invalidate();
    try {
      const view = await admin.get('/grupozap/settings');
      expect(view.body.data.credential).toMatchObject({ source: 'config', current: null, previous: null });
      const change = await admin.post('/grupozap/settings/secret', {});
      expect(change.status).toBe(400);
      expect(change.body.error.message).toMatch(/plugin config/);
      expect((await deliver('from-the-config-file')).status).toBe(201);
      expect((await deliver('rotated-again-secret')).status).toBe(401);
    } finally {
      app.strapi.config.set('plugin::grupozap.secretKey', null);
      settingsService().invalidate();
    }
  });
});
