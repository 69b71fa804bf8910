import type { LeadActivity } from './leads';
/**
 * The LGPD API's shapes (/grupozap/privacy/…), shared by the server that answers and the admin
 * page that asks.
 */

/** How the person is named: e-mail, phone (any Brazilian formatting) or CPF. */
export type SubjectKind = 'email' | 'phone' | 'cpf';

/** Body of POST /grupozap/privacy/search, /export and /erase. */
export interface PrivacySubjectBody {
  kind: SubjectKind;
  value: string;
}

export interface PrivacyCounts {
  leads: number;
  notes: number;
  deliveries: number;
}

export interface PrivacyLeadSummary {
  documentId: string;
  receivedAt: string | null;
  name: string | null;
  email: string | null;
  phoneE164: string | null;
  status: string;
  leadOrigin: string | null;
  advertiser: string | null;
  notes: number;
  deliveries: number;
  anonymizedAt: string | null;
}

export interface PrivacyDeliverySummary {
  documentId: string;
  receivedAt: string | null;
  outcome: string;
  httpStatus: number;
  code: string;
  advertiserKey: string | null;
  /** The lead's documentId, when the delivery produced or redelivered one. */
  lead: string | null;
  hasBody: boolean;
  hasIp: boolean;
}

/**
 * POST /grupozap/privacy/search: `counts` (the person's own leads, their notes, their deliveries)
 * and `mentions` are complete; the lists show the first 200 of each.
 */
export interface PrivacySearchResult {
  subject: { kind: SubjectKind; value: string };
  counts: PrivacyCounts;
  /**
   * Records of other people that mention the person (another lead's message or payload, a note on
   * another lead, a delivery of another lead): an erasure replaces just the mentions.
   */
  mentions: PrivacyCounts;
  leads: PrivacyLeadSummary[];
  deliveries: PrivacyDeliverySummary[];
  /**
   * The other e-mails and phones on the person's own leads (normalised; at most 10): searched in
   * turn, they find the rest of the person, e.g. a lead that has only their e-mail.
   */
  otherIdentifiers: Array<{ kind: Exclude<SubjectKind, 'cpf'>; value: string }>;
}

/**
 * POST /grupozap/privacy/export: every field of every lead (with its notes and deliveries, raw
 * bodies included), and in `deliveries` the person's own deliveries that belong to no lead of
 * theirs (refused ones, typically). Records of other people that mention them are counted in
 * `mentions`, not exported: the rest of their text is someone else's.
 */
export interface PrivacyExport {
  exportedAt: string;
  subject: { kind: SubjectKind; value: string };
  leads: Array<
    Record<string, unknown> & {
      notes: Record<string, unknown>[];
      deliveries: Record<string, unknown>[];
      activities: LeadActivity[];
    }
  >;
  deliveries: Record<string, unknown>[];
  mentions: PrivacyCounts;
}

/**
 * POST /grupozap/privacy/erase: what was anonymised (the person's own leads, their notes' text,
 * their deliveries' bodies and IPs) and, in `redacted`, the records of others whose mentions of
 * the person were replaced by a marker.
 */
export interface PrivacyErasure extends PrivacyCounts {
  redacted: PrivacyCounts;
}

/** GET /grupozap/privacy/retention: what the daily job would anonymise now. */
export interface RetentionPreview {
  /** null: retention is off (the plugin config's `retentionDays`). */
  retentionDays: number | null;
  /** Leads received before this are anonymised. */
  cutoff: string | null;
  leadsAffected: number;
  deliveriesAffected: number;
}

export interface RetentionRun extends PrivacyCounts {
  retentionDays: number | null;
  cutoff: string | null;
}

export type PrivacyAuditAction = 'search' | 'export' | 'erase' | 'retention';

/** GET /grupozap/privacy/audit: no personal data, the person being a keyed hash (`subjectRef`). */
export interface PrivacyAuditEntry {
  id: number;
  action: PrivacyAuditAction;
  performedAt: string;
  /** The admin user who acted; null for the retention job. */
  adminUserId: number | null;
  subjectKind: SubjectKind | null;
  /** HMAC-SHA256 (app keys) of the normalised identifier. */
  subjectRef: string | null;
  leadsCount: number;
  notesCount: number;
  deliveriesCount: number;
  /** Records of others mentioning the person: found (search, export) or redacted (erase). */
  mentionLeadsCount: number;
  mentionNotesCount: number;
  mentionDeliveriesCount: number;
  cutoff: string | null;
}
