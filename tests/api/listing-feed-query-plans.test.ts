import { currentTestDb } from '../helpers/databases';
import { insertListings, validListing } from '../helpers/feed-listings';
import { captureQueries, explain, type TableAccess } from '../helpers/query-plans';
import { createAdvertiser } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/strapi';

/**
 * The feed reads an advertiser's listings a batch at a time: each batch's statement must walk the
 * listings' primary key from the last id read and stop at the batch's end. A plan that reads the
 * advertiser's listings whole and sorts them, for every batch, made a 50,000-listing feed read
 * 50,000 × 100 rows (docs/listing-feed.md#speed). Two advertisers' listings are interleaved, as
 * in a shared table.
 */
const LISTING = 'plugin::grupozap.listing';
const PER_ADVERTISER = 3_000;
const db = currentTestDb();

let app: TestApp;
let advertiserId: number;

beforeAll(async () => {
  app = await startTestApp();
  const [big, other] = await Promise.all(
    [
      { name: 'Plano', slug: 'plano', document: '11222333000181' },
      { name: 'Outra', slug: 'outra', document: '52998224725' },
    ].map((data) => createAdvertiser(app.strapi, data))
  );
  advertiserId = big.id;
  for (let start = 0; start < PER_ADVERTISER; start += 500) {
    for (const [owner, prefix] of [
      [big.id, 'P'],
      [other.id, 'O'],
    ] as const) {
      const rows = Array.from({ length: 500 }, (_, index) => validListing(`${prefix}-${start + index}`));
      await insertListings(app.strapi, owner, rows, 500);
    }
  }
});

afterAll(async () => {
  await app?.stop();
});

/** Why an access to the listings' table is not a walk of its primary key that stops at the batch's end, or null. */
const notAKeysetWalk = (access: TableAccess): string | null => {
  if (access.fullScan) return 'reads the table whole';
  if (db === 'sqlite') return /PRIMARY KEY \(rowid>\?\)/.test(access.detail) ? null : 'does not search the primary key by range';
  if (db === 'postgres') {
    if (!/Index (Only )?Scan .*_pkey \[\(id > /.test(access.detail)) return 'does not search the primary key by range';
    return access.bounded ? null : 'reads more than the batch (a sort or a hash between it and the limit)';
  }
  if (!/: range PRIMARY /.test(access.detail)) return 'does not search the primary key by range';
  return /filesort|temporary/i.test(access.detail) ? 'sorts the rows it reads' : null;
};

it('reads each batch by walking the listings’ primary key, not by sorting the advertiser’s listings', async () => {
  let count = 0;
  const queries = await captureQueries(app.strapi, async () => {
    for await (const chunk of app.strapi
      .plugin('grupozap')
      .service('listing-feed')
      .xml({ id: advertiserId, name: 'Plano', email: null }, { lastModified: new Date(0), baseUrl: 'https://crm.example.com' }))
      count += (chunk.toString('utf8').match(/<Listing>/g) ?? []).length;
  });
  expect(count).toBe(PER_ADVERTISER);
  const table = app.strapi.db.metadata.get(LISTING).tableName;
  const batches = queries.filter((query) => query.sql.includes(table) && /exists/i.test(query.sql));
  expect(batches.length).toBe(PER_ADVERTISER / 500 + 1);
  const problems: string[] = [];
  for (const query of [batches[0], batches[3]]) {
    const accesses = (await explain(app.strapi, db, query)).filter((access) => access.table === table || access.table === 'l');
    expect(accesses.length).toBeGreaterThan(0);
    for (const access of accesses) {
      const problem = notAKeysetWalk(access);
      if (problem) problems.push(`${problem}: ${access.detail}`);
    }
  }
  expect(problems).toEqual([]);
});
