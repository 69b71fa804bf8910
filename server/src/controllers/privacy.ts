import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { subjectOf } from '../validation/privacy';

interface AdminState {
  user: { id: number };
}

/**
 * LGPD: retention preview, and the data subject's requests. The person is named in a POST body,
 * never in a URL, so that no access log keeps the e-mail, phone or CPF.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const privacy = () => getService(strapi, 'privacy');
  const userId = (ctx: Context) => (ctx.state as AdminState).user.id;

  return {
    async retention(ctx: Context) {
      ctx.body = { data: await privacy().retentionPreview() };
    },

    async search(ctx: Context) {
      ctx.body = { data: await privacy().search(await subjectOf(ctx.request.body), userId(ctx)) };
    },

    async export(ctx: Context) {
      const subject = await subjectOf(ctx.request.body);
      const data = await privacy().export(subject, userId(ctx));
      const name = `personal-data-${privacy().reference(subject).slice(0, 12)}-${data.exportedAt.slice(0, 10)}.json`;
      ctx.set('Content-Disposition', `attachment; filename="${name}"`);
      ctx.set('Cache-Control', 'no-store');
      ctx.type = 'application/json; charset=utf-8';
      ctx.body = JSON.stringify(data, null, 2);
    },

    async erase(ctx: Context) {
      ctx.body = { data: await privacy().erase(await subjectOf(ctx.request.body), userId(ctx)) };
    },

    async audit(ctx: Context) {
      ctx.body = { data: await privacy().auditLog() };
    },
  };
};
