import { freshLead } from '../helpers/fixtures';
import { createAdvertiser, deliveriesFor } from '../helpers/seed';
import { startTestApp, type TestApp } from '../helpers/strapi';

/**
 * The lead route behind one reverse proxy (`server.proxy.koa: true`, IS_PROXIED in the
 * playground), with the secret kept as a scrypt hash in the settings, as most installs have it.
 * Each request comes from 127.0.0.1 (the "proxy"); its X-Forwarded-For is what a client sent
 * plus, last, the client address the proxy appended.
 */
let app: TestApp;
let base: string;
const SECRET = 'edge-auth-secret-4b9d2f7a';
const NEW_SECRET = 'edge-auth-rotated-secret-8c1e5d3b';
const PATH = '/api/grupozap/lead/jardim';

/** The header a proxy forwards: what the client wrote, then the address it came from. */
const viaProxy = (clientAddress: string, forged?: string) => (forged ? `${forged}, ${clientAddress}` : clientAddress);

const post = (forwardedFor: string, password: string | null, body: unknown = freshLead()) => {
  const request = app.http().post(PATH).set('Content-Type', 'application/json').set('X-Forwarded-For', forwardedFor);
  if (password !== null) request.auth('vivareal', password);
  return request.send(JSON.stringify(body));
};

