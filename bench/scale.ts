/**
 * `npm run bench:scale`: the admin at a million leads.
 *
 *   1. seeds BENCH_SCALE_LEADS leads (1,000,000 by default) and as many delivery rows through
 *      Strapi's Query Engine (`createMany`, 1,000 rows a statement; the advertiser links, which
 *      createMany does not write, with knex), in a Strapi booted in this process; the plugin's
 *      indexer writes the data-subject keys meanwhile, and the seeding waits until it is through;
 *   2. boots the same app as `strapi start` would (bench/serve.js) and times, each as its own
 *      cost over Strapi's admin floor (`GET /admin/users/me`, measured in the same run), one
 *      request at a time (BENCH_SCALE_REPEAT, 20, p95) and with 16 agents at once (autocannon,
 *      BENCH_SECONDS): the inbox's first page, a filter, a search matching one lead, a search
 *      matching many, a data-subject search by phone, and a one-year report;
 *   3. runs the retention purge of the oldest BENCH_SCALE_PURGE leads (a tenth) in that server, as
 *      its daily job would, while the portal delivers leads two at a time, and prints the portal's
 *      p99 before and during it.
 *
 * DB=postgres (or mysql) runs it on a fresh database of that server; SQLite by default (WAL).
 * BENCH_SCALE_KEEP=1 keeps the database and prints its name; BENCH_SCALE_DATABASE=<that name>
 * times it again without seeding (after a change to the code), BENCH_SCALE_PURGE=0 without the purge.
 * Prints a table with the targets met or missed and writes .tmp/bench-scale-<db>.json.
 * Leads arrive over the last year, so the one-year report reads every one of them.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Core } from '@strapi/strapi';
import { createStrapi } from '@strapi/strapi';
import { measure, percentile, type Measurement } from '../packages/grupozap-sim/src/measure';
import { currentLead } from '../shared/portal/cases';
import { createTestDatabase, testDatabaseNamed, type TestDb } from '../tests/helpers/databases';
import { basic, post } from './post';
import { startServer } from './start-server';

const LEADS = Number(process.env.BENCH_SCALE_LEADS ?? 1_000_000);
const DELIVERIES = Number(process.env.BENCH_SCALE_DELIVERIES ?? LEADS);
const REPEAT = Number(process.env.BENCH_SCALE_REPEAT ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = 16;
/** Leads the retention purge takes (the oldest), 100,000 at a million. */
const PURGE = Number(process.env.BENCH_SCALE_PURGE ?? Math.round(LEADS / 10));
/** The portal's pace while the purge runs: two deliveries at a time, each after the last answer. */
const PORTAL_CONNECTIONS = 2;
const SECRET = 'bench-secret-0123456789';
const BATCH = 1_000;
const ADVERTISERS = 20;
const DAY_MS = 86_400_000;
const db = (process.env.DB ?? 'sqlite') as TestDb;
const LEAD = 'plugin::grupozap.lead';
const DELIVERY = 'plugin::grupozap.delivery';

/** The only lead with this surname (the "search matching one lead"), and its phone (the data subject). */
const RARE = { name: 'Zuleica Quintanilha Brandão', phone: '48991234500' };
const COMMON_SURNAME = 'Silva';

const FIRST = ['Ana', 'Bruno', 'Carla', 'Diego', 'Elisa', 'Fábio', 'Gabriela', 'Hugo', 'Isabela', 'João', 'Karina', 'Lucas'];
const LAST = ['Silva', 'Santos', 'Oliveira', 'Souza', 'Rodrigues', 'Ferreira', 'Alves', 'Pereira', 'Lima', 'Gomes', 'Costa'];
const STATUSES = ['new', 'new', 'new', 'contacted', 'qualified', 'visit_scheduled', 'proposal', 'won', 'lost'];
const TEMPERATURES = ['Alta', 'Média', 'Baixa'];
const ORIGINS = ['VivaReal', 'ZAP', 'OLX'];

