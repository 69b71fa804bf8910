import type { Core } from '@strapi/strapi';
import { yup } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { validate } from '../validation/validate';

const availabilityBody = yup
  .object({
    away: yup.boolean().required(),
    /** when the user is back (away until then); omitted or null: until set back */
    awayUntil: yup.date().nullable(),
  })
  .noUnknown();

/** The logged-in admin user's own availability for lead distribution. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** GET /grupozap/agents/me */
  async findMe(ctx: Context) {
    const { user } = ctx.state as { user: { id: number } };
    ctx.body = { data: await getService(strapi, 'distribution').availability(user.id) };
  },

  /** PUT /grupozap/agents/me { away, awayUntil? } */
  async updateMe(ctx: Context) {
    const { user } = ctx.state as { user: { id: number } };
    const { away, awayUntil } = await validate<{ away: boolean; awayUntil?: Date | null }>(availabilityBody, ctx.request.body);
    ctx.body = {
      data: await getService(strapi, 'distribution').setAvailability(user.id, { away, awayUntil: awayUntil ?? null }),
    };
  },
});
