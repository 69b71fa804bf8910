/**
 * The lead inbox API's shapes (/grupozap/leads…, /grupozap/inbox/options), shared by the server
 * that answers and the admin pages that ask.
 */

/**
 * A lead's place in the sales funnel, in the funnel's order. The API calls it `status`; the lead's
 * attribute is `leadStatus` (Strapi's Document Service reserves `status`).
 */
export const LEAD_STATUSES = ['new', 'contacted', 'qualified', 'visit_scheduled', 'proposal', 'won', 'lost'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Fields GET /grupozap/leads sorts on (`sort=field:asc|desc`). */
export const LEAD_SORTABLE_FIELDS = [
  'receivedAt',
  'name',
  'email',
  'phoneE164',
  'leadOrigin',
  'leadType',
  'temperature',
  'status',
  'deliveryCount',
  'slaDueAt',
] as const;
export type LeadSortableField = (typeof LEAD_SORTABLE_FIELDS)[number];

/**
 * The filters of GET /grupozap/leads (its query string) and of POST /grupozap/leads/search and
 * /leads/export (their JSON bodies), one value each.
 */
export interface LeadFilters {
  status?: LeadStatus;
  /** The advertiser's documentId. */
  advertiser?: string;
  /** `leadOrigin`, exactly. */
  origin?: string;
  temperature?: string;
  transactionType?: string;
  /** Received at or after (an ISO date or instant). */
  from?: string;
  /** Received at or before. */
  to?: string;
  /** An admin user id, `me`, or `none` (unassigned). */
  assignee?: string;
  /** 'false': the lead's clientListingId matched no listing (yet). */
  listingMatched?: 'true' | 'false';
  /** 'true': still `new` past its first-response deadline. */
  overdue?: 'true' | 'false';
  /**
   * Searched in name, e-mail and message (and phones when it has 3+ digits). In the POST bodies
   * only: GET /grupozap/leads refuses it, since request logs keep URLs.
   */
  q?: string;
}

/** GET /grupozap/leads's query (without `q`) or POST /grupozap/leads/search's body. */
export interface LeadListQuery extends LeadFilters {
  page?: number;
  /** 1 to 100; 25 by default. */
  pageSize?: number;
  /** `field:asc` or `field:desc`; `receivedAt:desc` by default. */
  sort?: `${LeadSortableField}:${'asc' | 'desc'}`;
}

/** POST /grupozap/leads/export's answer to a client that accepts JSON (else the CSV file itself). */
export interface LeadExportFile {
  filename: string;
  /** UTF-8 with a BOM, formula-like cells neutralised. */
  csv: string;
}

export interface AdminUserRef {
  id: number;
  firstname: string | null;
  lastname: string | null;
  email: string;
}

/** One row of GET /grupozap/leads. */
export interface LeadListItem {
  id: number;
  documentId: string;
  originLeadId: string;
  receivedAt: string;
  status: LeadStatus;
  name: string | null;
  email: string | null;
  ddd: string | null;
  phone: string | null;
  phoneE164: string | null;
  leadOrigin: string | null;
  leadType: string | null;
  temperature: string | null;
  transactionType: string | null;
  clientListingId: string | null;
  deliveryCount: number;
  isTest: boolean | null;
  assignedAt: string | null;
  slaDueAt: string | null;
  slaEscalatedAt: string | null;
  firstRespondedAt: string | null;
  firstResponseSeconds: number | null;
  /** Still `new` past its first-response deadline. */
  overdue: boolean;
  slaSecondsLeft: number | null;
  advertiser: { id: number; documentId: string; name: string; slug: string } | null;
  listing: { id: number; documentId: string; clientListingId: string; title: string | null } | null;
  assignee: AdminUserRef | null;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  /** Matching rows; a lower bound when `totalIsExact` is false (counting stops past the page). */
  total: number;
  totalIsExact: boolean;
}

export interface LeadList {
  results: LeadListItem[];
  pagination: Pagination;
}

export interface LeadNote {
  id: number;
  documentId: string;
  body: string;
  createdAt: string;
  author: AdminUserRef | null;
}

export interface LeadDeliveryRow {
  id: number;
  documentId: string;
  receivedAt: string;
  outcome: string;
  httpStatus: number;
  code: string;
  ip: string | null;
  durationMs: number | null;
  /** `POST`, or `REPLAY` for a replay from the admin. */
  method: string | null;
}

/** GET /grupozap/leads/:documentId — `data`. */
export interface LeadDetail extends LeadListItem {
  message: string | null;
  originListingId: string | null;
  originTimestamp: string | null;
  timestampRaw: string | null;
  extraData: Record<string, unknown> | null;
  /** The body the portal sent, parsed. */
  payload: Record<string, unknown> | null;
  lastDeliveredAt: string | null;
  anonymizedAt?: string | null;
  firstResponder: AdminUserRef | null;
  notes: LeadNote[];
  deliveries: LeadDeliveryRow[];
  /** The next newer and next older lead the user may read (every lead, newest first). */
  previous: string | null;
  next: string | null;
}

/** GET /grupozap/inbox/options — `data`: what the inbox's filters and assign menus offer. */
export interface InboxOptions {
  /** Active admin users whose role may read leads (super admins included), by name. */
  assignees: AdminUserRef[];
  advertisers: Array<{ documentId: string; name: string; slug: string }>;
  /** Values found in the leads, sorted. */
  origins: string[];
  temperatures: string[];
  transactionTypes: string[];
}

/** POST /grupozap/leads/bulk */
export interface LeadBulkUpdateBody {
  documentIds: string[];
  status?: LeadStatus;
  assignee?: number | null;
}

/** POST /grupozap/leads/bulk — `data`: how many leads were changed. */
export interface LeadBulkUpdateResult {
  count: number;
}

/** POST /grupozap/leads/:documentId/notes (1 to 10,000 characters); answers the `LeadNote`. */
export interface LeadNoteBody {
  body: string;
}

/** PUT /grupozap/leads/:documentId */
export interface LeadUpdateBody {
  status?: LeadStatus;
  assignee?: number | null;
}
