/**
 * The advertiser admin API's shapes (/grupozap/advertisers…), shared by the server that answers
 * and the Content Manager additions that ask.
 */

/** GET /grupozap/advertisers/:documentId/integration-url */
export interface IntegrationUrlView {
  documentId: string;
  slug: string;
  active: boolean;
  /** The URL to register with the portal, in the URL form of the settings; null when it cannot be built. */
  url: string | null;
  /** Why there is no URL (e.g. no public URL configured), as the server says it. */
  problem: string | null;
  /**
   * The advertiser's former slugs, most recently left first: the URLs made of them still deliver
   * its leads (the portal may hold one). `url` in the settings' URL form, null with `url`.
   */
  formerKeys: FormerKeyView[];
}

export interface FormerKeyView {
  slug: string;
  url: string | null;
  /** When the advertiser left this slug (ISO 8601). */
  retiredAt: string;
}

/** Why a listing is left out of the VRSync feed (docs/listing-feed.md lists each one). */
export type FeedLeftOutReasonCode =
  | 'LISTING_ID_LENGTH'
  | 'TITLE_LENGTH'
  | 'TRANSACTION_TYPE'
  | 'PROPERTY_TYPE'
  | 'PRICE_MISSING'
  | 'STATE'
  | 'CITY_MISSING'
  | 'NEIGHBORHOOD_MISSING'
  | 'NO_PHOTO';

export interface FeedLeftOutView {
  documentId: string;
  clientListingId: string | null;
  title: string | null;
  reasons: FeedLeftOutReasonCode[];
}

/**
 * GET /grupozap/advertisers/:documentId/feed (reads only) — and POST …/feed/token, which makes a
 * new token and answers the same view with it.
 */
export interface FeedHealthView {
  documentId: string;
  /** Whether the feed has a token: without one, the feed answers 404 until an admin makes one (POST …/feed/token). */
  hasToken: boolean;
  /** The VRSync feed URL without its token; null when it cannot be built (see `problem`). */
  feedUrl: string | null;
  /**
   * The whole URL to give the portal, token included, and the token: only in the answer of
   * POST …/feed/token, which makes it. It is stored hashed and never shown again.
   */
  url: string | null;
  token: string | null;
  /** Why there is no URL (e.g. no public URL configured). */
  problem: string | null;
  /** Active listings the feed carries. */
  inFeed: number;
  /** Active listings left out of the feed; `leftOut` shows the first 200 of them. */
  leftOutCount: number;
  leftOut: FeedLeftOutView[];
}
