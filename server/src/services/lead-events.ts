import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { batchLoader } from '../utils/batch-loader';
import { withApiStatus } from '../utils/lead-status';

/** Strapi webhook events of the plugin (Settings → Webhooks), by their key in the webhook store. */
export const LEAD_EVENTS = {
  GRUPOZAP_LEAD_CREATED: 'grupozap-lead.created',
  GRUPOZAP_LEAD_UPDATED: 'grupozap-lead.updated',
  GRUPOZAP_LEAD_ASSIGNED: 'grupozap-lead.assigned',
  /** A lead still `new` past its first-response deadline (once per lead; see services/sla). */
  GRUPOZAP_LEAD_OVERDUE: 'grupozap-lead.overdue',
  /** A lead's follow-up date came (once per date; see services/follow-ups). */
  GRUPOZAP_LEAD_FOLLOW_UP_DUE: 'grupozap-lead.follow-up-due',
} as const;

export type LeadEvent = (typeof LEAD_EVENTS)[keyof typeof LEAD_EVENTS];

/** An admin user as the payloads give it. */
export interface EventUser {
  id: number;
  firstname: string | null;
  lastname: string | null;
  email: string | null;
}

/**
 * What `grupozap-lead.overdue` carries beside `lead`: whether the SLA check gave the lead to
 * another agent (`lead.assignee` is then the new one), and who had it before (null: nobody, or
 * not reassigned).
 */
export interface OverdueDetails {
  reassigned: boolean;
  previousAssignee: EventUser | null;
}

/** What a webhook receives under `lead` (documented in the README). */
const WEBHOOK_FIELDS = [
  'documentId',
  'originLeadId',
  'leadStatus',
  'name',
  'email',
  'phoneE164',
  'message',
  'leadOrigin',
  'leadType',
  'temperature',
  'transactionType',
  'clientListingId',
  'originListingId',
  'receivedAt',
  'deliveryCount',
  'assignedAt',
  'slaDueAt',
  'slaEscalatedAt',
  'firstRespondedAt',
  'firstResponseSeconds',
  'followUpAt',
  'followUpKind',
  'visitAt',
];

const WEBHOOK_RELATIONS = {
  advertiser: { select: ['documentId', 'name', 'slug', 'document'] },
  listing: { select: ['documentId', 'clientListingId', 'title', 'url'] },
  assignee: { select: ['id', 'firstname', 'lastname', 'email'] },
};

/** Events asked for within this window share one read of their leads (each new lead asks alone). */
const PAYLOAD_BATCH_WINDOW_MS = 10;

type WebhookLead = { id: number; documentId: string } & Record<string, unknown>;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The `lead` of the payloads, read for many leads at once: a query per relation, not per lead. */
  const webhookLeads = batchLoader<number, WebhookLead>(
    strapi,
    async (ids) => {
      const leads: WebhookLead[] = await strapi.db.query(UID.lead).findMany({
        where: { id: { $in: [...ids] } },
        select: ['id', ...WEBHOOK_FIELDS],
        populate: WEBHOOK_RELATIONS,
      });
      const byId = new Map(leads.map((lead) => [lead.id, lead]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    { windowMs: PAYLOAD_BATCH_WINDOW_MS }
  );

  return {
    registerEvents() {
      const store = strapi.get('webhookStore') as { addAllowedEvent(key: string, value: string): void };
      Object.entries(LEAD_EVENTS).forEach(([key, event]) => store.addAllowedEvent(key, event));
    },

    /**
     * Hands a lead to Strapi's webhooks. Called once the portal has its answer; the webhook runner
     * queues the HTTP calls, and a failure here is logged, never thrown at the caller. `extra`:
     * more of the payload, beside `lead`, by the lead's documentId (e.g. `OverdueDetails`).
     */
    async emit(event: LeadEvent, leadIds: number[], extra?: Map<string, object>) {
      try {
        const leads = await webhookLeads.loadMany(leadIds);
        for (const lead of leads) {
          if (lead) await strapi.eventHub.emit(event, { ...extra?.get(lead.documentId), lead: withApiStatus(lead) });
        }
      } catch (error) {
        strapi.log.error(`[grupozap] webhook event ${event} not emitted: ${(error as Error).message}`);
      }
    },
  };
};
