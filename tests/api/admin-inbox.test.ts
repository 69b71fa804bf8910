import { DEFAULT_LOST_REASONS } from '../../shared/contracts/settings';
import { freshLead } from '../helpers/fixtures';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, createListing } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

let app: TestApp;
let admin: AdminSession;
let editor: AdminSession;
let author: AdminSession;

const deliver = (path: string, body: Record<string, unknown>) =>
  app.http().post(`/api/grupozap/lead${path}`).auth('vivareal', TEST_SECRET).send(body);

const leadIds: Record<string, string> = {};

beforeAll(async () => {
  app = await startTestApp();
  const agency = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: agency.documentId, title: 'Casa no Jardim' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  editor = await loginAs(app.strapi, 'strapi-editor', 'editor');
  author = await loginAs(app.strapi, 'strapi-author', 'author');

  const leads = {
    carla: freshLead('grupo-olx-current.json', { name: 'Carla Souza', phone: '988627634', ddd: '48' }),
    joao: freshLead('grupo-olx-current.json', {
      name: 'João Conceição',
      email: 'joao@example.com',
      ddd: '11',
      phone: '977776666',
      phoneNumber: undefined,
      temperature: 'Baixa',
      clientListingId: 'NO-LISTING',
    }),
    maria: freshLead('legacy-zoneless-phonenumber-only.json', { clientListingId: 'JDA-4821' }),
  };
  for (const [key, body] of Object.entries(leads)) {
    const res = await deliver('/jardim', body);
    expect(res.status).toBe(201);
    leadIds[key] = res.body.leadId;
  }
});

afterAll(async () => {
  await app?.stop();
});

describe('lead list', () => {
  it('lists the leads, newest first, paginated on the server', async () => {
    const res = await admin.get('/grupozap/leads?pageSize=2');
    expect(res.status).toBe(200);
    expect(res.body.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 3, totalIsExact: true });
    expect(res.body.results.map((lead: { documentId: string }) => lead.documentId)).toEqual([leadIds.maria, leadIds.joao]);
    expect(res.body.results[0]).toMatchObject({
      advertiser: { slug: 'jardim' },
      listing: { clientListingId: 'JDA-4821' },
      status: 'new',
    });
  });

  it('filters and searches', async () => {
    const ids = async (query: string) =>
      (await admin.get(`/grupozap/leads?${query}`)).body.results.map((lead: { documentId: string }) => lead.documentId).sort();
    expect(await ids('temperature=Baixa')).toEqual([leadIds.joao]);
    expect(await ids('listingMatched=false')).toEqual([leadIds.joao]);
    expect(await ids('origin=Zap')).toEqual([leadIds.maria]);
    expect(await ids('assignee=none')).toEqual([leadIds.carla, leadIds.joao, leadIds.maria].sort());
    expect(await ids('from=2099-01-01')).toEqual([]);
    expect(await ids('sort=name:asc&pageSize=1')).toEqual([leadIds.carla]);
  });

  it('searches with the term in the body of POST /leads/search, never in a URL', async () => {
    const found = async (body: object) => {
      const res = await admin.post('/grupozap/leads/search', body);
      expect(res.status).toBe(200);
      return res.body.results.map((lead: { documentId: string }) => lead.documentId).sort();
    };
    expect(await found({ q: 'concei' })).toEqual([leadIds.joao]);
    expect(await found({ q: '988627' })).toEqual([leadIds.carla]);
    expect(await found({ q: 'JOAO@EXAMPLE' })).toEqual([leadIds.joao]);
    expect(await found({ q: 'example', temperature: 'Baixa', listingMatched: false })).toEqual([leadIds.joao]);
    expect(await found({ q: 'example', listingMatched: 'true' })).toEqual([leadIds.carla]);
    expect(await found({})).toEqual([leadIds.carla, leadIds.joao, leadIds.maria].sort());
    const page = await admin.post('/grupozap/leads/search', { sort: 'name:asc', pageSize: 1, page: 2 });
    expect(page.body.pagination).toMatchObject({ page: 2, pageSize: 1, total: 3 });

    const inUrl = await admin.get('/grupozap/leads?q=concei');
    expect(inUrl.status).toBe(400);
    expect(inUrl.body.error.message).toMatch(/POST \/grupozap\/leads\/search/);
    expect((await admin.post('/grupozap/leads/search', { q: 'x'.repeat(201) })).status).toBe(400);
    expect((await admin.post('/grupozap/leads/search', { pageSize: 1000 })).status).toBe(400);
    expect((await admin.post('/grupozap/leads/search', { password: 'x' })).status).toBe(400);
  });

  it('refuses bad query parameters with 400', async () => {
    expect((await admin.get('/grupozap/leads?status=maybe')).status).toBe(400);
    expect((await admin.get('/grupozap/leads?sort=password:asc')).status).toBe(400);
    expect((await admin.get('/grupozap/leads?pageSize=1000')).status).toBe(400);
  });
});

