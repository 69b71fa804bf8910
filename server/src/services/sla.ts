import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { retryingTransient } from '../utils/database-errors';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';
import { LEAD_EVENTS, type EventUser, type OverdueDetails } from './lead-events';

/** The cron task's name in `strapi.cron` (one per Strapi process; the claims make it safe). */
export const SLA_CRON_TASK = 'grupozap-sla';
/** Every minute, at second 0. */
export const SLA_CRON_RULE = '0 * * * * *';
/** Overdue leads handled per batch of the check (it goes on while batches come back full). */
const BATCH = 100;
const ATTEMPTS = 3;

export interface SlaState {
  /** Still `new` when its first-response deadline has passed. */
  overdue: boolean;
  /** Seconds until the deadline (negative once passed); null with no SLA or once answered. */
  slaSecondsLeft: number | null;
}

type Dated = string | Date | null | undefined;

/** What the inbox shows beside a lead's `slaDueAt`, at `now`. */
export const slaStateOf = (lead: { leadStatus?: string | null; slaDueAt?: Dated }, now: Date): SlaState => {
  if (lead.leadStatus !== 'new' || !lead.slaDueAt) return { overdue: false, slaSecondsLeft: null };
  const secondsLeft = Math.floor((new Date(lead.slaDueAt).getTime() - now.getTime()) / 1000);
  return { overdue: secondsLeft <= 0, slaSecondsLeft: secondsLeft };
};

export interface OverdueCheck {
  /** Leads escalated by this check (each lead is escalated once, by one process). */
  escalated: number[];
  /** Those of them given to another agent (advertisers with `slaReassign`). */
  reassigned: number[];
}