/** Targets of the issue, in ms of own cost over the admin floor, p95, one request at a time. */
const PURGE_TARGET_P99 = 100;

const TARGETS: Record<string, number> = {
  'inbox: first page': 10,
  'inbox: filter status + temperature': 10,
  'inbox: search matching one lead': 10,
  'inbox: search matching many': 10,
  'data-subject search by phone': 25,
  'report: one year': 150,
};

const log = (line: string) => process.stderr.write(`${line}\n`);
/** This run, in the portal's lead ids. */
const RUN = Date.now().toString(36);

/** A valid CPF (the advertiser's document is checked): nine digits and their two check digits. */
const cpf = (n: number): string => {
  const digits = String(100_000_000 + n)
    .slice(-9)
    .split('')
    .map(Number);
  for (const weight of [10, 11]) {
    const sum = digits.reduce((total, digit, i) => total + digit * (weight - i), 0);
    digits.push(((sum * 10) % 11) % 10);
  }
  return digits.join('');
};

/** The i-th lead: names, phones and dates spread, and one rare person. */
const leadRow = (i: number, now: number) => {
  const rare = i === Math.floor(LEADS / 2);
  const name = rare ? RARE.name : `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]} ${LAST[(i * 13) % LAST.length]}`;
  const phone = rare ? RARE.phone : `48${String(900000000 + (i % 99_999_999)).padStart(9, '0')}`;
  // evenly over the last year, newest first (as an import from another CRM writes them): a one-year
  // report reads them all
  const receivedAt = new Date(now - Math.floor((i / LEADS) * 364 * DAY_MS));
  return {
    documentId: `scale${String(i).padStart(19, '0')}`,
    originLeadId: `scale-${i}`,
    leadStatus: STATUSES[i % STATUSES.length],
    name,
    email: `cliente${i}@example.com`,
    phone: phone.slice(2),
    ddd: phone.slice(0, 2),
    phoneE164: `+55${phone}`,
    message: `Olá, tenho interesse no imóvel ${i % 5000}. Podem me ligar?`,
    leadOrigin: ORIGINS[i % ORIGINS.length],
    leadType: 'CONTACT_FORM',
    temperature: TEMPERATURES[i % TEMPERATURES.length],
    transactionType: i % 3 ? 'SELL' : 'RENT',
    clientListingId: `L-${i % 5000}`,
    receivedAt,
    lastDeliveredAt: receivedAt,
    deliveryCount: 1,
    isTest: false,
    firstResponseSeconds: i % 4 ? 60 + (i % 7200) : null,
    payload: { originLeadId: `scale-${i}`, name, phoneNumber: phone, email: `cliente${i}@example.com` },
  };
};

const deliveryRow = (i: number, now: number) => {
  const lead = leadRow(i % LEADS, now);
  return {
    documentId: `scaled${String(i).padStart(18, '0')}`,
    receivedAt: lead.receivedAt,
    outcome: 'created',
    httpStatus: 201,
    code: 'LEAD_CREATED',
    originLeadId: lead.originLeadId,
    advertiserKey: `scale-${i % ADVERTISERS}`,
    method: 'POST',
    path: `/api/grupozap/lead/scale-${i % ADVERTISERS}`,
    ip: '203.0.113.10',
    durationMs: 4,
    body: JSON.stringify(lead.payload),
    bodyBytes: 200,
    attempts: 1,
  };
};

