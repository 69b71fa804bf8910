import type { Core } from '@strapi/strapi';
import { advertiserDeletionMiddleware } from './document-service/advertiser-deletion';
import { advertiserDocumentMiddleware } from './document-service/advertiser-document';
import { advertiserKeysMiddleware } from './document-service/advertiser-keys';
import { leadFirstResponseMiddleware } from './document-service/lead-first-response';
import { leadIdentityMiddleware } from './document-service/lead-identity';
import { listingPlacementMiddleware } from './document-service/listing-placement';
import { listingSourceMiddleware } from './document-service/listing-source';
import { mirroredListingMiddleware } from './document-service/mirrored-listing';
import { leadRoute } from './middlewares/lead-route';
import { leadStatusColumnMigration } from './migrations/lead-status-column';
import { listingSourceUniqueMigration } from './migrations/listing-source-unique';
import { allowTableRebuildsDuringSync } from './sqlite-table-rebuild';

const register = ({ strapi }: { strapi: Core.Strapi }) => {
  // before the schema sync, which would drop the old column
  strapi.db.migrations.providers.internal.register(leadStatusColumnMigration);
  strapi.db.migrations.providers.internal.register(listingSourceUniqueMigration);
  allowTableRebuildsDuringSync(strapi);

  // Mounted now, before the app's middlewares (body parser and error handler included), so the
  // lead route reads its own body and no answer of its URLs escapes the route's JSON shape.
  strapi.server.use(leadRoute({ strapi }));

  // in this order: the slug is normalized before its key is recorded
  strapi.documents.use(advertiserDocumentMiddleware(strapi));
  strapi.documents.use(advertiserKeysMiddleware(strapi));
  strapi.documents.use(advertiserDeletionMiddleware(strapi));
  // a mirrored listing's hand edit is refused before the placement checks run
  strapi.documents.use(mirroredListingMiddleware(strapi));
  strapi.documents.use(listingPlacementMiddleware(strapi));
  strapi.documents.use(listingSourceMiddleware(strapi));
  strapi.documents.use(leadIdentityMiddleware(strapi));
  strapi.documents.use(leadFirstResponseMiddleware(strapi));
};

export default register;
