import type { Core } from '@strapi/strapi';
import { batchLoader, rowFor } from '../../server/src/utils/batch-loader';

/** What the loader asks of Strapi: whether the caller is inside a transaction. */
const strapiIn = (transaction: { open: boolean }) =>
  ({ db: { inTransaction: () => transaction.open } }) as unknown as Core.Strapi;

describe('rowFor', () => {
  const rows = [
    { code: 'ABC-1', owner: 1 },
    { code: 'abc-1', owner: 2 },
    { code: 'Código', owner: 1 },
  ];
  const code = (row: { code: string }) => row.code;

  it('prefers the row with exactly the key', () => {
    expect(rowFor(rows, code, 'abc-1')).toBe(rows[1]);
    expect(rowFor(rows, code, 'ABC-1')).toBe(rows[0]);
  });

  it('else takes a row equal but for case and accents, as MySQL matched it', () => {
    expect(rowFor(rows, code, 'Abc-1')).toBe(rows[0]);
    expect(rowFor(rows, code, 'CODIGO')).toBe(rows[2]);
    expect(rowFor(rows, code, 'abc-2')).toBeNull();
  });

  it('only among the rows that belong to the key', () => {
    expect(rowFor(rows, code, 'abc-1', (row) => row.owner === 1)).toBe(rows[0]);
    expect(rowFor(rows, code, 'codigo', (row) => row.owner === 2)).toBeNull();
  });
});

describe('batchLoader', () => {
  it('reads the keys asked for in one turn of the event loop together, and caches nothing', async () => {
    const batches: string[][] = [];
    const loader = batchLoader<string, string>(strapiIn({ open: false }), async (keys) => {
      batches.push([...keys]);
      return keys.map((key) => (key === 'none' ? null : key.toUpperCase()));
    });
    expect(await Promise.all([loader.load('a'), loader.load('b'), loader.load('none')])).toEqual(['A', 'B', null]);
    expect(await loader.load('a')).toBe('A');
    expect(batches).toEqual([['a', 'b', 'none'], ['a']]);
  });

  it('reads at once, alone, for a caller inside a transaction', async () => {
    const transaction = { open: true };
    const batches: string[][] = [];
    const loader = batchLoader<string, string>(strapiIn(transaction), async (keys) => {
      batches.push([...keys]);
      return keys.map((key) => key.toUpperCase());
    });
    expect(await Promise.all([loader.load('a'), loader.load('b')])).toEqual(['A', 'B']);
    expect(batches).toEqual([['a'], ['b']]);
  });
});
