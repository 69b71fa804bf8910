/**
 * `npm run bench:auth`: does a flood of wrong passwords slow the portal down?
 *
 * Boots the playground in production mode with the portal secret kept as a scrypt hash (set
 * through the admin API, as an admin would), then, over loopback only:
 *   1. baseline: the portal posts new leads at a steady rate (BENCH_PORTAL_RATE a second, 20 by
 *      default) for BENCH_BASELINE_SECONDS (5);
 *   2. flood: the same, while 1,000 requests with wrong passwords (each new) come from 100
 *      addresses, 127.0.0.2–127.0.0.101 (real source addresses, `http.Agent({ localAddress })`),
 *      10 each, all addresses at once, sent by bench/flood-client.ts in a process of its own.
 * Prints the portal's p50/p95/p99 in both phases and the flood's answers; bounded in count and in
 * time (BENCH_FLOOD_TIMEOUT_SECONDS, 120), it stops by itself. DB=postgres or mysql as `npm run bench`.
 * BENCH_SECRET_SOURCE=config uses a `secretKey` instead (compared directly: the same flood without scrypt).
 * Writes the results as JSON to .tmp/bench-auth-flood-<db>.json.
 */
import fs from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { currentLead } from '../shared/portal/cases';
import { basic, post, type Answer } from './post';
import { percentile } from '../packages/grupozap-sim/src/measure';
import { createTestDatabase, type TestDb } from '../tests/helpers/databases';
import { startServer } from './start-server';

const SECRET = 'bench-flood-secret-0123456789';
const PORTAL_RATE = Number(process.env.BENCH_PORTAL_RATE ?? 20);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 5);
const FLOOD_ADDRESSES = 100;
const FLOOD_PER_ADDRESS = 10;
const FLOOD_TIMEOUT_MS = Number(process.env.BENCH_FLOOD_TIMEOUT_SECONDS ?? 120) * 1000;
const TARGET_P99_MS = 100;
/** `settings` (default): a scrypt hash set by an admin; `config`: `secretKey`, compared directly (no scrypt). */
const SECRET_SOURCE = process.env.BENCH_SECRET_SOURCE === 'config' ? 'config' : 'settings';
const db = (process.env.DB ?? 'sqlite') as TestDb;

const log = (line: string) => process.stderr.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Runs bench/flood-client.ts (the flood from a process of its own) and gives its answers. */
const runFlood = (flood: Record<string, unknown>): Promise<Answer[]> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'flood-client.ts')], {
      env: { ...process.env, FLOOD: JSON.stringify(flood) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = output.trim().split('\n').pop() ?? '';
      if (code !== 0 || !last.startsWith('{')) return reject(new Error(`the flood client exited with ${code}: ${output}`));
      resolve((JSON.parse(last) as { answers: Answer[] }).answers);
    });
  });

/** CPU seconds the server has used (all its threads, scrypt's included), from /proc. */
const cpuSeconds = (pid: number | undefined): number => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, fields 14 and 15 of stat (12 and 13 after the command name)
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const summary = (answers: Answer[]) => {
  const sorted = answers.map((answer) => answer.ms).sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const answer of answers) statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
  return {
    requests: answers.length,
    latencyMs: {
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? 0,
    },
    statuses,
  };
};

