import type { Core, Modules } from '@strapi/strapi';
import { getService } from '../utils/get-service';

const SYNCED_ACTIONS = new Set(['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft']);

/**
 * After a property of the app's mapped content type (`listingSource`) is saved, published,
 * unpublished or deleted, its Listing follows, in the same transaction.
 */
export const listingSourceMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    const mirror = getService(strapi, 'listing-source');
    if (!SYNCED_ACTIONS.has(context.action) || !mirror.isSource(context.uid)) return next();
    return strapi.db.transaction(async () => {
      const result = await next();
      const documentId =
        (result as { documentId?: string } | null)?.documentId ?? (context.params as { documentId?: string }).documentId;
      if (documentId) await mirror.sync(documentId);
      return result;
    });
  };
