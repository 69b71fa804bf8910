import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { deliveryListQuery, type DeliveryListQuery } from '../validation/inbox';
import { validate } from '../validation/validate';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const query = await validate<DeliveryListQuery>(deliveryListQuery, ctx.query);
    ctx.body = await getService(strapi, 'deliveries').list(query);
  },

  async findOne(ctx: Context) {
    const delivery = await getService(strapi, 'deliveries').findOne(ctx.params.documentId);
    if (!delivery) throw new errors.NotFoundError('Delivery not found');
    ctx.body = { data: delivery };
  },

  async replay(ctx: Context) {
    const { email } = (ctx.state as { user: { email: string } }).user;
    ctx.body = { data: await getService(strapi, 'deliveries').replay(ctx.params.documentId, email) };
  },
});
