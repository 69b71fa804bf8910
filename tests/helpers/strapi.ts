import path from 'node:path';
import { createStrapi } from '@strapi/strapi';
import type { Core } from '@strapi/strapi';
import supertest from 'supertest';
import { createTestDatabase, type TestDatabase } from './databases';

export const PLAYGROUND_DIR = path.join(__dirname, '..', '..', 'playground');
export const TEST_SECRET = 'test-secret-7f3a9c2e41b8';

export interface TestApp {
  strapi: Core.Strapi;
  database: TestDatabase;
  http: () => ReturnType<typeof supertest>;
  stop(): Promise<void>;
}

/**
 * Boots the playground app (plugin loaded from source) on a fresh database of this jest
 * project's kind. `env` adds or overrides variables for this boot only.
 */
export const startTestApp = async ({ env = {} }: { env?: Record<string, string> } = {}): Promise<TestApp> => {
  const database = await createTestDatabase();
  const bootEnv: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
    GRUPOZAP_SECRET_KEY: TEST_SECRET,
    GRUPOZAP_DEMO: 'false',
    ...database.env,
    ...env,
  };
  const saved = Object.fromEntries(Object.keys(bootEnv).map((key) => [key, process.env[key]]));
  Object.assign(process.env, bootEnv);

  let strapi: Core.Strapi;
  try {
    strapi = await createStrapi({ appDir: PLAYGROUND_DIR, distDir: PLAYGROUND_DIR }).load();
    await strapi.server.mount();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }

  return {
    strapi,
    database,
    http: () => supertest(strapi.server.httpServer),
    async stop() {
      await strapi.destroy();
      await database.drop();
    },
  };
};
