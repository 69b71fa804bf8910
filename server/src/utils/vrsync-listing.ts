import type { FeedLeftOutReasonCode } from '../../../shared/contracts/advertisers';

/**
 * One Listing record → one VRSync `<Listing>`, or the reasons it is left out of the feed.
 * Pure: the feed service streams what this returns, the feed health lists the reasons.
 * Restrictions and values from developers.grupozap.com/feeds/vrsync (summary in docs/listing-feed.md).
 */

/** The Listing fields the feed reads (the listing content type's attributes). */
export interface FeedListingRow {
  id: number;
  documentId?: string;
  clientListingId: string | null;
  title: string | null;
  description: string | null;
  transactionType: string | null;
  propertyType: string | null;
  salePrice: number | string | null;
  rentPrice: number | string | null;
  condoFee: number | string | null;
  iptu: number | string | null;
  livingArea: number | string | null;
  lotArea: number | string | null;
  bedrooms: number | null;
  bathrooms: number | null;
  suites: number | null;
  parkingSpaces: number | null;
  street: string | null;
  streetNumber: string | null;
  complement: string | null;
  neighborhood: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  latitude: number | string | null;
  longitude: number | string | null;
  displayAddress: string | null;
  photoUrls: unknown;
  features: unknown;
}

/** Why a listing is left out: stable codes, for the admin's feed health and the docs. */
export type FeedLeftOutReason = FeedLeftOutReasonCode;

export type VrsyncTransactionType = 'For Sale' | 'For Rent' | 'Sale/Rent';

export interface VrsyncListing {
  listingId: string;
  title: string;
  transactionType: VrsyncTransactionType;
  photos: string[];
  details: {
    usageType: 'Residential' | 'Commercial';
    propertyType: string;
    description: string;
    listPrice: number | null;
    rentalPrice: number | null;
    propertyAdministrationFee: number | null;
    iptu: number | null;
    livingArea: number | null;
    lotArea: number | null;
    bedrooms: number | null;
    bathrooms: number | null;
    suites: number | null;
    garage: number | null;
    features: string[];
  };
  location: {
    displayAddress: 'All' | 'Street' | 'Neighborhood';
    state: { abbreviation: string; name: string };
    city: string;
    neighborhood: string;
    address: string | null;
    streetNumber: string | null;
    complement: string | null;
    postalCode: string | null;
    latitude: number | null;
    longitude: number | null;
  };
}

export type FeedMapping = { ok: true; listing: VrsyncListing } | { ok: false; reasons: FeedLeftOutReason[] };

/** Our transaction keys (the listing's enumeration) → VRSync `TransactionType`. */
export const TRANSACTION_TYPES: Record<string, VrsyncTransactionType> = {
  sale: 'For Sale',
  rent: 'For Rent',
  sale_rent: 'Sale/Rent',
};

/** Our property type keys → the VRSync `PropertyType` values the documentation lists. */
export const PROPERTY_TYPES: Record<string, string> = {
  residential_apartment: 'Residential / Apartment',
  residential_home: 'Residential / Home',
  residential_condo: 'Residential / Condo',
  residential_village_house: 'Residential / Village House',
  residential_farm_ranch: 'Residential / Farm Ranch',
  residential_penthouse: 'Residential / Penthouse',
  residential_flat: 'Residential / Flat',
  residential_kitnet: 'Residential / Kitnet',
  residential_loft: 'Residential / Loft',
  residential_studio: 'Residential / Studio',
  residential_land_lot: 'Residential / Land Lot',
  residential_sobrado: 'Residential / Sobrado',
  residential_agricultural: 'Residential / Agricultural',
  commercial_consultorio: 'Commercial / Consultorio',
  commercial_edificio_residencial: 'Commercial / Edificio Residencial',
  commercial_industrial: 'Commercial / Industrial',
  commercial_garage: 'Commercial / Garage',
  commercial_hotel: 'Commercial / Hotel',
  commercial_building: 'Commercial / Building',
  commercial_corporate_floor: 'Commercial / Corporate Floor',
  commercial_land_lot: 'Commercial / Land Lot',
  commercial_business: 'Commercial / Business',
  commercial_edificio_comercial: 'Commercial / Edificio Comercial',
  commercial_office: 'Commercial / Office',
  commercial_loja: 'Commercial / Loja',
  commercial_studio: 'Commercial / Studio',
};

