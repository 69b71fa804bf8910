import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { modelTable } from '../utils/model-table';
import { createRows, insertLinks, type CreatedRow } from '../utils/row-writes';
import type { PortalCode } from '../delivery/answers';
import type { DeliveryTrace } from '../delivery/delivery';
import { deliveryRowOf } from '../delivery/log-row';
import { getService } from '../utils/get-service';
import type { LeadFields } from '../utils/lead-payload';

/** A new lead ready to be stored, with the delivery that brought it. */
export interface NewLead {
  trace: DeliveryTrace;
  /** The lead's fields, as the Query Engine takes them; its phone and e-mail make its person. */
  data: Record<string, unknown> & Pick<LeadFields, 'phoneE164' | 'email'>;
  advertiserId: number | null;
  listingId: number | null;
}

/** A retry or resend of a stored lead: counted, with its own delivery row. */
export interface Redelivery {
  trace: DeliveryTrace;
  leadId: number;
  code: Extract<PortalCode, 'LEAD_DUPLICATE' | 'LEAD_ADVERTISER_CONFLICT'>;
}

type Write = { kind: 'lead'; lead: NewLead } | { kind: 'redelivery'; redelivery: Redelivery };

interface Waiting {
  write: Write;
  resolve: (row: CreatedRow | null) => void;
  reject: (error: unknown) => void;
}

/** Deliveries written by one transaction at most (a few statements, whatever the count). */
const MAX_GROUP = 100;
/** How long a group waits at most for the deliveries still on their way to it. */
const GATHER_MS = 5;

