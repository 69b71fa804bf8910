import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { getPluginConfig } from '../utils/plugin-config';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /grupozap/alerts: the delivery problems the admin shows as a banner. */
  async find(ctx: Context) {
    const { deliveryAlerts, notifications } = getPluginConfig(strapi);
    const data = deliveryAlerts.enabled ? await getService(strapi, 'delivery-alerts').active() : [];
    ctx.body = {
      data,
      meta: {
        enabled: deliveryAlerts.enabled,
        windowMinutes: deliveryAlerts.windowMinutes,
        threshold: deliveryAlerts.threshold,
        thresholds: deliveryAlerts.thresholds,
        errorsEmailConfigured: Boolean(notifications.errorsEmail),
        checkedAt: new Date().toISOString(),
      },
    };
  },
});
