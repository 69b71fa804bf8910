#!/usr/bin/env node
'use strict';

/**
 * The plugin as a user gets it: `npm pack`, then a fresh Strapi app that installs the tarball the
 * ordinary way (config/plugins.js without `resolve`), boots, and takes leads.
 *
 * The app is a real, separate install (Strapi resolves installed plugins from its own
 * node_modules), taken from npm's cache where this repository's install already put it.
 */
const { execFileSync, spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const os = require('os');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const fixtures = path.join(root, '..', 'shared', 'fixtures', 'leads');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'grupozap-tarball-'));
const appDir = path.join(work, 'app');
const secret = `tarball-${crypto.randomBytes(8).toString('hex')}`;

let passed = 0;
let failed = 0;
const check = (label, ok, detail = '') => {
  if (ok) passed += 1;
  else failed += 1;
  console.log(`${ok ? 'PASS' : 'FAIL'} package: ${label}${ok || !detail ? '' : ` — ${detail}`}`);
};

const write = (file, content) => {
  fs.mkdirSync(path.dirname(path.join(appDir, file)), { recursive: true });
  fs.writeFileSync(path.join(appDir, file), content);
};

const npm = (args, cwd) => execFileSync('npm', args, { cwd, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' });

/** The versions this repository is tested with, so the cache has them. */
const devVersion = (name) => require(path.join(root, 'package.json')).devDependencies[name];

const makeApp = (tarball) => {
  write(
    'package.json',
    JSON.stringify(
      {
        name: 'tarball-test-app',
        private: true,
        version: '0.0.0',
        dependencies: {
          '@strapi/strapi': devVersion('@strapi/strapi'),
          'better-sqlite3': devVersion('better-sqlite3'),
          'strapi-plugin-grupozap': `file:${tarball}`,
        },
      },
      null,
      2
    )
  );
  write('config/server.js', "module.exports = () => ({ host: '127.0.0.1', port: 0, app: { keys: ['k1', 'k2'] } });\n");
  write(
    'config/admin.js',
    "module.exports = () => ({ auth: { secret: 'a' }, apiToken: { salt: 'b' }, transfer: { token: { salt: 'c' } }, secrets: { encryptionKey: 'd'.repeat(32) } });\n"
  );
  write(
    'config/database.js',
    `module.exports = () => ({ connection: { client: 'sqlite', connection: { filename: ${JSON.stringify(path.join(work, 'data.db'))} }, useNullAsDefault: true } });\n`
  );
  write('config/plugins.js', `module.exports = () => ({ grupozap: { enabled: true, config: { secretKey: ${JSON.stringify(secret)} } } });\n`);
  write('config/logger.js', "const { winston } = require('@strapi/logger');\nmodule.exports = { level: 'warn', transports: [new winston.transports.Console()] };\n");
  write('src/index.js', 'module.exports = { register() {}, bootstrap() {} };\n');
  write('public/uploads/.gitkeep', '');
  write(
    'boot.js',
    `const { createStrapi } = require('@strapi/strapi');
(async () => {
  const strapi = await createStrapi({ appDir: __dirname, distDir: __dirname }).load();
  await strapi.documents('plugin::grupozap.advertiser').create({
    data: { name: 'Tarball Test', slug: 'tarball-test', document: '11222333000181', active: true },
  });
  await strapi.server.mount();
  strapi.server.httpServer.listen(0, '127.0.0.1', () => console.log('READY ' + strapi.server.httpServer.address().port));
  process.on('SIGTERM', async () => { await strapi.destroy(); process.exit(0); });
})().catch((error) => { console.error(error); process.exit(1); });
`
  );
};

const boot = () =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['boot.js'], { cwd: appDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`the app did not start:\n${output}`)), 90_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /READY (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, baseUrl: `http://127.0.0.1:${match[1]}` });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited with ${code}:\n${output}`));
    });
  });

const post = async (baseUrl, urlPath, body, password = secret) => {
  const res = await fetch(`${baseUrl}${urlPath}`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`vivareal:${password}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json().catch(() => null) };
};

(async () => {
  let app;
  try {
    fs.mkdirSync(work, { recursive: true });
    console.log('package: building and packing…');
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    const [{ filename }] = JSON.parse(npm(['pack', '--json', '--pack-destination', work], root));
    const tarball = path.join(work, filename);

    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    check('the tarball has the build', listing.includes('package/dist/server/index.js') && listing.includes('package/dist/admin/index.mjs'));
    check('the tarball has no sources, tests or playground', !listing.some((file) => /^package\/(server|admin|tests|playground)\//.test(file)));

    makeApp(tarball);
    console.log('package: installing the tarball into a fresh app…');
    npm(['install', '--no-audit', '--no-fund', '--prefer-offline', '--legacy-peer-deps'], appDir);
    const installed = path.join(appDir, 'node_modules', 'strapi-plugin-grupozap');
    check('installed from the tarball, not linked to the repository', fs.existsSync(path.join(installed, 'dist', 'server', 'index.js')) && !fs.lstatSync(installed).isSymbolicLink() && !fs.existsSync(path.join(installed, 'server')));

    app = await boot();
    const lead = JSON.parse(fs.readFileSync(path.join(fixtures, 'grupo-olx-current.json'), 'utf8'));
    const created = await post(app.baseUrl, '/api/grupozap/lead/tarball-test', lead);
    check('a new lead answers 201 LEAD_CREATED', created.status === 201 && created.body?.code === 'LEAD_CREATED', JSON.stringify(created));
    const again = await post(app.baseUrl, '/api/grupozap/lead/tarball-test/', lead);
    check('its redelivery answers 200 LEAD_DUPLICATE', again.status === 200 && again.body?.code === 'LEAD_DUPLICATE', JSON.stringify(again));
    const wrong = await post(app.baseUrl, '/api/grupozap/lead/tarball-test', lead, 'wrong');
    check('a wrong secret answers 401', wrong.status === 401, JSON.stringify(wrong));
    const unknown = await post(app.baseUrl, '/api/grupozap/lead/nobody', { ...lead, originLeadId: 'other' });
    check('an unknown advertiser answers 404 ADVERTISER_NOT_FOUND', unknown.status === 404 && unknown.body?.code === 'ADVERTISER_NOT_FOUND', JSON.stringify(unknown));
    const probe = await fetch(`${app.baseUrl}/api/grupozap/lead`);
    check('GET probe answers 200', probe.status === 200);
  } catch (error) {
    check('the packaging check ran to the end', false, error.stack || String(error));
  } finally {
    if (app) {
      app.child.removeAllListeners('exit');
      await new Promise((resolve) => {
        app.child.on('exit', resolve);
        app.child.kill('SIGTERM');
        setTimeout(() => app.child.kill('SIGKILL'), 10_000).unref();
      });
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
  console.log(`package: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
})();