const VRSYNC_PROPERTY_TYPES = new Set(Object.values(PROPERTY_TYPES));

/** The 27 federative units, by abbreviation: VRSync's `State` carries both. */
export const STATES: Record<string, string> = {
  AC: 'Acre',
  AL: 'Alagoas',
  AP: 'Amapá',
  AM: 'Amazonas',
  BA: 'Bahia',
  CE: 'Ceará',
  DF: 'Distrito Federal',
  ES: 'Espírito Santo',
  GO: 'Goiás',
  MA: 'Maranhão',
  MT: 'Mato Grosso',
  MS: 'Mato Grosso do Sul',
  MG: 'Minas Gerais',
  PA: 'Pará',
  PB: 'Paraíba',
  PR: 'Paraná',
  PE: 'Pernambuco',
  PI: 'Piauí',
  RJ: 'Rio de Janeiro',
  RN: 'Rio Grande do Norte',
  RS: 'Rio Grande do Sul',
  RO: 'Rondônia',
  RR: 'Roraima',
  SC: 'Santa Catarina',
  SP: 'São Paulo',
  SE: 'Sergipe',
  TO: 'Tocantins',
};

const STATE_BY_NAME = new Map(Object.entries(STATES).map(([abbreviation, name]) => [fold(name), abbreviation]));

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .trim()
    .toLowerCase();
}

// XML 1.0 forbids these code points even inside CDATA; a pasted description may carry them
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text the feed may carry: no characters XML forbids, trimmed; null when nothing is left. */
export const xmlText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const text = String(value).replace(NOT_XML_CHAR, '').trim();
  return text === '' ? null : text;
};

/** A whole non-negative amount (the documentation asks for integers, no separators). */
const wholeNumber = (value: unknown): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? Math.round(number) : null;
};

const positiveWhole = (value: unknown): number | null => {
  const number = wholeNumber(value);
  return number && number > 0 ? number : null;
};

const coordinate = (value: unknown, limit: number): number | null => {
  if (value === null || value === undefined || value === '') return null;
  const number = Number(value);
  return Number.isFinite(number) && Math.abs(number) <= limit ? number : null;
};

/** Strings of a JSON list; other entries are not what the field holds, and are skipped. */
const stringList = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap((item) => (typeof item === 'string' ? [xmlText(item)] : [])).filter((item): item is string => item !== null)
    : [];

/** Photo entries: URLs, or Strapi media objects (`{ url }`), as a mapped content type may give them. */
const photoList = (value: unknown): string[] =>
  stringList(
    Array.isArray(value)
      ? value.map((item) => (item && typeof item === 'object' ? (item as { url?: unknown }).url : item))
      : value
  );

/** `sale` or the VRSync value itself (a mapped content type may already hold it). */
export const transactionTypeOf = (value: string | null): VrsyncTransactionType | null => {
  if (!value) return null;
  if (TRANSACTION_TYPES[value]) return TRANSACTION_TYPES[value];
  return (Object.values(TRANSACTION_TYPES) as string[]).includes(value) ? (value as VrsyncTransactionType) : null;
};

export const propertyTypeOf = (value: string | null): string | null => {
  if (!value) return null;
  if (PROPERTY_TYPES[value]) return PROPERTY_TYPES[value];
  return VRSYNC_PROPERTY_TYPES.has(value) ? value : null;
};

/** `SP`, `sp` or `São Paulo` → `SP`. */
export const stateOf = (value: string | null): string | null => {
  const text = xmlText(value);
  if (!text) return null;
  if (STATES[text.toUpperCase()]) return text.toUpperCase();
  return STATE_BY_NAME.get(fold(text)) ?? null;
};

