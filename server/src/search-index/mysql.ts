import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { MAX_SUFFIX_CHARS, fulltextPrefixQuery, likeContains, type SearchTerm } from '../utils/search-term';
import {
  PROBE_LIMIT,
  SearchIndexUnavailable,
  idRanges,
  leadSearchColumns,
  literal,
  quoteWith,
  type SearchIndexEngine,
  type SearchRestriction,
} from './engine';
import type { IndexFlag } from './flag';

const q = quoteWith('`');

/** Only one instance builds the index (a named lock, released with its connection). */
const BUILD_LOCK = 'grupozap:search-index';

/** The text of a lead the index reads (longer messages are searched to this length). */
export const MAX_INDEXED_TEXT_CHARS = 20_000;

type Connection = unknown;

/**
 * What the index stores for a text, as JavaScript computes it: every word's suffixes of three
 * characters or more (cut to MAX_SUFFIX_CHARS), so that a FULLTEXT prefix query (`ilva*`) finds a
 * word holding the term anywhere ("Silva"). The database makes the same with REGEXP_REPLACE; a
 * boot compares the two on a sample before it trusts the database's.
 */
export const suffixesOf = (text: string): string =>
  text.replace(new RegExp(`([\\p{L}\\p{N}_])(?=((?:[\\p{L}\\p{N}_]){2,${MAX_SUFFIX_CHARS - 1}}))`, 'gu'), '$1 $1$2 ');

const SELF_TEST = 'João da Silva, joao_98862@exemplo.com';

/**
 * MySQL and MariaDB: a table beside the leads' (one row per lead) holding the suffixes of the
 * words of its name, e-mail and message and of its phones' digits, with InnoDB FULLTEXT indexes
 * (stopwords off), kept by triggers on the leads' table. A search asks the index for the leads
 * having a word that starts with each word of the term (`+ilva*`), then checks the term itself on
 * those leads with LIKE (accents and case as the columns' collation compares them: utf8mb4's
 * `_ci` collations ignore both). InnoDB's ngram parser would find parts of words too, but MySQL
 * has it and MariaDB does not; the suffixes work on both.
 */
