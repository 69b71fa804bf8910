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
