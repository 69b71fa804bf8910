import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { ListingMirrorView } from '../../../shared/contracts/listing-source';
import { UID } from '../constants';
import { getService } from '../utils/get-service';

/** The part of the Content Manager's permission checker used here (its `permission-checker` service). */
interface PermissionChecker {
  cannot: { read(entity?: object, field?: string): boolean };
}

/** The property mirror (`listingSource`): its mapping and full resync in Settings, and a mirrored Listing's property. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const mirror = () => getService(strapi, 'listing-source');

  return {
    async find(ctx: Context) {
      ctx.body = { data: await mirror().view() };
    },

    /** Mirrors every property again and answers what it did; runs in the request (one sync per property). */
    async resync(ctx: Context) {
      ctx.body = { data: await mirror().resync() };
    },

    /**
     * For a Listing's edit view: the property it mirrors, if any, and the fields a hand edit may not
     * change. Whoever may read that Listing in the Content Manager may read this.
     */
    async listingMirror(ctx: Context) {
      const { userAbility } = ctx.state as { userAbility: unknown };
      const checker: PermissionChecker = strapi
        .plugin('content-manager')
        .service('permission-checker')
        .create({ userAbility, model: UID.listing });
      if (checker.cannot.read()) throw new errors.ForbiddenError();
      const who = { select: ['id'], populate: { roles: { select: ['id'] } } };
      const listing: ({ sourceDocumentId: string | null } & Record<string, unknown>) | null = await strapi.db
        .query(UID.listing)
        .findOne({ where: { documentId: ctx.params.documentId }, populate: { createdBy: who, updatedBy: who } });
      if (!listing) throw new errors.NotFoundError('Listing not found');
      if (checker.cannot.read(listing)) throw new errors.ForbiddenError();
      const property = await mirror().propertyOf(listing.sourceDocumentId);
      const data: ListingMirrorView = { property, guardedFields: property ? mirror().guardedFields() : [] };
      ctx.body = { data };
    },
  };
};