export const mysqlEngine = (strapi: Core.Strapi, flag: IndexFlag): SearchIndexEngine => {
  const knex = (): Knex => strapi.db.connection;
  const columns = leadSearchColumns(strapi);
  const side = `${columns.table}_search`;
  const triggerNames = { insert: `${side}_ai`, update: `${side}_au`, delete: `${side}_ad` };
  const kind = 'mysql-fulltext-suffixes';

  /** Set by prepare: how this server writes the regexp and its replacement, and its shortest FULLTEXT token. */
  let dialect: { pattern: string; replacement: string; minToken: number } | null = null;

  const suffixSql = (expression: string) => `REGEXP_REPLACE(${expression}, ${dialect!.pattern}, ${dialect!.replacement})`;
  const wordsOf = (row: string) =>
    suffixSql(
      `LEFT(CONCAT_WS(' ', ${row}${q(columns.name)}, ${row}${q(columns.email)}, ${row}${q(columns.message)}), ${MAX_INDEXED_TEXT_CHARS})`
    );
  const phoneDigits = (column: string) => `REGEXP_REPLACE(COALESCE(${column}, ''), '[^0-9]', '')`;
  const digitsOf = (row: string) =>
    suffixSql(`CONCAT_WS(' ', ${phoneDigits(`${row}${q(columns.phoneE164)}`)}, ${phoneDigits(`${row}${q(columns.phone)}`)})`);
  const indexRow = (row: 'NEW.') =>
    `REPLACE INTO ${q(side)} (lead_id, words, digits) VALUES (${row}${q(columns.id)}, ${wordsOf(row)}, ${digitsOf(row)})`;

  const triggers = () => ({
    [triggerNames.insert]: `CREATE TRIGGER ${q(triggerNames.insert)} AFTER INSERT ON ${q(columns.table)} FOR EACH ROW ${indexRow('NEW.')}`,
    // other writes (a status, a redelivery's count) leave the row as it is
    [triggerNames.update]:
      `CREATE TRIGGER ${q(triggerNames.update)} AFTER UPDATE ON ${q(columns.table)} FOR EACH ROW ` +
      `IF NOT (${[columns.name, columns.email, columns.message, columns.phone, columns.phoneE164].map((column) => `OLD.${q(column)} <=> NEW.${q(column)}`).join(' AND ')}) ` +
      `THEN ${indexRow('NEW.')}; END IF`,
    [triggerNames.delete]: `CREATE TRIGGER ${q(triggerNames.delete)} AFTER DELETE ON ${q(columns.table)} FOR EACH ROW DELETE FROM ${q(side)} WHERE lead_id = OLD.${q(columns.id)}`,
  });

  /** Runs `work` on one connection of the pool (session variables and named locks live there). */
  const onOneConnection = async <T>(
    work: (run: (sql: string, bindings?: readonly Knex.RawBinding[]) => Promise<unknown[]>) => Promise<T>
  ) => {
    const client = knex().client as Knex.Client;
    const connection = (await client.acquireConnection()) as Connection;
    try {
      return await work(async (sql, bindings) => {
        // without bindings, knex leaves the "?" of a regexp alone
        const raw = bindings ? knex().raw(sql, bindings) : knex().raw(sql);
        const [rows] = (await raw.connection(connection)) as [unknown[]];
        return rows;
      });
    } finally {
      await client.releaseConnection(connection);
    }
  };

  const serverDialect = async () => {
    const [rows] = await knex().raw(`SELECT VERSION() AS version, @@sql_mode AS mode, @@innodb_ft_min_token_size AS min_token`);
    const { version, mode, min_token: minToken } = rows[0] as { version: string; mode: string; min_token: number };
    // a backslash in a string literal is an escape unless the server says otherwise
    const backslash = /NO_BACKSLASH_ESCAPES/i.test(mode) ? '\\' : '\\\\';
    const pattern = `'(${backslash}w)(?=(${backslash}w{2,${MAX_SUFFIX_CHARS - 1}}))'`;
    // MariaDB's PCRE writes back-references \1, MySQL's ICU $1
    const [first, second] = /mariadb/i.test(version) ? [`${backslash}1`, `${backslash}2`] : ['$1', '$2'];
    const replacement = `'${first} ${first}${second} '`;
    return { version, pattern, replacement, minToken: Number(minToken) };
  };

  const tableExists = async (name: string) => Boolean(await knex().schema.hasTable(name));

  return {
    kind,

    async prepare() {
      const server = await serverDialect();
      dialect = server;
      try {
        const [rows] = await knex().raw(`SELECT ${suffixSql(literal(SELF_TEST))} AS suffixes`);
        if ((rows[0] as { suffixes: string | null }).suffixes !== suffixesOf(SELF_TEST))
          throw new Error('REGEXP_REPLACE wrote another text');
      } catch (error) {
        dialect = null;
        throw new SearchIndexUnavailable(
          `${server.version}: REGEXP_REPLACE cannot list word suffixes here (${(error as Error).message})`
        );
      }

      let remade = false;
      if (!(await tableExists(side))) {
        const [collation] = await knex().raw(
          `SELECT CHARACTER_SET_NAME AS charset, COLLATION_NAME AS collation FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND COLUMN_NAME = ?`,
          [columns.table, columns.name]
        );
        const { charset, collation: collationName } = (collation[0] ?? {
          charset: 'utf8mb4',
          collation: 'utf8mb4_unicode_ci',
        }) as { charset: string; collation: string };
        await onOneConnection(async (run) => {
          // stopwords ("com", "de"…) are looked for like any word: read when the index is made
          await run('SET SESSION innodb_ft_enable_stopword = OFF');
          await run(
            `CREATE TABLE IF NOT EXISTS ${q(side)} (lead_id INT UNSIGNED NOT NULL PRIMARY KEY, words LONGTEXT, digits TEXT, ` +
              `FULLTEXT KEY ${q(`${side}_words`)} (words), FULLTEXT KEY ${q(`${side}_digits`)} (digits)) ` +
              `ENGINE=InnoDB DEFAULT CHARSET=${charset} COLLATE=${collationName}`
          );
        });
        remade = true;
      }

      const [present] = await knex().raw(
        `SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND EVENT_OBJECT_TABLE = ?`,
        [columns.table]
      );
      const names = new Set((present as Array<{ name: string }>).map((row) => row.name));
      for (const [name, sql] of Object.entries(triggers())) {
        if (names.has(name)) continue;
        remade = true;
        try {
          await knex().raw(sql);
        } catch (error) {
          // another instance made it meanwhile
          const [again] = await knex().raw(
            `SELECT 1 FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = ?`,
            [name]
          );
          if (!(again as unknown[]).length) {
            throw new SearchIndexUnavailable(
              `${server.version} refused CREATE TRIGGER (${(error as Error).message}); the TRIGGER privilege is needed`
            );
          }
        }
      }
      if (remade) await flag.set(kind, false);
      return { complete: !remade && (await flag.isComplete(kind)) };
    },

    async build(stopped) {
      return onOneConnection(async (run) => {
        const [lock] = (await run('SELECT GET_LOCK(?, 0) AS locked', [`${BUILD_LOCK}:${columns.table}`])) as Array<{
          locked: number;
        }>;
        if (Number(lock.locked) !== 1) return false;
        try {
          await flag.set(kind, false);
          let lastId = 0;
          const id = q(columns.id);
          for await (const [after, last] of idRanges(knex(), columns, stopped)) {
            // the ids are written in: the regexp's "?" would be taken for a binding
            await run(
              `REPLACE INTO ${q(side)} (lead_id, words, digits) SELECT ${id}, ${wordsOf('')}, ${digitsOf('')} FROM ${q(columns.table)} ` +
                `WHERE ${id} > ${Number(after)} AND ${id} <= ${Number(last)}`
            );
            await run(
              `DELETE s FROM ${q(side)} s LEFT JOIN ${q(columns.table)} l ON l.${id} = s.lead_id WHERE s.lead_id > ? AND s.lead_id <= ? AND l.${id} IS NULL`,
              [after, last]
            );
            lastId = last;
          }
          if (stopped()) return false;
          await run(
            `DELETE s FROM ${q(side)} s LEFT JOIN ${q(columns.table)} l ON l.${id} = s.lead_id WHERE s.lead_id > ? AND l.${id} IS NULL`,
            [lastId]
          );
          await flag.set(kind, true);
          return true;
        } finally {
          await run('SELECT RELEASE_LOCK(?)', [`${BUILD_LOCK}:${columns.table}`]);
        }
      });
    },

    isComplete: () => flag.isComplete(kind),

    /**
     * The index's candidates (a superset: leads with words starting like the term's), then the
     * term on them. Few candidates are taken by id; many are left to the planner as a subquery.
     */
    async restriction(term: SearchTerm) {
      if (!dialect) return null;
      const words = fulltextPrefixQuery(term.text, dialect.minToken);
      const digits = term.digits ? fulltextPrefixQuery(term.digits, dialect.minToken) : null;
      if (!words || (term.digits && !digits)) return null;

      const inWords = `SELECT lead_id FROM ${q(side)} WHERE MATCH (words) AGAINST (? IN BOOLEAN MODE)`;
      const inDigits = `SELECT lead_id FROM ${q(side)} WHERE MATCH (digits) AGAINST (? IN BOOLEAN MODE)`;
      const [probe] = await knex().raw(`${digits ? `${inWords} UNION ${inDigits}` : inWords} LIMIT ?`, [
        ...(digits ? [words, digits] : [words]),
        PROBE_LIMIT + 1,
      ]);
      const ids =
        (probe as Array<{ lead_id: number }>).length <= PROBE_LIMIT
          ? (probe as Array<{ lead_id: number }>).map((row) => row.lead_id)
          : null;

      const textPattern = likeContains(term.text);
      const restriction: SearchRestriction = (query, alias) => {
        const column = (name: string) => `${q(alias)}.${q(name)}`;
        const inText = [columns.name, columns.email, columns.message]
          .map((name) => `LOWER(${column(name)}) LIKE LOWER(?)`)
          .join(' OR ');
        const textBindings = [textPattern, textPattern, textPattern];
        const inPhones = `${phoneDigits(column(columns.phoneE164))} LIKE ? OR ${phoneDigits(column(columns.phone))} LIKE ?`;
        const digitsBindings = term.digits ? [likeContains(term.digits), likeContains(term.digits)] : [];
        if (ids) {
          if (!ids.length) {
            query.whereRaw('1 = 0');
            return;
          }
          query.whereIn(`${alias}.${columns.id}`, ids);
          query.whereRaw(digits ? `((${inText}) OR (${inPhones}))` : `(${inText})`, [...textBindings, ...digitsBindings]);
          return;
        }
        const byWords = `(${column(columns.id)} IN (${inWords}) AND (${inText}))`;
        if (digits) {
          query.whereRaw(`(${byWords} OR (${column(columns.id)} IN (${inDigits}) AND (${inPhones})))`, [
            words,
            ...textBindings,
            digits,
            ...digitsBindings,
          ]);
        } else query.whereRaw(byWords, [words, ...textBindings]);
      };
      return restriction;
    },
  };
};