/** Seeds through the Query Engine in a Strapi of this process; the links with knex. */
const seed = async (env: Record<string, string>) => {
  Object.assign(process.env, env, { NODE_ENV: 'production', LOG_LEVEL: 'error', GRUPOZAP_DEMO: 'false' });
  const appDir = path.join(__dirname, '..', 'playground');
  const strapi: Core.Strapi = await createStrapi({ appDir, distDir: appDir, serveAdminPanel: false }).load();
  // the seeding gives the leads their person itself (below): the attach begun at boot would
  // otherwise walk the leads being written, one at a time, beside it
  await (strapi.plugin('grupozap').service('people') as { stop: () => Promise<void> }).stop();
  try {
    const advertisers: number[] = [];
    for (let a = 0; a < ADVERTISERS; a += 1) {
      const created = await strapi.documents('plugin::grupozap.advertiser').create({
        data: { name: `Imobiliária ${a}`, slug: `scale-${a}`, document: cpf(123_456 + a), active: true },
      });
      advertisers.push(created.id as number);
    }
    const link = strapi.db.metadata.get(LEAD).attributes.advertiser as unknown as {
      joinTable: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };
    };
    const now = Date.now();
    const started = Date.now();
    for (let from = 0; from < LEADS; from += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, LEADS - from) }, (_, k) => leadRow(from + k, now));
      await strapi.db.query(LEAD).createMany({ data: rows });
      const ids: { id: number }[] = await strapi.db
        .connection(strapi.db.metadata.get(LEAD).tableName)
        .select('id')
        .whereIn(
          'document_id',
          rows.map((row) => row.documentId)
        );
      // chunks SQLite's compound SELECT takes (500 terms at most)
      await strapi.db.connection.batchInsert(
        link.joinTable.name,
        ids.map(({ id }) => ({
          [link.joinTable.joinColumn.name]: id,
          [link.joinTable.inverseJoinColumn.name]: advertisers[id % ADVERTISERS],
        })),
        400
      );
      if ((from / BATCH) % 50 === 0) {
        log(`bench:scale: ${from.toLocaleString('en')} leads (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        // what autovacuum does as a table grows (this machine's PostgreSQL runs without it): the
        // report's link triggers look leads up by id, and without statistics PostgreSQL read the
        // whole (received_at, id) index for each lookup instead of the primary key
        if (db === 'postgres') await strapi.db.connection.raw('ANALYZE');
      }
    }
    // each seeded lead is a person of its own (its phone and e-mail are its own): written as the
    // plugin's background attach (services/people) would leave them, which would otherwise run
    // through the million during the timings
    const people = Date.now();
    await strapi.db
      .connection(strapi.db.metadata.get(LEAD).tableName)
      .whereNull('person_id')
      .update({ person_id: strapi.db.connection.ref('id'), person_latest: true });
    log(`bench:scale: leads given their person (${((Date.now() - people) / 1000).toFixed(0)} s)`);
    for (let from = 0; from < DELIVERIES; from += BATCH) {
      const rows = Array.from({ length: Math.min(BATCH, DELIVERIES - from) }, (_, k) => deliveryRow(from + k, now));
      await strapi.db.query(DELIVERY).createMany({ data: rows });
      if ((from / BATCH) % 100 === 0)
        log(`bench:scale: ${from.toLocaleString('en')} deliveries (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    // the data-subject keys of every row, by the plugin's own indexer (it has been running behind
    // the createMany batches, from their lifecycles; this waits until no row is stale)
    const indexing = Date.now();
    await strapi.plugin('grupozap').service('subject-keys').run();
    log(`bench:scale: subject keys indexed (${((Date.now() - indexing) / 1000).toFixed(0)} s after the last row)`);
    // PostgreSQL's autovacuum vacuums and analyzes a table after a bulk of writes, within a minute
    // or so: the planner's statistics are those of an app that has lived with these leads, and the
    // trigram indexes' pending lists (GIN's fast inserts, read whole by every search) are merged
    // into them (SQLite has no such thing, and InnoDB samples by itself)
    if (db === 'postgres') await strapi.db.connection.raw('VACUUM ANALYZE');
    return (Date.now() - started) / 1000;
  } finally {
    await strapi.destroy();
  }
};

interface Latency {
  p50: number;
  p99: number;
  max: number;
  count: number;
}

const latencyOf = (times: number[]): Latency => {
  const sorted = [...times].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0, count: sorted.length };
};

