import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser } from '../helpers/seed';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * Repeated refusals become an alert: listed by GET /grupozap/alerts (from the delivery log in the
 * database) and e-mailed to the errors address once per window, over a real SMTP conversation.
 */
const ERRORS_EMAIL = 'ops@example.test';
const PUBLIC_URL = 'https://crm.example.test';
const ALERTS_CONFIG = 'plugin::grupozap.deliveryAlerts';
const ALERT_ROW = 'plugin::grupozap.delivery-alert';

let smtp: TestSmtpServer;
let app: TestApp;
let admin: AdminSession;
let editor: AdminSession;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const alertMails = (code: string) =>
  smtp.received.filter((mail) => mail.to.includes(ERRORS_EMAIL) && mail.subject.includes(code));

const wrongCredential = () => app.http().post('/api/grupozap/lead/jardim').auth('vivareal', 'not-the-secret').send(freshLead());

const alertsService = () =>
  app.strapi.plugin('grupozap').service('delivery-alerts') as {
    check(now?: Date): Promise<void>;
    active(now?: Date): Promise<Array<Record<string, unknown>>>;
  };

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({
    env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), GRUPOZAP_ERRORS_EMAIL: ERRORS_EMAIL, PUBLIC_URL },
  });
  // a check at most every second (the default is 30 s); the wrong credentials below stay under
  // the brake on failed credentials (10 per IP)
  const alerts = app.strapi.config.get(ALERTS_CONFIG) as Record<string, unknown>;
  app.strapi.config.set(ALERTS_CONFIG, { ...alerts, checkIntervalSeconds: 1 });
  await createAdvertiser(app.strapi, { name: 'Jardim', slug: 'jardim', document: '11222333000181' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'ops');
  editor = await loginAs(app.strapi, 'strapi-editor', 'editor');
});

afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

it('has no alert while the deliveries go well', async () => {
  expect((await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(freshLead())).status).toBe(201);
  const res = await admin.get('/grupozap/alerts');
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    data: [],
    meta: { enabled: true, windowMinutes: 60, threshold: 5, errorsEmailConfigured: true },
  });
});

it('is for users who may read the delivery log', async () => {
  expect((await editor.get('/grupozap/alerts')).status).toBe(403);
  expect((await app.http().get('/grupozap/alerts')).status).toBe(401);
});

it('stays quiet below the threshold', async () => {
  for (let i = 0; i < 4; i += 1) expect((await wrongCredential()).status).toBe(401);
  expect((await admin.get('/grupozap/alerts')).body.data).toEqual([]);
  await pause(1500);
  expect(alertMails('INVALID_CREDENTIALS')).toHaveLength(0);
});

it('repeated wrong credentials: shown by GET /grupozap/alerts, e-mailed to the errors address once', async () => {
  const started = Date.now();
  for (let i = 0; i < 2; i += 1) expect((await wrongCredential()).status).toBe(401);
  // the check follows the refusals, it does not slow them down
  expect(Date.now() - started).toBeLessThan(1000);

  const res = await admin.get('/grupozap/alerts');
  expect(res.status).toBe(200);
  expect(res.body.data).toHaveLength(1);
  const [alert] = res.body.data;
  expect(alert).toMatchObject({
    code: 'INVALID_CREDENTIALS',
    httpStatus: 401,
    message: 'Wrong user name or secret.',
    count: 6,
    threshold: 5,
    windowMinutes: 60,
  });
  expect(Date.parse(alert.firstSeenAt)).toBeLessThanOrEqual(Date.parse(alert.lastSeenAt));
  expect(Date.now() - Date.parse(alert.lastSeenAt)).toBeLessThan(60_000);

  const [mail] = await smtp.waitFor(() =>
    alertMails('INVALID_CREDENTIALS').length ? alertMails('INVALID_CREDENTIALS') : undefined
  );
  expect(mail.subject).toBe('[Grupo ZAP] Entregas recusadas: INVALID_CREDENTIALS');
  expect(mail.text).toContain('INVALID_CREDENTIALS (HTTP 401): 6 entregas em 60 min (limite 5)');
  expect(mail.html).toContain(`href="${PUBLIC_URL}/admin/plugins/grupozap/deliveries"`);

  // more refusals, more checks: still one e-mail for this window
  for (let i = 0; i < 3; i += 1) expect((await wrongCredential()).status).toBe(401);
  await pause(2500);
  await alertsService().check();
  await pause(500);
  expect(alertMails('INVALID_CREDENTIALS')).toHaveLength(1);
  const again = await admin.get('/grupozap/alerts');
  expect(again.body.data[0]).toMatchObject({ code: 'INVALID_CREDENTIALS', count: 9 });
  expect(again.body.data[0].notifiedAt).not.toBeNull();
});

it('two instances checking at once send one e-mail (the claim is a conditional UPDATE in the database)', async () => {
  // the window of the last e-mail is over
  await app.strapi.db.query(ALERT_ROW).updateMany({
    where: { code: 'INVALID_CREDENTIALS' },
    data: { notifiedAt: new Date(Date.now() - 61 * 60_000) },
  });
  // each check runs the same SQL another instance would
  await Promise.all([alertsService().check(), alertsService().check(), alertsService().check()]);
  await smtp.waitFor(() => (alertMails('INVALID_CREDENTIALS').length >= 2 ? true : undefined));
  await pause(1000);
  expect(alertMails('INVALID_CREDENTIALS')).toHaveLength(2);
});

it('one 404 is an alert by default (the portal deletes an integration answered 404)', async () => {
  const res = await app.http().post('/api/grupozap/lead/no-such-agency').auth('vivareal', TEST_SECRET).send(freshLead());
  expect(res.status).toBe(404);
  const alerts = (await admin.get('/grupozap/alerts')).body.data as Array<{ code: string; count: number; threshold: number }>;
  expect(alerts.find((alert) => alert.code === 'ADVERTISER_NOT_FOUND')).toMatchObject({ count: 1, threshold: 1 });
  const [mail] = await smtp.waitFor(() =>
    alertMails('ADVERTISER_NOT_FOUND').length ? alertMails('ADVERTISER_NOT_FOUND') : undefined
  );
  expect(mail.text).toContain('ADVERTISER_NOT_FOUND (HTTP 404): 1 entregas em 60 min (limite 1)');
});

it('forgets refusals older than the window', async () => {
  const inTwoHours = new Date(Date.now() + 2 * 60 * 60_000);
  expect(await alertsService().active(inTwoHours)).toEqual([]);
});

it('keeps one alert row per code (a unique index decides between instances)', async () => {
  const outcome = await app.strapi.db
    .query(ALERT_ROW)
    .create({ data: { code: 'INVALID_CREDENTIALS' } })
    .then(
      () => 'inserted',
      () => 'refused'
    );
  expect(outcome).toBe('refused');
  expect(await app.strapi.db.query(ALERT_ROW).count({ where: { code: 'INVALID_CREDENTIALS' } })).toBe(1);
});
