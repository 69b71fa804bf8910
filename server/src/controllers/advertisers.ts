import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { Context } from 'koa';
import type { IntegrationUrlView } from '../../../shared/contracts/advertisers';
import { UID } from '../constants';
import type { AdvertiserRef } from '../services/advertisers';
import { permittedDocument } from '../utils/content-manager-permission';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /**
   * The advertiser of the URL, when this admin may read it in the Content Manager (and update it,
   * for `update`): its permission checker decides, with the role's conditions, as the CM does.
   */
  const permittedAdvertiser = (ctx: Context, action: 'read' | 'update') =>
    permittedDocument<AdvertiserRef>(strapi, ctx, UID.advertiser, { action, notFound: 'Advertiser not found' });

  return {
    /**
     * "Export for Grupo ZAP": the batch registration CSV the portal asks for after homologation;
     * `?feeds=true` adds each advertiser's feed URL (FEED_URL), for the agency's records.
     */
    async exportRegistration(ctx: Context) {
      const feedUrls = ctx.query.feeds === 'true';
      const csv = await getService(strapi, 'advertisers').registrationCsv({ feedUrls });
      const filename = feedUrls ? 'grupozap-advertisers-feeds.csv' : 'grupozap-advertisers.csv';
      ctx.set('Content-Disposition', `attachment; filename="${filename}"`);
      ctx.type = 'text/csv; charset=utf-8';
      ctx.body = csv;
    },

    /**
     * The URL to register with the portal for one advertiser, for its edit view in the Content
     * Manager. Whoever may read that advertiser there (and its slug, which the URL spells out) may
     * read it: the Content Manager's own permission checker decides, with the role's conditions
     * (e.g. "is creator") applied to this very advertiser, as the CM's findOne does. Its former
     * slugs come with it: their URLs still answer, and the agency may have registered one.
     */
    async integrationUrl(ctx: Context) {
      const advertiser = await permittedDocument<AdvertiserRef>(strapi, ctx, UID.advertiser, {
        action: 'read',
        field: 'slug',
        notFound: 'Advertiser not found',
      });
      const advertisers = getService(strapi, 'advertisers');

      let url: string | null = null;
      let problem: string | null = null;
      try {
        url = await advertisers.integrationUrl(advertiser.slug);
      } catch (error) {
        // the service says why it cannot build the URL (e.g. no public URL yet): the panel shows it
        if (!(error instanceof errors.ApplicationError)) throw error;
        problem = error.message;
      }
      const former = await getService(strapi, 'advertiser-keys').formerKeys(advertiser.id);
      const formerKeys = await Promise.all(
        former.map(async ({ key, retiredAt }) => ({
          slug: key,
          url: url && (await advertisers.integrationUrl(key)),
          retiredAt: new Date(retiredAt).toISOString(),
        }))
      );
      const data: IntegrationUrlView = {
        documentId: advertiser.documentId,
        slug: advertiser.slug,
        active: advertiser.active,
        url,
        problem,
        formerKeys,
      };
      ctx.body = { data };
    },

    /** Feed health: the VRSync feed URL (without its token), its count, the listings left out and why. */
    async feedHealth(ctx: Context) {
      const advertiser = await permittedAdvertiser(ctx, 'read');
      ctx.body = { data: await getService(strapi, 'listing-feed').health(advertiser) };
    },

    /** A new feed token, shown in this answer only: the old URL answers 404 from now on. Changes the advertiser: needs update. */
    async regenerateFeedToken(ctx: Context) {
      const advertiser = await permittedAdvertiser(ctx, 'update');
      const feed = getService(strapi, 'listing-feed');
      ctx.body = { data: await feed.health(advertiser, await feed.regenerateToken(advertiser.id)) };
    },
  };
};
