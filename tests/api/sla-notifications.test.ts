import type { Core } from '@strapi/strapi';
import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { startSmtpServer, type ReceivedMail, type TestSmtpServer } from '../helpers/smtp';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * The manager is told when a lead misses its first-response SLA: the SLA check (driven here by a
 * clock the test holds) emits `grupozap-lead.overdue` once per lead, and the notifications
 * service e-mails the advertiser's `managerEmail`, else `notifications.managersEmail`, through
 * Strapi's email plugin (nodemailer) to a real SMTP server started here.
 */
const PUBLIC_URL = 'https://crm.example.test';
const ADVERTISER = 'plugin::grupozap.advertiser';
const LEAD = 'plugin::grupozap.lead';
const MINUTE = 60_000;
const SUBJECT = 'Lead sem resposta no prazo';
const MANAGER = 'gerente@jardim.example.test';
const notificationsConfig = 'plugin::grupozap.notifications';

interface LeadRow {
  id: number;
  documentId: string;
  receivedAt: string;
  slaDueAt: string | null;
  assignee: { id: number } | null;
}

let smtp: TestSmtpServer;
let app: TestApp;
let strapi: Core.Strapi;
let ana: AdminSession;
let bia: AdminSession;
let savedNotifications: Record<string, unknown>;
const arrived = new Set<string>();

const sla = () => strapi.plugin('grupozap').service('sla');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const waitFor = async <T>(find: () => T | undefined, what: string, ms = 10_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await pause(20);
  }
};

const userDocumentId = async (id: number): Promise<string> =>
  (await strapi.db.query('admin::user').findOne({ where: { id }, select: ['documentId'] })).documentId;

const createAdvertiser = async (slug: string, document: string, data: Record<string, unknown>, agents: AdminSession[] = []) =>
  (await strapi.documents(ADVERTISER as never).create({
    data: {
      name: `Imobiliária ${slug}`,
      slug,
      document,
      active: true,
      ...data,
      agents: await Promise.all(agents.map((agent) => userDocumentId(agent.id))),
    },
  } as never)) as { id: number; documentId: string };

const leadRow = (documentId: string): Promise<LeadRow> =>
  strapi.db.query(LEAD).findOne({ where: { documentId }, populate: { assignee: { select: ['id'] } } });

/** Posts a lead and waits for its after-answer work (SLA clock, distribution, e-mail, webhooks). */
const arrive = async (slug: string, overrides: Record<string, unknown> = {}): Promise<LeadRow> => {
  const res = await app
    .http()
    .post(`/api/grupozap/lead/${slug}`)
    .auth('vivareal', TEST_SECRET)
    .send(freshLead('grupo-olx-current.json', overrides));
  expect(res.status).toBe(201);
  const documentId: string = res.body.leadId;
  await waitFor(() => (arrived.has(documentId) ? true : undefined), `lead ${documentId} to be handled`);
  return leadRow(documentId);
};

const at = (lead: LeadRow, offsetMs: number) => new Date(new Date(lead.receivedAt).getTime() + offsetMs);

/** The overdue e-mails about a lead (new-lead e-mails to the agents are left out). */
const overdueMails = (lead: LeadRow): ReceivedMail[] =>
  smtp.received.filter((mail) => mail.subject.startsWith(SUBJECT) && mail.html.includes(`/leads/${lead.documentId}"`));

const adminLink = (lead: LeadRow) => `${PUBLIC_URL}/admin/plugins/grupozap/leads/${lead.documentId}`;

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), PUBLIC_URL } });
  strapi = app.strapi;
  // the test holds the clock
  strapi.cron.remove('grupozap-sla');
  savedNotifications = { ...(strapi.config.get(notificationsConfig) as Record<string, unknown>) };
  strapi.eventHub.on('grupozap-lead.created', async ({ lead }: { lead: { documentId: string } }) => {
    arrived.add(lead.documentId);
  });
  ana = await loginAs(strapi, 'strapi-editor', 'ana');
  bia = await loginAs(strapi, 'strapi-editor', 'bia');

  await createAdvertiser(
    'jardim',
    '11222333000181',
    { slaMinutes: 10, slaReassign: true, distributionEnabled: true, returningToSameAgent: false, managerEmail: MANAGER },
    [ana, bia]
  );
  await createAdvertiser('avisa', '11444777000161', {
    slaMinutes: 10,
    slaReassign: false,
    managerEmail: 'gerente@avisa.example.test',
  });
  await createAdvertiser('sem-gerente', '45997418000153', { slaMinutes: 10 });
});

