import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { postRaw } from '../helpers/raw-http';
import { traces } from '../helpers/db-traces';
import { createAdvertiser, createListing } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

const LEAD = 'plugin::grupozap.lead';
const DELIVERY = 'plugin::grupozap.delivery';
const NOTE = 'plugin::grupozap.note';
const AUDIT = 'plugin::grupozap.privacy-audit';

let app: TestApp;
let admin: AdminSession;
let editor: AdminSession;
let author: AdminSession;

/** The data subject: every way the tests look for them in the database. */
const BEATRIZ = {
  name: 'Beatriz Quintanilha',
  surname: 'Quintanilha',
  email: 'Beatriz.Quintanilha@example.com',
  ddd: '47',
  phone: '991234567',
  cpf: '39053344705',
  cpfMasked: '390.533.447-05',
};
/** Someone else, who must come out of it untouched. */
const OTAVIO = {
  name: 'Otávio Ramalhete',
  email: 'otavio.ramalhete@example.com',
  ddd: '31',
  phone: '987651234',
  cpf: '71428793860',
};

const deliver = (path: string, body: Record<string, unknown>) =>
  app.http().post(`/api/grupozap/lead${path}`).auth('vivareal', TEST_SECRET).send(body);

const beatrizNeedles = [
  BEATRIZ.email,
  BEATRIZ.phone,
  `${BEATRIZ.ddd}${BEATRIZ.phone}`,
  BEATRIZ.cpf,
  BEATRIZ.cpfMasked,
  BEATRIZ.name,
  BEATRIZ.surname,
];

const leadIds: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  const agency = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: agency.documentId, title: 'Casa no Jardim' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  editor = await loginAs(app.strapi, 'strapi-editor', 'editor');
  author = await loginAs(app.strapi, 'strapi-author', 'author');
});

afterAll(async () => {
  await app?.stop();
});

