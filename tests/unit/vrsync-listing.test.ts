import { spawnSync } from 'node:child_process';
import { XMLParser } from 'fast-xml-parser';
import {
  absolutePhotoUrls,
  propertyTypeOf,
  stateOf,
  toVrsyncListing,
  transactionTypeOf,
  xmlText,
  type FeedListingRow,
} from '../../server/src/utils/vrsync-listing';
import { cdata, feedEnd, feedStart, listingXml } from '../../server/src/utils/vrsync-xml';

const BASE = 'https://crm.example.com';

const row = (overrides: Partial<FeedListingRow> = {}): FeedListingRow => ({
  id: 1,
  clientListingId: 'AP-1',
  title: 'Apartamento com vista para o parque',
  description: 'Sala ampla',
  transactionType: 'sale',
  propertyType: 'residential_apartment',
  salePrice: '650000.00',
  rentPrice: null,
  condoFee: null,
  iptu: null,
  livingArea: '87.5',
  lotArea: null,
  bedrooms: 3,
  bathrooms: 2,
  suites: null,
  parkingSpaces: 0,
  street: null,
  streetNumber: null,
  complement: null,
  neighborhood: 'Centro',
  city: 'Curitiba',
  state: 'PR',
  postalCode: null,
  latitude: null,
  longitude: null,
  displayAddress: null,
  photoUrls: ['/uploads/a.jpg'],
  features: null,
  ...overrides,
});

const reasonsOf = (overrides: Partial<FeedListingRow>) => {
  const mapped = toVrsyncListing(row(overrides), { baseUrl: BASE });
  return mapped.ok ? [] : mapped.reasons;
};

describe('toVrsyncListing', () => {
  it('maps a valid listing: whole prices and areas, usage type from the property type, absolute photos', () => {
    const mapped = toVrsyncListing(row(), { baseUrl: BASE });
    expect(mapped.ok).toBe(true);
    if (!mapped.ok) return;
    expect(mapped.listing).toMatchObject({
      listingId: 'AP-1',
      transactionType: 'For Sale',
      photos: ['https://crm.example.com/uploads/a.jpg'],
      details: {
        usageType: 'Residential',
        propertyType: 'Residential / Apartment',
        listPrice: 650000,
        rentalPrice: null,
        livingArea: 88,
        garage: 0,
      },
      location: { displayAddress: 'All', state: { abbreviation: 'PR', name: 'Paraná' }, city: 'Curitiba', latitude: null },
    });
  });

  it('keeps ListingID within 1–50 characters and Title within 10–100', () => {
    expect(reasonsOf({ clientListingId: 'X'.repeat(50) })).toEqual([]);
    expect(reasonsOf({ clientListingId: 'X'.repeat(51) })).toEqual(['LISTING_ID_LENGTH']);
    expect(reasonsOf({ clientListingId: '   ' })).toEqual(['LISTING_ID_LENGTH']);
    expect(reasonsOf({ title: '123456789' })).toEqual(['TITLE_LENGTH']);
    expect(reasonsOf({ title: '1234567890' })).toEqual([]);
    expect(reasonsOf({ title: 'T'.repeat(100) })).toEqual([]);
    expect(reasonsOf({ title: 'T'.repeat(101) })).toEqual(['TITLE_LENGTH']);
    expect(reasonsOf({ title: null })).toEqual(['TITLE_LENGTH']);
  });

  it('asks the price the transaction type names', () => {
    expect(reasonsOf({ salePrice: null })).toEqual(['PRICE_MISSING']);
    expect(reasonsOf({ salePrice: 0 })).toEqual(['PRICE_MISSING']);
    expect(reasonsOf({ transactionType: 'rent', salePrice: 1, rentPrice: null })).toEqual(['PRICE_MISSING']);
    expect(reasonsOf({ transactionType: 'rent', salePrice: null, rentPrice: 2500 })).toEqual([]);
    expect(reasonsOf({ transactionType: 'sale_rent', rentPrice: null })).toEqual(['PRICE_MISSING']);
    expect(reasonsOf({ transactionType: 'sale_rent', rentPrice: 2500 })).toEqual([]);
    expect(reasonsOf({ transactionType: 'lease' })).toEqual(['TRANSACTION_TYPE']);
  });

  it('asks a description, which the portal’s schema requires (Details/Description)', () => {
    expect(reasonsOf({ description: null })).toEqual(['DESCRIPTION_MISSING']);
    expect(reasonsOf({ description: ' \n ' })).toEqual(['DESCRIPTION_MISSING']);
    expect(reasonsOf({ description: 'Sala' })).toEqual([]);
  });

  it('lists every reason at once', () => {
    expect(
      reasonsOf({ propertyType: 'castle', state: 'Atlantis', city: ' ', neighborhood: null, photoUrls: ['ftp://x/y.jpg'] })
    ).toEqual(['PROPERTY_TYPE', 'STATE', 'CITY_MISSING', 'NEIGHBORHOOD_MISSING', 'NO_PHOTO']);
  });

  it('pairs coordinates and drops impossible ones', () => {
    const at = (latitude: unknown, longitude: unknown) => {
      const mapped = toVrsyncListing(row({ latitude: latitude as number, longitude: longitude as number }), { baseUrl: BASE });
      return mapped.ok ? [mapped.listing.location.latitude, mapped.listing.location.longitude] : null;
    };
    expect(at(-25.4, -49.27)).toEqual([-25.4, -49.27]);
    expect(at('-25.4', null)).toEqual([null, null]);
    expect(at(-95, -49)).toEqual([null, null]);
  });
});

