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
  | 'NO_PHOTO'
  | 'DESCRIPTION_MISSING';

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
   * The whole URL to give the portal, token included, and the token: in the answer of
   * POST …/feed/token, which makes it, and afterwards while it can be read back (`tokenKept`).
   */
  url: string | null;
  token: string | null;
  /**
   * The token is kept encrypted with the app's encryption key (`admin.secrets.encryptionKey`),
   * as Strapi keeps API tokens viewable: the URL is shown again. False without a key (the token
   * is then kept hashed only and shown once), or for a token made before the key was set.
   */
  tokenKept: boolean;
  /** Why there is no URL (e.g. no public URL configured). */
  problem: string | null;
  /**
   * The advertiser has no e-mail: the feed's `Header` and `ContactInfo` then carry none, and the
   * portal's schema asks for one in both. Fill in the advertiser's e-mail before publishing.
   */
  emailMissing: boolean;
  /** Active listings the feed carries. */
  inFeed: number;
  /** Active listings left out of the feed; `leftOut` shows the first 200 of them. */
  leftOutCount: number;
  leftOut: FeedLeftOutView[];
}
