'use strict';

const fs = require('fs');
const path = require('path');

/**
 * The published package loads its build (`dist/`). Inside this repository (the playground and
 * the tests) the TypeScript source is loaded as it is, so no stale build can ever be served.
 */
const source = path.join(__dirname, 'server', 'src', 'index.ts');

const loadSource = () => {
  // jest compiles TypeScript itself; plain Node needs tsx's require hook (a dev dependency)
  if (!process.env.JEST_WORKER_ID) require('tsx/cjs/api').register();
  return require(source);
};

module.exports = fs.existsSync(source) ? loadSource() : require('./dist/server');
