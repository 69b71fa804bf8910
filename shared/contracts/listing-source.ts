/**
 * The property mirror's admin API (`listingSource` in the plugin config): the mapping as Settings
 * → Grupo ZAP shows it, the full resync's counts, and what a mirrored Listing's edit view shows.
 */

/** The error `code` of a hand edit refused because the mirror would overwrite it. */
export const LISTING_MIRRORED_CODE = 'LISTING_MIRRORED';

/** The property a Listing mirrors, with its Content Manager edit view. */
export interface MirroredProperty {
  contentType: string;
  documentId: string;
  /** The property's mapped title (else its code), as the agency knows it. */
  title: string;
  /** Inside the admin panel, e.g. `/content-manager/collection-types/api::imovel.imovel/<documentId>`. */
  editPath: string;
}

/** GET /grupozap/listings/:documentId/mirror (read on that Listing in the Content Manager). */
export interface ListingMirrorView {
  /** null: the Listing mirrors no existing property (typed by hand, or no mapping), and is edited here. */
  property: MirroredProperty | null;
  /** The Listing fields the mirror writes, refused in a hand edit (empty when `property` is null). */
  guardedFields: string[];
}

/** GET /grupozap/listing-source: the mapping, for Settings → Grupo ZAP (settings.read). */
export interface ListingSourceView {
  /** False: no `listingSource` in the plugin config; Listings are typed in the Content Manager. */
  configured: boolean;
  contentType: string | null;
  /** The content type's display name; null when the app has no such content type. */
  displayName: string | null;
  /** Each Listing field and the property's attribute that gives it, in the config's order. */
  fields: { listingField: string; attribute: string }[];
  /** Listings that mirror a property (active or not). */
  mirrored: number;
  /** Of those, the active ones (the feed may still leave some out: see each advertiser's feed health). */
  active: number;
  /** The full resync under way on this server, or the last one it ran since it started; null before any. */
  resync: ResyncRun | null;
}

/** Why the resync did not mirror a property. */
export type ResyncSkipReason =
  /** No published version (draft & publish): nothing the portal may see. */
  | 'NOT_PUBLISHED'
  /** The attribute mapped to `clientListingId` is empty. */
  | 'NO_LISTING_ID'
  /** The advertiser attribute names no advertiser of the plugin. */
  | 'UNKNOWN_ADVERTISER'
  /** Another Listing of the same advertiser has this code: another property's, or one typed by hand when this property has its own. */
  | 'DUPLICATE_LISTING_ID';

/** What a sync did to one property's Listing. */
export type SyncOutcome =
  | { result: 'created' | 'updated' | 'unchanged' | 'deactivated' }
  | { result: 'skipped'; reason: ResyncSkipReason };

/** A property the resync skipped, among the first ones. */
export interface ResyncSkipped {
  documentId: string;
  clientListingId: string | null;
  reason: ResyncSkipReason;
}

/**
 * POST /grupozap/listing-source/resync (settings.update) answers 202 with the run it started, or
 * the one already under way (never two at once); GET /grupozap/listing-source shows it until done.
 * A catalogue of tens of thousands of properties takes minutes: longer than a proxy waits.
 */
export interface ResyncRun {
  state: 'running' | 'done' | 'failed';
  /** ISO 8601. */
  startedAt: string;
  finishedAt: string | null;
  /** What it did, once done. */
  result: ResyncResult | null;
  /** Why it stopped, when it failed. */
  error: string | null;
}

/** What a full resync did. */
export interface ResyncResult {
  /** Properties of the mapped content type read. */
  properties: number;
  /** Listings that mirror an existing property after the run. */
  mirrored: number;
  created: number;
  /** Listings changed to match their property. */
  updated: number;
  /** Listings already in step. */
  unchanged: number;
  /** Listings made inactive: their property was unpublished or deleted (even behind Strapi's back). */
  deactivated: number;
  skipped: number;
  skippedByReason: Partial<Record<ResyncSkipReason, number>>;
  /** The first RESYNC_SKIPPED_LISTED skipped properties. */
  skippedFirst: ResyncSkipped[];
  durationMs: number;
}

export const RESYNC_SKIPPED_LISTED = 50;
