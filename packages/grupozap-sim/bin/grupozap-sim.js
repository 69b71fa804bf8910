#!/usr/bin/env node
'use strict';

const fs = require('fs');
const path = require('path');

// In the repository the TypeScript source runs through tsx; the published package runs its build.
const source = path.join(__dirname, '..', 'src', 'index.ts');
if (fs.existsSync(source)) require('tsx/cjs/api').register();
const { main } = require(fs.existsSync(source) ? source : path.join(__dirname, '..', 'dist', 'index.js'));

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 2;
});
