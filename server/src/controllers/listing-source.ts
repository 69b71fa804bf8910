import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { ListingMirrorView } from '../../../shared/contracts/listing-source';
import { UID } from '../constants';
import { permittedDocument } from '../utils/content-manager-permission';
import { getService } from '../utils/get-service';

/** The property mirror (`listingSource`): its mapping and full resync in Settings, and a mirrored Listing's property. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const mirror = () => getService(strapi, 'listing-source');

  return {
    async find(ctx: Context) {
      ctx.body = { data: await mirror().view() };
    },

    /** Starts mirroring every property again, in the background: 202 with the run (GET shows it until done). */
    async resync(ctx: Context) {
      ctx.status = 202;
      ctx.body = { data: mirror().startResync() };
    },

    /**
     * For a Listing's edit view: the property it mirrors, if any, and the fields a hand edit may not
     * change. Whoever may read that Listing in the Content Manager may read this.
     */
    async listingMirror(ctx: Context) {
      const listing = await permittedDocument<{ sourceDocumentId: string | null }>(strapi, ctx, UID.listing, {
        action: 'read',
        notFound: 'Listing not found',
      });
      const property = await mirror().propertyOf(listing.sourceDocumentId);
      const data: ListingMirrorView = { property, guardedFields: property ? mirror().guardedFields() : [] };
      ctx.body = { data };
    },
  };
};
