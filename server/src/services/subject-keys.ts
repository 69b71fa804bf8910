import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../constants';
import type { DataSubject } from '../utils/data-subject';
import { ddlTransaction } from '../utils/database-errors';
import { modelTable } from '../utils/model-table';
import {
  OVERFLOW_KEY,
  asText,
  contactIdentifiers,
  identifiersIn,
  keysOf,
  parseStored,
  subjectKeyOf,
  type FoundIdentifiers,
} from '../utils/subject-keys';

/**
 * The data-subject key table: for each lead, note and delivery, one row per identifier found
 * anywhere in its texts (utils/subject-keys.ts: a 64-bit hash of the e-mail, phone or CPF, never
 * the value), so that the privacy page finds a person by index instead of reading every text.
 *
 * Kept in step however a record is written (the lead route, the Content Manager, the Query
 * Engine, knex, SQL from elsewhere): each of the three tables has a column `subject_keys_stale`,
 * set by a trigger of the database when a row is inserted or one of the texts its keys come from
 * changes; an indexer here takes the stale rows in batches (a transaction each; PostgreSQL and
 * MariaDB/MySQL lock them `FOR UPDATE SKIP LOCKED`), replaces their keys and clears the column.
 * It runs soon after the plugin's writes (the Query Engine's lifecycles), every half minute
 * (other instances, SQL), and at boot (the rows of an upgrade: the column is added with `true`).
 * A lookup never waits for it: the rows still stale are read through the column's index and
 * checked by pure code, as the rest.
 *
 * Made by the plugin after Strapi's schema sync, at each boot, like the search index: Strapi
 * leaves a table, a column and an index it did not make alone (it drops only what its own stored
 * schema had), and a trigger that a SQLite table rebuild lost is made again, with every row of
 * that table marked stale.
 */

export const KEY_TABLE = 'grupozap_subject_keys';
export const STALE_COLUMN = 'subject_keys_stale';

export type RecordKind = 'l' | 'n' | 'd';

/** Rows indexed per transaction (SQLite's single writer waits for it: fewer there). */
const BATCH = { sqlite: 100, other: 250 };
/** More stale rows than this in a table, and a lookup reads that table as before the keys (a backfill is under way). */
export const STALE_READ_LIMIT = 2_000;
/** After a write, the indexer runs this much later (writes in a burst are indexed together). */
const DEBOUNCE_MS = 250;
/** And every this often, for what other instances and SQL wrote. */
const PERIOD_MS = 30_000;

const LEAD_TEXTS = ['name', 'message', 'payload', 'extraData'] as const;

interface Source {
  kind: RecordKind;
  uid: (typeof UID)[keyof typeof UID];
  /** The attributes read to find the keys: a change to one of them marks the row stale. */
  fields: readonly string[];
  identifiers(row: Record<string, unknown>): FoundIdentifiers;
}

/** What privacy.locate() reads, and so what the keys come from (see ownsLead, mentions there). */
const SOURCES: readonly Source[] = [
  {
    kind: 'l',
    uid: UID.lead,
    fields: ['name', 'email', 'phoneE164', 'message', 'payload', 'extraData'],
    identifiers(row) {
      const found: FoundIdentifiers = new Set();
      for (const field of LEAD_TEXTS) identifiersIn(asText(row[field]), found);
      contactIdentifiers({ email: row.email, phoneNumber: row.phoneE164, extraData: parseStored(row.extraData) }, found);
      contactIdentifiers(parseStored(row.payload), found);
      return found;
    },
  },
  { kind: 'n', uid: UID.note, fields: ['body'], identifiers: (row) => identifiersIn(asText(row.body)) },
  { kind: 'd', uid: UID.delivery, fields: ['body'], identifiers: (row) => identifiersIn(asText(row.body)) },
];

type Client = 'sqlite' | 'postgres' | 'mysql';

const quoteWith =
  (quote: '"' | '`') =>
  (identifier: string): string =>
    `${quote}${identifier.split(quote).join(quote + quote)}${quote}`;

const isKey = (key: string) => /^-?\d{1,19}$/.test(key);

