import type { Core } from '@strapi/strapi';
import { configureDefaultRolesOnBoot } from './default-roles';
import { registerPermissions } from './permissions';
import { getService } from './utils/get-service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  getService(strapi, 'lead-events').registerEvents();
  configureDefaultRolesOnBoot(strapi);
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
