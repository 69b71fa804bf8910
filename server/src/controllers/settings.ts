import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { getService } from '../utils/get-service';
import { validate } from '../validation/validate';
import { secretBody, settingsBody, type SecretBody, type SettingsBody } from '../validation/settings';

/** Settings → Grupo ZAP: the portal credential and how the endpoint URL is built. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settings = () => getService(strapi, 'settings');

  return {
    async find(ctx: Context) {
      ctx.body = { data: await settings().view() };
    },

    async update(ctx: Context) {
      await settings().update(await validate<SettingsBody>(settingsBody, ctx.request.body ?? {}));
      ctx.body = { data: await settings().view() };
    },

    /** Sets or generates the secret; a generated one is in this answer and nowhere else. */
    async setSecret(ctx: Context) {
      const { generatedSecret } = await settings().setSecret(await validate<SecretBody>(secretBody, ctx.request.body ?? {}));
      ctx.body = { data: await settings().view(), meta: { generatedSecret } };
    },

    async revokePreviousSecret(ctx: Context) {
      await settings().revokePreviousSecret();
      ctx.body = { data: await settings().view() };
    },
  };
};
