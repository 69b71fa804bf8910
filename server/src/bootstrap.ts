import type { Core } from '@strapi/strapi';
import { grantDefaultPermissions, registerPermissions } from './permissions';
import { getService } from './utils/get-service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  getService(strapi, 'lead-events').registerEvents();
  await grantDefaultPermissions(strapi);
  await getService(strapi, 'advertiser-keys').recordMissing();
  getService(strapi, 'sla').registerCron();
  getService(strapi, 'notifications').listenForOverdue();
  getService(strapi, 'privacy').scheduleRetention();

  if (!(await getService(strapi, 'portal-auth').isConfigured())) {
    strapi.log.warn(
      '[grupozap] no portal secret yet: the lead route answers 503 until one is set in Settings → Grupo ZAP (or config/plugins → grupozap.config.secretKey).'
    );
  }
};

export default bootstrap;
