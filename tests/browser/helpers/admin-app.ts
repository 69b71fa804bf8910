import type { Page } from 'playwright-core';
import { createTestDatabase } from '../../helpers/databases';
import { spawnPlayground } from '../../helpers/second-instance';
import { testEnv } from '../../helpers/strapi';

export interface AdminCredentials {
  email: string;
  password: string;
  firstname: string;
  lastname: string;
}

// the answer of any route, read by each test as it knows it, as supertest's `body`
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface HttpAnswer<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON when the answer is JSON, else the text. */
  body: T;
}

export interface AdminApp {
  /** e.g. http://127.0.0.1:41234 (the admin is at `${url}/admin`). */
  url: string;
  /** The super admin created on the fresh database. */
  admin: AdminCredentials;
  /** That admin's access token (Bearer), for seeding through the admin API. */
  adminToken: string;
  /** The SQLite file of this boot. */
  databaseFile: string;
  /**
   * Logs in through the real login form, waits until the admin (main menu) is shown and closes
   * Strapi's announcement banner. Lands on /admin (the home page). Another admin user of this
   * app logs in with their `credentials` (see `createAdminUser`).
   */
  login(page: Page, credentials?: Pick<AdminCredentials, 'email' | 'password'>): Promise<void>;
  /** Logs the browser out (its cookies and the admin's token), keeping the rest of its storage. */
  logout(page: Page): Promise<void>;
  /**
   * POSTs a lead with Basic auth, as the portal does. `path` is the request path, e.g.
   * `leadPath('imobiliaria-demo')` or `'/api/grupozap/lead'`; no secret sends no Authorization.
   */
  postLead(path: string, body: unknown, secret?: string, username?: string): Promise<HttpAnswer>;
  /** A request to the server as the super admin, e.g. `api('GET', '/grupozap/leads')`. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  api<T = any>(method: string, path: string, body?: unknown): Promise<HttpAnswer<T>>;
  /** What the Strapi process printed (LOG_LEVEL=error unless set), for failure messages. */
  serverOutput(): string;
  stop(): Promise<void>;
}

export interface StartAdminAppOptions {
  /** The portal secret as GRUPOZAP_SECRET_KEY; by default unset, so the settings page owns it. */
  secretKey?: string;
  /** More variables for the Strapi process; `undefined` removes one (e.g. a shell's own). */
  env?: Record<string, string | undefined>;
}

export const DEFAULT_ADMIN: AdminCredentials = {
  email: 'ana.admin@grupozap.test',
  password: 'Browser-Test-1234',
  firstname: 'Ana',
  lastname: 'Admin',
};

/** The portal's lead route: `/api/grupozap/lead/<slug>`, or the single endpoint without a slug. */
export const leadPath = (advertiserSlug?: string): string =>
  advertiserSlug ? `/api/grupozap/lead/${encodeURIComponent(advertiserSlug)}` : '/api/grupozap/lead';

const request = async (url: string, init: RequestInit): Promise<HttpAnswer> => {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json') && text) {
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON after all: keep the text
    }
  }
  return { status: response.status, headers: response.headers, body };
};

/** Waits for the admin's main navigation (the sign that the authenticated layout is up). */
export const waitForAdminReady = async (page: Page): Promise<void> => {
  await page.getByRole('navigation').first().waitFor({ state: 'visible' });
};

/**
 * Closes Strapi's own announcement above every page ("Introducing the new Media Library"), which
 * a fresh browser profile always shows; it would sit in every screenshot. Dismissal is stored in
 * the profile, so once per browser is enough (login does it).
 */
export const dismissStrapiBanners = async (page: Page): Promise<void> => {
  const close = page
    .locator('div', { hasText: /^Introducing the new Media Library/ })
    .getByRole('button', { name: 'Close' })
    .first();
  try {
    await close.waitFor({ state: 'visible', timeout: 3_000 });
    await close.click();
    await close.waitFor({ state: 'detached' });
  } catch {
    // not shown (already dismissed, or a Strapi without it)
  }
};

/**
 * Boots the playground (plugin from source, admin from the build made by the browser project's
 * global setup) in its own process, on a fresh SQLite file, and registers a super admin.
 * One per test file (beforeAll); `stop()` in afterAll.
 */
