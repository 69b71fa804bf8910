import type { Core } from '@strapi/strapi';
import { advertiserDeletionMiddleware } from './document-service/advertiser-deletion';
import { advertiserDocumentMiddleware } from './document-service/advertiser-document';
import { advertiserKeysMiddleware } from './document-service/advertiser-keys';
import { listingPlacementMiddleware } from './document-service/listing-placement';
import { leadRoute } from './middlewares/lead-route';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Mounted now, before the app's middlewares (body parser and error handler included), so the
  // lead route reads its own body and no answer of its URLs escapes the route's JSON shape.
  strapi.server.use(leadRoute({ strapi }));

  // in this order: the slug is normalized before its key is recorded
  strapi.documents.use(advertiserDocumentMiddleware(strapi));
  strapi.documents.use(advertiserKeysMiddleware(strapi));
  strapi.documents.use(advertiserDeletionMiddleware(strapi));
  strapi.documents.use(listingPlacementMiddleware(strapi));
};

export default register;
