import type { Core } from '@strapi/strapi';
import { advertiserDocumentMiddleware } from './document-service/advertiser-document';
import { leadFirstResponseMiddleware } from './document-service/lead-first-response';
import { leadIdentityMiddleware } from './document-service/lead-identity';
import { listingPlacementMiddleware } from './document-service/listing-placement';
import { leadStatusColumnMigration } from './migrations/lead-status-column';
import { portalDelivery } from './middlewares/portal-delivery';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // before the schema sync, which would drop the old column
  strapi.db.migrations.providers.internal.register(leadStatusColumnMigration);

  // Mounted now, before the app's middlewares (body parser and error handler included), so the
  // lead route reads its own body and every one of its answers is shaped and logged here.
  strapi.server.use(portalDelivery({ strapi }));

  strapi.documents.use(advertiserDocumentMiddleware(strapi));
  strapi.documents.use(listingPlacementMiddleware(strapi));
  strapi.documents.use(leadIdentityMiddleware(strapi));
  strapi.documents.use(leadFirstResponseMiddleware(strapi));
};

export default register;
