import type { Core } from '@strapi/strapi';
import { sendAnswer, sendProbeAnswer } from '../delivery/http';
import { incomingOf } from '../middlewares/lead-route';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }): Core.Controller => ({
  /** POST: one lead from the portal, read by the lead-route middleware, decided by the pipeline. */
  async receive(ctx) {
    const incoming = incomingOf(ctx);
    if (!incoming) throw new Error('the grupozap lead-route middleware did not run');
    sendAnswer(strapi, ctx, await getService(strapi, 'pipeline').process(incoming));
  },

  /** GET/HEAD: endpoint validators probe the URL before registering it. */
  async probe(ctx) {
    sendProbeAnswer(ctx);
  },
});