/** Real simultaneous requests over HTTP (supertest would open them one after another). */
const postAll = (count: number, request: (i: number) => { forwardedFor: string; password: string }) =>
  Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const { forwardedFor, password } = request(i);
      const response = await fetch(`${base}${PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-forwarded-for': forwardedFor,
          authorization: `Basic ${Buffer.from(`vivareal:${password}`).toString('base64')}`,
        },
        body: JSON.stringify(freshLead()),
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        code: ((await response.json()) as { code: string }).code,
      };
    })
  );

const settings = () => app.strapi.plugin('grupozap').service('settings');

beforeAll(async () => {
  app = await startTestApp({ env: { IS_PROXIED: 'true', GRUPOZAP_SECRET_KEY: '' } });
  await createAdvertiser(app.strapi, { name: 'Jardim', slug: 'jardim', document: '11222333000181' });
  await settings().setSecret({ secret: SECRET });
  base = await app.listen();
});

afterAll(async () => {
  await app?.stop();
});

describe('a forged X-Forwarded-For behind one proxy', () => {
  afterEach(async () => {
    await settings().update({
      username: 'vivareal',
      publicUrl: null,
      urlForm: 'path',
      zonelessTimezone: 'America/Sao_Paulo',
      allowedIps: [],
    });
  });

  it('does not pass allowedIps: the address the proxy appended decides', async () => {
    await settings().update({
      username: 'vivareal',
      publicUrl: null,
      urlForm: 'path',
      zonelessTimezone: 'America/Sao_Paulo',
      allowedIps: ['198.51.100.10'],
    });

    const forged = await post(viaProxy('203.0.113.5', '198.51.100.10'), SECRET);
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('IP_NOT_ALLOWED');

    const portal = await post(viaProxy('198.51.100.10', '203.0.113.5'), SECRET);
    expect(portal.status).toBe(201);
  });

  it('is not the ip of the delivery log', async () => {
    const body = freshLead();
    expect((await post(viaProxy('203.0.113.6', '198.51.100.13'), 'wrong-secret', body)).status).toBe(401);
    expect((await post(viaProxy('198.51.100.11', '10.9.9.9, unknown'), SECRET, body)).status).toBe(201);
    const rows = await deliveriesFor(app.strapi, { originLeadId: String(body.originLeadId) });
    const wrong = await deliveriesFor(app.strapi, { code: 'INVALID_CREDENTIALS', ip: '203.0.113.6' });
    expect(wrong).toHaveLength(1);
    expect(rows.map((row: { ip: string }) => row.ip)).toEqual(['198.51.100.11']);
    expect(await deliveriesFor(app.strapi, { ip: '198.51.100.13' })).toHaveLength(0);
  });

  it('cannot dodge the brake by rotating the header, nor lock the portal out', async () => {
    for (let i = 0; i < 10; i += 1) {
      // claims to be the portal, then another address each time
      const answer = await post(viaProxy('203.0.113.7', i % 2 ? '198.51.100.12' : `10.0.0.${i}`), `guess-${i}`);
      expect(answer.status).toBe(401);
    }
    const throttled = await post(viaProxy('203.0.113.7', '10.0.0.99'), 'guess-10');
    expect(throttled.status).toBe(429);
    expect(throttled.body.code).toBe('TOO_MANY_AUTH_FAILURES');

    // the portal, whose address the attacker wrote ten times
    expect((await post(viaProxy('198.51.100.12'), SECRET)).status).toBe(201);
  });
});

describe('the brake', () => {
  it('40 simultaneous wrong guesses from one address: exactly 10 answered 401, 30 answered 429 with Retry-After, one log row for the 429s', async () => {
    const answers = await postAll(40, (i) => ({ forwardedFor: viaProxy('203.0.113.40', `10.1.0.${i}`), password: `guess-${i}` }));
    const byStatus = (status: number) => answers.filter((answer) => answer.status === status);
    expect(byStatus(401)).toHaveLength(10);
    expect(byStatus(429)).toHaveLength(30);
    expect(byStatus(401).every((answer) => answer.code === 'INVALID_CREDENTIALS' && answer.retryAfter === null)).toBe(true);
    // the slots are held by failures of the last moments: free again in about a window (900 s)
    for (const answer of byStatus(429)) {
      expect(Number(answer.retryAfter)).toBeGreaterThan(890);
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(900);
    }

    const rows = await deliveriesFor(app.strapi, { ip: '203.0.113.40' });
    expect(rows.filter((row: { code: string }) => row.code === 'INVALID_CREDENTIALS')).toHaveLength(10);
    expect(rows.filter((row: { code: string }) => row.code === 'TOO_MANY_AUTH_FAILURES')).toHaveLength(1);
    expect(rows).toHaveLength(11);
  });

  it('does not throttle the portal’s right credential after an attacker’s guesses from another address', async () => {
    await postAll(30, (i) => ({ forwardedFor: viaProxy('203.0.113.41'), password: `other-guess-${i}` }));
    const portal = await postAll(20, () => ({ forwardedFor: viaProxy('198.51.100.20'), password: SECRET }));
    expect(portal.map((answer) => answer.status)).toEqual(Array(20).fill(201));
  });
});

describe('bounded scrypt work', () => {
  // a rotation: the portal still sends the previous secret (in its grace period, seen before);
  // the new one has never been sent here, so a password that is not the previous one could be
  // the new one, and only scrypt can tell
  beforeAll(async () => {
    await settings().setSecret({ secret: NEW_SECRET, graceDays: 1 });
  });

  it('turns a flood of new wrong passwords from many addresses away with 503 AUTH_BUSY and Retry-After; the portal’s known credential still gets in', async () => {
    // the portal's verdict is known before the flood (it delivered before)
    expect((await post(viaProxy('198.51.100.30'), SECRET)).status).toBe(201);

    const [flood, portal] = await Promise.all([
      postAll(120, (i) => ({ forwardedFor: viaProxy(`203.0.114.${i}`), password: `flood-${i}` })),
      postAll(5, () => ({ forwardedFor: viaProxy('198.51.100.30'), password: SECRET })),
    ]);
    expect(portal.map((answer) => answer.status)).toEqual(Array(5).fill(201));
    const busy = flood.filter((answer) => answer.status === 503);
    expect(busy.length).toBeGreaterThan(0);
    expect(busy.every((answer) => answer.code === 'AUTH_BUSY' && Number(answer.retryAfter) >= 1)).toBe(true);
    expect(flood.filter((answer) => answer.status !== 503).every((answer) => answer.code === 'INVALID_CREDENTIALS')).toBe(true);
  });

  it('counts an address’s repeated AUTH_BUSY answers on one log row (attempts), not one row each', async () => {
    // 60 new wrong passwords from 60 addresses fill the queue (1 running, 32 waiting); the same
    // address's 5 guesses, sent last, find it full
    const answers = await postAll(65, (i) =>
      i < 60
        ? { forwardedFor: viaProxy(`203.0.115.${i}`), password: `fill-${i}` }
        : { forwardedFor: viaProxy('203.0.116.7'), password: `busy-${i}` }
    );
    const busy = answers.slice(60).filter((answer) => answer.code === 'AUTH_BUSY').length;
    expect(busy).toBeGreaterThanOrEqual(2);

    // the count reaches the row within the log's flush (2 s)
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const rows = await deliveriesFor(app.strapi, { ip: '203.0.116.7', code: 'AUTH_BUSY' });
    expect(rows.map((row: { attempts: number }) => row.attempts)).toEqual([busy]);
  });

  it('needs no scrypt once every secret in force has been seen: a flood of new wrong passwords is all 401, none turned away', async () => {
    // the new secret's first delivery teaches it (one scrypt check, that may wait its turn)
    expect((await post(viaProxy('198.51.100.31'), NEW_SECRET)).status).toBe(201);

    const [flood, portal] = await Promise.all([
      postAll(120, (i) => ({ forwardedFor: viaProxy(`203.0.117.${i}`), password: `known-wrong-${i}` })),
      postAll(5, (i) => ({ forwardedFor: viaProxy('198.51.100.31'), password: i % 2 ? SECRET : NEW_SECRET })),
    ]);
    expect(portal.map((answer) => answer.status)).toEqual(Array(5).fill(201));
    expect(flood.map((answer) => answer.code)).toEqual(Array(120).fill('INVALID_CREDENTIALS'));
  });
});

describe('a refused caller', () => {
  it('is answered before Strapi’s own middleware stack (the cheap path a flood takes), and logged', async () => {
    // strapi::poweredBy, one of the app's middlewares, marks every answer that went through them
    const refused = await post(viaProxy('192.0.2.250'), 'not-the-secret');
    const portal = await post(viaProxy('198.51.100.33'), SECRET);
    expect([refused.status, refused.body.code, portal.status]).toEqual([401, 'INVALID_CREDENTIALS', 201]);
    expect(refused.headers['x-powered-by']).toBeUndefined();
    expect(portal.headers['x-powered-by']).toBeDefined();
    const rows = await deliveriesFor(app.strapi, { ip: '192.0.2.250' });
    expect(rows.map((row) => row.code)).toEqual(['INVALID_CREDENTIALS']);
  });
});

describe('the answer to a refused caller', () => {
  const DELAY_MS = 600;
  beforeAll(() => app.strapi.config.set('plugin::grupozap.authFailureDelayMs', DELAY_MS));
  afterAll(() => app.strapi.config.set('plugin::grupozap.authFailureDelayMs', 0));

  const timed = async (request: () => PromiseLike<{ status: number }>) => {
    const started = Date.now();
    const { status } = await request();
    return { status, ms: Date.now() - started };
  };

  it('waits about authFailureDelayMs (half to one and a half times it) after a wrong password or none', async () => {
    const answers = [
      await timed(() => post(viaProxy('203.0.118.1'), 'not-the-secret')),
      await timed(() => post(viaProxy('203.0.118.2'), null)),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 401]);
    for (const answer of answers) expect(answer.ms).toBeGreaterThanOrEqual(DELAY_MS / 2);
  });

  it('does not wait for the portal’s right credential, nor for a refusal of the lead itself', async () => {
    app.strapi.config.set('plugin::grupozap.authFailureDelayMs', 10_000);
    try {
      const right = await timed(() => post(viaProxy('198.51.100.32'), SECRET));
      const unknownAdvertiser = await timed(() =>
        app
          .http()
          .post('/api/grupozap/lead/no-such-advertiser')
          .set('Content-Type', 'application/json')
          .set('X-Forwarded-For', viaProxy('198.51.100.32'))
          .auth('vivareal', SECRET)
          .send(JSON.stringify(freshLead()))
      );
      expect([right.status, unknownAdvertiser.status]).toEqual([201, 404]);
      // a delay would be 5 s at least
      expect(Math.max(right.ms, unknownAdvertiser.ms)).toBeLessThan(5_000);
    } finally {
      app.strapi.config.set('plugin::grupozap.authFailureDelayMs', DELAY_MS);
    }
  });
});
