import type { Core } from '@strapi/strapi';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { freshLead } from '../helpers/fixtures';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';
import type { LeadActivity, LeadDetail, LeadListItem } from '../../shared/contracts/leads';

/**
 * The next step never forgotten (issue 15, point 5): a follow-up date and kind on each lead, the
 * visit's date asked with `visit_scheduled`, the "due today / overdue" view, one reminder e-mail
 * per follow-up date to the assignee (driven by a clock the test holds, with two checks racing),
 * and the visit as an .ics file, within the reader's leads.
 */
const ADVERTISER = 'plugin::grupozap.advertiser';
const LEAD = 'plugin::grupozap.lead';
const HOUR = 3_600_000;
const PUBLIC_URL = 'https://crm.example.test';

let smtp: TestSmtpServer;
let app: TestApp;
let strapi: Core.Strapi;
let admin: AdminSession;
let ana: AdminSession;
let author: AdminSession;
const followUpEvents: string[] = [];

const followUps = () => strapi.plugin('grupozap').service('follow-ups');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const deliver = async (overrides: Record<string, unknown> = {}): Promise<string> => {
  const res = await app
    .http()
    .post('/api/grupozap/lead/jardim')
    .auth('vivareal', TEST_SECRET)
    .send(freshLead('grupo-olx-current.json', overrides));
  expect(res.status).toBe(201);
  return res.body.leadId as string;
};

const lead = async (documentId: string): Promise<LeadDetail> => {
  const res = await admin.get(`/grupozap/leads/${documentId}`);
  expect(res.status).toBe(200);
  return res.body.data;
};

const rowOf = (documentId: string): Promise<{ id: number }> =>
  strapi.db.query(LEAD).findOne({ where: { documentId }, select: ['id'] });

const kinds = (activities: LeadActivity[], kind: string) => activities.filter((activity) => activity.kind === kind);

beforeAll(async () => {
  smtp = await startSmtpServer();
  app = await startTestApp({ env: { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(smtp.port), PUBLIC_URL } });
  strapi = app.strapi;
  // the test holds the clock
  strapi.cron.remove('grupozap-follow-ups');
  strapi.cron.remove('grupozap-sla');
  strapi.eventHub.on('grupozap-lead.follow-up-due', async ({ lead: { documentId } }: { lead: { documentId: string } }) => {
    followUpEvents.push(documentId);
  });
  admin = await loginAs(strapi, 'strapi-super-admin', 'boss');
  ana = await loginAs(strapi, 'strapi-editor', 'ana');
  author = await loginAs(strapi, 'strapi-author', 'outsider');
  await strapi.documents(ADVERTISER as never).create({
    data: { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181', active: true },
  } as never);
});

afterAll(async () => {
  await app?.stop();
  await smtp?.close();
});

describe('a follow-up on a lead', () => {
  it('is kept with its kind (a call when not said), on the timeline, and refused when it makes no sense', async () => {
    const documentId = await deliver();
    const at = new Date(Date.now() + 2 * HOUR).toISOString();

    const set = await admin.put(`/grupozap/leads/${documentId}`, { followUpAt: at });
    expect(set.status).toBe(200);
    expect(set.body.data).toMatchObject({ followUpAt: at, followUpKind: 'call', followUpRemindedAt: null });

    const proposal = await admin.put(`/grupozap/leads/${documentId}`, { followUpAt: at, followUpKind: 'proposal' });
    expect(proposal.body.data.followUpKind).toBe('proposal');

    const refused = await Promise.all([
      admin.put(`/grupozap/leads/${documentId}`, { followUpKind: 'visit' }),
      admin.put(`/grupozap/leads/${documentId}`, { followUpAt: 'tomorrow' }),
      admin.put(`/grupozap/leads/${documentId}`, { followUpAt: '2206-01-01T10:00:00Z' }),
      admin.put(`/grupozap/leads/${documentId}`, { followUpAt: at, followUpKind: 'dinner' }),
    ]);
    expect(refused.map((res) => res.status)).toEqual([400, 400, 400, 400]);
    expect(refused.every((res) => res.body.error?.name === 'ValidationError')).toBe(true);

    const cleared = await admin.put(`/grupozap/leads/${documentId}`, { followUpAt: null });
    expect(cleared.body.data).toMatchObject({ followUpAt: null, followUpKind: null });

    const story = kinds((await lead(documentId)).activities, 'follow-up').map((activity) => [
      activity.from,
      activity.to,
      activity.detail,
    ]);
    expect(story).toEqual([
      [at, null, {}],
      [at, at, { kind: 'proposal' }],
      [null, at, { kind: 'call' }],
    ]);
  });

  it('asks the visit’s date with visit_scheduled, and makes the visit the next step', async () => {
    const documentId = await deliver();
    const noDate = await admin.put(`/grupozap/leads/${documentId}`, { status: 'visit_scheduled' });
    expect(noDate.status).toBe(400);
    expect(JSON.stringify(noDate.body.error.details)).toContain('visitAt');
    const bulkNoDate = await admin.post('/grupozap/leads/bulk', { documentIds: [documentId], status: 'visit_scheduled' });
    expect(bulkNoDate.status).toBe(400);
    expect((await lead(documentId)).status).toBe('new');

    const visitAt = new Date(Date.now() + 26 * HOUR).toISOString();
    const scheduled = await admin.put(`/grupozap/leads/${documentId}`, { status: 'visit_scheduled', visitAt });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.data).toMatchObject({ status: 'visit_scheduled', visitAt, followUpAt: visitAt, followUpKind: 'visit' });

    // a follow-up named in the same change wins over the visit
    const other = await deliver();
    const callFirst = new Date(Date.now() + HOUR).toISOString();
    const both = await admin.put(`/grupozap/leads/${other}`, { status: 'visit_scheduled', visitAt, followUpAt: callFirst });
    expect(both.body.data).toMatchObject({ visitAt, followUpAt: callFirst, followUpKind: 'call' });
  });

  it('goes when the lead is won or lost', async () => {
    const won = await deliver();
    const lost = await deliver();
    const at = new Date(Date.now() + HOUR).toISOString();
    await admin.post('/grupozap/leads/bulk', { documentIds: [won, lost], followUpAt: at });
    expect((await lead(won)).followUpAt).toBe(at);
    await admin.put(`/grupozap/leads/${won}`, { status: 'won' });
    await admin.put(`/grupozap/leads/${lost}`, { status: 'lost', lostReason: 'Sem retorno do cliente' });
    expect([(await lead(won)).followUpAt, (await lead(lost)).followUpAt]).toEqual([null, null]);
  });
});

