import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** Strapi is stopping: end this process's pending e-mail retries and alert checks, and a search index build. */
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'notifications').stop();
  await getService(strapi, 'pipeline').stop();
  await getService(strapi, 'delivery-alerts').stop();
  await getService(strapi, 'search-index').stop();
};

export default destroy;