describe('inbox options', () => {
  it('offers the advertisers, the values found in the leads, and the users who may read leads (to an Author, those of their leads)', async () => {
    const viewerRole = await app.strapi
      .service('admin::role')
      .create({ name: 'Lead-less viewers', description: 'no lead action' });
    const viewerPassword = 'Viewer-Password-1234';
    const viewer = await app.strapi.service('admin::user').create({
      email: 'viewer@example.com',
      firstname: 'Vera',
      lastname: 'Viewer',
      password: viewerPassword,
      isActive: true,
      roles: [viewerRole.id],
    });
    const editorRole = await app.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-editor' } });
    const gone = await app.strapi.service('admin::user').create({
      email: 'gone@example.com',
      firstname: 'Gone',
      lastname: 'Editor',
      isActive: false,
      roles: [editorRole.id],
    });

    // an Author, who reads only the leads assigned to them (none yet), is offered themself only
    const limited = await author.get('/grupozap/inbox/options');
    expect(limited.status).toBe(200);
    expect(limited.body.data).toEqual({
      assignees: [expect.objectContaining({ id: author.id })],
      advertisers: [],
      origins: [],
      temperatures: [],
      transactionTypes: [],
      // the manager's list, not data of leads
      lostReasons: [...DEFAULT_LOST_REASONS],
    });

    for (const user of [admin, editor]) {
      const res = await user.get('/grupozap/inbox/options');
      expect(res.status).toBe(200);
      const ids = res.body.data.assignees.map((assignee: { id: number }) => assignee.id);
      expect(ids.sort()).toEqual([admin.id, editor.id, author.id].sort());
      expect(ids).not.toContain(viewer.id);
      expect(ids).not.toContain(gone.id);
      expect(res.body.data.assignees[0]).toEqual({
        id: expect.any(Number),
        firstname: expect.any(String),
        lastname: 'Test',
        email: expect.any(String),
      });
      expect(res.body.data.advertisers).toEqual([{ documentId: expect.any(String), name: 'Jardim Imóveis', slug: 'jardim' }]);
      expect(res.body.data.origins).toEqual(['Grupo OLX', 'Zap']);
      expect(res.body.data.temperatures).toEqual(expect.arrayContaining(['Alta', 'Baixa']));
      expect(res.body.data.transactionTypes).toEqual(['SELL']);
    }

    const login = await app.http().post('/admin/login').send({ email: 'viewer@example.com', password: viewerPassword });
    expect(login.status).toBe(200);
    const denied = await app.http().get('/grupozap/inbox/options').set('Authorization', `Bearer ${login.body.data.token}`);
    expect(denied.status).toBe(403);
    expect((await app.http().get('/grupozap/inbox/options')).status).toBe(401);
  });
});

