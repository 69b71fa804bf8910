import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { createAdvertiser, createListing } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', '..', 'packages', 'grupozap-sim', 'bin', 'grupozap-sim.js');

let app: TestApp;
let endpoint: string;

/** Runs the CLI as a user would; resolves with its exit code and output. */
const sim = async (...args: string[]) => {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
};

beforeAll(async () => {
  app = await startTestApp();
  const agency = await createAdvertiser(app.strapi, { name: 'Jardim', slug: 'jardim', document: '11222333000181' });
  await createListing(app.strapi, { clientListingId: 'SIM-001', advertiser: agency.documentId });
  endpoint = `${await app.listen()}/api/grupozap/lead`;
  // the failing checks below send many wrong secrets from 127.0.0.1; keep the brake out of the way
  app.strapi.config.set('plugin::grupozap.authFailureLimit', 1000);
});

afterAll(async () => {
  await app?.stop();
});

it('check: every standard case passes against the plugin, exit code 0', async () => {
  const { code, stdout } = await sim(
    'check',
    endpoint,
    '--secret',
    TEST_SECRET,
    '--advertiser',
    'jardim',
    '--retry-delay',
    '10',
    '--json'
  );
  const verdict = JSON.parse(stdout);
  expect(verdict.cases.filter((row: { pass: boolean }) => !row.pass)).toEqual([]);
  expect(verdict.cases.map((row: { case: string; got: number }) => [row.case, row.got])).toEqual([
    ['current payload', 201],
    ['legacy: zone-less timestamp, phoneNumber only', 201],
    ['MCMV lead without listing', 201],
    ['unknown fields and enum values', 201],
    ['duplicate of the current payload', 200],
    ['wrong credential', 401],
    ['missing clientListingId', 422],
    ['malformed JSON', 400],
  ]);
  // the portal retries refusals: 1 + 3 tries for each refused case
  expect(verdict.cases.find((row: { case: string }) => row.case === 'wrong credential').attempts).toBe(4);
  expect(code).toBe(0);
});

it('check: prints a table, and exits 1 when the endpoint does not behave', async () => {
  const { code, stdout } = await sim('check', endpoint, '--secret', 'not-the-secret', '--advertiser', 'jardim', '--retries', '0');
  expect(code).toBe(1);
  expect(stdout).toMatch(/case\s+expected\s+got\s+time\s+result/);
  expect(stdout).toMatch(/current payload\s+201\s+401 .*FAIL/);
  expect(stdout).toMatch(/SOME CASES FAIL/);
});

it('load: posts unique leads and redeliveries; every answer is 2xx and no lead is lost or doubled', async () => {
  const before = await app.strapi.db.query('plugin::grupozap.lead').count();
  const { code, stdout } = await sim(
    'load',
    `${endpoint}/jardim`,
    '--secret',
    TEST_SECRET,
    '--listing',
    'SIM-001',
    '--connections',
    '4',
    '--duration',
    '2',
    '--duplicates',
    '0.3',
    '--json'
  );
  expect(code).toBe(0);
  const report = JSON.parse(stdout);
  // a few requests at least (how many fit in 2 s depends on the machine's load)
  expect(report.requests).toBeGreaterThan(4);
  expect(Object.keys(report.statuses).filter((status) => status !== '200' && status !== '201')).toEqual([]);
  expect(report.statuses['201']).toBeGreaterThan(0);
  expect(report.latencyMs.p50).toBeLessThanOrEqual(report.latencyMs.p95);
  expect(report.latencyMs.p95).toBeLessThanOrEqual(report.latencyMs.p99);
  // every 201 is one new row; requests still in flight when the time ran out (at most one per
  // connection) may have stored a lead whose answer was not counted
  const stored = (await app.strapi.db.query('plugin::grupozap.lead').count()) - before;
  expect(stored).toBeGreaterThanOrEqual(report.statuses['201']);
  expect(stored).toBeLessThanOrEqual(report.statuses['201'] + 4);
});
