#!/usr/bin/env node
'use strict';

/**
 * The plugin as a user gets it, end to end: `npm run build`, `npm pack`, then a fresh Strapi 5
 * app in a temporary directory outside this repository whose package.json depends on
 * @strapi/strapi, better-sqlite3 and the tarball (`file:`), installed with plain `npm install`
 * (from the npm cache, `--prefer-offline`). config/plugins.js enables `grupozap` WITHOUT
 * `resolve`, so Strapi finds the installed package and loads its `dist/` build. The app boots in
 * a child process, and leads are posted to it over HTTP.
 *
 * Nothing from this repository is reachable from the app: the app lives under the OS temp
 * directory (no parent node_modules), and the plugin directory is unpacked from the tarball.
 *
 * The simulator is its own package (packages/grupozap-sim): it is packed too, installed on its own
 * in another temporary directory (no Strapi, no plugin), and its bin checks the app.
 *
 * Plain Node, no jest: `npm run test:package` (also run at the end of `npm test`).
 * Prints PASS/FAIL lines and timings; exits 1 on any failure; always stops the app and removes
 * its temporary directories. Set KEEP_PACKAGE_APP=1 to keep the app for inspection.
 */
const { spawn } = require('child_process');
const { randomBytes } = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const fixture = path.join(__dirname, '..', 'fixtures', 'leads', 'grupo-olx-current.json');
const pkg = require(path.join(root, 'package.json'));
const simRoot = path.join(root, 'packages', 'grupozap-sim');
const simPkg = require(path.join(simRoot, 'package.json'));

const STRAPI_VERSION = '5.54.0';
const BETTER_SQLITE3_VERSION = '12.9.0';
const BOOT_TIMEOUT_MS = 120_000;
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const SLUG = 'tarball-test';
const secret = `tarball-${randomBytes(12).toString('hex')}`;

const startedAt = Date.now();
const timings = [];
let passed = 0;
let failed = 0;

const check = (label, ok, detail = '') => {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} package: ${label}${!ok && detail ? `\n       ${detail}` : ''}`);
  return ok;
};

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

const timed = async (label, fn) => {
  const t0 = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([label, Date.now() - t0]);
    console.log(`package: ${label} took ${seconds(Date.now() - t0)}`);
  }
};

/**
 * npm run from `npm run test:package` exports its own configuration (npm_config_prefix,
 * npm_config_local_prefix …) to this process; a nested `npm install` must not inherit it, or it
 * could install somewhere other than the app. ~/.npmrc still applies.
 */
const cleanEnv = () => {
  const env = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key) && key !== 'INIT_CWD' && key !== 'JEST_WORKER_ID') env[key] = value;
  }
  return env;
};

const children = new Set();
const killGroup = (child) => {
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
};

/** Runs a command; resolves with its output; rejects (with the output's tail) on failure. */
const run = (command, args, { cwd, timeout = INSTALL_TIMEOUT_MS } = {}) =>
  new Promise((resolve, reject) => {
    // its own process group, so that killing it also kills what it started (install scripts …)
    const child = spawn(command, args, { cwd, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    children.add(child);
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => killGroup(child), timeout);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      children.delete(child);
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new Error(`${command} ${args.join(' ')} failed (${signal || `exit ${code}`}):\n${tail(output)}`));
    });
  });

const tail = (text, lines = 40) => text.trim().split('\n').slice(-lines).join('\n');

const temps = [];
const makeTemp = (name) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `grupozap-${name}-`));
  temps.push(dir);
  return dir;
};

const writeFiles = (dir, files) => {
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), content);
  }
};

const makeApp = (appDir, tarball) =>
  writeFiles(appDir, {
    'package.json': `${JSON.stringify(
      {
        name: 'grupozap-tarball-test-app',
        private: true,
        version: '0.0.0',
        dependencies: {
          '@strapi/strapi': STRAPI_VERSION,
          'better-sqlite3': BETTER_SQLITE3_VERSION,
          [pkg.name]: `file:${tarball}`,
        },
        engines: { node: '>=20.0.0 <=24.x.x' },
      },
      null,
      2
    )}\n`,
    'config/server.js':
      "module.exports = () => ({ host: '127.0.0.1', port: 0, app: { keys: ['tarball-key-1', 'tarball-key-2'] } });\n",
    'config/admin.js': `module.exports = () => ({
  auth: { secret: 'tarball-admin-jwt-secret' },
  apiToken: { salt: 'tarball-api-token-salt' },
  transfer: { token: { salt: 'tarball-transfer-token-salt' } },
  secrets: { encryptionKey: 'tarball-encryption-key-0123456789abcdef' },
});
`,
    'config/database.js': `const path = require('path');

