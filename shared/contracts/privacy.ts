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

/** POST /grupozap/privacy/search: `counts` are complete; the lists show the first 200 of each. */
export interface PrivacySearchResult {
  subject: { kind: SubjectKind; value: string };
  counts: PrivacyCounts;
  leads: PrivacyLeadSummary[];
  deliveries: PrivacyDeliverySummary[];
}

/**
 * POST /grupozap/privacy/export: every field of every lead (with its notes and deliveries, raw
 * bodies included), and in `deliveries` those that mention the person but belong to no lead of
 * theirs (refused ones, typically).
 */
export interface PrivacyExport {
  exportedAt: string;
  subject: { kind: SubjectKind; value: string };
  leads: Array<Record<string, unknown> & { notes: Record<string, unknown>[]; deliveries: Record<string, unknown>[] }>;
  deliveries: Record<string, unknown>[];
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
  cutoff: string | null;
}