describe('data subject requests', () => {
  const bodies: Record<string, Record<string, unknown>> = {};

  beforeAll(async () => {
    // a visit request with everything, and the portal's CPF in an extra field
    bodies.visit = freshLead('grupo-olx-current.json', {
      name: BEATRIZ.name,
      email: BEATRIZ.email,
      ddd: BEATRIZ.ddd,
      phone: BEATRIZ.phone,
      phoneNumber: `${BEATRIZ.ddd}${BEATRIZ.phone}`,
      message: `Sou a ${BEATRIZ.name}, quero visitar no sábado.`,
      extraData: { leadType: 'VISIT_REQUEST', cpf: BEATRIZ.cpfMasked },
    });
    // a second lead with only the old phoneNumber, and the CPF in the message
    bodies.legacy = freshLead('legacy-zoneless-phonenumber-only.json', {
      name: 'Bia',
      phoneNumber: `55${BEATRIZ.ddd}${BEATRIZ.phone}`,
      clientListingId: 'JDA-4821',
      message: `Meu CPF é ${BEATRIZ.cpf}, aceita financiamento?`,
    });
    bodies.otavio = freshLead('grupo-olx-current.json', {
      name: OTAVIO.name,
      email: OTAVIO.email,
      ddd: OTAVIO.ddd,
      phone: OTAVIO.phone,
      phoneNumber: undefined,
      message: `CPF ${OTAVIO.cpf}`,
    });
    for (const key of ['visit', 'legacy', 'otavio']) {
      const res = await deliver('/jardim', bodies[key]);
      expect(res.status).toBe(201);
      leadIds[key] = res.body.leadId;
    }
    // a redelivery, in ISO-8859-1: a second raw body, its exact bytes kept beside the text
    const latin1 = await postRaw(
      await app.listen(),
      '/api/grupozap/lead/jardim',
      {
        'content-type': 'application/json; charset=ISO-8859-1',
        authorization: `Basic ${Buffer.from(`vivareal:${TEST_SECRET}`).toString('base64')}`,
      },
      Buffer.from(JSON.stringify(bodies.visit), 'latin1')
    );
    expect(latin1.status).toBe(200);
    // refused (unknown advertiser): no lead, yet the raw body holds everything
    expect(
      (await deliver('/agencia-desconhecida', { ...bodies.visit, originLeadId: `${bodies.visit.originLeadId}-x` })).status
    ).toBe(404);
    expect(
      (await editor.post(`/grupozap/leads/${leadIds.visit}/notes`, { body: `${BEATRIZ.name} pediu retorno às 18h.` })).status
    ).toBe(201);
    expect(
      (await editor.post(`/grupozap/leads/${leadIds.otavio}/notes`, { body: 'Cliente do Otávio: ligar amanhã.' })).status
    ).toBe(201);
  });

  it('finds the person by e-mail (any case) across leads and deliveries, refused ones included', async () => {
    const res = await admin.post('/grupozap/privacy/search', { kind: 'email', value: ` ${BEATRIZ.email.toUpperCase()} ` });
    expect(res.status).toBe(200);
    const { data } = res.body;
    expect(data.subject).toEqual({ kind: 'email', value: BEATRIZ.email.toLowerCase() });
    expect(data.counts).toEqual({ leads: 1, notes: 1, deliveries: 3 });
    expect(data.leads).toEqual([
      expect.objectContaining({
        documentId: leadIds.visit,
        name: BEATRIZ.name,
        phoneE164: '+5547991234567',
        notes: 1,
        deliveries: 2,
        advertiser: 'Jardim Imóveis',
        anonymizedAt: null,
      }),
    ]);
    expect(data.deliveries.map((row: { code: string }) => row.code).sort()).toEqual([
      'ADVERTISER_NOT_FOUND',
      'LEAD_CREATED',
      'LEAD_DUPLICATE',
    ]);
    expect(data.deliveries.find((row: { code: string }) => row.code === 'ADVERTISER_NOT_FOUND')).toMatchObject({
      lead: null,
      hasBody: true,
    });
  });

  it('finds the person by phone in any formatting (E.164), and by CPF masked or not', async () => {
    for (const value of ['(47) 99123-4567', '+55 47 991234567', '5547991234567']) {
      const { data } = (await admin.post('/grupozap/privacy/search', { kind: 'phone', value })).body;
      expect(data.subject.value).toBe('+5547991234567');
      expect(data.leads.map((lead: { documentId: string }) => lead.documentId).sort()).toEqual(
        [leadIds.visit, leadIds.legacy].sort()
      );
      expect(data.counts).toEqual({ leads: 2, notes: 1, deliveries: 4 });
      expect(data.mentions).toEqual({ leads: 0, notes: 0, deliveries: 0 });
    }
    for (const value of [BEATRIZ.cpf, BEATRIZ.cpfMasked]) {
      const { data } = (await admin.post('/grupozap/privacy/search', { kind: 'cpf', value })).body;
      // her CPF field makes the visit hers; a CPF in a message is a mention (of her, or of anyone)
      expect(data.leads.map((lead: { documentId: string }) => lead.documentId)).toEqual([leadIds.visit]);
      expect(data.counts).toEqual({ leads: 1, notes: 1, deliveries: 3 });
      expect(data.mentions).toEqual({ leads: 1, notes: 0, deliveries: 1 });
    }
    const none = (await admin.post('/grupozap/privacy/search', { kind: 'email', value: 'quintanilha@example.com' })).body.data;
    expect(none.counts).toEqual({ leads: 0, notes: 0, deliveries: 0 });
  });

  it('refuses what names nobody, with the field in error', async () => {
    for (const body of [
      { kind: 'email', value: 'beatriz' },
      { kind: 'phone', value: '991234567' },
      { kind: 'cpf', value: '390.533.447-06' },
      { kind: 'name', value: BEATRIZ.name },
      { kind: 'email' },
    ]) {
      const res = await admin.post('/grupozap/privacy/search', body);
      expect(res.status).toBe(400);
    }
    const res = await admin.post('/grupozap/privacy/search', { kind: 'cpf', value: '390.533.447-06' });
    expect(res.body.error.details.errors[0].path).toEqual(['value']);
  });

  it('exports everything held about the person as a JSON download', async () => {
    const res = await admin.post('/grupozap/privacy/export', { kind: 'phone', value: '(47) 99123-4567' });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="personal-data-[0-9a-f]{12}-\d{4}-\d{2}-\d{2}\.json"$/
    );
    expect(res.headers['content-disposition']).not.toContain('4567');
    const data = JSON.parse(res.text);
    expect(data.subject).toEqual({ kind: 'phone', value: '+5547991234567' });
    expect(data.leads).toHaveLength(2);
    const visit = data.leads.find((lead: { documentId: string }) => lead.documentId === leadIds.visit);
    expect(visit).toMatchObject({
      name: BEATRIZ.name,
      email: BEATRIZ.email,
      phoneE164: '+5547991234567',
      message: expect.stringContaining('visitar'),
      payload: expect.objectContaining({ extraData: expect.objectContaining({ cpf: BEATRIZ.cpfMasked }) }),
      advertiser: expect.objectContaining({ slug: 'jardim' }),
      listing: expect.objectContaining({ clientListingId: 'JDA-4821' }),
    });
    expect(visit.notes).toEqual([
      expect.objectContaining({
        body: `${BEATRIZ.name} pediu retorno às 18h.`,
        author: expect.objectContaining({ id: editor.id }),
      }),
    ]);
    expect(visit.deliveries.map((row: { code: string }) => row.code).sort()).toEqual(['LEAD_CREATED', 'LEAD_DUPLICATE']);
    for (const row of visit.deliveries) expect(JSON.parse(row.body)).toMatchObject({ email: BEATRIZ.email });
    const legacy = data.leads.find((lead: { documentId: string }) => lead.documentId === leadIds.legacy);
    expect(legacy.deliveries).toHaveLength(1);
    expect(data.deliveries).toEqual([
      expect.objectContaining({ code: 'ADVERTISER_NOT_FOUND', lead: null, body: expect.stringContaining(BEATRIZ.email) }),
    ]);
    expect(res.text).not.toContain(OTAVIO.email);
  });

  it('erases the person: no trace left in any table of the database, others untouched, counts kept', async () => {
    // the check sees them while they are there, wherever they are
    expect(await traces(app.strapi, beatrizNeedles)).toEqual(
      expect.arrayContaining([
        `grupozap_leads.email ← ${BEATRIZ.email}`,
        `grupozap_leads.payload ← ${BEATRIZ.cpfMasked}`,
        `grupozap_leads.message ← ${BEATRIZ.cpf}`,
        `grupozap_leads.phone_e_164 ← ${BEATRIZ.phone}`,
        `grupozap_deliveries.body ← ${BEATRIZ.email}`,
        `grupozap_notes.body ← ${BEATRIZ.name}`,
      ])
    );

    // the bytes of the Latin-1 redelivery are there too, as base64 (which the SQL search cannot read)
    const keptBytes = await app.strapi.db.query(DELIVERY).findMany({ where: { rawBase64: { $notNull: true } }, select: ['id'] });
    expect(keptBytes.length).toBeGreaterThan(0);

    const res = await admin.post('/grupozap/privacy/erase', { kind: 'phone', value: '47 99123 4567' });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ leads: 2, notes: 1, deliveries: 4, redacted: { leads: 0, notes: 0, deliveries: 0 } });

    expect(await traces(app.strapi, beatrizNeedles)).toEqual([]);

    // the leads stay, for the reports, without their personal data
    const visit = await app.strapi.db
      .query(LEAD)
      .findOne({ where: { documentId: leadIds.visit }, populate: { advertiser: true, notes: true, deliveries: true } });
    expect(visit).toMatchObject({
      leadStatus: 'new',
      leadOrigin: 'Grupo OLX',
      leadType: 'VISIT_REQUEST',
      deliveryCount: 2,
      name: null,
      email: null,
      phoneE164: null,
      payload: null,
      extraData: null,
      message: null,
    });
    expect(visit.anonymizedAt).toEqual(expect.any(String));
    expect(visit.advertiser.slug).toBe('jardim');
    expect(visit.notes).toHaveLength(1);
    expect(visit.deliveries).toHaveLength(2);
    for (const row of visit.deliveries) {
      expect(row).toMatchObject({ body: null, rawBase64: null, signature: null, ip: null, anonymizedAt: expect.any(String) });
    }
    expect(
      await app.strapi.db
        .query(DELIVERY)
        .count({ where: { id: { $in: keptBytes.map((row: { id: number }) => row.id) }, rawBase64: { $notNull: true } } })
    ).toBe(0);

    // someone else's lead, note and deliveries are whole
    expect(await traces(app.strapi, [OTAVIO.email, OTAVIO.phone, OTAVIO.cpf, OTAVIO.name])).toEqual(
      expect.arrayContaining([
        `grupozap_leads.email ← ${OTAVIO.email}`,
        `grupozap_leads.name ← ${OTAVIO.name}`,
        `grupozap_deliveries.body ← ${OTAVIO.email}`,
      ])
    );
    const otavio = await app.strapi.db.query(LEAD).findOne({ where: { documentId: leadIds.otavio }, populate: { notes: true } });
    expect(otavio).toMatchObject({ name: OTAVIO.name, anonymizedAt: null });
    expect(otavio.notes[0].body).toBe('Cliente do Otávio: ligar amanhã.');

    // nothing is found any more, by any identifier
    for (const body of [
      { kind: 'email', value: BEATRIZ.email },
      { kind: 'phone', value: '47991234567' },
      { kind: 'cpf', value: BEATRIZ.cpf },
    ]) {
      expect((await admin.post('/grupozap/privacy/search', body)).body.data).toMatchObject({
        counts: { leads: 0, notes: 0, deliveries: 0 },
        mentions: { leads: 0, notes: 0, deliveries: 0 },
      });
    }
  });

  it('keeps an audit entry of each request that holds no personal data', async () => {
    const entries = await app.strapi.db.query(AUDIT).findMany({ orderBy: { id: 'asc' } });
    const erase = entries.find((entry: { action: string }) => entry.action === 'erase');
    expect(erase).toMatchObject({
      adminUserId: admin.id,
      subjectKind: 'phone',
      subjectRef: expect.stringMatching(/^[0-9a-f]{64}$/),
      leadsCount: 2,
      notesCount: 1,
      deliveriesCount: 4,
      performedAt: expect.any(String),
    });
    expect(entries.map((entry: { action: string }) => entry.action)).toEqual(
      expect.arrayContaining(['search', 'export', 'erase'])
    );
    // the same person gives the same reference whatever identifier form was typed
    const phoneEntries = entries.filter((entry: { subjectKind: string }) => entry.subjectKind === 'phone');
    expect(new Set(phoneEntries.map((entry: { subjectRef: string }) => entry.subjectRef)).size).toBe(1);
    const serialised = JSON.stringify(entries).toLowerCase();
    for (const needle of beatrizNeedles) expect(serialised).not.toContain(needle.toLowerCase());

    const log = await admin.get('/grupozap/privacy/audit');
    expect(log.status).toBe(200);
    expect(log.body.data[0]).toMatchObject({ action: 'search', adminUserId: admin.id });
    expect(log.body.data.find((entry: { action: string }) => entry.action === 'erase')).toMatchObject({
      subjectRef: erase.subjectRef,
      leadsCount: 2,
    });
  });
});

