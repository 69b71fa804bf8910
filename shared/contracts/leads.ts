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

/** What a lead's next step is: a call, a visit, a proposal to send, something else. */
export const FOLLOW_UP_KINDS = ['call', 'visit', 'proposal', 'other'] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

/** The inbox's follow-up view: due by the end of today (overdue ones included), or already past. */
export const FOLLOW_UP_FILTERS = ['today', 'overdue'] as const;
export type FollowUpFilter = (typeof FOLLOW_UP_FILTERS)[number];

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
  'followUpAt',
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
   * `today`: a follow-up due by the end of today in the settings' time zone (past ones too);
   * `overdue`: a follow-up already past.
   */
  followUp?: FollowUpFilter;
  /**
   * 'true': one row per person, their newest lead (the other filters apply to that lead); a lead
   * not yet given its person is its own.
   */
  perPerson?: 'true' | 'false';
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

/** GET /grupozap/leads/:documentId/visit.ics's answer to a client that accepts JSON (else the file itself). */
export interface VisitCalendarFile {
  filename: string;
  /** iCalendar (RFC 5545): the visit, one hour, with a reminder an hour before. */
  ics: string;
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
  /** Why a lead was lost: one of the reasons the manager keeps (Settings → Grupo ZAP); null otherwise. */
  lostReason: string | null;
  /** The next step: when, and what. Cleared when the lead is won or lost. */
  followUpAt: string | null;
  followUpKind: FollowUpKind | null;
  /** When the assignee was reminded of this follow-up (once; a new date reminds again). */
  followUpRemindedAt: string | null;
  /** The visit's date and time, asked when the lead moves to `visit_scheduled`. */
  visitAt: string | null;
  /** The person's id (their first lead's id); null until the lead is given one (see `people`). */
  personId: number | null;
  /**
   * How many leads the person has that the reader may read, this one included, counted up to
   * `PERSON_LEADS_COUNTED` (the inbox shows that many as "100+").
   */
  personLeads: number;
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
  /** What happened to the lead, newest first (at most 200 events). */
  activities: LeadActivity[];
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
  /** What a lead moved to lost may give as its reason (Settings → Grupo ZAP). */
  lostReasons: string[];
}

/** POST /grupozap/leads/bulk */
export interface LeadBulkUpdateBody {
  documentIds: string[];
  status?: LeadStatus;
  /** Required when `status` is `lost`: one of the settings' `lostReasons`. */
  lostReason?: string;
  assignee?: number | null;
  followUpAt?: string | null;
  followUpKind?: FollowUpKind;
  /** Required with `status: visit_scheduled`. */
  visitAt?: string | null;
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
  /** Required when `status` is `lost`: one of the settings' `lostReasons`. */
  lostReason?: string;
  assignee?: number | null;
  /** The next step's date and time (null: none); its kind, `call` when not given. */
  followUpAt?: string | null;
  followUpKind?: FollowUpKind;
  /**
   * Required with `status: visit_scheduled`: the visit's date and time. Unless the same change
   * sets another follow-up, the visit becomes the lead's next step (kind `visit`).
   */
  visitAt?: string | null;
}

/**
 * What an event of a lead's timeline is: a status change (`from` → `to`, the lost reason in
 * `detail.reason`), an assignment (`from` → `to`: admin user ids; `detail.by`: `distribution`,
 * `returning`, `sla` or `admin`), a note added (`detail.noteId`), a delivery (`detail.code`,
 * `detail.deliveryId`), an e-mail sent (`detail.to`: `assignee`, `advertiser` or `errors`), an SLA
 * escalation (`detail.reassigned`), a follow-up set or cleared (`to`: its date, `detail.kind`),
 * a follow-up reminder sent to the assignee (`to`: the follow-up's date, `detail.kind`).
 */
export type ActivityKind = 'status' | 'assignment' | 'note' | 'delivery' | 'email' | 'sla' | 'follow-up' | 'reminder';

export interface LeadActivity {
  kind: ActivityKind;
  from: string | null;
  to: string | null;
  detail: Record<string, string | number | boolean | null>;
  at: string;
  /** Who did it; null: the plugin (the portal's delivery, distribution, the SLA check). */
  actor: AdminUserRef | null;
}

/** Statuses that end a lead: nothing is left to do (no next step; a returning person starts anew). */
export const CLOSED_LEAD_STATUSES: readonly LeadStatus[] = ['won', 'lost'];

/** How another lead is the same person's: the same phone (E.164), the same e-mail (any case), or both. */
export type PersonMatch = 'phone' | 'email';

/** One of the other leads of a lead's person. */
export interface PersonLead {
  documentId: string;
  receivedAt: string;
  status: LeadStatus;
  leadOrigin: string | null;
  clientListingId: string | null;
  advertiser: { documentId: string; name: string } | null;
  listing: { documentId: string; clientListingId: string; title: string | null } | null;
  assignee: AdminUserRef | null;
  matchedBy: PersonMatch[];
}

/**
 * GET /grupozap/leads/:documentId/person: the person's other leads that the reader may read,
 * newest first (`PERSON_LEADS_SHOWN` at most); `more`: there are others beyond them.
 */
export interface LeadPerson {
  leads: PersonLead[];
  more: boolean;
}

export const PERSON_LEADS_SHOWN = 20;

/** A person's leads counted at most on an inbox row: a contact with thousands costs no more than one with a hundred. */
export const PERSON_LEADS_COUNTED = 100;