/** Photo URLs made absolute against the app's public URL; anything else than http(s) is dropped. */
export const absolutePhotoUrls = (value: unknown, baseUrl: string | null): string[] =>
  photoList(value).flatMap((raw) => {
    try {
      const url = baseUrl ? new URL(raw, baseUrl) : new URL(raw);
      return url.protocol === 'http:' || url.protocol === 'https:' ? [url.href] : [];
    } catch {
      return [];
    }
  });

const DISPLAY_ADDRESS = new Set(['All', 'Street', 'Neighborhood']);

/** Maps a listing, or lists every reason it cannot be in the feed. */
export const toVrsyncListing = (row: FeedListingRow, { baseUrl }: { baseUrl: string | null }): FeedMapping => {
  const reasons: FeedLeftOutReason[] = [];

  const listingId = xmlText(row.clientListingId);
  if (!listingId || listingId.length > 50) reasons.push('LISTING_ID_LENGTH');
  const title = xmlText(row.title);
  if (!title || title.length < 10 || title.length > 100) reasons.push('TITLE_LENGTH');

  const transactionType = transactionTypeOf(row.transactionType);
  if (!transactionType) reasons.push('TRANSACTION_TYPE');
  const propertyType = propertyTypeOf(row.propertyType);
  if (!propertyType) reasons.push('PROPERTY_TYPE');

  // the price the transaction type names must be there: ListPrice for a sale, RentalPrice for a rent
  const sells = transactionType === 'For Sale' || transactionType === 'Sale/Rent';
  const rents = transactionType === 'For Rent' || transactionType === 'Sale/Rent';
  const listPrice = sells ? positiveWhole(row.salePrice) : null;
  const rentalPrice = rents ? positiveWhole(row.rentPrice) : null;
  if (transactionType && ((sells && listPrice === null) || (rents && rentalPrice === null))) reasons.push('PRICE_MISSING');

  const state = stateOf(row.state);
  if (!state) reasons.push('STATE');
  const city = xmlText(row.city);
  if (!city) reasons.push('CITY_MISSING');
  const neighborhood = xmlText(row.neighborhood);
  if (!neighborhood) reasons.push('NEIGHBORHOOD_MISSING');

  const photos = absolutePhotoUrls(row.photoUrls, baseUrl);
  if (photos.length === 0) reasons.push('NO_PHOTO');
  // the portal's schema makes Details/Description required (minOccurs 1)
  const description = xmlText(row.description);
  if (!description) reasons.push('DESCRIPTION_MISSING');

  if (reasons.length > 0) return { ok: false, reasons };

  const displayAddress = row.displayAddress && DISPLAY_ADDRESS.has(row.displayAddress) ? row.displayAddress : 'All';
  const postalCode = xmlText(row.postalCode)?.replace(/\D/g, '') || null;
  const latitude = coordinate(row.latitude, 90);
  const longitude = coordinate(row.longitude, 180);
  return {
    ok: true,
    listing: {
      listingId: listingId!,
      title: title!,
      transactionType: transactionType!,
      photos,
      details: {
        usageType: propertyType!.startsWith('Commercial') ? 'Commercial' : 'Residential',
        propertyType: propertyType!,
        description: description!,
        listPrice,
        rentalPrice,
        propertyAdministrationFee: positiveWhole(row.condoFee),
        iptu: positiveWhole(row.iptu),
        livingArea: positiveWhole(row.livingArea),
        lotArea: positiveWhole(row.lotArea),
        bedrooms: wholeNumber(row.bedrooms),
        bathrooms: wholeNumber(row.bathrooms),
        suites: wholeNumber(row.suites),
        garage: wholeNumber(row.parkingSpaces),
        features: stringList(row.features),
      },
      location: {
        displayAddress: displayAddress as VrsyncListing['location']['displayAddress'],
        state: { abbreviation: state!, name: STATES[state!] },
        city: city!,
        neighborhood: neighborhood!,
        address: xmlText(row.street),
        streetNumber: xmlText(row.streetNumber),
        complement: xmlText(row.complement),
        postalCode,
        // a coordinate only makes sense as a pair
        latitude: latitude !== null && longitude !== null ? latitude : null,
        longitude: latitude !== null && longitude !== null ? longitude : null,
      },
    },
  };
};