describe('after an erasure', () => {
  it('clears, every night even with retention off, what the portal redelivers for an anonymised lead', async () => {
    const visit = await app.strapi.db.query(LEAD).findOne({ where: { documentId: leadIds.visit } });
    const again = freshLead('grupo-olx-current.json', {
      originLeadId: visit.originLeadId,
      name: BEATRIZ.name,
      email: BEATRIZ.email,
      ddd: BEATRIZ.ddd,
      phone: BEATRIZ.phone,
    });
    const res = await deliver('/jardim', again);
    expect(res.body).toMatchObject({ code: 'LEAD_DUPLICATE', leadId: leadIds.visit });
    expect(await traces(app.strapi, [BEATRIZ.email])).toEqual([`grupozap_deliveries.body ← ${BEATRIZ.email}`]);
    // the lead itself took nothing back
    expect(await app.strapi.db.query(LEAD).findOne({ where: { documentId: leadIds.visit } })).toMatchObject({
      name: null,
      email: null,
      deliveryCount: 3,
    });

    const job = app.strapi.cron.jobs.find((entry: { name: string | null }) => entry.name === 'grupozap-retention');
    expect(job).toBeDefined();
    await job!.job.invoke();
    expect(await traces(app.strapi, beatrizNeedles)).toEqual([]);
  });
});

