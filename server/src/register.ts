import type { Core } from '@strapi/strapi';
import { advertiserDocumentMiddleware } from './document-service/advertiser-document';
import { leadIdentityMiddleware } from './document-service/lead-identity';
import { listingPlacementMiddleware } from './document-service/listing-placement';
import { portalDelivery } from './middlewares/portal-delivery';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Mounted now, before the app's middlewares (body parser and error handler included), so the
  // lead route reads its own body and every one of its answers is shaped and logged here.
  strapi.server.use(portalDelivery({ strapi }));

  strapi.documents.use(advertiserDocumentMiddleware(strapi));
  strapi.documents.use(listingPlacementMiddleware(strapi));
  strapi.documents.use(leadIdentityMiddleware(strapi));
};

export default register;