/** Candidates of a lookup, per kind: ids to read, or null where the table is to be read as before. */
export type SubjectCandidates = Record<RecordKind, number[] | null>;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = (): Knex => strapi.db.connection;
  const client = (): Client => {
    const name = strapi.db.dialect.client;
    return name === 'postgres' ? 'postgres' : name === 'mysql' ? 'mysql' : 'sqlite';
  };
  const q = (identifier: string) => (client() === 'mysql' ? quoteWith('`') : quoteWith('"'))(identifier);
  const tableOf = (source: Source) => modelTable(strapi, source.uid);
  const staleTrue = () => (client() === 'postgres' ? `${q(STALE_COLUMN)}` : `${q(STALE_COLUMN)} = 1`);

  let ready = false;
  let reason: string | null = 'not prepared yet';
  let skipLocked = true;
  let stopping = false;
  let timer: NodeJS.Timeout | null = null;
  let period: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let warnedRun = false;

  const rowsOf = (result: unknown): Array<Record<string, unknown>> => {
    if (client() === 'postgres') return (result as { rows: Array<Record<string, unknown>> }).rows;
    if (client() === 'mysql') return (result as [Array<Record<string, unknown>>])[0];
    return result as Array<Record<string, unknown>>;
  };

  // --- the objects: key table, stale column and its index, triggers ---

  const makeKeyTable = async () => {
    const table = q(KEY_TABLE);
    const recordIndex = q(`${KEY_TABLE}_record_idx`);
    if (client() === 'postgres') {
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${table} (subject_key bigint NOT NULL, record_kind char(1) NOT NULL, record_id integer NOT NULL, PRIMARY KEY (subject_key, record_kind, record_id))`
      );
      await knex().raw(`CREATE INDEX IF NOT EXISTS ${recordIndex} ON ${table} (record_kind, record_id)`);
    } else if (client() === 'mysql') {
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${table} (subject_key BIGINT NOT NULL, record_kind CHAR(1) CHARACTER SET ascii COLLATE ascii_bin NOT NULL, ` +
          `record_id INT UNSIGNED NOT NULL, PRIMARY KEY (subject_key, record_kind, record_id), KEY ${recordIndex} (record_kind, record_id)) ENGINE=InnoDB`
      );
    } else {
      await knex().raw(
        `CREATE TABLE IF NOT EXISTS ${table} (subject_key INTEGER NOT NULL, record_kind TEXT NOT NULL, record_id INTEGER NOT NULL, PRIMARY KEY (subject_key, record_kind, record_id)) WITHOUT ROWID`
      );
      await knex().raw(`CREATE INDEX IF NOT EXISTS ${recordIndex} ON ${table} (record_kind, record_id)`);
    }
  };

  /** Adds the column (every row then stale: an upgrade's backfill) and its index; whether it was missing. */
  const makeStaleColumn = async (source: Source): Promise<boolean> => {
    const table = tableOf(source).name;
    const index = q(`${table}_subject_keys_stale_idx`);
    const added = !(await knex().schema.hasColumn(table, STALE_COLUMN));
    if (client() === 'postgres') {
      if (added)
        await knex().raw(`ALTER TABLE ${q(table)} ADD COLUMN IF NOT EXISTS ${q(STALE_COLUMN)} boolean NOT NULL DEFAULT true`);
      await knex().raw(`CREATE INDEX IF NOT EXISTS ${index} ON ${q(table)} (id) WHERE ${staleTrue()}`);
    } else if (client() === 'mysql') {
      if (added) {
        try {
          await knex().raw(
            `ALTER TABLE ${q(table)} ADD COLUMN ${q(STALE_COLUMN)} TINYINT(1) NOT NULL DEFAULT 1, ADD INDEX ${index} (${q(STALE_COLUMN)}, id)`
          );
        } catch (error) {
          // another instance added it meanwhile
          if (!(await knex().schema.hasColumn(table, STALE_COLUMN))) throw error;
        }
      }
    } else {
      if (added) await knex().raw(`ALTER TABLE ${q(table)} ADD COLUMN ${q(STALE_COLUMN)} INTEGER NOT NULL DEFAULT 1`);
      await knex().raw(`CREATE INDEX IF NOT EXISTS ${index} ON ${q(table)} (id) WHERE ${staleTrue()}`);
    }
    return added;
  };

  /** The trigger statements of a table, by name. */
  const triggersOf = (source: Source): Record<string, string[]> => {
    const table = tableOf(source);
    const columns = source.fields.map((field) => table.column(field));
    const mark = `${table.name}_subject_keys_mark`;
    const forget = `${table.name}_subject_keys_forget`;
    const forgetRow = (old: string) =>
      `DELETE FROM ${q(KEY_TABLE)} WHERE record_kind = '${source.kind}' AND record_id = ${old}.id`;
    if (client() === 'postgres') {
      const changed = columns.map((column) => `NEW.${q(column)} IS DISTINCT FROM OLD.${q(column)}`).join(' OR ');
      return {
        [mark]: [
          `CREATE OR REPLACE FUNCTION ${q(mark)}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN ` +
            `IF TG_OP = 'INSERT' THEN NEW.${q(STALE_COLUMN)} := true; ` +
            `ELSIF ${changed} THEN NEW.${q(STALE_COLUMN)} := true; END IF; RETURN NEW; END $body$`,
          `CREATE TRIGGER ${q(mark)} BEFORE INSERT OR UPDATE ON ${q(table.name)} FOR EACH ROW EXECUTE FUNCTION ${q(mark)}()`,
        ],
        [forget]: [
          `CREATE OR REPLACE FUNCTION ${q(forget)}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN ${forgetRow('OLD')}; RETURN NULL; END $body$`,
          `CREATE TRIGGER ${q(forget)} AFTER DELETE ON ${q(table.name)} FOR EACH ROW EXECUTE FUNCTION ${q(forget)}()`,
        ],
      };
    }
    if (client() === 'mysql') {
      const same = columns.map((column) => `OLD.${q(column)} <=> NEW.${q(column)}`).join(' AND ');
      return {
        [`${mark}_insert`]: [
          `CREATE TRIGGER ${q(`${mark}_insert`)} BEFORE INSERT ON ${q(table.name)} FOR EACH ROW SET NEW.${q(STALE_COLUMN)} = 1`,
        ],
        [`${mark}_update`]: [
          `CREATE TRIGGER ${q(`${mark}_update`)} BEFORE UPDATE ON ${q(table.name)} FOR EACH ROW IF NOT (${same}) THEN SET NEW.${q(STALE_COLUMN)} = 1; END IF`,
        ],
        [forget]: [`CREATE TRIGGER ${q(forget)} AFTER DELETE ON ${q(table.name)} FOR EACH ROW ${forgetRow('OLD')}`],
      };
    }
    const markRow = `UPDATE ${q(table.name)} SET ${q(STALE_COLUMN)} = 1 WHERE id = new.id`;
    const changed = columns.map((column) => `old.${q(column)} IS NOT new.${q(column)}`).join(' OR ');
    return {
      [`${mark}_insert`]: [
        `CREATE TRIGGER ${q(`${mark}_insert`)} AFTER INSERT ON ${q(table.name)} WHEN new.${q(STALE_COLUMN)} IS NOT 1 BEGIN ${markRow}; END`,
      ],
      [`${mark}_update`]: [
        `CREATE TRIGGER ${q(`${mark}_update`)} AFTER UPDATE OF ${columns.map(q).join(', ')} ON ${q(table.name)} ` +
          `WHEN new.${q(STALE_COLUMN)} IS NOT 1 AND (${changed}) BEGIN ${markRow}; END`,
      ],
      [forget]: [`CREATE TRIGGER ${q(forget)} AFTER DELETE ON ${q(table.name)} BEGIN ${forgetRow('old')}; END`],
    };
  };

  /** The triggers present on a table, with their statement where the database keeps it. */
  const presentTriggers = async (table: string): Promise<Map<string, string | null>> => {
    if (client() === 'postgres') {
      const { rows } = await knex().raw(
        `select t.tgname as name, p.prosrc as source from pg_trigger t join pg_proc p on p.oid = t.tgfoid where t.tgrelid = ?::regclass and not t.tgisinternal`,
        [table]
      );
      return new Map((rows as Array<{ name: string; source: string }>).map((row) => [row.name, row.source]));
    }
    if (client() === 'mysql') {
      const [rows] = await knex().raw(
        `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ?`,
        [table]
      );
      return new Map((rows as Array<{ name: string }>).map((row) => [row.name, null]));
    }
    const rows: Array<{ name: string; sql: string }> = await knex().raw(
      `select name, sql from sqlite_master where type = 'trigger' and tbl_name = ?`,
      [table]
    );
    return new Map(rows.map((row) => [row.name, row.sql]));
  };

  /** Whether the trigger as present is the one this version makes. */
  const isCurrent = (statements: string[], present: string | null | undefined): boolean => {
    if (present === undefined) return false;
    if (client() === 'sqlite') return present === statements[0];
    if (client() === 'postgres') return statements[0].includes(`$body$${present}$body$`);
    return true;
  };

  /**
   * Makes the missing triggers; when one was missing on a table that had the column (a SQLite
   * table rebuilt by Strapi loses its triggers), rows changed meanwhile were not marked: all are.
   */
  const makeTriggers = async (source: Source, columnAdded: boolean) => {
    const table = tableOf(source).name;
    const present = await presentTriggers(table);
    const missing = Object.entries(triggersOf(source)).filter(([name, statements]) => !isCurrent(statements, present.get(name)));
    if (!missing.length) return;
    const create = async (run: (sql: string) => Promise<unknown>) => {
      for (const [name, statements] of missing) {
        if (present.has(name)) await run(`DROP TRIGGER IF EXISTS ${q(name)}${client() === 'postgres' ? ` ON ${q(table)}` : ''}`);
        for (const statement of statements) await run(statement);
      }
      if (!columnAdded) await run(`UPDATE ${q(table)} SET ${q(STALE_COLUMN)} = ${client() === 'postgres' ? 'true' : '1'}`);
    };
    if (client() === 'mysql') {
      // DDL commits by itself on MySQL: one statement at a time
      try {
        await create((sql) => knex().raw(sql));
      } catch (error) {
        const again = await presentTriggers(table);
        if (missing.some(([name]) => !again.has(name))) {
          throw new Error(`${(error as Error).message}; the TRIGGER privilege is needed`);
        }
      }
      return;
    }
    await ddlTransaction(knex(), (trx) => create((sql) => trx.raw(sql)));
  };

  const serverSkipsLocked = async (): Promise<boolean> => {
    if (client() === 'sqlite') return false;
    if (client() === 'postgres') return true;
    const [rows] = await knex().raw('SELECT VERSION() AS version');
    const version = String((rows as Array<{ version: string }>)[0].version);
    const [major, minor] = version.split(/[.-]/).map(Number);
    // MariaDB 10.6, MySQL 8.0
    return /mariadb/i.test(version) ? major > 10 || (major === 10 && minor >= 6) : major >= 8;
  };

  // --- the indexer ---

  const batchSize = () => (client() === 'sqlite' ? BATCH.sqlite : BATCH.other);

  /**
   * MariaDB/MySQL: a batch under READ COMMITTED, which takes no gap locks. Under the default
   * REPEATABLE READ its locking read held the gap at the end of the stale column's index, where
   * every new row's entry goes, and its UPDATE waited for the row after the batch: a delivery
   * being written (its row in the batch's way, its index entry in the held gap) and the batch
   * deadlocked, and MariaDB rolled the delivery back. A server whose binary log is statement-based
   * refuses writes under READ COMMITTED: there the batch keeps the default.
   */
  let readCommitted = true;
  const batchTransaction = async <T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> => {
    if (client() !== 'mysql' || !readCommitted) return strapi.db.transaction(({ trx }) => work(trx));
    try {
      return await knex().transaction(work, { isolationLevel: 'read committed' });
    } catch (error) {
      if (!/BINLOG_FORMAT = STATEMENT/i.test((error as Error).message ?? '')) throw error;
      readCommitted = false;
      return strapi.db.transaction(({ trx }) => work(trx));
    }
  };

  type TextRow = Record<string, unknown> & { id: number };

  /**
   * The texts of the rows `ids` that the keys come from, read on `trx`'s connection: a second one,
   * from a pool that waiting writers may hold (waiting for these very rows), could be long in coming.
   */
  const readTexts = async (trx: Knex.Transaction, source: Source, ids: number[]): Promise<TextRow[]> => {
    if (client() !== 'mysql')
      // the Query Engine joins the transaction Strapi runs (indexBatch's, or the caller's of indexNow)
      return strapi.db.query(source.uid).findMany({ where: { id: { $in: ids } }, select: ['id', ...source.fields] });
    const { name, column } = tableOf(source);
    return trx(name)
      .select(['id', ...source.fields.map((field) => `${column(field)} as ${field}`)])
      .whereIn('id', ids);
  };

  /** Replaces the keys of `rows` (read after their last write, in `trx`) and clears their stale mark. */
  const replaceKeys = async (trx: Knex.Transaction, source: Source, rows: TextRow[]) => {
    const ids = rows.map((row) => Number(row.id));
    if (!ids.length) return;
    await trx(KEY_TABLE).where({ record_kind: source.kind }).whereIn('record_id', ids).delete();
    const values: string[] = [];
    for (const row of rows) {
      for (const key of keysOf(source.identifiers(row))) {
        if (isKey(key)) values.push(`(${key}, '${source.kind}', ${Number(row.id)})`);
      }
    }
    const insert = client() === 'mysql' ? 'INSERT IGNORE INTO' : 'INSERT INTO';
    const conflict = client() === 'mysql' ? '' : ' ON CONFLICT DO NOTHING';
    for (let at = 0; at < values.length; at += 500) {
      await trx.raw(
        `${insert} ${q(KEY_TABLE)} (subject_key, record_kind, record_id) VALUES ${values.slice(at, at + 500).join(', ')}${conflict}`
      );
    }
    await trx(tableOf(source).name)
      .whereIn('id', ids)
      .update({ [STALE_COLUMN]: client() === 'postgres' ? false : 0 });
  };

  /** One batch of one table: its stale rows' keys replaced, the rows no longer stale. How many rows. */
  const indexBatch = async (source: Source): Promise<number> => {
    const table = tableOf(source).name;
    return batchTransaction(async (trx) => {
      // PostgreSQL: FOR NO KEY UPDATE, which a foreign key's check (FOR KEY SHARE: a link row, a
      // delivery of the lead being written) does not wait for; FOR UPDATE held every new link to
      // these leads until the batch's keys were written
      const rowLock = client() === 'postgres' ? 'FOR NO KEY UPDATE' : 'FOR UPDATE';
      const lock = client() === 'sqlite' ? '' : skipLocked ? ` ${rowLock} SKIP LOCKED` : ` ${rowLock}`;
      const stale = rowsOf(
        await trx.raw(`SELECT id FROM ${q(table)} WHERE ${staleTrue()} ORDER BY id LIMIT ${batchSize()}${lock}`)
      ).map((row) => Number(row.id));
      if (!stale.length) return 0;
      await replaceKeys(trx, source, await readTexts(trx, source, stale));
      // a row deleted since it was found stale has no keys left, and nothing to clear
      return stale.length;
    });
  };

  /** Indexes every stale row there is now, table by table, batch by batch. */
  const indexAll = async () => {
    for (const source of SOURCES) {
      while (!stopping && (await indexBatch(source)) === batchSize()) {
        // the app's own queries pass between batches
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    }
  };

  const service = {
    /** At boot, after Strapi's schema sync: makes what is missing, then indexes in the background. */
    async prepare() {
      stopping = false;
      try {
        await makeKeyTable();
        for (const source of SOURCES) {
          const added = await makeStaleColumn(source);
          await makeTriggers(source, added);
        }
        skipLocked = await serverSkipsLocked();
        ready = true;
        reason = null;
      } catch (error) {
        ready = false;
        reason = (error as Error).message;
        strapi.log.warn(
          `[grupozap] data-subject lookups without the subject-key table, reading every lead, note and delivery: ${reason}`
        );
        return;
      }
      strapi.db.lifecycles.subscribe({
        models: SOURCES.map((source) => source.uid),
        afterCreate: () => service.schedule(),
        afterCreateMany: () => service.schedule(),
        afterUpdate: () => service.schedule(),
        afterUpdateMany: () => service.schedule(),
      });
      period = setInterval(() => void service.run(), PERIOD_MS);
      period.unref();
      void service.run();
    },

    /**
     * Indexes the rows `ids` of one kind now, in the caller's transaction (or one of its own),
     * for a writer that knows what it wrote: the lead route's group commit (left to the indexer,
     * its rows cost a commit of their own every quarter second under load) and the retention
     * purge's anonymisation (a nightly purge's hundreds of thousands of rows would wait minutes
     * for the indexer, and lookups would read those tables whole meanwhile). The caller's write
     * holds the rows' locks, so the indexer (which skips locked rows) does not take them at the
     * same time.
     */
    async indexNow(kind: RecordKind, ids: number[]): Promise<void> {
      if (!ready || !ids.length) return;
      const source = SOURCES.find((candidate) => candidate.kind === kind)!;
      await strapi.db.transaction(async ({ trx }) => replaceKeys(trx, source, await readTexts(trx, source, ids)));
    },

    /** Whether lookups use the key table (else they read the tables, as before it). */
    isReady: () => ready,
    unavailableReason: () => reason,

    /** Runs the indexer soon (writes in a burst are indexed together). */
    schedule() {
      if (!ready || stopping || timer) return;
      timer = setTimeout(() => {
        timer = null;
        void service.run();
      }, DEBOUNCE_MS);
      timer.unref();
    },

    /** Indexes every stale row now; resolves when done (one run at a time in this process). */
    run(): Promise<void> {
      if (!ready || stopping) return Promise.resolve();
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        try {
          do {
            again = false;
            await indexAll();
          } while (again && !stopping);
        } catch (error) {
          // only the code: a message may quote a value
          if (!warnedRun && !stopping) {
            const { code } = error as { code?: string };
            strapi.log.warn(`[grupozap] the subject-key indexer failed (${code ?? 'no code'}); it runs again in a moment`);
            warnedRun = true;
          }
        } finally {
          running = null;
        }
      })();
      return running;
    },

    /**
     * Where the person may be: the records whose keys hold theirs (or the overflow key), and the
     * rows still stale. Null for a table with more stale rows than a lookup reads (a backfill), or
     * for all when the key table is not there: those are read as before it.
     */
    async candidates(subject: Pick<DataSubject, 'kind' | 'value'>): Promise<SubjectCandidates> {
      const none: SubjectCandidates = { l: null, n: null, d: null };
      if (!ready) return none;
      try {
        const key = subjectKeyOf(subject);
        const found: SubjectCandidates = { l: [], n: [], d: [] };
        // the stale rows first: a row the indexer clears after this read has its keys by the next
        // one statement for the three tables, each read through its stale index
        const stale = rowsOf(
          await knex().raw(
            SOURCES.map(
              (source) =>
                `SELECT * FROM (SELECT '${source.kind}' AS kind, id FROM ${q(tableOf(source).name)} WHERE ${staleTrue()} ORDER BY id LIMIT ${STALE_READ_LIMIT + 1}) ${q(`stale_${source.kind}`)}`
            ).join(' UNION ALL ')
          )
        );
        for (const source of SOURCES) {
          const ids = stale.filter((row) => row.kind === source.kind).map((row) => Number(row.id));
          if (ids.length > STALE_READ_LIMIT) found[source.kind] = null;
          else found[source.kind]!.push(...ids);
        }
        const rows = rowsOf(
          await knex().raw(`SELECT record_kind, record_id FROM ${q(KEY_TABLE)} WHERE subject_key IN (${key}, ${OVERFLOW_KEY})`)
        );
        for (const row of rows) found[String(row.record_kind).trim() as RecordKind]?.push(Number(row.record_id));
        for (const kind of ['l', 'n', 'd'] as const) {
          const ids = found[kind];
          if (ids) found[kind] = [...new Set(ids)].sort((a, b) => a - b);
        }
        return found;
      } catch (error) {
        const { code } = error as { code?: string };
        strapi.log.warn(`[grupozap] the subject-key table failed a lookup (${code ?? 'no code'}); reading the tables instead`);
        return none;
      }
    },

    /** Resolves once no indexer run is under way (tests). */
    async settled() {
      if (timer) {
        clearTimeout(timer);
        timer = null;
        await service.run();
      }
      await running;
    },

    async stop() {
      stopping = true;
      if (timer) clearTimeout(timer);
      if (period) clearInterval(period);
      timer = null;
      period = null;
      await running?.catch(() => undefined);
    },
  };
  return service;
};
