import { createCredentialVerifier } from '../../server/src/delivery/credential-verifier';

/** A verification that settles when the test says so. */
const deferred = () => {
  let settle!: (verdict: boolean) => void;
  const promise = new Promise<boolean>((resolve) => (settle = resolve));
  return { promise, settle };
};

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('the credential verifier', () => {
  it('runs `concurrency` verifications at once, queues `maxWaiting`, and turns the rest away', async () => {
    const verifier = createCredentialVerifier({ concurrency: 1, maxWaiting: 2, maxRememberedWrong: 100 });
    const works = Array.from({ length: 4 }, () => deferred());
    let started = 0;
    const flights = works.map((work, i) =>
      verifier.verify(`k${i}`, () => {
        started += 1;
        return work.promise;
      })
    );
    await tick();
    expect(started).toBe(1);
    expect(flights.map((flight) => flight !== null)).toEqual([true, true, true, false]);
    expect(verifier.load()).toEqual({ running: 1, waiting: 2 });

    works[0].settle(false);
    await tick();
    expect(started).toBe(2);
    works[1].settle(false);
    works[2].settle(true);
    await expect(Promise.all(flights.slice(0, 3))).resolves.toEqual([false, false, true]);
    expect(verifier.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('shares one verification between simultaneous checks of one credential', async () => {
    const verifier = createCredentialVerifier({ concurrency: 1, maxWaiting: 0, maxRememberedWrong: 100 });
    const work = deferred();
    let runs = 0;
    const verify = () =>
      verifier.verify('portal', () => {
        runs += 1;
        return work.promise;
      });
    const flights = Array.from({ length: 50 }, verify);
    expect(flights.every((flight) => flight === flights[0])).toBe(true);
    expect(verifier.inFlight('portal')).toBe(flights[0]);
    work.settle(true);
    await flights[0];
    expect(runs).toBe(1);
    expect(verifier.known('portal')).toBe(true);
    expect(verifier.inFlight('portal')).toBeUndefined();
  });

  it('a flood of wrong credentials cannot push the right verdict out', async () => {
    const verifier = createCredentialVerifier({ concurrency: 4, maxWaiting: 10_000, maxRememberedWrong: 10 });
    await verifier.verify('portal', async () => true);
    await Promise.all(Array.from({ length: 500 }, (_, i) => verifier.verify(`wrong-${i}`, async () => false)));
    expect(verifier.known('portal')).toBe(true);
    expect(verifier.known('wrong-499')).toBe(false);
    expect(verifier.known('wrong-0')).toBeUndefined();
  });

  it('`bounded: false` queues even when full (an admin’s check)', async () => {
    const verifier = createCredentialVerifier({ concurrency: 1, maxWaiting: 0, maxRememberedWrong: 10 });
    const work = deferred();
    verifier.verify('a', () => work.promise);
    expect(verifier.verify('b', async () => true)).toBeNull();
    const admin = verifier.verify('b', async () => true, { bounded: false });
    expect(admin).not.toBeNull();
    work.settle(false);
    await expect(admin).resolves.toBe(true);
  });

  it('does not remember a verification that failed, and frees its place', async () => {
    const verifier = createCredentialVerifier({ concurrency: 1, maxWaiting: 0, maxRememberedWrong: 10 });
    await expect(
      verifier.verify('a', () => {
        throw new Error('scrypt: memory limit exceeded');
      })
    ).rejects.toThrow('memory limit');
    expect(verifier.known('a')).toBeUndefined();
    await expect(verifier.verify('a', async () => true)).resolves.toBe(true);
  });

  it('Retry-After grows with the queue, from 1 second', async () => {
    let time = 0;
    const verifier = createCredentialVerifier({ concurrency: 1, maxWaiting: 100, maxRememberedWrong: 10, now: () => time });
    expect(verifier.retryAfterSeconds()).toBe(1);
    // teach it that a verification takes 500 ms
    for (let i = 0; i < 30; i += 1) {
      await verifier.verify(`slow-${i}`, async () => {
        time += 500;
        return false;
      });
    }
    const blocker = deferred();
    verifier.verify('blocker', () => blocker.promise);
    for (let i = 0; i < 20; i += 1) verifier.verify(`queued-${i}`, async () => false);
    // 21 verifications of ~500 ms, one at a time
    expect(verifier.retryAfterSeconds()).toBeGreaterThanOrEqual(10);
    expect(verifier.retryAfterSeconds()).toBeLessThanOrEqual(11);
    blocker.settle(false);
  });
});