module.exports = () => ({
  connection: {
    client: 'sqlite',
    connection: { filename: path.join(__dirname, '..', '.tmp', 'data.db') },
    useNullAsDefault: true,
  },
});
`,
    'config/middlewares.js': `module.exports = [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
`,
    // no `resolve`: Strapi must find the installed package by itself
    'config/plugins.js': `module.exports = () => ({
  grupozap: { enabled: true, config: { secretKey: ${JSON.stringify(secret)} } },
});
`,
    'src/index.js': "'use strict';\n\nmodule.exports = { register() {}, bootstrap() {} };\n",
    'public/uploads/.gitkeep': '',
    '.tmp/.gitkeep': '',
    // Boots the app, creates the advertiser, reports facts about what was loaded, listens.
    'boot.js': `'use strict';
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const report = (message) => process.stdout.write('@@grupozap ' + JSON.stringify(message) + '\\n');

(async () => {
  const strapi = await createStrapi({ appDir: __dirname, distDir: __dirname }).load();
  const stop = async () => {
    try { await strapi.destroy(); } finally { process.exit(0); }
  };
  process.on('SIGTERM', stop);
  // the parent keeps our stdin open; if it dies without killing us, we stop too
  process.stdin.on('end', stop).resume();

  const plugin = strapi.plugin('grupozap');
  const enabled = strapi.config.get('enabledPlugins', {}).grupozap;
  const fromApp = (request) => require.resolve(request, { paths: [__dirname] });
  const fromPlugin = (request) => require.resolve(request, { paths: [path.dirname(fromApp('strapi-plugin-grupozap/package.json'))] });
  const fromCore = (request) => require.resolve(request, { paths: [path.dirname(fromApp('@strapi/core/package.json'))] });
  report({
    loaded: {
      pathToPlugin: enabled && enabled.pathToPlugin,
      serverEntry: fromApp('strapi-plugin-grupozap/strapi-server'),
      contentTypes: plugin ? Object.keys(plugin.contentTypes) : [],
      services: plugin ? Object.keys(plugin.services) : [],
      pluginUtils: fromPlugin('@strapi/utils'),
      coreUtils: fromCore('@strapi/utils'),
      pluginUtilsVersion: require(fromPlugin('@strapi/utils/package.json')).version,
      coreUtilsVersion: require(fromCore('@strapi/utils/package.json')).version,
    },
  });

  await strapi.documents('plugin::grupozap.advertiser').create({
    data: { name: 'Tarball Test', slug: ${JSON.stringify(SLUG)}, document: '11222333000181', active: true },
  });
  await strapi.listen();
  report({ port: strapi.server.httpServer.address().port });
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
  });

/** Starts the app; resolves once it listens, with what it reported about itself. */
const boot = (appDir) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['boot.js'], { cwd: appDir, env: cleanEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const app = { child, log: '', facts: {}, exited: false };
    let pending = '';
    const timer = setTimeout(
      () => reject(new Error(`the app did not listen within ${BOOT_TIMEOUT_MS / 1000} s`)),
      BOOT_TIMEOUT_MS
    );
    child.stdout.on('data', (chunk) => {
      app.log += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop();
      for (const line of lines) {
        if (!line.startsWith('@@grupozap ')) continue;
        Object.assign(app.facts, JSON.parse(line.slice('@@grupozap '.length)));
        if (app.facts.port) {
          clearTimeout(timer);
          resolve(app);
        }
      }
    });
    child.stderr.on('data', (chunk) => (app.log += chunk));
    child.on('exit', (code, signal) => {
      app.exited = true;
      clearTimeout(timer);
      reject(new Error(`the app exited (${signal || `exit ${code}`}) before listening`));
    });
    boot.current = app;
  });

const stop = async (app) => {
  if (!app || app.exited) return;
  await new Promise((resolve) => {
    app.child.on('exit', resolve);
    app.child.kill('SIGTERM');
    setTimeout(() => app.child.kill('SIGKILL'), 10_000).unref();
  });
};

