import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import supertest from 'supertest';
import { createTestDatabase, type TestDatabase } from './databases';

export const PLAYGROUND_DIR = path.join(__dirname, '..', '..', 'playground');
export const TEST_SECRET = 'test-secret-7f3a9c2e41b8';

export interface TestApp {
  strapi: Core.Strapi;
  database: TestDatabase;
  http: () => ReturnType<typeof supertest>;
  /** Listens on a free port of 127.0.0.1 and gives the base URL, for real concurrent HTTP. */
  listen(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Boots the playground app (plugin loaded from source) on a fresh database of this jest
 * project's kind. `env` adds or overrides variables for this boot only.
 */
export const testEnv = (database: TestDatabase, env: Record<string, string> = {}): Record<string, string> => ({
  NODE_ENV: 'test',
  LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
  GRUPOZAP_SECRET_KEY: TEST_SECRET,
  GRUPOZAP_DEMO: 'false',
  // the suite's wrong credentials are answered at once (the delay has its own test)
  GRUPOZAP_AUTH_FAILURE_DELAY_MS: '0',
  ...database.env,
  ...env,
});

/**
 * Strapi as the API suite's jest environment loaded it (tests/helpers/strapi-environment.js), once
 * per worker, by Node's own require; jest's module registry when the environment is another.
 */
const native = (globalThis as { __grupozapNative?: NativeStrapi }).__grupozapNative;
interface NativeStrapi {
  strapi: typeof import('@strapi/strapi');
  utils: typeof import('@strapi/utils');
  /** The process's environment: Strapi reads it, not the copy jest gives a test file. */
  env: NodeJS.ProcessEnv;
}
/* eslint-disable @typescript-eslint/no-require-imports */
const { createStrapi } = native?.strapi ?? (require('@strapi/strapi') as NativeStrapi['strapi']);
/** Strapi's error classes, the ones the booted app throws (for `toBeInstanceOf`). */
export const strapiErrors = (native?.utils ?? (require('@strapi/utils') as NativeStrapi['utils'])).errors;
/* eslint-enable @typescript-eslint/no-require-imports */
const realEnv = native?.env ?? process.env;

const boot = async (database: TestDatabase, env: Record<string, string>): Promise<Core.Strapi> => {
  const bootEnv = testEnv(database, env);
  const saved = Object.fromEntries(Object.keys(bootEnv).map((key) => [key, realEnv[key]]));
  Object.assign(realEnv, bootEnv);
  try {
    const strapi = await createStrapi({ appDir: PLAYGROUND_DIR, distDir: PLAYGROUND_DIR }).load();
    await strapi.server.mount();
    return strapi;
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete realEnv[key];
      else realEnv[key] = value;
    }
  }
};

/** What of knex's connection pool is busy or awaited (tarn.js's counters). */
interface PoolCounters {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

/**
 * Lets the database work still under way finish before Strapi is destroyed: the document service
 * emits its entry.* events after the answer, unawaited (a deep findOne after commit), and one
 * that outlives destroy() waits for a connection of a pool that is gone, then rejects, unhandled,
 * a minute later, in whatever test file the worker runs by then.
 */
const settle = async (strapi: Core.Strapi, limitMs = 5_000): Promise<void> => {
  const pool = (strapi.db?.connection?.client as { pool?: PoolCounters } | undefined)?.pool;
  if (!pool) return;
  const busy = () => pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates() > 0;
  const deadline = Date.now() + limitMs;
  let idleChecks = 0;
  // idle twice in a row, a few milliseconds apart: an event's findOne starts after the commit
  while (idleChecks < 2 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    idleChecks = busy() ? 0 : idleChecks + 1;
  }
};

const stopStrapi = async (strapi: Core.Strapi): Promise<void> => {
  await settle(strapi);
  await strapi.destroy();
};

const appOn = (strapi: Core.Strapi, database: TestDatabase): TestApp => ({
  strapi,
  database,
  http: () => supertest(strapi.server.httpServer),
  async listen() {
    const server = strapi.server.httpServer;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  },
  async stop() {
    await stopStrapi(strapi);
    await database.drop();
  },
});

export const startTestApp = async ({ env = {} }: { env?: Record<string, string> } = {}): Promise<TestApp> => {
  const database = await createTestDatabase();
  return appOn(await boot(database, env), database);
};

/**
 * Stops the app and boots it again on the same database: a restart, or an upgrade when `between`
 * changes the database while no Strapi holds it.
 */
export const restartTestApp = async (
  app: TestApp,
  { env = {}, between }: { env?: Record<string, string>; between?: () => Promise<void> } = {}
): Promise<TestApp> => {
  await stopStrapi(app.strapi);
  await between?.();
  return appOn(await boot(app.database, env), app.database);
};
