import type { Core } from '@strapi/strapi';
import { formatPhone } from '../../../shared/contact-links';
import type { FollowUpFilter } from '../../../shared/contracts/leads';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { visitCalendar } from '../utils/visit-calendar';
import { endOfDayIn } from '../utils/zoned-day';
import { LEAD_EVENTS } from './lead-events';

/** The cron task's name in `strapi.cron` (one per Strapi process; the claims make it safe). */
export const FOLLOW_UP_CRON_TASK = 'grupozap-follow-ups';
/** Every minute, at second 30 (the SLA check has second 0). */
export const FOLLOW_UP_CRON_RULE = '30 * * * * *';
/** Due follow-ups claimed per batch of the check (it goes on while batches come back full). */
const BATCH = 100;

/**
 * A lead's next step (`followUpAt`, `followUpKind`): the inbox's "due today" and "overdue" view,
 * and one reminder per follow-up date, at its time, to the lead's assignee (see notifications).
 * Setting a new date makes a new reminder; a lead won or lost has no follow-up (services/inbox).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const leads = () => strapi.db.query(UID.lead);

  const service = {
    /** The inbox's `followUp` filter at `now`: due by the end of the agency's day, or past. */
    async dueWhere(filter: FollowUpFilter, now: Date): Promise<Record<string, unknown>> {
      if (filter === 'overdue') return { followUpAt: { $notNull: true, $lt: now } };
      const { zonelessTimezone } = await getService(strapi, 'settings').current();
      return { followUpAt: { $notNull: true, $lt: endOfDayIn(zonelessTimezone, now) } };
    },

    /**
     * Claims each follow-up due at `now` and not yet reminded (a conditional UPDATE of
     * `followUpRemindedAt`: one process wins it, however many run the check), records the
     * reminder on the lead's timeline and emits `grupozap-lead.follow-up-due` for the claimed
     * leads, which e-mails their assignees. Test leads are claimed and not announced.
     */
    async remindDue(now: Date): Promise<number[]> {
      const reminded: number[] = [];
      const seen = new Set<number>();
      for (;;) {
        const due: Array<{ id: number; followUpAt: string | Date; followUpKind: string | null; isTest: boolean | null }> =
          await leads().findMany({
            where: { followUpRemindedAt: { $null: true }, followUpAt: { $notNull: true, $lte: now }, id: { $notIn: [...seen] } },
            select: ['id', 'followUpAt', 'followUpKind', 'isTest'],
            orderBy: [{ followUpAt: 'asc' }, { id: 'asc' }],
            limit: BATCH,
          });
        for (const lead of due) {
          seen.add(lead.id);
          // the date read is part of the claim: a follow-up moved meanwhile is the new one's to remind
          const { count } = await leads().updateMany({
            where: { id: lead.id, followUpRemindedAt: { $null: true }, followUpAt: lead.followUpAt },
            data: { followUpRemindedAt: now },
          });
          if (!count || lead.isTest) continue;
          reminded.push(lead.id);
          await getService(strapi, 'activities').record([
            {
              leadId: lead.id,
              kind: 'reminder',
              toValue: new Date(lead.followUpAt).toISOString(),
              detail: { kind: lead.followUpKind },
              at: now,
            },
          ]);
        }
        if (due.length < BATCH) break;
      }
      if (reminded.length) await getService(strapi, 'lead-events').emit(LEAD_EVENTS.GRUPOZAP_LEAD_FOLLOW_UP_DUE, reminded);
      return reminded;
    },

    /** The visit of a lead within `scope` as an iCalendar file; null: no such lead, or no visit date. */
    async visitCalendarOf(documentId: string, scope: Record<string, unknown>): Promise<{ filename: string; ics: string } | null> {
      const lead: {
        documentId: string;
        name: string | null;
        phoneE164: string | null;
        ddd: string | null;
        phone: string | null;
        clientListingId: string | null;
        visitAt: string | Date | null;
        listing: { clientListingId: string | null; title: string | null; url: string | null } | null;
      } | null = await leads().findOne({
        where: { $and: [{ documentId }, scope] },
        select: ['documentId', 'name', 'phoneE164', 'ddd', 'phone', 'clientListingId', 'visitAt'],
        populate: { listing: { select: ['clientListingId', 'title', 'url'] } },
      });
      if (!lead?.visitAt) return null;
      const listingId = lead.listing?.clientListingId ?? lead.clientListingId;
      const ics = visitCalendar({
        documentId: lead.documentId,
        visitAt: new Date(lead.visitAt),
        name: lead.name,
        phone: lead.phoneE164 ? formatPhone(lead.phoneE164, 'pt-BR') : [lead.ddd, lead.phone].filter(Boolean).join(' ') || null,
        listing: [listingId, lead.listing?.title].filter(Boolean).join(' ') || null,
        listingUrl: lead.listing?.url ?? null,
        adminUrl: await getService(strapi, 'notifications').leadAdminUrl(lead.documentId),
      });
      return { filename: `visita-${new Date(lead.visitAt).toISOString().slice(0, 10)}-${lead.documentId}.ics`, ics };
    },

    /** The every-minute check, as a Strapi cron task of this process. */
    registerCron() {
      strapi.cron.add({
        [FOLLOW_UP_CRON_TASK]: {
          task: async () => {
            try {
              const reminded = await service.remindDue(new Date());
              if (reminded.length) strapi.log.info(`[grupozap] follow-ups: ${reminded.length} reminder(s) sent`);
            } catch (error) {
              strapi.log.error(`[grupozap] follow-up check failed: ${(error as Error).message}`);
            }
          },
          options: { rule: FOLLOW_UP_CRON_RULE },
        },
      });
    },
  };
  return service;
};
