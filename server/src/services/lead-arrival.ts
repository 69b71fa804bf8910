import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { LEAD_EVENTS } from './lead-events';

/** What decides which steps a new lead needs. */
export interface ArrivalFacts {
  isTest: boolean | null;
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

  return {
    /**
     * Runs once per new lead, for the delivery (or replay) that created it, with the facts the
     * ingestion stored it with (its SLA clock already runs from the insert). Each step that has
     * nothing to do for this lead is skipped without its queries.
     */
    async handle(leadId: number, facts: ArrivalFacts): Promise<void> {
      // homologation's test leads: no agent, no e-mail, no webhook
      if (facts.isTest) return;
      const { advertiser } = facts;
      // before e-mail and webhooks, so that they name the assignee
      const assignment = advertiser?.distributionEnabled
        ? await step('distribution', leadId, () => getService(strapi, 'distribution').assignNewLead(leadId))
        : null;
      // after distribution (the assignee is a recipient); sends in the background
      if (assignment || (advertiser?.sendLeadEmail && advertiser.email)) {
        await step('e-mail', leadId, () => getService(strapi, 'notifications').notifyNewLead(leadId));
      }
      await step('webhooks', leadId, () => getService(strapi, 'lead-events').emit(LEAD_EVENTS.GRUPOZAP_LEAD_CREATED, [leadId]));
    },
  };
};
