import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { fieldError } from './field-error';

interface SavedListing {
  id: number;
  clientListingId: string;
  advertiser: { id: number } | null;
}

/**
 * After a listing is saved, in the same transaction: its code must be unique within its
 * advertiser, and leads that arrived before it existed are linked to it.
 */
export const listingPlacementMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== UID.listing || (context.action !== 'create' && context.action !== 'update')) {
      return next();
    }
    return strapi.db.transaction(async () => {
      const result = await next();
      const documentId = (result as { documentId?: string } | null)?.documentId;
      if (!documentId) return result;

      const listing: SavedListing | null = await strapi.db.query(UID.listing).findOne({
        where: { documentId },
        select: ['id', 'clientListingId'],
        populate: { advertiser: { select: ['id'] } },
      });
      if (!listing?.advertiser) return result;

      const sameCode = await strapi.db.query(UID.listing).count({
        where: { clientListingId: listing.clientListingId, advertiser: { id: listing.advertiser.id } },
      });
      if (sameCode > 1) {
        throw fieldError('clientListingId', 'This advertiser already has a listing with this code.', listing.clientListingId);
      }
      await getService(strapi, 'listings').linkWaitingLeads(listing.id);
      return result;
    });
  };
