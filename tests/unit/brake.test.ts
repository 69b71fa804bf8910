import { createBrake, type BrakeRefusal, type BrakeSlot } from '../../server/src/delivery/brake';

const WINDOW_MS = 15 * 60 * 1000;

const fakeClock = (start = 1_000_000) => {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
};

const setup = (limit = 10, maxAddresses?: number) => {
  const clock = fakeClock();
  return { clock, brake: createBrake({ limit, windowMs: WINDOW_MS, maxAddresses, now: clock.now }) };
};

const slot = (answer: BrakeSlot | BrakeRefusal): BrakeSlot => {
  if (answer.throttled) throw new Error('expected a slot, got throttled');
  return answer;
};

const refusal = (answer: BrakeSlot | BrakeRefusal): BrakeRefusal => {
  if (!answer.throttled) throw new Error('expected throttled, got a slot');
  return answer;
};

/** A credential check as the service makes it: a slot taken at once, settled after an await. */
const guess = async (brake: ReturnType<typeof createBrake>, address: string, checks: { count: number }) => {
  const answer = brake.reserve(address);
  if (answer.throttled) return 429;
  checks.count += 1;
  await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
  answer.fail();
  return 401;
};

describe('the brake', () => {
  it('40 simultaneous wrong guesses from one address get exactly `limit` checks', async () => {
    const { brake } = setup(10);
    const checks = { count: 0 };
    const statuses = await Promise.all(Array.from({ length: 40 }, () => guess(brake, '198.51.100.7', checks)));
    expect(checks.count).toBe(10);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(30);
  });

  it('gives a slot back on success: right credentials never throttle each other', () => {
    const { brake } = setup(2);
    for (let i = 0; i < 100; i += 1) slot(brake.reserve('portal')).release();
    const held = Array.from({ length: 2 }, () => slot(brake.reserve('portal')));
    expect(brake.reserve('portal').throttled).toBe(true);
    held.forEach((s) => s.release());
    expect(brake.reserve('portal').throttled).toBe(false);
  });

  it('settles a slot once: a second fail or release changes nothing', () => {
    const { brake } = setup(2);
    const first = slot(brake.reserve('a'));
    first.fail();
    first.fail();
    first.release();
    slot(brake.reserve('a')).fail();
    expect(brake.reserve('a').throttled).toBe(true);
  });

  it('counts each address apart', () => {
    const { brake } = setup(3);
    for (let i = 0; i < 3; i += 1) slot(brake.reserve('attacker')).fail();
    expect(brake.reserve('attacker').throttled).toBe(true);
    expect(brake.reserve('portal').throttled).toBe(false);
  });

  it('Retry-After: until the oldest failure leaves the window', () => {
    const { brake, clock } = setup(3);
    slot(brake.reserve('a')).fail(); // t0
    clock.advance(60_000);
    slot(brake.reserve('a')).fail(); // t0 + 60 s
    clock.advance(60_000);
    slot(brake.reserve('a')).fail(); // t0 + 120 s
    clock.advance(1_500);
    // the first failure leaves at t0 + 900 s; now is t0 + 121.5 s
    expect(refusal(brake.reserve('a')).retryAfterSeconds).toBe(Math.ceil((WINDOW_MS - 121_500) / 1000));
  });

  it('Retry-After: a whole window when the slots are held by checks in flight', () => {
    const { brake } = setup(2);
    slot(brake.reserve('a'));
    slot(brake.reserve('a'));
    expect(refusal(brake.reserve('a')).retryAfterSeconds).toBe(WINDOW_MS / 1000);
  });

  it('Retry-After is at least 1 second', () => {
    const { brake, clock } = setup(1);
    slot(brake.reserve('a')).fail();
    clock.advance(WINDOW_MS - 1);
    expect(refusal(brake.reserve('a')).retryAfterSeconds).toBe(1);
  });

  it('lets the address in again once the window has passed (sliding)', () => {
    const { brake, clock } = setup(2);
    slot(brake.reserve('a')).fail();
    clock.advance(WINDOW_MS / 2);
    slot(brake.reserve('a')).fail();
    expect(brake.reserve('a').throttled).toBe(true);
    clock.advance(WINDOW_MS / 2);
    // the first failure is exactly one window old: gone; the second is not
    slot(brake.reserve('a')).fail();
    expect(brake.reserve('a').throttled).toBe(true);
    clock.advance(WINDOW_MS);
    expect(brake.reserve('a').throttled).toBe(false);
  });

  it('reports throttled requests as first/count per address and window', () => {
    const { brake, clock } = setup(1);
    slot(brake.reserve('a')).fail();
    slot(brake.reserve('b')).fail();
    expect(refusal(brake.reserve('a'))).toMatchObject({ first: true, count: 1 });
    expect(refusal(brake.reserve('a'))).toMatchObject({ first: false, count: 2 });
    expect(refusal(brake.reserve('b'))).toMatchObject({ first: true, count: 1 });
    expect(refusal(brake.reserve('a'))).toMatchObject({ first: false, count: 3 });
    clock.advance(WINDOW_MS);
    // a new window: the failure is gone, a new one throttles again, and a new row is due
    slot(brake.reserve('a')).fail();
    expect(refusal(brake.reserve('a'))).toMatchObject({ first: true, count: 1 });
  });

  it('forgets the latest failure of an address (the homologation runner’s own)', () => {
    const { brake } = setup(1);
    slot(brake.reserve('a')).fail();
    brake.forgetLatestFailure('a');
    brake.forgetLatestFailure('nobody');
    expect(brake.reserve('a').throttled).toBe(false);
  });

  it('keeps memory bounded under a flood of addresses, and forgets idle ones', () => {
    const { brake } = setup(10, 1_000);
    for (let i = 0; i < 50_000; i += 1) slot(brake.reserve(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)).fail();
    expect(brake.trackedAddresses()).toBe(1_000);
    // the most recent ones are kept
    for (let i = 0; i < 9; i += 1) slot(brake.reserve('10.0.195.79')).fail();
    expect(brake.reserve('10.0.195.79').throttled).toBe(true);

    const fresh = setup(10, 1_000).brake;
    for (let i = 0; i < 5_000; i += 1) slot(fresh.reserve(`portal-${i}`)).release();
    expect(fresh.trackedAddresses()).toBe(0);
  });

  it('never forgets an address while its check is in flight', () => {
    const { brake } = setup(1, 10);
    const inFlight = slot(brake.reserve('attacker'));
    for (let i = 0; i < 1_000; i += 1) slot(brake.reserve(`flood-${i}`)).fail();
    expect(brake.trackedAddresses()).toBeLessThanOrEqual(11);
    expect(brake.reserve('attacker').throttled).toBe(true);
    inFlight.fail();
    expect(brake.reserve('attacker').throttled).toBe(true);
  });
});
