import type { Core } from '@strapi/strapi';
import { anotherPerson, freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * The first-response SLA: the deadline set on arrival, the inbox's time left / overdue flag and
 * filter, the time to first response stored once, and the overdue check (escalation once,
 * optional reassignment, the `grupozap-lead.overdue` event), driven by a clock the test holds.
 */
const ADVERTISER = 'plugin::grupozap.advertiser';
const LEAD = 'plugin::grupozap.lead';
const MINUTE = 60_000;

interface LeadRow {
  id: number;
  documentId: string;
  leadStatus: string;
  receivedAt: string;
  slaDueAt: string | null;
  slaEscalatedAt: string | null;
  firstRespondedAt: string | null;
  firstResponseSeconds: number | null;
  assignee: { id: number } | null;
  firstResponder: { id: number } | null;
}

let app: TestApp;
let strapi: Core.Strapi;
let ana: AdminSession;
let bia: AdminSession;
let caio: AdminSession;

const arrived = new Set<string>();
const overdueEvents: { documentId: string; assignee: { id: number } | null; slaEscalatedAt: string | null }[] = [];
const assignedEvents: string[] = [];

const sla = () => strapi.plugin('grupozap').service('sla');
const inbox = () => strapi.plugin('grupozap').service('inbox');

const waitFor = async <T>(find: () => T | undefined, what: string, ms = 10_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const userDocumentId = async (id: number): Promise<string> =>
  (await strapi.db.query('admin::user').findOne({ where: { id }, select: ['documentId'] })).documentId;

const createAdvertiser = async (slug: string, document: string, data: Record<string, unknown>, agents: AdminSession[] = []) =>
  (await strapi.documents(ADVERTISER as never).create({
    data: {
      name: slug,
      slug,
      document,
      active: true,
      ...data,
      agents: await Promise.all(agents.map((agent) => userDocumentId(agent.id))),
    },
  } as never)) as { id: number; documentId: string };

const leadRow = (documentId: string): Promise<LeadRow> =>
  strapi.db.query(LEAD).findOne({
    where: { documentId },
    populate: { assignee: { select: ['id'] }, firstResponder: { select: ['id'] } },
  });

/** Posts a lead and waits for its after-answer work (SLA clock, distribution, webhooks). */
const arrive = async (slug: string): Promise<LeadRow> => {
  const res = await app
    .http()
    .post(`/api/grupozap/lead/${slug}`)
    .auth('vivareal', TEST_SECRET)
    .send(freshLead('grupo-olx-current.json', anotherPerson()));
  expect(res.status).toBe(201);
  const documentId: string = res.body.leadId;
  await waitFor(() => (arrived.has(documentId) ? true : undefined), `lead ${documentId} to be handled`);
  return leadRow(documentId);
};

const at = (lead: LeadRow, offsetMs: number) => new Date(new Date(lead.receivedAt).getTime() + offsetMs);

beforeAll(async () => {
  app = await startTestApp();
  strapi = app.strapi;
  strapi.config.set('plugin::grupozap.notifications.enabled', false);
  strapi.eventHub.on('grupozap-lead.created', async ({ lead }: { lead: { documentId: string } }) => {
    arrived.add(lead.documentId);
  });
  strapi.eventHub.on('grupozap-lead.assigned', async ({ lead }: { lead: { documentId: string } }) => {
    assignedEvents.push(lead.documentId);
  });
  strapi.eventHub.on('grupozap-lead.overdue', async ({ lead }: { lead: (typeof overdueEvents)[number] }) => {
    overdueEvents.push(lead);
  });
  ana = await loginAs(strapi, 'strapi-editor', 'ana');
  bia = await loginAs(strapi, 'strapi-editor', 'bia');
  caio = await loginAs(strapi, 'strapi-editor', 'caio');
});

afterAll(async () => {
  await app?.stop();
});

it('checks for overdue leads every minute, as a Strapi cron task', () => {
  const jobs = (strapi.cron as unknown as { jobs: { name: string | null; options: { rule: string } }[] }).jobs;
  expect(jobs.find((job) => job.name === 'grupozap-sla')?.options).toEqual({ rule: '0 * * * * *' });
  // from here on the test holds the clock
  strapi.cron.remove('grupozap-sla');
});

describe('the deadline', () => {
  it("is receivedAt + the advertiser's slaMinutes, else the plugin's slaMinutes, else none", async () => {
    await createAdvertiser('prazo-10', '11222333000181', { slaMinutes: 10 });
    await createAdvertiser('sem-prazo', '11444777000161', {});

    const own = await arrive('prazo-10');
    expect(new Date(own.slaDueAt!).getTime()).toBe(at(own, 10 * MINUTE).getTime());
    expect(own.slaEscalatedAt).toBeNull();

    expect((await arrive('sem-prazo')).slaDueAt).toBeNull();

    strapi.config.set('plugin::grupozap.slaMinutes', 30);
    try {
      const global = await arrive('sem-prazo');
      expect(new Date(global.slaDueAt!).getTime()).toBe(at(global, 30 * MINUTE).getTime());
      // the advertiser's own wins
      const stillOwn = await arrive('prazo-10');
      expect(new Date(stillOwn.slaDueAt!).getTime()).toBe(at(stillOwn, 10 * MINUTE).getTime());
    } finally {
      strapi.config.set('plugin::grupozap.slaMinutes', null);
    }
  });

  it('is none for a lead without an advertiser unless the plugin has one', async () => {
    const res = await app
      .http()
      .post('/api/grupozap/lead')
      .auth('vivareal', TEST_SECRET)
      .send(freshLead('grupo-olx-current.json', { ...anotherPerson(), clientListingId: 'NOWHERE' }));
    expect(res.status).toBe(201);
    await waitFor(() => (arrived.has(res.body.leadId) ? true : undefined), 'the lead to be handled');
    expect((await leadRow(res.body.leadId)).slaDueAt).toBeNull();
  });
});

describe('in the inbox', () => {
  let onTime: LeadRow;
  let late: LeadRow;
  let untimed: LeadRow;

  beforeAll(async () => {
    await createAdvertiser('caixa', '45997418000153', { slaMinutes: 15 });
    onTime = await arrive('caixa');
    late = await arrive('caixa');
    untimed = await arrive('sem-prazo');
    // the inbox reads the wall clock: move this lead's deadline into the past instead
    await strapi.db.query(LEAD).update({ where: { id: late.id }, data: { slaDueAt: new Date(Date.now() - 2 * MINUTE) } });
  });

  it('shows slaDueAt, the seconds left and the overdue flag in the list and on the lead', async () => {
    const res = await ana.get(
      '/grupozap/leads?advertiser=' + (await strapi.db.query(ADVERTISER).findOne({ where: { slug: 'caixa' } })).documentId
    );
    expect(res.status).toBe(200);
    const byId = new Map(res.body.results.map((lead: { documentId: string }) => [lead.documentId, lead]));
    const shownOnTime = byId.get(onTime.documentId) as Record<string, unknown>;
    expect(shownOnTime).toMatchObject({
      overdue: false,
      slaDueAt: expect.any(String),
      firstRespondedAt: null,
      firstResponseSeconds: null,
    });
    expect(shownOnTime.slaSecondsLeft).toBeGreaterThan(14 * 60);
    expect(shownOnTime.slaSecondsLeft).toBeLessThanOrEqual(15 * 60);
    const shownLate = byId.get(late.documentId) as Record<string, unknown>;
    expect(shownLate).toMatchObject({ overdue: true });
    expect(shownLate.slaSecondsLeft).toBeLessThanOrEqual(-110);

    const one = await ana.get(`/grupozap/leads/${late.documentId}`);
    expect(one.body.data).toMatchObject({
      documentId: late.documentId,
      overdue: true,
      slaEscalatedAt: null,
      firstRespondedAt: null,
    });
    expect((await ana.get(`/grupozap/leads/${untimed.documentId}`)).body.data).toMatchObject({
      overdue: false,
      slaSecondsLeft: null,
      slaDueAt: null,
    });
  });

  it('filters with overdue=true and overdue=false, and sorts by slaDueAt', async () => {
    const ids = async (query: string) =>
      (await ana.get(`/grupozap/leads?pageSize=100&${query}`)).body.results.map(
        (lead: { documentId: string }) => lead.documentId
      );
    expect(await ids('overdue=true')).toEqual([late.documentId]);
    const notOverdue = await ids('overdue=false');
    expect(notOverdue).toEqual(expect.arrayContaining([onTime.documentId, untimed.documentId]));
    expect(notOverdue).not.toContain(late.documentId);
    const bySla = await ids(
      'sort=slaDueAt:asc&advertiser=' + (await strapi.db.query(ADVERTISER).findOne({ where: { slug: 'caixa' } })).documentId
    );
    expect(bySla).toEqual([late.documentId, onTime.documentId]);
    expect((await ana.get('/grupozap/leads?overdue=maybe')).status).toBe(400);
  });

  it('is no longer overdue once answered', async () => {
    await ana.put(`/grupozap/leads/${late.documentId}`, { status: 'contacted' }).expect(200);
    const one = (await ana.get(`/grupozap/leads/${late.documentId}`)).body.data;
    expect(one).toMatchObject({ status: 'contacted', overdue: false, slaSecondsLeft: null, firstResponder: { id: ana.id } });
    expect(one.firstRespondedAt).not.toBeNull();
    expect(await ana.get('/grupozap/leads?overdue=true').then((res) => res.body.results)).toEqual([]);
  });
});

describe('the time to first response', () => {
  beforeAll(async () => {
    await createAdvertiser('resposta', '60701190000104', {});
  });

  it('is stored when the lead first leaves new, with who answered, and never again', async () => {
    const lead = await arrive('resposta');
    // assigning is no answer
    await inbox().update([lead.id], { assignee: bia.id }, { by: ana.id, now: at(lead, 60_000) });
    expect(await leadRow(lead.documentId)).toMatchObject({
      firstRespondedAt: null,
      firstResponseSeconds: null,
      assignee: { id: bia.id },
    });

    await inbox().update([lead.id], { status: 'contacted' }, { by: bia.id, now: at(lead, 125_000) });
    const answered = await leadRow(lead.documentId);
    expect(answered).toMatchObject({ leadStatus: 'contacted', firstResponseSeconds: 125, firstResponder: { id: bia.id } });
    expect(new Date(answered.firstRespondedAt!).getTime()).toBe(at(lead, 125_000).getTime());

    // later changes, even back to new and out again, keep the first
    await inbox().update([lead.id], { status: 'new' }, { by: caio.id, now: at(lead, 200_000) });
    await inbox().update([lead.id], { status: 'qualified' }, { by: caio.id, now: at(lead, 300_000) });
    expect(await leadRow(lead.documentId)).toMatchObject({
      leadStatus: 'qualified',
      firstResponseSeconds: 125,
      firstResponder: { id: bia.id },
    });
  });

  it('is stored for each lead of a bulk change that leaves new, through the API', async () => {
    const first = await arrive('resposta');
    const second = await arrive('resposta');
    await caio.put(`/grupozap/leads/${first.documentId}`, { status: 'contacted' }).expect(200);
    const before = await leadRow(first.documentId);

    const res = await bia.post('/grupozap/leads/bulk', {
      documentIds: [first.documentId, second.documentId],
      status: 'qualified',
    });
    expect(res.status).toBe(200);
    const [afterFirst, afterSecond] = await Promise.all([leadRow(first.documentId), leadRow(second.documentId)]);
    expect(afterFirst).toMatchObject({
      leadStatus: 'qualified',
      firstRespondedAt: before.firstRespondedAt,
      firstResponder: { id: caio.id },
    });
    expect(afterSecond).toMatchObject({ leadStatus: 'qualified', firstResponder: { id: bia.id } });
    expect(afterSecond.firstResponseSeconds).toBeGreaterThanOrEqual(0);
    expect(afterSecond.firstResponseSeconds).toBeLessThan(60);
  });

  it('is stored once when two agents answer the same lead at once', async () => {
    const lead = await arrive('resposta');
    await Promise.all([
      inbox().update([lead.id], { status: 'contacted' }, { by: ana.id, now: at(lead, 10_000) }),
      inbox().update([lead.id], { status: 'qualified' }, { by: bia.id, now: at(lead, 20_000) }),
    ]);
    const row = await leadRow(lead.documentId);
    expect([10, 20]).toContain(row.firstResponseSeconds);
    expect(row.firstResponder?.id).toBe(row.firstResponseSeconds === 10 ? ana.id : bia.id);
  });
});

describe('the overdue check', () => {
  let a: LeadRow;
  let b: LeadRow;
  let waiting: LeadRow;
  let kept: LeadRow;
  let answered: LeadRow;
  let clock: (offsetMs: number) => Date;

  beforeAll(async () => {
    // leads the earlier tests left overdue are escalated now, out of the way
    await sla().checkOverdue(new Date(Date.now() + 365 * 24 * 60 * MINUTE));
    overdueEvents.length = 0;

    await createAdvertiser('repassa', '33000167000101', { slaMinutes: 10, slaReassign: true, distributionEnabled: true }, [
      ana,
      bia,
      caio,
    ]);
    await createAdvertiser('avisa', '19131243000197', { slaMinutes: 10, slaReassign: false, distributionEnabled: true }, [
      ana,
      bia,
    ]);
    a = await arrive('repassa'); // ana's turn
    b = await arrive('repassa'); // bia's
    const distribution = strapi.plugin('grupozap').service('distribution');
    for (const agent of [ana, bia, caio]) await distribution.setAvailability(agent.id, { away: true });
    waiting = await arrive('repassa'); // nobody's: all away
    for (const agent of [ana, bia, caio]) await distribution.setAvailability(agent.id, { away: false });
    kept = await arrive('avisa'); // ana's
    answered = await arrive('repassa'); // caio's, answered in time below
    await inbox().update([answered.id], { status: 'contacted' }, { by: caio.id, now: at(answered, 5 * MINUTE) });
    clock = (offsetMs) => at(answered, offsetMs);
  });

  it('starts from distributed and waiting leads', () => {
    expect([a, b, waiting, kept, answered].map((lead) => lead.assignee?.id ?? null)).toEqual([
      ana.id,
      bia.id,
      null,
      ana.id,
      caio.id,
    ]);
  });

  it('finds nothing before the deadline', async () => {
    expect(await sla().checkOverdue(at(a, 10 * MINUTE - 1000))).toEqual({ escalated: [], reassigned: [] });
  });

  it('escalates the overdue leads once, reassigns them where the advertiser asks, and announces them', async () => {
    const now = clock(11 * MINUTE);
    const result = await sla().checkOverdue(now);
    expect(result.escalated.sort()).toEqual([a.id, b.id, waiting.id, kept.id].sort());
    expect(result.reassigned.sort()).toEqual([a.id, b.id, waiting.id].sort());

    const [afterA, afterB, afterWaiting, afterKept, afterAnswered] = await Promise.all(
      [a, b, waiting, kept, answered].map((lead) => leadRow(lead.documentId))
    );
    // in deadline order, each to the next agent in turn other than its own: the turn stood at caio
    expect([afterA, afterB, afterWaiting].map((lead) => lead.assignee?.id)).toEqual([bia.id, caio.id, ana.id]);
    expect(afterKept.assignee?.id).toBe(ana.id);
    for (const lead of [afterA, afterB, afterWaiting, afterKept]) {
      expect(new Date(lead.slaEscalatedAt!).getTime()).toBe(now.getTime());
      // the deadline stays: the lead is still overdue
      expect(lead.leadStatus).toBe('new');
    }
    expect(afterAnswered.slaEscalatedAt).toBeNull();

    await waitFor(() => (overdueEvents.length >= 4 ? true : undefined), 'the overdue events');
    expect(overdueEvents.map((lead) => lead.documentId).sort()).toEqual(
      [a, b, waiting, kept].map((lead) => lead.documentId).sort()
    );
    expect(overdueEvents.find((lead) => lead.documentId === b.documentId)).toMatchObject({
      assignee: { id: caio.id },
      slaEscalatedAt: expect.any(String),
    });
    for (const lead of [a, b, waiting]) expect(assignedEvents).toContain(lead.documentId);
  });

  it('does not escalate a lead twice', async () => {
    expect(await sla().checkOverdue(clock(60 * MINUTE))).toEqual({ escalated: [], reassigned: [] });
    expect(overdueEvents).toHaveLength(4);
  });

  it('escalates each lead once when several checks run at once', async () => {
    const late = await Promise.all([arrive('avisa'), arrive('avisa'), arrive('avisa')]);
    const now = at(late[2], 11 * MINUTE);
    const results = await Promise.all([sla().checkOverdue(now), sla().checkOverdue(now), sla().checkOverdue(now)]);
    const escalated = results.flatMap((result) => result.escalated).sort();
    expect(escalated).toEqual(late.map((lead) => lead.id).sort());
  });
});
