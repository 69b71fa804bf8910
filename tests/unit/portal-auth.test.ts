import type { Core } from '@strapi/strapi';
import createPortalAuth from '../../server/src/services/portal-auth';
import type { EffectiveSettings } from '../../server/src/services/settings';
import { hashSecret } from '../../server/src/utils/secret-hash';

/**
 * The service with real scrypt hashes, behind a stand-in for Strapi that only hands out the
 * settings in force and the plugin config (the brake and the queue are the subject here; the API
 * tests run the same through a real app and database).
 */
const SECRET = 'portal-secret-0123456789';
const OLD_SECRET = 'old-portal-secret-98765';
const basic = (password: string, username = 'vivareal') => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

let currentHash: string;
let oldHash: string;

beforeAll(async () => {
  [currentHash, oldHash] = await Promise.all([hashSecret(SECRET), hashSecret(OLD_SECRET)]);
});

const settingsWith = (overrides: Partial<EffectiveSettings> = {}): EffectiveSettings => ({
  username: 'vivareal',
  credentialSource: 'settings',
  configSecret: null,
  secret: { hash: currentHash, setAt: '2026-01-01T00:00:00.000Z', hint: '6789', generated: false },
  previousSecret: null,
  publicUrl: null,
  urlForm: 'path',
  subdomainBase: null,
  zonelessTimezone: 'America/Sao_Paulo',
  allowedIps: [],
  lostReasons: [],
  ...overrides,
});

const serviceWith = (settings: { current: EffectiveSettings }, limit = 10) => {
  const strapi = {
    plugin: () => ({ service: (name: string) => (name === 'settings' ? { current: async () => settings.current } : undefined) }),
    config: { get: () => ({ authFailureLimit: limit, authFailureWindowSeconds: 900 }) },
  } as unknown as Core.Strapi;
  const auth = createPortalAuth({ strapi });
  // as the pipeline calls it: with the settings it read for this delivery
  return {
    ...auth,
    authenticate: (authorization: string | undefined, ip: string) => auth.authenticate(authorization, ip, settings.current),
  };
};

const codes = (verdicts: Array<{ ok: boolean; code?: string }>) =>
  verdicts.reduce<Record<string, number>>((count, verdict) => {
    const key = verdict.ok ? 'ok' : (verdict.code as string);
    count[key] = (count[key] ?? 0) + 1;
    return count;
  }, {});