describe('retention', () => {
  const DAY = 24 * 60 * 60 * 1000;
  /** The controllable clock: a "now" in 2021, when the backdated leads below are over a year old. */
  const NOW = new Date('2021-06-01T12:00:00.000Z');
  const OLD = new Date('2020-01-15T10:00:00.000Z');
  const privacy = () => app.strapi.plugin('grupozap').service('privacy');
  const old: Record<string, string> = {};

  const backdate = async (documentIds: string[], when: Date) => {
    const leads = await app.strapi.db
      .query(LEAD)
      .findMany({ where: { documentId: { $in: documentIds } }, populate: { deliveries: { select: ['id'] } } });
    await app.strapi.db.query(LEAD).updateMany({
      where: { id: { $in: leads.map((lead: { id: number }) => lead.id) } },
      data: { receivedAt: when, lastDeliveredAt: when },
    });
    const deliveryIds = leads.flatMap((lead: { deliveries: Array<{ id: number }> }) => lead.deliveries.map((row) => row.id));
    await app.strapi.db.query(DELIVERY).updateMany({ where: { id: { $in: deliveryIds } }, data: { receivedAt: when } });
  };

  beforeAll(async () => {
    for (const key of ['a', 'b', 'c']) {
      const res = await deliver(
        '/jardim',
        freshLead('grupo-olx-current.json', { name: `Antigo ${key.toUpperCase()}`, email: `antigo.${key}@example.com` })
      );
      old[key] = res.body.leadId;
    }
    await deliver('/jardim', (await app.strapi.db.query(LEAD).findOne({ where: { documentId: old.a } })).payload); // redelivered
    await editor.post(`/grupozap/leads/${old.b}/notes`, { body: 'Antigo B quer desconto.' });
    await editor.put(`/grupozap/leads/${old.c}`, { status: 'won' });
    await backdate(Object.values(old), OLD);
    // an old refused delivery, and a recent one
    const refusedOld = freshLead('grupo-olx-current.json', { name: 'Antigo Recusado', email: 'antigo.recusado@example.com' });
    await deliver('/agencia-desconhecida', refusedOld);
    await app.strapi.db
      .query(DELIVERY)
      .updateMany({ where: { originLeadId: refusedOld.originLeadId as string }, data: { receivedAt: OLD } });
    await deliver('/agencia-desconhecida', freshLead('grupo-olx-current.json', { name: 'Recente Recusado' }));
  });

  afterEach(() => {
    app.strapi.config.set('plugin::grupozap.retentionDays', null);
  });

  it('is off by default: nothing affected, nothing done', async () => {
    const res = await admin.get('/grupozap/privacy/retention');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ retentionDays: null, cutoff: null, leadsAffected: 0, deliveriesAffected: 0 });
    expect(await privacy().runRetention(NOW)).toEqual({ retentionDays: null, cutoff: null, leads: 0, notes: 0, deliveries: 0 });
    // the daily job is registered with Strapi's cron; it reads the setting when it runs
    expect(app.strapi.cron.jobs.map((job: { name: string | null }) => job.name)).toContain('grupozap-retention');
  });

  it('shows what it will affect, then anonymises it in batches, keeping the counts', async () => {
    app.strapi.config.set('plugin::grupozap.retentionDays', 365);
    const preview = await privacy().retentionPreview(NOW);
    expect(preview).toEqual({
      retentionDays: 365,
      cutoff: new Date(NOW.getTime() - 365 * DAY).toISOString(),
      leadsAffected: 3,
      deliveriesAffected: 5,
    });
    // the admin API asks with the real clock: the same old rows are over a year old today
    const res = await admin.get('/grupozap/privacy/retention');
    expect(res.body.data).toMatchObject({ retentionDays: 365, leadsAffected: 3, deliveriesAffected: 5 });
    expect(Date.parse(res.body.data.cutoff)).toBeGreaterThan(Date.now() - 366 * DAY);

    const reportBefore = (await admin.get('/grupozap/reports?from=2020-01-01&to=2020-12-31')).body.data;
    expect(reportBefore.total).toBe(3);

    const run = await privacy().runRetention(NOW, { batchSize: 2 });
    expect(run).toEqual({ retentionDays: 365, cutoff: preview.cutoff, leads: 3, notes: 1, deliveries: 5 });

    const leads = await app.strapi.db.query(LEAD).findMany({
      where: { documentId: { $in: Object.values(old) } },
      populate: { advertiser: true, deliveries: true, notes: true },
    });
    expect(leads).toHaveLength(3);
    for (const lead of leads) {
      expect(lead).toMatchObject({
        name: null,
        email: null,
        phoneE164: null,
        phone: null,
        ddd: null,
        message: null,
        payload: null,
        extraData: null,
        leadOrigin: 'Grupo OLX',
      });
      expect(lead.anonymizedAt).toBe(NOW.toISOString());
      expect(lead.advertiser.slug).toBe('jardim');
      for (const row of lead.deliveries)
        expect(row).toMatchObject({ body: null, ip: null, code: expect.stringMatching(/^LEAD_/) });
      for (const note of lead.notes) expect(note.body).toBe('');
    }
    expect(leads.find((lead: { documentId: string }) => lead.documentId === old.c).leadStatus).toBe('won');
    expect(leads.find((lead: { documentId: string }) => lead.documentId === old.a).deliveryCount).toBe(2);

    // the counts of the reports are those of before
    const reportAfter = (await admin.get('/grupozap/reports?from=2020-01-01&to=2020-12-31')).body.data;
    expect(reportAfter).toEqual(reportBefore);

    // nothing recent was touched; the old refusal lost its body, the recent one kept it
    expect(
      await app.strapi.db.query(LEAD).count({ where: { anonymizedAt: { $null: true }, name: { $notNull: true } } })
    ).toBeGreaterThan(0);
    const refusals = await app.strapi.db
      .query(DELIVERY)
      .findMany({ where: { code: 'ADVERTISER_NOT_FOUND' }, orderBy: { id: 'asc' } });
    const byName = (name: string) =>
      refusals.filter((row: { body: string | null; receivedAt: string }) => row.body?.includes(name));
    expect(byName('Antigo Recusado')).toEqual([]);
    expect(byName('Recente Recusado')).toHaveLength(1);
    expect(
      await traces(app.strapi, ['antigo.a@example.com', 'antigo.b@example.com', 'Antigo B', 'antigo.recusado@example.com'])
    ).toEqual([]);

    // a second run finds nothing to do, and logs nothing
    expect(await privacy().retentionPreview(NOW)).toMatchObject({ leadsAffected: 0, deliveriesAffected: 0 });
    expect(await privacy().runRetention(NOW)).toMatchObject({ leads: 0, notes: 0, deliveries: 0 });
    const audits = await app.strapi.db.query(AUDIT).findMany({ where: { action: 'retention', cutoff: { $notNull: true } } });
    expect(audits).toEqual([
      expect.objectContaining({
        adminUserId: null,
        subjectKind: null,
        subjectRef: null,
        leadsCount: 3,
        notesCount: 1,
        deliveriesCount: 5,
        cutoff: preview.cutoff,
      }),
    ]);
  });

  it('goes through more leads than one batch holds without loading them at once', async () => {
    const longAgo = new Date('2019-03-01T12:00:00.000Z');
    const rows = Array.from({ length: 1234 }, (_, index) => ({
      originLeadId: `bulk-${index}`,
      leadStatus: 'new',
      name: `Pessoa ${index}`,
      email: `pessoa.${index}@example.com`,
      leadOrigin: 'VivaReal',
      payload: { name: `Pessoa ${index}` },
      receivedAt: longAgo,
      deliveryCount: 1,
    }));
    for (let at = 0; at < rows.length; at += 200) await app.strapi.db.query(LEAD).createMany({ data: rows.slice(at, at + 200) });
    app.strapi.config.set('plugin::grupozap.retentionDays', 365);
    expect((await privacy().retentionPreview(NOW)).leadsAffected).toBe(1234);
    const run = await privacy().runRetention(NOW);
    expect(run.leads).toBe(1234);
    expect(
      await app.strapi.db.query(LEAD).count({ where: { originLeadId: { $startsWith: 'bulk-' }, name: { $notNull: true } } })
    ).toBe(0);
    expect(
      await app.strapi.db
        .query(LEAD)
        .count({ where: { originLeadId: { $startsWith: 'bulk-' }, anonymizedAt: { $notNull: true } } })
    ).toBe(1234);
  });
});

