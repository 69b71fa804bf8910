import type { Core } from '@strapi/strapi';
import { grantDefaultPermissions, registerPermissions } from './permissions';
import { getService } from './utils/get-service';

const bootstrap = async ({ strapi }: { strapi: Core.Strapi }) => {
  await registerPermissions(strapi);
  getService(strapi, 'lead-events').registerEvents();
  await grantDefaultPermissions(strapi);

  if (!getService(strapi, 'portal-auth').isConfigured()) {
    strapi.log.warn(
      '[grupozap] no secretKey configured: the lead route answers 503 until one is set (config/plugins → grupozap.config.secretKey).'
    );
  }
};

export default bootstrap;
