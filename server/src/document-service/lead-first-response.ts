import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { LEAD_STATUS_ATTRIBUTE } from '../utils/lead-status';

/**
 * A lead's status changed in the Content Manager counts as its first response, as in the inbox:
 * stamped in the save's transaction (see sla.recordFirstResponse), by the admin user saving; and
 * the change goes on the lead's timeline, as the inbox's do.
 */
export const leadFirstResponseMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== UID.lead || context.action !== 'update') return next();
    const { data, documentId } = context.params as { data?: Record<string, unknown>; documentId?: string };
    const status = data?.[LEAD_STATUS_ATTRIBUTE];
    if (!data || !documentId || typeof status !== 'string') return next();

    return strapi.db.transaction(async () => {
      const lead: { id: number; leadStatus: string } | null = await strapi.db
        .query(UID.lead)
        .findOne({ where: { documentId }, select: ['id', 'leadStatus'] });
      if (!lead || lead.leadStatus === status) return next();
      const user = strapi.requestContext.get()?.state?.user as { id?: number } | undefined;
      const now = new Date();
      if (status !== 'new') {
        Object.assign(data, await getService(strapi, 'sla').recordFirstResponse(lead.id, status, user?.id ?? null, now));
      }
      const result = await next();
      const reason = typeof data.lostReason === 'string' ? data.lostReason : null;
      await getService(strapi, 'activities').record([
        {
          leadId: lead.id,
          kind: 'status',
          actorId: user?.id ?? null,
          fromValue: lead.leadStatus,
          toValue: status,
          detail: status === 'lost' ? { reason } : null,
          at: now,
        },
      ]);
      return result;
    });
  };
