import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** Strapi is stopping: end this process's pending e-mail retries and alert checks. */
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'notifications').stop();
  await getService(strapi, 'pipeline').stop();
  await getService(strapi, 'delivery-alerts').stop();
};

export default destroy;
