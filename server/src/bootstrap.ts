import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

const bootstrap = ({ strapi }: { strapi: Core.Strapi }) => {
  if (!getService(strapi, 'portal-auth').isConfigured()) {
    strapi.log.warn(
      '[grupozap] no secretKey configured: the lead route answers 503 until one is set (config/plugins → grupozap.config.secretKey).'
    );
  }
};

export default bootstrap;
