import { stringify } from 'csv-stringify/sync';

/**
 * First characters that make a spreadsheet read a cell as a formula (OWASP "CSV Injection"):
 * `=`, `+`, `-`, `@`, tab, carriage return, and the full-width forms Apple Numbers turns into
 * them — the list csv-stringify's `escape_formulas` neutralises.
 */
export const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Rows as CSV (comma-separated, `\n` records, a header line of `columns`), every cell safe to
 * open in a spreadsheet: a text starting with a formula character gets a `'` in front and is
 * quoted, as OWASP advises. A negative number keeps its sign (it is no formula).
 *
 * No exception is made for phone numbers: the leads' fields come from the portal, and telling a
 * harmless `+55 48 99123-4567` from `+cmd|…` would mean guessing how each spreadsheet parses a
 * formula. `'+5548991234567` stays readable; a program reading the file drops one leading `'`
 * before a formula character.
 *
 * Cells: strings, numbers and booleans as they are, null and undefined empty, dates as ISO 8601
 * instants, anything else as JSON.
 *
 * `bom`: start with a UTF-8 byte order mark, so that Excel reads the accents right.
 */
export const toCsv = (
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  { bom = false }: { bom?: boolean } = {}
): string =>
  stringify(rows as unknown[][], {
    header: true,
    columns: [...columns],
    bom,
    escape_formulas: true,
    quoted_match: FORMULA_START,
    cast: { date: (date) => date.toISOString() },
  });
