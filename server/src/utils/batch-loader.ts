import type { Core } from '@strapi/strapi';
import DataLoader from 'dataloader';

export interface BatchLoader<K, V> {
  load(key: K): Promise<V | null>;
  loadMany(keys: K[]): Promise<(V | null)[]>;
}

/**
 * A DataLoader for reads that many requests make at once: keys asked for during one turn of the
 * event loop (or within `windowMs`) are read with one query. Nothing is cached: each key is read
 * when asked for, so a batch never gives an older answer than a query of its own would.
 *
 * A caller inside a transaction reads at once, alone: a batch runs later, in the context of
 * whoever asked first, and must not run on (or after) someone's transaction.
 */
export const batchLoader = <K, V>(
  strapi: Core.Strapi,
  read: (keys: readonly K[]) => Promise<(V | null)[]>,
  { windowMs }: { windowMs?: number } = {}
): BatchLoader<K, V> => {
  const loader = new DataLoader<K, V | null>(read, {
    cache: false,
    maxBatchSize: 200,
    batchScheduleFn: (run) => {
      if (windowMs) setTimeout(run, windowMs);
      else setImmediate(run);
    },
  });
  const loadMany = async (keys: K[]): Promise<(V | null)[]> => {
    if (strapi.db.inTransaction()) return keys.length ? read(keys) : [];
    const values = await loader.loadMany(keys);
    return values.map((value) => {
      if (value instanceof Error) throw value;
      return value;
    });
  };
  return { load: async (key) => (await loadMany([key]))[0], loadMany };
};

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
