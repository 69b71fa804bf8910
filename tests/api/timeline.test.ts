import { LEAD_CONTENT_MANAGER, leadEditViewBody, loginAs, type AdminSession } from '../helpers/admin-users';
import { anotherPerson, freshLead } from '../helpers/fixtures';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';
import type { LeadActivity } from '../../shared/contracts/leads';
import { DEFAULT_LOST_REASONS } from '../../shared/contracts/settings';

/**
 * A lead's timeline (issue 15, point 4): what happened to it, stored as events when it happens —
 * status changes (who, from → to), assignments (by an admin, distribution, the SLA), notes,
 * deliveries and redeliveries, e-mails, SLA escalations — newest first on the lead's page and in
 * the person's export; a lead moved to lost says why, from the manager's list, and the reports
 * count the losses by reason.
 */
const ADVERTISER = 'plugin::grupozap.advertiser';
const CM = LEAD_CONTENT_MANAGER;
const MINUTE = 60_000;

let app: TestApp;
let admin: AdminSession;
let ana: AdminSession;
let bia: AdminSession;

const deliver = async (body = freshLead('grupo-olx-current.json', anotherPerson())) => {
  const res = await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(body);
  expect([200, 201]).toContain(res.status);
  return { documentId: res.body.leadId as string, body };
};

const timeline = async (documentId: string): Promise<LeadActivity[]> => {
  const res = await admin.get(`/grupozap/leads/${documentId}`);
  expect(res.status).toBe(200);
  return res.body.data.activities;
};

/** Waits for the lead's distribution, which runs after the portal's answer. */
const distributed = async (documentId: string) => {
  for (let i = 0; i < 250 && !(await timeline(documentId)).some((activity) => activity.kind === 'assignment'); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 20));
};

const userDocumentId = async (id: number): Promise<string> =>
  (await app.strapi.db.query('admin::user').findOne({ where: { id }, select: ['documentId'] })).documentId;

/** The timeline without its times, oldest last, as `kind from→to detail by`. */
const story = (activities: LeadActivity[]) =>
  activities.map((activity) => ({
    kind: activity.kind,
    from: activity.from,
    to: activity.to,
    detail: activity.detail,
    actor: activity.actor?.id ?? null,
  }));

beforeAll(async () => {
  app = await startTestApp();
  app.strapi.config.set('plugin::grupozap.notifications.enabled', false);
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  ana = await loginAs(app.strapi, 'strapi-editor', 'ana');
  bia = await loginAs(app.strapi, 'strapi-editor', 'bia');
  await app.strapi.documents(ADVERTISER as never).create({
    data: {
      name: 'Jardim Imóveis',
      slug: 'jardim',
      document: '11222333000181',
      active: true,
      distributionEnabled: true,
      slaMinutes: 10,
      slaReassign: true,
      agents: [await userDocumentId(ana.id), await userDocumentId(bia.id)],
    },
  } as never);
});

afterAll(async () => {
  await app?.stop();
});

describe('what happened to a lead', () => {
  it('shows its delivery and its distribution, then every change an agent makes, newest first', async () => {
    const { documentId, body } = await deliver();
    // distribution runs after the answer
    await distributed(documentId);

    expect((await ana.put(`/grupozap/leads/${documentId}`, { status: 'contacted' })).status).toBe(200);
    expect((await ana.post(`/grupozap/leads/${documentId}/notes`, { body: 'Ligou de volta' })).status).toBe(201);
    expect((await admin.put(`/grupozap/leads/${documentId}`, { assignee: bia.id })).status).toBe(200);
    await deliver(body); // the portal delivers it again
    expect((await bia.put(`/grupozap/leads/${documentId}`, { status: 'lost', lostReason: 'Fora do orçamento' })).status).toBe(
      200
    );

    const activities = await timeline(documentId);
    const note = (await app.strapi.db.query('plugin::grupozap.note').findOne({ where: { body: 'Ligou de volta' } })).id;
    expect(story(activities)).toEqual([
      { kind: 'status', from: 'contacted', to: 'lost', detail: { reason: 'Fora do orçamento' }, actor: bia.id },
      {
        kind: 'delivery',
        from: null,
        to: 'duplicate',
        detail: expect.objectContaining({ code: expect.any(String), replay: false }),
        actor: null,
      },
      { kind: 'assignment', from: String(ana.id), to: String(bia.id), detail: { by: 'admin' }, actor: admin.id },
      { kind: 'note', from: null, to: null, detail: { noteId: note }, actor: ana.id },
      { kind: 'status', from: 'new', to: 'contacted', detail: {}, actor: ana.id },
      { kind: 'assignment', from: null, to: String(ana.id), detail: { by: 'distribution', rule: 'turn' }, actor: null },
      {
        kind: 'delivery',
        from: null,
        to: 'created',
        detail: expect.objectContaining({ code: 'LEAD_CREATED', replay: false }),
        actor: null,
      },
    ]);
    // newest first, each with its time
    const times = activities.map((activity) => Date.parse(activity.at));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect((await admin.get(`/grupozap/leads/${documentId}`)).body.data).toMatchObject({
      status: 'lost',
      lostReason: 'Fora do orçamento',
    });
  });

  it('records nothing when nothing changes', async () => {
    const { documentId } = await deliver();
    await distributed(documentId);
    const before = (await timeline(documentId)).length;
    await admin.put(`/grupozap/leads/${documentId}`, { status: 'new' });
    expect(await timeline(documentId)).toHaveLength(before);
  });

  it('records a status changed in the Content Manager, by whom', async () => {
    const { documentId } = await deliver();
    const body = await leadEditViewBody(admin, documentId, { leadStatus: 'qualified' });
    expect((await admin.put(`${CM}/${documentId}`, body)).status).toBe(200);
    expect(story(await timeline(documentId))[0]).toEqual({
      kind: 'status',
      from: 'new',
      to: 'qualified',
      detail: {},
      actor: admin.id,
    });
  });

  it('records the SLA escalation and the reassignment it makes', async () => {
    const { documentId } = await deliver();
    await distributed(documentId);
    const first = (await timeline(documentId)).find((activity) => activity.kind === 'assignment')!.to;
    await app.strapi
      .plugin('grupozap')
      .service('sla')
      .checkOverdue(new Date(Date.now() + 11 * MINUTE));
    const events = story(await timeline(documentId));
    expect(events.find((event) => event.kind === 'sla')).toEqual({
      kind: 'sla',
      from: null,
      to: null,
      detail: { reassigned: true },
      actor: null,
    });
    const reassignment = events.find((event) => event.kind === 'assignment' && event.from === first);
    expect(reassignment).toEqual({ kind: 'assignment', from: first, to: expect.any(String), detail: { by: 'sla' }, actor: null });
    expect(reassignment!.to).not.toBe(first);
  });

  it('goes into the person’s export with the lead', async () => {
    const { documentId, body } = await deliver(freshLead('grupo-olx-current.json', { email: 'exporta@example.com' }));
    await ana.put(`/grupozap/leads/${documentId}`, { status: 'contacted' });
    const res = await admin.post('/grupozap/privacy/export', { kind: 'email', value: body.email });
    expect(res.status).toBe(200);
    const [lead] = JSON.parse(res.text).leads;
    // its deliveries are in the export's own list; the rest of its timeline goes with it
    expect(lead.activities).toContainEqual(expect.objectContaining({ kind: 'status', from: 'new', to: 'contacted' }));
  });
});

