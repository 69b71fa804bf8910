import type { Core } from '@strapi/strapi';
import type { Availability } from '../../../shared/contracts/agents';
import { UID } from '../constants';
import { modelTable } from '../utils/model-table';
import { retryingTransient } from '../utils/database-errors';
import { getService } from '../utils/get-service';
import { nextInTurn } from '../utils/round-robin';
import { LEAD_EVENTS } from './lead-events';

/** Deadlock victims and busy databases: the whole turn is taken again, this many times at most. */
const TURN_ATTEMPTS = 5;

interface UserRef {
  id: number;
  isActive?: boolean | null;
  blocked?: boolean | null;
}

/**
 * How a lead got its agent: the agent who holds the person's open lead (a returning person), its
 * listing's responsible agent, or the advertiser's turn.
 */
export interface Assignment {
  leadId: number;
  agentId: number;
  rule: 'returning' | 'listing' | 'turn';
  /** The advertiser's turn number that gave the lead (rule `turn`), for audits and tests. */
  turn: number | null;
}

interface AgentRow {
  id: number;
  away: boolean | null;
  awayUntil: string | Date | null;
  user: { id: number } | null;
}

const isAwayAt = (row: Pick<AgentRow, 'away' | 'awayUntil'>, now: Date) =>
  Boolean(row.away) && (row.awayUntil === null || row.awayUntil === undefined || new Date(row.awayUntil) > now);

const canWork = (user: UserRef | null | undefined): user is UserRef =>
  Boolean(user) && user!.isActive !== false && user!.blocked !== true;

