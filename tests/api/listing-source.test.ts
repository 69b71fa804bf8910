import { loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, type SeededAdvertiser } from '../helpers/seed';
import { freshLead } from '../helpers/fixtures';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

let app: TestApp;
let admin: AdminSession;
let jardim: SeededAdvertiser;
let photoId: number;

const IMOVEL = 'api::imovel.imovel';
const LISTING = 'plugin::grupozap.listing';
const PUBLIC_URL = 'https://crm.example.com';

const imoveis = () => app.strapi.documents(IMOVEL as never);
const listingOf = (documentId: string) =>
  app.strapi.db.query(LISTING).findOne({ where: { sourceDocumentId: documentId }, populate: { advertiser: true } });

const property = (codigo: string) => ({
  codigo,
  titulo: 'Cobertura duplex com terraço',
  descricao: 'Vista para o mar',
  finalidade: 'sale',
  tipo: 'residential_penthouse',
  precoVenda: 1200000,
  area: 180,
  quartos: 3,
  bairro: 'Boa Viagem',
  cidade: 'Recife',
  uf: 'PE',
  anunciante: 'jardim',
  fotos: [photoId],
});

const feedIds = async (token: string) => {
  const res = await app
    .http()
    .get(`/api/grupozap/feeds/jardim/vrsync.xml?token=${token}`)
    .buffer(true)
    .parse((response, done) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      response.on('end', () => done(null, text));
    });
  expect(res.status).toBe(200);
  return [...(res.body as string).matchAll(/<ListingID>([^<]*)<\/ListingID>/g)].map((match) => match[1]);
};

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  const settings = {
    username: 'vivareal',
    publicUrl: PUBLIC_URL,
    urlForm: 'path',
    zonelessTimezone: 'America/Sao_Paulo',
    allowedIps: [],
  };
  expect((await admin.put('/grupozap/settings', settings)).status).toBe(200);
  jardim = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  const photo = await app.strapi.db.query('plugin::upload.file').create({
    data: {
      name: 'frente.jpg',
      hash: 'frente_abc',
      ext: '.jpg',
      mime: 'image/jpeg',
      size: 10,
      url: '/uploads/frente_abc.jpg',
      provider: 'local',
    },
  });
  photoId = photo.id;
});

afterAll(async () => {
  await app?.stop();
});

describe('the app’s property content type mirrored into Listing (listingSource)', () => {
  it('makes a Listing when a property is published, and keeps it in step', async () => {
    const draft = (await imoveis().create({ data: property('IMV-1') } as never)) as { documentId: string };
    expect(await listingOf(draft.documentId)).toBeNull();

    await imoveis().publish({ documentId: draft.documentId } as never);
    const listing = await listingOf(draft.documentId);
    expect(listing).toMatchObject({
      clientListingId: 'IMV-1',
      title: 'Cobertura duplex com terraço',
      transactionType: 'sale',
      propertyType: 'residential_penthouse',
      city: 'Recife',
      state: 'PE',
      active: true,
      photoUrls: ['/uploads/frente_abc.jpg'],
      advertiser: { id: jardim.id },
    });

    const { token } = (await admin.post(`/grupozap/advertisers/${jardim.documentId}/feed/token`)).body.data;
    expect(await feedIds(token)).toEqual(['IMV-1']);

    // an edit shows once published, as the portal only sees published properties
    await imoveis().update({ documentId: draft.documentId, data: { titulo: 'Cobertura duplex reformada' } } as never);
    expect((await listingOf(draft.documentId)).title).toBe('Cobertura duplex com terraço');
    await imoveis().publish({ documentId: draft.documentId } as never);
    expect((await listingOf(draft.documentId)).title).toBe('Cobertura duplex reformada');

    const health = await admin.get(`/grupozap/advertisers/${jardim.documentId}/feed`);
    expect(health.body.data).toMatchObject({ inFeed: 1, leftOutCount: 0 });

    await imoveis().unpublish({ documentId: draft.documentId } as never);
    expect(await listingOf(draft.documentId)).toMatchObject({ id: listing.id, active: false });
    expect(await feedIds(token)).toEqual([]);
  });

  it('links the leads of the property’s code, and keeps the Listing (inactive) when the property is deleted', async () => {
    // a lead for the property's code arrives before the property is published
    const lead = freshLead('grupo-olx-current.json', { clientListingId: 'IMV-2' });
    const posted = await app
      .http()
      .post('/api/grupozap/lead/jardim')
      .set('Authorization', `Basic ${Buffer.from(`vivareal:${TEST_SECRET}`).toString('base64')}`)
      .send(lead);
    expect(posted.status).toBeLessThan(300);
    const leadOf = () =>
      app.strapi.db
        .query('plugin::grupozap.lead')
        .findOne({ where: { originLeadId: lead.originLeadId }, populate: { listing: true } });
    expect((await leadOf()).listing).toBeNull();

    const created = (await imoveis().create({ data: { ...property('IMV-2'), ativo: false } } as never)) as { documentId: string };
    await imoveis().publish({ documentId: created.documentId } as never);
    expect(await listingOf(created.documentId)).toMatchObject({ clientListingId: 'IMV-2', active: false });

    await imoveis().update({ documentId: created.documentId, data: { ativo: true } } as never);
    await imoveis().publish({ documentId: created.documentId } as never);
    const listing = await listingOf(created.documentId);
    expect(listing.active).toBe(true);
    expect((await leadOf()).listing).toMatchObject({ id: listing.id });

    await imoveis().delete({ documentId: created.documentId } as never);
    expect(await listingOf(created.documentId)).toMatchObject({ id: listing.id, active: false });
  });

  it('resyncs every property on demand', async () => {
    const created = (await imoveis().create({ data: property('IMV-3') } as never)) as { documentId: string };
    await imoveis().publish({ documentId: created.documentId } as never);
    await app.strapi.db.query(LISTING).delete({ where: { sourceDocumentId: created.documentId } });
    expect(await listingOf(created.documentId)).toBeNull();
    const result = await app.strapi.plugin('grupozap').service('listing-source').resync();
    // IMV-1 was unpublished before (its Listing already inactive), IMV-2 deleted
    expect(result).toMatchObject({ properties: 2, created: 1, updated: 0, deactivated: 0, skipped: 1, mirrored: 2 });
    expect(await listingOf(created.documentId)).toMatchObject({ clientListingId: 'IMV-3', active: true });
  });
});
