import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import { loginAs, type AdminSession } from '../helpers/admin-users';
import { insertListings, validListing } from '../helpers/feed-listings';
import { createAdvertiser, type SeededAdvertiser } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/strapi';
import { orderProblems } from '../helpers/vrsync-order';

let app: TestApp;
let admin: AdminSession;
let jardim: SeededAdvertiser;
let token: string;

const LISTING = 'plugin::grupozap.listing';
const PUBLIC_URL = 'https://crm.example.com';
const SETTINGS = {
  username: 'vivareal',
  publicUrl: PUBLIC_URL,
  urlForm: 'path',
  zonelessTimezone: 'America/Sao_Paulo',
  allowedIps: [],
};
const LARGE = 2_000;

const feedPath = (slug: string, feedToken?: string) =>
  `/api/grupozap/feeds/${slug}/vrsync.xml${feedToken === undefined ? '' : `?token=${encodeURIComponent(feedToken)}`}`;

interface FeedAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** The bytes as sent (supertest would gunzip them). */
  body: Buffer;
}

const fetchFeed = async (path: string, headers: Record<string, string> = {}): Promise<FeedAnswer> => {
  const base = new URL(await app.listen());
  return new Promise((resolve, reject) => {
    http
      .get({ host: base.hostname, port: base.port, path, headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) })
        );
        response.on('error', reject);
      })
      .on('error', reject);
  });
};

const xmllint = (xml: Buffer | string) => spawnSync('/usr/bin/xmllint', ['--noout', '-'], { input: xml });

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  cdataPropName: '#cdata',
  parseTagValue: false,
  isArray: (name) => ['Listing', 'Item', 'Feature'].includes(name),
});
const orderParser = new XMLParser({ preserveOrder: true, ignoreAttributes: true });

const createListing = (data: Record<string, unknown>) =>
  app.strapi.documents(LISTING as never).create({ data: { advertiser: jardim.documentId, ...data } } as never) as Promise<{
    documentId: string;
  }>;

/** What the parser gives for an element: its children by name (or its text, read with `text`). */
interface XmlNode {
  [name: string]: XmlNode;
}

const listingsOf = (xml: Buffer) => (parser.parse(xml.toString('utf8')).ListingDataFeed.Listings?.Listing ?? []) as XmlNode[];
/** An element's text, from a CDATA section (or several: `]]>` splits one), or plain. */
const text = (node: unknown): unknown => {
  if (typeof node !== 'object' || node === null) return node;
  const value = (node as Record<string, unknown>)['#cdata'] ?? (node as Record<string, unknown>)['#text'];
  return Array.isArray(value) ? value.join('') : value;
};

beforeAll(async () => {
  app = await startTestApp();
  admin = await loginAs(app.strapi, 'strapi-super-admin', 'super');
  expect((await admin.put('/grupozap/settings', SETTINGS)).status).toBe(200);
  jardim = await createAdvertiser(app.strapi, {
    name: 'Jardim Imóveis',
    slug: 'jardim',
    document: '11222333000181',
    email: 'feed@jardim.example',
  });
  const other = await createAdvertiser(app.strapi, { name: 'Outra', slug: 'outra', document: '52998224725' });

  await createListing(validListing('AP-100'));
  await createListing({
    ...validListing('AP-101'),
    transactionType: 'rent',
    salePrice: null,
    rentPrice: 4200.6,
    title: 'Casa térrea para alugar ]]> já',
  });
  await createListing({
    ...validListing('AP-102'),
    transactionType: 'sale_rent',
    rentPrice: 3100,
    state: 'Minas Gerais',
    city: 'Belo Horizonte',
  });
  await createListing({ ...validListing('OFF-1'), active: false });
  await createListing({ ...validListing('SHORT'), title: 'Curto' });
  await createListing({ ...validListing('NOPRICE'), salePrice: null });
  await createListing({ ...validListing('BADSTATE'), state: 'XX', photoUrls: [] });
  await createListing({ ...validListing('X'.repeat(51)) });
  await createListing({ ...validListing('NODESC'), description: '  ' });
  await app.strapi
    .documents(LISTING as never)
    .create({ data: { ...validListing('OTHER-1'), advertiser: other.documentId } } as never);

  const before = await admin.get(`/grupozap/advertisers/${jardim.documentId}/feed`);
  expect(before.body.data).toMatchObject({ hasToken: false, url: null, token: null });
  expect((await fetchFeed(feedPath('jardim', 'anything'))).status).toBe(404);
  const made = await admin.post(`/grupozap/advertisers/${jardim.documentId}/feed/token`);
  expect(made.status).toBe(200);
  token = made.body.data.token;
  expect(made.body.data.url).toBe(`${PUBLIC_URL}/api/grupozap/feeds/jardim/vrsync.xml?token=${token}`);
});

