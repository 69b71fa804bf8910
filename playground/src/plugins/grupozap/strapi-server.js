'use strict';

// The playground runs the plugin's TypeScript source, not its build. Loaded by jest's registry,
// jest compiles it; loaded by Node (strapi develop, a second test instance, or the API suite's
// jest environment, which loads Strapi natively) it needs tsx's require hook.
if (!process.env.JEST_WORKER_ID || process.env.GRUPOZAP_NATIVE_STRAPI) require('tsx/cjs/api').register();

module.exports = require('../../../../server/src');