describe('a lost lead says why', () => {
  it('refuses lost without a reason, a reason not kept in Settings, and a reason with another status', async () => {
    const { documentId } = await deliver();
    const noReason = await admin.put(`/grupozap/leads/${documentId}`, { status: 'lost' });
    expect(noReason.status).toBe(400);
    expect(JSON.stringify(noReason.body.error)).toMatch(/lostReason/);

    const unknown = await admin.put(`/grupozap/leads/${documentId}`, { status: 'lost', lostReason: 'Não gostei da cor' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toMatchObject({ code: 'LOST_REASON_UNKNOWN', lostReasons: [...DEFAULT_LOST_REASONS] });

    const elsewhere = await admin.put(`/grupozap/leads/${documentId}`, { status: 'won', lostReason: 'Fora do orçamento' });
    expect(elsewhere.status).toBe(400);

    const bulk = await admin.post('/grupozap/leads/bulk', { documentIds: [documentId], status: 'lost' });
    expect(bulk.status).toBe(400);
    expect((await admin.get(`/grupozap/leads/${documentId}`)).body.data.status).toBe('new');
  });

  it('takes the reasons the manager keeps in Settings, and forgets the reason when the lead comes back', async () => {
    const settings = (await admin.get('/grupozap/settings')).body.data;
    expect(settings.lostReasons).toEqual([...DEFAULT_LOST_REASONS]);
    const { username, publicUrl, urlForm, zonelessTimezone, allowedIps } = settings;
    const save = (lostReasons: unknown) =>
      admin.put('/grupozap/settings', { username, publicUrl, urlForm, zonelessTimezone, allowedIps, lostReasons });
    expect((await save([])).status).toBe(400);
    expect((await save(['Preço', 'Preço'])).status).toBe(400);
    expect((await save(['Preço', ' Localização '])).status).toBe(200);
    expect((await admin.get('/grupozap/settings')).body.data.lostReasons).toEqual(['Preço', 'Localização']);

    const { documentId } = await deliver();
    const bulk = await admin.post('/grupozap/leads/bulk', {
      documentIds: [documentId],
      status: 'lost',
      lostReason: 'Localização',
    });
    expect(bulk.status).toBe(200);
    expect((await admin.get(`/grupozap/leads/${documentId}`)).body.data.lostReason).toBe('Localização');
    await admin.put(`/grupozap/leads/${documentId}`, { status: 'contacted' });
    expect((await admin.get(`/grupozap/leads/${documentId}`)).body.data.lostReason).toBeNull();
    await save([...DEFAULT_LOST_REASONS]);
  });

  it('shows the losses by reason in the report and its CSV, and the reason in the leads export', async () => {
    const { documentId } = await deliver();
    await admin.put(`/grupozap/leads/${documentId}`, { status: 'lost', lostReason: 'Sem retorno do cliente' });
    const today = new Date().toISOString().slice(0, 10);
    const report = (await admin.get(`/grupozap/reports?from=${today}&to=${today}&tz=UTC`)).body.data;
    expect(report.perLostReason).toEqual(
      expect.arrayContaining([
        { reason: 'Fora do orçamento', leads: 1 },
        { reason: 'Sem retorno do cliente', leads: 1 },
      ])
    );
    const csv = await admin.get(`/grupozap/reports/export?from=${today}&to=${today}&tz=UTC`).buffer(true);
    expect(String(csv.text ?? csv.body)).toContain('lostReason,Sem retorno do cliente,Sem retorno do cliente,1,');
    const leads = await admin.post('/grupozap/leads/export', { status: 'lost' }).buffer(true);
    expect(String(leads.text ?? leads.body)).toContain('Sem retorno do cliente');
  });
});