afterAll(async () => {
  await app?.stop();
});

describe('GET /api/grupozap/feeds/:advertiser/vrsync.xml', () => {
  it('answers 404 with a stable code to a missing or wrong token, an unknown or inactive advertiser', async () => {
    const closed = await createAdvertiser(app.strapi, {
      name: 'Fechada',
      slug: 'fechada',
      document: '45317828791',
      active: false,
    });
    const closedToken = await app.strapi.plugin('grupozap').service('listing-feed').regenerateToken(closed.id);
    for (const path of [
      feedPath('jardim'),
      feedPath('jardim', ''),
      feedPath('jardim', `${token}x`),
      feedPath('jardim', token.slice(0, -1)),
      feedPath('outra', token),
      feedPath('nobody', token),
      feedPath('fechada', closedToken),
    ]) {
      const res = await fetchFeed(path);
      expect([path, res.status]).toEqual([path, 404]);
      expect(JSON.parse(res.body.toString('utf8')).error).toMatchObject({ status: 404, details: { code: 'FEED_NOT_FOUND' } });
    }
    expect((await fetchFeed(feedPath('jardim', token))).status).toBe(200);
  });

  it('never answers 5xx to a hostile key or token', async () => {
    const paths = [
      `/api/grupozap/feeds/${'a'.repeat(5_000)}/vrsync.xml?token=${token}`,
      `/api/grupozap/feeds/jardim/vrsync.xml?token=${'t'.repeat(10_000)}`,
      `/api/grupozap/feeds/jardim/vrsync.xml?token=${token}&token=${token}`,
      `/api/grupozap/feeds/jardim/vrsync.xml?token[$ne]=x`,
      `/api/grupozap/feeds/%00/vrsync.xml?token=%00`,
      `/api/grupozap/feeds/JARDIM/vrsync.xml?token=${encodeURIComponent(token.toUpperCase())}`,
    ];
    for (const path of paths) {
      const res = await fetchFeed(path);
      expect([path.slice(0, 80), res.status]).toEqual([path.slice(0, 80), 404]);
    }
    // an accented spelling of the slug, with the right token: MariaDB's collation may match it
    expect((await fetchFeed(`/api/grupozap/feeds/j%C3%A1rdim/vrsync.xml?token=${token}`)).status).toBeLessThan(500);
    expect((await fetchFeed(`/api/grupozap/feeds/%F0%9F%8F%A0/vrsync.xml?token=${token}`)).status).toBe(404);
  });

  it('is well-formed UTF-8 XML (xmllint and a parser agree), with the valid active listings of this advertiser only', async () => {
    const res = await fetchFeed(feedPath('jardim', token));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    const xml = res.body;
    const lint = xmllint(xml);
    expect(lint.stderr.toString()).toBe('');
    expect(lint.status).toBe(0);

    const feed = parser.parse(xml.toString('utf8')).ListingDataFeed;
    expect(feed['@xmlns']).toBe('http://www.vivareal.com/schemas/1.0/VRSync');
    expect(text(feed.Header.Provider)).toBe('Jardim Imóveis');
    expect(feed.Header.Email).toBe('feed@jardim.example');
    expect(listingsOf(xml).map((listing) => listing.ListingID)).toEqual(['AP-100', 'AP-101', 'AP-102']);
  });

  it('writes the elements the documentation requires, in its order, with mapped values', async () => {
    const xml = (await fetchFeed(feedPath('jardim', token))).body;
    expect(orderProblems(xml.toString('utf8'))).toEqual([]);
    const ordered = orderParser.parse(xml.toString('utf8'));
    const root = ordered.find((node: Record<string, unknown>) => node.ListingDataFeed).ListingDataFeed;
    expect(root.map((node: Record<string, unknown>) => Object.keys(node)[0])).toEqual(['Header', 'Listings']);
    const listing = root[1].Listings[0].Listing;
    const names = (nodes: Record<string, unknown>[]) => nodes.map((node) => Object.keys(node)[0]);
    expect(names(listing)).toEqual(['ListingID', 'Title', 'TransactionType', 'Media', 'Details', 'Location', 'ContactInfo']);
    const child = (name: string) => listing.find((node: Record<string, unknown>) => node[name])[name];
    expect(names(child('Details'))).toEqual([
      'UsageType',
      'PropertyType',
      'Description',
      'ListPrice',
      'PropertyAdministrationFee',
      'Iptu',
      'LivingArea',
      'Bedrooms',
      'Bathrooms',
      'Suites',
      'Garage',
      'Features',
    ]);
    expect(names(child('Location'))).toEqual([
      'Country',
      'State',
      'City',
      'Neighborhood',
      'Address',
      'StreetNumber',
      'PostalCode',
      'Latitude',
      'Longitude',
    ]);

    const [sale, rent, both] = listingsOf(xml);
    expect(text(sale.Title)).toBe('Apartamento AP-100 com vista');
    expect(sale.TransactionType).toBe('For Sale');
    expect(sale.Details).toMatchObject({
      UsageType: 'Residential',
      PropertyType: 'Residential / Apartment',
      ListPrice: { '#text': '650000', '@currency': 'BRL' },
      PropertyAdministrationFee: { '#text': '900', '@currency': 'BRL' },
      Iptu: { '#text': '2400', '@currency': 'BRL', '@period': 'Yearly' },
      LivingArea: { '#text': '87', '@unit': 'square metres' },
      Bedrooms: '3',
      Garage: { '#text': '1', '@type': 'Parking Space' },
    });
    expect(text(sale.Details.Description)).toBe('Três quartos & varanda <gourmet>, perto do metrô.');
    expect((sale.Details.Features.Feature as unknown as XmlNode[]).map(text)).toEqual(['Piscina', 'Churrasqueira']);
    expect(sale.Details.RentalPrice).toBeUndefined();
    expect(sale.Media.Item).toEqual([
      { '#text': `${PUBLIC_URL}/uploads/AP-100-1.jpg`, '@medium': 'image', '@primary': 'true' },
      { '#text': 'https://cdn.example.com/AP-100/2.jpg?w=800&h=600', '@medium': 'image' },
    ]);
    expect(sale.Location).toMatchObject({
      '@displayAddress': 'All',
      Country: { '#text': 'Brasil', '@abbreviation': 'BR' },
      State: { '#text': 'São Paulo', '@abbreviation': 'SP' },
      PostalCode: '05435000',
      Latitude: '-23.5558',
    });
    expect(text(sale.Location.City)).toBe('São Paulo');
    expect(text(sale.ContactInfo.Name)).toBe('Jardim Imóveis');

    expect(rent.TransactionType).toBe('For Rent');
    expect(text(rent.Title)).toBe('Casa térrea para alugar ]]> já');
    expect(rent.Details.RentalPrice).toEqual({ '#text': '4201', '@currency': 'BRL', '@period': 'Monthly' });
    expect(rent.Details.ListPrice).toBeUndefined();
    expect(both.TransactionType).toBe('Sale/Rent');
    expect(both.Details.ListPrice['#text']).toBe('650000');
    expect(both.Details.RentalPrice['#text']).toBe('3100');
    expect(both.Location.State).toEqual({ '#text': 'Minas Gerais', '@abbreviation': 'MG' });
  });

  it('answers 304 to the current ETag, and a new ETag once a listing changes', async () => {
    const first = await fetchFeed(feedPath('jardim', token));
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(first.headers['last-modified'] ?? '').getTime()).not.toBeNaN();
    expect((await fetchFeed(feedPath('jardim', token), { 'If-None-Match': etag })).status).toBe(304);
    expect((await fetchFeed(feedPath('jardim', token), { 'If-None-Match': '"other"' })).status).toBe(200);

    // a second later, so Last-Modified (whole seconds) moves too
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const [edited] = (await app.strapi
      .documents(LISTING as never)
      .findMany({ filters: { clientListingId: 'AP-100' } } as never)) as { documentId: string }[];
    await app.strapi.documents(LISTING as never).update({ documentId: edited.documentId, data: { salePrice: 640000 } } as never);
    const changed = await fetchFeed(feedPath('jardim', token), { 'If-None-Match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(listingsOf(changed.body)[0].Details.ListPrice['#text']).toBe('640000');
  });

  it('gzips for a client that accepts it, and the bytes are the same feed', async () => {
    const plain = await fetchFeed(feedPath('jardim', token), { 'Accept-Encoding': 'identity' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await fetchFeed(feedPath('jardim', token), { 'Accept-Encoding': 'gzip, deflate' });
    expect(zipped.status).toBe(200);
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.vary).toMatch(/Accept-Encoding/);
    expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);
  });
});

describe('feed health and token (admin API)', () => {
  it('gives the feed URL, the count in the feed and every listing left out with why', async () => {
    const res = await admin.get(`/grupozap/advertisers/${jardim.documentId}/feed`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      documentId: jardim.documentId,
      hasToken: true,
      feedUrl: `${PUBLIC_URL}/api/grupozap/feeds/jardim/vrsync.xml`,
      url: `${PUBLIC_URL}/api/grupozap/feeds/jardim/vrsync.xml?token=${token}`,
      token,
      tokenKept: true,
      problem: null,
      emailMissing: false,
      inFeed: 3,
      leftOutCount: 5,
    });
    const why = Object.fromEntries(
      res.body.data.leftOut.map((row: { clientListingId: string; reasons: string[] }) => [row.clientListingId, row.reasons])
    );
    expect(why).toEqual({
      SHORT: ['TITLE_LENGTH'],
      NOPRICE: ['PRICE_MISSING'],
      BADSTATE: ['STATE', 'NO_PHOTO'],
      ['X'.repeat(51)]: ['LISTING_ID_LENGTH'],
      // the portal's schema requires Details/Description
      NODESC: ['DESCRIPTION_MISSING'],
    });
  });

  it('says when the advertiser has no e-mail, which the feed’s Header and ContactInfo need', async () => {
    const other = await app.strapi.db.query('plugin::grupozap.advertiser').findOne({ where: { slug: 'outra' } });
    const res = await admin.get(`/grupozap/advertisers/${other.documentId}/feed`);
    expect(res.body.data).toMatchObject({ emailMissing: true, hasToken: false, url: null, tokenKept: false });
  });

  it('regenerates the token: the old URL answers 404, the new one the feed', async () => {
    const author = await loginAs(app.strapi, 'strapi-author', 'author');
    expect((await author.post(`/grupozap/advertisers/${jardim.documentId}/feed/token`)).status).toBe(403);
    expect((await fetchFeed(feedPath('jardim', token))).status).toBe(200);

    const res = await admin.post(`/grupozap/advertisers/${jardim.documentId}/feed/token`);
    expect(res.status).toBe(200);
    const fresh = new URL(res.body.data.url).searchParams.get('token')!;
    expect(res.body.data.token).toBe(fresh);
    expect(fresh).not.toBe(token);
    expect(fresh).toMatch(/^[\w-]{43}$/);
    expect((await fetchFeed(feedPath('jardim', token))).status).toBe(404);
    expect((await fetchFeed(feedPath('jardim', fresh))).status).toBe(200);
    token = fresh;
  });

  it('keeps the token encrypted with the app’s key: shown again, never in clear in the database nor in the Content Manager', async () => {
    const again = await admin.get(`/grupozap/advertisers/${jardim.documentId}/feed`);
    expect(again.body.data).toMatchObject({
      url: `${PUBLIC_URL}/api/grupozap/feeds/jardim/vrsync.xml?token=${token}`,
      tokenKept: true,
    });
    const row = await app.strapi.db.connection('grupozap_advertisers').where({ slug: 'jardim' }).first();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.feed_token_encrypted).toMatch(/^v1:/);
    const res = await admin.get(`/content-manager/collection-types/plugin::grupozap.advertiser/${jardim.documentId}`);
    expect(res.status).toBe(200);
    // the Content Manager shows private fields to the advertiser's readers: the hash and the
    // ciphertext (AES-256-GCM), neither of which opens the feed without the app's key
    expect(JSON.stringify(res.body)).not.toContain(token);
  });

  it('without an encryption key, shows a new token once (stored hashed only), and never a token it cannot read back', async () => {
    const key = app.strapi.config.get('admin.secrets.encryptionKey');
    app.strapi.config.set('admin.secrets.encryptionKey', undefined);
    try {
      const made = await admin.post(`/grupozap/advertisers/${jardim.documentId}/feed/token`);
      expect(made.body.data).toMatchObject({ tokenKept: false });
      const once = made.body.data.token as string;
      expect(made.body.data.url).toBe(`${PUBLIC_URL}/api/grupozap/feeds/jardim/vrsync.xml?token=${once}`);
      expect((await admin.get(`/grupozap/advertisers/${jardim.documentId}/feed`)).body.data).toMatchObject({
        url: null,
        token: null,
        tokenKept: false,
      });
      expect((await fetchFeed(feedPath('jardim', once))).status).toBe(200);
    } finally {
      app.strapi.config.set('admin.secrets.encryptionKey', key);
    }
    // the key is back, but that token was never kept: still not shown
    expect((await admin.get(`/grupozap/advertisers/${jardim.documentId}/feed`)).body.data).toMatchObject({
      url: null,
      tokenKept: false,
    });
    const remade = await admin.post(`/grupozap/advertisers/${jardim.documentId}/feed/token`);
    token = remade.body.data.token;
    expect((await admin.get(`/grupozap/advertisers/${jardim.documentId}/feed`)).body.data).toMatchObject({
      token,
      tokenKept: true,
    });
  });

  it('exports the registration CSV in the portal’s three columns, and with FEED_URL on request (the agency’s copy)', async () => {
    const portal = await admin.get('/grupozap/advertisers/registration.csv');
    expect(portal.status).toBe(200);
    const portalLines = portal.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(portalLines[0]).toBe('DOCUMENT,URL,SEND_LEAD_EMAIL');

    const withFeeds = await admin.get('/grupozap/advertisers/registration.csv?feeds=true');
    expect(withFeeds.status).toBe(200);
    expect(withFeeds.headers['content-disposition']).toContain('grupozap-advertisers-feeds.csv');
    const [header, ...rows] = withFeeds.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(header).toBe('DOCUMENT,URL,SEND_LEAD_EMAIL,FEED_URL');
    const byDocument = Object.fromEntries(rows.map((line) => [line.split(',')[0], line.split(',')[3]]));
    // Jardim's token is kept; Outra has none: an empty cell
    expect(byDocument).toEqual({
      '11222333000181': `${PUBLIC_URL}/api/grupozap/feeds/jardim/vrsync.xml?token=${token}`,
      '52998224725': '',
    });
    expect(
      (await fetchFeed(new URL(byDocument['11222333000181']).pathname + new URL(byDocument['11222333000181']).search)).status
    ).toBe(200);
    // the same permission as the portal's export
    const author = await loginAs(app.strapi, 'strapi-author', 'author-export');
    expect((await author.get('/grupozap/advertisers/registration.csv?feeds=true')).status).toBe(403);
  });
});

