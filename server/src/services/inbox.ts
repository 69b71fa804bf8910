import type { Core } from '@strapi/strapi';
import type { AdminUserRef, InboxOptions } from '../../../shared/contracts/leads';
import { UID } from '../constants';
import type { ActivityInput } from './activities';
import { modelTable } from '../utils/model-table';
import { ACTIONS } from '../permissions';
import { COUNT_LOOKAHEAD, SEARCH_COUNT_LOOKAHEAD, boundedPagination } from '../utils/bounded-pagination';
import { toCsv } from '../utils/csv';
import { leadAttributeOf, withApiStatus } from '../utils/lead-status';
import { retryingTransient } from '../utils/database-errors';
import { getService } from '../utils/get-service';
import { LEAD_EVENTS } from './lead-events';
import type { LeadExportBody, LeadSearchBody } from '../validation/inbox';
import type { LeadRestriction, LeadSelection } from '../utils/lead-restriction';

type Filters = Record<string, unknown>;

/** A selection with the search of `q` added (a search counts fewer leads past its page). */
interface SearchedSelection extends LeadSelection {
  searching: boolean;
}

const LIST_FIELDS = [
  'id',
  'documentId',
  'originLeadId',
  'receivedAt',
  'leadStatus',
  'lostReason',
  'name',
  'email',
  'ddd',
  'phone',
  'phoneE164',
  'leadOrigin',
  'leadType',
  'temperature',
  'transactionType',
  'clientListingId',
  'deliveryCount',
  'isTest',
  'assignedAt',
  'slaDueAt',
  'slaEscalatedAt',
  'firstRespondedAt',
  'firstResponseSeconds',
  'followUpAt',
  'followUpKind',
  'followUpRemindedAt',
  'visitAt',
  'personId',
];

const LIST_POPULATE = {
  advertiser: { select: ['id', 'documentId', 'name', 'slug'] },
  listing: { select: ['id', 'documentId', 'clientListingId', 'title'] },
  assignee: { select: ['id', 'firstname', 'lastname', 'email'] },
};

/** The export's columns, in order. */
const EXPORT_COLUMNS = [
  'receivedAt',
  'status',
  'name',
  'phone',
  'email',
  'message',
  'advertiser',
  'clientListingId',
  'listing',
  'leadOrigin',
  'leadType',
  'temperature',
  'transactionType',
  'assignee',
  'originLeadId',
  'deliveryCount',
  // added last: spreadsheets built on the earlier columns keep working
  'lostReason',
  'followUpAt',
  'followUpKind',
  'visitAt',
];

/** Leads exported at most at once (a CSV for Excel, not a backup). */
const EXPORT_LIMIT = 50_000;

export interface InboxLead {
  id: number;
  documentId: string;
  receivedAt: string;
  [field: string]: unknown;
  personId?: number | null;
  advertiser: { name: string; slug: string } | null;
  listing: { clientListingId: string; title: string | null } | null;
  assignee: { id: number; firstname: string | null; lastname: string | null; email: string } | null;
}

const isoOrEmpty = (value: unknown): string => (value ? new Date(value as string).toISOString() : '');