describe('the follow-up view', () => {
  it('lists the follow-ups due by the end of today (the past ones too), or the past ones only, soonest first', async () => {
    const past = await deliver();
    const laterToday = await deliver();
    const nextWeek = await deliver();
    const none = await deliver();
    const now = Date.now();
    await admin.put(`/grupozap/leads/${past}`, { followUpAt: new Date(now - HOUR).toISOString() });
    // a minute from now is still today wherever the day ends (the settings' zone)
    await admin.put(`/grupozap/leads/${laterToday}`, { followUpAt: new Date(now + 60_000).toISOString() });
    await admin.put(`/grupozap/leads/${nextWeek}`, { followUpAt: new Date(now + 7 * 24 * HOUR).toISOString() });

    const ids = async (query: string) => {
      const res = await admin.get(`/grupozap/leads?${query}&pageSize=100`);
      expect(res.status).toBe(200);
      return (res.body.results as LeadListItem[]).map((item) => item.documentId);
    };
    const today = await ids('followUp=today&sort=followUpAt:asc');
    expect(today.indexOf(past)).toBeGreaterThanOrEqual(0);
    expect(today.indexOf(past)).toBeLessThan(today.indexOf(laterToday));
    expect(today).not.toContain(nextWeek);
    expect(today).not.toContain(none);
    const overdue = await ids('followUp=overdue');
    expect(overdue).toContain(past);
    expect(overdue).not.toContain(laterToday);
    expect((await admin.get('/grupozap/leads?followUp=someday')).status).toBe(400);

    // the same filter in a search and in the export, whose file has the next step's columns
    const search = await admin.post('/grupozap/leads/search', { followUp: 'overdue', q: 'Carla' });
    expect((search.body.results as LeadListItem[]).map((item) => item.documentId)).toContain(past);
    const file = await admin.post('/grupozap/leads/export', { followUp: 'today' }).set('Accept', 'application/json');
    const [header, ...rows] = (file.body.data.csv as string)
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(header.split(',').slice(-3)).toEqual(['followUpAt', 'followUpKind', 'visitAt']);
    expect(rows.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the reminder', () => {
  it('e-mails the assignee once at the follow-up’s time, however many checks run, and again for a new date', async () => {
    const documentId = await deliver({ name: 'Rita Reminder' });
    const { id } = await rowOf(documentId);
    const at = new Date(Date.now() + 3 * HOUR);
    await admin.put(`/grupozap/leads/${documentId}`, { assignee: ana.id, followUpAt: at.toISOString(), followUpKind: 'call' });

    expect(await followUps().remindDue(new Date(at.getTime() - 1000))).not.toContain(id);
    const [first, second] = await Promise.all([followUps().remindDue(at), followUps().remindDue(at)]);
    expect([...first, ...second].filter((reminded: number) => reminded === id)).toHaveLength(1);
    expect(await followUps().remindDue(new Date(at.getTime() + HOUR))).not.toContain(id);

    const mail = await smtp.waitFor((received) => received.find((item) => item.subject.includes('Rita Reminder')));
    expect(mail.to).toEqual([ana.email]);
    expect(mail.subject).toMatch(/^Ligar: Rita Reminder — \d{2}\/\d{2}\/\d{4}/);
    expect(mail.html).toContain(`${PUBLIC_URL}/admin/plugins/grupozap/leads/${documentId}`);
    await pause(1000);
    expect(smtp.received.filter((item) => item.subject.includes('Rita Reminder'))).toHaveLength(1);
    expect(followUpEvents.filter((event) => event === documentId)).toHaveLength(1);

    const detail = await lead(documentId);
    expect(detail.followUpRemindedAt).toBe(at.toISOString());
    expect(kinds(detail.activities, 'reminder')).toEqual([
      expect.objectContaining({ to: at.toISOString(), detail: { kind: 'call' }, actor: null }),
    ]);
    expect(kinds(detail.activities, 'email').map((activity) => activity.detail.message)).toContain('follow-up');

    // a new date is a new reminder
    const later = new Date(at.getTime() + 24 * HOUR);
    await admin.put(`/grupozap/leads/${documentId}`, { followUpAt: later.toISOString(), followUpKind: 'visit' });
    expect(await followUps().remindDue(later)).toContain(id);
    await smtp.waitFor((received) => received.filter((item) => item.subject.includes('Rita Reminder')).length === 2 || undefined);
    expect(smtp.received.filter((item) => item.subject.includes('Rita Reminder'))[1].subject).toMatch(/^Visita: Rita Reminder/);
  });
});

describe('the visit in a calendar', () => {
  it('is an .ics of the visit for who may read the lead, and 404 for the others or without a visit', async () => {
    const documentId = await deliver({ name: 'Vera Visita' });
    const visitAt = new Date('2027-03-05T13:30:00.000Z');
    const none = await admin.get(`/grupozap/leads/${documentId}/visit.ics`);
    expect([none.status, none.body.error?.details?.code]).toEqual([404, 'VISIT_NOT_FOUND']);
    await admin.put(`/grupozap/leads/${documentId}`, { status: 'visit_scheduled', visitAt: visitAt.toISOString() });

    const res = await admin.get(`/grupozap/leads/${documentId}/visit.ics`).set('Accept', 'text/calendar');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    expect(res.headers['content-disposition']).toContain('.ics');
    const ics = res.text.replace(/\r\n[ \t]/g, '');
    expect(ics).toContain('BEGIN:VEVENT');
    expect(ics).toContain('DTSTART:20270305T133000Z');
    expect(ics).toContain(`UID:visit-${documentId}@strapi-plugin-grupozap`);
    expect(ics).toContain('SUMMARY:Visita: Vera Visita — JDA-4821');
    expect(ics).toContain('CLASS:PRIVATE');
    expect(ics).toContain(`${PUBLIC_URL}/admin/plugins/grupozap/leads/${documentId}`);

    const json = await admin.get(`/grupozap/leads/${documentId}/visit.ics`).set('Accept', 'application/json');
    expect(json.body.data.filename).toMatch(/^visita-2027-03-05-.+\.ics$/);
    expect(json.body.data.ics).toContain('BEGIN:VCALENDAR');

    // an Author reads only their own leads
    expect((await author.get(`/grupozap/leads/${documentId}/visit.ics`)).status).toBe(404);
  });
});
