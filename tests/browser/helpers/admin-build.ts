import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PLAYGROUND_DIR } from '../../helpers/strapi';

/**
 * The playground's admin panel, built once by `strapi build` into playground/build (ignored by git)
 * — the folder Strapi serves at /admin when the playground boots with distDir = appDir. The build
 * is reused while it is newer than every admin source file; BROWSER_REBUILD=1 forces a new one.
 */
export const ADMIN_BUILD_DIR = path.join(PLAYGROUND_DIR, 'build');

const REPO_DIR = path.join(PLAYGROUND_DIR, '..');
/** Written after a successful build, its mtime set to when that build started. */
const STAMP = path.join(ADMIN_BUILD_DIR, '.grupozap-build-stamp');
/** One build at a time across processes (helpers and CI may run browser tests side by side). */
const LOCK_DIR = path.join(PLAYGROUND_DIR, '.tmp', 'admin-build.lock');

/** What the admin bundle is made from: the plugin's admin source, the playground's shim to it and its admin config. */
const SOURCES = [
  path.join(REPO_DIR, 'admin', 'src'),
  path.join(PLAYGROUND_DIR, 'src', 'plugins', 'grupozap', 'strapi-admin.js'),
  path.join(PLAYGROUND_DIR, 'src', 'admin'),
];

const newestMtime = (target: string): number => {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs; // a deleted or renamed file changes its folder's mtime
  for (const entry of fs.readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
};

/** Why the build must be (re)made, or null when the one on disk is current. */
export const adminBuildOutdated = (): string | null => {
  if (process.env.BROWSER_REBUILD === '1') return 'BROWSER_REBUILD=1';
  if (!fs.existsSync(path.join(ADMIN_BUILD_DIR, 'index.html'))) return 'no build yet';
  let builtAt: number;
  try {
    builtAt = fs.statSync(STAMP).mtimeMs;
  } catch {
    return 'the build was not made by this harness';
  }
  const newest = Math.max(...SOURCES.map(newestMtime));
  return newest >= builtAt ? 'admin sources changed since the last build' : null;
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const acquireLock = async (): Promise<() => void> => {
  fs.mkdirSync(path.dirname(LOCK_DIR), { recursive: true });
  const deadline = Date.now() + 10 * 60_000;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(LOCK_DIR);
      fs.writeFileSync(path.join(LOCK_DIR, 'pid'), String(process.pid));
      return () => fs.rmSync(LOCK_DIR, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    let owner = 0;
    let lockAge = 0;
    try {
      lockAge = Date.now() - fs.statSync(LOCK_DIR).mtimeMs;
      owner = Number(fs.readFileSync(path.join(LOCK_DIR, 'pid'), 'utf8')) || 0;
    } catch {
      // released meanwhile, or its pid not written yet
    }
    if ((owner && !alive(owner)) || (!owner && lockAge > 30_000)) {
      fs.rmSync(LOCK_DIR, { recursive: true, force: true }); // left behind by a killed build
      continue;
    }
    if (Date.now() > deadline) throw new Error(`admin build lock ${LOCK_DIR} held for 10 minutes (pid ${owner})`);
    if (!announced) {
      process.stderr.write(`[browser] waiting for another admin build (pid ${owner || '?'})\n`);
      announced = true;
    }
    await sleep(1000);
  }
};

const runStrapiBuild = () =>
  new Promise<void>((resolve, reject) => {
    const strapiBin = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'bin', 'strapi.js');
    const env: NodeJS.ProcessEnv = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };
    delete env.JEST_WORKER_ID; // the plugin shim registers tsx outside jest
    const child = spawn(process.execPath, [strapiBin, 'build'], { cwd: PLAYGROUND_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`strapi build failed (exit ${code}):\n${output.slice(-8000)}`))
    );
  });

/**
 * Makes sure playground/build holds an admin built from the current admin/src; builds it when
 * not (about a minute or two on 2 cores). Returns what it did, for the log.
 */
export const ensureAdminBuild = async (): Promise<{ built: boolean; reason: string | null; ms: number }> => {
  const started = Date.now();
  if (!adminBuildOutdated()) return { built: false, reason: null, ms: 0 };
  const release = await acquireLock();
  try {
    const reason = adminBuildOutdated(); // another process may have just built it
    if (!reason) return { built: false, reason: null, ms: Date.now() - started };
    process.stderr.write(`[browser] building the playground admin (${reason})…\n`);
    fs.rmSync(STAMP, { force: true });
    const buildStart = new Date();
    await runStrapiBuild();
    fs.writeFileSync(STAMP, `${buildStart.toISOString()}\n`);
    fs.utimesSync(STAMP, buildStart, buildStart);
    const ms = Date.now() - started;
    process.stderr.write(`[browser] admin built in ${(ms / 1000).toFixed(1)} s\n`);
    return { built: true, reason, ms };
  } finally {
    release();
  }
};