const post = async (baseUrl, urlPath, body, password = secret) => {
  const res = await fetch(`${baseUrl}${urlPath}`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`vivareal:${password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // not JSON: reported as text
  }
  return { status: res.status, body: json ?? text };
};

const show = (res) => `got ${res.status} ${typeof res.body === 'string' ? res.body : JSON.stringify(res.body)}`;

const cleanup = () => {
  if (process.env.KEEP_PACKAGE_APP) {
    console.log(`package: kept ${temps.join(', ')}`);
    return;
  }
  for (const dir of temps.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
};

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) killGroup(child);
    if (boot.current && !boot.current.exited) boot.current.child.kill('SIGKILL');
    cleanup();
    console.log(`FAIL package: interrupted by ${signal}`);
    process.exit(1);
  });
}

(async () => {
  let app;
  try {
    if (!fs.existsSync(fixture)) throw new Error(`the lead fixture is missing: ${fixture}`);
    const lead = JSON.parse(fs.readFileSync(fixture, 'utf8'));

    // .ci/run has just built this tree (GRUPOZAP_BUILT=1): packed as built, not built twice
    if (process.env.GRUPOZAP_BUILT === '1' && fs.existsSync(path.join(root, 'dist')))
      console.log('package: using the build of this run');
    else await timed('npm run build', () => run('npm', ['run', 'build'], { cwd: root }));

    const packDir = makeTemp('pack');
    const packed = await timed('npm pack', () => run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: root }));
    const [{ filename }] = JSON.parse(packed.slice(packed.indexOf('[')));
    const tarball = path.join(packDir, filename);
    const files = (await run('tar', ['-tzf', tarball]))
      .split('\n')
      .filter(Boolean)
      .map((file) => file.replace(/^package\//, ''));
    const expected = [
      'package.json',
      'strapi-server.js',
      'strapi-admin.js',
      'dist/server/index.js',
      'dist/server/index.mjs',
      'dist/admin/index.js',
      'dist/admin/index.mjs',
    ];
    if (fs.existsSync(path.join(root, 'README.md'))) expected.push('README.md');
    const missing = expected.filter((file) => !files.includes(file));
    check(
      'the tarball has the build, the entry points, package.json and README',
      missing.length === 0,
      `missing: ${missing.join(', ')}`
    );
    // Strapi skips a plugin whose exports['./strapi-server'] file is missing, without a word
    const exported = [];
    const collect = (target) => {
      if (typeof target === 'string') exported.push(target.replace(/^\.\//, ''));
      else if (target && typeof target === 'object') Object.values(target).forEach(collect);
    };
    for (const target of Object.values(pkg.exports || {})) {
      if (typeof target === 'object' && target) {
        const { source, ...published } = target; // `source` is for bundlers in this repository only
        collect(published);
      } else collect(target);
    }
    const unresolved = [...new Set(exported)].filter((file) => !files.includes(file));
    check(
      'every file the exports map publishes is in the tarball',
      exported.length > 0 && unresolved.length === 0,
      `missing: ${unresolved.join(', ')}`
    );
    const unwanted = files.filter((file) =>
      /^(server|admin|tests|playground|scripts|packages|bin|\.ci|\.tmp|node_modules)\//.test(file)
    );
    check(
      'the tarball has no server/src, admin/src, tests, playground or simulator',
      unwanted.length === 0,
      `found: ${unwanted.slice(0, 10).join(', ')}`
    );
    const simulatorDeps = ['autocannon', 'commander'].filter((name) => pkg.dependencies?.[name]);
    check(
      "the plugin's dependencies have no load generator or CLI parser, and it publishes no bin",
      simulatorDeps.length === 0 && !pkg.bin,
      `dependencies: ${simulatorDeps.join(', ')}; bin: ${JSON.stringify(pkg.bin)}`
    );

    const simPacked = await timed('npm pack (grupozap-sim)', () =>
      run('npm', ['pack', '--json', '--pack-destination', packDir], { cwd: simRoot })
    );
    const simTarball = path.join(packDir, JSON.parse(simPacked.slice(simPacked.indexOf('[')))[0].filename);
    const simFiles = (await run('tar', ['-tzf', simTarball]))
      .split('\n')
      .filter(Boolean)
      .map((file) => file.replace(/^package\//, ''));
    check(
      'the simulator tarball has its bin and its build, and no source',
      ['package.json', 'bin/grupozap-sim.js', 'dist/index.js'].every((file) => simFiles.includes(file)) &&
        !simFiles.some((file) => file.startsWith('src/')),
      `files: ${simFiles.join(', ')}`
    );

    const appDir = makeTemp('app');
    makeApp(appDir, tarball);
    await timed('npm install (fresh app, --prefer-offline)', () =>
      run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: appDir })
    );

    const installed = path.join(appDir, 'node_modules', pkg.name);
    const installedPkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    const sameBuild =
      fs.readFileSync(path.join(installed, 'dist', 'server', 'index.js'), 'utf8') ===
      fs.readFileSync(path.join(root, 'dist', 'server', 'index.js'), 'utf8');
    check(
      'the app has the package unpacked from the tarball (a real directory, this build, this version)',
      !fs.lstatSync(installed).isSymbolicLink() && installedPkg.version === pkg.version && sameBuild
    );
    check(
      'the app installing the plugin gets no load generator (autocannon) and no grupozap-sim',
      !fs.existsSync(path.join(appDir, 'node_modules', 'autocannon')) &&
        !fs.existsSync(path.join(appDir, 'node_modules', simPkg.name)) &&
        !fs.existsSync(path.join(appDir, 'node_modules', '.bin', 'grupozap-sim'))
    );
    check(
      'the installed package has no server/src (it runs dist)',
      !fs.existsSync(path.join(installed, 'server', 'src')) && !fs.existsSync(path.join(installed, 'admin', 'src'))
    );

    app = await timed('boot (load, create advertiser, listen)', () => boot(appDir));
    const { loaded } = app.facts;
    check(
      'Strapi loaded grupozap from the installed package (no resolve), entry dist/server/index.js',
      fs.realpathSync(loaded.pathToPlugin) === fs.realpathSync(installed) &&
        fs.realpathSync(loaded.serverEntry) === fs.realpathSync(path.join(installed, 'dist', 'server', 'index.js')),
      `pathToPlugin ${loaded.pathToPlugin}, entry ${loaded.serverEntry}`
    );
    const wantedTypes = ['advertiser', 'listing', 'lead', 'delivery'];
    check(
      'the plugin registered its content types and services',
      wantedTypes.every((type) => loaded.contentTypes.includes(type)) && loaded.services.length > 0,
      `content types ${loaded.contentTypes.join(', ')}; services ${loaded.services.join(', ')}`
    );
    check(
      "the plugin uses Strapi's own copy of @strapi/utils (its errors are Strapi's classes)",
      loaded.pluginUtils === loaded.coreUtils,
      `plugin: @strapi/utils ${loaded.pluginUtilsVersion} at ${loaded.pluginUtils}; ` +
        `Strapi: @strapi/utils ${loaded.coreUtilsVersion} at ${loaded.coreUtils}. ` +
        "Errors the plugin throws fail Strapi's instanceof checks and answer 500."
    );

    const simDir = makeTemp('sim');
    writeFiles(simDir, {
      'package.json': `${JSON.stringify({ name: 'grupozap-sim-user', private: true, version: '0.0.0', dependencies: { [simPkg.name]: `file:${simTarball}` } }, null, 2)}\n`,
    });
    await timed('npm install (grupozap-sim alone, --prefer-offline)', () =>
      run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: simDir })
    );
    check(
      'the simulator installs on its own, without Strapi or the plugin',
      fs.existsSync(path.join(simDir, 'node_modules', '.bin', 'grupozap-sim')) &&
        !fs.existsSync(path.join(simDir, 'node_modules', '@strapi')) &&
        !fs.existsSync(path.join(simDir, 'node_modules', pkg.name))
    );

    const baseUrl = `http://127.0.0.1:${app.facts.port}`;
    await timed('HTTP checks', async () => {
      const created = await post(baseUrl, `/api/grupozap/lead/${SLUG}`, lead);
      check(
        'a new lead answers 201 LEAD_CREATED',
        created.status === 201 && created.body?.code === 'LEAD_CREATED',
        show(created)
      );
      const again = await post(baseUrl, `/api/grupozap/lead/${SLUG}`, lead);
      check(
        'the same lead again answers 200 LEAD_DUPLICATE',
        again.status === 200 && again.body?.code === 'LEAD_DUPLICATE',
        show(again)
      );
      const wrong = await post(baseUrl, `/api/grupozap/lead/${SLUG}`, lead, 'wrong-password');
      check('a wrong password answers 401', wrong.status === 401, show(wrong));
      const unknown = await post(baseUrl, '/api/grupozap/lead/nobody-here', { ...lead, originLeadId: 'tarball-unknown' });
      check(
        'an unknown advertiser answers 404 ADVERTISER_NOT_FOUND',
        unknown.status === 404 && unknown.body?.code === 'ADVERTISER_NOT_FOUND',
        show(unknown)
      );
    });
    await timed('grupozap-sim check (the installed bin)', async () => {
      const bin = path.join(simDir, 'node_modules', '.bin', 'grupozap-sim');
      let verdict = '';
      let ok = true;
      try {
        verdict = await run(
          bin,
          ['check', `${baseUrl}/api/grupozap/lead`, '--secret', secret, '--advertiser', SLUG, '--retry-delay', '10'],
          {
            cwd: simDir,
            timeout: 60_000,
          }
        );
      } catch (error) {
        ok = false;
        verdict = error.message;
      }
      check(
        'the installed grupozap-sim check passes every case against the app',
        ok && /all cases pass/.test(verdict),
        tail(verdict, 20)
      );
    });
  } catch (error) {
    check('the packaging test ran to the end', false, error.stack || String(error));
  } finally {
    if (failed && app?.log) console.log(`package: the app's output (last lines):\n${tail(app.log, 60)}`);
    else if (failed && boot.current?.log) console.log(`package: the app's output (last lines):\n${tail(boot.current.log, 60)}`);
    await stop(app || boot.current);
    cleanup();
  }
  console.log(`package: ${timings.map(([label, ms]) => `${label} ${seconds(ms)}`).join('; ')}`);
  console.log(`package: ${passed} passed, ${failed} failed, ${seconds(Date.now() - startedAt)} in all`);
  process.exitCode = failed ? 1 : 0;
})();
