import type { Core } from '@strapi/strapi';
import { isPortalRefusal, portalRefusal, type PortalCode } from '../answers';
import { UID } from '../constants';
import { batchLoader, rowFor } from '../utils/batch-loader';
import { isTransientDatabaseError } from '../utils/database-errors';
import { getService } from '../utils/get-service';
import { normalizeLeadBody, type LeadFields } from '../utils/lead-payload';
import type { AdvertiserRef } from './advertisers';
import type { PortalDelivery } from './deliveries';
import type { ArrivalFacts } from './lead-arrival';
import type { ListingRef } from './listings';

export interface IngestionResult {
  code: Extract<PortalCode, 'LEAD_CREATED' | 'LEAD_DUPLICATE'>;
  leadId: number;
  documentId: string;
  /** For a new lead: what decides the work after its arrival, known without reading it again. */
  arrival?: ArrivalFacts;
}

interface LeadRef {
  id: number;
  documentId: string;
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
    const found: (LeadRef & { originLeadId: string })[] = await strapi.db.query(UID.lead).findMany({
      where: { originLeadId: { $in: [...new Set(originLeadIds)] } },
      select: ['id', 'documentId', 'originLeadId'],
    });
    return originLeadIds.map((originLeadId) => {
      const lead = rowFor(found, (row) => row.originLeadId, originLeadId);
      return lead && { id: lead.id, documentId: lead.documentId };
    });
  });
  const findLead = (originLeadId: string): Promise<LeadRef | null> => leadsByOriginId.load(originLeadId);

  /**
   * Where the lead belongs. An advertiser named in the URL must exist and be active (else 404,
   * which tells the portal to stop sending for it); without one, the lead is placed by its
   * listing code or MCMV seller document, or stays unassigned.
   */
  const place = async (advertiserKey: string | null, lead: LeadFields, sellerDocument: string | null): Promise<Placement> => {
    if (advertiserKey) {
      const advertiser = await advertisers().findByKey(advertiserKey);
      if (!advertiser) throw portalRefusal('ADVERTISER_NOT_FOUND');
      if (!advertiser.active) throw portalRefusal('ADVERTISER_INACTIVE');
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

  const create = async (delivery: PortalDelivery, lead: LeadFields, { advertiser, listing }: Placement) => {
    const now = new Date();
    // only the homologation runner's own leads, sent by this process right now
    const isTest = getService(strapi, 'homologation').isTestLeadId(lead.originLeadId);
    // the SLA clock starts with the lead, so that no later step has to read it again
    const slaMinutes = isTest ? null : getService(strapi, 'sla').minutesFor(advertiser);
    const slaDueAt = slaMinutes ? new Date(now.getTime() + slaMinutes * 60_000) : null;
    const created = await getService(strapi, 'lead-writer').write({
      delivery,
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
    const arrival: ArrivalFacts = { isTest, slaDueAt, advertiser };
    return { ...created, arrival };
  };

  /** A retry or resend: count it, and touch nothing an agent may have edited. */
  const countRedelivery = (delivery: PortalDelivery, lead: LeadRef) =>
    getService(strapi, 'lead-writer').countRedelivery({ delivery, leadId: lead.id });

  /**
   * Exactly one row per originLeadId: the unique index decides between concurrent first
   * deliveries, and whoever loses it counts a redelivery instead. Any insert error is followed
   * by a look-up, since SQLite's constraint error reaches us re-labelled by Strapi.
   */
  const store = async (delivery: PortalDelivery, lead: LeadFields, placement: Placement): Promise<IngestionResult> => {
    const existing = await findLead(lead.originLeadId);
    if (existing) {
      await countRedelivery(delivery, existing);
      return { code: 'LEAD_DUPLICATE', leadId: existing.id, documentId: existing.documentId };
    }
    try {
      const created = await create(delivery, lead, placement);
      return { code: 'LEAD_CREATED', leadId: created.id, documentId: created.documentId, arrival: created.arrival };
    } catch (insertError) {
      const winner = await findLead(lead.originLeadId);
      if (!winner) throw insertError;
      await countRedelivery(delivery, winner);
      return { code: 'LEAD_DUPLICATE', leadId: winner.id, documentId: winner.documentId };
    }
  };

  return {
    /**
     * Turns an authenticated delivery into a stored lead. Refusals are thrown as portal
     * refusals; a database that cannot store the lead gives 503, so the portal keeps it.
     */
    async ingest(delivery: PortalDelivery): Promise<IngestionResult> {
      if (delivery.bodyError) throw portalRefusal(delivery.bodyError);
      if (!delivery.body) throw portalRefusal('BODY_NOT_OBJECT');

      const sentId = delivery.body.originLeadId;
      if (typeof sentId === 'string' || typeof sentId === 'number') delivery.originLeadId = String(sentId).trim() || null;

      const config = await getService(strapi, 'settings').current();
      const normalized = normalizeLeadBody(delivery.body, config.zonelessTimezone);
      if (normalized.ok === false) throw portalRefusal(normalized.code);
      const { lead, sellerDocument } = normalized;
      delivery.originLeadId = lead.originLeadId;

      for (let attempt = 1; ; attempt += 1) {
        try {
          const placement = await place(delivery.advertiserKey, lead, sellerDocument);
          return await store(delivery, lead, placement);
        } catch (error) {
          if (isPortalRefusal(error)) throw error;
          if (attempt < STORE_ATTEMPTS && isTransientDatabaseError(error)) continue;
          strapi.log.error(`[grupozap] lead ${lead.originLeadId} not stored: ${(error as Error)?.message ?? error}`);
          throw portalRefusal('STORAGE_UNAVAILABLE');
        }
      }
    },
  };
};
