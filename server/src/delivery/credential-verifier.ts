/**
 * Verdicts on credentials (is this password one of the secret hashes in force?), worked out by
 * scrypt, which costs tens of milliseconds of a core by design. So that a flood of wrong
 * passwords cannot take the CPU from the portal:
 * - verdicts are remembered: the portal's secret is hashed once per process, not per lead; the
 *   good ones apart from the bad ones, so a flood of wrong passwords cannot push the portal's
 *   verdict out;
 * - simultaneous checks of one credential share one verification;
 * - verifications run `concurrency` at a time with at most `maxWaiting` waiting; beyond that a
 *   new credential is turned away at once (the caller answers 503 with Retry-After).
 * Keys are digests chosen by the caller (never the secret itself).
 */

export interface VerifierOptions {
  concurrency: number;
  maxWaiting: number;
  /** Wrong credentials remembered at most (least recently used forgotten first). */
  maxRememberedWrong: number;
  /** Right credentials remembered at most: only the secrets in force can get there. */
  maxRememberedRight?: number;
  now?: () => number;
}

export interface CredentialVerifier {
  /** The remembered verdict on this credential, if any. */
  known(key: string): boolean | undefined;
  /** The verification of this credential under way, if any. */
  inFlight(key: string): Promise<boolean> | undefined;
  /**
   * Queues the verification of a credential (or joins the one under way), or null when the
   * queue is full. `bounded: false` queues it anyway (an admin's check, never a delivery's).
   */
  verify(key: string, work: () => Promise<boolean>, options?: { bounded?: boolean }): Promise<boolean> | null;
  /** Seconds until the queue has likely drained (≥ 1), for `Retry-After`. */
  retryAfterSeconds(): number;
  /** Verifications running and waiting. */
  load(): { running: number; waiting: number };
}

/** A first guess of one verification's time, until one was measured. */
const INITIAL_ESTIMATE_MS = 100;

export const createCredentialVerifier = ({
  concurrency,
  maxWaiting,
  maxRememberedWrong,
  maxRememberedRight = 16,
  now = Date.now,
}: VerifierOptions): CredentialVerifier => {
  const right = new Map<string, true>();
  const wrong = new Map<string, false>();
  const flights = new Map<string, Promise<boolean>>();
  const waiting: Array<() => void> = [];
  let running = 0;
  let averageMs = INITIAL_ESTIMATE_MS;

  const remember = (key: string, verdict: boolean) => {
    const store: Map<string, boolean> = verdict ? right : wrong;
    const bound = verdict ? maxRememberedRight : maxRememberedWrong;
    store.delete(key);
    store.set(key, verdict);
    if (store.size > bound) store.delete(store.keys().next().value as string);
  };

  const runNext = () => {
    while (running < concurrency && waiting.length) {
      running += 1;
      (waiting.shift() as () => void)();
    }
  };

  const schedule = (key: string, work: () => Promise<boolean>): Promise<boolean> => {
    const flight = new Promise<boolean>((resolve, reject) => {
      waiting.push(() => {
        const started = now();
        // the flight ends before its callers resume: they find the verdict, not a settled flight
        const land = () => {
          flights.delete(key);
          running -= 1;
          runNext();
        };
        Promise.resolve()
          .then(work)
          .then(
            (verdict) => {
              remember(key, verdict);
              averageMs = averageMs * 0.8 + Math.max(1, now() - started) * 0.2;
              land();
              resolve(verdict);
            },
            (error: unknown) => {
              land();
              reject(error);
            }
          );
      });
    });
    flights.set(key, flight);
    runNext();
    return flight;
  };

  return {
    known(key) {
      if (right.has(key)) return true;
      if (!wrong.has(key)) return undefined;
      // recently used: keep it (a portal retrying with an old secret costs no scrypt)
      wrong.delete(key);
      wrong.set(key, false);
      return false;
    },

    inFlight: (key) => flights.get(key),

    verify(key, work, { bounded = true } = {}) {
      const flight = flights.get(key);
      if (flight) return flight;
      const full = running >= concurrency && waiting.length >= maxWaiting;
      if (bounded && full) return null;
      return schedule(key, work);
    },

    retryAfterSeconds: () => Math.max(1, Math.ceil((((running + waiting.length) / concurrency) * averageMs) / 1000)),

    load: () => ({ running, waiting: waiting.length }),
  };
};