describe('roles', () => {
  it('keeps privacy requests and reports from Editors and Authors', async () => {
    for (const user of [editor, author]) {
      expect((await user.get('/grupozap/privacy/retention')).status).toBe(403);
      expect((await user.get('/grupozap/privacy/audit')).status).toBe(403);
      expect((await user.post('/grupozap/privacy/search', { kind: 'email', value: OTAVIO.email })).status).toBe(403);
      expect((await user.post('/grupozap/privacy/export', { kind: 'email', value: OTAVIO.email })).status).toBe(403);
      expect((await user.post('/grupozap/privacy/erase', { kind: 'email', value: OTAVIO.email })).status).toBe(403);
      expect((await user.get('/grupozap/reports')).status).toBe(403);
      expect((await user.get('/grupozap/reports/export')).status).toBe(403);
    }
    expect(await app.strapi.db.query(LEAD).count({ where: { email: OTAVIO.email } })).toBe(1);
    expect((await app.http().post('/grupozap/privacy/search').send({ kind: 'email', value: OTAVIO.email })).status).toBe(401);
  });

  it('lets a role given privacy.read search but not erase', async () => {
    const roles = app.strapi.service('admin::role');
    const role = await roles.create({ name: 'DPO assistant', description: 'LGPD look-ups' });
    await roles.addPermissions(role.id, [{ action: 'plugin::grupozap.privacy.read', conditions: [] }]);
    const editorRole = await app.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
    expect(editorRole).toBeTruthy();
    // a user with just that role
    const user = await app.strapi.service('admin::user').create({
      email: 'dpo@example.com',
      firstname: 'Dpo',
      lastname: 'Test',
      password: 'Test-Password-1234',
      isActive: true,
      roles: [role.id],
    });
    expect(user.id).toBeTruthy();
    const login = await app.http().post('/admin/login').send({ email: 'dpo@example.com', password: 'Test-Password-1234' });
    const token = `Bearer ${login.body.data.token}`;
    const search = await app
      .http()
      .post('/grupozap/privacy/search')
      .set('Authorization', token)
      .send({ kind: 'email', value: OTAVIO.email });
    expect(search.status).toBe(200);
    expect(search.body.data.counts.leads).toBe(1);
    const erase = await app
      .http()
      .post('/grupozap/privacy/erase')
      .set('Authorization', token)
      .send({ kind: 'email', value: OTAVIO.email });
    expect(erase.status).toBe(403);
    expect(await app.strapi.db.query(NOTE).count({ where: { body: 'Cliente do Otávio: ligar amanhã.' } })).toBe(1);
  });
});