/** The portal's deliveries, PORTAL_CONNECTIONS at a time, until `until` settles: each answer's time. */
const portalWhile = async (base: string, until: Promise<unknown>, tag: string) => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: PORTAL_CONNECTIONS });
  const url = new URL(`${base}/api/grupozap/lead/bench`);
  const headers = { authorization: basic(SECRET) };
  const times: number[] = [];
  let failed = 0;
  let sent = 0;
  let done = false;
  void until.finally(() => (done = true)).catch(() => undefined);
  await Promise.all(
    Array.from({ length: PORTAL_CONNECTIONS }, async () => {
      while (!done) {
        sent += 1;
        // new leads on a reused database too (BENCH_SCALE_DATABASE): a lead sent again is a redelivery
        const answer = await post(url, agent, headers, JSON.stringify(currentLead(`purge-${RUN}-${tag}-${sent}`, 'BENCH-1')));
        if (answer.status === 201) times.push(answer.ms);
        else failed += 1;
      }
    })
  );
  agent.destroy();
  return { latency: latencyOf(times), failed };
};

/**
 * The retention purge of the PURGE oldest leads (and their deliveries), run in the server as its
 * daily job runs, with the portal delivering meanwhile; and the same delivering for 5 s before it.
 */
const purgeWhileDelivering = async (child: ChildProcess, base: string) => {
  log(`bench:scale: the retention purge of the ${PURGE.toLocaleString('en')} oldest leads, the portal delivering…`);
  const baseline = await portalWhile(base, new Promise((resolve) => setTimeout(resolve, 5000)), 'baseline');
  // leads are even over 364 days: those older than this many days are about PURGE of them
  const retentionDays = Math.floor(364 * (1 - PURGE / LEADS));
  const run = new Promise<{ leads?: number; deliveries?: number; seconds?: number; error?: string }>((resolve) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /RETENTION (\{.*\})/.exec(output);
      if (!match) return;
      child.stdout?.off('data', onData);
      resolve(JSON.parse(match[1]));
    };
    child.stdout?.on('data', onData);
  });
  child.stdin?.write(`retention ${retentionDays}\n`);
  const during = await portalWhile(base, run, 'during');
  const result = await run;
  if (result.error) throw new Error(`the retention purge failed: ${result.error}`);
  return {
    retentionDays,
    leads: result.leads ?? 0,
    deliveries: result.deliveries ?? 0,
    seconds: result.seconds ?? 0,
    baseline,
    during,
  };
};

interface Timed {
  name: string;
  /** One request at a time. */
  single: { p50: number; p95: number };
  /** 16 at once. */
  concurrent: Measurement;
}

