'use strict';

/**
 * A second Strapi process on the same database, for the multi-instance tests:
 * `node serve-playground.js` with the database variables set; prints `READY <port>` once listening.
 */
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.join(__dirname, '..', '..', 'playground');

(async () => {
  const strapi = await createStrapi({ appDir, distDir: appDir }).load();
  await strapi.server.mount();
  const server = strapi.server.httpServer;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`READY ${server.address().port}\n`);
  });
  const stop = async () => {
    await strapi.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
})().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
