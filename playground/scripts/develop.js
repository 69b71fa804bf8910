#!/usr/bin/env node
'use strict';

/**
 * `npm run develop` at the repository root: builds the plugin's admin bundle (which the app's
 * admin build imports), then runs `strapi develop` in the playground on SQLite. The plugin's
 * server is loaded from its TypeScript source, so server changes need no rebuild.
 */
const { spawnSync, spawn } = require('child_process');
const path = require('path');

const root = path.join(__dirname, '..', '..');
const playground = path.join(__dirname, '..');

const env = { ...process.env };
if (!env.GRUPOZAP_SECRET_KEY) {
  env.GRUPOZAP_SECRET_KEY = 'playground-secret-change-me';
  console.log(`GRUPOZAP_SECRET_KEY not set: using "${env.GRUPOZAP_SECRET_KEY}" for the playground.`);
}

const build = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit', env });
if (build.status !== 0) process.exit(build.status ?? 1);

const strapiBin = require.resolve('@strapi/strapi/bin/strapi.js', { paths: [root] });
const child = spawn(process.execPath, [strapiBin, 'develop', ...process.argv.slice(2)], {
  cwd: playground,
  stdio: 'inherit',
  env,
});
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
