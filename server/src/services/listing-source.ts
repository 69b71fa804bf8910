import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { LISTING_FEED_FIELDS, type ListingSourceConfig, type ListingSourceField } from '../config';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';

/** Source values copied as they are (the feed maps and checks them, and says why it leaves one out). */
const PLAIN_FIELDS: ListingSourceField[] = [...LISTING_FEED_FIELDS, 'url'];

type SourceDocument = Record<string, unknown> & { documentId: string };

/** A media field's files (one or many) as their URLs; a list of strings stays as it is. */
const urlsOf = (value: unknown): string[] => {
  const items = Array.isArray(value) ? value : value ? [value] : [];
  return items.flatMap((item) => {
    if (typeof item === 'string') return [item];
    const url = (item as { url?: unknown } | null)?.url;
    return typeof url === 'string' ? [url] : [];
  });
};

/**
 * The app's own property content type (`listingSource` in the plugin config) mirrored into the
 * plugin's Listing: one Listing per property, found again by `sourceDocumentId`. The Listing keeps
 * its leads when its property is unpublished or deleted: it only stops being active.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const source = (): ListingSourceConfig | null => getPluginConfig(strapi).listingSource ?? null;

  const advertiserIdOf = async (value: unknown): Promise<number | null> => {
    if (value && typeof value === 'object' && 'id' in value) return Number((value as { id: number }).id);
    if (typeof value !== 'string' || value === '') return null;
    return (await getService(strapi, 'advertisers').findByKey(value))?.id ?? null;
  };

  return {
    /** Whether documents of this content type are mirrored. */
    isSource(uid: string): boolean {
      return source()?.contentType === uid;
    },

    /** Brings the Listing of one property in step with the property's published version. */
    async sync(documentId: string): Promise<void> {
      const config = source();
      if (!config) return;
      const uid = config.contentType as StrapiUID.ContentType;
      const model = strapi.contentType(uid);
      if (!model) return;
      const { fields } = config;
      const populate = [fields.photos, fields.advertiser].filter(
        (name): name is string =>
          Boolean(name) && ['media', 'relation'].includes((model.attributes[name!] as { type?: string })?.type ?? '')
      );
      const document = (await strapi.documents(uid).findOne({
        documentId,
        ...(model.options?.draftAndPublish ? { status: 'published' as const } : {}),
        populate,
      } as never)) as SourceDocument | null;

      const existing: { id: number } | null = await strapi.db
        .query(UID.listing)
        .findOne({ where: { sourceDocumentId: documentId }, select: ['id'] });
      if (!document) {
        if (existing) await strapi.db.query(UID.listing).update({ where: { id: existing.id }, data: { active: false } });
        return;
      }

      const data: Record<string, unknown> = { sourceDocumentId: documentId };
      for (const field of PLAIN_FIELDS) {
        const attribute = fields[field];
        if (attribute) data[field] = document[attribute] ?? null;
      }
      if (fields.photos) data.photoUrls = urlsOf(document[fields.photos]);
      data.active = fields.active ? document[fields.active] !== false : true;
      data.advertiser = await advertiserIdOf(fields.advertiser ? document[fields.advertiser] : null);
      if (data.clientListingId !== null && data.clientListingId !== undefined)
        data.clientListingId = String(data.clientListingId);

      const listing: { id: number } = existing
        ? await strapi.db.query(UID.listing).update({ where: { id: existing.id }, data })
        : await strapi.db.query(UID.listing).create({ data });
      await getService(strapi, 'listings').linkWaitingLeads(listing.id);
    },

    /** Every property again (after a mapping change, or to repair): returns how many were synced. */
    async resync(): Promise<number> {
      const config = source();
      if (!config) return 0;
      const rows: { documentId: string }[] = await strapi.db
        .query(config.contentType as StrapiUID.ContentType)
        .findMany({ select: ['documentId'] });
      const documentIds = [...new Set(rows.map((row) => row.documentId))];
      for (const documentId of documentIds) await this.sync(documentId);
      return documentIds.length;
    },
  };
};
