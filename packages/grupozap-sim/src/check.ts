import { matches, standardCases, type Expected } from '../../../shared/portal/cases';
import { sendAsPortal } from '../../../shared/portal/client';

export interface CheckOptions {
  secret: string;
  username: string;
  advertiser?: string;
  listing: string;
  timeoutMs: number;
  retries: number;
  retryDelayMs: number;
  json: boolean;
}

export interface CheckRow {
  case: string;
  expected: Expected;
  got: number;
  attempts: number;
  ms: number;
  pass: boolean;
  error?: string;
}

export const endpointOf = (url: string, advertiser?: string) =>
  advertiser ? `${url.replace(/\/+$/, '')}/${encodeURIComponent(advertiser)}` : url;

/** Sends the standard cases one after the other and gives one verdict row per case. */
export const runCheck = async (url: string, options: CheckOptions, onRow: (row: CheckRow) => void = () => {}) => {
  const endpoint = endpointOf(url, options.advertiser);
  const rows: CheckRow[] = [];
  for (const simCase of standardCases({ secret: options.secret, listing: options.listing })) {
    const result = await sendAsPortal({
      url: endpoint,
      username: options.username,
      password: simCase.password ?? options.secret,
      body: simCase.body,
      timeoutMs: options.timeoutMs,
      retries: options.retries,
      retryDelayMs: options.retryDelayMs,
    });
    const row: CheckRow = {
      case: simCase.name,
      expected: simCase.expected,
      got: result.status,
      attempts: result.attempts,
      ms: result.ms,
      pass: matches(simCase.expected, result.status),
      ...(result.error ? { error: result.error } : {}),
    };
    rows.push(row);
    onRow(row);
  }
  return { endpoint, rows, passed: rows.every((row) => row.pass) };
};

export const formatTable = (rows: CheckRow[]): string => {
  const header = ['case', 'expected', 'got', 'time', 'result'];
  const lines = rows.map((row) => [
    row.case,
    String(row.expected),
    row.got ? String(row.got) : `none (${row.error ?? 'no answer'})`,
    `${row.ms} ms${row.attempts > 1 ? ` (${row.attempts} tries)` : ''}`,
    row.pass ? 'pass' : 'FAIL',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)));
  const format = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ');
  return [format(header), format(widths.map((width) => '-'.repeat(width))), ...lines.map(format)].join('\n');
};
