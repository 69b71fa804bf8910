import { toVrsyncListing, type FeedListingRow } from '../../server/src/utils/vrsync-listing';
import { feedEnd, feedStart, listingXml } from '../../server/src/utils/vrsync-xml';
import { validListing } from '../helpers/feed-listings';
import { orderProblems } from '../helpers/vrsync-order';

const header = {
  provider: 'Jardim',
  email: 'feed@jardim.example',
  contactName: 'Jardim',
  publishDate: '2026-01-01T00:00:00.000Z',
};

const listing = (code: string, overrides: Partial<FeedListingRow> = {}) => {
  const mapped = toVrsyncListing({ id: 1, ...validListing(code), ...overrides } as FeedListingRow, {
    baseUrl: 'https://crm.example.com',
  });
  if (!mapped.ok) throw new Error(mapped.reasons.join());
  return listingXml(mapped.listing, { name: 'Jardim', email: 'feed@jardim.example' });
};

const feed = (...listings: string[]) => feedStart(header) + listings.join('') + feedEnd();

describe('the VRSync element order check (tests/helpers/vrsync-order.ts)', () => {
  it('finds nothing wrong in what the writer writes, with every optional element there or not', () => {
    const full = listing('AP-1', { transactionType: 'sale_rent', rentPrice: 3000, lotArea: 300, complement: 'ap 2' });
    // the description is required (DESCRIPTION_MISSING otherwise): always there
    const bare = listing('AP-2', {
      condoFee: null,
      iptu: null,
      livingArea: null,
      bedrooms: null,
      bathrooms: null,
      suites: null,
      parkingSpaces: null,
      features: [],
      street: null,
      streetNumber: null,
      postalCode: null,
      latitude: null,
    });
    expect(orderProblems(feed(full, bare))).toEqual([]);
    expect(orderProblems(feed())).toEqual([]);
  });

  it('finds an element out of place, unknown, repeated or missing', () => {
    const one = listing('AP-1');
    const media = /<Media>.*?<\/Media>/.exec(one)![0];
    const details = /<Details>.*?<\/Details>/.exec(one)![0];
    const swapped = one.replace(media, '').replace('</Details>', `</Details>${media}`);
    expect(orderProblems(feed(one, swapped))).toEqual(['Listing[1]: Media comes after Details']);
    expect(orderProblems(feed(one.replace('<ListingID>', '<Featured>true</Featured><ListingID>')))).toEqual([
      'Listing[0]: Featured is not a child of Listing',
    ]);
    expect(orderProblems(feed(one.replace('</ListingID>', '</ListingID><ListingID>X</ListingID>')))).toEqual([
      'Listing[0]: ListingID is repeated',
    ]);
    expect(orderProblems(feed(one.replace(/<Title>.*?<\/Title>/, '')))).toEqual(['Listing[0]: Title is missing']);
    expect(orderProblems(feed(one.replace(/<Description>.*?<\/Description>/, '')))).toEqual([
      'Listing[0] > Details: Description is missing',
    ]);
    expect(
      orderProblems(feed(one.replace(details, details.replace('<UsageType>', '<Bedrooms>1</Bedrooms><UsageType>'))))
    ).toEqual(['Listing[0] > Details: UsageType comes after Bedrooms', 'Listing[0] > Details: Bedrooms is repeated']);
    expect(orderProblems(feed(one).replace('<Header>', '<Header><Listings/>'))).toEqual([
      'ListingDataFeed > Header: Listings is not a child of Header',
    ]);
    expect(orderProblems(feed(one.replace('<ListingID>', '<ListingID><b>x</b>')))).toEqual([
      'Listing[0] > ListingID: holds elements (b) where text was expected',
    ]);
    expect(orderProblems('<Other/>')).toEqual(['no ListingDataFeed root']);
  });
});
