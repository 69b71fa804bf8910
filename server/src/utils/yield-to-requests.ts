/**
 * Lets the event loop take I/O (requests waiting to be read) before going on. A long job made of
 * many queries needs it between steps on SQLite: better-sqlite3 answers each query at once, so the
 * job's promises settle one after the other as microtasks and no request is read until it ends.
 */
export const yieldToRequests = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * A background job's rest after a step that took `busyMs`: as long again (at most `maxMs`), so
 * that requests get at least half of the time, whichever database, while the job goes on.
 */
export const restAfter = (busyMs: number, maxMs = 100): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(busyMs, maxMs))));
