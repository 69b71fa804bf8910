/**
 * The report API's shapes (GET /grupozap/reports and /reports/export), shared by the server that
 * answers and the admin page that asks.
 */

/** Query of both routes: whole days, both included, in `tz` (default: the CRM's time zone). */
export interface ReportQuery {
  /** YYYY-MM-DD; default: 29 days before `to`. */
  from?: string;
  /** YYYY-MM-DD; default: today. */
  to?: string;
  /** IANA zone of the days. */
  tz?: string;
}

export interface ReportAgentRow {
  /** The admin user who first answered (else the assignee); null: nobody known. */
  agentId: number | null;
  name: string | null;
  /** Leads with a first response in the period. */
  responded: number;
  medianSeconds: number;
}

export interface LeadsReport {
  from: string;
  to: string;
  timeZone: string;
  /** Leads received in the period (anonymised ones included, homologation test leads not). */
  total: number;
  /**
   * The people those leads are from (the same phone or e-mail: see the agents' guide, *One person,
   * one history*), each counted once however many leads they sent in the period.
   */
  people: number;
  /** Every day of the period, zeros included. */
  perDay: Array<{ day: string; leads: number }>;
  perOrigin: Array<{ origin: string | null; leads: number }>;
  perAdvertiser: Array<{ documentId: string | null; name: string | null; leads: number }>;
  /** Every status, zeros included, in the inbox's order. */
  perStatus: Array<{ status: string; leads: number }>;
  /** The period's leads now lost, per reason (null: lost without one, e.g. set in the Content Manager). */
  perLostReason: Array<{ reason: string | null; leads: number }>;
  firstResponse: {
    /** false while leads do not record their first response (no `firstResponseSeconds`). */
    available: boolean;
    perAgent: ReportAgentRow[];
  };
}
