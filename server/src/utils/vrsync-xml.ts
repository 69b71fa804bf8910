import type { VrsyncListing } from './vrsync-listing';
import { xmlText } from './vrsync-listing';

/**
 * VRSync XML as text, one listing at a time, so the feed streams and never holds more than a
 * batch. Written by hand rather than with xmlbuilder2: its callback builder measured ~8 ms per
 * listing here (50,000 listings ≈ 7 minutes), this writer under 10 µs. Every value passes
 * `escape`/`cdata`; the feed tests check the output with a real XML parser and xmllint.
 * Element order as in docs/listing-feed.md (the VRSync schema leaves it free inside `Listing`,
 * `Details` and `Location`).
 */

export const VRSYNC_NAMESPACE = 'http://www.vivareal.com/schemas/1.0/VRSync';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';

export interface FeedHeader {
  provider: string;
  email: string | null;
  contactName: string;
  /** ISO 8601; the feed's Last-Modified, so that equal feeds are equal bytes. */
  publishDate: string;
}

export interface FeedContact {
  name: string;
  email: string | null;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const NEEDS_ESCAPE = /[&<>"]/;

/** Text or attribute value: the four characters XML gives a meaning to, escaped. */
export const escape = (value: string | number): string => {
  const text = String(value);
  // most values (numbers, codes, URLs) have none: no new string for them
  return NEEDS_ESCAPE.test(text) ? text.replace(/[&<>"]/g, (char) => ESCAPES[char]) : text;
};

/** CDATA cannot hold `]]>`: it is split over two sections, as XML allows. */
export const cdata = (text: string): string =>
  `<![CDATA[${text.includes(']]>') ? text.split(']]>').join(']]]]><![CDATA[>') : text}]]>`;

/** `<name attributes>value</name>`, or nothing for a missing value; `attributes` are written as given (constants). */
const element = (name: string, value: string | number | null, attributes = ''): string =>
  value === null ? '' : `<${name}${attributes}>${escape(value)}</${name}>`;

const cdataElement = (name: string, value: string | null): string => (value === null ? '' : `<${name}>${cdata(value)}</${name}>`);

export const feedStart = (header: FeedHeader): string =>
  '<?xml version="1.0" encoding="UTF-8"?>\n' +
  `<ListingDataFeed xmlns="${VRSYNC_NAMESPACE}" xmlns:xsi="${XSI}" xsi:schemaLocation="${VRSYNC_NAMESPACE} http://xml.vivareal.com/vrsync.xsd">\n` +
  '<Header>' +
  cdataElement('Provider', xmlText(header.provider)) +
  element('Email', xmlText(header.email)) +
  cdataElement('ContactName', xmlText(header.contactName)) +
  element('PublishDate', header.publishDate) +
  '</Header>\n<Listings>\n';

export const feedEnd = (): string => '</Listings>\n</ListingDataFeed>\n';

const COUNTRY = '<Country abbreviation="BR">Brasil</Country>';

/**
 * A writer of `<Listing>` elements for one advertiser: its `ContactInfo`, the same in every
 * listing, is written once.
 */
export const listingWriter = (contact: FeedContact): ((listing: VrsyncListing) => string) => {
  const contactInfo =
    '<ContactInfo>' + cdataElement('Name', xmlText(contact.name)) + element('Email', xmlText(contact.email)) + '</ContactInfo>';

  return (listing) => {
    const { details, location, photos } = listing;
    let media = '';
    for (let index = 0; index < photos.length; index += 1) {
      media += element('Item', photos[index], index === 0 ? ' medium="image" primary="true"' : ' medium="image"');
    }
    let features = '';
    if (details.features.length > 0) {
      for (const feature of details.features) features += cdataElement('Feature', feature);
      features = `<Features>${features}</Features>`;
    }
    return (
      '<Listing>' +
      element('ListingID', listing.listingId) +
      cdataElement('Title', listing.title) +
      element('TransactionType', listing.transactionType) +
      `<Media>${media}</Media>` +
      '<Details>' +
      element('UsageType', details.usageType) +
      element('PropertyType', details.propertyType) +
      cdataElement('Description', details.description) +
      element('ListPrice', details.listPrice, ' currency="BRL"') +
      element('RentalPrice', details.rentalPrice, ' currency="BRL" period="Monthly"') +
      element('PropertyAdministrationFee', details.propertyAdministrationFee, ' currency="BRL"') +
      element('Iptu', details.iptu, ' currency="BRL" period="Yearly"') +
      element('LivingArea', details.livingArea, ' unit="square metres"') +
      element('LotArea', details.lotArea, ' unit="square metres"') +
      element('Bedrooms', details.bedrooms) +
      element('Bathrooms', details.bathrooms) +
      element('Suites', details.suites) +
      element('Garage', details.garage, ' type="Parking Space"') +
      features +
      '</Details>' +
      `<Location displayAddress="${escape(location.displayAddress)}">` +
      COUNTRY +
      element('State', location.state.name, ` abbreviation="${escape(location.state.abbreviation)}"`) +
      cdataElement('City', location.city) +
      cdataElement('Neighborhood', location.neighborhood) +
      cdataElement('Address', location.address) +
      cdataElement('StreetNumber', location.streetNumber) +
      cdataElement('Complement', location.complement) +
      element('PostalCode', location.postalCode) +
      element('Latitude', location.latitude) +
      element('Longitude', location.longitude) +
      '</Location>' +
      contactInfo +
      '</Listing>\n'
    );
  };
};

/** One `<Listing>`; `listingWriter` for many of the same advertiser. */
export const listingXml = (listing: VrsyncListing, contact: FeedContact): string => listingWriter(contact)(listing);