/**
 * The first-response SLA: a deadline on each new lead (its advertiser's `slaMinutes`, else the
 * plugin's `slaMinutes`), the time to the first response stored when the lead first leaves
 * `new`, and a check, every minute, that escalates overdue leads once: reassigned to the next
 * agent in turn when the advertiser has `slaReassign`, and announced as `grupozap-lead.overdue`
 * (a Strapi eventHub event and webhook event) for whoever tells the manager. Every function takes
 * the clock as `now`, so that tests drive time.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const leads = () => strapi.db.query(UID.lead);

  const service = {
    /** The SLA in minutes for an advertiser's leads; null: none. */
    minutesFor(advertiser: { slaMinutes?: number | null } | null | undefined): number | null {
      return advertiser?.slaMinutes ?? getPluginConfig(strapi).slaMinutes ?? null;
    },

    /**
     * Called for each lead whose status an agent changes (inbox, single or bulk, or the Content
     * Manager), inside the update's transaction and before it: the first time the lead leaves
     * `new`, stamps `firstRespondedAt` and `firstResponseSeconds` (from `receivedAt`) in one
     * conditional UPDATE, so two agents answering at once stamp it once. Returns what the status
     * update should also write (the stamp, since the Content Manager sends back the fields it
     * showed, and the responder), or nothing.
     */
    async recordFirstResponse(leadId: number, status: string, by: number | null, now: Date): Promise<Record<string, unknown>> {
      if (status === 'new') return {};
      const lead: { leadStatus: string; receivedAt: Dated; firstRespondedAt: Dated } | null = await leads().findOne({
        where: { id: leadId },
        select: ['id', 'leadStatus', 'receivedAt', 'firstRespondedAt'],
      });
      if (!lead || lead.leadStatus !== 'new' || lead.firstRespondedAt) return {};
      const from = lead.receivedAt ? new Date(lead.receivedAt).getTime() : now.getTime();
      const firstResponseSeconds = Math.max(0, Math.round((now.getTime() - from) / 1000));
      const { count } = await leads().updateMany({
        where: { id: leadId, leadStatus: 'new', firstRespondedAt: null },
        data: { firstRespondedAt: now, firstResponseSeconds },
      });
      if (!count) return {};
      return { firstRespondedAt: now, firstResponseSeconds, ...(by ? { firstResponder: by } : {}) };
    },

    /** The inbox's `overdue=true|false` filter at `now`. */
    overdueWhere(overdue: boolean, now: Date): Record<string, unknown> {
      return overdue
        ? { $and: [{ leadStatus: 'new' }, { slaDueAt: { $notNull: true } }, { slaDueAt: { $lte: now } }] }
        : { $or: [{ leadStatus: { $ne: 'new' } }, { slaDueAt: { $null: true } }, { slaDueAt: { $gt: now } }] };
    },

    /** A lead as the inbox returns it: with `overdue` and `slaSecondsLeft` at `now`. */
    present<T extends object>(lead: T, now: Date): T & SlaState {
      return { ...lead, ...slaStateOf(lead as { leadStatus?: string | null; slaDueAt?: Dated }, now) };
    },

    /** Escalates one overdue lead if nobody has yet; reassigns it when its advertiser asks. */
    async escalate(
      lead: { id: number; assignee: { id: number } | null; advertiser: { id: number; slaReassign: boolean | null } | null },
      now: Date
    ): Promise<{ escalated: boolean; reassigned: boolean }> {
      return retryingTransient(
        () =>
          strapi.db.transaction(async () => {
            const { count } = await leads().updateMany({
              where: { id: lead.id, leadStatus: 'new', slaEscalatedAt: null },
              data: { slaEscalatedAt: now },
            });
            if (!count) return { escalated: false, reassigned: false }; // answered, or escalated by another process
            const activities = getService(strapi, 'activities');
            const assignment = lead.advertiser?.slaReassign
              ? await getService(strapi, 'distribution').reassign(lead.id, lead.advertiser.id, lead.assignee?.id ?? null, now)
              : null;
            await activities.record([
              { leadId: lead.id, kind: 'sla', detail: { reassigned: Boolean(assignment) }, at: now },
              ...(assignment
                ? [
                    {
                      leadId: lead.id,
                      kind: 'assignment' as const,
                      fromValue: lead.assignee ? String(lead.assignee.id) : null,
                      toValue: String(assignment.agentId),
                      detail: { by: 'sla' },
                      at: now,
                    },
                  ]
                : []),
            ]);
            return { escalated: true, reassigned: Boolean(assignment) };
          }),
        ATTEMPTS
      );
    },

    /**
     * Finds the leads still `new` after their `slaDueAt` and not yet escalated, and escalates each
     * once (see `escalate`); then emits `grupozap-lead.assigned` for the reassigned and
     * `grupozap-lead.overdue` for every escalated lead (with `OverdueDetails`: reassigned, and
     * from whom). Safe to run in several processes at once.
     */
    async checkOverdue(now: Date): Promise<OverdueCheck> {
      const result: OverdueCheck = { escalated: [], reassigned: [] };
      const details = new Map<string, OverdueDetails>();
      const seen = new Set<number>();
      for (;;) {
        const due: {
          id: number;
          documentId: string;
          assignee: EventUser | null;
          advertiser: { id: number; slaReassign: boolean | null } | null;
        }[] = await leads().findMany({
          where: {
            leadStatus: 'new',
            slaEscalatedAt: { $null: true },
            slaDueAt: { $notNull: true, $lte: now },
            id: { $notIn: [...seen] },
          },
          select: ['id', 'documentId'],
          populate: {
            assignee: { select: ['id', 'firstname', 'lastname', 'email'] },
            advertiser: { select: ['id', 'slaReassign'] },
          },
          orderBy: [{ slaDueAt: 'asc' }, { id: 'asc' }],
          limit: BATCH,
        });
        for (const lead of due) {
          seen.add(lead.id);
          try {
            const outcome = await service.escalate(lead, now);
            if (outcome.escalated) result.escalated.push(lead.id);
            if (outcome.reassigned) result.reassigned.push(lead.id);
            details.set(lead.documentId, {
              reassigned: outcome.reassigned,
              previousAssignee: outcome.reassigned ? lead.assignee : null,
            });
          } catch (error) {
            strapi.log.error(`[grupozap] lead ${lead.id}: SLA escalation failed: ${(error as Error).message}`);
          }
        }
        if (due.length < BATCH) break;
      }
      const events = getService(strapi, 'lead-events');
      if (result.reassigned.length) await events.emit(LEAD_EVENTS.GRUPOZAP_LEAD_ASSIGNED, result.reassigned);
      if (result.escalated.length) await events.emit(LEAD_EVENTS.GRUPOZAP_LEAD_OVERDUE, result.escalated, details);
      return result;
    },

    /** The every-minute check, as a Strapi cron task of this process. */
    registerCron() {
      strapi.cron.add({
        [SLA_CRON_TASK]: {
          task: async () => {
            try {
              const { escalated, reassigned } = await service.checkOverdue(new Date());
              if (escalated.length) {
                strapi.log.info(`[grupozap] SLA: ${escalated.length} overdue lead(s) escalated, ${reassigned.length} reassigned`);
              }
            } catch (error) {
              strapi.log.error(`[grupozap] SLA check failed: ${(error as Error).message}`);
            }
          },
          options: { rule: SLA_CRON_RULE },
        },
      });
    },
  };

  return service;
};
