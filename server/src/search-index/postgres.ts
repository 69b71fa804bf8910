import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { likeContains, type SearchTerm } from '../utils/search-term';
import { SearchIndexUnavailable, idRanges, leadSearchColumns, quoteWith, type SearchIndexEngine } from './engine';

const q = quoteWith('"');

/** Only one instance builds the indexes (a session lock, released with its connection). */
const BUILD_LOCK = 'grupozap:search-index';

type Connection = unknown;

/** The leads' column holding the folded text (not a Strapi attribute: the plugin keeps it). */
export const SEARCH_TEXT_COLUMN = 'search_text';

/**
 * PostgreSQL: `pg_trgm` GIN indexes on the folded text (name, e-mail, message, accents removed by
 * `unaccent`, lower case) and on the phones' digits. `LIKE '%term%'` on them is served by the index
 * (the term's trigrams) or, when the term is common, by the inbox's sort index with the text
 * checked row by row until the page is full: the planner chooses, from the statistics.
 *
 * The folded text is a column of the leads' table (`search_text`), kept by a trigger: a common
 * term's count checks thousands of rows that the trigram index only suggests, and a plain `LIKE`
 * on a stored value costs a fraction of folding the text again (3.7 µs a row through `unaccent`).
 * An upgrade's rows are filled after the boot, in steps; meanwhile the index on the expression
 * that came before it serves the searches, and is dropped once the column's index is made. The
 * digits stay an expression (plain SQL, cheap to check again).
 *
 * `unaccent()` is STABLE (its dictionary could change), so an index cannot call it: the text is an
 * IMMUTABLE function of ours naming the dictionary itself, as is usual (a new body makes the column
 * stale: it is filled again). In PL/pgSQL, which the planner never inlines: the index, the trigger
 * and the queries name the same thing. `translate()` over the accented letters would need no
 * second extension, but costs about 25 times more per row on multibyte text.
 *
 * The indexes are built with CREATE INDEX CONCURRENTLY (leads are written meanwhile), which cannot
 * run inside a transaction, and so not in a Strapi migration: the build runs after the boot, on
 * a connection of its own, and searches read the table (or the expression's index) until it is done.
 */
