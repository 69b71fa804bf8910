/**
 * The brake on guessing the portal secret: at most `limit` failed credentials per address within
 * a sliding window. Per process and in memory: a brake, not a ledger.
 *
 * A check takes a slot synchronously, before any await, and gives it back on success or keeps it
 * as a failure: so simultaneous guesses from one address can never get more than `limit` checks,
 * however many arrive in the same turn of the event loop.
 */

export interface BrakeOptions {
  /** Failures (and checks in flight) one address may have within the window. */
  limit: number;
  windowMs: number;
  /** Addresses remembered at most; the least recently seen are forgotten first. */
  maxAddresses?: number;
  now?: () => number;
}

/** A credential check the address may make. Settle it exactly once (later calls do nothing). */
export interface BrakeSlot {
  throttled: false;
  /** The credential was right: the slot is free again. */
  release(): void;
  /** The credential was wrong: the slot stays taken until the window has passed. */
  fail(): void;
}

/**
 * The address has used its slots. `first`/`count`: this is the count-th throttled request of the
 * address in its current throttling window (`first` for the first), so one log row per address
 * and window can stand for them all.
 */
export interface BrakeRefusal {
  throttled: true;
  /** Seconds until a slot frees, as `Retry-After` wants them (≥ 1). */
  retryAfterSeconds: number;
  first: boolean;
  count: number;
}

export interface Brake {
  reserve(address: string): BrakeSlot | BrakeRefusal;
  /** Forgets the latest failure of an address (the homologation runner's own wrong credential). */
  forgetLatestFailure(address: string): void;
  /** How many addresses are remembered now. */
  trackedAddresses(): number;
}

interface AddressRecord {
  /** Times of failures within the window, oldest first. */
  failures: number[];
  /** Slots taken by checks in flight. */
  pending: number;
  /** The current throttling window: until when, and how many were refused in it. */
  throttling: { until: number; count: number } | null;
}

export const DEFAULT_MAX_ADDRESSES = 10_000;

export const createBrake = ({ limit, windowMs, maxAddresses = DEFAULT_MAX_ADDRESSES, now = Date.now }: BrakeOptions): Brake => {
  /** Insertion order is recency: each access moves an address to the end. */
  const records = new Map<string, AddressRecord>();

  const isIdle = (record: AddressRecord, time: number) =>
    record.failures.length === 0 && record.pending === 0 && (record.throttling === null || record.throttling.until <= time);

  const prune = (record: AddressRecord, time: number) => {
    const since = time - windowMs;
    let expired = 0;
    while (expired < record.failures.length && record.failures[expired] <= since) expired += 1;
    if (expired) record.failures.splice(0, expired);
  };

  /** A flood of addresses must not grow the map without end: forget the least recently seen. */
  const evict = () => {
    for (const [address, record] of records) {
      if (records.size <= maxAddresses) return;
      // a check in flight settles on its record: keep those (at most the checks in flight)
      if (record.pending === 0) records.delete(address);
    }
  };

  const touch = (address: string, time: number): AddressRecord => {
    const record = records.get(address) ?? { failures: [], pending: 0, throttling: null };
    records.delete(address);
    records.set(address, record);
    prune(record, time);
    if (records.size > maxAddresses) evict();
    return record;
  };

  const forgetIfIdle = (address: string, record: AddressRecord, time: number) => {
    if (records.get(address) === record && isIdle(record, time)) records.delete(address);
  };

  /**
   * Slots free as failures leave the window, oldest first. Checks in flight are counted as
   * failures made now: an attacker's are, and a right credential frees its slot sooner.
   */
  const secondsUntilFree = (record: AddressRecord, time: number): number => {
    const needed = record.failures.length + record.pending - limit + 1;
    const freeAt = needed <= record.failures.length ? record.failures[needed - 1] + windowMs : time + windowMs;
    return Math.max(1, Math.ceil((freeAt - time) / 1000));
  };

  return {
    reserve(address) {
      const time = now();
      const record = touch(address, time);
      if (record.failures.length + record.pending >= limit) {
        const fresh = record.throttling === null || record.throttling.until <= time;
        if (fresh) record.throttling = { until: time + windowMs, count: 0 };
        const throttling = record.throttling as { until: number; count: number };
        throttling.count += 1;
        return { throttled: true, retryAfterSeconds: secondsUntilFree(record, time), first: fresh, count: throttling.count };
      }

      record.pending += 1;
      let settled = false;
      const settle = (failed: boolean) => {
        if (settled) return;
        settled = true;
        record.pending -= 1;
        const at = now();
        if (failed) {
          // keep the times in order even if the clock steps back
          const last = record.failures[record.failures.length - 1] ?? at;
          record.failures.push(Math.max(at, last));
        } else {
          forgetIfIdle(address, record, at);
        }
      };
      return { throttled: false, release: () => settle(false), fail: () => settle(true) };
    },

    forgetLatestFailure(address) {
      const record = records.get(address);
      if (!record) return;
      record.failures.pop();
      forgetIfIdle(address, record, now());
    },

    trackedAddresses: () => records.size,
  };
};
