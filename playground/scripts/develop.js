#!/usr/bin/env node
'use strict';

/**
 * `npm run develop` at the repository root: `strapi develop` in the playground, on SQLite unless
 * DB says otherwise. The plugin (server and admin) is loaded from its TypeScript source through
 * playground/src/plugins/grupozap, so there is nothing to build first.
 */
const { spawn } = require('child_process');
const path = require('path');

const playground = path.join(__dirname, '..');

// the portal secret lives in Settings → Grupo ZAP (the demo seeds one); GRUPOZAP_SECRET_KEY overrides it
const env = { ...process.env };

const strapiBin = path.join(path.dirname(require.resolve('@strapi/strapi/package.json')), 'bin', 'strapi.js');
const child = spawn(process.execPath, [strapiBin, 'develop', ...process.argv.slice(2)], {
  cwd: playground,
  stdio: 'inherit',
  env,
});
child.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
