import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createListing } from '../helpers/seed';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtp';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * The new-lead e-mail, through Strapi's email plugin with the nodemailer provider, to a real SMTP
 * server started here (SMTP_HOST/SMTP_PORT tell the playground to use it).
 */
const PUBLIC_URL = 'https://crm.example.test';
const ADVERTISER_EMAIL = 'vendas@jardim.example.test';
const LEAD = 'plugin::grupozap.lead';

let smtp: TestSmtpServer;
let app: TestApp;
let agent: AdminSession;

const createAdvertiser = (data: Record<string, unknown>) =>
  app.strapi.documents('plugin::grupozap.advertiser' as never).create({ data: { active: true, ...data } } as never) as Promise<{
    id: number;
    documentId: string;
  }>;

const post = (slug: string, body: Record<string, unknown>) =>
  app.http().post(`/api/grupozap/lead/${slug}`).auth('vivareal', TEST_SECRET).send(body);

const leadRow = (documentId: string) => app.strapi.db.query(LEAD).findOne({ where: { documentId } });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const notificationsConfig = 'plugin::grupozap.notifications';
let savedNotifications: Record<string, unknown>;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), PUBLIC_URL } });
  savedNotifications = { ...(app.strapi.config.get(notificationsConfig) as Record<string, unknown>) };
  const jardim = await createAdvertiser({
    name: 'Imobiliária Jardim',
    slug: 'jardim',
    document: '11222333000181',
    sendLeadEmail: true,
    email: ADVERTISER_EMAIL,
  });
  await createListing(app.strapi, {
    clientListingId: 'JDA-4821',
    advertiser: jardim.documentId,
    title: 'Apartamento 2 quartos & varanda',
  });
  await createAdvertiser({
    name: 'Quieta',
    slug: 'quieta',
    document: '11444777000161',
    sendLeadEmail: false,
    email: 'quieta@example.test',
  });
  await createAdvertiser({ name: 'Sem e-mail', slug: 'sem-email', document: '45723174000110', sendLeadEmail: false });
  agent = await loginAs(app.strapi, 'strapi-editor', 'agente');
});

afterEach(() => {
  jest.restoreAllMocks();
  app.strapi.config.set(notificationsConfig, { ...savedNotifications });
  smtp.rejectRecipients.clear();
});

afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

it('e-mails the advertiser (sendLeadEmail on) once per new lead, in Portuguese, with tel:, WhatsApp and admin links', async () => {
  const body = freshLead('grupo-olx-current.json', {
    name: 'Carla <b>Souza</b> & Filhos',
    message: 'Posso visitar no sábado?\n<script>alert(1)</script>',
  });
  const res = await post('jardim', body);
  expect(res.status).toBe(201);

  const mail = await smtp.waitFor(() => smtp.received.find((m) => m.html.includes(res.body.leadId)));
  expect(mail.to).toEqual([ADVERTISER_EMAIL]);
  expect(mail.subject).toBe('Novo lead: Carla <b>Souza</b> & Filhos — JDA-4821 — Apartamento 2 quartos & varanda');
  expect(mail.parsed.replyTo?.text).toBe('carla.souza@example.com');

  const adminLink = `${PUBLIC_URL}/admin/plugins/grupozap/leads/${res.body.leadId}`;
  // text part
  expect(mail.text).toContain('Nome: Carla <b>Souza</b> & Filhos');
  expect(mail.text).toContain('Telefone: (48) 98862-7634 (tel:+5548988627634)');
  expect(mail.text).toContain('WhatsApp: https://wa.me/5548988627634');
  expect(mail.text).toContain('Imóvel: JDA-4821 — Apartamento 2 quartos & varanda');
  expect(mail.text).toContain('Posso visitar no sábado?');
  expect(mail.text).toContain(`Abrir o lead no CRM: ${adminLink}`);
  // HTML part: links, and everything the lead wrote escaped
  expect(mail.html).toContain('<a href="tel:+5548988627634">(48) 98862-7634</a>');
  expect(mail.html).toContain('<a href="https://wa.me/5548988627634">');
  expect(mail.html).toContain(`<a href="${adminLink}"`);
  expect(mail.html).toContain('Carla &lt;b&gt;Souza&lt;/b&gt; &amp; Filhos');
  expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  expect(mail.html).not.toContain('<script>');
  expect(mail.html).not.toContain('<b>Souza');

  expect((await leadRow(res.body.leadId)).notifiedAt).not.toBeNull();
});

it('sends nothing for a duplicate delivery of the same originLeadId', async () => {
  const body = freshLead('grupo-olx-current.json', { name: 'Duplicado Silva' });
  const first = await post('jardim', body);
  expect(first.status).toBe(201);
  await smtp.waitFor(() => smtp.received.some((mail) => mail.html.includes(first.body.leadId)));

  for (let i = 0; i < 3; i += 1) expect((await post('jardim', body)).status).toBe(200);
  await pause(1500);
  expect(smtp.received.filter((mail) => mail.html.includes(first.body.leadId))).toHaveLength(1);
});

it('sends nothing when the advertiser has sendLeadEmail off and nobody is assigned', async () => {
  const attemptsBefore = smtp.attempts.length;
  const res = await post('quieta', freshLead('grupo-olx-current.json', { clientListingId: 'Q-1' }));
  expect(res.status).toBe(201);
  await pause(1500);
  expect(smtp.attempts.length).toBe(attemptsBefore);
  expect((await leadRow(res.body.leadId)).notifiedAt).toBeNull();
});

