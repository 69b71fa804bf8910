import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { PLUGIN_ID, UID } from '../constants';
import { REPORT_DAYS_TABLE, dialectOf, ensureReportDaysTable, reportDaysSchema } from '../report-days/schema';
import { addLead, cloneTally, emptyTally, mergeTally, serializeTally, type Tally } from '../report-days/tally';
import { ddlTransaction } from '../utils/database-errors';
import { modelTable } from '../utils/model-table';
import { yieldToRequests } from '../utils/yield-to-requests';

/** Leads read per statement when a tally is made from the leads' table. */
const STREAM_BATCH = 5000;
/** Days kept ready after a boot: a year's report, and some. */
const WARM_DAYS = 400;
/** Kept days' tallies held in memory, as read (about 10 kB each at 3,000 leads a day). */
const HELD_DAYS = 2 * WARM_DAYS;
/** Tallies of parts of days (a report's first and last day) held in memory. */
const HELD_PARTS = 16;
/** Sums of a period's days that are over held in memory (a year's: 35,000 quarters, a bitmap of its people). */
const HELD_SUMS = 4;
const HOUR_MS = 3_600_000;
const STORE_KEY = 'report-days';

interface DayRow {
  day: string;
  version: number | string;
  computed_version: number | string | null;
}

/** A tally held in memory while the versions of its days are those it was made at. */
interface Held {
  versions: string;
  tally: Tally;
}

