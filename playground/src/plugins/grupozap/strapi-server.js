'use strict';

// The playground runs the plugin's TypeScript source, not its build. jest compiles TypeScript
// itself; plain Node (strapi develop, a second test instance) needs tsx's require hook.
if (!process.env.JEST_WORKER_ID) require('tsx/cjs/api').register();

module.exports = require('../../../../server/src');
