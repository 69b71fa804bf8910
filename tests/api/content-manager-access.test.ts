import { loginAs, type AdminSession } from '../helpers/admin-users';
import { freshLead } from '../helpers/fixtures';
import { createAdvertiser, createListing, leadsWithOriginId } from '../helpers/seed';
import { restartTestApp, startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const LEAD = 'plugin::grupozap.lead';
const PLUGIN_RECORDS = ['delivery', 'delivery-alert', 'privacy-audit', 'agent', 'note'].map((name) => `plugin::grupozap.${name}`);
const CM_ACTIONS = ['read', 'create', 'update', 'delete'].map((verb) => `plugin::content-manager.explorer.${verb}`);

let app: TestApp;
let admin: AdminSession;
let agency: { documentId: string };

const deliver = (body: Record<string, unknown>) =>
  app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(body);

const deliverLead = async () => {
  const body = freshLead('grupo-olx-current.json', { clientListingId: 'JDA-4821' });
  const res = await deliver(body);
  expect(res.status).toBe(201);
  return { documentId: res.body.leadId as string, originLeadId: body.originLeadId as string };
};

/** The Content Manager permissions a role of this code holds on the given content types. */
const cmGrantsOf = async (roleCode: string, subjects: string[]) =>
  (
    await app.strapi.db.query('admin::permission').findMany({
      where: { role: { code: roleCode }, subject: { $in: subjects }, action: { $startsWith: 'plugin::content-manager.' } },
      select: ['action', 'subject'],
    })
  ).map((permission: { action: string; subject: string }) => `${permission.action} ${permission.subject}`);

/** What Strapi's default roles can do with the plugin's types in the Content Manager. */
const expectNoWayIn = async (user: AdminSession, lead: { documentId: string }) => {
  for (const uid of PLUGIN_RECORDS) {
    const list = await user.get(`${CM}/${uid}`);
    expect({ uid, status: list.status }).toEqual({ uid, status: 403 });
  }
  expect((await user.get(`${CM}/${LEAD}`)).status).toBe(403);
  expect((await user.get(`${CM}/${LEAD}/${lead.documentId}`)).status).toBe(403);
  expect((await user.put(`${CM}/${LEAD}/${lead.documentId}`, { name: 'Rewritten' })).status).toBe(403);
  expect((await user.delete(`${CM}/${LEAD}/${lead.documentId}`)).status).toBe(403);
  expect((await user.post(`${CM}/${LEAD}`, { originLeadId: 'from-the-cm', name: 'Invented' })).status).toBe(403);
  const stored = await app.strapi.db.query(LEAD).findOne({ where: { documentId: lead.documentId } });
  expect(stored).toMatchObject({ documentId: lead.documentId });
  expect(stored.name).not.toBe('Rewritten');
};

beforeAll(async () => {
  app = await startTestApp();
  agency = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  await createListing(app.strapi, { clientListingId: 'JDA-4821', advertiser: agency.documentId, title: 'Casa no Jardim' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
});

afterAll(async () => {
  await app?.stop();
});

describe("Strapi's default roles on a fresh install", () => {
  it('hold no Content Manager permission on the plugin’s records and leads', async () => {
    for (const code of ['strapi-editor', 'strapi-author']) {
      expect(await cmGrantsOf(code, [LEAD, ...PLUGIN_RECORDS])).toEqual([]);
      // …while they keep advertisers and listings, which are set up there
      expect((await cmGrantsOf(code, ['plugin::grupozap.advertiser'])).length).toBeGreaterThan(0);
    }
  });

  it('keep the plugin’s own lead actions', async () => {
    const actions = async (code: string) =>
      (
        await app.strapi.db
          .query('admin::permission')
          .findMany({ where: { role: { code }, action: { $startsWith: 'plugin::grupozap.' } } })
      )
        .map((permission: { action: string }) => permission.action)
        .sort();
    expect(await actions('strapi-editor')).toEqual(['plugin::grupozap.leads.read', 'plugin::grupozap.leads.update']);
    expect(await actions('strapi-author')).toEqual(['plugin::grupozap.leads.read', 'plugin::grupozap.leads.update']);
  });

  it('cannot read, change, create or delete leads and the plugin’s records in the Content Manager', async () => {
    const lead = await deliverLead();
    const editor = await loginAs(app.strapi, 'strapi-editor', 'editor');
    const author = await loginAs(app.strapi, 'strapi-author', 'author');
    await expectNoWayIn(editor, lead);
    await expectNoWayIn(author, lead);
    expect((await editor.get(`/grupozap/leads/${lead.documentId}`)).status).toBe(200);
    // advertisers stay theirs in the Content Manager
    expect((await editor.get(`${CM}/plugin::grupozap.advertiser/${agency.documentId}`)).status).toBe(200);
  });

  it('hides the plugin’s records from the Content Manager, and shows leads, advertisers and listings', async () => {
    const res = await admin.get('/content-manager/content-types');
    expect(res.status).toBe(200);
    const displayed = (res.body.data as Array<{ uid: string; isDisplayed: boolean }>).filter((type) =>
      type.uid.startsWith('plugin::grupozap.')
    );
    const shown = displayed
      .filter((type) => type.isDisplayed)
      .map((type) => type.uid)
      .sort();
    expect(shown).toEqual(['plugin::grupozap.advertiser', 'plugin::grupozap.lead', 'plugin::grupozap.listing']);
  });
});

describe('a Super Admin in the Content Manager', () => {
  it('cannot create a lead: a lead made there with the portal’s future id would swallow the real one', async () => {
    const futureId = `future-${Date.now()}`;
    const res = await admin.post(`${CM}/${LEAD}`, { originLeadId: futureId, name: 'Invented', leadStatus: 'new' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([expect.objectContaining({ path: ['originLeadId'] })]);
    expect(await leadsWithOriginId(app.strapi, futureId)).toHaveLength(0);

    // the portal's real lead with that id is stored as new
    const real = await deliver(freshLead('grupo-olx-current.json', { originLeadId: futureId, clientListingId: 'JDA-4821' }));
    expect(real.status).toBe(201);
    expect(await leadsWithOriginId(app.strapi, futureId)).toHaveLength(1);
  });

  it('cannot copy a lead either', async () => {
    const lead = await deliverLead();
    const res = await admin.post(`${CM}/${LEAD}/clone/${lead.documentId}`, { name: 'Copy' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors).toEqual([expect.objectContaining({ path: ['originLeadId'] })]);
  });

  it('cannot change the portal’s id, payload or deliveries of a lead; the field error names the field', async () => {
    const lead = await deliverLead();
    const stored = await app.strapi.db
      .query(LEAD)
      .findOne({ where: { documentId: lead.documentId }, populate: { deliveries: true } });
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['originLeadId', { originLeadId: `${lead.originLeadId}-x` }],
      ['payload', { payload: { ...stored.payload, name: 'Someone else' } }],
      ['deliveries', { deliveries: { connect: [], disconnect: [{ id: stored.deliveries[0].id }] } }],
      ['deliveries', { deliveries: [] }],
    ];
    for (const [field, change] of attempts) {
      const res = await admin.put(`${CM}/${LEAD}/${lead.documentId}`, { name: 'Renamed', ...change });
      expect({ field, status: res.status }).toEqual({ field, status: 400 });
      expect(res.body.error.details.errors).toEqual([expect.objectContaining({ path: [field] })]);
    }
    const after = await app.strapi.db
      .query(LEAD)
      .findOne({ where: { documentId: lead.documentId }, populate: { deliveries: true } });
    expect(after.originLeadId).toBe(lead.originLeadId);
    expect(after.payload).toEqual(stored.payload);
    expect(after.name).toBe(stored.name);
    expect(after.deliveries).toHaveLength(stored.deliveries.length);
  });

  it('saves a lead whose identity comes back unchanged, as the edit view sends it', async () => {
    const lead = await deliverLead();
    const stored = await app.strapi.db.query(LEAD).findOne({ where: { documentId: lead.documentId } });
    const res = await admin.put(`${CM}/${LEAD}/${lead.documentId}`, {
      originLeadId: stored.originLeadId,
      payload: JSON.parse(JSON.stringify(stored.payload)),
      deliveries: { connect: [], disconnect: [] },
      name: 'Carla Souza Lima',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ originLeadId: lead.originLeadId, name: 'Carla Souza Lima' });
  });

  it('sees the identity fields read-only in the edit view', async () => {
    const res = await admin.get(`/content-manager/content-types/${LEAD}/configuration`);
    expect(res.status).toBe(200);
    const { metadatas } = res.body.data.contentType;
    for (const field of ['originLeadId', 'payload', 'deliveries'])
      expect({ field, editable: metadatas[field].edit.editable }).toEqual({ field, editable: false });
    expect(metadatas.name.edit.editable).toBe(true);
  });
});

describe('after a restart (and an upgrade from a version whose roles had them)', () => {
  it('takes the Content Manager permissions back from the default roles, and only from them', async () => {
    const roles = app.strapi.service('admin::role');
    const editorRole = await roles.findOne({ code: 'strapi-editor' });
    const custom = await roles.create({ name: 'Lead auditors', description: 'given leads in the Content Manager on purpose' });
    const grants = [LEAD, 'plugin::grupozap.delivery'].flatMap((subject) =>
      CM_ACTIONS.map((action) => ({ action, subject, conditions: [] }))
    );
    await roles.addPermissions(editorRole.id, grants);
    await roles.addPermissions(custom.id, [{ action: 'plugin::content-manager.explorer.read', subject: LEAD, conditions: [] }]);
    expect((await cmGrantsOf('strapi-editor', [LEAD])).length).toBeGreaterThan(0);

    app = await restartTestApp(app);

    expect(await cmGrantsOf('strapi-editor', [LEAD, ...PLUGIN_RECORDS])).toEqual([]);
    expect(await cmGrantsOf('strapi-author', [LEAD, ...PLUGIN_RECORDS])).toEqual([]);
    const kept = await app.strapi.db.query('admin::permission').count({ where: { role: { id: custom.id }, subject: LEAD } });
    expect(kept).toBe(1);

    const lead = await deliverLead();
    await expectNoWayIn(await loginAs(app.strapi, 'strapi-editor', 'editor-after-restart'), lead);
    await expectNoWayIn(await loginAs(app.strapi, 'strapi-author', 'author-after-restart'), lead);
  });
});