export const startAdminApp = async (options: StartAdminAppOptions = {}): Promise<AdminApp> => {
  const database = await createTestDatabase('sqlite');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...testEnv(database),
    STRAPI_TELEMETRY_DISABLED: 'true',
    STRAPI_DISABLE_UPDATE_NOTIFICATION: 'true',
    // testEnv sets a portal secret for the API suite; browser tests get one only when they ask
    GRUPOZAP_SECRET_KEY: options.secretKey,
  };
  for (const [key, value] of Object.entries(options.env ?? {})) env[key] = value;
  for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];

  let instance;
  try {
    instance = await spawnPlayground(env);
  } catch (error) {
    await database.drop();
    throw error;
  }
  const url = instance.baseUrl;
  const admin = { ...DEFAULT_ADMIN };

  const stop = async () => {
    await instance.stop();
    await database.drop();
  };

  const registered = await request(`${url}/admin/register-admin`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(admin),
  });
  const adminToken: string | undefined = registered.body?.data?.token;
  if (registered.status !== 200 || !adminToken) {
    await stop();
    throw new Error(`register-admin answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  }

  return {
    url,
    admin,
    adminToken,
    databaseFile: database.name,
    async login(page, credentials = admin) {
      await page.goto(`${url}/admin/auth/login`);
      await page.locator('input[name="email"]').fill(credentials.email);
      await page.locator('input[name="password"]').fill(credentials.password);
      await page.getByRole('button', { name: 'Login' }).click();
      await page.waitForURL((target) => target.pathname.startsWith('/admin') && !target.pathname.startsWith('/admin/auth'));
      await waitForAdminReady(page);
      await dismissStrapiBanners(page);
    },
    async logout(page) {
      await page.context().clearCookies();
      await page.evaluate(() => {
        for (const key of ['jwtToken', 'isLoggedIn']) window.localStorage.removeItem(key);
        window.sessionStorage.clear();
      });
      await page.goto(`${url}/admin/auth/login`);
      await page.locator('input[name="email"]').waitFor();
    },
    postLead(path, body, secret, username = 'vivareal') {
      const headers: Record<string, string> = { 'Content-Type': 'application/json' };
      if (secret !== undefined) headers.Authorization = `Basic ${Buffer.from(`${username}:${secret}`).toString('base64')}`;
      return request(`${url}${path}`, {
        method: 'POST',
        headers,
        body: typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    api(method, path, body) {
      const headers: Record<string, string> = { Authorization: `Bearer ${adminToken}` };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return request(`${url}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
    serverOutput: () => instance.output(),
    stop,
  };
};

/** The agency the browser tests post their leads to (`leadPath('jardim')`). */
const JARDIM = { name: 'Jardim Imóveis', slug: 'jardim', document: '11222333000181', active: true } as const;

/** An advertiser created through the Content Manager's API, as the super admin (Jardim unless told). */
/** Settings → Grupo ZAP saved with this very server as the public URL (path form), as an admin saves them. */
export const savePublicUrlOfItself = (app: AdminApp): Promise<HttpAnswer> =>
  app.api('PUT', '/grupozap/settings', {
    username: 'vivareal',
    publicUrl: app.url,
    urlForm: 'path',
    zonelessTimezone: 'America/Sao_Paulo',
    allowedIps: [],
  });

export const createAdvertiser = (app: AdminApp, data: Record<string, unknown> = JARDIM): Promise<HttpAnswer> =>
  app.api('POST', '/content-manager/collection-types/plugin::grupozap.advertiser', data);

/**
 * Another admin user of `app`, with `role` (`strapi-editor`, `strapi-author`, `strapi-super-admin`),
 * created by the super admin and registered with its invitation, as Settings → Users does.
 */
export const createAdminUser = async (
  app: AdminApp,
  user: AdminCredentials,
  role = 'strapi-editor'
): Promise<AdminCredentials & { id: number }> => {
  const roles = await app.api<{ data: Array<{ id: number; code: string }> }>('GET', '/admin/roles');
  const roleId = roles.body.data.find((candidate) => candidate.code === role)?.id;
  if (roleId === undefined) throw new Error(`no role ${role}: ${JSON.stringify(roles.body)}`);
  const created = await app.api('POST', '/admin/users', {
    firstname: user.firstname,
    lastname: user.lastname,
    email: user.email,
    roles: [roleId],
  });
  if (created.status !== 201) throw new Error(`POST /admin/users answered ${created.status}: ${JSON.stringify(created.body)}`);
  const registered = await request(`${app.url}/admin/register`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      registrationToken: created.body.data.registrationToken,
      userInfo: { firstname: user.firstname, lastname: user.lastname, password: user.password },
    }),
  });
  if (registered.status !== 200) throw new Error(`register answered ${registered.status}: ${JSON.stringify(registered.body)}`);
  return { ...user, id: created.body.data.id };
};