afterEach(() => {
  jest.restoreAllMocks();
  strapi.config.set(notificationsConfig, { ...savedNotifications });
});

afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

it('e-mails the advertiser’s manager once per overdue lead, in Portuguese, with the lead, its links and who has it now and before', async () => {
  // the advertiser's own manager wins over the config's
  strapi.config.set(notificationsConfig, { ...savedNotifications, managersEmail: 'diretoria@example.test' });
  const lead = await arrive('jardim', { name: 'Carla <b>Souza</b> & Filhos' });
  expect(lead.assignee?.id).toBe(ana.id);

  expect(await sla().checkOverdue(at(lead, 10 * MINUTE - 1000))).toEqual({ escalated: [], reassigned: [] });
  const first = await sla().checkOverdue(at(lead, 11 * MINUTE));
  expect(first).toEqual({ escalated: [lead.id], reassigned: [lead.id] });
  // once escalated, later checks find nothing
  expect(await sla().checkOverdue(at(lead, 60 * MINUTE))).toEqual({ escalated: [], reassigned: [] });
  expect((await leadRow(lead.documentId)).assignee?.id).toBe(bia.id);

  const mail = await smtp.waitFor(() => overdueMails(lead)[0]);
  await pause(1500);
  expect(overdueMails(lead)).toHaveLength(1);
  expect(mail.to).toEqual([MANAGER]);
  expect(mail.subject).toBe('Lead sem resposta no prazo: Carla <b>Souza</b> & Filhos — JDA-4821');
  expect(mail.text).toContain('Imóvel: JDA-4821');

  // text part
  expect(mail.text).toContain('Nome: Carla <b>Souza</b> & Filhos');
  expect(mail.text).toContain('Telefone: (48) 98862-7634 (tel:+5548988627634)');
  expect(mail.text).toContain('WhatsApp: https://wa.me/5548988627634');
  expect(mail.text).toMatch(/Recebido em: \d{2}\/\d{2}\/\d{4},? \d{2}:\d{2}/);
  expect(mail.text).toMatch(/Prazo de resposta: \d{2}\/\d{2}\/\d{4},? \d{2}:\d{2} \(10 min após o recebimento\)/);
  expect(mail.text).toContain(`Responsável: bia Test (${bia.email})`);
  expect(mail.text).toContain(`Responsável anterior: ana Test (${ana.email})`);
  expect(mail.text).toContain('repassado automaticamente');
  expect(mail.text).toContain(`Abrir o lead no CRM: ${adminLink(lead)}`);
  // HTML part: links, and what the lead wrote escaped
  expect(mail.html).toContain('<h2 style="margin:0 0 12px">Lead sem resposta no prazo</h2>');
  expect(mail.html).toContain('<a href="tel:+5548988627634">(48) 98862-7634</a>');
  expect(mail.html).toContain('<a href="https://wa.me/5548988627634">');
  expect(mail.html).toContain(`<a href="${adminLink(lead)}"`);
  expect(mail.html).toContain('Carla &lt;b&gt;Souza&lt;/b&gt; &amp; Filhos');
  expect(mail.html).not.toContain('<b>Souza');
  expect(mail.html).toContain(`bia Test (${bia.email})`);
  expect(mail.html).toContain(`ana Test (${ana.email})`);
  expect(smtp.received.some((received) => received.to.includes('diretoria@example.test'))).toBe(false);
});

