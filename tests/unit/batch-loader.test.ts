import { batchLoader, rowFor } from '../../server/src/utils/batch-loader';

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
    const loader = batchLoader<string, string>(async (keys) => {
      batches.push([...keys]);
      return keys.map((key) => (key === 'none' ? null : key.toUpperCase()));
    });
    expect(await Promise.all([loader.load('a'), loader.load('b'), loader.load('none')])).toEqual(['A', 'B', null]);
    expect(await loader.load('a')).toBe('A');
    expect(batches).toEqual([['a', 'b', 'none'], ['a']]);
  });
});
