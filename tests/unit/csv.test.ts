import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { FORMULA_START, toCsv } from '../../server/src/utils/csv';

/** The cells of `csv` as a spreadsheet or a program reads them back. */
const read = (csv: string): string[][] => parse(csv, { bom: true, relax_column_count: false });

const FORMULA_CHARACTERS = ['=', '+', '-', '@', '\t', '\r', '\uFF1D', '\uFF0B', '\uFF0D', '\uFF20'];

/** Any text, often one a spreadsheet would take for a formula, with CSV's own characters in it. */
const cell = fc.oneof(
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc
    .tuple(
      fc.constantFrom(...FORMULA_CHARACTERS),
      fc.string({ unit: fc.constantFrom('=', '"', ',', '\n', '\r', "'", ' ', 'A', '1', '(', ')') })
    )
    .map(([first, rest]) => first + rest)
);

describe('toCsv', () => {
  it.each([
    ['=HYPERLINK("http://x")', `'=HYPERLINK("http://x")`],
    ['@SUM(1)', "'@SUM(1)"],
    ['+55 48 99123-4567', "'+55 48 99123-4567"],
    ['-2+3', "'-2+3"],
    ['\t=1', "'\t=1"],
    ['\r=1', "'\r=1"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ["'=1", "'=1"], // already starts with a quote: no formula, left alone
    [' =1', ' =1'], // a leading space makes it text
    ['João', 'João'],
    ['a=b', 'a=b'],
  ])('%j is read back as %j', (value, expected) => {
    expect(read(toCsv(['value'], [[value]]))[1]).toEqual([expected]);
  });

  it('quotes a neutralised cell, and leaves other cells as csv-stringify writes them', () => {
    expect(toCsv(['a', 'b', 'c'], [['=1+1', 'plain', 'with,comma']])).toBe(`a,b,c\n"'=1+1",plain,"with,comma"\n`);
  });

  it('keeps numbers (negative ones too), booleans, empty cells and dates', () => {
    const csv = toCsv(
      ['n', 'm', 'b', 'empty', 'none', 'date'],
      [[42, -5, false, null, undefined, new Date('2025-03-01T13:00:00Z')]]
    );
    expect(read(csv)[1]).toEqual(['42', '-5', '', '', '', '2025-03-01T13:00:00.000Z']);
  });

  it('neutralises the header too', () => {
    expect(read(toCsv(['=x'], []))[0]).toEqual(["'=x"]);
  });

  it('starts with a byte order mark when asked', () => {
    expect(toCsv(['a'], [['é']], { bom: true })).toBe('\uFEFFa\né\n');
    expect(toCsv(['a'], [['é']]).startsWith('a')).toBe(true);
  });

  it('any text is read back as itself, or as a quote and itself when it could be a formula', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const back = read(toCsv(['a', 'b', 'c'], rows, { bom: true })).slice(1);
        expect(back).toHaveLength(rows.length);
        back.forEach((row, r) =>
          row.forEach((value, c) => {
            const written = rows[r][c];
            expect(value).toBe(FORMULA_START.test(written) ? `'${written}` : written);
            expect(FORMULA_START.test(value)).toBe(false);
          })
        );
      }),
      { numRuns: 500 }
    );
  });
});
