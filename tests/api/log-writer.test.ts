import { createLogWriter } from '../../server/src/delivery/log-writer';
import { deliveriesFor } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/strapi';

/**
 * The group commit of the delivery log's refusal rows: simultaneous rows share INSERTs, every
 * caller learns its own row's fate, and one bad row is its caller's problem alone.
 */
let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});

afterAll(async () => {
  await app?.stop();
});

const row = (ip: string, extra: Record<string, unknown> = {}) => ({
  receivedAt: new Date(),
  outcome: 'rejected',
  httpStatus: 401,
  code: 'INVALID_CREDENTIALS',
  method: 'POST',
  ip,
  durationMs: 1,
  bodyBytes: 0,
  ...extra,
});

it('writes 300 simultaneous rows, each once, in far fewer statements than rows', async () => {
  const writer = createLogWriter(app.strapi);
  let inserts = 0;
  const count = (query: { sql: string }) => {
    if (/^insert into \S*grupozap_deliveries\W* /i.test(query.sql)) inserts += 1;
  };
  app.strapi.db.connection.on('query', count);
  try {
    await Promise.all(
      Array.from({ length: 300 }, (_, i) => writer.write(row(`192.0.2.${i % 250}`, { originLeadId: `group-${i}` })))
    );
  } finally {
    app.strapi.db.connection.off('query', count);
  }
  const rows = await deliveriesFor(app.strapi, { originLeadId: { $startsWith: 'group-' } });
  expect(rows).toHaveLength(300);
  expect(new Set(rows.map((found: { originLeadId: string }) => found.originLeadId)).size).toBe(300);
  // the first row alone, then groups of at most 100 while a write is under way
  expect(inserts).toBeGreaterThanOrEqual(4);
  expect(inserts).toBeLessThanOrEqual(10);
});

it('rejects only the caller of a row the database refuses; the others of its group are written', async () => {
  const writer = createLogWriter(app.strapi);
  const results = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) =>
      // a date no database takes, in the middle of a group
      writer.write(row('192.0.2.99', { originLeadId: `bad-group-${i}`, ...(i === 10 ? { receivedAt: 'not a date' } : {}) }))
    )
  );
  expect(results.map((result) => result.status)).toEqual(
    Array.from({ length: 20 }, (_, i) => (i === 10 ? 'rejected' : 'fulfilled'))
  );
  const rows = await deliveriesFor(app.strapi, { originLeadId: { $startsWith: 'bad-group-' } });
  expect(rows.map((found: { originLeadId: string }) => found.originLeadId).sort()).toEqual(
    Array.from({ length: 20 }, (_, i) => `bad-group-${i}`)
      .filter((_, i) => i !== 10)
      .sort()
  );
});
