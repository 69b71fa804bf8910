import { openBrowser, savePublicUrlOfItself, startAdminApp, type AdminApp, type OpenBrowser } from './helpers';

const ADVERTISER_API = '/content-manager/collection-types/plugin::grupozap.advertiser';
const IMOVEL_API = '/content-manager/collection-types/api::imovel.imovel';
const LISTING_API = '/content-manager/collection-types/plugin::grupozap.listing';

/** A property of the playground's own content type (mapped by listingSource), as the Content Manager saves it. */
const property = (codigo: string, titulo: string, precoVenda: number | null, photoId: number) => ({
  codigo,
  titulo,
  descricao: `${titulo}: três quartos, varanda e vista.`,
  finalidade: 'sale',
  tipo: 'residential_apartment',
  precoVenda,
  bairro: 'Boa Viagem',
  cidade: 'Recife',
  uf: 'PE',
  anunciante: 'jardim',
  fotos: [photoId],
});

/** A 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64'
);

describe('the property mirror and the listing feed in the admin', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  let mirrored: { propertyId: string; listingId: string };
  let photoId: number | null = null;

  const createProperty = async (data: Record<string, unknown>, publish: boolean) => {
    const created = await app.api('POST', IMOVEL_API, data);
    expect(created.status).toBe(201);
    const documentId: string = created.body.data.documentId;
    if (publish) expect((await app.api('POST', `${IMOVEL_API}/${documentId}/actions/publish`, {})).status).toBe(200);
    return documentId;
  };

  beforeAll(async () => {
    app = await startAdminApp();
    browser = await openBrowser();
    const jardim = await app.api('POST', ADVERTISER_API, {
      name: 'Jardim Imóveis',
      slug: 'jardim',
      document: '11222333000181',
      email: 'contato@jardim.example',
      active: true,
    });
    expect(jardim.status).toBe(201);
    expect((await savePublicUrlOfItself(app)).status).toBe(200);

    // a photo through the admin's upload route, as the media library sends it
    const form = new FormData();
    form.append('files', new Blob([PNG], { type: 'image/png' }), 'fachada.png');
    const uploaded = await fetch(`${app.url}/upload`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${app.adminToken}` },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const [photo] = (await uploaded.json()) as { id: number }[];
    photoId = photo.id;

    const propertyId = await createProperty(property('IMV-100', 'Apartamento vista mar em Boa Viagem', 890000, photo.id), true);
    // no price: mirrored, but left out of the feed
    await createProperty(property('IMV-101', 'Apartamento sem preço em Boa Viagem', null, photo.id), true);
    // a draft only: the resync skips it
    await createProperty(property('IMV-102', 'Rascunho de apartamento em Boa Viagem', 500000, photo.id), false);
    const listings = await app.api('GET', `${LISTING_API}?filters[clientListingId][$eq]=IMV-100`);
    expect(listings.body.results).toHaveLength(1);
    mirrored = { propertyId, listingId: listings.body.results[0].documentId };
  });

  afterAll(async () => {
    await browser?.close();
    // the upload provider wrote the file into the playground's public/uploads
    if (photoId !== null) await app.api('DELETE', `/upload/files/${photoId}`);
    await app?.stop();
  });

  it('shows the mapping in Settings → Grupo ZAP, and resyncs with the counts', async () => {
    const { page } = browser;
    await app.login(page);
    await page.goto(`${app.url}/admin/settings/grupozap`);
    const section = page.getByTestId('listing-source');
    await section.waitFor();
    await section.getByText('Property content type: Imóvel (api::imovel.imovel)').waitFor();
    const mapping = section.getByTestId('listing-source-fields');
    expect(await mapping.textContent()).toContain('clientListingId← codigo');
    expect(await mapping.textContent()).toContain('photos← fotos');
    expect(await section.getByTestId('listing-source-counts').textContent()).toBe(
      '2 listings mirror a property, 2 of them active.'
    );

    await section.getByRole('button', { name: 'Resync now' }).click();
    const result = page.getByTestId('resync-result');
    await result.waitFor();
    expect(await result.textContent()).toBe(
      '3 properties read: 0 created, 0 updated, 2 already in step, 0 made inactive, 1 skipped. not published: 1.'
    );
  });

  it('shows a mirrored Listing’s property in its edit view, and the server’s refusal of a mirrored field', async () => {
    const { page } = browser;
    await page.goto(`${app.url}/admin${LISTING_API}/${mirrored.listingId}`);
    const panel = page.getByRole('complementary').filter({ hasText: 'Mirrored property' });
    await panel.waitFor();
    await panel.getByText('This listing mirrors the property “Apartamento vista mar em Boa Viagem”').waitFor();
    expect(await panel.getByRole('link', { name: 'Open the property' }).getAttribute('href')).toBe(
      `/admin${IMOVEL_API}/${mirrored.propertyId}`
    );

    const title = page.getByRole('textbox', { name: 'title' });
    await title.fill('Título trocado à mão no anúncio');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText(/edit the property instead/)
      .first()
      .waitFor();
    const stored = await app.api('GET', `${LISTING_API}/${mirrored.listingId}`);
    expect(stored.body.data.title).toBe('Apartamento vista mar em Boa Viagem');
  });

  it('shows the advertiser’s feed: its URL with a copy button (again after a reload: kept encrypted), the counts and what is left out', async () => {
    const { page } = browser;
    const advertisers = await app.api('GET', `${ADVERTISER_API}?filters[slug][$eq]=jardim`);
    await page.goto(`${app.url}/admin${ADVERTISER_API}/${advertisers.body.results[0].documentId}`);
    const panel = page.getByRole('complementary').filter({ hasText: 'Grupo ZAP listing feed' });
    await panel.waitFor();
    await panel.getByText('No feed yet').waitFor();
    expect(await panel.getByTestId('feed-counts').textContent()).toBe('1 listings in the feed, 1 left out');
    await panel.getByText('IMV-101: missing price').waitFor();

    await panel.getByRole('button', { name: 'Make the feed URL' }).click();
    const shown = panel.getByTestId('feed-url');
    await shown.waitFor();
    const url = (await shown.textContent()) ?? '';
    expect(url).toMatch(new RegExp(`^${app.url}/api/grupozap/feeds/jardim/vrsync\\.xml\\?token=[A-Za-z0-9_-]{43}$`));
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await panel.getByRole('button', { name: 'Copy the feed URL' }).click();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(url);

    const feed = await fetch(url);
    expect(feed.status).toBe(200);
    const xml = await feed.text();
    expect([...xml.matchAll(/<ListingID>([^<]*)<\/ListingID>/g)].map((match) => match[1])).toEqual(['IMV-100']);

    // the playground has an encryption key (admin.secrets.encryptionKey): the token is kept and shown again
    await page.reload();
    await panel.getByText('kept encrypted: it is shown here whenever you come back', { exact: false }).waitFor();
    expect(await panel.getByTestId('feed-url').textContent()).toBe(url);
  });
});

describe('Settings → Grupo ZAP without a property mapping', () => {
  let app: AdminApp;
  let browser: OpenBrowser;

  beforeAll(async () => {
    app = await startAdminApp({ env: { GRUPOZAP_LISTING_SOURCE: 'none' } });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('says Listings are typed in the Content Manager, with a link to them', async () => {
    const { page } = browser;
    await app.login(page);
    await page.goto(`${app.url}/admin/settings/grupozap`);
    const none = page.getByTestId('listing-source-none');
    await none.waitFor();
    expect(await none.textContent()).toContain('Listings are typed in the Content Manager.');
    expect(await none.getByRole('link', { name: 'Open the listings' }).getAttribute('href')).toBe(`/admin${LISTING_API}`);
    expect(await page.getByRole('button', { name: 'Resync now' }).count()).toBe(0);
  });
});
