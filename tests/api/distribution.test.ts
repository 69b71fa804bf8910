import type { Core } from '@strapi/strapi';
import { anotherPerson, freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { startSecondInstance, type SecondInstance } from '../helpers/second-instance';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * Distribution of new leads to an advertiser's agents in turn: order, agents away, the listing's
 * responsible agent, what stays unassigned; and fairness with two Strapi processes on one
 * PostgreSQL or MariaDB database taking leads at once.
 */
const ADVERTISER = 'plugin::grupozap.advertiser';
const LISTING = 'plugin::grupozap.listing';
const LEAD = 'plugin::grupozap.lead';
const AUTH = `Basic ${Buffer.from(`vivareal:${TEST_SECRET}`).toString('base64')}`;

interface LeadRow {
  id: number;
  documentId: string;
  assignee: { id: number } | null;
  assignedAt: string | null;
  distributionTurn: number | null;
}

let app: TestApp;
let strapi: Core.Strapi;
let ana: AdminSession;
let bia: AdminSession;
let caio: AdminSession;
const name = new Map<number, string>();

/** Leads whose after-answer work (distribution, then webhooks) is done in this process. */
const arrived = new Set<string>();

const waitFor = async <T>(find: () => Promise<T | undefined> | T | undefined, what: string, ms = 20_000): Promise<T> => {
  const until = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const documentIdOfUser = async (id: number): Promise<string> =>
  (await strapi.db.query('admin::user').findOne({ where: { id }, select: ['documentId'] })).documentId;

/** Through the Document Service, as the Content Manager saves it; agents in this order. */
const createAdvertiser = async (
  slug: string,
  document: string,
  data: Record<string, unknown> = {},
  agents: AdminSession[] = []
) =>
  (await strapi.documents(ADVERTISER as never).create({
    data: {
      name: slug,
      slug,
      document,
      active: true,
      ...data,
      agents: await Promise.all(agents.map((agent) => documentIdOfUser(agent.id))),
    },
  } as never)) as { id: number; documentId: string };

const leadRow = (documentId: string): Promise<LeadRow> =>
  strapi.db.query(LEAD).findOne({
    where: { documentId },
    select: ['id', 'documentId', 'assignedAt', 'distributionTurn'],
    populate: { assignee: { select: ['id'] } },
  });

/** Posts a lead and waits until its after-answer work is done; gives the stored lead. */
const arrive = async (slug: string, overrides: Record<string, unknown> = {}): Promise<LeadRow> => {
  const res = await app
    .http()
    .post(`/api/grupozap/lead/${slug}`)
    .auth('vivareal', TEST_SECRET)
    .send(freshLead('grupo-olx-current.json', { ...anotherPerson(), ...overrides }));
  expect(res.status).toBe(201);
  const documentId: string = res.body.leadId;
  await waitFor(() => (arrived.has(documentId) ? true : undefined), `lead ${documentId} to be handled`);
  return leadRow(documentId);
};

const assigneeName = (lead: LeadRow) => (lead.assignee ? name.get(lead.assignee.id) : null);

const arriveMany = async (slug: string, count: number, overrides: Record<string, unknown> = {}) => {
  const names: (string | null | undefined)[] = [];
  for (let index = 0; index < count; index += 1) names.push(assigneeName(await arrive(slug, overrides)));
  return names;
};

const setAway = async (session: AdminSession, body: Record<string, unknown>) => {
  const res = await session.put('/grupozap/agents/me', body);
  expect(res.status).toBe(200);
  return res.body.data;
};

const assignedEvents: string[] = [];

beforeAll(async () => {
  app = await startTestApp();
  strapi = app.strapi;
  // no e-mail to the agents here (notifications have their own test)
  strapi.config.set('plugin::grupozap.notifications.enabled', false);
  strapi.eventHub.on('grupozap-lead.created', async ({ lead }: { lead: { documentId: string } }) => {
    arrived.add(lead.documentId);
  });
  strapi.eventHub.on('grupozap-lead.assigned', async ({ lead }: { lead: { documentId: string } }) => {
    assignedEvents.push(lead.documentId);
  });
  ana = await loginAs(strapi, 'strapi-editor', 'ana');
  bia = await loginAs(strapi, 'strapi-editor', 'bia');
  caio = await loginAs(strapi, 'strapi-author', 'caio');
  name.set(ana.id, 'ana').set(bia.id, 'bia').set(caio.id, 'caio');
});

afterAll(async () => {
  await app?.stop();
});

describe('round-robin on one Strapi', () => {
  beforeAll(async () => {
    await createAdvertiser('turno', '11222333000181', { distributionEnabled: true }, [ana, bia, caio]);
  });

  it('gives new leads to the agents in their order, going round, and announces each', async () => {
    expect(await arriveMany('turno', 7)).toEqual(['ana', 'bia', 'caio', 'ana', 'bia', 'caio', 'ana']);
    const lead = await arrive('turno');
    expect(lead).toMatchObject({ assignee: { id: bia.id }, distributionTurn: 8 });
    expect(lead.assignedAt).not.toBeNull();
    await waitFor(() => (assignedEvents.includes(lead.documentId) ? true : undefined), 'grupozap-lead.assigned');
  });

  it('passes over an agent who is away, and gives them their place back on return', async () => {
    // last turn: bia
    expect(await setAway(caio, { away: true })).toMatchObject({ away: true, awayNow: true, userId: caio.id });
    expect(await arriveMany('turno', 4)).toEqual(['ana', 'bia', 'ana', 'bia']);
    expect(await setAway(caio, { away: false })).toMatchObject({ away: false, awayNow: false });
    expect(await arriveMany('turno', 3)).toEqual(['caio', 'ana', 'bia']);
    // one entry per admin user, whatever the number of changes
    expect(await strapi.db.query('plugin::grupozap.agent').count({ where: { user: { id: caio.id } } })).toBe(1);
  });

  it('takes "away until" as away until then only', async () => {
    // last turn: bia
    await setAway(ana, { away: true, awayUntil: new Date(Date.now() - 60_000).toISOString() });
    expect((await ana.get('/grupozap/agents/me')).body.data).toMatchObject({ away: true, awayNow: false });
    await setAway(bia, { away: true, awayUntil: new Date(Date.now() + 3_600_000).toISOString() });
    // ana is back already, bia away for another hour
    expect(await arriveMany('turno', 3)).toEqual(['caio', 'ana', 'caio']);
    await setAway(ana, { away: false });
    await setAway(bia, { away: false });
  });

  it('passes over blocked and deactivated admin users', async () => {
    // last turn: caio
    await strapi.db.query('admin::user').update({ where: { id: ana.id }, data: { blocked: true } });
    expect(await arriveMany('turno', 2)).toEqual(['bia', 'caio']);
    await strapi.db.query('admin::user').update({ where: { id: ana.id }, data: { blocked: false } });
    await strapi.db.query('admin::user').update({ where: { id: bia.id }, data: { isActive: false } });
    expect(await arriveMany('turno', 2)).toEqual(['ana', 'caio']);
    await strapi.db.query('admin::user').update({ where: { id: bia.id }, data: { isActive: true } });
    expect(await arriveMany('turno', 2)).toEqual(['ana', 'bia']);
  });

  it('refuses an availability that is not one', async () => {
    expect((await ana.put('/grupozap/agents/me', { away: 'maybe' })).status).toBe(400);
    expect((await ana.put('/grupozap/agents/me', { away: true, color: 'red' })).status).toBe(400);
  });
});

describe('leads that wait in the inbox', () => {
  beforeAll(async () => {
    await createAdvertiser('desligada', '11444777000161', { distributionEnabled: false }, [ana, bia]);
    await createAdvertiser('sem-agentes', '45997418000153', { distributionEnabled: true }, []);
    await createAdvertiser('ausentes', '60701190000104', { distributionEnabled: true }, [bia]);
  });

  it('leaves them unassigned when distribution is off (the default), there are no agents, or all are away', async () => {
    const created = await createAdvertiser('padrao', '33000167000101', {}, [ana]);
    const defaults = await strapi.db.query(ADVERTISER).findOne({ where: { id: created.id } });
    expect(defaults).toMatchObject({ distributionEnabled: false, slaReassign: false, slaMinutes: null });

    expect(await arriveMany('padrao', 1)).toEqual([null]);
    expect(await arriveMany('desligada', 1)).toEqual([null]);
    expect(await arriveMany('sem-agentes', 1)).toEqual([null]);
    await setAway(bia, { away: true });
    expect(await arriveMany('ausentes', 2)).toEqual([null, null]);
    // a turn nobody could take is not counted
    expect(
      (await strapi.db.query(ADVERTISER).findOne({ where: { slug: 'ausentes' }, select: ['distributionTurn'] })).distributionTurn
    ).toBe(0);
    await setAway(bia, { away: false });
    expect(await arriveMany('ausentes', 1)).toEqual(['bia']);
  });

  it('shows them in the inbox under assignee=none', async () => {
    const res = await ana.get('/grupozap/leads?assignee=none&pageSize=100');
    expect(res.status).toBe(200);
    expect(res.body.results.length).toBeGreaterThanOrEqual(5);
    expect(res.body.results.every((lead: { assignee: unknown }) => lead.assignee === null)).toBe(true);
  });
});

describe("the listing's responsible agent", () => {
  beforeAll(async () => {
    const advertiser = await createAdvertiser('vitrine', '19131243000197', { distributionEnabled: true }, [ana, bia, caio]);
    await strapi.documents(LISTING as never).create({
      data: { clientListingId: 'VIT-1', advertiser: advertiser.documentId, responsibleAgent: await documentIdOfUser(caio.id) },
    } as never);
    await createAdvertiser('vitrine-off', '04252011000110', { distributionEnabled: false }, [ana]);
  });

  it("gets the listing's leads first, without moving the advertiser's turn", async () => {
    expect(await arriveMany('vitrine', 1, { clientListingId: 'OTHER' })).toEqual(['ana']);
    const first = await arrive('vitrine', { clientListingId: 'VIT-1' });
    expect(assigneeName(first)).toBe('caio');
    expect(first.distributionTurn).toBeNull();
    expect(await arriveMany('vitrine', 2, { clientListingId: 'VIT-1' })).toEqual(['caio', 'caio']);
    // the turn goes on after ana
    expect(await arriveMany('vitrine', 2, { clientListingId: 'OTHER' })).toEqual(['bia', 'caio']);
  });

  it('falls back to the turn while the responsible agent is away', async () => {
    await setAway(caio, { away: true });
    expect(await arriveMany('vitrine', 2, { clientListingId: 'VIT-1' })).toEqual(['ana', 'bia']);
    await setAway(caio, { away: false });
  });
});

// Several Strapi instances share one database in production; SQLite is single-host by design.
const multiInstance = process.env.TEST_DB === 'sqlite' ? describe.skip : describe;

multiInstance('two Strapi processes on one database', () => {
  const LEADS = 40;
  let second: SecondInstance;
  let baseUrl: string;
  let agents: number[];

  beforeAll(async () => {
    await createAdvertiser('justa', '07526557000100', { distributionEnabled: true }, [ana, bia, caio]);
    agents = [ana.id, bia.id, caio.id];
    baseUrl = await app.listen();
    second = await startSecondInstance(app);
  }, 120_000);

  afterAll(async () => {
    await second?.stop();
  });

  const deliver = async (url: string, body: unknown) => {
    const res = await fetch(`${url}/api/grupozap/lead/justa`, {
      method: 'POST',
      headers: { Authorization: AUTH, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as { leadId: string } };
  };

  it(`assigns ${LEADS} leads taken at once by both, fairly and strictly in turn`, async () => {
    const answers = await Promise.all(
      Array.from({ length: LEADS }, (_, index) =>
        deliver(index % 2 ? second.baseUrl : baseUrl, freshLead('grupo-olx-current.json', anotherPerson()))
      )
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(LEADS).fill(201));
    const documentIds = answers.map((answer) => answer.body.leadId);

    // each process distributes the leads it answered, after answering
    const rows = await waitFor(
      async () => {
        const found: LeadRow[] = await strapi.db.query(LEAD).findMany({
          where: { documentId: { $in: documentIds } },
          select: ['id', 'documentId', 'distributionTurn'],
          populate: { assignee: { select: ['id'] } },
        });
        // the lead and its assignee are read by two queries: wait for both halves of each turn
        return found.length === LEADS && found.every((row) => row.assignee && row.distributionTurn !== null) ? found : undefined;
      },
      `all ${LEADS} leads to be assigned\n${second.output()}`,
      45_000
    );

    // every lead assigned, each from a turn of its own
    const turns = rows.map((row) => row.distributionTurn).sort((a, b) => Number(a) - Number(b));
    expect(turns).toEqual(Array.from({ length: LEADS }, (_, index) => index + 1));

    // per agent, counts differ by at most one
    const counts = agents.map((id) => rows.filter((row) => row.assignee!.id === id).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(LEADS);

    // in order of assignment, each lead goes to the agent after the previous one: nobody gets two
    // in a row while another is due
    const inOrder = [...rows]
      .sort((a, b) => Number(a.distributionTurn) - Number(b.distributionTurn))
      .map((row) => row.assignee!.id);
    inOrder.forEach((agentId, index) => {
      if (index > 0) expect(agentId).toBe(agents[(agents.indexOf(inOrder[index - 1]) + 1) % agents.length]);
    });
  });
});
