import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** Strapi is stopping: end this process's pending e-mail retries. */
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'notifications').stop();
};

export default destroy;