it('e-mails the assignee and the advertiser, one message each, and only once however often it is asked', async () => {
  // the distribution step assigns before the e-mail step; here an agent is assigned first, then
  // the e-mail step of lead-arrival runs as it does for a new lead
  const res = await post('jardim', freshLead('grupo-olx-current.json', { name: 'Atribuída Costa' }));
  const lead = await leadRow(res.body.leadId);
  await smtp.waitFor(() => smtp.received.some((mail) => mail.html.includes(res.body.leadId)));
  await app.strapi.db.query(LEAD).update({ where: { id: lead.id }, data: { notifiedAt: null, assignee: agent.id } });
  smtp.received.splice(0, smtp.received.length);

  const notifications = app.strapi.plugin('grupozap').service('notifications');
  await Promise.all([notifications.notifyNewLead(lead.id), notifications.notifyNewLead(lead.id)]);
  await notifications.notifyNewLead(lead.id);

  const mails = await smtp.waitFor((received) => (received.length >= 2 ? received : undefined));
  await pause(1000);
  const about = (to: string) => smtp.received.filter((mail: ReceivedMail) => mail.to.includes(to));
  expect(about(agent.email)).toHaveLength(1);
  expect(about(ADVERTISER_EMAIL)).toHaveLength(1);
  expect(smtp.received).toHaveLength(2);
  expect(mails[0].html).toContain(`/admin/plugins/grupozap/leads/${res.body.leadId}`);
});

it('answers the portal 201 at once when the mail server refuses the recipient; retries in the background and logs it', async () => {
  app.strapi.config.set(notificationsConfig, { ...savedNotifications, retries: 2, retryDelaySeconds: 0.3 });
  smtp.rejectRecipients.set(ADVERTISER_EMAIL, 1); // refused once, then accepted
  const warn = jest.spyOn(app.strapi.log, 'warn');

  const body = freshLead('grupo-olx-current.json', { name: 'Recusa Uma Vez' });
  const started = Date.now();
  const res = await post('jardim', body);
  expect(res.status).toBe(201);
  expect(Date.now() - started).toBeLessThan(1000);

  const mail = await smtp.waitFor(() => smtp.received.find((m) => m.html.includes(res.body.leadId)));
  expect(mail.to).toEqual([ADVERTISER_EMAIL]);
  expect(smtp.attempts.filter((address) => address === ADVERTISER_EMAIL).length).toBeGreaterThanOrEqual(2);
  expect(warn).toHaveBeenCalledWith(
    expect.stringMatching(new RegExp(`lead \\d+: e-mail to ${ADVERTISER_EMAIL} failed \\(attempt 1 of 3\\).*550`))
  );
  expect((await leadRow(res.body.leadId)).notifiedAt).not.toBeNull();
});

it('gives up after the retries when the recipient is always refused: logged as an error, notifiedAt cleared, answer unchanged', async () => {
  app.strapi.config.set(notificationsConfig, { ...savedNotifications, retries: 1, retryDelaySeconds: 0.2 });
  smtp.rejectRecipients.set(ADVERTISER_EMAIL, -1); // always
  const error = jest.spyOn(app.strapi.log, 'error').mockImplementation(() => app.strapi.log);

  const res = await post('jardim', freshLead());
  expect(res.status).toBe(201);
  const lead = await leadRow(res.body.leadId);
  const gaveUp = () =>
    error.mock.calls.find(([message]) =>
      String(message).startsWith(`[grupozap] lead ${lead.id}: e-mail to ${ADVERTISER_EMAIL} not sent, gave up after 2 attempt(s)`)
    );
  await smtp.waitFor(() => gaveUp());
  await pause(300);
  expect((await leadRow(res.body.leadId)).notifiedAt).toBeNull();
  expect(smtp.received.some((mail) => mail.html.includes(res.body.leadId))).toBe(false);
});

it('answers 201 at once while the mail server is down, and the lead is e-mailed when it is back', async () => {
  app.strapi.config.set(notificationsConfig, { ...savedNotifications, retries: 3, retryDelaySeconds: 0.5 });
  const warn = jest.spyOn(app.strapi.log, 'warn');
  await smtp.close();
  try {
    const started = Date.now();
    const res = await post('jardim', freshLead('grupo-olx-current.json', { name: 'Servidor Fora' }));
    expect(res.status).toBe(201);
    expect(Date.now() - started).toBeLessThan(1000);
    await smtp.waitFor(() =>
      warn.mock.calls.some(([message]) => /e-mail to .* failed \(attempt 1 of 4\).*ECONNREFUSED/.test(String(message)))
    );

    await smtp.start();
    const mail = await smtp.waitFor(() => smtp.received.find((m) => m.html.includes(res.body.leadId)), 15_000);
    expect(mail.subject).toContain('Servidor Fora');
  } finally {
    await smtp.start();
  }
});

it('sends no e-mail when notifications are disabled', async () => {
  app.strapi.config.set(notificationsConfig, { ...savedNotifications, enabled: false });
  const attemptsBefore = smtp.attempts.length;
  const res = await post('jardim', freshLead());
  expect(res.status).toBe(201);
  await pause(1000);
  expect(smtp.attempts.length).toBe(attemptsBefore);
  expect((await leadRow(res.body.leadId)).notifiedAt).toBeNull();
});