describe('portal-auth.authenticate', () => {
  it('answers SECRET_NOT_CONFIGURED without a secret', async () => {
    const auth = serviceWith({ current: settingsWith({ credentialSource: 'none', secret: null }) });
    await expect(auth.authenticate(basic(SECRET), '198.51.100.1')).resolves.toEqual({ ok: false, code: 'SECRET_NOT_CONFIGURED' });
  });

  it('40 simultaneous distinct wrong guesses from one address: exactly 10 INVALID_CREDENTIALS, 30 throttled with Retry-After', async () => {
    const auth = serviceWith({ current: settingsWith() });
    const verdicts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => auth.authenticate(basic(`guess-${i}`), '203.0.113.66'))
    );
    expect(codes(verdicts)).toEqual({ INVALID_CREDENTIALS: 10, TOO_MANY_AUTH_FAILURES: 30 });
    const throttled = verdicts.filter((verdict) => !verdict.ok && verdict.code === 'TOO_MANY_AUTH_FAILURES');
    expect(throttled.every((verdict) => !verdict.ok && verdict.retryAfterSeconds === 900)).toBe(true);
    expect(throttled.filter((verdict) => !verdict.ok && verdict.throttled?.first)).toHaveLength(1);
    expect(throttled.map((verdict) => !verdict.ok && verdict.throttled?.count).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1)
    );
  });

  it('40 simultaneous identical wrong guesses: still exactly 10 INVALID_CREDENTIALS', async () => {
    const auth = serviceWith({ current: settingsWith() });
    const verdicts = await Promise.all(Array.from({ length: 40 }, () => auth.authenticate(basic('same-guess'), '203.0.113.67')));
    expect(codes(verdicts)).toEqual({ INVALID_CREDENTIALS: 10, TOO_MANY_AUTH_FAILURES: 30 });
  });

  it('missing credentials count as failures too', async () => {
    const auth = serviceWith({ current: settingsWith() }, 3);
    const verdicts = await Promise.all(Array.from({ length: 5 }, () => auth.authenticate(undefined, '203.0.113.68')));
    expect(codes(verdicts)).toEqual({ AUTH_REQUIRED: 3, TOO_MANY_AUTH_FAILURES: 2 });
  });

  it('the portal’s simultaneous first deliveries (cold cache) share one check and never throttle each other', async () => {
    const auth = serviceWith({ current: settingsWith() }, 2);
    const verdicts = await Promise.all(Array.from({ length: 30 }, () => auth.authenticate(basic(SECRET), '198.51.100.1')));
    expect(codes(verdicts)).toEqual({ ok: 30 });
  });

  it('the portal is not throttled by an attacker’s guesses from another address', async () => {
    const auth = serviceWith({ current: settingsWith() });
    await Promise.all(Array.from({ length: 40 }, (_, i) => auth.authenticate(basic(`guess-${i}`), '203.0.113.69')));
    await expect(auth.authenticate(basic(SECRET), '198.51.100.1')).resolves.toEqual({ ok: true });
  });

  it('a throttled address gets 429 even with the right credential (no free oracle for guesses)', async () => {
    const auth = serviceWith({ current: settingsWith() }, 2);
    await expect(auth.authenticate(basic(SECRET), '198.51.100.1')).resolves.toEqual({ ok: true });
    await auth.authenticate(basic('guess-1'), '203.0.113.70');
    await auth.authenticate(basic('guess-2'), '203.0.113.70');
    await expect(auth.authenticate(basic(SECRET), '203.0.113.70')).resolves.toMatchObject({
      ok: false,
      code: 'TOO_MANY_AUTH_FAILURES',
    });
  });

  it('a wrong user name fails even with the right secret', async () => {
    const auth = serviceWith({ current: settingsWith() });
    await expect(auth.authenticate(basic(SECRET, 'someone'), '198.51.100.1')).resolves.toEqual({
      ok: false,
      code: 'INVALID_CREDENTIALS',
    });
  });

  it('accepts the previous secret during its grace period, and no longer after', async () => {
    const settings = {
      current: settingsWith({
        previousSecret: {
          hash: oldHash,
          setAt: '2025-12-01T00:00:00.000Z',
          hint: '8765',
          generated: false,
          validUntil: '2026-01-08T00:00:00.000Z',
        },
      }),
    };
    const auth = serviceWith(settings);
    await expect(auth.authenticate(basic(OLD_SECRET), '198.51.100.1')).resolves.toEqual({ ok: true });
    await expect(auth.authenticate(basic(SECRET), '198.51.100.1')).resolves.toEqual({ ok: true });
    settings.current = settingsWith();
    await expect(auth.authenticate(basic(OLD_SECRET), '198.51.100.1')).resolves.toEqual({
      ok: false,
      code: 'INVALID_CREDENTIALS',
    });
    await expect(auth.authenticate(basic(SECRET), '198.51.100.1')).resolves.toEqual({ ok: true });
  });

  it('a flood of new wrong passwords from many addresses is turned away with AUTH_BUSY, and the portal’s known credential stays fast', async () => {
    // a rotation in its grace period whose new secret was never sent: any other password could be it
    const rotated = settingsWith({
      previousSecret: {
        hash: oldHash,
        setAt: '2025-01-01T00:00:00.000Z',
        hint: '8765',
        generated: false,
        validUntil: '2999-01-01T00:00:00.000Z',
      },
    });
    const auth = serviceWith({ current: rotated });
    // the portal still sends the previous secret
    await expect(auth.authenticate(basic(OLD_SECRET), '198.51.100.1')).resolves.toEqual({ ok: true });

    let wrongVerdictsIn = 0;
    const flood = Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        auth.authenticate(basic(`flood-${i}`), `10.1.${i >> 8}.${i & 255}`).then((verdict) => {
          if (!verdict.ok && verdict.code === 'INVALID_CREDENTIALS') wrongVerdictsIn += 1;
          return verdict;
        })
      )
    );
    const started = process.hrtime.bigint();
    await expect(auth.authenticate(basic(OLD_SECRET), '198.51.100.1')).resolves.toEqual({ ok: true });
    const portalMs = Number(process.hrtime.bigint() - started) / 1e6;
    // not queued behind the flood's scrypt checks (dozens of them, tens of ms each)
    expect(wrongVerdictsIn).toBeLessThanOrEqual(1);
    expect(portalMs).toBeLessThan(1000);

    const verdicts = await flood;
    const tally = codes(verdicts);
    expect(tally.AUTH_BUSY).toBeGreaterThanOrEqual(250);
    expect(tally.INVALID_CREDENTIALS).toBe(300 - tally.AUTH_BUSY);
    const busy = verdicts.filter((verdict) => !verdict.ok && verdict.code === 'AUTH_BUSY');
    expect(busy.every((verdict) => !verdict.ok && (verdict.retryAfterSeconds ?? 0) >= 1)).toBe(true);
    // AUTH_BUSY is not a failure: the address may try again
    await expect(auth.authenticate(basic(OLD_SECRET), '10.1.1.43')).resolves.toEqual({ ok: true });
  });

  it('once every hash in force has been matched, refuses any other password at once (no scrypt, no queue)', async () => {
    const auth = serviceWith({ current: settingsWith() });
    await expect(auth.authenticate(basic(SECRET), '198.51.100.1')).resolves.toEqual({ ok: true });
    const started = process.hrtime.bigint();
    const verdicts = await Promise.all(
      Array.from({ length: 300 }, (_, i) => auth.authenticate(basic(`flood-${i}`), `10.2.${i >> 8}.${i & 255}`))
    );
    const floodMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(codes(verdicts)).toEqual({ INVALID_CREDENTIALS: 300 });
    // 300 scrypt checks would take seconds
    expect(floodMs).toBeLessThan(1000);
    // a new secret is not known until it is matched once
    const renewed = { current: settingsWith() };
    const again = serviceWith(renewed);
    await expect(again.authenticate(basic(SECRET), '198.51.100.1')).resolves.toEqual({ ok: true });
    renewed.current = settingsWith({
      secret: { hash: oldHash, setAt: '2026-02-01T00:00:00.000Z', hint: '8765', generated: false },
    });
    await expect(again.authenticate(basic(SECRET), '198.51.100.2')).resolves.toEqual({ ok: false, code: 'INVALID_CREDENTIALS' });
    await expect(again.authenticate(basic(OLD_SECRET), '198.51.100.2')).resolves.toEqual({ ok: true });
  });

  it('isSecretInForce checks without counting anything, and forgetFailure forgets the latest failure', async () => {
    const auth = serviceWith({ current: settingsWith() }, 1);
    await expect(auth.isSecretInForce(SECRET)).resolves.toBe(true);
    await expect(auth.isSecretInForce('not-it')).resolves.toBe(false);
    await expect(auth.authenticate(basic('wrong'), '127.0.0.1')).resolves.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    auth.forgetFailure('127.0.0.1');
    await expect(auth.authenticate(basic(SECRET), '127.0.0.1')).resolves.toEqual({ ok: true });
  });

  it('a secret from the plugin config is compared directly, braked the same', async () => {
    const auth = serviceWith(
      { current: settingsWith({ credentialSource: 'config', configSecret: 'config-secret-123', secret: null }) },
      10
    );
    await expect(auth.authenticate(basic('config-secret-123'), '198.51.100.1')).resolves.toEqual({ ok: true });
    const verdicts = await Promise.all(Array.from({ length: 15 }, (_, i) => auth.authenticate(basic(`g${i}`), '203.0.113.71')));
    expect(codes(verdicts)).toEqual({ INVALID_CREDENTIALS: 10, TOO_MANY_AUTH_FAILURES: 5 });
  });
});
