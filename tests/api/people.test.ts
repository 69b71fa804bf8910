import type { Core } from '@strapi/strapi';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { anotherPerson, freshLead } from '../helpers/fixtures';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';
import { PERSON_LEADS_COUNTED, type LeadActivity, type LeadPerson } from '../../shared/contracts/leads';
import { insertLinks } from '../../server/src/utils/row-writes';
import { PEOPLE_CRON_TASK } from '../../server/src/services/people';

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

interface PersonRow {
  id: number;
  documentId: string;
  personId: number | null;
  personLatest: boolean | null;
}

const personRows = async (documentIds: string[]): Promise<PersonRow[]> => {
  const rows: PersonRow[] = await strapi.db.query(LEAD).findMany({
    where: { documentId: { $in: documentIds } },
    select: ['id', 'documentId', 'personId', 'personLatest'],
  });
  return documentIds.map((documentId) => rows.find((row) => row.documentId === documentId)!);
};

const advertiserDocumentId = async (slug: string): Promise<string> =>
  (await strapi.db.query(ADVERTISER).findOne({ where: { slug }, select: ['documentId'] })).documentId;

interface InboxRow {
  documentId: string;
  personId: number | null;
  personLeads: number;
}

const inboxOf = async (session: AdminSession, body: Record<string, unknown>): Promise<InboxRow[]> => {
  const res = await session.post('/grupozap/leads/search', { pageSize: 100, ...body });
  expect(res.status).toBe(200);
  return res.body.results;
};

