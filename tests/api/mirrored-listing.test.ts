import { contentManagerEditBody, loginAs, type AdminSession } from '../helpers/admin-users';
import { createAdvertiser, createListing, type SeededAdvertiser } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/strapi';

/** A Listing that mirrors a property (listingSource), edited in the Content Manager as its edit view saves. */
const CM = '/content-manager/collection-types/plugin::grupozap.listing';
const IMOVEL = 'api::imovel.imovel';
const LISTING = 'plugin::grupozap.listing';
const RELATIONS = ['advertiser', 'responsibleAgent', 'leads'];
const SYSTEM = ['id', 'documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations'];

let app: TestApp;
let admin: AdminSession;
let jardim: SeededAdvertiser;
let praia: SeededAdvertiser;

const imoveis = () => app.strapi.documents(IMOVEL as never);
const stored = (documentId: string) =>
  app.strapi.db.query(LISTING).findOne({ where: { documentId }, populate: { advertiser: { select: ['id'] } } });

const publishedProperty = async (codigo: string, titulo: string) => {
  const created = (await imoveis().create({
    data: {
      codigo,
      titulo,
      finalidade: 'sale',
      tipo: 'residential_apartment',
      precoVenda: 450000.5,
      area: 72.25,
      quartos: 2,
      bairro: 'Boa Viagem',
      cidade: 'Recife',
      uf: 'PE',
      anunciante: 'jardim',
    },
  } as never)) as { documentId: string };
  await imoveis().publish({ documentId: created.documentId } as never);
  const listing = await app.strapi.db.query(LISTING).findOne({ where: { sourceDocumentId: created.documentId } });
  expect(listing).not.toBeNull();
  return { propertyId: created.documentId, listingId: listing.documentId as string };
};

/** What the edit view sends back when saved (tests/helpers/admin-users.ts). */
const editViewBody = (documentId: string, changes: Record<string, unknown>) =>
  contentManagerEditBody(admin, `${CM}/${documentId}`, { relations: RELATIONS, omit: SYSTEM }, changes);

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  jardim = await createAdvertiser(app.strapi, { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181' });
  praia = await createAdvertiser(app.strapi, { name: 'Praia Imóveis', slug: 'praia', document: '11444777000161' });
});

afterAll(async () => {
  await app?.stop();
});

