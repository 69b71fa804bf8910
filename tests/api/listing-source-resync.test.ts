import { randomBytes } from 'node:crypto';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, createListing, type SeededAdvertiser } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/strapi';

/** The property mirror from Settings → Grupo ZAP: its mapping, and the full resync with its counts. */
const IMOVEL = 'api::imovel.imovel';
const LISTING = 'plugin::grupozap.listing';

let app: TestApp;
let admin: AdminSession;
let jardim: SeededAdvertiser;

const imoveis = () => app.strapi.documents(IMOVEL as never);
const properties = () => app.strapi.db.query(IMOVEL as never);
const listingOf = (sourceDocumentId: string) => app.strapi.db.query(LISTING).findOne({ where: { sourceDocumentId } });

const fields = (codigo: string, titulo: string) => ({
  codigo,
  titulo,
  finalidade: 'rent',
  tipo: 'residential_apartment',
  precoAluguel: 2500,
  bairro: 'Espinheiro',
  cidade: 'Recife',
  uf: 'PE',
  anunciante: 'jardim',
});

/** Through the Document Service: the mirror follows at once. */
const published = async (codigo: string, titulo: string) => {
  const created = (await imoveis().create({ data: fields(codigo, titulo) } as never)) as { documentId: string };
  await imoveis().publish({ documentId: created.documentId } as never);
  return created.documentId;
};

/** Behind the Document Service's back (an import with the Query Engine): a draft and a published row, no mirror. */
const imported = async (data: Record<string, unknown>) => {
  const documentId = randomBytes(12).toString('hex');
  const now = new Date();
  await properties().create({ data: { ...data, documentId, publishedAt: null } });
  await properties().create({ data: { ...data, documentId, publishedAt: now } });
  return documentId;
};

/** A user of a custom role, logged in (loginAs only knows Strapi's default roles). */
const loginAsRole = async (permissions: string[], name: string) => {
  const roles = app.strapi.service('admin::role');
  const role = await roles.create({ name, description: name });
  await roles.assignPermissions(
    role.id,
    permissions.map((action) => ({ action, subject: null, conditions: [] }))
  );
  const email = `${name}@example.com`;
  const password = 'Test-Password-1234';
  await app.strapi
    .service('admin::user')
    .create({ email, firstname: name, lastname: 'Test', password, isActive: true, roles: [role.id] });
  const login = await app.http().post('/admin/login').send({ email, password });
  expect(login.status).toBe(200);
  const token = `Bearer ${login.body.data.token}`;
  return {
    get: (path: string) => app.http().get(path).set('Authorization', token),
    post: (path: string) => app.http().post(path).set('Authorization', token).send({}),
  };
};

/** POST …/resync (202: started in the background), then GET /grupozap/listing-source until the run is done. */
const resyncAndWait = async (session: AdminSession = admin) => {
  const started = await session.post('/grupozap/listing-source/resync');
  expect(started.status).toBe(202);
  expect(started.body.data).toMatchObject({ state: 'running', finishedAt: null, result: null });
  for (;;) {
    const view = await session.get('/grupozap/listing-source');
    const run = view.body.data.resync;
    expect(run.startedAt).toBe(started.body.data.startedAt);
    if (run.state !== 'running') return run;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  jardim = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
});

afterAll(async () => {
  await app?.stop();
});

