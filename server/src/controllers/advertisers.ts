import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** "Export for Grupo ZAP": the batch registration CSV the portal asks for after homologation. */
  async exportRegistration(ctx: Context) {
    const csv = await getService(strapi, 'advertisers').registrationCsv();
    ctx.set('Content-Disposition', 'attachment; filename="grupozap-advertisers.csv"');
    ctx.type = 'text/csv; charset=utf-8';
    ctx.body = csv;
  },
});