describe("a person's other identifiers", () => {
  it("points to the person's other e-mails and phones, found on their own leads", async () => {
    const email = `rosa-${process.pid}@example.com`;
    const lead = (ddd: string, phone: string, mail: string | undefined) =>
      deliver(
        '/jardim',
        freshLead('grupo-olx-current.json', { name: 'Rosa Rocha', email: mail, ddd, phone, phoneNumber: undefined })
      );
    expect((await lead('11', '981110001', email)).status).toBe(201);
    expect((await lead('21', '982220002', email.toUpperCase())).status).toBe(201);
    expect((await lead('21', '982220002', undefined)).status).toBe(201);

    const search = async (kind: string, value: string) =>
      (await admin.post('/grupozap/privacy/search', { kind, value })).body.data as {
        counts: { leads: number };
        otherIdentifiers: Array<{ kind: string; value: string }>;
      };
    const byPhone = await search('phone', '(11) 98111-0001');
    expect(byPhone.counts.leads).toBe(1);
    expect(byPhone.otherIdentifiers).toEqual([{ kind: 'email', value: email }]);

    // the e-mail finds the second lead (any case); its phone leads to the third, which has no e-mail
    const byEmail = await search('email', email);
    expect(byEmail.counts.leads).toBe(2);
    expect(byEmail.otherIdentifiers).toEqual(
      expect.arrayContaining([
        { kind: 'phone', value: '+5511981110001' },
        { kind: 'phone', value: '+5521982220002' },
      ])
    );
    expect(byEmail.otherIdentifiers).toHaveLength(2);
    const bySecondPhone = await search('phone', '+5521982220002');
    expect(bySecondPhone.counts.leads).toBe(2);
    expect(bySecondPhone.otherIdentifiers).toEqual([{ kind: 'email', value: email }]);
  });
});
