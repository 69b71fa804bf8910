import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** Strapi is stopping: end this process's pending e-mail retries and alert checks, a search index build, the subject-key indexer, the people's attach, a listing resync. */
const destroy = async ({ strapi }: { strapi: Core.Strapi }) => {
  getService(strapi, 'notifications').stop();
  await getService(strapi, 'pipeline').stop();
  await getService(strapi, 'delivery-alerts').stop();
  await getService(strapi, 'search-index').stop();
  await getService(strapi, 'report-days').stop();
  await getService(strapi, 'subject-keys').stop();
  await getService(strapi, 'people').stop();
  await getService(strapi, 'listing-source').idle();
};

export default destroy;
