import type { Core, Modules } from '@strapi/strapi';
import { UID } from '../constants';
import { getService } from '../utils/get-service';
import { LEAD_STATUS_ATTRIBUTE } from '../utils/lead-status';

/**
 * A lead's status changed in the Content Manager counts as its first response, as in the inbox:
 * stamped in the save's transaction (see sla.recordFirstResponse), by the admin user saving.
 */
export const leadFirstResponseMiddleware =
  (strapi: Core.Strapi): Modules.Documents.Middleware.Middleware =>
  async (context, next) => {
    if (context.uid !== UID.lead || context.action !== 'update') return next();
    const { data, documentId } = context.params as { data?: Record<string, unknown>; documentId?: string };
    const status = data?.[LEAD_STATUS_ATTRIBUTE];
    if (!data || !documentId || typeof status !== 'string' || status === 'new') return next();

    return strapi.db.transaction(async () => {
      const lead: { id: number } | null = await strapi.db.query(UID.lead).findOne({ where: { documentId }, select: ['id'] });
      if (lead) {
        const user = strapi.requestContext.get()?.state?.user as { id?: number } | undefined;
        Object.assign(data, await getService(strapi, 'sla').recordFirstResponse(lead.id, status, user?.id ?? null, new Date()));
      }
      return next();
    });
  };
