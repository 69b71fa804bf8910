import type { errors } from '@strapi/utils';
import { createAdvertiser, createListing } from '../helpers/seed';
import { startTestApp, type TestApp, strapiErrors } from '../helpers/strapi';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

const fieldErrorOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(strapiErrors.ValidationError);
    const details = (error as errors.ValidationError).details as { errors: { path: string[]; message: string }[] };
    return details.errors[0];
  }
  throw new Error('expected a validation error');
};

describe('advertiser document (CPF/CNPJ)', () => {
  it('stores a masked CNPJ unmasked, and a lower-case alphanumeric CNPJ in upper case', async () => {
    const numeric = await createAdvertiser(app.strapi, { name: 'Numérica', slug: 'numerica', document: '11.444.777/0001-61' });
    const alpha = await createAdvertiser(app.strapi, { name: 'Alfa', slug: 'Alfa-Imoveis', document: '12.abc.345/01de-35' });
    const stored = await app.strapi.db.query('plugin::grupozap.advertiser').findMany({
      where: { id: { $in: [numeric.id, alpha.id] } },
      orderBy: { id: 'asc' },
    });
    expect(stored.map((row: { document: string }) => row.document)).toEqual(['11444777000161', '12ABC34501DE35']);
    expect(stored[1].slug).toBe('alfa-imoveis');
  });

  it('accepts a valid CPF', async () => {
    const person = await createAdvertiser(app.strapi, { name: 'Corretora Ana', slug: 'ana', document: '529.982.247-25' });
    expect((await app.strapi.db.query('plugin::grupozap.advertiser').findOne({ where: { id: person.id } })).document).toBe(
      '52998224725'
    );
  });

  it.each(['11222333000182', '12ABC34501DE36', '52998224724', '11111111111', '123', 'not a document'])(
    'refuses %s with a message on the document field',
    async (document) => {
      const error = await fieldErrorOf(createAdvertiser(app.strapi, { name: 'Bad', slug: `bad-${document.length}`, document }));
      expect(error.path).toEqual(['document']);
      expect(error.message).toMatch(/CPF or CNPJ/);
    }
  );

  it('refuses a document another advertiser has, however it is masked', async () => {
    await createAdvertiser(app.strapi, { name: 'First', slug: 'first', document: '11222333000181' });
    const error = await fieldErrorOf(
      createAdvertiser(app.strapi, { name: 'Second', slug: 'second', document: '11.222.333/0001-81' })
    );
    expect(error).toMatchObject({ path: ['document'] });
    expect(error.message).toMatch(/already/);
  });
});

describe('listings', () => {
  it('refuses a second listing with the same code for one advertiser, and allows it for another', async () => {
    const one = await createAdvertiser(app.strapi, { name: 'One', slug: 'one', document: '11.111.111/0001-91' }).catch(async () =>
      createAdvertiser(app.strapi, { name: 'One', slug: 'one', document: '04.252.011/0001-10' })
    );
    const two = await createAdvertiser(app.strapi, { name: 'Two', slug: 'two', document: '33.000.167/0001-01' });
    await createListing(app.strapi, { clientListingId: 'SAME-1', advertiser: one.documentId });
    const error = await fieldErrorOf(createListing(app.strapi, { clientListingId: 'SAME-1', advertiser: one.documentId }));
    expect(error.path).toEqual(['clientListingId']);
    await expect(createListing(app.strapi, { clientListingId: 'SAME-1', advertiser: two.documentId })).resolves.toBeTruthy();
    const count = await app.strapi.db.query('plugin::grupozap.listing').count({ where: { clientListingId: 'SAME-1' } });
    expect(count).toBe(2);
  });
});