describe('one row per person', () => {
  it('gives each lead its person, through a phone on one lead and an e-mail on another', async () => {
    const phone = anotherPerson();
    const other = anotherPerson();
    const first = await deliver('praia', { ...phone, name: 'Tânia' });
    // the same e-mail, another phone: the same person
    const second = await deliver('praia', { ...other, email: phone.email, name: 'Tânia' });
    // the second's phone, a new e-mail: still her
    const third = await deliver('praia', { ...other, email: 'tania.nova@example.com', name: 'Tânia' });
    const stranger = await deliver('praia', { ...anotherPerson(), name: 'Ulisses' });

    const [a, b, c, s] = await personRows([first, second, third, stranger]);
    expect([a.personId, b.personId, c.personId]).toEqual([a.id, a.id, a.id]);
    expect([a.personLatest, b.personLatest, c.personLatest]).toEqual([false, false, true]);
    expect([s.personId, s.personLatest]).toEqual([s.id, true]);
  });

  it("shows the person's newest lead once, with how many leads the reader may read", async () => {
    const contact = anotherPerson();
    const [older, middle, newest] = [
      await deliver('praia', { ...contact, name: 'Vera Vieira' }),
      await deliver('praia', { ...contact, name: 'Vera Vieira' }),
      await deliver('praia', { ...contact, name: 'Vera Vieira' }),
    ];
    const praia = await advertiserDocumentId('praia');

    const all = await inboxOf(admin, { advertiser: praia, q: 'Vera Vieira' });
    expect(all.map((row) => row.documentId)).toEqual([newest, middle, older]);
    expect(all.map((row) => row.personLeads)).toEqual([3, 3, 3]);

    const perPerson = await inboxOf(admin, { advertiser: praia, q: 'Vera Vieira', perPerson: true });
    expect(perPerson.map((row) => [row.documentId, row.personLeads])).toEqual([[newest, 3]]);
    // the filters apply to that newest lead
    expect(
      (await inboxOf(admin, { advertiser: praia, q: 'Vera Vieira', perPerson: true, status: 'won' })).map((row) => row.documentId)
    ).toEqual([]);
    // GET takes it in the URL too
    const listed = await admin.get(`/grupozap/leads?advertiser=${praia}&perPerson=true&pageSize=100`);
    expect(listed.status).toBe(200);
    expect(listed.body.results.map((row: InboxRow) => row.documentId)).toContain(newest);
    expect(listed.body.results.map((row: InboxRow) => row.documentId)).not.toContain(older);

    // an Author counts only the person's leads that are theirs
    expect((await admin.put(`/grupozap/leads/${middle}`, { assignee: author.id })).status).toBe(200);
    expect((await admin.put(`/grupozap/leads/${newest}`, { assignee: author.id })).status).toBe(200);
    const authors = await inboxOf(author, { q: 'Vera Vieira' });
    expect(authors.map((row) => [row.documentId, row.personLeads])).toEqual([
      [newest, 2],
      [middle, 2],
    ]);
    expect((await admin.post('/grupozap/leads/search', { perPerson: 'yes' })).status).toBe(400);
  });

  it('gives their person to leads written outside the route, oldest first, in the background', async () => {
    // the cron's tick would give them theirs while the test looks: held off, and a run under way ended
    const people = strapi.plugin('grupozap').service('people');
    strapi.cron.remove(PEOPLE_CRON_TASK);
    await people.attachPending();
    try {
      await importedLeadsGetTheirPerson();
    } finally {
      people.registerCron();
    }
  });

  const importedLeadsGetTheirPerson = async () => {
    const praia = await strapi.db.query(ADVERTISER).findOne({ where: { slug: 'praia' }, select: ['id'] });
    const imported = [];
    for (const name of ['Xavier Importado', 'Xavier Importado', 'Yara Importada']) {
      imported.push(
        await strapi.db.query(LEAD).create({
          data: {
            originLeadId: `import-${name}-${imported.length}-${process.pid}`,
            name,
            email: name.startsWith('Xavier') ? 'xavier@example.com' : 'yara@example.com',
            leadStatus: 'new',
            receivedAt: new Date(),
            advertiser: praia.id,
          },
          select: ['id', 'documentId'],
        })
      );
    }
    const ids = imported.map((row) => row.documentId as string);
    expect((await personRows(ids)).map((row) => row.personId)).toEqual([null, null, null]);
    // not yet given one: each is its own row
    expect((await inboxOf(admin, { q: 'Importad', perPerson: true })).map((row) => row.documentId).sort()).toEqual(
      [...ids].sort()
    );

    expect(await strapi.plugin('grupozap').service('people').attachPending()).toBe(3);
    const [x1, x2, y] = await personRows(ids);
    expect([x1.personId, x2.personId, y.personId]).toEqual([x1.id, x1.id, y.id]);
    expect((await inboxOf(admin, { q: 'Importad', perPerson: true })).map((row) => [row.documentId, row.personLeads])).toEqual([
      [y.documentId, 1],
      [x2.documentId, 2],
    ]);
  };

  it('parts an erased lead from its person, whose newest lead left is shown', async () => {
    const contact = anotherPerson();
    const kept = await deliver('praia', { ...contact, name: 'Zélia' });
    const erased = await deliver('praia', { ...contact, email: 'zelia.apagar@example.com', name: 'Zélia' });
    const [k0, e0] = await personRows([kept, erased]);
    expect([k0.personId, k0.personLatest, e0.personId, e0.personLatest]).toEqual([k0.id, false, k0.id, true]);

    const res = await admin.post('/grupozap/privacy/erase', { kind: 'email', value: 'zelia.apagar@example.com' });
    expect(res.status).toBe(200);
    const [k, e] = await personRows([kept, erased]);
    // the erased lead is a person of its own: nothing ties it to her any more
    expect([e.personId, e.personLatest]).toEqual([e.id, true]);
    // her lead that was not erased is the one shown now
    expect([k.personId, k.personLatest]).toEqual([k.id, true]);
  });

  it("keeps the leads anonymised together one person, apart from the person's leads left", async () => {
    const contact = anotherPerson();
    const ids = [];
    for (let index = 0; index < 4; index += 1) ids.push(await deliver('praia', { ...contact, name: 'Olga Antiga' }));
    const rows = await personRows(ids);
    expect(new Set(rows.map((row) => row.personId))).toEqual(new Set([rows[0].id]));
    // the retention purge's step: the two oldest anonymised together
    await strapi.db.query(LEAD).updateMany({
      where: { id: { $in: [rows[0].id, rows[1].id] } },
      data: { name: null, email: null, phoneE164: null, anonymizedAt: new Date() },
    });
    await strapi.plugin('grupozap').service('people').separate([rows[0].id, rows[1].id]);
    const after = await personRows(ids);
    expect(after.map((row) => [row.personId, row.personLatest])).toEqual([
      [rows[0].id, false],
      [rows[0].id, true],
      [rows[2].id, false],
      [rows[2].id, true],
    ]);
  });

  it('counts people as well as leads in the reports', async () => {
    const contact = anotherPerson();
    const ids = [
      await deliver('praia', { ...contact, name: 'Relatório' }),
      await deliver('praia', { ...contact, name: 'Relatório' }),
      await deliver('praia', { ...anotherPerson(), name: 'Relatório' }),
      await deliver('jardim', { ...contact, name: 'Relatório' }),
    ];
    // a day of their own, long ago: two in the morning, two the next day
    const days = ['2024-05-10T12:00:00Z', '2024-05-10T13:00:00Z', '2024-05-11T12:00:00Z', '2024-05-11T13:00:00Z'];
    for (const [index, documentId] of ids.entries()) {
      await strapi.db.query(LEAD).update({ where: { documentId }, data: { receivedAt: new Date(days[index]) } });
    }
    const report = async (from: string, to: string) => {
      const res = await admin.get(`/grupozap/reports?from=${from}&to=${to}&tz=UTC`);
      expect(res.status).toBe(200);
      return res.body.data as { total: number; people: number };
    };
    // the same contact with another advertiser is another agency's person
    expect(await report('2024-05-10', '2024-05-10')).toMatchObject({ total: 2, people: 1 });
    expect(await report('2024-05-11', '2024-05-11')).toMatchObject({ total: 2, people: 2 });
    // over both days (kept day tallies added up), the person of both days counts once
    expect(await report('2024-05-09', '2024-05-12')).toMatchObject({ total: 4, people: 3 });
    expect(await report('2024-05-09', '2024-05-12')).toMatchObject({ total: 4, people: 3 });
  });
});

