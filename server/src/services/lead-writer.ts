import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { createRows, insertLinks, type CreatedRow } from '../utils/row-writes';
import { deliveryRowOf, type PortalDelivery } from './deliveries';

/** A new lead ready to be stored, with the delivery that brought it. */
export interface NewLead {
  delivery: PortalDelivery;
  /** The lead's fields, as the Query Engine takes them. */
  data: Record<string, unknown>;
  advertiserId: number | null;
  listingId: number | null;
}

interface Waiting {
  lead: NewLead;
  resolve: (row: CreatedRow) => void;
  reject: (error: unknown) => void;
}

/** Leads written by one transaction at most (a few statements each, whatever the count). */
const MAX_GROUP = 100;

/**
 * Group commit of new leads. While a write is under way, the leads that arrive wait for it; the
 * next write takes them all, in one transaction with one INSERT per table (leads, their links,
 * their delivery rows, those links), and each delivery is answered once its lead is committed.
 * Under low load a group is one lead; under load, statements and commits are shared.
 *
 * A group that fails is written again lead by lead, so that one lead's error (another instance
 * stored the same originLeadId first, say) is that lead's alone: the caller sees it as if the
 * lead had been written by itself.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const waiting: Waiting[] = [];
  let writing = false;

  const writeGroup = async (leads: NewLead[]): Promise<CreatedRow[]> =>
    strapi.db.transaction(async () => {
      const created = await createRows(strapi, UID.lead, leads.map((lead) => lead.data));
      const linksTo = (target: 'advertiserId' | 'listingId') =>
        leads.flatMap((lead, index) => {
          const targetId = lead[target];
          return targetId === null ? [] : [{ ownerId: created[index].id, targetId }];
        });
      await insertLinks(strapi, UID.lead, 'advertiser', linksTo('advertiserId'));
      await insertLinks(strapi, UID.lead, 'listing', linksTo('listingId'));
      const logged = await createRows(strapi, UID.delivery, leads.map((lead) => deliveryRowOf(lead.delivery, 'LEAD_CREATED')));
      await insertLinks(strapi, UID.delivery, 'lead', logged.map((row, index) => ({ ownerId: row.id, targetId: created[index].id })));
      return created;
    });

  const settle = async (group: Waiting[]): Promise<void> => {
    try {
      const created = await writeGroup(group.map((entry) => entry.lead));
      group.forEach((entry, index) => {
        entry.lead.delivery.recorded = true;
        entry.resolve(created[index]);
      });
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      for (const entry of group) await settle([entry]);
    }
  };

  const drain = async (): Promise<void> => {
    try {
      while (waiting.length) await settle(waiting.splice(0, MAX_GROUP));
    } finally {
      writing = false;
    }
  };

  return {
    /** Stores a new lead and its delivery row; resolves once they are committed. */
    async write(lead: NewLead): Promise<CreatedRow> {
      // inside a caller's transaction the lead belongs to it, not to a group
      if (strapi.db.inTransaction()) {
        const [created] = await writeGroup([lead]);
        lead.delivery.recorded = true;
        return created;
      }
      return new Promise<CreatedRow>((resolve, reject) => {
        waiting.push({ lead, resolve, reject });
        if (writing) return;
        writing = true;
        // the first write waits one turn of the event loop, so that leads whose requests are
        // being read now join it (with SQLite every query settles at once, and without this
        // pause no other request would ever reach the queue during a write)
        setImmediate(() => void drain());
      });
    },
  };
};