export const postgresEngine = (strapi: Core.Strapi): SearchIndexEngine => {
  const knex = (): Knex => strapi.db.connection;
  const columns = leadSearchColumns(strapi);
  const names = {
    textFunction: `${columns.table}_search_text`,
    foldFunction: `${columns.table}_search_fold`,
    digitsFunction: `${columns.table}_search_digits`,
    /** The index on the text's expression, which served before the column (dropped once the column's index is made). */
    textIndex: `${columns.table}_search_text_trgm`,
    digitsIndex: `${columns.table}_search_digits_trgm`,
    column: SEARCH_TEXT_COLUMN,
    columnIndex: `${columns.table}_search_text_column_trgm`,
    keepFunction: `${columns.table}_search_text_keep`,
    keepTrigger: `${columns.table}_search_text_keep`,
  };
  const unaccented = (unaccentSchema: string, value: string) =>
    `lower(${q(unaccentSchema)}.unaccent('${q(unaccentSchema)}.unaccent'::regdictionary, ${value}))`;
  const body = {
    text: (unaccentSchema: string) =>
      ` BEGIN RETURN ${unaccented(unaccentSchema, `coalesce($1, '') || chr(31) || coalesce($2, '') || chr(31) || coalesce($3, '')`)}; END `,
    fold: (unaccentSchema: string) => ` BEGIN RETURN ${unaccented(unaccentSchema, '$1')}; END `,
    keep: (textFunction: string) =>
      ` BEGIN NEW.${q(SEARCH_TEXT_COLUMN)} := ${textFunction}(NEW.${q(columns.name)}, NEW.${q(columns.email)}, NEW.${q(columns.message)}); RETURN NEW; END `,
    digits: ` SELECT regexp_replace(coalesce($1, ''), '[^0-9]', '', 'g') || ' ' || regexp_replace(coalesce($2, ''), '[^0-9]', '', 'g') `,
  };

  let schema: string | null = null;
  /** The backend building an index now (to cancel it when Strapi stops). */
  let buildingPid: number | null = null;

  const schemaName = async (): Promise<string> => {
    if (schema) return schema;
    const configured = strapi.db.getSchemaName() as string | undefined;
    schema = configured || ((await knex().raw('select current_schema() as schema')).rows[0].schema as string);
    return schema;
  };
  const qualified = async (name: string) => `${q(await schemaName())}.${q(name)}`;

  const textOf = async (alias: string | null) => {
    const column = (name: string) => (alias ? `${q(alias)}.${q(name)}` : q(name));
    return `${await qualified(names.textFunction)}(${column(columns.name)}, ${column(columns.email)}, ${column(columns.message)})`;
  };
  const digitsOf = async (alias: string | null) => {
    const column = (name: string) => (alias ? `${q(alias)}.${q(name)}` : q(name));
    return `${await qualified(names.digitsFunction)}(${column(columns.phoneE164)}, ${column(columns.phone)})`;
  };

  /** The schema of an extension, or null when it is not installed. */
  const extensionSchema = async (name: string): Promise<string | null> =>
    (
      await knex().raw(
        `select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = ?`,
        [name]
      )
    ).rows[0]?.schema ?? null;

  /** Installs the extension if it is missing (trusted extensions need only CREATE on the database). */
  const ensureExtension = async (name: string): Promise<string> => {
    const installed = await extensionSchema(name);
    if (installed) return installed;
    try {
      await knex().raw(`CREATE EXTENSION IF NOT EXISTS ${q(name)}`);
    } catch (error) {
      // another instance may have made it meanwhile
      const made = await extensionSchema(name);
      if (made) return made;
      throw new SearchIndexUnavailable(
        `PostgreSQL refused CREATE EXTENSION ${name} (${(error as Error).message}); a database owner can run it once`
      );
    }
    return (await extensionSchema(name))!;
  };

  /** Each index: whether it exists, and whether it is valid (a concurrent build that failed leaves it invalid). */
  const indexStates = async (): Promise<Record<string, { valid: boolean }>> => {
    const { rows } = await knex().raw(
      `select c.relname as name, i.indisvalid and i.indisready as valid
         from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = ? and c.relname in (?, ?, ?)`,
      [await schemaName(), names.textIndex, names.digitsIndex, names.columnIndex]
    );
    return Object.fromEntries((rows as Array<{ name: string; valid: boolean }>).map((row) => [row.name, { valid: row.valid }]));
  };

  /** The column's index is made only once every row holds its text: its being valid says the column is complete. */
  const completeIn = (states: Record<string, { valid: boolean }>) =>
    Boolean(states[names.columnIndex]?.valid && states[names.digitsIndex]?.valid);
  const isComplete = async () => completeIn(await indexStates());

  /** Whether the column's index is valid; once seen so, for good (it is dropped only by a new body, at a boot). */
  let columnReady = false;
  const columnIsReady = async () => {
    if (!columnReady) columnReady = Boolean((await indexStates())[names.columnIndex]?.valid);
    return columnReady;
  };
  /** At the boot: whether the expression's index (of before the column) can serve while the column is filled. */
  let expressionServes = false;

  /** The body of the function of this signature, or undefined when there is none. */
  const storedBody = async (signature: string): Promise<string | undefined> =>
    (await knex().raw(`select prosrc from pg_proc where oid = to_regprocedure(?)`, [signature])).rows[0]?.prosrc;

  /**
   * Makes the function, or makes it again (and drops the indexes made with another body); whether
   * it replaced another body.
   */
  const ensureFunction = async (
    name: string,
    arity: number,
    language: 'sql' | 'plpgsql',
    source: string,
    indexes: string[]
  ): Promise<boolean> => {
    const signature = `${await qualified(name)}(${Array(arity).fill('text').join(', ')})`;
    const stored = await storedBody(signature);
    if (stored === source) return false;
    if (stored !== undefined) for (const index of indexes) await knex().raw(`DROP INDEX IF EXISTS ${await qualified(index)}`);
    await knex().raw(
      `CREATE OR REPLACE FUNCTION ${signature} RETURNS text LANGUAGE ${language} IMMUTABLE PARALLEL SAFE AS $body$${source}$body$`
    );
    return stored !== undefined;
  };

  /**
   * The column and the trigger that keeps it. Adding a nullable column without a default changes
   * only the catalog; the trigger waits for the transactions writing leads, so that every row
   * committed after it has its text (the build fills the rows of before).
   */
  const ensureColumn = async (textChanged: boolean) => {
    const table = await qualified(columns.table);
    if (
      !(await knex()
        .schema.withSchema(await schemaName())
        .hasColumn(columns.table, names.column))
    )
      await knex().raw(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${q(names.column)} text`);
    const keep = `${await qualified(names.keepFunction)}()`;
    const source = body.keep(await qualified(names.textFunction));
    if ((await storedBody(keep)) !== source)
      await knex().raw(`CREATE OR REPLACE FUNCTION ${keep} RETURNS trigger LANGUAGE plpgsql AS $body$${source}$body$`);
    const hasTrigger = async () =>
      (
        await knex().raw(`select 1 from pg_trigger where tgrelid = ?::regclass and tgname = ? and not tgisinternal`, [
          table,
          names.keepTrigger,
        ])
      ).rows.length > 0;
    if (!(await hasTrigger())) {
      try {
        await knex().raw(
          `CREATE TRIGGER ${q(names.keepTrigger)} BEFORE INSERT OR UPDATE OF ${[columns.name, columns.email, columns.message]
            .map(q)
            .join(', ')} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${keep}`
        );
      } catch (error) {
        // another instance made it meanwhile
        if (!(await hasTrigger())) throw error;
      }
    }
    // the text of another body: every row is filled again (a new version's function, rare)
    if (textChanged) await knex().raw(`UPDATE ${table} SET ${q(names.column)} = NULL WHERE ${q(names.column)} IS NOT NULL`);
  };

  /** Fills the rows without their text (an upgrade's), in steps of BUILD_BATCH ids; false when stopped. */
  const fillColumn = async (stopped: () => boolean): Promise<boolean> => {
    const table = await qualified(columns.table);
    const text = await textOf(null);
    let filled = false;
    for await (const [after, last] of idRanges(knex(), columns, stopped)) {
      const { rowCount } = await knex().raw(
        `UPDATE ${table} SET ${q(names.column)} = ${text} WHERE ${q(columns.id)} > ? AND ${q(columns.id)} <= ? AND ${q(names.column)} IS NULL`,
        [after, last]
      );
      filled ||= rowCount > 0;
    }
    if (stopped()) return false;
    // the planner's statistics of the new values, which choose between the trigram index and the sort index
    if (filled) await knex().raw(`ANALYZE ${table} (${q(names.column)})`);
    return true;
  };

  let trigramSchema: string | null = null;

  return {
    kind: 'postgres-pg_trgm',

    async prepare() {
      trigramSchema = await ensureExtension('pg_trgm');
      const unaccentSchema = await ensureExtension('unaccent');
      const textChanged = await ensureFunction(names.textFunction, 3, 'plpgsql', body.text(unaccentSchema), [
        names.textIndex,
        names.columnIndex,
      ]);
      await ensureFunction(names.digitsFunction, 2, 'sql', body.digits, [names.digitsIndex]);
      await ensureFunction(names.foldFunction, 1, 'plpgsql', body.fold(unaccentSchema), []);
      await ensureColumn(textChanged);
      const states = await indexStates();
      columnReady = Boolean(states[names.columnIndex]?.valid);
      expressionServes = Boolean(states[names.textIndex]?.valid && states[names.digitsIndex]?.valid);
      return { complete: completeIn(states) };
    },

    servesWhileBuilding: () => expressionServes,

    async build(stopped) {
      const client = knex().client as Knex.Client;
      const connection = (await client.acquireConnection()) as Connection;
      const run = (sql: string, bindings?: readonly Knex.RawBinding[]) =>
        (bindings ? knex().raw(sql, bindings) : knex().raw(sql)).connection(connection);
      /** Makes the index (again, when a failed build left it invalid), on this connection: `pid` is its backend. */
      const makeIndex = async (pid: number, index: string, expression: string) => {
        const state = (await indexStates())[index];
        if (state?.valid) return;
        buildingPid = pid;
        if (state) await run(`DROP INDEX CONCURRENTLY IF EXISTS ${await qualified(index)}`);
        await run(
          `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${q(index)} ON ${await qualified(columns.table)} USING gin (${expression} ${q(trigramSchema!)}.gin_trgm_ops)`
        );
        buildingPid = null;
      };
      try {
        const { rows } = await run('select pg_try_advisory_lock(hashtext(?)) as locked, pg_backend_pid() as pid', [BUILD_LOCK]);
        if (!rows[0].locked) return false;
        const pid = rows[0].pid as number;
        try {
          if (stopped()) return false;
          await makeIndex(pid, names.digitsIndex, await digitsOf(null));
          // the column's index only once every row holds its text: its being valid says so
          if (!(await columnIsReady())) {
            if (!(await fillColumn(stopped))) return false;
            await makeIndex(pid, names.columnIndex, q(names.column));
            columnReady = true;
          }
          if (stopped()) return false;
          // the expression's index served meanwhile; no instance of this version reads it once the column's is valid
          await run(`DROP INDEX CONCURRENTLY IF EXISTS ${await qualified(names.textIndex)}`);
        } finally {
          buildingPid = null;
          await run('select pg_advisory_unlock(hashtext(?))', [BUILD_LOCK]);
        }
      } finally {
        await client.releaseConnection(connection);
      }
      return isComplete();
    },

    isComplete,

    async restriction(term: SearchTerm) {
      // the column once its index is valid; before, the expression (whose index serves while the column is filled)
      const text = (await columnIsReady()) ? `${q('ALIAS')}.${q(names.column)}` : await textOf('ALIAS');
      const digits = await digitsOf('ALIAS');
      const foldPattern = `${await qualified(names.foldFunction)}(?)`;
      return (query, alias) => {
        const of = (expression: string) => expression.split(q('ALIAS')).join(q(alias));
        // the term as the index has the text: lower case, no accents (the planner reads the
        // pattern's trigrams, its value being known when the query is planned)
        const pattern = likeContains(term.text);
        const sql = `${of(text)} LIKE ${of(foldPattern)}`;
        if (term.digits) query.whereRaw(`(${sql} OR ${of(digits)} LIKE ?)`, [pattern, likeContains(term.digits)]);
        else query.whereRaw(sql, [pattern]);
      };
    },

    async interrupt() {
      if (buildingPid !== null) await knex().raw('select pg_cancel_backend(?)', [buildingPid]);
    },
  };
};
