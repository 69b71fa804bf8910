import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, type SeededAdvertiser } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/strapi';

let app: TestApp;
let admin: AdminSession;
let editor: AdminSession;
let author: AdminSession;
let jardim: SeededAdvertiser;

const MODEL = 'plugin::grupozap.advertiser';
const SETTINGS = {
  username: 'vivareal',
  publicUrl: 'https://crm.example.com',
  urlForm: 'path',
  zonelessTimezone: 'America/Sao_Paulo',
  allowedIps: [] as string[],
};

const urlOf = (documentId: string) => `/grupozap/advertisers/${documentId}/integration-url`;
const cmOf = (documentId: string) => `/content-manager/collection-types/${MODEL}/${documentId}`;

beforeAll(async () => {
  app = await startTestApp();
  jardim = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'Jardim', document: '11222333000181' });
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  editor = await loginAs(app.strapi, 'strapi-editor', 'editor');
  author = await loginAs(app.strapi, 'strapi-author', 'author');
});

afterAll(async () => {
  await app?.stop();
});

describe('GET /grupozap/advertisers/:documentId/integration-url', () => {
  it('says why there is no URL while no public URL is configured', async () => {
    const res = await admin.get(urlOf(jardim.documentId));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      documentId: jardim.documentId,
      slug: 'jardim',
      active: true,
      url: null,
      problem: expect.stringMatching(/public URL/),
      formerKeys: [],
    });
  });

  it('gives the URL of the settings’ URL form, as the service builds it', async () => {
    expect((await admin.put('/grupozap/settings', SETTINGS)).status).toBe(200);
    const path = await admin.get(urlOf(jardim.documentId));
    expect(path.body.data).toMatchObject({ url: 'https://crm.example.com/api/grupozap/lead/jardim', problem: null });
    const service = app.strapi.plugin('grupozap').service('advertisers');
    expect(path.body.data.url).toBe(await service.integrationUrl('jardim'));

    expect((await admin.put('/grupozap/settings', { ...SETTINGS, urlForm: 'single' })).status).toBe(200);
    const single = await admin.get(urlOf(jardim.documentId));
    expect(single.body.data.url).toBe('https://crm.example.com/api/grupozap/lead');
    expect((await admin.put('/grupozap/settings', SETTINGS)).status).toBe(200);
  });

  it('lists the former slugs, whose URLs still answer, most recently left first', async () => {
    const moved = await createAdvertiser(app.strapi, { name: 'Mudou', slug: 'mudou', document: '28.473.474/8166-17' });
    const documents = app.strapi.documents(MODEL as never);
    await documents.update({ documentId: moved.documentId, data: { slug: 'mudou-2' } } as never);
    await documents.update({ documentId: moved.documentId, data: { slug: 'Mudou-3' } } as never);
    const res = await admin.get(urlOf(moved.documentId));
    expect(res.body.data).toMatchObject({ slug: 'mudou-3', url: 'https://crm.example.com/api/grupozap/lead/mudou-3' });
    expect(res.body.data.formerKeys).toEqual([
      { slug: 'mudou-2', url: 'https://crm.example.com/api/grupozap/lead/mudou-2', retiredAt: expect.any(String) },
      { slug: 'mudou', url: 'https://crm.example.com/api/grupozap/lead/mudou', retiredAt: expect.any(String) },
    ]);
    expect((await admin.get(urlOf(jardim.documentId))).body.data.formerKeys).toEqual([]);
  });

  it('tells an inactive advertiser apart', async () => {
    const closed = await createAdvertiser(app.strapi, {
      name: 'Fechada',
      slug: 'fechada',
      document: '52998224725',
      active: false,
    });
    const res = await admin.get(urlOf(closed.documentId));
    expect(res.body.data).toMatchObject({ active: false, url: 'https://crm.example.com/api/grupozap/lead/fechada' });
  });

  it('answers 404 for an unknown advertiser, 401 without a session', async () => {
    expect((await admin.get(urlOf('no-such-document'))).status).toBe(404);
    expect((await app.http().get(urlOf(jardim.documentId))).status).toBe(401);
  });

  it('is shown to whoever the Content Manager shows the advertiser to, and to nobody else', async () => {
    for (const user of [admin, editor, author]) {
      const cm = await user.get(cmOf(jardim.documentId));
      const ours = await user.get(urlOf(jardim.documentId));
      expect({ email: user.email, status: ours.status }).toEqual({ email: user.email, status: cm.status });
    }
    // Strapi's default roles: Editors read every entry, Authors only those they created
    expect((await editor.get(urlOf(jardim.documentId))).status).toBe(200);
    expect((await author.get(urlOf(jardim.documentId))).status).toBe(403);

    const created = await author.post(`/content-manager/collection-types/${MODEL}`, {
      name: 'Casa da Autora',
      slug: 'casa-da-autora',
      document: '04252011000110',
      active: true,
    });
    expect(created.status).toBe(201);
    const own = await author.get(urlOf(created.body.data.documentId));
    expect(own.status).toBe(200);
    expect(own.body.data.url).toBe('https://crm.example.com/api/grupozap/lead/casa-da-autora');
  });

  it('is refused to a role that cannot read advertisers in the Content Manager', async () => {
    const roleService = app.strapi.service('admin::role');
    const role = await roleService.create({ name: 'Leads only', description: 'Grupo ZAP leads, no Content Manager' });
    await roleService.assignPermissions(role.id, [{ action: 'plugin::grupozap.leads.read', subject: null, conditions: [] }]);
    const user = await loginAsRole(role.id, 'leadsonly');
    expect((await user.get(cmOf(jardim.documentId))).status).toBe(403);
    expect((await user.get(urlOf(jardim.documentId))).status).toBe(403);
  });

  it('is refused to a role that may read advertisers but not their slug (the URL spells it out)', async () => {
    const roleService = app.strapi.service('admin::role');
    const role = await roleService.create({ name: 'Names only', description: 'Advertiser names, no slugs' });
    await roleService.assignPermissions(role.id, [
      { action: 'plugin::content-manager.explorer.read', subject: MODEL, properties: { fields: ['name'] }, conditions: [] },
    ]);
    const user = await loginAsRole(role.id, 'namesonly');
    const cm = await user.get(cmOf(jardim.documentId));
    expect(cm.status).toBe(200);
    expect(cm.body.data.slug).toBeUndefined();
    expect((await user.get(urlOf(jardim.documentId))).status).toBe(403);
  });
});

/** A user of a custom role, logged in (loginAs only knows Strapi's default roles). */
const loginAsRole = async (roleId: number, name: string) => {
  const email = `${name}@example.com`;
  const password = 'Test-Password-1234';
  await app.strapi
    .service('admin::user')
    .create({ email, firstname: name, lastname: 'Test', password, isActive: true, roles: [roleId] });
  const login = await app.http().post('/admin/login').send({ email, password });
  expect(login.status).toBe(200);
  const token = `Bearer ${login.body.data.token}`;
  return { get: (path: string) => app.http().get(path).set('Authorization', token) };
};