(async () => {
  // durable: the databases' defaults, as in production (a lead answered is on disk)
  const database = await createTestDatabase(db, { durable: true });
  const [load] = os.loadavg();
  const cores = os.cpus().length;
  // the target is a latency: another process's CPU use changes it more than anything the plugin does
  if (load > cores / 2)
    log(`bench:auth: WARNING the machine is busy (load ${load.toFixed(1)} on ${cores} cores): the figures are not comparable`);
  log(
    `bench:auth: ${db}, secret from ${SECRET_SOURCE}, portal ${PORTAL_RATE}/s, flood ${FLOOD_ADDRESSES} × ${FLOOD_PER_ADDRESS} wrong passwords`
  );
  const { child, ready, stop } = await startServer({
    ...database.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    // no secret in the config: the admin sets one, kept as a scrypt hash
    GRUPOZAP_SECRET_KEY: SECRET_SOURCE === 'config' ? SECRET : '',
    GRUPOZAP_DEMO: 'false',
  });
  const base = `http://127.0.0.1:${ready.port}`;
  const leadUrl = new URL(`${base}/api/grupozap/lead/bench`);
  const runId = randomUUID().slice(0, 8);
  let sent = 0;
  const nextLead = () => JSON.stringify(currentLead(`flood-${runId}-${(sent += 1)}`, 'BENCH-1'));

  const portalAgent = new http.Agent({ keepAlive: true, localAddress: '127.0.0.1' });
  /** The portal: a lead every 1/rate s, whether or not the previous one was answered. */
  const portalUntil = async (done: () => boolean): Promise<Answer[]> => {
    const answers: Promise<Answer>[] = [];
    const interval = 1000 / PORTAL_RATE;
    const started = Date.now();
    for (let i = 0; !done() && Date.now() - started < FLOOD_TIMEOUT_MS; i += 1) {
      answers.push(post(leadUrl, portalAgent, { authorization: basic(SECRET) }, nextLead()));
      await sleep(Math.max(0, started + (i + 1) * interval - Date.now()));
    }
    return Promise.all(answers);
  };

  try {
    const login = await fetch(`${base}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ready.admin),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    const secret =
      SECRET_SOURCE === 'config'
        ? { ok: true, status: 200, text: async () => '' }
        : await fetch(`${base}/grupozap/settings/secret`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ secret: SECRET, graceDays: 0 }),
          });
    if (!secret.ok) throw new Error(`setting the secret failed: ${secret.status} ${await secret.text()}`);

    // warm-up: the portal's verdict, JIT, pools
    for (let i = 0; i < 20; i += 1) await post(leadUrl, portalAgent, { authorization: basic(SECRET) }, nextLead());

    log(`bench:auth: 1/2 baseline, ${BASELINE_SECONDS} s…`);
    const baselineEnd = Date.now() + BASELINE_SECONDS * 1000;
    const baselineCpu = cpuSeconds(child.pid);
    const baseline = summary(await portalUntil(() => Date.now() >= baselineEnd));
    const baselineCpuPerSecond = (cpuSeconds(child.pid) - baselineCpu) / BASELINE_SECONDS;

    log('bench:auth: 2/2 flood…');
    let floodDone = false;
    const floodCpu = cpuSeconds(child.pid);
    const floodStarted = Date.now();
    const floodRun = runFlood({
      url: leadUrl.href,
      addresses: FLOOD_ADDRESSES,
      perAddress: FLOOD_PER_ADDRESS,
      timeoutMs: FLOOD_TIMEOUT_MS,
      runId,
      body: nextLead(),
    }).then((answers) => {
      floodDone = true;
      return answers;
    });
    // the portal keeps posting until the flood is over (at least one second of it)
    const [portalDuring, floodAnswers] = await Promise.all([
      portalUntil(() => floodDone && Date.now() - floodStarted > 1000),
      floodRun,
    ]);
    const floodSeconds = (Date.now() - floodStarted) / 1000;
    // the server's CPU for the flood: all it used, minus what the portal's leads cost at baseline
    const floodCpuSeconds = cpuSeconds(child.pid) - floodCpu - baselineCpuPerSecond * floodSeconds;
    const during = summary(portalDuring);
    const flood = summary(floodAnswers);

    const results = {
      date: new Date().toISOString(),
      loadBefore: load,
      cores,
      database: db,
      secretSource: SECRET_SOURCE,
      node: process.version,
      portalRate: PORTAL_RATE,
      baseline,
      during,
      flood,
      floodSeconds,
      floodCpuSeconds,
    };
    const row = (name: string, m: ReturnType<typeof summary>) =>
      [
        name.padEnd(28),
        String(m.requests).padStart(6),
        ...[m.latencyMs.p50, m.latencyMs.p95, m.latencyMs.p99, m.latencyMs.max].map((value) => value.toFixed(1).padStart(8)),
        `  ${Object.entries(m.statuses)
          .map(([status, count]) => `${status}:${count}`)
          .join(' ')}`,
      ].join('');
    const met = during.latencyMs.p99 < TARGET_P99_MS && (during.statuses['201'] ?? 0) === during.requests;
    process.stdout.write(
      [
        '',
        `grupozap bench:auth — ${db}, ${results.date}, load before the run ${load.toFixed(1)} on ${cores} cores`,
        `${'phase'.padEnd(28)}${'reqs'.padStart(6)}${['p50 ms', 'p95 ms', 'p99 ms', 'max ms'].map((title) => title.padStart(8)).join('')}  statuses`,
        row('portal, baseline', baseline),
        row('portal, during the flood', during),
        row(`flood (${floodSeconds.toFixed(1)} s)`, flood),
        `server CPU spent on the flood: ${floodCpuSeconds.toFixed(1)} s (${((floodCpuSeconds * 1000) / flood.requests).toFixed(1)} ms a request)`,
        '',
        `${met ? 'met ' : 'MISS'}  portal p99 < ${TARGET_P99_MS} ms during the flood, every lead 201`,
        '',
      ].join('\n')
    );
    const out = path.join(__dirname, '..', '.tmp', `bench-auth-flood-${db}.json`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
    log(`bench:auth: results written to ${path.relative(process.cwd(), out)}`);
  } finally {
    portalAgent.destroy();
    await stop();
    await database.drop();
  }
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