describe(`a generated advertiser with ${LARGE} listings`, () => {
  it('streams them all as well-formed XML', async () => {
    const big = await createAdvertiser(app.strapi, { name: 'Grande', slug: 'grande', document: '19131243000197' });
    const rows = Array.from({ length: LARGE }, (_, index) => validListing(`G-${String(index).padStart(6, '0')}`));
    await insertListings(app.strapi, big.id, rows);
    const bigToken = await app.strapi.plugin('grupozap').service('listing-feed').regenerateToken(big.id);

    const started = Date.now();
    const res = await fetchFeed(feedPath('grande', bigToken), { 'Accept-Encoding': 'gzip' });
    const elapsed = Date.now() - started;
    expect(res.status).toBe(200);
    const xml = gunzipSync(res.body);
    expect(xmllint(xml).status).toBe(0);
    expect(orderProblems(xml.toString('utf8'))).toEqual([]);
    const ids = listingsOf(xml).map((listing) => listing.ListingID);
    expect(ids).toHaveLength(LARGE);
    expect(ids[0]).toBe('G-000000');
    expect(ids[LARGE - 1]).toBe(`G-${String(LARGE - 1).padStart(6, '0')}`);
    // generous for a busy CI machine; bench/feed.ts measures 50,000
    expect(elapsed).toBeLessThan(10_000);
  });
});