describe('value mapping', () => {
  it('accepts our keys or the VRSync values themselves, nothing else', () => {
    expect(transactionTypeOf('sale_rent')).toBe('Sale/Rent');
    expect(transactionTypeOf('For Rent')).toBe('For Rent');
    expect(transactionTypeOf('Venda')).toBeNull();
    expect(propertyTypeOf('commercial_office')).toBe('Commercial / Office');
    expect(propertyTypeOf('Residential / Sobrado')).toBe('Residential / Sobrado');
    expect(propertyTypeOf('Residential / Castle')).toBeNull();
  });

  it('reads a state by abbreviation or name, accents and case aside', () => {
    expect(stateOf('sp')).toBe('SP');
    expect(stateOf('São Paulo')).toBe('SP');
    expect(stateOf('sao paulo')).toBe('SP');
    expect(stateOf('Distrito Federal')).toBe('DF');
    expect(stateOf('XX')).toBeNull();
  });

  it('makes photo URLs absolute and keeps http(s) only', () => {
    expect(absolutePhotoUrls(['/uploads/a b.jpg', 'https://cdn.x/y.jpg', 'javascript:alert(1)', 42, null], BASE)).toEqual([
      'https://crm.example.com/uploads/a%20b.jpg',
      'https://cdn.x/y.jpg',
    ]);
    expect(absolutePhotoUrls(['/uploads/a.jpg'], null)).toEqual([]);
    expect(absolutePhotoUrls([{ url: '/uploads/media.jpg' }, { name: 'no url' }], BASE)).toEqual([
      'https://crm.example.com/uploads/media.jpg',
    ]);
    expect(absolutePhotoUrls('not a list', BASE)).toEqual([]);
  });

  it('strips the characters XML forbids', () => {
    expect(xmlText('a\u0000b\u0008c\uFFFEd\n')).toBe('abcd');
    expect(xmlText(' \u0001 ')).toBeNull();
  });
});

describe('the XML writer', () => {
  it('splits CDATA around ]]> so the text survives', () => {
    expect(cdata('a]]>b')).toBe('<![CDATA[a]]]]><![CDATA[>b]]>');
  });

  it('writes a document xmllint and a parser read back, hostile text included', () => {
    const hostile = 'Tom & "Jerry" <b>]]></b> ]]]]> \u{1F3E0}';
    const mapped = toVrsyncListing(
      row({
        title: `Casa ${hostile}`,
        description: hostile,
        features: [hostile],
        photoUrls: ['https://x.example/p.jpg?a=1&b="2"'],
      }),
      { baseUrl: BASE }
    );
    if (!mapped.ok) throw new Error(mapped.reasons.join());
    const xml =
      feedStart({
        provider: `P ${hostile}`,
        email: 'a&b@example.com',
        contactName: hostile,
        publishDate: '2026-01-01T00:00:00.000Z',
      }) +
      listingXml(mapped.listing, { name: hostile, email: null }) +
      feedEnd();
    const lint = spawnSync('/usr/bin/xmllint', ['--noout', '-'], { input: xml });
    expect(lint.stderr.toString()).toBe('');
    const parsed = new XMLParser({
      ignoreAttributes: false,
      cdataPropName: '#cdata',
      isArray: (name) => name === 'Listing',
    }).parse(xml);
    const listing = parsed.ListingDataFeed.Listings.Listing[0];
    const join = (value: unknown) => (Array.isArray(value) ? value.join('') : value);
    expect(join(listing.Title['#cdata'])).toBe(`Casa ${hostile}`);
    expect(join(listing.Details.Description['#cdata'])).toBe(hostile);
    expect(listing.Media.Item['#text']).toBe('https://x.example/p.jpg?a=1&b=%222%22');
    expect(parsed.ListingDataFeed.Header.Email).toBe('a&b@example.com');
  });
});