describe('GET /grupozap/listing-source and POST /grupozap/listing-source/resync', () => {
  it('are refused without the plugin’s settings permissions (the resync needs update)', async () => {
    const editor = await loginAs(app.strapi, 'strapi-editor', 'editor');
    expect((await editor.get('/grupozap/listing-source')).status).toBe(403);
    expect((await editor.post('/grupozap/listing-source/resync')).status).toBe(403);

    const reader = await loginAsRole(['plugin::grupozap.settings.read'], 'settings-reader');
    expect((await reader.get('/grupozap/listing-source')).status).toBe(200);
    const refused = await reader.post('/grupozap/listing-source/resync');
    expect(refused.status).toBe(403);
    expect(refused.body.error.name).toBe('PolicyError');
  });

  it('shows the mapping as the playground configures it', async () => {
    const res = await admin.get('/grupozap/listing-source');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      configured: true,
      contentType: IMOVEL,
      displayName: 'Imóvel',
      mirrored: 0,
      active: 0,
      resync: null,
    });
    expect(res.body.data.fields).toEqual(
      expect.arrayContaining([
        { listingField: 'clientListingId', attribute: 'codigo' },
        { listingField: 'title', attribute: 'titulo' },
        { listingField: 'photos', attribute: 'fotos' },
      ])
    );
  });

  it('counts what it did after properties were changed directly in the database', async () => {
    const changed = await published('IMV-20', 'Apartamento no Espinheiro');
    const same = await published('IMV-21', 'Apartamento nas Graças');
    const deleted = await published('IMV-22', 'Apartamento em Casa Forte');
    const draft = (await imoveis().create({ data: fields('IMV-23', 'Rascunho em Apipucos') } as never)) as { documentId: string };
    const typedByHand = await createListing(app.strapi, {
      clientListingId: 'IMV-30',
      advertiser: jardim.documentId,
      title: 'Digitado antes do mapeamento',
    });
    const recoded = await published('IMV-40', 'Apartamento que muda de código');
    await createListing(app.strapi, { clientListingId: 'IMV-31', advertiser: jardim.documentId, title: 'Outro digitado à mão' });
    const deletedListing = await listingOf(deleted);
    expect(deletedListing).toMatchObject({ active: true });

    // behind the Document Service's back: no middleware, so no mirror
    await properties().updateMany({
      where: { documentId: changed, publishedAt: { $notNull: true } },
      data: { titulo: 'Apartamento reformado no Espinheiro' },
    });
    await properties().deleteMany({ where: { documentId: deleted } });
    // its code becomes a hand-typed Listing's: it keeps its own Listing rather than share the code
    await properties().updateMany({ where: { documentId: recoded }, data: { codigo: 'IMV-31' } });
    const added = await imported(fields('IMV-24', 'Apartamento importado na Torre'));
    const unknownAdvertiser = await imported({ ...fields('IMV-25', 'Anunciante desconhecido'), anunciante: 'ninguem' });
    const noCode = await imported(fields('', 'Sem código de anúncio'));
    const duplicate = await imported(fields('IMV-21', 'Mesmo código que outro'));
    const adopting = await imported(fields('IMV-30', 'O imóvel do anúncio digitado'));

    const run = await resyncAndWait();
    expect(run).toMatchObject({ state: 'done', error: null });
    expect(Date.parse(run.finishedAt)).toBeGreaterThanOrEqual(Date.parse(run.startedAt));
    expect(run.result).toMatchObject({
      properties: 9,
      created: 1,
      updated: 2,
      unchanged: 1,
      deactivated: 1,
      skipped: 5,
      skippedByReason: { NOT_PUBLISHED: 1, UNKNOWN_ADVERTISER: 1, NO_LISTING_ID: 1, DUPLICATE_LISTING_ID: 2 },
      mirrored: 5,
    });
    expect(run.result.skippedFirst).toEqual(
      expect.arrayContaining([
        { documentId: draft.documentId, clientListingId: 'IMV-23', reason: 'NOT_PUBLISHED' },
        { documentId: unknownAdvertiser, clientListingId: 'IMV-25', reason: 'UNKNOWN_ADVERTISER' },
        { documentId: noCode, clientListingId: null, reason: 'NO_LISTING_ID' },
        { documentId: duplicate, clientListingId: 'IMV-21', reason: 'DUPLICATE_LISTING_ID' },
        { documentId: recoded, clientListingId: 'IMV-31', reason: 'DUPLICATE_LISTING_ID' },
      ])
    );

    expect(await listingOf(changed)).toMatchObject({ title: 'Apartamento reformado no Espinheiro', active: true });
    expect(await listingOf(same)).toMatchObject({ title: 'Apartamento nas Graças' });
    expect(await listingOf(added)).toMatchObject({ clientListingId: 'IMV-24', active: true });
    expect(await app.strapi.db.query(LISTING).findOne({ where: { id: deletedListing.id } })).toMatchObject({ active: false });
    // the Listing typed by hand with the property's code is adopted, not duplicated: its leads stay linked
    expect(await listingOf(adopting)).toMatchObject({ id: typedByHand.id, title: 'O imóvel do anúncio digitado' });
    expect(await app.strapi.db.query(LISTING).count({ where: { clientListingId: 'IMV-21' } })).toBe(1);
    expect(await listingOf(unknownAdvertiser)).toBeNull();
    expect(await listingOf(recoded)).toMatchObject({ clientListingId: 'IMV-40', active: false });

    // a second run finds everything in step
    const again = await resyncAndWait();
    expect(again.result).toMatchObject({ properties: 9, created: 0, updated: 0, unchanged: 4, deactivated: 0, skipped: 5 });

    const view = await admin.get('/grupozap/listing-source');
    // the deleted property's Listing still remembers it; the recoded one is inactive
    expect(view.body.data).toMatchObject({ mirrored: 6, active: 4 });
  });
});

