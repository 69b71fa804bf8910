import { XMLParser } from 'fast-xml-parser';

/**
 * The VRSync element order the feed is held to (docs/listing-feed.md, "Order"): each element's
 * children, in the order they must come. The VRSync schema fixes `Header` before `Listings` and
 * leaves the children of `Listing`, `Header`, `Details`, `Location` and `ContactInfo` in any
 * order (`xs:all`); the order here is the documentation's examples' and the writer's.
 */
export const VRSYNC_ORDER: Readonly<Record<string, readonly string[]>> = {
  ListingDataFeed: ['Header', 'Listings'],
  Header: ['Provider', 'Email', 'ContactName', 'PublishDate'],
  Listings: ['Listing'],
  Listing: ['ListingID', 'Title', 'TransactionType', 'Media', 'Details', 'Location', 'ContactInfo'],
  Media: ['Item'],
  Details: [
    'UsageType',
    'PropertyType',
    'Description',
    'ListPrice',
    'RentalPrice',
    'PropertyAdministrationFee',
    'Iptu',
    'LivingArea',
    'LotArea',
    'Bedrooms',
    'Bathrooms',
    'Suites',
    'Garage',
    'Features',
  ],
  Features: ['Feature'],
  Location: [
    'Country',
    'State',
    'City',
    'Neighborhood',
    'Address',
    'StreetNumber',
    'Complement',
    'PostalCode',
    'Latitude',
    'Longitude',
  ],
  ContactInfo: ['Name', 'Email'],
};

/** Children every element of that name must have (what the documentation marks required and the feed always writes). */
const REQUIRED: Readonly<Record<string, readonly string[]>> = {
  ListingDataFeed: ['Header', 'Listings'],
  Header: ['Provider', 'ContactName', 'PublishDate'],
  Listing: ['ListingID', 'Title', 'TransactionType', 'Media', 'Details', 'Location', 'ContactInfo'],
  Media: ['Item'],
  Details: ['UsageType', 'PropertyType', 'Description'],
  Location: ['Country', 'State', 'City', 'Neighborhood'],
  ContactInfo: ['Name'],
};

/** Elements that may follow one another under the same parent. */
const REPEATED = new Set(['Listing', 'Item', 'Feature']);

type OrderedNode = Record<string, unknown>;

const parser = new XMLParser({ preserveOrder: true, ignoreAttributes: true });

const nameOf = (node: OrderedNode): string | null =>
  Object.keys(node).find((key) => !key.startsWith('#') && key !== ':@') ?? null;

/**
 * What breaks the order in a feed, read with a real XML parser: an element out of place, unknown
 * where it stands, repeated, or a required one missing, as `Listing[3] > Details: …`. Empty for a
 * feed in order.
 */
export const orderProblems = (xml: string): string[] => {
  const problems: string[] = [];
  const visit = (name: string, path: string, children: OrderedNode[]) => {
    const order = VRSYNC_ORDER[name];
    const names = children.map(nameOf).filter((child): child is string => child !== null);
    if (!order) {
      if (names.length > 0) problems.push(`${path}: holds elements (${names.join(', ')}) where text was expected`);
      return;
    }
    let last = -1;
    let previous: string | null = null;
    const seenNames = new Set<string>();
    for (const child of names) {
      const position = order.indexOf(child);
      if (position === -1) {
        problems.push(`${path}: ${child} is not a child of ${name}`);
        continue;
      }
      if (seenNames.has(child) && !(REPEATED.has(child) && previous === child)) problems.push(`${path}: ${child} is repeated`);
      else if (position < last) problems.push(`${path}: ${child} comes after ${previous}`);
      seenNames.add(child);
      last = position;
      previous = child;
    }
    for (const required of REQUIRED[name] ?? []) {
      if (!names.includes(required)) problems.push(`${path}: ${required} is missing`);
    }
    const seen = new Map<string, number>();
    for (const child of children) {
      const childName = nameOf(child);
      if (!childName) continue;
      const index = seen.get(childName) ?? 0;
      seen.set(childName, index + 1);
      const childPath = childName === 'Listing' ? `Listing[${index}]` : `${path} > ${childName}`;
      visit(childName, childPath, child[childName] as OrderedNode[]);
    }
  };
  const root = (parser.parse(xml) as OrderedNode[]).find((node) => nameOf(node) === 'ListingDataFeed');
  if (!root) return ['no ListingDataFeed root'];
  visit('ListingDataFeed', 'ListingDataFeed', root.ListingDataFeed as OrderedNode[]);
  return problems;
};
