import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { LEAD_EVENTS } from './lead-events';

/** What decides which steps a new lead needs. */
export interface ArrivalFacts {
  isTest: boolean | null;
  /** Set when the lead was stored with its SLA clock already running. */
  slaDueAt: Date | string | null;
  advertiser: {
    slaMinutes: number | null;
    distributionEnabled: boolean | null;
    sendLeadEmail: boolean | null;
    email: string | null;
  } | null;
}

/**
 * What happens to a new lead once the portal has its answer: each step in turn, each one's
 * failure logged and contained, so nothing here can change or delay the answer, and one step
 * failing does not stop the next.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const step = async <T>(name: string, leadId: number, run: () => Promise<T>): Promise<T | null> => {
    try {
      return await run();
    } catch (error) {
      strapi.log.error(`[grupozap] lead ${leadId}: ${name} failed: ${(error as Error).message}`);
      return null;
    }
  };

  /** What decides which steps a lead needs, in one look-up. */
  const arrivalFacts = (leadId: number): Promise<ArrivalFacts | null> =>
    strapi.db.query(UID.lead).findOne({
      where: { id: leadId },
      select: ['id', 'isTest', 'slaDueAt'],
      populate: { advertiser: { select: ['id', 'slaMinutes', 'distributionEnabled', 'sendLeadEmail', 'email'] } },
    });

  return {
    /**
     * Runs once per lead, for the delivery (or replay) that created it. `known`: the facts as the
     * ingestion stored them, which spares reading them back.
     */
    async handle(leadId: number, known?: ArrivalFacts): Promise<void> {
      const facts = known ?? (await arrivalFacts(leadId).catch(() => null));
      // homologation's test leads: no SLA clock, no agent, no e-mail, no webhook
      if (facts?.isTest) return;
      // each step that has nothing to do for this lead is skipped without its queries (the
      // steps check again themselves); when the facts cannot be read, every step runs
      const advertiser = facts?.advertiser;
      if (!facts || (!facts.slaDueAt && getService(strapi, 'sla').minutesFor(advertiser))) {
        await step('SLA', leadId, () => getService(strapi, 'sla').startClock(leadId));
      }
      // before e-mail and webhooks, so that they name the assignee
      const assignment =
        !facts || advertiser?.distributionEnabled
          ? await step('distribution', leadId, () => getService(strapi, 'distribution').assignNewLead(leadId))
          : null;
      // after distribution (the assignee is a recipient); sends in the background
      if (!facts || assignment || (advertiser?.sendLeadEmail && advertiser.email)) {
        await step('e-mail', leadId, () => getService(strapi, 'notifications').notifyNewLead(leadId));
      }
      await step('webhooks', leadId, () => getService(strapi, 'lead-events').emit(LEAD_EVENTS.GRUPOZAP_LEAD_CREATED, [leadId]));
    },
  };
};