const fullName = (user: InboxLead['assignee']) =>
  user ? [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email : '';

/**
 * The inbox's order: the sorted field, then the newest first within equal values, then the id
 * (the indexes on (field, receivedAt) serve both this sort and the filter on the field).
 */
const orderOf = (field: string, direction: 'asc' | 'desc') => {
  const attribute = leadAttributeOf(field);
  // the two read in the order of their own indexes, (received_at, id) and (follow_up_at, id)
  return attribute === 'receivedAt' || attribute === 'followUpAt'
    ? [{ [attribute]: direction }, { id: direction }]
    : [{ [attribute]: direction }, { receivedAt: direction }, { id: direction }];
};

type OrderBy = ReturnType<typeof orderOf>;

type LinkedRelation = 'advertiser' | 'assignee' | 'listing';

/** On SQLite, a filter on a relation that links more leads than this walks the sort index (see `linkedTo`). */
const SQLITE_LINK_LOOKUP_LIMIT = 2000;

/** Leads looked up by id at most at once (SQLite takes 32,766 bound values). */
const ID_CHUNK = 1000;

/** What the inbox may change on leads (validated: validation/inbox). */
export interface LeadChanges {
  status?: string;
  lostReason?: string;
  assignee?: number | null;
  followUpAt?: Date | null;
  followUpKind?: string;
  visitAt?: Date | null;
}

/** Statuses that end a lead's work: a pending follow-up goes with them. */
const CLOSED_STATUSES = new Set(['won', 'lost']);

/**
 * The next-step columns a change writes: a new follow-up (reminded again: its reminder is not yet
 * sent), the visit (which becomes the next step when the same change names no other), or none
 * once the lead is won or lost.
 */
const nextStepOf = (changes: LeadChanges): Record<string, unknown> => {
  const data: Record<string, unknown> = {};
  if (changes.visitAt !== undefined) data.visitAt = changes.visitAt;
  const followUp =
    changes.followUpAt !== undefined
      ? { at: changes.followUpAt, kind: changes.followUpKind ?? 'call' }
      : changes.status === 'visit_scheduled' && changes.visitAt
        ? { at: changes.visitAt, kind: 'visit' }
        : changes.status !== undefined && CLOSED_STATUSES.has(changes.status)
          ? { at: null, kind: null }
          : null;
  if (followUp) {
    data.followUpAt = followUp.at;
    data.followUpKind = followUp.at ? followUp.kind : null;
    data.followUpRemindedAt = null;
  }
  return data;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const leads = () => strapi.db.query(UID.lead);
  const sla = () => getService(strapi, 'sla');

  /**
   * The leads linked through `relation` to one of `targets` (ids; null: to any), as `id IN (their
   * link rows)`: the link table's index finds them, and no join makes Strapi add a DISTINCT, which
   * keeps a planner from stopping once the page is full. SQLite's planner, which has no statistics,
   * takes any IN list by id and sorts what it finds: for a link many leads share, `join` (Strapi's
   * relation filter) is kept there, which walks the sort index instead.
   */
  const linkedTo = async (relation: LinkedRelation, targets: number[] | null, join: Filters): Promise<Filters> => {
    const link = modelTable(strapi, UID.lead).link(relation);
    if (!link) return join;
    const rows = () => {
      const query = strapi.db.getConnection(link.name).select(link.joinColumn.name);
      return targets ? query.whereIn(link.inverseJoinColumn.name, targets) : query;
    };
    if (strapi.db.dialect.client === 'sqlite') {
      const counted = await strapi.db
        .getConnection()
        .count({ total: '*' })
        .from(
          rows()
            .limit(SQLITE_LINK_LOOKUP_LIMIT + 1)
            .as('links')
        )
        .first();
      if (Number(counted?.total ?? 0) > SQLITE_LINK_LOOKUP_LIMIT) return join;
    }
    return { id: { $in: rows() } };
  };

  /**
   * The leads with no link through `relation` (unassigned, no listing: most leads, often), as NOT
   * EXISTS: each lead of the sort index is looked up in the link table's index until the page is
   * full. (Strapi's relation filter joins, and its DISTINCT makes PostgreSQL read and sort them all.)
   */
  const unlinked =
    (relation: LinkedRelation): LeadRestriction =>
    (query, alias) => {
      const table = modelTable(strapi, UID.lead);
      query.whereNotExists(table.linkRowsOf(relation, `${alias}.${table.column('id')}`));
    };

  /**
   * The selection with the search of `q`: as filters row by row, or as the index's restriction;
   * the selection as it was (not `searching`) when `q` searches nothing.
   */
  const searched = async (selection: LeadSelection, q: string | undefined): Promise<SearchedSelection> => {
    const plan = await getService(strapi, 'search-index').plan(q);
    const { where, restrictions } = selection;
    if (!plan) return { where, restrictions, searching: false };
    if ('filters' in plan)
      return {
        where: Object.keys(where).length ? { $and: [where, plan.filters] } : plan.filters,
        restrictions,
        searching: true,
      };
    return { where, restrictions: [...restrictions, plan.restriction], searching: true };
  };

  /** The ids of a page: the Query Engine's select of `where` in `orderBy`, with the restrictions added. */
  const idsOf = async (
    { where, restrictions }: LeadSelection,
    { orderBy, offset, limit }: { orderBy: OrderBy; offset?: number; limit: number }
  ): Promise<number[]> => {
    const builder = strapi.db.entityManager.createQueryBuilder(UID.lead).init({ where, select: ['id'], orderBy, offset, limit });
    const query = builder.getKnexQuery();
    for (const restrict of restrictions) restrict(query, builder.alias, 'page');
    const rows: Array<{ id: number }> = await query;
    return rows.map((row) => Number(row.id));
  };

  /** The leads of `ids`, in that order, with the inbox's relations. */
  const leadsById = async (ids: number[], select: string[]): Promise<InboxLead[]> => {
    const found: InboxLead[] = [];
    for (let start = 0; start < ids.length; start += ID_CHUNK) {
      const chunk = ids.slice(start, start + ID_CHUNK);
      found.push(
        ...((await leads().findMany({ where: { id: { $in: chunk } }, select, populate: LIST_POPULATE })) as InboxLead[])
      );
    }
    const position = new Map(ids.map((id, index) => [id, index]));
    return found.sort((a, b) => position.get(a.id)! - position.get(b.id)!);
  };

  return {
    /**
     * The inbox's filters (the search term apart: see `list`) as Query Engine filters and knex
     * restrictions; `userId` resolves `assignee=me`.
     */
    async selectionOf(query: Partial<LeadExportBody>, userId: number): Promise<LeadSelection> {
      const and: Filters[] = [];
      const restrictions: LeadRestriction[] = [];
      if (query.status) and.push({ leadStatus: query.status });
      if (query.advertiser) {
        // the ids themselves, so that the planner reads how many leads each has
        const advertisers: Array<{ id: number }> = await strapi.db
          .query(UID.advertiser)
          .findMany({ where: { documentId: query.advertiser }, select: ['id'] });
        and.push(
          await linkedTo(
            'advertiser',
            advertisers.map((advertiser) => advertiser.id),
            { advertiser: { documentId: query.advertiser } }
          )
        );
      }
      if (query.origin) and.push({ leadOrigin: query.origin });
      if (query.temperature) and.push({ temperature: query.temperature });
      if (query.transactionType) and.push({ transactionType: query.transactionType });
      if (query.from) and.push({ receivedAt: { $gte: query.from } });
      if (query.to) and.push({ receivedAt: { $lte: query.to } });
      if (query.assignee === 'none') restrictions.push(unlinked('assignee'));
      else if (query.assignee) {
        const id = query.assignee === 'me' ? userId : Number(query.assignee);
        and.push(await linkedTo('assignee', [id], { assignee: { id } }));
      }
      if (query.overdue !== undefined) and.push(sla().overdueWhere(query.overdue, new Date()));
      if (query.followUp) and.push(await getService(strapi, 'follow-ups').dueWhere(query.followUp, new Date()));
      if (query.listingMatched === true) and.push(await linkedTo('listing', null, { listing: { id: { $notNull: true } } }));
      else if (query.listingMatched === false) restrictions.push(unlinked('listing'));
      // a lead not yet given its person (written outside the route, just now) is its own
      if (query.perPerson === true) and.push({ $or: [{ personLatest: true }, { personLatest: { $null: true } }] });
      return { where: and.length ? { $and: and } : {}, restrictions };
    },

    /**
     * A page of the selected leads matching the search term `q`. With knex restrictions (the search
     * index's, NOT EXISTS), in two steps: the page's ids, then those leads with their relations.
     */
    async list(
      selection: LeadSelection,
      { page, pageSize, sort, q }: Pick<LeadSearchBody, 'page' | 'pageSize' | 'sort'> & { q?: string },
      readScope: Filters = {}
    ) {
      const [field, direction] = sort.split(':') as [string, 'asc' | 'desc'];
      const orderBy = orderOf(field, direction);
      const searchedSelection = await searched(selection, q);
      const { where, restrictions, searching } = searchedSelection;
      const lookahead = searching ? SEARCH_COUNT_LOOKAHEAD : COUNT_LOOKAHEAD;
      const offset = (page - 1) * pageSize;
      const pageRows: Promise<InboxLead[]> = restrictions.length
        ? idsOf(searchedSelection, { orderBy, offset, limit: pageSize }).then((ids) => leadsById(ids, LIST_FIELDS))
        : leads().findMany({ where, select: LIST_FIELDS, populate: LIST_POPULATE, orderBy, offset, limit: pageSize });
      // how many leads each row's person has, among those the reader may read: read while the
      // page's count (the slower of the two) is under way, not after it
      const withPersonCounts = pageRows.then(async (rows) => {
        const personIds = rows.map((lead) => lead.personId).filter((id): id is number => typeof id === 'number');
        return { rows, counts: await getService(strapi, 'people').leadCounts(personIds, readScope) };
      });
      const [{ rows, counts }, pagination] = await Promise.all([
        withPersonCounts,
        boundedPagination(strapi, UID.lead, where, { page, pageSize }, { restrictions, lookahead }),
      ]);
      const now = new Date();
      return {
        results: rows.map((lead) => ({
          ...withApiStatus(sla().present(lead, now)),
          personLeads: typeof lead.personId === 'number' ? Math.max(1, counts.get(lead.personId) ?? 1) : 1,
        })),
        pagination,
      };
    },

    /**
     * One lead with everything the portal sent, its deliveries and notes, and its neighbours: the
     * lead is looked for within `leadScope` (by default `scope`), its neighbours within `scope`,
     * the leads the user may read.
     */
    async findOne(documentId: string, scope: Filters, { leadScope = scope }: { leadScope?: Filters } = {}) {
      const lead = await leads().findOne({
        where: { $and: [{ documentId }, leadScope] },
        populate: {
          ...LIST_POPULATE,
          firstResponder: { select: ['id', 'firstname', 'lastname', 'email'] },
          notes: { populate: { author: { select: ['id', 'firstname', 'lastname', 'email'] } }, orderBy: { createdAt: 'desc' } },
          deliveries: {
            select: ['id', 'documentId', 'receivedAt', 'outcome', 'httpStatus', 'code', 'ip', 'durationMs', 'method'],
            orderBy: { receivedAt: 'desc' },
          },
        },
      });
      if (!lead) return null;
      const neighbour = (operator: '$lt' | '$gt', direction: 'asc' | 'desc') =>
        leads().findOne({
          where: { $and: [{ receivedAt: { [operator]: lead.receivedAt } }, scope] },
          select: ['documentId'],
          orderBy: [{ receivedAt: direction }, { id: direction }],
        });
      const [older, newer] = await Promise.all([neighbour('$lt', 'desc'), neighbour('$gt', 'asc')]);
      return {
        ...withApiStatus(sla().present(lead, new Date())),
        activities: await getService(strapi, 'activities').timeline(lead.id, lead.deliveries ?? []),
        previous: newer?.documentId ?? null,
        next: older?.documentId ?? null,
      };
    },

    /** Ids of the leads among `documentIds` that `scope` lets the user touch. */
    async idsWithin(documentIds: string[], scope: Filters): Promise<number[]> {
      const rows: { id: number }[] = await leads().findMany({
        where: { $and: [{ documentId: { $in: documentIds } }, scope] },
        select: ['id'],
      });
      return rows.map((row) => row.id);
    },

    /** `by`: the admin user making the change (the first responder); `now`: the clock. */
    async update(ids: number[], changes: LeadChanges, { by = null, now = new Date() }: { by?: number | null; now?: Date } = {}) {
      const data: Record<string, unknown> = {};
      if (changes.status !== undefined) {
        data.leadStatus = changes.status;
        data.lostReason = changes.status === 'lost' ? (changes.lostReason ?? null) : null;
      }
      if (changes.assignee !== undefined) {
        data.assignee = changes.assignee;
        data.assignedAt = changes.assignee ? now : null;
      }
      Object.assign(data, nextStepOf(changes));
      // a deadlock's victim (the subject-key indexer, a delivery: MariaDB/MySQL) is run again whole
      await retryingTransient(() =>
        strapi.db.transaction(async () => {
          // as they were, for the timeline
          const before = new Map(
            (
              (await leads().findMany({
                where: { id: { $in: ids } },
                select: ['id', 'leadStatus', 'lostReason', 'followUpAt', 'followUpKind'],
                populate: { assignee: { select: ['id'] } },
              })) as Array<{
                id: number;
                leadStatus: string;
                lostReason: string | null;
                followUpAt: string | Date | null;
                followUpKind: string | null;
                assignee: { id: number } | null;
              }>
            ).map((row) => [row.id, row])
          );
          const activities: ActivityInput[] = [];
          for (const id of ids) {
            const was = before.get(id);
            if (!was) continue;
            const firstResponse =
              changes.status !== undefined ? await sla().recordFirstResponse(id, changes.status, by, now) : {};
            await leads().update({ where: { id }, data: { ...data, ...firstResponse }, select: ['id'] });
            if (changes.status !== undefined && (changes.status !== was.leadStatus || data.lostReason !== was.lostReason)) {
              activities.push({
                leadId: id,
                kind: 'status',
                actorId: by,
                fromValue: was.leadStatus,
                toValue: changes.status,
                detail: changes.status === 'lost' ? { reason: changes.lostReason ?? null } : null,
                at: now,
              });
            }
            if ('followUpAt' in data) {
              const from = was.followUpAt ? new Date(was.followUpAt).toISOString() : null;
              const to = data.followUpAt ? (data.followUpAt as Date).toISOString() : null;
              if (from !== to || (to && data.followUpKind !== was.followUpKind)) {
                activities.push({
                  leadId: id,
                  kind: 'follow-up',
                  actorId: by,
                  fromValue: from,
                  toValue: to,
                  detail: to ? { kind: data.followUpKind as string } : null,
                  at: now,
                });
              }
            }
            const assigneeBefore = was.assignee?.id ?? null;
            if (changes.assignee !== undefined && (changes.assignee ?? null) !== assigneeBefore) {
              activities.push({
                leadId: id,
                kind: 'assignment',
                actorId: by,
                fromValue: assigneeBefore === null ? null : String(assigneeBefore),
                toValue: changes.assignee ? String(changes.assignee) : null,
                detail: { by: 'admin' },
                at: now,
              });
            }
          }
          await getService(strapi, 'activities').record(activities);
        })
      );
      const events = getService(strapi, 'lead-events');
      void events.emit(LEAD_EVENTS.GRUPOZAP_LEAD_UPDATED, ids);
      if (changes.assignee) void events.emit(LEAD_EVENTS.GRUPOZAP_LEAD_ASSIGNED, ids);
    },

    async addNote(leadId: number, authorId: number, body: string) {
      return retryingTransient(() =>
        strapi.db.transaction(async () => {
          const note = await strapi.db.query(UID.note).create({
            data: { lead: leadId, author: authorId, body },
            populate: { author: { select: ['id', 'firstname', 'lastname', 'email'] } },
          });
          await getService(strapi, 'activities').record([
            { leadId, kind: 'note', actorId: authorId, detail: { noteId: note.id as number } },
          ]);
          return note;
        })
      );
    },

    /**
     * What the inbox offers to filter on and assign to: the active admin users whose role may read
     * leads (super admins included: their role holds every action without rows), the advertisers,
     * and the origins, temperatures and transaction types found in the leads.
     *
     * A user who may read some leads only (`scope`, e.g. an Author's "Is assignee") is offered what
     * those leads hold: their advertisers, origins…, and as users themself and those leads'
     * assignees — nothing of the leads they may not read.
     */
    async options(scope: Filters, userId: number): Promise<InboxOptions> {
      const grants: Array<{ role: { id: number } | null }> = await strapi.db.query('admin::permission').findMany({
        where: { action: ACTIONS.leadsRead },
        select: ['id'],
        populate: { role: { select: ['id'] } },
      });
      const superAdmin = await strapi.db.query('admin::role').findOne({ where: { code: 'strapi-super-admin' }, select: ['id'] });
      const roleIds = [
        ...new Set([...grants.map((grant) => grant.role?.id), superAdmin?.id].filter((id): id is number => Boolean(id))),
      ];

      const leads = modelTable(strapi, UID.lead);
      const scoped = Object.keys(scope).length > 0;
      /** The ids of the leads within the scope, as a subquery. */
      const leadIdsInScope = () => strapi.db.entityManager.createQueryBuilder(UID.lead).where(scope).select('id').getKnexQuery();
      const distinct = async (attribute: string): Promise<string[]> => {
        const column = leads.column(attribute);
        let query = strapi.db.connection(leads.name).distinct({ value: column }).whereNotNull(column);
        if (scoped) query = query.whereIn('id', leadIdsInScope());
        const rows: Array<{ value: unknown }> = await query.limit(500);
        return rows
          .map((row) => String(row.value))
          .filter((value) => value.trim() !== '')
          .sort((a, b) => a.localeCompare(b));
      };

      /** Who the scoped user may see: themself and the assignees of their leads. */
      const visibleUserIds = async (): Promise<number[]> => {
        const link = leads.link('assignee');
        if (!link) return [userId];
        const rows: Array<{ userId: unknown }> = await strapi.db
          .connection(link.name)
          .distinct({ userId: link.inverseJoinColumn.name })
          .whereIn(link.joinColumn.name, leadIdsInScope());
        return [...new Set([userId, ...rows.map((row) => Number(row.userId))])];
      };
      const userIds = scoped ? await visibleUserIds() : null;

      const [assignees, advertisers, origins, temperatures, transactionTypes] = await Promise.all([
        roleIds.length
          ? (strapi.db.query('admin::user').findMany({
              where: {
                isActive: true,
                $or: [{ blocked: false }, { blocked: { $null: true } }],
                roles: { id: { $in: roleIds } },
                ...(userIds ? { id: { $in: userIds } } : {}),
              },
              select: ['id', 'firstname', 'lastname', 'email'],
              orderBy: [{ firstname: 'asc' }, { lastname: 'asc' }, { id: 'asc' }],
            }) as Promise<AdminUserRef[]>)
          : Promise.resolve([]),
        strapi.db.query(UID.advertiser).findMany({
          where: scoped ? { leads: scope } : {},
          select: ['documentId', 'name', 'slug'],
          orderBy: [{ name: 'asc' }, { id: 'asc' }],
          limit: 1000,
        }) as Promise<InboxOptions['advertisers']>,
        distinct('leadOrigin'),
        distinct('temperature'),
        distinct('transactionType'),
      ]);
      const { lostReasons } = await getService(strapi, 'settings').current();
      return { assignees, advertisers, origins, temperatures, transactionTypes, lostReasons };
    },

    /** The filtered view as CSV, UTF-8 with a BOM so that Excel reads the accents right. */
    async exportCsv(selection: LeadSelection, q?: string): Promise<string> {
      const orderBy = orderOf('receivedAt', 'desc');
      const searchedSelection = await searched(selection, q);
      const select = [...LIST_FIELDS, 'message'];
      const rows: (InboxLead & Record<string, unknown>)[] = searchedSelection.restrictions.length
        ? await leadsById(await idsOf(searchedSelection, { orderBy, limit: EXPORT_LIMIT }), select)
        : await leads().findMany({
            where: searchedSelection.where,
            select,
            populate: LIST_POPULATE,
            orderBy,
            limit: EXPORT_LIMIT,
          });
      return toCsv(
        EXPORT_COLUMNS,
        rows.map((lead) => [
          lead.receivedAt ? new Date(lead.receivedAt).toISOString() : '',
          lead.leadStatus,
          lead.name,
          lead.phoneE164 ?? [lead.ddd, lead.phone].filter(Boolean).join(' '),
          lead.email,
          lead.message,
          lead.advertiser?.name ?? '',
          lead.clientListingId,
          lead.listing?.title ?? '',
          lead.leadOrigin,
          lead.leadType,
          lead.temperature,
          lead.transactionType,
          fullName(lead.assignee),
          lead.originLeadId,
          lead.deliveryCount,
          lead.lostReason,
          isoOrEmpty(lead.followUpAt),
          lead.followUpKind,
          isoOrEmpty(lead.visitAt),
        ]),
        { bom: true }
      );
    },
  };
};
