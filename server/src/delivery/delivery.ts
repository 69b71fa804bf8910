import type { PortalCode } from './answers';

/**
 * One delivery as it arrived, before anything is decided about it: from the portal over HTTP,
 * or an admin's replay of a logged delivery. Built once by its adapter and never changed.
 */
export interface IncomingDelivery {
  /** `http`: the portal (or anyone) at the lead URL; `replay`: an admin replays a logged row. */
  source: 'http' | 'replay';
  receivedAt: Date;
  startedAt: bigint;
  /** `POST`, or `REPLAY`. */
  method: string;
  path: string;
  /** The address the plugin decides on (see client-address). */
  ip: string;
  userAgent: string | null;
  /** ADVERTISER-ID from the path or the subdomain, as sent. */
  advertiserKey: string | null;
  /** The `Authorization` header (HTTP only; a replay was authorised by the admin's permission). */
  authorization?: string;
  contentType: string | null;
  /** The body's bytes as sent; null when they could not be read (see `bodyProblem`). */
  bytes: Buffer | null;
  /** The body's size as sent or declared. */
  bodyBytes: number;
  bodyProblem: Extract<PortalCode, 'BODY_TOO_LARGE' | 'BODY_READ_FAILED'> | null;
}

/**
 * What the pipeline learnt about a delivery on its way, for its delivery-log row. Owned by one
 * `process()` call; the lead writer reads it to write the row in the lead's transaction.
 */
export interface DeliveryTrace {
  incoming: IncomingDelivery;
  /** The sender held the portal's credential (or an admin replayed a logged delivery). */
  authenticated: boolean;
  originLeadId: string | null;
  /** The body as text the database can store (NUL and lone surrogates replaced). */
  text: string | null;
  /** The exact bytes, kept when `text` does not give them back. */
  exactBytes: Buffer | null;
}

export const traceOf = (incoming: IncomingDelivery): DeliveryTrace => ({
  incoming,
  authenticated: false,
  originLeadId: null,
  text: null,
  exactBytes: null,
});

/** What the route answers, and what to run once the portal has its answer. */
export interface DeliveryAnswer {
  code: PortalCode;
  status: number;
  message: string;
  /** The lead's documentId, when the delivery stored it or counted it again. */
  leadId?: string;
  /** Seconds to wait before trying again (429, 503). */
  retryAfterSeconds?: number;
  /** Work for a new lead (distribution, e-mail, webhooks), never before the answer is sent. */
  afterAnswer?: () => Promise<void>;
}