/** Adds `key` to a map that keeps the `limit` last added. */
const hold = <T>(map: Map<string, T>, key: string, value: T, limit: number) => {
  map.delete(key);
  map.set(key, value);
  while (map.size > limit) map.delete(map.keys().next().value as string);
};

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

  /**
   * What the database keeps, held as read: a report reads its days' versions, and the data of the
   * days whose version moved on only (a day's version never comes back: see `prepare`). Whole
   * days by day, parts of days by their bounds.
   */
  const heldDays = new Map<string, Held>();
  const heldParts = new Map<string, Held>();
  /** Sums of the days that are over of the last periods asked (a month's, a year's…). */
  const heldSums = new Map<string, Tally>();

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

  /** The version of each day `first`..`last` (keys) that has a row, and whether its tally is kept at it. */
  const versionsOf = async (first: string, last: string): Promise<Map<string, { version: number; kept: boolean }>> => {
    const rows = (await days()
      .select('day', 'version', 'computed_version')
      .where('day', '>=', first)
      .andWhere('day', '<=', last)) as DayRow[];
    return new Map(
      rows.map((row) => [
        row.day,
        {
          version: Number(row.version),
          kept: row.computed_version !== null && Number(row.computed_version) === Number(row.version),
        },
      ])
    );
  };

  /** The kept tallies of `wanted` days, read when their version is still the one asked (else left out). */
  const readKept = async (wanted: Array<{ day: string; version: number }>): Promise<Map<string, Tally>> => {
    const read = new Map<string, Tally>();
    const versionOf = new Map(wanted.map(({ day, version }) => [day, version]));
    // a few hundred days at most: below SQLite's bound of bindings per statement
    for (let at = 0; at < wanted.length; at += 500) {
      const rows = (await days()
        .select('day', 'computed_version', 'data')
        .whereIn(
          'day',
          wanted.slice(at, at + 500).map(({ day }) => day)
        )) as Array<{ day: string; computed_version: number | string | null; data: string | null }>;
      for (const row of rows) {
        // made again at another version since its version was read: made again here instead
        if (row.data && row.computed_version !== null && Number(row.computed_version) === versionOf.get(row.day))
          read.set(row.day, JSON.parse(row.data) as Tally);
      }
    }
    return read;
  };

  /**
   * The tallies of whole days `first`..`last` (keys): those held in memory at the day's version,
   * kept ones where current, the others made from the leads (in one pass over each run of them)
   * and kept when the day is over.
   */
  const wholeDays = async (first: string, last: string, now: number): Promise<{ tallies: Tally[]; versions: string }> => {
    const versions = await versionsOf(first, last);
    const out: Tally[] = [];
    const stale: Array<{ day: string; version: number }> = [];
    const toRead: Array<{ day: string; version: number }> = [];
    for (let day = first; day <= last; day = nextDay(day)) {
      const row = versions.get(day);
      const held = heldDays.get(day);
      if (row && held?.versions === String(row.version)) out.push(held.tally);
      else if (row?.kept) toRead.push({ day, version: row.version });
      else stale.push({ day, version: row?.version ?? 0 });
    }
    const read = await readKept(toRead);
    for (const { day, version } of toRead) {
      const tally = read.get(day);
      if (!tally) stale.push({ day, version });
      else {
        hold(heldDays, day, { versions: String(version), tally }, HELD_DAYS);
        out.push(tally);
      }
    }
    stale.sort((a, b) => (a.day < b.day ? -1 : 1));
    // runs of consecutive stale days, each read in one pass
    let run: typeof stale = [];
    const flush = async () => {
      if (!run.length) return;
      const from = dayStart(run[0].day);
      const to = dayStart(nextDay(run[run.length - 1].day));
      const made = await tallyLeads(from, to);
      const isOver = ({ day }: { day: string }) => dayStart(nextDay(day)) <= now;
      await knex().transaction(async (trx) => {
        for (const { day, version } of run.filter(isOver)) {
          // kept only if no write touched the day since its version was read
          const data = serializeTally(made.get(day) ?? emptyTally());
          if (version === 0) await days(trx).insert({ day, version: 0 }).onConflict('day').ignore();
          const kept = await days(trx).where({ day, version }).update({ data, computed_version: version });
          if (kept) hold(heldDays, day, { versions: String(version), tally: JSON.parse(data) as Tally }, HELD_DAYS);
        }
      });
      // a day under way is not kept, but held while its version stays (one with no row yet is
      // not: no write of the triggers is known to have passed)
      for (const { day, version } of run.filter((entry) => !isOver(entry) && entry.version > 0)) {
        const data = serializeTally(made.get(day) ?? emptyTally());
        hold(heldDays, day, { versions: String(version), tally: JSON.parse(data) as Tally }, HELD_DAYS);
      }
      out.push(...made.values());
      run = [];
    };
    for (const entry of stale) {
      if (run.length && nextDay(run[run.length - 1].day) !== entry.day) await flush();
      run.push(entry);
    }
    await flush();
    const asRead: number[] = [];
    for (let day = first; day <= last; day = nextDay(day)) asRead.push(versions.get(day)?.version ?? 0);
    return { tallies: out, versions: asRead.join(',') };
  };

  /**
   * The whole days `first`..`last`: the sum of those that are over, held while their
   * versions stay, so that a report asked again adds a year of days' people once; and the tallies
   * of the days under way, whose versions move on with each lead.
   */
  const wholeDaysSummed = async (first: string, last: string, now: number): Promise<{ over: Tally; underWay: Tally[] }> => {
    let lastOver: string | null = null;
    for (let day = first; day <= last && dayStart(nextDay(day)) <= now; day = nextDay(day)) lastOver = day;
    const underWay = lastOver === null ? first : nextDay(lastOver);
    const [over, rest] = await Promise.all([
      lastOver === null ? null : wholeDays(first, lastOver, now),
      underWay <= last ? wholeDays(underWay, last, now) : null,
    ]);
    const key = over && `${first}:${lastOver}:${over.versions}`;
    let sum = key ? heldSums.get(key) : undefined;
    if (!sum) {
      sum = mergeAll(emptyTally(), over?.tallies ?? []);
      if (key) hold(heldSums, key, sum, HELD_SUMS);
    }
    return { over: sum, underWay: rest?.tallies ?? [] };
  };

  /**
   * The tally of the leads received in [from, to), a part of a day or two (a report's first and
   * last day): made from the leads, and held while the versions of its days stay those it was
   * made at. A day without a row is not held: no write of the triggers is known to have passed.
   */
  const partOfDays = async (from: number, to: number): Promise<Tally[]> => {
    const first = dayKeyOf(from);
    const last = dayKeyOf(to - 1);
    const key = `${from}:${to}`;
    const found = await versionsOf(first, last);
    const versions: string[] = [];
    for (let day = first; day <= last; day = nextDay(day)) versions.push(String(found.get(day)?.version ?? 0));
    const held = heldParts.get(key);
    if (held && held.versions === versions.join(',')) return [held.tally];
    const made = mergeAll(emptyTally(), (await tallyLeads(from, to)).values());
    if (!versions.includes('0')) {
      // held encoded, as a kept day is: a bitmap of a day's people is a hundred times larger
      hold(heldParts, key, { versions: versions.join(','), tally: JSON.parse(serializeTally(made)) as Tally }, HELD_PARTS);
    }
    return [made];
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
          await ddlTransaction(knex(), async (trx) => {
            for (const sql of functions) await trx.raw(sql);
            for (const name of triggerNames) await trx.raw(dropTrigger(name));
            for (const sql of triggers) await trx.raw(sql);
            // writes may have passed while the triggers were missing: every kept tally is suspect.
            // Each day's version moves on rather than starting again, so that a tally another
            // instance holds in memory at a version is never taken for the day's at that version.
            await days(trx).update({ version: trx.raw('version + 1'), computed_version: null, data: null });
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
      if (last === null) return mergeAll(total, await partOfDays(from, to));
      const [head, middle, tail] = await Promise.all([
        from < dayStart(first) ? partOfDays(from, dayStart(first)) : [],
        wholeDaysSummed(first, last, now),
        dayStart(nextDay(last)) < to ? partOfDays(dayStart(nextDay(last)), to) : [],
      ]);
      // the held sum stays as it is: the rest is added to a copy
      return mergeAll(cloneTally(middle.over), [...head, ...middle.underWay, ...tail]);
    },

    isReady: () => ready,

    /** Forgets the tallies held in memory: what another instance, or this one after a boot, starts with. */
    forgetHeld() {
      heldDays.clear();
      heldParts.clear();
      heldSums.clear();
    },

    async stop() {
      stopping = true;
      await warming?.catch(() => undefined);
    },
  };
  return service;
};
