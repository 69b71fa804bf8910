import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../constants';
import { getService } from '../utils/get-service';

interface Saved {
  id: number;
  slug: string;
}

/**
 * Keeps each advertiser's URL keys (see the `advertiser-keys` service) as its slug changes
 * through the Document Service, which Content Manager saves go through: the former slug keeps
 * answering, and a slug that is or was another advertiser's is refused on the field.
 */
export const advertiserKeysMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== UID.advertiser || (context.action !== 'create' && context.action !== 'update')) {
      return next();
    }
    const { data, documentId } = context.params as { data?: Record<string, unknown>; documentId?: string };
    const keys = getService(strapi, 'advertiser-keys');
    const savedOf = (id: string): Promise<Saved | null> =>
      strapi.db.query(UID.advertiser).findOne({ where: { documentId: id }, select: ['id', 'slug'] });

    const before = context.action === 'update' && documentId ? await savedOf(documentId) : null;
    const wanted = typeof data?.slug === 'string' ? data.slug : null;
    // said before anything is written, with a message on the field
    if (wanted !== null) await keys.assertAvailable(wanted, before?.id ?? null);

    const outerTransaction = strapi.db.inTransaction();
    try {
      return await strapi.db.transaction(async () => {
        const result = await next();
        const savedId = (result as { documentId?: string } | null)?.documentId;
        const after = savedId ? await savedOf(savedId) : null;
        if (!after?.slug) return result;
        if (before?.slug && keys.keyOf(before.slug) !== keys.keyOf(after.slug)) await keys.retire(after.id, before.slug);
        // also on saves that keep the slug: records the key of an advertiser that has no row yet
        await keys.claim(after.id, after.slug);
        return result;
      });
    } catch (error) {
      // A concurrent save took the key between the check above and this one's write: the unique
      // index (of the slug or of the key) refused the loser, whose answer is the field error.
      // Inside a caller's transaction PostgreSQL reads no more after an error: the error stands.
      if (wanted !== null && !outerTransaction) await keys.assertAvailable(wanted, before?.id ?? null);
      throw error;
    }
  };
