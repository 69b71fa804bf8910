import type { Pagination } from './leads';

/**
 * The delivery log's API shapes (/grupozap/deliveries…), shared by the server that answers and
 * the admin page that asks.
 */

export const DELIVERY_OUTCOMES = ['created', 'duplicate', 'conflict', 'refused', 'failed'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/**
 * Every code a delivery row can hold (the lead route's answers; the GET/HEAD probe's ENDPOINT_OK
 * is not logged), in the order of the README's table. The unit tests check
 * it against the server's PORTAL_ANSWERS.
 */
export const DELIVERY_CODES = [
  'LEAD_CREATED',
  'LEAD_DUPLICATE',
  'LEAD_ADVERTISER_CONFLICT',
  'INVALID_JSON',
  'BODY_NOT_OBJECT',
  'BODY_READ_FAILED',
  'BODY_TOO_DEEP',
  'AUTH_REQUIRED',
  'INVALID_CREDENTIALS',
  'IP_NOT_ALLOWED',
  'ADVERTISER_NOT_FOUND',
  'ADVERTISER_INACTIVE',
  'METHOD_NOT_ALLOWED',
  'BODY_TOO_LARGE',
  'MISSING_ORIGIN_LEAD_ID',
  'INVALID_ORIGIN_LEAD_ID',
  'MISSING_CLIENT_LISTING_ID',
  'TOO_MANY_AUTH_FAILURES',
  'INTERNAL_ERROR',
  'ROUTE_NOT_FOUND',
  'SECRET_NOT_CONFIGURED',
  'AUTH_BUSY',
  'STORAGE_UNAVAILABLE',
] as const;
export type DeliveryCode = (typeof DELIVERY_CODES)[number];

/** The lead a delivery produced (or counted again). */
export interface DeliveryLeadRef {
  id: number;
  documentId: string;
  name: string | null;
}

/** One row of GET /grupozap/deliveries. */
export interface DeliveryListItem {
  id: number;
  documentId: string;
  receivedAt: string;
  outcome: DeliveryOutcome;
  httpStatus: number;
  code: string;
  originLeadId: string | null;
  advertiserKey: string | null;
  /** `POST`, or `REPLAY` for a replay from the admin. */
  method: string | null;
  ip: string | null;
  userAgent: string | null;
  durationMs: number | null;
  bodyBytes: number | null;
  lead: DeliveryLeadRef | null;
}

/** GET /grupozap/deliveries — `outcome`, `code`, `originLeadId`, `page`, `pageSize` (≤ 100). */
export interface DeliveryListQuery {
  outcome?: DeliveryOutcome;
  code?: string;
  originLeadId?: string;
  page?: number;
  pageSize?: number;
}

export interface DeliveryList {
  results: DeliveryListItem[];
  pagination: Pagination;
}

/** GET /grupozap/deliveries/:documentId — the row with its raw body. */
export interface DeliveryDetail extends DeliveryListItem {
  path: string | null;
  /** The raw body, up to 64 KiB; null for unauthenticated senders and anonymised rows. */
  body: string | null;
  bodyTruncated: boolean | null;
  anonymizedAt: string | null;
  lead: (DeliveryLeadRef & { originLeadId: string }) | null;
}

/** One entry of GET /grupozap/alerts (`data`): a refusal code repeated within the window. */
export interface DeliveryAlert {
  code: string;
  httpStatus: number;
  message: string;
  count: number;
  threshold: number;
  windowMinutes: number;
  firstSeenAt: string;
  lastSeenAt: string;
  /** When the errors address was last e-mailed about this code (any window), if ever. */
  notifiedAt: string | null;
}

/** POST /grupozap/deliveries/:documentId/replay — what the route would have answered the portal. */
export interface ReplayResult {
  status: number;
  code: string;
  /** The lead's documentId when the replay stored it or counted it again. */
  leadId: string | null;
}
