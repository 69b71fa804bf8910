import type { Core } from '@strapi/strapi';

export interface SeededAdvertiser {
  id: number;
  documentId: string;
  slug: string;
}

/** Through the Document Service, as the Content Manager saves them. */
export const createAdvertiser = async (
  strapi: Core.Strapi,
  data: { name: string; slug: string; document: string; active?: boolean; email?: string }
): Promise<SeededAdvertiser> =>
  (await strapi
    .documents('plugin::grupozap.advertiser' as never)
    .create({ data: { active: true, ...data } } as never)) as SeededAdvertiser;

export const createListing = async (
  strapi: Core.Strapi,
  data: { clientListingId: string; advertiser?: string; title?: string }
): Promise<{ id: number; documentId: string }> =>
  (await strapi.documents('plugin::grupozap.listing' as never).create({ data } as never)) as { id: number; documentId: string };

export const leadsWithOriginId = (strapi: Core.Strapi, originLeadId: string) =>
  strapi.db.query('plugin::grupozap.lead').findMany({
    where: { originLeadId },
    populate: { advertiser: true, listing: true },
  });

export const deliveriesFor = (strapi: Core.Strapi, where: Record<string, unknown> = {}) =>
  strapi.db.query('plugin::grupozap.delivery').findMany({ where, orderBy: { id: 'asc' }, populate: { lead: true } });
