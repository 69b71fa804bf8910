import type { Core } from '@strapi/strapi';
import { UID } from '../constants';
import { insertLinks, createRows } from '../utils/row-writes';
import type { ActivityKind, LeadActivity } from '../../../shared/contracts/leads';

/** One event of a lead's timeline, as it is recorded. */
export interface ActivityInput {
  leadId: number;
  kind: ActivityKind;
  /** The admin user who did it; null: the plugin itself (the portal, distribution, the SLA). */
  actorId?: number | null;
  fromValue?: string | null;
  toValue?: string | null;
  /** Ids and codes only: never a person's data (the timeline survives an erasure as it is). */
  detail?: Record<string, string | number | boolean | null> | null;
  at?: Date;
}

interface ActivityRow {
  id: number;
  kind: ActivityKind;
  fromValue: string | null;
  toValue: string | null;
  detail: Record<string, unknown> | null;
  at: Date | string;
  actor: { id: number; firstname: string | null; lastname: string | null; email: string | null } | null;
}

/** A delivery row of the lead, as the lead page reads it. */
export interface TimelineDelivery {
  documentId: string;
  receivedAt: Date | string;
  outcome: string;
  code: string;
  method: string | null;
}

/** Events shown at most on a lead page, newest first. */
export const TIMELINE_LIMIT = 200;

/**
 * A lead's timeline: what happened to it, stored as events when it happens (status changes,
 * assignments, notes, deliveries, e-mails sent, SLA escalations), so that it is the same whoever
 * looks later. Joins the caller's transaction, if any.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async record(entries: ActivityInput[]): Promise<void> {
    if (!entries.length) return;
    const now = new Date();
    const created = await createRows(
      strapi,
      UID.activity,
      entries.map((entry) => ({
        kind: entry.kind,
        fromValue: entry.fromValue ?? null,
        toValue: entry.toValue ?? null,
        detail: entry.detail ?? null,
        at: entry.at ?? now,
      }))
    );
    await insertLinks(
      strapi,
      UID.activity,
      'lead',
      created.map((row, index) => ({ ownerId: row.id, targetId: entries[index].leadId }))
    );
    const withActor = created.flatMap((row, index) => {
      const actorId = entries[index].actorId;
      return actorId ? [{ ownerId: row.id, targetId: actorId }] : [];
    });
    await insertLinks(strapi, UID.activity, 'actor', withActor);
  },

  /**
   * The lead's events, newest first: those recorded, and its deliveries, which the delivery log
   * already keeps one row each (the portal's POSTs and the admin's replays).
   */
  async timeline(leadId: number, deliveries: TimelineDelivery[] = [], limit = TIMELINE_LIMIT): Promise<LeadActivity[]> {
    const rows = (await strapi.db.query(UID.activity).findMany({
      where: { lead: { id: leadId } },
      select: ['id', 'kind', 'fromValue', 'toValue', 'detail', 'at'],
      populate: { actor: { select: ['id', 'firstname', 'lastname', 'email'] } },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      limit,
    })) as ActivityRow[];
    const delivered: LeadActivity[] = deliveries.map((delivery) => ({
      kind: 'delivery',
      from: null,
      to: delivery.outcome,
      detail: { code: delivery.code, deliveryId: delivery.documentId, replay: delivery.method === 'REPLAY' },
      at: new Date(delivery.receivedAt).toISOString(),
      actor: null,
    }));
    const recorded: LeadActivity[] = rows.map((row) => ({
      kind: row.kind,
      from: row.fromValue,
      to: row.toValue,
      detail: (row.detail ?? {}) as LeadActivity['detail'],
      at: new Date(row.at).toISOString(),
      actor: row.actor
        ? { id: row.actor.id, firstname: row.actor.firstname, lastname: row.actor.lastname, email: row.actor.email ?? '' }
        : null,
    }));
    return [...recorded, ...delivered].sort((a, b) => b.at.localeCompare(a.at)).slice(0, limit);
  },
});
