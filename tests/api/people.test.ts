import type { Core } from '@strapi/strapi';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { anotherPerson, freshLead } from '../helpers/fixtures';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';
import type { LeadActivity, LeadPerson } from '../../shared/contracts/leads';

/**
 * One person, one history (issue 15, point 3): a lead's other leads by the same person (the same
 * phone in any spelling, the same e-mail in any case; from any portal; with the same advertiser
 * unless the config joins them), within what the reader may read; and distribution giving a
 * returning person's new lead to the agent who holds their open lead.
 */
const ADVERTISER = 'plugin::grupozap.advertiser';
const LEAD = 'plugin::grupozap.lead';

let app: TestApp;
let strapi: Core.Strapi;
let admin: AdminSession;
let ana: AdminSession;
let bia: AdminSession;
let author: AdminSession;
const arrived = new Set<string>();

const waitFor = async (documentId: string) => {
  const until = Date.now() + 20_000;
  while (!arrived.has(documentId)) {
    if (Date.now() > until) throw new Error(`timed out waiting for lead ${documentId}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

/** Posts a lead to `slug` and waits for its after-answer work (distribution). */
const deliver = async (slug: string, overrides: Record<string, unknown>): Promise<string> => {
  const res = await app
    .http()
    .post(`/api/grupozap/lead/${slug}`)
    .auth('vivareal', TEST_SECRET)
    .send(freshLead('grupo-olx-current.json', overrides));
  expect(res.status).toBe(201);
  await waitFor(res.body.leadId);
  return res.body.leadId as string;
};

const personOf = async (session: AdminSession, documentId: string): Promise<LeadPerson> => {
  const res = await session.get(`/grupozap/leads/${documentId}/person`);
  expect(res.status).toBe(200);
  return res.body.data;
};

const assigneeOf = async (documentId: string): Promise<number | null> =>
  (await strapi.db.query(LEAD).findOne({ where: { documentId }, populate: { assignee: { select: ['id'] } } })).assignee?.id ??
  null;

const documentIdOfUser = async (id: number): Promise<string> =>
  (await strapi.db.query('admin::user').findOne({ where: { id }, select: ['documentId'] })).documentId;

const createAdvertiser = async (slug: string, document: string, data: Record<string, unknown> = {}) =>
  strapi.documents(ADVERTISER as never).create({
    data: { name: slug, slug, document, active: true, ...data },
  } as never);

beforeAll(async () => {
  app = await startTestApp();
  strapi = app.strapi;
  strapi.config.set('plugin::grupozap.notifications.enabled', false);
  strapi.eventHub.on('grupozap-lead.created', async ({ lead }: { lead: { documentId: string } }) => {
    arrived.add(lead.documentId);
  });
  admin = await loginAs(strapi, 'strapi-super-admin', 'boss');
  ana = await loginAs(strapi, 'strapi-editor', 'ana');
  bia = await loginAs(strapi, 'strapi-editor', 'bia');
  author = await loginAs(strapi, 'strapi-author', 'caio');
  const agents = await Promise.all([ana, bia].map((session) => documentIdOfUser(session.id)));
  await createAdvertiser('jardim', '11222333000181', { distributionEnabled: true, agents });
  await createAdvertiser('praia', '11444777000161');
  await createAdvertiser('campo', '45997418000153', { distributionEnabled: true, returningToSameAgent: false, agents });
});

afterAll(async () => {
  await app?.stop();
});

describe("a lead's person", () => {
  it("gives the person's other leads with the advertiser: same phone in any spelling, same e-mail in any case", async () => {
    const first = await deliver('praia', { name: 'Rita Reis', email: 'rita.reis@example.com', ddd: '21', phone: '99876-5432' });
    // VivaReal's older body: the phone in one field, with other punctuation; the e-mail in capitals
    const second = await deliver('praia', {
      name: 'Rita',
      leadOrigin: 'VivaReal',
      email: 'Rita.Reis@Example.com',
      ddd: undefined,
      phone: undefined,
      phoneNumber: '(21) 9 9876 5432',
    });
    const byEmail = await deliver('praia', { name: 'R. Reis', ...anotherPerson(), email: 'rita.reis@example.com' });
    const stranger = await deliver('praia', { name: 'Outro', ...anotherPerson() });
    const elsewhere = await deliver('jardim', {
      name: 'Rita Reis',
      email: 'rita.reis@example.com',
      ddd: '21',
      phone: '998765432',
    });

    const person = await personOf(admin, first);
    expect(person.more).toBe(false);
    expect(person.leads.map((lead) => [lead.documentId, lead.matchedBy])).toEqual([
      [byEmail, ['email']],
      [second, ['phone', 'email']],
    ]);
    expect(person.leads[1]).toMatchObject({ status: 'new', leadOrigin: 'VivaReal', advertiser: { name: 'praia' } });

    // from a lead whose e-mail has capitals, the lower-case one is found
    expect((await personOf(admin, second)).leads.map((lead) => lead.documentId)).toEqual([byEmail, first]);
    expect((await personOf(admin, stranger)).leads).toEqual([]);
    // another advertiser's lead is another agency's business…
    expect((await personOf(admin, elsewhere)).leads).toEqual([]);

    // …unless one agency works under several advertiser accounts
    strapi.config.set('plugin::grupozap.peopleAcrossAdvertisers', true);
    try {
      expect((await personOf(admin, elsewhere)).leads.map((lead) => lead.documentId)).toEqual([byEmail, second, first]);
    } finally {
      strapi.config.set('plugin::grupozap.peopleAcrossAdvertisers', false);
    }
  });

  it('shows the newest twenty, and says there are more', async () => {
    const contact = anotherPerson();
    const ids: string[] = [];
    for (let index = 0; index < 22; index += 1) ids.push(await deliver('praia', { ...contact, name: `Muitos ${index}` }));
    const person = await personOf(admin, ids[0]);
    expect(person.leads).toHaveLength(20);
    expect(person.more).toBe(true);
    expect(person.leads[0].documentId).toBe(ids[21]);
  });

  it('is only what the reader may read, and 404 for a lead that is not theirs', async () => {
    const contact = anotherPerson();
    const mine = await deliver('praia', { ...contact, name: 'Sofia Souza' });
    const theirs = await deliver('praia', { ...contact, name: 'Sofia Souza' });
    const alsoMine = await deliver('praia', { ...contact, name: 'Sofia Souza' });
    for (const documentId of [mine, alsoMine]) {
      expect((await admin.put(`/grupozap/leads/${documentId}`, { assignee: author.id })).status).toBe(200);
    }

    expect((await personOf(author, mine)).leads.map((lead) => lead.documentId)).toEqual([alsoMine]);
    const notTheirs = await author.get(`/grupozap/leads/${theirs}/person`);
    expect([notTheirs.status, notTheirs.body.error?.details?.code]).toEqual([404, 'LEAD_NOT_FOUND']);
    expect((await admin.get('/grupozap/leads/nothing-here/person')).status).toBe(404);
  });

  it('is nobody for a lead without phone or e-mail', async () => {
    const nameless = await deliver('praia', { email: undefined, ddd: undefined, phone: undefined, phoneNumber: undefined });
    await deliver('praia', { email: undefined, ddd: undefined, phone: undefined, phoneNumber: undefined });
    expect(await personOf(admin, nameless)).toEqual({ leads: [], more: false });
  });
});

describe('a returning person', () => {
  it("goes to the agent who holds their open lead, without moving the advertiser's turn", async () => {
    const paulo = anotherPerson();
    const first = await deliver('jardim', paulo);
    const holder = await assigneeOf(first);
    const other = holder === ana.id ? bia.id : ana.id;

    const again = await deliver('jardim', { ...paulo, clientListingId: 'OUTRO-1' });
    expect(await assigneeOf(again)).toBe(holder);
    const { activities } = (await admin.get(`/grupozap/leads/${again}`)).body.data as { activities: LeadActivity[] };
    expect(activities.find((activity) => activity.kind === 'assignment')).toMatchObject({
      to: String(holder),
      detail: { by: 'distribution', rule: 'returning' },
    });
    // the turn did not move: the next new person goes to the other agent
    expect(await assigneeOf(await deliver('jardim', anotherPerson()))).toBe(other);
  });

  it('takes the turn when their leads are closed, their agent is away, or the advertiser says so', async () => {
    const marta = anotherPerson();
    const first = await deliver('jardim', marta);
    const holder = (await assigneeOf(first))!;
    const holderSession = holder === ana.id ? ana : bia;
    const other = holder === ana.id ? bia.id : ana.id;

    // the agent is away: the turn (the other agent)
    expect((await holderSession.put('/grupozap/agents/me', { away: true })).status).toBe(200);
    expect(await assigneeOf(await deliver('jardim', marta))).toBe(other);
    expect((await holderSession.put('/grupozap/agents/me', { away: false })).status).toBe(200);

    // every open lead of the person closed: a new start, by the turn
    const leads = (await personOf(admin, first)).leads.map((lead) => lead.documentId);
    for (const documentId of [first, ...leads]) {
      expect((await admin.put(`/grupozap/leads/${documentId}`, { status: 'won' })).status).toBe(200);
    }
    const turnBefore = (await strapi.db.query(ADVERTISER).findOne({ where: { slug: 'jardim' } })).distributionTurn;
    await deliver('jardim', marta);
    expect((await strapi.db.query(ADVERTISER).findOne({ where: { slug: 'jardim' } })).distributionTurn).toBe(turnBefore + 1);

    // an advertiser that does not keep people with their agent
    const joana = anotherPerson();
    const one = await assigneeOf(await deliver('campo', joana));
    const two = await assigneeOf(await deliver('campo', joana));
    expect(new Set([one, two])).toEqual(new Set([ana.id, bia.id]));
  });
});