describe('a resync in the background', () => {
  it('runs one at a time: a second start while one runs gives that run, and each property keeps one Listing', async () => {
    for (let i = 0; i < 40; i += 1) await imported(fields(`BULK-${i}`, `Apartamento importado número ${i}`));
    const [first, second] = await Promise.all([
      admin.post('/grupozap/listing-source/resync'),
      admin.post('/grupozap/listing-source/resync'),
    ]);
    expect([first.status, second.status]).toEqual([202, 202]);
    expect(second.body.data.startedAt).toBe(first.body.data.startedAt);
    await app.strapi.plugin('grupozap').service('listing-source').idle();
    const view = await admin.get('/grupozap/listing-source');
    expect(view.body.data.resync).toMatchObject({ state: 'done', startedAt: first.body.data.startedAt });
    expect(view.body.data.resync.result.created).toBe(40);
    const codes = (await app.strapi.db.query(LISTING).findMany({ where: { clientListingId: { $startsWith: 'BULK-' } } })).map(
      (listing: { clientListingId: string }) => listing.clientListingId
    );
    expect(codes).toHaveLength(40);
    expect(new Set(codes).size).toBe(40);
  });

  it('gives a property one Listing when two syncs of it run at once (the unique index decides, the loser syncs again)', async () => {
    const mirror = app.strapi.plugin('grupozap').service('listing-source');
    const racing = await imported(fields('RACE-1', 'Apartamento sincronizado duas vezes'));
    const outcomes = await Promise.all([mirror.sync(racing), mirror.sync(racing), mirror.sync(racing)]);
    expect(outcomes.filter((outcome: { result: string }) => outcome.result === 'created')).toHaveLength(1);
    expect(await app.strapi.db.query(LISTING).count({ where: { sourceDocumentId: racing } })).toBe(1);
  });

  it('says when a run failed, and the next one starts afresh', async () => {
    const mirror = app.strapi.plugin('grupozap').service('listing-source');
    const resync = mirror.resync;
    mirror.resync = async () => {
      throw new Error('the database went away');
    };
    try {
      await admin.post('/grupozap/listing-source/resync');
      await mirror.idle();
      expect((await admin.get('/grupozap/listing-source')).body.data.resync).toMatchObject({
        state: 'failed',
        error: 'the database went away',
        result: null,
      });
    } finally {
      mirror.resync = resync;
    }
    expect(await resyncAndWait()).toMatchObject({ state: 'done', error: null });
  });
});
