import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { reportPeriodOf } from '../validation/reports';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const periodOf = async (ctx: Context) =>
    reportPeriodOf(ctx.query, (await getService(strapi, 'settings').current()).zonelessTimezone);

  return {
    async find(ctx: Context) {
      ctx.body = { data: await getService(strapi, 'reports').report(await periodOf(ctx)) };
    },

    async export(ctx: Context) {
      const period = await periodOf(ctx);
      const report = await getService(strapi, 'reports').report(period);
      ctx.set('Content-Disposition', `attachment; filename="leads-report-${period.from}-${period.to}.csv"`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = getService(strapi, 'reports').toCsv(report);
    },
  };
};