it('names the assignee, and nobody before, when the lead is not reassigned; one e-mail per lead', async () => {
  const leads = [
    await arrive('avisa', { name: 'Primeiro Sem Resposta' }),
    await arrive('avisa', { name: 'Segundo Sem Resposta' }),
  ];
  await strapi.db.query(LEAD).update({ where: { id: leads[0].id }, data: { assignee: ana.id } });

  const { escalated, reassigned } = await sla().checkOverdue(at(leads[1], 11 * MINUTE));
  expect(escalated.sort()).toEqual(leads.map((lead) => lead.id).sort());
  expect(reassigned).toEqual([]);
  await sla().checkOverdue(at(leads[1], 120 * MINUTE));

  const [withAgent, waiting] = await Promise.all(leads.map((lead) => smtp.waitFor(() => overdueMails(lead)[0])));
  await pause(1500);
  for (const lead of leads) expect(overdueMails(lead)).toHaveLength(1);
  for (const mail of [withAgent, waiting]) {
    expect(mail.to).toEqual(['gerente@avisa.example.test']);
    expect(mail.text).not.toContain('Responsável anterior');
    expect(mail.text).not.toContain('repassado');
    expect(mail.text).toContain('Anunciante: Imobiliária avisa');
  }
  expect(withAgent.subject).toBe('Lead sem resposta no prazo: Primeiro Sem Resposta — JDA-4821');
  expect(withAgent.text).toContain(`Responsável: ana Test (${ana.email})`);
  expect(waiting.text).toContain('Responsável: ninguém (aguardando na caixa de entrada)');
  expect(waiting.text).toContain(`Abrir o lead no CRM: ${adminLink(leads[1])}`);
});

it('sends one e-mail per lead when several checks run at once', async () => {
  const leads = await Promise.all([arrive('avisa'), arrive('avisa'), arrive('avisa')]);
  const now = at(leads[2], 11 * MINUTE);
  const results = await Promise.all([sla().checkOverdue(now), sla().checkOverdue(now), sla().checkOverdue(now)]);
  expect(results.flatMap((result) => result.escalated).sort()).toEqual(leads.map((lead) => lead.id).sort());

  await Promise.all(leads.map((lead) => smtp.waitFor(() => overdueMails(lead)[0])));
  await pause(1500);
  for (const lead of leads) expect(overdueMails(lead)).toHaveLength(1);
});

it('falls back to notifications.managersEmail (a comma-separated list) for an advertiser without managerEmail', async () => {
  strapi.config.set(notificationsConfig, {
    ...savedNotifications,
    managersEmail: 'diretoria@example.test, Gerência <gerencia@example.test>',
  });
  const lead = await arrive('sem-gerente', { name: 'Fallback Lima' });
  expect(await sla().checkOverdue(at(lead, 11 * MINUTE))).toMatchObject({ escalated: [lead.id] });
  await sla().checkOverdue(at(lead, 30 * MINUTE));

  const mail = await smtp.waitFor(() => overdueMails(lead)[0]);
  await pause(1500);
  expect(overdueMails(lead)).toHaveLength(1);
  expect(mail.to.sort()).toEqual(['diretoria@example.test', 'gerencia@example.test']);
  expect(mail.text).toContain('Nome: Fallback Lima');
  expect(mail.text).toContain(`Abrir o lead no CRM: ${adminLink(lead)}`);
});

it('sends nothing, and says so at debug level, when there is no manager address', async () => {
  const debug = jest.spyOn(strapi.log, 'debug');
  const attemptsBefore = smtp.attempts.length;
  const lead = await arrive('sem-gerente', { name: 'Ninguém Avisado' });
  // the lead's own new-lead e-mail (none here: nobody assigned, sendLeadEmail off) is not counted
  const afterArrival = smtp.attempts.length;
  expect(afterArrival).toBe(attemptsBefore);

  expect(await sla().checkOverdue(at(lead, 11 * MINUTE))).toMatchObject({ escalated: [lead.id] });
  await pause(1500);
  expect(smtp.attempts.length).toBe(afterArrival);
  expect(overdueMails(lead)).toHaveLength(0);
  expect(debug).toHaveBeenCalledWith(expect.stringMatching(new RegExp(`lead ${lead.id} overdue: no manager to tell`)));
});

it('sends nothing for a test lead (isTest)', async () => {
  const lead = await arrive('jardim', { name: 'Lead De Teste' });
  // marked as a test lead after its clock started (as the homologation marks its leads again)
  await strapi.db.query(LEAD).update({ where: { id: lead.id }, data: { isTest: true } });

  expect(await sla().checkOverdue(at(lead, 11 * MINUTE))).toMatchObject({ escalated: [lead.id] });
  await pause(1500);
  expect(overdueMails(lead)).toHaveLength(0);
  expect(smtp.received.some((mail) => mail.subject.includes('Lead De Teste') && mail.subject.startsWith(SUBJECT))).toBe(false);
});
