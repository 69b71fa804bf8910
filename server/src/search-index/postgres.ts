import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { likeContains, type SearchTerm } from '../utils/search-term';
import { SearchIndexUnavailable, leadSearchColumns, quoteWith, type SearchIndexEngine } from './engine';

const q = quoteWith('"');

/** Only one instance builds the indexes (a session lock, released with its connection). */
const BUILD_LOCK = 'grupozap:search-index';

type Connection = unknown;

/**
 * PostgreSQL: `pg_trgm` GIN indexes on two expressions of the leads' own columns, so that nothing
 * has to be kept in step: the text (name, e-mail, message, accents removed by `unaccent`, lower
 * case) and the phones' digits. `LIKE '%term%'` on them is served by the index (the term's
 * trigrams) or, when the term is common, by the inbox's sort index with the expression checked row
 * by row until the page is full: the planner chooses, from the expressions' statistics.
 *
 * `unaccent()` is STABLE (its dictionary could change), so an index cannot call it: the text is an
 * IMMUTABLE function of ours naming the dictionary itself, as is usual (changing the dictionary
 * would then need a REINDEX). In PL/pgSQL, which the planner never inlines: it sees the function's
 * cost, and the index and the queries name the same thing. `translate()` over the accented letters
 * would need no second extension, but costs about 25 times more per row on multibyte text.
 *
 * The indexes are built with CREATE INDEX CONCURRENTLY (leads are written meanwhile), which cannot
 * run inside a transaction, and so not in a Strapi migration: the build runs after the boot, on
 * a connection of its own, and searches read the table until it is done.
 */
export const postgresEngine = (strapi: Core.Strapi): SearchIndexEngine => {
  const knex = (): Knex => strapi.db.connection;
  const columns = leadSearchColumns(strapi);
  const names = {
    textFunction: `${columns.table}_search_text`,
    foldFunction: `${columns.table}_search_fold`,
    digitsFunction: `${columns.table}_search_digits`,
    textIndex: `${columns.table}_search_text_trgm`,
    digitsIndex: `${columns.table}_search_digits_trgm`,
  };
  const unaccented = (unaccentSchema: string, value: string) =>
    `lower(${q(unaccentSchema)}.unaccent('${q(unaccentSchema)}.unaccent'::regdictionary, ${value}))`;
  const body = {
    text: (unaccentSchema: string) =>
      ` BEGIN RETURN ${unaccented(unaccentSchema, `coalesce($1, '') || chr(31) || coalesce($2, '') || chr(31) || coalesce($3, '')`)}; END `,
    fold: (unaccentSchema: string) => ` BEGIN RETURN ${unaccented(unaccentSchema, '$1')}; END `,
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
        where n.nspname = ? and c.relname in (?, ?)`,
      [await schemaName(), names.textIndex, names.digitsIndex]
    );
    return Object.fromEntries((rows as Array<{ name: string; valid: boolean }>).map((row) => [row.name, { valid: row.valid }]));
  };

  const isComplete = async () => {
    const states = await indexStates();
    return Boolean(states[names.textIndex]?.valid && states[names.digitsIndex]?.valid);
  };

  /** Makes the function, or makes it again (and drops the index made with another body). */
  const ensureFunction = async (
    name: string,
    arity: number,
    language: 'sql' | 'plpgsql',
    source: string,
    index: string | null
  ) => {
    const signature = `${await qualified(name)}(${Array(arity).fill('text').join(', ')})`;
    const { rows } = await knex().raw(`select prosrc from pg_proc where oid = to_regprocedure(?)`, [signature]);
    if (rows[0]?.prosrc === source) return;
    if (rows.length && index) await knex().raw(`DROP INDEX IF EXISTS ${await qualified(index)}`);
    await knex().raw(
      `CREATE OR REPLACE FUNCTION ${signature} RETURNS text LANGUAGE ${language} IMMUTABLE PARALLEL SAFE AS $body$${source}$body$`
    );
  };

  let trigramSchema: string | null = null;

  return {
    kind: 'postgres-pg_trgm',

    async prepare() {
      trigramSchema = await ensureExtension('pg_trgm');
      const unaccentSchema = await ensureExtension('unaccent');
      await ensureFunction(names.textFunction, 3, 'plpgsql', body.text(unaccentSchema), names.textIndex);
      await ensureFunction(names.digitsFunction, 2, 'sql', body.digits, names.digitsIndex);
      await ensureFunction(names.foldFunction, 1, 'plpgsql', body.fold(unaccentSchema), null);
      return { complete: await isComplete() };
    },

    async build(stopped) {
      const client = knex().client as Knex.Client;
      const connection = (await client.acquireConnection()) as Connection;
      const run = (sql: string, bindings?: readonly Knex.RawBinding[]) =>
        (bindings ? knex().raw(sql, bindings) : knex().raw(sql)).connection(connection);
      try {
        const { rows } = await run('select pg_try_advisory_lock(hashtext(?)) as locked, pg_backend_pid() as pid', [BUILD_LOCK]);
        if (!rows[0].locked) return false;
        try {
          for (const [index, expression] of [
            [names.textIndex, await textOf(null)],
            [names.digitsIndex, await digitsOf(null)],
          ]) {
            if (stopped()) return false;
            const state = (await indexStates())[index];
            if (state?.valid) continue;
            buildingPid = rows[0].pid as number;
            if (state) await run(`DROP INDEX CONCURRENTLY IF EXISTS ${await qualified(index)}`);
            await run(
              `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${q(index)} ON ${await qualified(columns.table)} USING gin (${expression} ${q(trigramSchema!)}.gin_trgm_ops)`
            );
            buildingPid = null;
          }
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
      const text = await textOf('ALIAS');
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
