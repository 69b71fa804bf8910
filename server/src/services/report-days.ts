import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { PLUGIN_ID, UID } from '../constants';
import { REPORT_DAYS_TABLE, dialectOf, ensureReportDaysTable, reportDaysSchema } from '../report-days/schema';
import { addLead, emptyTally, mergeTally, serializeTally, type Tally } from '../report-days/tally';
import { modelTable } from '../utils/model-table';
import { yieldToRequests } from '../utils/yield-to-requests';

/** Leads read per statement when a tally is made from the leads' table. */
const STREAM_BATCH = 5000;
/** Days kept ready after a boot: a year's report, and some. */
const WARM_DAYS = 400;
const HOUR_MS = 3_600_000;
const STORE_KEY = 'report-days';

interface DayRow {
  day: string;
  version: number | string;
  computed_version: number | string | null;
  data: string | null;
}

const toMs = (value: unknown): number =>
  value instanceof Date
    ? value.getTime()
    : typeof value === 'number'
      ? value
      : /^\d+$/.test(String(value))
        ? Number(value)
        : new Date(value as string).getTime();

const idOf = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/**
 * Reports read a year of leads from day tallies kept in the database (`grupozap_report_days`): a
 * day's counts by status, origin, advertiser and quarter hour, and its first-response times per
 * agent, binned. Triggers add one to a day's version on every write that changes what it counts
 * (see report-days/schema), so a tally is used only while it was made at the day's version; a
 * stale or missing one is made again from the leads' table (and kept, once the day is over).
 * The first and last day of a period, which are parts of days, are always read from the leads.
 *
 * Where the triggers cannot be made, every report reads the leads' table, as before.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const utc = dialectOf(strapi) === 'sqlite';
  let ready = false;
  let stopping = false;
  let warming: Promise<void> | null = null;

  const schemaName = (): string | null => (strapi.db.getSchemaName() as string | undefined) || null;
  const days = (connection: Knex = knex()) => {
    const query = connection(REPORT_DAYS_TABLE);
    return schemaName() ? query.withSchema(schemaName()!) : query;
  };

  /** The day (as the triggers see it) of an instant: UTC's on SQLite, else Strapi's zone's. */
  const dayKeyOf = (ms: number): string =>
    new Date(utc ? ms : ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
  const dayStart = (key: string): number => {
    if (utc) return Date.parse(`${key}T00:00:00Z`);
    const [year, month, day] = key.split('-').map(Number);
    return new Date(year, month - 1, day).getTime();
  };
  /** The next day (+26 h lands in it whether a day has 23, 24 or 25 hours). */
  const nextDay = (key: string): string => dayKeyOf(dayStart(key) + 26 * HOUR_MS);

  /** Every lead received in [from, to) (homologation tests left out), tallied per day. */
  const tallyLeads = async (from: number, to: number): Promise<Map<string, Tally>> => {
    const leads = modelTable(strapi, UID.lead);
    const column = (name: string) => `l.${leads.column(name)}`;
    const advertiserLink = leads.link('advertiser');
    const responderLink = leads.link('firstResponder');
    const assigneeLink = leads.link('assignee');
    const agentColumns = [
      responderLink && `fr.${responderLink.inverseJoinColumn.name}`,
      assigneeLink && `asg.${assigneeLink.inverseJoinColumn.name}`,
    ].filter(Boolean) as string[];
    const hasSeconds = leads.has('firstResponseSeconds');

    const tallies = new Map<string, Tally>();
    let after = 0;
    for (;;) {
      let query = knex()({ l: leads.name })
        .where(column('receivedAt'), '>=', new Date(from))
        .andWhere(column('receivedAt'), '<', new Date(to))
        .andWhere((where) => where.whereNull(column('isTest')).orWhere(column('isTest'), false))
        .andWhere('l.id', '>', after);
      if (advertiserLink) query = query.leftJoin({ la: advertiserLink.name }, `la.${advertiserLink.joinColumn.name}`, 'l.id');
      if (responderLink) query = query.leftJoin({ fr: responderLink.name }, `fr.${responderLink.joinColumn.name}`, 'l.id');
      if (assigneeLink) query = query.leftJoin({ asg: assigneeLink.name }, `asg.${assigneeLink.joinColumn.name}`, 'l.id');
      const rows = (await query
        .select({
          id: 'l.id',
          receivedAt: column('receivedAt'),
          status: column('leadStatus'),
          lostReason: leads.has('lostReason') ? column('lostReason') : knex().raw('NULL'),
          origin: column('leadOrigin'),
          advertiserId: advertiserLink ? `la.${advertiserLink.inverseJoinColumn.name}` : knex().raw('NULL'),
          agentId: agentColumns.length
            ? knex().raw(agentColumns.length > 1 ? `COALESCE(${agentColumns.map(() => '??').join(', ')})` : '??', agentColumns)
            : knex().raw('NULL'),
          seconds: hasSeconds ? column('firstResponseSeconds') : knex().raw('NULL'),
          personId: leads.has('personId') ? column('personId') : knex().raw('NULL'),
        })
        .orderBy('l.id', 'asc')
        .limit(STREAM_BATCH)) as Array<Record<string, unknown>>;
      for (const row of rows) {
        const receivedAt = toMs(row.receivedAt);
        const key = dayKeyOf(receivedAt);
        let tally = tallies.get(key);
        if (!tally) tallies.set(key, (tally = emptyTally()));
        addLead(tally, {
          receivedAt,
          status: (row.status as string | null) ?? null,
          lostReason: (row.lostReason as string | null) ?? null,
          origin: (row.origin as string | null) ?? null,
          advertiserId: idOf(row.advertiserId),
          agentId: idOf(row.agentId),
          firstResponseSeconds: row.seconds === null || row.seconds === undefined ? null : Number(row.seconds),
          personId: idOf(row.personId) ?? Number(row.id),
        });
      }
      if (rows.length < STREAM_BATCH) break;
      after = Number(rows[rows.length - 1].id);
      await yieldToRequests();
    }
    return tallies;
  };

  const mergeAll = (into: Tally, tallies: Iterable<Tally>) => {
    for (const tally of tallies) mergeTally(into, tally);
    return into;
  };

  /**
   * The tallies of whole days `first`..`last` (keys): kept ones where current, the others made
   * from the leads (in one pass over each run of them) and kept when the day is over.
   */
  const wholeDays = async (first: string, last: string, now: number): Promise<Tally[]> => {
    const rows = (await days()
      .select('day', 'version', 'computed_version', 'data')
      .where('day', '>=', first)
      .andWhere('day', '<=', last)) as DayRow[];
    const kept = new Map(rows.map((row) => [row.day, row]));
    const out: Tally[] = [];
    const stale: Array<{ day: string; version: number }> = [];
    for (let day = first; day <= last; day = nextDay(day)) {
      const row = kept.get(day);
      const version = Number(row?.version ?? 0);
      if (row?.data && row.computed_version !== null && Number(row.computed_version) === version) {
        out.push(JSON.parse(row.data) as Tally);
      } else stale.push({ day, version });
    }
    // runs of consecutive stale days, each read in one pass
    let run: typeof stale = [];
    const flush = async () => {
      if (!run.length) return;
      const from = dayStart(run[0].day);
      const to = dayStart(nextDay(run[run.length - 1].day));
      const made = await tallyLeads(from, to);
      const finished = run.filter(({ day }) => dayStart(nextDay(day)) <= now);
      await knex().transaction(async (trx) => {
        for (const { day, version } of finished) {
          const tally = made.get(day) ?? emptyTally();
          if (version === 0) await days(trx).insert({ day, version: 0 }).onConflict('day').ignore();
          // kept only if no write touched the day since its version was read
          await days(trx)
            .where({ day, version })
            .update({ data: serializeTally(tally), computed_version: version });
        }
      });
      out.push(...made.values());
      run = [];
    };
    for (const entry of stale) {
      if (run.length && nextDay(run[run.length - 1].day) !== entry.day) await flush();
      run.push(entry);
    }
    await flush();
    return out;
  };

  const service = {
    /** At boot, after Strapi's schema sync: the table, and the triggers if they are missing or changed. */
    async prepare() {
      stopping = false;
      ready = false;
      try {
        const schema = schemaName();
        await ensureReportDaysTable(knex(), schema);
        const { triggers, triggerNames, functions, dropTrigger, signature } = reportDaysSchema(strapi, schema);
        const present = new Set(await service.presentTriggers());
        const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
        const kept = (await store.get({ key: STORE_KEY })) as { signature?: string } | null;
        if (kept?.signature !== signature || triggerNames.some((name) => !present.has(name))) {
          await knex().transaction(async (trx) => {
            for (const sql of functions) await trx.raw(sql);
            for (const name of triggerNames) await trx.raw(dropTrigger(name));
            for (const sql of triggers) await trx.raw(sql);
            // writes may have passed while the triggers were missing: every kept tally is suspect
            await days(trx).del();
          });
          await store.set({ key: STORE_KEY, value: { signature } });
        }
        ready = true;
      } catch (error) {
        strapi.log.warn(
          `[grupozap] reports without kept day tallies, reading the leads' table each time: ${(error as Error).message}`
        );
      }
    },

    /**
     * Takes the row of a lead's day in the transaction `trx`, before the caller locks anything
     * else. Every write of a lead or of its links takes that row through the triggers; on MySQL a
     * transaction that first locks another row a new lead's writes also need (an advertiser's turn:
     * the foreign-key check of the lead's advertiser link reads it with a shared lock) and takes
     * the day's row after them waits in a circle with the lead route's. Taken first, the order is
     * the same in both. PostgreSQL's foreign-key checks do not wait for the turn's lock, and SQLite
     * has one writer: nothing to do there.
     */
    async takeDayOfLead(trx: Knex.Transaction, leadId: number): Promise<void> {
      if (!ready || dialectOf(strapi) !== 'mysql') return;
      await trx.raw(reportDaysSchema(strapi, schemaName()).bumpDayOfLead, [leadId]);
    },

    /** The names of this plugin's report triggers that the database has. */
    async presentTriggers(): Promise<string[]> {
      const like = `${REPORT_DAYS_TABLE}_%`;
      const client = dialectOf(strapi);
      if (client === 'postgres') {
        const { rows } = await knex().raw(`select tgname as name from pg_trigger where not tgisinternal and tgname like ?`, [
          like,
        ]);
        return (rows as Array<{ name: string }>).map((row) => row.name);
      }
      if (client === 'mysql') {
        const [rows] = await knex().raw(
          `select TRIGGER_NAME as name from information_schema.TRIGGERS where TRIGGER_SCHEMA = DATABASE() and TRIGGER_NAME like ?`,
          [like]
        );
        return (rows as Array<{ name: string }>).map((row) => row.name);
      }
      const rows = (await knex().raw(`select name from sqlite_master where type = 'trigger' and name like ?`, [like])) as Array<{
        name: string;
      }>;
      return rows.map((row) => row.name);
    },

    /** Keeps the last WARM_DAYS days' tallies ready, after the boot, so that the first report is quick too. */
    warm(now = Date.now()) {
      if (!ready || warming) return warming;
      warming = (async () => {
        try {
          const last = dayKeyOf(now - 26 * HOUR_MS);
          const first = dayKeyOf(now - WARM_DAYS * 24 * HOUR_MS);
          // a month at a time, so that a stop does not wait for a year
          for (let from = first; from <= last && !stopping; ) {
            let to = from;
            for (let i = 0; i < 30 && nextDay(to) <= last; i += 1) to = nextDay(to);
            await wholeDays(from, to, now);
            from = nextDay(to);
          }
        } catch (error) {
          if (!stopping) strapi.log.warn(`[grupozap] keeping the report's day tallies failed: ${(error as Error).message}`);
        } finally {
          warming = null;
        }
      })();
      return warming;
    },

    /** The tally of the leads received in [start, end). */
    async tally(start: Date, end: Date, now = Date.now()): Promise<Tally> {
      const from = start.getTime();
      const to = end.getTime();
      const total = emptyTally();
      // the boot's warming is making these days' tallies: wait rather than make them twice
      await warming?.catch(() => undefined);
      if (!ready) return mergeAll(total, (await tallyLeads(from, to)).values());
      let first = dayKeyOf(from);
      if (dayStart(first) < from) first = nextDay(first);
      let last: string | null = null;
      for (let day = first; dayStart(nextDay(day)) <= to; day = nextDay(day)) last = day;
      if (last === null) return mergeAll(total, (await tallyLeads(from, to)).values());
      const [head, middle, tail] = await Promise.all([
        from < dayStart(first) ? tallyLeads(from, dayStart(first)) : new Map<string, Tally>(),
        wholeDays(first, last, now),
        dayStart(nextDay(last)) < to ? tallyLeads(dayStart(nextDay(last)), to) : new Map<string, Tally>(),
      ]);
      return mergeAll(mergeAll(mergeAll(total, head.values()), middle), tail.values());
    },

    isReady: () => ready,

    async stop() {
      stopping = true;
      await warming?.catch(() => undefined);
    },
  };
  return service;
};
