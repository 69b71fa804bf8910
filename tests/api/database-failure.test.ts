import type { Core } from '@strapi/strapi';
import { freshLead } from '../helpers/fixtures';
import { createAdvertiser, deliveriesFor, leadsWithOriginId } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
  await createAdvertiser(app.strapi, { name: 'Jardim', slug: 'jardim', document: '11222333000181' });
});

afterAll(async () => {
  await app?.stop();
});

/**
 * Breaks the transaction that stores the lead, right after the lead row is inserted (with
 * createMany: the ingestion does not read the row back, see utils/row-writes): on
 * PostgreSQL and MariaDB the server kills the connection it runs on; SQLite has no server to
 * kill, so the write fails there instead.
 */
const breakAfterLeadInsert = (strapi: Core.Strapi, db: string) => {
  const subscriber = {
    models: ['plugin::grupozap.lead'],
    async afterCreateMany() {
      await strapi.db.transaction(async ({ trx }) => {
        if (db === 'postgres') await trx.raw('SELECT pg_terminate_backend(pg_backend_pid())');
        else if (db === 'mysql') await trx.raw('KILL CONNECTION_ID()');
        else throw Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR' });
      });
    },
  };
  // subscribe() gives back the function that unsubscribes
  return strapi.db.lifecycles.subscribe(subscriber) as unknown as () => void;
};

it('answers 503 when the connection dies mid-request, and leaves no partial rows', async () => {
  const body = freshLead();
  const originLeadId = String(body.originLeadId);
  const restore = breakAfterLeadInsert(app.strapi, app.database.db);
  let res;
  try {
    res = await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(body);
  } finally {
    restore();
  }
  expect(res.status).toBe(503);
  expect(res.body.code).toBe('STORAGE_UNAVAILABLE');

  expect(await leadsWithOriginId(app.strapi, originLeadId)).toHaveLength(0);
  const log = await deliveriesFor(app.strapi, { originLeadId });
  expect(log).toHaveLength(1);
  expect(log[0]).toMatchObject({ outcome: 'failed', httpStatus: 503, code: 'STORAGE_UNAVAILABLE', lead: null });

  // the portal retries: once the database is back, the same lead is stored once
  const retry = await app.http().post('/api/grupozap/lead/jardim').auth('vivareal', TEST_SECRET).send(body);
  expect(retry.status).toBe(201);
  const rows = await leadsWithOriginId(app.strapi, originLeadId);
  expect(rows).toHaveLength(1);
  expect(rows[0].deliveryCount).toBe(1);
});
