import type { Core } from '@strapi/strapi';
import { advertiserDocumentMiddleware } from './document-service/advertiser-document';
import { listingPlacementMiddleware } from './document-service/listing-placement';
import { leadRoute } from './middlewares/lead-route';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // Mounted now, before the app's middlewares (body parser and error handler included), so the
  // lead route reads its own body and no answer of its URLs escapes the route's JSON shape.
  strapi.server.use(leadRoute({ strapi }));

  strapi.documents.use(advertiserDocumentMiddleware(strapi));
  strapi.documents.use(listingPlacementMiddleware(strapi));
};

export default register;
