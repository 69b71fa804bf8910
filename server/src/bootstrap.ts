import type { Core } from '@strapi/strapi';
import { proxyAdvice, type ServerProxyConfig } from './delivery/client-address';
import { configureDefaultRolesOnBoot } from './default-roles';
import { registerPermissions } from './permissions';
import { enableSecureDelete } from './sqlite-erasure';
import { sqliteDurabilityAdvice } from './sqlite-durability';
import { getService } from './utils/get-service';
import { getPluginConfig } from './utils/plugin-config';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  // first: every value the plugin frees from now on is zeroed in the SQLite file (LGPD erasure)
  await enableSecureDelete(strapi);
  await registerPermissions(strapi);
  await getService(strapi, 'report-days').prepare();
  // in the background: the year's day tallies, so that the first report after a boot is quick
  void getService(strapi, 'report-days').warm();
  await getService(strapi, 'subject-keys').prepare();
  // after the other triggers are made: its build in the background (PostgreSQL: CREATE INDEX
  // CONCURRENTLY on the leads) and their DDL would wait for each other until PostgreSQL gave up
  await getService(strapi, 'search-index').prepare();
  getService(strapi, 'lead-events').registerEvents();
  configureDefaultRolesOnBoot(strapi);
  await getService(strapi, 'advertiser-keys').recordMissing();
  getService(strapi, 'sla').registerCron();
  getService(strapi, 'follow-ups').registerCron();
  getService(strapi, 'people').registerCron();
  // in the background: leads there before an upgrade (or imported) get their person
  void getService(strapi, 'people').attachPending();
  getService(strapi, 'notifications').listenForOverdue();
  getService(strapi, 'notifications').listenForFollowUps();
  getService(strapi, 'privacy').scheduleRetention();

  const advice = proxyAdvice(strapi.config.get('server.proxy') as ServerProxyConfig, getPluginConfig(strapi).proxyHops);
  if (advice) strapi.log.warn(advice);
  const durabilityAdvice = await sqliteDurabilityAdvice(strapi);
  if (durabilityAdvice) strapi.log.warn(durabilityAdvice);

  if (!(await getService(strapi, 'portal-auth').isConfigured())) {
    strapi.log.warn(
      '[grupozap] no portal secret yet: the lead route answers 503 until one is set in Settings → Grupo ZAP (or config/plugins → grupozap.config.secretKey).'
    );
  }
};

export default bootstrap;
