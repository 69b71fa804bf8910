/**
 * `npm run bench`: one app, one database, one load tool (autocannon) and one number of
 * connections for every figure, so that the plugin is measured against the same Strapi:
 *   1. new-lead ingestion through the plugin route (BENCH_LEADS leads, 100,000 by default);
 *   2. redeliveries of those leads;
 *   3. Strapi's own REST create of a lead-shaped content type, with a full-access API token;
 *   4. Strapi's HEAD /_health (the ceiling of any route of this Strapi);
 *   5. the admin inbox API over all those leads: first page, a filter, a search; and, as the floor
 *      of any admin route of this Strapi, its own GET /admin/users/me (session, user, permissions);
 *   6. the server's RSS (after a full GC) before and after the ingestion.
 * DB=postgres (or mysql) runs it on a fresh database of that server; SQLite by default, in WAL
 * mode (BENCH_SQLITE_JOURNAL=delete: SQLite's default rollback journal). BENCH_REQUEST_LOG=1
 * turns Strapi's request logger on, as an app that keeps the default log level has it.
 * Writes the results as JSON to .tmp/bench-<db>.json.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { currentLead } from '../shared/portal/cases';
import { measure, type Measurement } from '../packages/grupozap-sim/src/measure';
import { createTestDatabase, type TestDb } from '../tests/helpers/databases';
import { startServer } from './start-server';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const LEADS = Number(process.env.BENCH_LEADS ?? 100_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SECRET = 'bench-secret-0123456789';
const db = (process.env.DB ?? 'sqlite') as TestDb;
/** SQLite's journal: `wal` (the playground's) or `delete` (SQLite's default, a Strapi app that does not set it). */
const SQLITE_JOURNAL = process.env.BENCH_SQLITE_JOURNAL === 'delete' ? 'delete' : 'wal';
/** BENCH_REQUEST_LOG=1: Strapi's request logger on (level `http`, a line per request, as an app's default). */
const REQUEST_LOG = process.env.BENCH_REQUEST_LOG === '1';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** Resident memory of the server, in MB, as the kernel counts it, after a full collection. */
const rssMb = async (child: ChildProcess): Promise<number> => {
  child.kill('SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
};

const ms = (value: number) => value.toFixed(1).padStart(8);

const row = (name: string, m: Measurement) =>
  [
    name.padEnd(34),
    m.throughput.toFixed(0).padStart(8),
    ms(m.latencyMs.p50),
    ms(m.latencyMs.p95),
    ms(m.latencyMs.p99),
    ms(m.latencyMs.max),
    `  ${Object.entries(m.statuses)
      .map(([status, count]) => `${status}:${count}`)
      .join(' ')}`,
  ].join('');

(async () => {
  // durable: the databases' defaults, as in production (a lead answered is on disk)
  const database = await createTestDatabase(db, { durable: true });
  const setup = `${db}${db === 'sqlite' ? ` (journal ${SQLITE_JOURNAL})` : ''}, request log ${REQUEST_LOG ? 'on' : 'off'}`;
  log(`bench: ${setup}, ${CONNECTIONS} connections, ${LEADS} leads, ${SECONDS} s per timed phase`);
  const { child, ready, stop } = await startServer({
    ...database.env,
    DATABASE_SQLITE_JOURNAL: SQLITE_JOURNAL,
    NODE_ENV: 'production',
    LOG_LEVEL: REQUEST_LOG ? 'http' : 'warn',
    GRUPOZAP_SECRET_KEY: SECRET,
    GRUPOZAP_DEMO: 'false',
  });
  const base = `http://127.0.0.1:${ready.port}`;
  const leadUrl = `${base}/api/grupozap/lead/bench`;
  const portalHeaders = {
    authorization: `Basic ${Buffer.from(`vivareal:${SECRET}`).toString('base64')}`,
    'content-type': 'application/json',
  };
  const runId = randomUUID().slice(0, 8);
  const temperatures = ['Alta', 'Média', 'Baixa'];
  const names = ['Carla Souza', 'João da Silva', 'Maria Oliveira', 'Pedro Santos', 'Ana Lima'];
  let sent = 0;
  const nextLead = () => {
    sent += 1;
    return JSON.stringify({
      ...currentLead(`bench-${runId}-${sent}`, 'BENCH-1'),
      name: `${names[sent % names.length]} ${sent}`,
      temperature: temperatures[sent % temperatures.length],
    });
  };

  try {
    // warm-up: JIT, connection pools, statement caches
    await measure({
      url: leadUrl,
      method: 'POST',
      headers: portalHeaders,
      connections: CONNECTIONS,
      amount: 1000,
      body: nextLead,
    });
    const rssBefore = await rssMb(child);

    log(`bench: 1/6 ingesting ${LEADS} new leads…`);
    const ingestion = await measure({
      url: leadUrl,
      method: 'POST',
      headers: portalHeaders,
      connections: CONNECTIONS,
      amount: LEADS,
      body: nextLead,
      onProgress: (count) => count % 10_000 === 0 && log(`  ${count}`),
    });
    const rssAfter = await rssMb(child);

    log('bench: 2/6 redeliveries…');
    const redelivery = await measure({
      url: leadUrl,
      method: 'POST',
      headers: portalHeaders,
      connections: CONNECTIONS,
      durationSeconds: SECONDS,
      body: () => JSON.stringify(currentLead(`bench-${runId}-${1 + Math.floor(Math.random() * sent)}`, 'BENCH-1')),
    });

    log("bench: 3/6 Strapi's REST create…");
    let restCounter = 0;
    const restCreate = await measure({
      url: `${base}/api/contact-requests`,
      method: 'POST',
      headers: { authorization: `Bearer ${ready.apiToken}`, 'content-type': 'application/json' },
      connections: CONNECTIONS,
      durationSeconds: SECONDS,
      body: () => {
        const lead = currentLead(`rest-${runId}-${(restCounter += 1)}`, 'BENCH-1');
        return JSON.stringify({
          data: {
            originLeadId: lead.originLeadId,
            name: lead.name,
            email: lead.email,
            phone: lead.phone,
            message: lead.message,
            clientListingId: lead.clientListingId,
            payload: lead,
          },
        });
      },
    });

    log('bench: 4/6 HEAD /_health…');
    const health = await measure({ url: `${base}/_health`, method: 'HEAD', connections: CONNECTIONS, durationSeconds: SECONDS });

    log('bench: 5/6 the admin inbox API…');
    const login = await fetch(`${base}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ready.admin),
    });
    const adminHeaders = { authorization: `Bearer ${((await login.json()) as { data: { token: string } }).data.token}` };
    const inbox = (query: string) =>
      measure({
        url: `${base}/grupozap/leads?${query}`,
        headers: adminHeaders,
        connections: CONNECTIONS,
        durationSeconds: Math.max(3, SECONDS / 2),
      });
    const adminFloor = await measure({
      url: `${base}/admin/users/me`,
      headers: adminHeaders,
      connections: CONNECTIONS,
      durationSeconds: Math.max(3, SECONDS / 2),
    });
    const inboxFirstPage = await inbox('page=1&pageSize=25');
    const inboxFilter = await inbox('status=new&temperature=Alta&pageSize=25');
    // a search term travels in a body (request logs keep URLs)
    const inboxSearch = await measure({
      url: `${base}/grupozap/leads/search`,
      method: 'POST',
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      body: () => JSON.stringify({ q: 'maria', pageSize: 25 }),
      connections: CONNECTIONS,
      durationSeconds: Math.max(3, SECONDS / 2),
    });

    log('bench: 6/6 counting rows against answers…');
    // the report counts exactly (the inbox stops counting 1,000 leads past its page)
    const report = await fetch(`${base}/grupozap/reports`, { headers: adminHeaders });
    const storedLeads = ((await report.json()) as { data: { total: number } }).data.total;
    const created = 1000 + ingestion.requests; // warm-up + ingestion, every one a new lead

    const results = {
      date: new Date().toISOString(),
      database: db,
      sqliteJournal: db === 'sqlite' ? SQLITE_JOURNAL : null,
      requestLog: REQUEST_LOG,
      connections: CONNECTIONS,
      leads: LEADS,
      node: process.version,
      ingestion,
      redelivery,
      restCreate,
      health,
      adminFloor,
      inbox: { firstPage: inboxFirstPage, filter: inboxFilter, search: inboxSearch },
      rssMb: { before: Math.round(rssBefore), after: Math.round(rssAfter), growth: Math.round(rssAfter - rssBefore) },
      ratios: {
        ingestionOverRestCreate: ingestion.throughput / restCreate.throughput,
        ingestionOverHealth: ingestion.throughput / health.throughput,
      },
      integrity: { answered201: (ingestion.statuses['201'] ?? 0) + 1000, storedLeads, expected: created },
    };

    const header = `${'phase'.padEnd(34)}${'req/s'.padStart(8)}${['p50 ms', 'p95 ms', 'p99 ms', 'max ms'].map((title) => title.padStart(8)).join('')}  statuses`;
    const targets = [
      ['ingestion ≥ 5 × REST create', results.ratios.ingestionOverRestCreate >= 5],
      ['ingestion ≥ 0.4 × _health', results.ratios.ingestionOverHealth >= 0.4],
      ['ingestion p99 ≤ 50 ms', ingestion.latencyMs.p99 <= 50],
      ['redelivery at least as fast as a new lead', redelivery.throughput >= ingestion.throughput],
      [
        'inbox p95 ≤ 100 ms (first page, filter, search)',
        [inboxFirstPage, inboxFilter, inboxSearch].every((m) => m.latencyMs.p95 <= 100),
      ],
      ['no lead lost or doubled (rows = 201 answers)', storedLeads === results.integrity.answered201 && storedLeads === created],
      ['RSS growth ≤ 100 MB', results.rssMb.growth <= 100],
    ] as const;
    process.stdout.write(
      [
        '',
        `grupozap bench — ${setup}, ${CONNECTIONS} connections, ${results.date}`,
        header,
        row(`1 ingestion (${LEADS} new leads)`, ingestion),
        row('2 redelivery', redelivery),
        row('3 Strapi REST create', restCreate),
        row('4 HEAD /_health', health),
        row('5  GET /admin/users/me (admin floor)', adminFloor),
        row('5a inbox: first page', inboxFirstPage),
        row('5b inbox: filter', inboxFilter),
        row('5c inbox: search', inboxSearch),
        `6 RSS: ${results.rssMb.before} MB before, ${results.rssMb.after} MB after ${LEADS} leads (+${results.rssMb.growth} MB)`,
        `ratios: ingestion/REST create ${results.ratios.ingestionOverRestCreate.toFixed(2)}, ingestion/_health ${results.ratios.ingestionOverHealth.toFixed(2)}`,
        `rows: ${storedLeads} leads stored, ${results.integrity.answered201} answered 201`,
        '',
        ...targets.map(([label, ok]) => `${ok ? 'met ' : 'MISS'}  ${label}`),
        '',
      ].join('\n')
    );
    const out = path.join(__dirname, '..', '.tmp', `bench-${db}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`bench: results written to ${path.relative(process.cwd(), out)}`);
  } finally {
    await stop();
    await database.drop();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