/**
 * Hands new leads to the advertiser's agents in turn. The turn lives on the advertiser's row
 * (`distributionTurn`: how many turns were taken, `distributionLastAgent`: who had the last one),
 * read and moved inside one transaction that first locks that row with an atomic
 * `UPDATE … SET distribution_turn = distribution_turn + 1`: several Strapi processes on one
 * PostgreSQL or MySQL database take turns strictly one after the other, never two from the same
 * position; on SQLite the same UPDATE takes the database's single write lock. A deadlock victim
 * or a busy database is tried again; a turn nobody can take is rolled back.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const leads = () => strapi.db.query(UID.lead);

  /** Admin users among `userIds` who are away at `now`. */
  const awayAmong = async (userIds: number[], now: Date): Promise<Set<number>> => {
    if (userIds.length === 0) return new Set();
    const rows: AgentRow[] = await strapi.db.query(UID.agent).findMany({
      where: { away: true, user: { id: { $in: userIds } } },
      select: ['id', 'away', 'awayUntil'],
      populate: { user: { select: ['id'] } },
    });
    return new Set(rows.filter((row) => row.user && isAwayAt(row, now)).map((row) => row.user!.id));
  };

  /** The user's id when they can take a lead now (active, not blocked, not away); null otherwise. */
  const availableNow = async (user: UserRef | null | undefined, now: Date): Promise<number | null> =>
    canWork(user) && !(await awayAmong([user.id], now)).has(user.id) ? user.id : null;

  /** Taken again when the database gave up on it; inside a caller's transaction, the caller retries. */
  const retried = <T>(run: () => Promise<T>): Promise<T> =>
    strapi.db.inTransaction() ? run() : retryingTransient(run, TURN_ATTEMPTS);

  /**
   * Takes the advertiser's next turn for the lead, `skip` passed over; null when the advertiser
   * does not distribute or nobody can take it (then nothing changes).
   */
  /** Thrown inside the turn's transaction to undo the lock's increment: nobody takes this lead. */
  const NO_TURN = Symbol('no turn');

  const takeTurn = async (advertiserId: number, leadId: number, now: Date, skip: number | null): Promise<Assignment | null> => {
    const { name: tableName, column } = modelTable(strapi, UID.advertiser);
    try {
      return await retried(async () =>
        strapi.db.transaction(async ({ trx }): Promise<Assignment> => {
          // the lead's day in the report tallies before the turn (MySQL: see takeDayOfLead)
          await getService(strapi, 'report-days').takeDayOfLead(trx, leadId);
          /*
           * The lock first: one UPDATE of the advertiser's turn, held until commit, so the next
           * taker (in this process or another) waits here and then reads what this one left.
           * In PostgreSQL an UPDATE of a non-key column takes FOR NO KEY UPDATE, which lets the
           * ingestion keep linking new leads to the advertiser meanwhile; in SQLite it takes the
           * write lock at once, so no other process can slip in between read and write.
           */
          await strapi.db
            .getConnection(tableName)
            .transacting(trx)
            .where(column('id'), advertiserId)
            .update({
              [column('distributionTurn')]: strapi.db.connection.raw('COALESCE(??, 0) + 1', [column('distributionTurn')]),
            });
          const locked:
            | { distributionEnabled: boolean | null; distributionTurn: number | null; distributionLastAgent: number | null }
            | undefined = await strapi.db
            .queryBuilder(UID.advertiser)
            .select(['id', 'distributionEnabled', 'distributionTurn', 'distributionLastAgent'])
            .where({ id: advertiserId })
            .first()
            .execute();
          if (!locked?.distributionEnabled) throw NO_TURN;

          const advertiser: { agents?: UserRef[] } | null = await strapi.db.query(UID.advertiser).findOne({
            where: { id: advertiserId },
            select: ['id'],
            populate: { agents: { select: ['id', 'isActive', 'blocked'] } },
          });
          const agents = (advertiser?.agents ?? []).filter(canWork).map((user) => user.id);
          const away = await awayAmong(agents, now);
          const agentId = nextInTurn(agents, (id) => !away.has(id), locked.distributionLastAgent ?? null, skip);
          if (agentId === null) throw NO_TURN;

          const turn = Number(locked.distributionTurn);
          // the query builder: no lifecycles, so the advertiser's updatedAt stays the editor's
          await strapi.db
            .queryBuilder(UID.advertiser)
            .update({ distributionLastAgent: agentId })
            .where({ id: advertiserId })
            .execute();
          await leads().update({
            where: { id: leadId },
            data: { assignee: agentId, assignedAt: now, distributionTurn: turn },
            select: ['id'],
          });
          return { leadId, agentId, rule: 'turn', turn };
        })
      );
    } catch (error) {
      if (error === NO_TURN) return null;
      throw error;
    }
  };

  const service = {
    awayAmong,

    /** `userId` when that admin user can take a lead now (active, not blocked, not away); null otherwise. */
    async available(userId: number | null, now: Date): Promise<number | null> {
      if (userId === null) return null;
      const user: UserRef | null = await strapi.db
        .query('admin::user')
        .findOne({ where: { id: userId }, select: ['id', 'isActive', 'blocked'] });
      return availableNow(user, now);
    },

    /**
     * A new lead's agent: for a returning person (advertiser's `returningToSameAgent`, on by
     * default), the agent who holds their open lead; else its listing's responsible agent; else
     * the advertiser's next agent in turn — each only when available. Only for advertisers with
     * `distributionEnabled`; a lead already assigned, no longer `new`, or a portal test lead is
     * left alone. Null: it waits in the inbox.
     */
    async assignNewLead(leadId: number, now: Date = new Date()): Promise<Assignment | null> {
      const lead: {
        id: number;
        leadStatus: string;
        isTest: boolean | null;
        phoneE164: string | null;
        email: string | null;
        assignee: { id: number } | null;
        advertiser: { id: number; distributionEnabled: boolean | null; returningToSameAgent: boolean | null } | null;
        listing: { responsibleAgent: UserRef | null } | null;
      } | null = await leads().findOne({
        where: { id: leadId },
        select: ['id', 'leadStatus', 'isTest', 'phoneE164', 'email'],
        populate: {
          assignee: { select: ['id'] },
          advertiser: { select: ['id', 'distributionEnabled', 'returningToSameAgent'] },
          listing: { select: ['id'], populate: { responsibleAgent: { select: ['id', 'isActive', 'blocked'] } } },
        },
      });
      if (!lead || lead.isTest || lead.leadStatus !== 'new' || lead.assignee || !lead.advertiser?.distributionEnabled)
        return null;

      let assignment: Assignment | null = null;
      const holder =
        lead.advertiser.returningToSameAgent !== false
          ? await service.available(await getService(strapi, 'people').holderOf(lead), now)
          : null;
      const responsible = holder === null ? await availableNow(lead.listing?.responsibleAgent, now) : null;
      if (holder !== null) {
        // the person already talks to this agent; the advertiser's turn does not move
        await leads().update({ where: { id: leadId }, data: { assignee: holder, assignedAt: now }, select: ['id'] });
        assignment = { leadId, agentId: holder, rule: 'returning', turn: null };
      } else if (responsible !== null) {
        // the listing's agent first; the advertiser's turn does not move
        await leads().update({ where: { id: leadId }, data: { assignee: responsible, assignedAt: now }, select: ['id'] });
        assignment = { leadId, agentId: responsible, rule: 'listing', turn: null };
      } else {
        assignment = await takeTurn(lead.advertiser.id, leadId, now, null);
      }
      if (assignment) {
        await getService(strapi, 'activities').record([
          {
            leadId,
            kind: 'assignment',
            toValue: String(assignment.agentId),
            detail: { by: 'distribution', rule: assignment.rule },
            at: now,
          },
        ]);
        void getService(strapi, 'lead-events').emit(LEAD_EVENTS.GRUPOZAP_LEAD_ASSIGNED, [leadId]);
      }
      return assignment;
    },

    /**
     * Gives a lead to the advertiser's next agent in turn other than its current assignee (the
     * SLA's reassignment). Null when the advertiser does not distribute or nobody else can take
     * it. Emits no event: the caller does, once its own work is committed.
     */
    reassign(leadId: number, advertiserId: number, currentAssignee: number | null, now: Date): Promise<Assignment | null> {
      return takeTurn(advertiserId, leadId, now, currentAssignee);
    },

    /** An admin user's availability (no entry: available). */
    async availability(userId: number, now: Date = new Date()): Promise<Availability> {
      const rows: AgentRow[] = await strapi.db.query(UID.agent).findMany({
        where: { user: { id: userId } },
        select: ['id', 'away', 'awayUntil'],
        orderBy: { id: 'asc' },
      });
      const row = rows.find((candidate) => isAwayAt(candidate, now)) ?? rows[0];
      const awayUntil = row?.awayUntil ? new Date(row.awayUntil).toISOString() : null;
      return { userId, away: Boolean(row?.away), awayUntil, awayNow: Boolean(row && isAwayAt(row, now)) };
    },

    /** Marks an admin user away (optionally until a date) or back; keeps one entry per user. */
    async setAvailability(
      userId: number,
      { away, awayUntil = null }: { away: boolean; awayUntil?: Date | null },
      now: Date = new Date()
    ) {
      const agents = strapi.db.query(UID.agent);
      const data = { away, awayUntil: away ? awayUntil : null };
      const rows: { id: number }[] = await agents.findMany({
        where: { user: { id: userId } },
        select: ['id'],
        orderBy: { id: 'asc' },
      });
      if (rows.length === 0) await agents.create({ data: { ...data, user: userId } });
      else await agents.updateMany({ where: { id: { $in: rows.map((row) => row.id) } }, data });
      return service.availability(userId, now);
    },
  };

  return service;
};