describe('a Listing that mirrors a property', () => {
  it('refuses a hand edit of a mapped field, naming the property and the field', async () => {
    const { propertyId, listingId } = await publishedProperty('IMV-10', 'Apartamento em Boa Viagem');
    const res = await admin.put(
      `${CM}/${listingId}`,
      await editViewBody(listingId, { title: 'Apartamento reformado', bedrooms: 3 })
    );
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    expect(res.body.error.message).toContain('“Apartamento em Boa Viagem”: edit the property instead');
    expect(res.body.error.details).toMatchObject({
      code: 'LISTING_MIRRORED',
      property: {
        contentType: IMOVEL,
        documentId: propertyId,
        title: 'Apartamento em Boa Viagem',
        editPath: `/content-manager/collection-types/${IMOVEL}/${propertyId}`,
      },
    });
    expect(res.body.error.details.errors.map((error: { path: string[] }) => error.path)).toEqual([['title'], ['bedrooms']]);
    expect(await stored(listingId)).toMatchObject({ title: 'Apartamento em Boa Viagem', bedrooms: 2 });

    // a change of advertiser is a mapped field too
    const moved = await admin.put(
      `${CM}/${listingId}`,
      await editViewBody(listingId, { advertiser: { connect: [{ id: praia.id }], disconnect: [{ id: jardim.id }] } })
    );
    expect(moved.status).toBe(400);
    expect(moved.body.error.details.errors).toEqual([expect.objectContaining({ path: ['advertiser'] })]);
    expect((await stored(listingId)).advertiser).toEqual({ id: jardim.id });
  });

  it('saves the edit view unchanged and the fields the mapping leaves out; the mirror keeps writing', async () => {
    const { propertyId, listingId } = await publishedProperty('IMV-11', 'Casa com quintal no Pina');
    // the whole form as shown (decimals as the database answered them) plus unmapped fields
    const res = await admin.put(
      `${CM}/${listingId}`,
      await editViewBody(listingId, { lotArea: 300, latitude: -8.12, longitude: -34.9, features: ['Quintal', 'Churrasqueira'] })
    );
    expect(res.status).toBe(200);
    expect(await stored(listingId)).toMatchObject({ lotArea: 300, latitude: -8.12, features: ['Quintal', 'Churrasqueira'] });

    await imoveis().update({ documentId: propertyId, data: { titulo: 'Casa com quintal grande no Pina', quartos: 4 } } as never);
    await imoveis().publish({ documentId: propertyId } as never);
    expect(await stored(listingId)).toMatchObject({
      title: 'Casa com quintal grande no Pina',
      bedrooms: 4,
      lotArea: 300,
      features: ['Quintal', 'Churrasqueira'],
    });
  });

  it('refuses deleting or duplicating it while its property exists, then leaves it to the agency once the property is gone', async () => {
    const { propertyId, listingId } = await publishedProperty('IMV-12', 'Sala comercial no Recife Antigo');
    const refused = await admin.delete(`${CM}/${listingId}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.code).toBe('LISTING_MIRRORED');
    expect(await stored(listingId)).not.toBeNull();
    const bulk = await admin.post(`${CM}/actions/bulkDelete`, { documentIds: [listingId] });
    expect(bulk.status).toBe(400);
    expect(bulk.body.error.details.code).toBe('LISTING_MIRRORED');
    expect(await stored(listingId)).not.toBeNull();
    // the Content Manager's Duplicate would copy the property's link into a second Listing
    const cloned = await admin.post(`${CM}/clone/${listingId}`, await editViewBody(listingId, { clientListingId: 'IMV-12-B' }));
    expect(cloned.status).toBe(400);
    expect(cloned.body.error.details.code).toBe('LISTING_MIRRORED');
    expect(await app.strapi.db.query(LISTING).count({ where: { title: 'Sala comercial no Recife Antigo' } })).toBe(1);

    await imoveis().delete({ documentId: propertyId } as never);
    expect(await stored(listingId)).toMatchObject({ active: false });
    const edited = await admin.put(`${CM}/${listingId}`, await editViewBody(listingId, { title: 'Sala comercial (vendida)' }));
    expect(edited.status).toBe(200);
    expect((await admin.get(`/grupozap/listings/${listingId}/mirror`)).body.data).toEqual({ property: null, guardedFields: [] });
  });

  it('tells the edit view which property a Listing mirrors; a Listing typed by hand is edited freely', async () => {
    const { propertyId, listingId } = await publishedProperty('IMV-13', 'Flat mobiliado em Piedade');
    const mirror = await admin.get(`/grupozap/listings/${listingId}/mirror`);
    expect(mirror.status).toBe(200);
    expect(mirror.body.data.property).toMatchObject({ documentId: propertyId, title: 'Flat mobiliado em Piedade' });
    expect(mirror.body.data.guardedFields).toEqual(expect.arrayContaining(['clientListingId', 'title', 'photoUrls', 'active']));
    expect(mirror.body.data.guardedFields).not.toContain('lotArea');

    const typed = await createListing(app.strapi, {
      clientListingId: 'JDA-1',
      advertiser: jardim.documentId,
      title: 'Casa digitada',
    });
    expect((await admin.get(`/grupozap/listings/${typed.documentId}/mirror`)).body.data.property).toBeNull();
    const res = await admin.put(
      `${CM}/${typed.documentId}`,
      await editViewBody(typed.documentId, { title: 'Casa digitada à mão' })
    );
    expect(res.status).toBe(200);
    expect((await admin.get('/grupozap/listings/nope/mirror')).status).toBe(404);

    // Strapi's Author role reads only the entries its user created: not the mirror's
    const author = await loginAs(app.strapi, 'strapi-author', 'mirror-author');
    expect((await author.get(`${CM}/${listingId}`)).status).toBe(403);
    expect((await author.get(`/grupozap/listings/${listingId}/mirror`)).status).toBe(403);
  });
});