describe('working a lead', () => {
  it('shows a lead with everything the portal sent and its deliveries', async () => {
    await deliver('/jardim', {
      ...(await app.strapi.db.query('plugin::grupozap.lead').findOne({ where: { documentId: leadIds.carla } })).payload,
    });
    const res = await admin.get(`/grupozap/leads/${leadIds.carla}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ name: 'Carla Souza', deliveryCount: 2, previous: leadIds.joao, next: null });
    expect(res.body.data.payload.extraData.leadType).toBe('VISIT_REQUEST');
    expect(res.body.data.deliveries.map((row: { code: string }) => row.code)).toEqual(['LEAD_DUPLICATE', 'LEAD_CREATED']);
  });

  it('changes status, assigns, and takes notes', async () => {
    const update = await editor.put(`/grupozap/leads/${leadIds.carla}`, { status: 'contacted', assignee: author.id });
    expect(update.status).toBe(200);
    expect(update.body.data).toMatchObject({ status: 'contacted', assignee: { id: author.id } });
    const note = await editor.post(`/grupozap/leads/${leadIds.carla}/notes`, { body: 'Ligou de volta, visita no sábado.' });
    expect(note.status).toBe(201);
    const lead = await admin.get(`/grupozap/leads/${leadIds.carla}`);
    expect(lead.body.data.notes).toEqual([
      expect.objectContaining({ body: 'Ligou de volta, visita no sábado.', author: expect.objectContaining({ id: editor.id }) }),
    ]);
    expect((await editor.put(`/grupozap/leads/${leadIds.carla}`, { status: 'sold' })).status).toBe(400);
    expect((await editor.put(`/grupozap/leads/${leadIds.carla}`, { assignee: 999999 })).status).toBe(400);
  });

  it('changes many leads at once', async () => {
    const res = await admin.post('/grupozap/leads/bulk', { documentIds: [leadIds.joao, leadIds.maria], status: 'qualified' });
    expect(res.body.data.count).toBe(2);
    const qualified = await admin.get('/grupozap/leads?status=qualified');
    expect(qualified.body.pagination.total).toBe(2);
  });

  it('exports the filtered view as CSV with a BOM', async () => {
    const res = await admin
      .post('/grupozap/leads/export', { q: 'concei' })
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => callback(null, Buffer.concat(chunks).toString('utf8')));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/csv/);
    const csv = res.body as string;
    expect(csv.startsWith('\uFEFFreceivedAt,status,name,phone,email')).toBe(true);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('João Conceição');
    expect(lines[1]).toContain('joao@example.com');
  });

  it('gives the file as JSON to a client that asks for JSON (the admin)', async () => {
    const res = await admin.post('/grupozap/leads/export', { q: 'concei' }).set('Accept', 'application/json');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.data.filename).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = res.body.data.csv as string;
    expect(csv.startsWith('\uFEFFreceivedAt,status,name')).toBe(true);
    const lines = csv.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('João Conceição');
  });

  it('no longer exports from a URL', async () => {
    expect((await admin.get('/grupozap/leads/export?q=concei')).status).toBe(404);
  });
});

describe('roles', () => {
  it('gives an Author only the leads assigned to them', async () => {
    const list = await author.get('/grupozap/leads');
    expect(list.status).toBe(200);
    expect(list.body.results.map((lead: { documentId: string }) => lead.documentId)).toEqual([leadIds.carla]);
    const search = await author.post('/grupozap/leads/search', { q: 'example' });
    expect(search.body.results.map((lead: { documentId: string }) => lead.documentId)).toEqual([leadIds.carla]);
    expect((await author.get(`/grupozap/leads/${leadIds.joao}`)).status).toBe(404);
    expect((await author.put(`/grupozap/leads/${leadIds.joao}`, { status: 'won' })).status).toBe(404);
    expect(
      (
        await author.put(`/grupozap/leads/${leadIds.carla}`, {
          status: 'visit_scheduled',
          visitAt: new Date(Date.now() + 86_400_000).toISOString(),
        })
      ).status
    ).toBe(200);
    const bulk = await author.post('/grupozap/leads/bulk', { documentIds: [leadIds.joao, leadIds.carla], status: 'proposal' });
    expect(bulk.body.data.count).toBe(1);
  });

  it('keeps exports, the delivery log, replays and the registration CSV from Editors and Authors', async () => {
    for (const user of [editor, author]) {
      expect((await user.post('/grupozap/leads/export')).status).toBe(403);
      expect((await user.get('/grupozap/deliveries')).status).toBe(403);
      expect((await user.post('/grupozap/deliveries/whatever/replay')).status).toBe(403);
      expect((await user.get('/grupozap/advertisers/registration.csv')).status).toBe(403);
    }
  });

  it('refuses anonymous requests', async () => {
    expect((await app.http().get('/grupozap/leads')).status).toBe(401);
    expect((await app.http().post('/grupozap/leads/search').send({ q: 'a' })).status).toBe(401);
    expect((await app.http().post('/grupozap/leads/export').send({})).status).toBe(401);
  });
});

describe('delivery log and replay', () => {
  it('lists refused deliveries and replays one once its cause is fixed', async () => {
    const body = freshLead('grupo-olx-current.json', { name: 'Lead de Agência Nova' });
    expect((await deliver('/nova-agencia', body)).status).toBe(404);

    const refused = await admin.get(`/grupozap/deliveries?outcome=refused&originLeadId=${body.originLeadId}`);
    expect(refused.status).toBe(200);
    expect(refused.body.results).toHaveLength(1);
    const [row] = refused.body.results;
    expect(row).toMatchObject({ code: 'ADVERTISER_NOT_FOUND', httpStatus: 404, advertiserKey: 'nova-agencia' });
    const detail = await admin.get(`/grupozap/deliveries/${row.documentId}`);
    expect(JSON.parse(detail.body.data.body)).toEqual(body);

    // still unknown: the replay is refused the same way, and logged
    const early = await admin.post(`/grupozap/deliveries/${row.documentId}/replay`);
    expect(early.body.data).toMatchObject({ status: 404, code: 'ADVERTISER_NOT_FOUND' });

    await createAdvertiser(app.strapi, { name: 'Nova Agência', slug: 'nova-agencia', document: '52998224725' });
    const replay = await admin.post(`/grupozap/deliveries/${row.documentId}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body.data).toMatchObject({ status: 201, code: 'LEAD_CREATED' });
    const again = await admin.post(`/grupozap/deliveries/${row.documentId}/replay`);
    expect(again.body.data).toMatchObject({ status: 200, code: 'LEAD_DUPLICATE', leadId: replay.body.data.leadId });

    const log = await admin.get(`/grupozap/deliveries?originLeadId=${body.originLeadId}`);
    expect(log.body.results.map((entry: { method: string; code: string }) => `${entry.method} ${entry.code}`)).toEqual([
      'REPLAY LEAD_DUPLICATE',
      'REPLAY LEAD_CREATED',
      'REPLAY ADVERTISER_NOT_FOUND',
      'POST ADVERTISER_NOT_FOUND',
    ]);
  });

  it('cannot replay a delivery whose body was not kept', async () => {
    await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', 'wrong').send(freshLead());
    const [row] = (await admin.get('/grupozap/deliveries?code=INVALID_CREDENTIALS')).body.results;
    const res = await admin.post(`/grupozap/deliveries/${row.documentId}/replay`);
    expect(res.status).toBe(400);
  });
});

describe('registration CSV for the portal', () => {
  it('lists every active advertiser as DOCUMENT,URL,SEND_LEAD_EMAIL', async () => {
    expect((await admin.get('/grupozap/advertisers/registration.csv')).status).toBe(400);
    // no public URL in the settings: the app's server.url is the default (read through the settings cache)
    app.strapi.config.set('server.url', 'https://crm.example.com');
    app.strapi.plugin('grupozap').service('settings').invalidate();
    try {
      await createAdvertiser(app.strapi, { name: 'Inativa', slug: 'inativa', document: '11444777000161', active: false });
      const res = await admin.get('/grupozap/advertisers/registration.csv');
      expect(res.status).toBe(200);
      expect(res.text.trim().split('\n')).toEqual([
        'DOCUMENT,URL,SEND_LEAD_EMAIL',
        '11222333000181,https://crm.example.com/api/grupozap/lead/jardim,false',
        '52998224725,https://crm.example.com/api/grupozap/lead/nova-agencia,false',
      ]);
    } finally {
      app.strapi.config.set('server.url', '');
      app.strapi.plugin('grupozap').service('settings').invalidate();
    }
  });
});
