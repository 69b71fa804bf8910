import type { Core } from '@strapi/strapi';
import { isPortalRefusal, PORTAL_ANSWERS } from '../answers';
import { getDelivery } from '../middlewares/portal-delivery';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }): Core.Controller => ({
  /** POST: one lead from the portal. */
  async receive(ctx) {
    const delivery = getDelivery(ctx);
    if (!delivery) throw new Error('the grupozap delivery middleware did not run');
    // the route's policies let it through: the sender holds the portal's credential
    delivery.authenticated = true;
    let result;
    try {
      result = await getService(strapi, 'ingestion').ingest(delivery);
    } catch (error) {
      if (isPortalRefusal(error)) delivery.refusal = error.details.code;
      throw error;
    }
    ctx.status = PORTAL_ANSWERS[result.code].status;
    ctx.body = { code: result.code, leadId: result.documentId };
    if (result.code === 'LEAD_CREATED') {
      // distribution, e-mail, webhooks: only once the portal has its answer
      const { leadId, arrival } = result;
      ctx.res.once('finish', () => void getService(strapi, 'lead-arrival').handle(leadId, arrival));
    }
  },

  /** GET/HEAD: endpoint validators probe the URL before registering it. */
  async probe(ctx) {
    ctx.status = 200;
    ctx.body = { code: 'ENDPOINT_OK' };
  },
});