(async () => {
  // BENCH_SCALE_DATABASE: a database kept by an earlier run (its name, or the SQLite file), timed
  // again without seeding, e.g. after a change to the code; it is kept
  const reused = process.env.BENCH_SCALE_DATABASE;
  // durable: the databases' defaults, as in production (a lead answered is on disk)
  const database = reused ? testDatabaseNamed(db, reused, { durable: true }) : await createTestDatabase(db, { durable: true });
  log(`bench:scale: ${db}, ${LEADS.toLocaleString('en')} leads and ${DELIVERIES.toLocaleString('en')} deliveries`);
  try {
    const seedSeconds = reused ? 0 : await seed({ ...database.env, DATABASE_SQLITE_JOURNAL: 'wal' });
    log(
      reused ? `bench:scale: timing ${reused} as it is…` : `bench:scale: seeded in ${seedSeconds.toFixed(0)} s; timing the admin…`
    );

    const { child, ready, stop } = await startServer({
      ...database.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'error',
      GRUPOZAP_DEMO: 'false',
      GRUPOZAP_SECRET_KEY: SECRET,
      DATABASE_SQLITE_JOURNAL: 'wal',
    });
    const base = `http://127.0.0.1:${ready.port}`;
    try {
      const login = await fetch(`${base}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ready.admin),
      });
      const authorization = `Bearer ${((await login.json()) as { data: { token: string } }).data.token}`;
      const year = new Date(Date.now() - 364 * DAY_MS).toISOString().slice(0, 10);
      const today = new Date().toISOString().slice(0, 10);

      const requests: {
        name: string;
        method: 'GET' | 'POST';
        path: string;
        body?: unknown;
        check?: (body: unknown) => boolean;
      }[] = [
        { name: 'admin floor: GET /admin/users/me', method: 'GET', path: '/admin/users/me' },
        { name: 'inbox: first page', method: 'GET', path: '/grupozap/leads?page=1&pageSize=25' },
        {
          name: 'inbox: filter status + temperature',
          method: 'GET',
          path: '/grupozap/leads?status=new&temperature=Alta&pageSize=25',
        },
        {
          name: 'inbox: search matching one lead',
          method: 'POST',
          path: '/grupozap/leads/search',
          body: { q: 'Quintanilha', pageSize: 25 },
          check: (body) => (body as { results: unknown[] }).results.length === 1,
        },
        {
          name: 'inbox: search matching many',
          method: 'POST',
          path: '/grupozap/leads/search',
          body: { q: COMMON_SURNAME, pageSize: 25 },
          check: (body) => (body as { results: unknown[] }).results.length === 25,
        },
        {
          name: 'data-subject search by phone',
          method: 'POST',
          path: '/grupozap/privacy/search',
          body: { kind: 'phone', value: RARE.phone },
        },
        { name: 'report: one year', method: 'GET', path: `/grupozap/reports?from=${year}&to=${today}&tz=America/Sao_Paulo` },
      ];

      const once = async (request: (typeof requests)[number]) => {
        const started = process.hrtime.bigint();
        const answer = await fetch(`${base}${request.path}`, {
          method: request.method,
          headers: { authorization, ...(request.body ? { 'content-type': 'application/json' } : {}) },
          body: request.body ? JSON.stringify(request.body) : undefined,
        });
        const body = await answer.json();
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (answer.status !== 200) throw new Error(`${request.name}: ${answer.status} ${JSON.stringify(body).slice(0, 300)}`);
        if (request.check && !request.check((body as { data?: unknown }).data ?? body))
          throw new Error(`${request.name}: not the expected answer: ${JSON.stringify(body).slice(0, 300)}`);
        return ms;
      };

      // warm-up of every request first (JIT, plans, caches), so the floor is not timed cold; the
      // first report after the boot waits for the day tallies the boot keeps (timed on its own)
      const firstReport = await once(requests[requests.length - 1]);
      log(`bench:scale: the first one-year report after the boot: ${firstReport.toFixed(0)} ms`);
      for (let i = 0; i < 3; i += 1) for (const request of requests) await once(request);
      const timed: Timed[] = [];
      for (const request of requests) {
        const times: number[] = [];
        for (let i = 0; i < REPEAT; i += 1) times.push(await once(request));
        times.sort((a, b) => a - b);
        // a slow request: one round of 16 at once (a timed window could end before any answer)
        const slow = percentile(times, 95) > 500;
        const concurrent = await measure({
          url: `${base}${request.path}`,
          method: request.method,
          headers: { authorization, ...(request.body ? { 'content-type': 'application/json' } : {}) },
          ...(request.body ? { body: () => JSON.stringify(request.body) } : {}),
          connections: CONNECTIONS,
          ...(slow ? { amount: CONNECTIONS, timeoutSeconds: 300 } : { durationSeconds: SECONDS }),
        });
        timed.push({ name: request.name, single: { p50: percentile(times, 50), p95: percentile(times, 95) }, concurrent });
        log(`bench:scale: ${request.name}: p95 ${percentile(times, 95).toFixed(1)} ms`);
      }

      // BENCH_SCALE_PURGE=0 skips it (a reused database purged before has nothing older to purge)
      const purged = PURGE ? await purgeWhileDelivering(child, base) : null;

      const floor = timed[0];
      const own = (t: Timed) => t.single.p95 - floor.single.p95;
      const ownP50 = (t: Timed) => t.single.p50 - floor.single.p50;
      const signed = (ms: number) => `${ms < 0 ? '' : '+'}${ms.toFixed(1)}`;
      // a spike in the floor's own p95 makes every cost over it look small (negative, even): no verdict then
      const verdictOf = (t: Timed, target: number) =>
        own(t) < 0
          ? `floor spiked: own p50 ${signed(ownP50(t))}, ≤ ${target} ms`
          : `${own(t) <= target ? 'met ' : 'MISS'} ≤ ${target} ms`;
      const lines = [
        '',
        `grupozap bench:scale — ${db}, ${new Date().toISOString()}, ${LEADS.toLocaleString('en')} leads, ${DELIVERIES.toLocaleString('en')} deliveries (seeded in ${seedSeconds.toFixed(0)} s)`,
        `${'request'.padEnd(38)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}${'own p95'.padStart(9)}${'16× p95'.padStart(10)}${'16× req/s'.padStart(11)}  target`,
        ...timed.map((t, i) => {
          const target = TARGETS[t.name];
          const verdict = i === 0 ? '(the floor)' : target === undefined ? '' : verdictOf(t, target);
          return [
            t.name.padEnd(38),
            t.single.p50.toFixed(1).padStart(9),
            t.single.p95.toFixed(1).padStart(9),
            (i === 0 ? '' : signed(own(t))).padStart(9),
            t.concurrent.latencyMs.p95.toFixed(1).padStart(10),
            t.concurrent.throughput.toFixed(0).padStart(11),
            `  ${verdict}`,
          ].join('');
        }),
        ...(purged
          ? [
              `retention purge: ${purged.leads.toLocaleString('en')} leads and ${purged.deliveries.toLocaleString('en')} deliveries anonymised in ${purged.seconds.toFixed(1)} s`,
              `  the portal (${PORTAL_CONNECTIONS} at a time), p50 / p99 / max ms: before ${purged.baseline.latency.p50.toFixed(1)} / ${purged.baseline.latency.p99.toFixed(1)} / ${purged.baseline.latency.max.toFixed(1)} (${purged.baseline.latency.count} leads), ` +
                `during ${purged.during.latency.p50.toFixed(1)} / ${purged.during.latency.p99.toFixed(1)} / ${purged.during.latency.max.toFixed(1)} (${purged.during.latency.count} leads, ${purged.during.failed} not 201)` +
                `  ${purged.during.latency.p99 <= PURGE_TARGET_P99 && !purged.during.failed ? 'met ' : 'MISS'} p99 ≤ ${PURGE_TARGET_P99} ms`,
            ]
          : ['retention purge: not run']),
        '',
      ];
      process.stdout.write(lines.join('\n'));
      const out = path.join(__dirname, '..', '.tmp', `bench-scale-${db}.json`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(
        out,
        `${JSON.stringify({ date: new Date().toISOString(), db, leads: LEADS, deliveries: DELIVERIES, seedSeconds, timed, purge: purged }, null, 2)}\n`
      );
      log(`bench:scale: results written to ${path.relative(process.cwd(), out)}`);
    } finally {
      await stop();
    }
  } finally {
    // BENCH_SCALE_KEEP=1: the database stays, for EXPLAIN and the like (its name is printed)
    if (reused || process.env.BENCH_SCALE_KEEP === '1') log(`bench:scale: database kept: ${database.name}`);
    else await database.drop();
  }
})().catch((error: Error) => {
  // a failed statement's message repeats the whole statement: its start says enough
  console.error(`${error.message.slice(0, 500)}\n${error.stack?.split('\n').slice(1, 6).join('\n')}`);
  process.exit(1);
});