describe("a person's count on an inbox row", () => {
  it('stops at a hundred for a person with thousands of leads, and still counts the others on the page', async () => {
    const serra = await createAdvertiser('serra', '60701190000104');
    const serraId = (await strapi.db.query(ADVERTISER).findOne({ where: { slug: 'serra' }, select: ['id'] })).id;
    // a contact with 1,200 leads (a portal's test contact, say), written as an import would, older
    const first = await strapi.db.query(LEAD).create({
      data: {
        originLeadId: `many-0-${process.pid}`,
        name: 'Muitos Leads',
        email: 'muitos@example.com',
        leadStatus: 'new',
        receivedAt: new Date(Date.now() - 86_400_000),
        advertiser: serraId,
      },
      select: ['id'],
    });
    await strapi.db.query(LEAD).update({ where: { id: first.id }, data: { personId: first.id, personLatest: false } });
    const others = Array.from({ length: 1199 }, (_, index) => ({
      originLeadId: `many-${index + 1}-${process.pid}`,
      name: 'Muitos Leads',
      email: 'muitos@example.com',
      leadStatus: 'new',
      receivedAt: new Date(Date.now() - 86_400_000 + (index + 1) * 1000),
      personId: first.id,
      personLatest: index === 1198,
    }));
    for (let start = 0; start < others.length; start += 400)
      await strapi.db.query(LEAD).createMany({ data: others.slice(start, start + 400) });
    const many: Array<{ id: number }> = await strapi.db.query(LEAD).findMany({ where: { personId: first.id }, select: ['id'] });
    expect(many).toHaveLength(1200);
    const unlinked = many.filter((row) => row.id !== first.id).map((row) => ({ ownerId: row.id, targetId: serraId }));
    for (let start = 0; start < unlinked.length; start += 400)
      await insertLinks(strapi, LEAD, 'advertiser', unlinked.slice(start, start + 400));
    // two leads of another person of the same agency, newer: the page holds both people
    const contact = anotherPerson();
    const few = [await deliver('serra', { ...contact, name: 'Poucos' }), await deliver('serra', { ...contact, name: 'Poucos' })];

    const page = await inboxOf(admin, { advertiser: serra.documentId });
    expect(page).toHaveLength(100);
    expect(page.slice(0, 2).map((row) => [row.documentId, row.personLeads])).toEqual([
      [few[1], 2],
      [few[0], 2],
    ]);
    expect(new Set(page.slice(2).map((row) => row.personLeads))).toEqual(new Set([PERSON_LEADS_COUNTED]));
  });
});
