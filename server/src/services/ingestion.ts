import type { Core } from '@strapi/strapi';
import type { PortalCode } from '../delivery/answers';
import type { DeliveryTrace } from '../delivery/delivery';
import { UID } from '../constants';
import { batchLoader, rowFor } from '../utils/batch-loader';
import { retryingTransient } from '../utils/database-errors';
import { getService } from '../utils/get-service';
import type { LeadFields } from '../utils/lead-payload';
import type { AdvertiserRef } from './advertisers';
import type { ArrivalFacts } from './lead-arrival';
import type { ListingRef } from './listings';

/** What storing a delivery's lead came to: a lead (new or counted again), or a refusal. */
export type StoreResult =
  | {
      code: Extract<PortalCode, 'LEAD_CREATED' | 'LEAD_DUPLICATE' | 'LEAD_ADVERTISER_CONFLICT'>;
      leadId: number;
      documentId: string;
      /** For a new lead: what decides the work after its arrival, known without reading it again. */
      arrival?: ArrivalFacts;
    }
  | { code: Extract<PortalCode, 'ADVERTISER_NOT_FOUND' | 'ADVERTISER_INACTIVE' | 'STORAGE_UNAVAILABLE'> };

interface LeadRef {
  id: number;
  documentId: string;
  advertiserId: number | null;
}

interface Placement {
  advertiser: AdvertiserRef | null;
  listing: ListingRef | null;
}

/** Deadlock victims and busy databases are tried again this many times before a 503. */
const STORE_ATTEMPTS = 3;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const advertisers = () => getService(strapi, 'advertisers');
  const listings = () => getService(strapi, 'listings');

  /** The stored lead of each originLeadId asked for, for concurrent deliveries in one query. */
  const leadsByOriginId = batchLoader<string, LeadRef>(strapi, async (originLeadIds) => {
    const found: { id: number; documentId: string; originLeadId: string; advertiser: { id: number } | null }[] = await strapi.db
      .query(UID.lead)
      .findMany({
        where: { originLeadId: { $in: [...new Set(originLeadIds)] } },
        select: ['id', 'documentId', 'originLeadId'],
        populate: { advertiser: { select: ['id'] } },
      });
    return originLeadIds.map((originLeadId) => {
      const lead = rowFor(found, (row) => row.originLeadId, originLeadId);
      return lead && { id: lead.id, documentId: lead.documentId, advertiserId: lead.advertiser?.id ?? null };
    });
  });
  const findLead = (originLeadId: string): Promise<LeadRef | null> => leadsByOriginId.load(originLeadId);

  /**
   * Where the lead belongs. An advertiser named in the URL must exist and be active (else 404,
   * which tells the portal to stop sending for it); without one, the lead is placed by its
   * listing code or MCMV seller document, or stays unassigned.
   */
  const place = async (
    advertiserKey: string | null,
    lead: LeadFields,
    sellerDocument: string | null
  ): Promise<Placement | { code: 'ADVERTISER_NOT_FOUND' | 'ADVERTISER_INACTIVE' }> => {
    if (advertiserKey) {
      const advertiser = await advertisers().findByKey(advertiserKey);
      if (!advertiser) return { code: 'ADVERTISER_NOT_FOUND' };
      if (!advertiser.active) return { code: 'ADVERTISER_INACTIVE' };
      const listing = lead.clientListingId ? await listings().findForAdvertiser(advertiser.id, lead.clientListingId) : null;
      return { advertiser, listing };
    }
    if (lead.clientListingId) {
      const listing = await listings().findUniqueByCode(lead.clientListingId);
      if (listing) return { advertiser: listing.advertiser, listing };
    }
    if (sellerDocument) {
      return { advertiser: await advertisers().findActiveByDocument(sellerDocument), listing: null };
    }
    return { advertiser: null, listing: null };
  };

  const create = async (trace: DeliveryTrace, lead: LeadFields, { advertiser, listing }: Placement) => {
    const now = new Date();
    // only the homologation runner's own leads, sent by this process right now
    const isTest = getService(strapi, 'homologation').isTestLeadId(lead.originLeadId);
    // the SLA clock starts with the lead, so that no later step has to read it again
    const slaMinutes = isTest ? null : getService(strapi, 'sla').minutesFor(advertiser);
    const slaDueAt = slaMinutes ? new Date(now.getTime() + slaMinutes * 60_000) : null;
    const created = await getService(strapi, 'lead-writer').write({
      trace,
      data: {
        ...lead,
        leadStatus: 'new',
        deliveryCount: 1,
        receivedAt: now,
        lastDeliveredAt: now,
        ...(isTest ? { isTest: true } : {}),
        ...(slaDueAt ? { slaDueAt } : {}),
      },
      advertiserId: advertiser?.id ?? null,
      listingId: listing?.id ?? null,
    });
    const arrival: ArrivalFacts = { isTest, advertiser };
    return { ...created, arrival };
  };

  /**
   * A retry or resend: count it, and touch nothing an agent may have edited. Sent to another
   * advertiser than the stored lead's, it is a conflict: counted on the lead all the same (the
   * portal has nothing to retry), and logged as such so that the delivery alert tells an admin.
   */
  const countRedelivery = async (trace: DeliveryTrace, lead: LeadRef, placement: Placement): Promise<StoreResult> => {
    const conflict = placement.advertiser !== null && lead.advertiserId !== null && placement.advertiser.id !== lead.advertiserId;
    const code = conflict ? 'LEAD_ADVERTISER_CONFLICT' : 'LEAD_DUPLICATE';
    await getService(strapi, 'lead-writer').countRedelivery({ trace, leadId: lead.id, code });
    return { code, leadId: lead.id, documentId: lead.documentId };
  };

  /**
   * Exactly one row per originLeadId: the unique index decides between concurrent first
   * deliveries, and whoever loses it counts a redelivery instead. Any insert error is followed
   * by a look-up, since SQLite's constraint error reaches us re-labelled by Strapi.
   */
  const storeOnce = async (trace: DeliveryTrace, lead: LeadFields, placement: Placement): Promise<StoreResult> => {
    const existing = await findLead(lead.originLeadId);
    if (existing) return countRedelivery(trace, existing, placement);
    try {
      const created = await create(trace, lead, placement);
      return { code: 'LEAD_CREATED', leadId: created.id, documentId: created.documentId, arrival: created.arrival };
    } catch (insertError) {
      const winner = await findLead(lead.originLeadId);
      if (!winner) throw insertError;
      return countRedelivery(trace, winner, placement);
    }
  };

  return {
    /**
     * Places a delivery's lead and stores it (or counts it again), with the delivery's log row.
     * A database that cannot store it answers STORAGE_UNAVAILABLE, so the portal keeps the lead.
     */
    async store(trace: DeliveryTrace, lead: LeadFields, sellerDocument: string | null): Promise<StoreResult> {
      // the group commit being formed waits a moment for this delivery
      const expected = getService(strapi, 'lead-writer').expect(trace);
      try {
        return await retryingTransient(async () => {
          const placement = await place(trace.incoming.advertiserKey, lead, sellerDocument);
          if ('code' in placement) return placement;
          return storeOnce(trace, lead, placement);
        }, STORE_ATTEMPTS);
      } catch (error) {
        strapi.log.error(`[grupozap] lead ${lead.originLeadId} not stored: ${(error as Error)?.message ?? error}`);
        return { code: 'STORAGE_UNAVAILABLE' };
      } finally {
        expected.done();
      }
    },
  };
};
