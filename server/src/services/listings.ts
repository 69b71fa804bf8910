import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { batchLoader, rowFor } from '../utils/batch-loader';
import { ADVERTISER_REF_FIELDS, type AdvertiserRef } from './advertisers';

export interface ListingRef {
  id: number;
  clientListingId: string;
}

export interface ListingWithAdvertiser extends ListingRef {
  advertiser: AdvertiserRef | null;
}

interface ListingKey {
  advertiserId: number;
  clientListingId: string;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Listings of concurrent deliveries, looked up together: one query per advertiser among them. */
  const byAdvertiserAndCode = batchLoader<ListingKey, ListingRef>(strapi, async (keys) => {
    const advertiserIds = [...new Set(keys.map((key) => key.advertiserId))];
    const found = new Map<number, ListingRef[]>();
    for (const advertiserId of advertiserIds) {
      const codes = [...new Set(keys.filter((key) => key.advertiserId === advertiserId).map((key) => key.clientListingId))];
      found.set(
        advertiserId,
        await strapi.db.query(UID.listing).findMany({
          where: { clientListingId: { $in: codes }, advertiser: { id: advertiserId } },
          select: ['id', 'clientListingId'],
        })
      );
    }
    return keys.map((key) => rowFor(found.get(key.advertiserId) ?? [], (row) => row.clientListingId, key.clientListingId));
  });

  return {
    findForAdvertiser(advertiserId: number, clientListingId: string): Promise<ListingRef | null> {
      return byAdvertiserAndCode.load({ advertiserId, clientListingId });
    },

    /**
     * For the single-endpoint URL: the listing with this code, when exactly one active
     * advertiser has it. Two agencies may use the same code; then nobody is guessed.
     */
    async findUniqueByCode(clientListingId: string): Promise<ListingWithAdvertiser | null> {
      const listings: ListingWithAdvertiser[] = await strapi.db.query(UID.listing).findMany({
        where: { clientListingId, advertiser: { active: true } },
        select: ['id', 'clientListingId'],
        populate: { advertiser: { select: ADVERTISER_REF_FIELDS } },
        limit: 2,
      });
      return listings.length === 1 && listings[0].advertiser ? listings[0] : null;
    },

    /**
     * Links the leads that arrived before their listing existed: those of the listing's
     * advertiser, and unassigned ones, carrying its code and no listing yet.
     */
    async linkWaitingLeads(listingId: number): Promise<number> {
      const listing: ListingWithAdvertiser | null = await strapi.db.query(UID.listing).findOne({
        where: { id: listingId },
        select: ['id', 'clientListingId'],
        populate: { advertiser: { select: ['id', 'documentId', 'slug', 'active'] } },
      });
      if (!listing?.advertiser || !listing.clientListingId) return 0;

      const waiting: { id: number }[] = await strapi.db.query(UID.lead).findMany({
        where: {
          clientListingId: listing.clientListingId,
          listing: { id: { $null: true } },
          $or: [{ advertiser: { id: listing.advertiser.id } }, { advertiser: { id: { $null: true } } }],
        },
        select: ['id'],
      });
      for (const lead of waiting) {
        await strapi.db.query(UID.lead).update({
          where: { id: lead.id },
          data: { listing: listing.id, advertiser: listing.advertiser.id },
          select: ['id'],
        });
      }
      return waiting.length;
    },
  };
};
