import DataLoader from 'dataloader';

/**
 * A DataLoader for reads that many requests make at once: keys asked for during one turn of the
 * event loop (or within `windowMs`) are read with one query. Nothing is cached: each key is read
 * when asked for, so a batch never gives an older answer than a query of its own would.
 */
export const batchLoader = <K, V>(
  load: (keys: readonly K[]) => Promise<(V | null)[]>,
  { windowMs }: { windowMs?: number } = {}
): DataLoader<K, V | null> =>
  new DataLoader<K, V | null>(load, {
    cache: false,
    maxBatchSize: 200,
    batchScheduleFn: (run) => {
      if (windowMs) setTimeout(run, windowMs);
      else setImmediate(run);
    },
  });

/** Equal but for letter case and accents, as MySQL's default collations compare text. */
const sameText = (a: string, b: string) => a.localeCompare(b, 'en', { sensitivity: 'base' }) === 0;

/**
 * The row a batch read found for one key: the one with exactly that text, else one the database
 * took for it (MySQL matches `ABC` for `abc`, as a query of its own would have).
 */
export const rowFor = <R>(
  rows: R[],
  textOf: (row: R) => string,
  key: string,
  where: (row: R) => boolean = () => true
): R | null =>
  rows.find((row) => where(row) && textOf(row) === key) ?? rows.find((row) => where(row) && sameText(textOf(row), key)) ?? null;
