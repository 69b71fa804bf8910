import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { HomologationRunBody } from '../../../shared/contracts/homologation';
import { getService } from '../utils/get-service';
import { validate } from '../validation/validate';
import { checklistQuery, runBody, searchQuery, type ChecklistQuery, type SearchQuery } from '../validation/homologation';

/** The Homologation page: run the portal's checks against our endpoint, clean up, the checklist. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const homologation = () => getService(strapi, 'homologation');

  return {
    async run(ctx: Context) {
      const body = await validate<HomologationRunBody>(runBody, ctx.request.body ?? {});
      try {
        ctx.body = { data: await homologation().run(body, (ctx.state.user as { id: number }).id) };
      } catch (error) {
        const retryAfter =
          error instanceof errors.RateLimitError && (error.details as { retryAfterSeconds?: number }).retryAfterSeconds;
        if (retryAfter) ctx.set('Retry-After', String(retryAfter));
        throw error;
      }
    },

    async deleteTestLeads(ctx: Context) {
      ctx.body = { data: await homologation().deleteTestLeads() };
    },

    async checklist(ctx: Context) {
      const query = await validate<ChecklistQuery>(checklistQuery, ctx.query);
      ctx.body = { data: await homologation().checklist(query, ctx.state.user as { email: string }) };
    },

    async advertisers(ctx: Context) {
      const { q } = await validate<SearchQuery>(searchQuery, ctx.query);
      ctx.body = { data: await homologation().searchAdvertisers(q) };
    },

    async listings(ctx: Context) {
      const { q } = await validate<SearchQuery>(searchQuery, ctx.query);
      ctx.body = { data: await homologation().listingsOf(ctx.params.documentId, q) };
    },
  };
};