/**
 * Group commit of the deliveries that store something: new leads and redeliveries. While a write
 * is under way, the deliveries that arrive wait for it; the next write takes them all, in one
 * transaction with one INSERT per table (leads, their links, delivery rows, their links, their
 * data-subject keys) and one UPDATE for the redelivery counts, and each delivery is answered once
 * it is committed. Under
 * low load a group is one delivery; under load, statements and commits are shared.
 *
 * A group that fails is written again delivery by delivery, so that one delivery's error
 * (another instance stored the same originLeadId first, say) is that delivery's alone: the
 * caller sees it as if it had been written by itself.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const waiting: Waiting[] = [];
  let writing = false;
  /** Deliveries on their way to a write (being placed, looked up): not in `waiting` yet. */
  const onTheWay = new Set<DeliveryTrace>();
  /** Wakes the group being gathered: a delivery on its way has asked for its write, or will not. */
  let wakeGathering: (() => void) | null = null;
  const arrived = (trace: DeliveryTrace) => {
    onTheWay.delete(trace);
    wakeGathering?.();
  };

  /** Adds `count` to the deliveries of each lead, and touches nothing an agent may edit. */
  const countRedeliveries = async (redeliveries: Redelivery[]) => {
    const countOf = new Map<number, number>();
    for (const { leadId } of redeliveries) countOf.set(leadId, (countOf.get(leadId) ?? 0) + 1);
    const idsByCount = new Map<number, number[]>();
    for (const [leadId, count] of countOf) idsByCount.set(count, [...(idsByCount.get(count) ?? []), leadId]);

    const { name: tableName, column } = modelTable(strapi, UID.lead);
    await strapi.db.transaction(async ({ trx }) => {
      for (const [count, ids] of idsByCount) {
        await strapi.db
          .getConnection(tableName)
          .transacting(trx)
          .whereIn(column('id'), ids)
          .increment(column('deliveryCount'), count)
          .update({ [column('lastDeliveredAt')]: new Date() });
      }
    });
  };

  /**
   * Inserts the new leads of a group with their person (in the group's transaction): each found by
   * a look-up per new contact, and written with the lead, so it costs no commit of its own.
   */
  const createLeads = async (leads: NewLead[]): Promise<CreatedRow[]> => {
    if (!leads.length) return [];
    const people = getService(strapi, 'people');
    const persons = await people.placeNewLeads(
      leads.map(({ data, advertiserId }) => ({ phoneE164: data.phoneE164, email: data.email, advertiserId }))
    );
    const created = await createRows(
      strapi,
      UID.lead,
      leads.map((lead, index) => {
        const person = persons.persons[index];
        return {
          ...lead.data,
          personId: 'personId' in person ? person.personId : null,
          personLatest: persons.latest[index],
        };
      })
    );
    await people.attachNewLeads(
      created.map((row) => row.id),
      persons
    );
    return created;
  };

  /** The new leads' rows (null for a redelivery), in the order of `writes`. */
  const writeGroup = async (writes: Write[]): Promise<(CreatedRow | null)[]> =>
    strapi.db.transaction(async () => {
      const leads = writes.flatMap((write) => (write.kind === 'lead' ? [write.lead] : []));
      const redeliveries = writes.flatMap((write) => (write.kind === 'redelivery' ? [write.redelivery] : []));
      const created = await createLeads(leads);
      const linksTo = (target: 'advertiserId' | 'listingId') =>
        leads.flatMap((lead, index) => {
          const targetId = lead[target];
          return targetId === null ? [] : [{ ownerId: created[index].id, targetId }];
        });
      await insertLinks(strapi, UID.lead, 'advertiser', linksTo('advertiserId'));
      await insertLinks(strapi, UID.lead, 'listing', linksTo('listingId'));
      if (redeliveries.length) await countRedeliveries(redeliveries);

      let nextCreated = 0;
      const entries = writes.map((write) => {
        if (write.kind === 'redelivery') {
          const { trace, leadId, code } = write.redelivery;
          return { row: null, trace, leadId, code };
        }
        const row = created[nextCreated++];
        return { row, trace: write.lead.trace, leadId: row.id, code: 'LEAD_CREATED' as const };
      });
      const logged = await createRows(
        strapi,
        UID.delivery,
        entries.map(({ trace, code }) => deliveryRowOf(strapi, trace, code))
      );
      await insertLinks(
        strapi,
        UID.delivery,
        'lead',
        logged.map((delivery, index) => ({ ownerId: delivery.id, targetId: entries[index].leadId }))
      );
      // the data-subject keys of what the group wrote, in its transaction: left to the indexer, they
      // cost a commit of their own every quarter second under load, and held every delivery
      // meanwhile (SQLite's writes block the event loop)
      const subjectKeys = getService(strapi, 'subject-keys');
      await subjectKeys.indexNow(
        'l',
        created.map((row) => row.id)
      );
      await subjectKeys.indexNow(
        'd',
        logged.map((row) => row.id)
      );
      return entries.map(({ row }) => row);
    });

  const settle = async (group: Waiting[]): Promise<void> => {
    try {
      const rows = await writeGroup(group.map((entry) => entry.write));
      group.forEach((entry, index) => entry.resolve(rows[index]));
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      for (const entry of group) await settle([entry]);
    }
  };

  /**
   * Lets the deliveries on their way join the next group, for GATHER_MS at most: under load they
   * are mid-request (their look-ups answered at once on SQLite, their CPU spent anyway), and a
   * group written without them leaves each to a commit of its own. Under low load none is.
   */
  const gather = async (): Promise<void> => {
    const until = Date.now() + GATHER_MS;
    while (onTheWay.size && waiting.length < MAX_GROUP) {
      const left = until - Date.now();
      if (left <= 0) return;
      // woken by each arrival (no polling: the event loop stays free for the requests on their way)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => wakeGathering?.(), left);
        wakeGathering = () => {
          clearTimeout(timer);
          wakeGathering = null;
          resolve();
        };
      });
    }
  };

  const drain = async (): Promise<void> => {
    try {
      while (waiting.length) {
        await gather();
        await settle(waiting.splice(0, MAX_GROUP));
      }
    } finally {
      writing = false;
    }
  };

  const enqueue = async (write: Write): Promise<CreatedRow | null> => {
    const trace = write.kind === 'lead' ? write.lead.trace : write.redelivery.trace;
    // inside a caller's transaction the write belongs to it, not to a group
    if (strapi.db.inTransaction()) {
      arrived(trace);
      const [row] = await writeGroup([write]);
      return row;
    }
    return new Promise<CreatedRow | null>((resolve, reject) => {
      waiting.push({ write, resolve, reject });
      arrived(trace);
      if (writing) return;
      writing = true;
      // the first write waits one turn of the event loop, so that deliveries whose requests are
      // being read now join it (with SQLite every query settles at once, and without this
      // pause no other request would ever reach the queue during a write)
      setImmediate(() => void drain());
    });
  };

  return {
    /**
     * Says that a delivery may soon ask for a write (a new lead or a redelivery), so that the group
     * being formed waits a moment for it; `done` once it has asked or will not.
     */
    expect(trace: DeliveryTrace): { done(): void } {
      onTheWay.add(trace);
      return { done: () => arrived(trace) };
    },

    /** Stores a new lead and its delivery row; resolves once they are committed. */
    async write(lead: NewLead): Promise<CreatedRow> {
      return (await enqueue({ kind: 'lead', lead })) as CreatedRow;
    },

    /** Counts a redelivery of a stored lead and writes its delivery row; resolves once committed. */
    async countRedelivery(redelivery: Redelivery): Promise<void> {
      await enqueue({ kind: 'redelivery', redelivery });
    },
  };
};
