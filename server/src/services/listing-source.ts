import type { Core, UID as StrapiUID } from '@strapi/strapi';
import { LISTING_FEED_FIELDS, type ListingSourceConfig, type ListingSourceField } from '../config';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { sameListingValue } from '../utils/listing-values';
import {
  RESYNC_SKIPPED_LISTED,
  type ListingSourceView,
  type MirroredProperty,
  type ResyncResult,
  type ResyncRun,
  type ResyncSkipReason,
  type SyncOutcome,
} from '../../../shared/contracts/listing-source';

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

/** What a Listing of the mirror holds, as read before a sync. */
interface StoredListing extends Record<string, unknown> {
  id: number;
  active: boolean | null;
  sourceDocumentId: string | null;
  advertiser: { id: number } | null;
}

/**
 * The app's own property content type (`listingSource` in the plugin config) mirrored into the
 * plugin's Listing: one Listing per property, found again by `sourceDocumentId`. The Listing keeps
 * its leads when its property is unpublished or deleted: it only stops being active.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const source = (): ListingSourceConfig | null => getPluginConfig(strapi).listingSource ?? null;
  const listings = () => strapi.db.query(UID.listing);

  const advertiserIdOf = async (value: unknown): Promise<number | null> => {
    if (value && typeof value === 'object' && 'id' in value) return Number((value as { id: number }).id);
    if (typeof value !== 'string' || value === '') return null;
    return (await getService(strapi, 'advertisers').findByKey(value))?.id ?? null;
  };

  /** The Listing fields the mirror writes (a hand edit of one would be lost at the next sync). */
  const mirroredFields = (config: ListingSourceConfig): string[] => [
    ...PLAIN_FIELDS.filter((field) => config.fields[field]),
    ...(config.fields.photos ? ['photoUrls'] : []),
    'active',
    'advertiser',
  ];

  const listingAttributeType = (field: string): string =>
    (strapi.contentType(UID.listing).attributes as Record<string, { type: string }>)[field]?.type ?? 'string';

  /** Whether the Listing already holds what the mirror would write. */
  const holds = (listing: StoredListing, data: Record<string, unknown>): boolean =>
    Object.entries(data).every(([field, value]) =>
      field === 'advertiser'
        ? (listing.advertiser?.id ?? null) === value
        : sameListingValue(listingAttributeType(field), listing[field], value)
    );

  /** This process's full resync: the one under way, or the last one (see startResync). */
  let resyncRun: ResyncRun | null = null;
  let resyncing: Promise<void> | null = null;

  const deactivate = async (listing: StoredListing | null): Promise<boolean> => {
    if (!listing || listing.active === false) return false;
    await listings().update({ where: { id: listing.id }, data: { active: false } });
    return true;
  };

  const service = {
    /** Whether documents of this content type are mirrored. */
    isSource(uid: string): boolean {
      return source()?.contentType === uid;
    },

    /** The Listing fields a hand edit may not change, for a mirrored Listing; none without a mapping. */
    guardedFields(): string[] {
      const config = source();
      return config ? mirroredFields(config) : [];
    },

    /**
     * The property a Listing mirrors, while the mapping names its content type and the property
     * exists (in any version): null otherwise, and then the Listing is the agency's to edit.
     */
    async propertyOf(sourceDocumentId: string | null | undefined): Promise<MirroredProperty | null> {
      const config = source();
      if (!config || !sourceDocumentId || !strapi.contentType(config.contentType as StrapiUID.ContentType)) return null;
      const titled = [config.fields.title, config.fields.clientListingId].filter((name): name is string => Boolean(name));
      const property: Record<string, unknown> | null = await strapi.db
        .query(config.contentType as StrapiUID.ContentType)
        .findOne({ where: { documentId: sourceDocumentId }, select: ['documentId', ...titled] });
      if (!property) return null;
      const title = titled.map((name) => property[name]).find((value) => value !== null && value !== undefined && value !== '');
      return {
        contentType: config.contentType,
        documentId: sourceDocumentId,
        title: title === undefined ? sourceDocumentId : String(title),
        editPath: `/content-manager/collection-types/${config.contentType}/${sourceDocumentId}`,
      };
    },

    /** Brings the Listing of one property in step with the property's published version. */
    async sync(documentId: string): Promise<SyncOutcome> {
      const config = source();
      if (!config) return { result: 'skipped', reason: 'NOT_PUBLISHED' };
      const uid = config.contentType as StrapiUID.ContentType;
      const model = strapi.contentType(uid);
      if (!model) return { result: 'skipped', reason: 'NOT_PUBLISHED' };
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

      const select = ['id', 'active', 'sourceDocumentId', ...mirroredFields(config).filter((field) => field !== 'advertiser')];
      const existing: StoredListing | null = await listings().findOne({
        where: { sourceDocumentId: documentId },
        select,
        populate: { advertiser: { select: ['id'] } },
      });
      if (!document) {
        return (await deactivate(existing)) ? { result: 'deactivated' } : { result: 'skipped', reason: 'NOT_PUBLISHED' };
      }

      const data: Record<string, unknown> = {};
      for (const field of PLAIN_FIELDS) {
        const attribute = fields[field];
        if (attribute) data[field] = document[attribute] ?? null;
      }
      if (fields.photos) data.photoUrls = urlsOf(document[fields.photos]);
      data.active = fields.active ? document[fields.active] !== false : true;
      data.advertiser = await advertiserIdOf(fields.advertiser ? document[fields.advertiser] : null);
      if (data.clientListingId !== null && data.clientListingId !== undefined)
        data.clientListingId = String(data.clientListingId).trim();

      // a Listing the feed and the leads could not use: the previous one (if any) leaves the feed
      const skip = async (reason: ResyncSkipReason): Promise<SyncOutcome> => {
        await deactivate(existing);
        return { result: 'skipped', reason };
      };
      if (!data.clientListingId) return skip('NO_LISTING_ID');
      if (data.advertiser === null) return skip('UNKNOWN_ADVERTISER');

      // the advertiser's Listing with this code: another property's (refused), or one typed by hand before the
      // mapping, which this property adopts so that its leads stay linked
      const sameCode: StoredListing[] = await listings().findMany({
        where: { clientListingId: data.clientListingId, advertiser: { id: data.advertiser }, id: { $ne: existing?.id ?? 0 } },
        select,
        populate: { advertiser: { select: ['id'] } },
      });
      // (a property whose code changes to a hand-typed Listing's keeps its own: two Listings would share the code)
      if (sameCode.length > 0 && (existing || sameCode.some((listing) => listing.sourceDocumentId))) {
        return skip('DUPLICATE_LISTING_ID');
      }
      const target = existing ?? sameCode[0] ?? null;

      let outcome: SyncOutcome;
      let listing: { id: number };
      if (!target) {
        try {
          listing = await listings().create({ data: { ...data, sourceDocumentId: documentId } });
        } catch (error) {
          // another sync of this property (a publish during a resync, another instance) created its
          // Listing first: the unique index on sourceDocumentId refused this one, which syncs again
          // against it. (Inside a PostgreSQL transaction nothing can be read after the error: it stands.)
          const winner = await listings()
            .findOne({ where: { sourceDocumentId: documentId }, select: ['id'] })
            .catch(() => null);
          if (!winner) throw error;
          return service.sync(documentId);
        }
        outcome = { result: 'created' };
      } else if (target.sourceDocumentId === documentId && holds(target, data)) {
        listing = target;
        outcome = { result: 'unchanged' };
      } else {
        listing = await listings().update({ where: { id: target.id }, data: { ...data, sourceDocumentId: documentId } });
        outcome = { result: 'updated' };
      }
      await getService(strapi, 'listings').linkWaitingLeads(listing.id);
      return outcome;
    },

    /**
     * Every property again (after a mapping change, an import through the Query Engine, or to
     * repair), and the Listings of properties that no longer exist made inactive.
     */
    async resync(): Promise<ResyncResult> {
      const started = Date.now();
      const result: ResyncResult = {
        properties: 0,
        mirrored: 0,
        created: 0,
        updated: 0,
        unchanged: 0,
        deactivated: 0,
        skipped: 0,
        skippedByReason: {},
        skippedFirst: [],
        durationMs: 0,
      };
      const config = source();
      const uid = config?.contentType as StrapiUID.ContentType | undefined;
      if (!config || !uid || !strapi.contentType(uid)) return result;

      const rows: Record<string, unknown>[] = await strapi.db
        .query(uid)
        .findMany({ select: ['documentId', config.fields.clientListingId as string] });
      const codes = new Map(rows.map((row) => [String(row.documentId), row[config.fields.clientListingId as string]]));
      result.properties = codes.size;
      for (const [documentId, code] of codes) {
        const outcome = await this.sync(documentId);
        if (outcome.result !== 'skipped') {
          result[outcome.result] += 1;
          continue;
        }
        result.skipped += 1;
        result.skippedByReason[outcome.reason] = (result.skippedByReason[outcome.reason] ?? 0) + 1;
        if (result.skippedFirst.length < RESYNC_SKIPPED_LISTED) {
          result.skippedFirst.push({
            documentId,
            clientListingId: code === null || code === undefined || code === '' ? null : String(code),
            reason: outcome.reason,
          });
        }
      }

      // properties deleted behind the Document Service's back (knex, the Query Engine)
      const mirrors: { id: number; sourceDocumentId: string; active: boolean | null }[] = await listings().findMany({
        where: { sourceDocumentId: { $notNull: true } },
        select: ['id', 'sourceDocumentId', 'active'],
      });
      for (const mirror of mirrors) {
        if (codes.has(mirror.sourceDocumentId)) result.mirrored += 1;
        else if (mirror.active !== false) {
          await listings().update({ where: { id: mirror.id }, data: { active: false } });
          result.deactivated += 1;
        }
      }
      result.durationMs = Date.now() - started;
      return result;
    },

    /**
     * Starts the full resync in the background and gives its run, or gives the run already under
     * way: one at a time in this process (a second one would only repeat the first's work).
     */
    startResync(): ResyncRun {
      if (resyncRun?.state === 'running') return resyncRun;
      const started: ResyncRun = {
        state: 'running',
        startedAt: new Date().toISOString(),
        finishedAt: null,
        result: null,
        error: null,
      };
      resyncRun = started;
      resyncing = service
        .resync()
        .then(
          (result) => {
            resyncRun = { ...started, state: 'done', finishedAt: new Date().toISOString(), result };
          },
          (error: Error) => {
            strapi.log.error(`[grupozap] the listing resync failed: ${error.stack ?? error}`);
            resyncRun = { ...started, state: 'failed', finishedAt: new Date().toISOString(), error: error.message };
          }
        )
        .finally(() => {
          resyncing = null;
        });
      return started;
    },

    /** Resolves once no resync runs (Strapi stopping waits for it: its queries need the database). */
    async idle(): Promise<void> {
      await resyncing;
    },

    /** The mapping and how many Listings mirror a property, for Settings → Grupo ZAP. */
    async view(): Promise<ListingSourceView> {
      const config = source();
      if (!config)
        return { configured: false, contentType: null, displayName: null, fields: [], mirrored: 0, active: 0, resync: resyncRun };
      const model = strapi.contentType(config.contentType as StrapiUID.ContentType);
      const mirroredWhere = { sourceDocumentId: { $notNull: true } };
      return {
        configured: true,
        contentType: config.contentType,
        displayName: model?.info?.displayName ?? null,
        fields: Object.entries(config.fields).map(([listingField, attribute]) => ({
          listingField,
          attribute: String(attribute),
        })),
        mirrored: await listings().count({ where: mirroredWhere }),
        // listings saved before `active` existed (null) count as active, as in the feed
        active: await listings().count({ where: { ...mirroredWhere, $or: [{ active: true }, { active: null }] } }),
        resync: resyncRun,
      };
    },
  };
  return service;
};
