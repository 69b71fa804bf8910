import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { LEAD_EVENTS } from './lead-events';

/**
 * What happens to a new lead once the portal has its answer: each step in turn, each one's
 * failure logged and contained, so nothing here can change or delay the answer, and one step
 * failing does not stop the next.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const step = async (name: string, leadId: number, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      strapi.log.error(`[grupozap] lead ${leadId}: ${name} failed: ${(error as Error).message}`);
    }
  };

  return {
    /** Runs once per lead, for the delivery (or replay) that created it. */
    async handle(leadId: number): Promise<void> {
      // homologation's test leads: no SLA clock, no agent, no e-mail, no webhook
      const isTest = await strapi.db
        .query(UID.lead)
        .findOne({ where: { id: leadId }, select: ['isTest'] })
        .then((lead: { isTest?: boolean } | null) => Boolean(lead?.isTest))
        .catch(() => false);
      if (isTest) return;

      await step('SLA', leadId, () => getService(strapi, 'sla').startClock(leadId));
      // before e-mail and webhooks, so that they name the assignee
      await step('distribution', leadId, () => getService(strapi, 'distribution').assignNewLead(leadId));
      // after distribution (the assignee is a recipient); sends in the background
      await step('e-mail', leadId, () => getService(strapi, 'notifications').notifyNewLead(leadId));
      await step('webhooks', leadId, () => getService(strapi, 'lead-events').emit(LEAD_EVENTS.GRUPOZAP_LEAD_CREATED, [leadId]));
    },
  };
};
