'use strict';

/**
 * The benchmark's server: the playground, booted as `strapi start` would (NODE_ENV=production,
 * no admin panel to serve), seeded with an advertiser, a full-access API token and a super admin.
 * Prints `READY {json}` once listening.
 */
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const appDir = path.join(__dirname, '..', 'playground');
const ADMIN = { email: 'bench@example.com', password: 'Bench-Password-1234' };

(async () => {
  const strapi = await createStrapi({ appDir, distDir: appDir, serveAdminPanel: false }).load();

  // a database kept by bench:scale is booted again (BENCH_SCALE_DATABASE): what is there is reused
  const advertiser =
    (await strapi.documents('plugin::grupozap.advertiser').findFirst({ filters: { slug: 'bench' } })) ??
    (await strapi.documents('plugin::grupozap.advertiser').create({
      data: { name: 'Bench Imóveis', slug: 'bench', document: '11222333000181', active: true },
    }));
  if (!(await strapi.documents('plugin::grupozap.listing').findFirst({ filters: { clientListingId: 'BENCH-1' } }))) {
    await strapi
      .documents('plugin::grupozap.listing')
      .create({ data: { clientListingId: 'BENCH-1', advertiser: advertiser.documentId } });
  }
  // an access key is shown once, when its token is made: one token per boot
  const token = await strapi.service('admin::api-token').create({
    name: `bench ${new Date().toISOString()}`,
    description: 'benchmark: REST create baseline',
    type: 'full-access',
    lifespan: null,
  });
  if (!(await strapi.db.query('admin::user').findOne({ where: { email: ADMIN.email } }))) {
    const superAdmin = await strapi.service('admin::role').getSuperAdmin();
    await strapi
      .service('admin::user')
      .create({ ...ADMIN, firstname: 'Bench', lastname: 'Admin', isActive: true, roles: [superAdmin.id] });
  }

  await strapi.server.mount();
  const server = strapi.server.httpServer;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`READY ${JSON.stringify({ port: server.address().port, apiToken: token.accessKey, admin: ADMIN })}\n`);
  });
  const stop = async () => {
    await strapi.destroy();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // the bench asks for a full collection before it reads the RSS (node --expose-gc)
  process.on('SIGUSR2', () => global.gc?.());
  // `retention <days>` on stdin: the daily retention job, run now in this process as its cron
  // would run it, with that retention; prints `RETENTION {json}` when done
  let input = '';
  process.stdin.on('data', (chunk) => {
    input += chunk.toString();
    for (let end = input.indexOf('\n'); end >= 0; end = input.indexOf('\n')) {
      const [command, days] = input.slice(0, end).trim().split(/\s+/);
      input = input.slice(end + 1);
      if (command !== 'retention') continue;
      strapi.config.set('plugin::grupozap.retentionDays', Number(days));
      const started = Date.now();
      strapi
        .plugin('grupozap')
        .service('privacy')
        .runRetention(new Date())
        .then(
          (run) => process.stdout.write(`RETENTION ${JSON.stringify({ ...run, seconds: (Date.now() - started) / 1000 })}\n`),
          (error) => process.stdout.write(`RETENTION ${JSON.stringify({ error: error.message })}\n`)
        );
    }
  });
})().catch((error) => {
  process.stderr.write(`${error.stack || error}\n`);
  process.exit(1);
});
