import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { ACCENT_FOLD, likeContains, type SearchTerm } from '../utils/search-term';
import { SearchIndexUnavailable, leadSearchColumns, literal, quoteWith, type SearchIndexEngine } from './engine';

const q = quoteWith('"');

/** Only one instance builds the indexes (a session lock, released with its connection). */
const BUILD_LOCK = 'grupozap:search-index';

type Connection = unknown;

/**
 * PostgreSQL: `pg_trgm` GIN indexes on two expressions of the leads' own columns, so that nothing
 * has to be kept in step: the text (name, e-mail, message, lower case, accents removed) and the
 * phones' digits. `LIKE '%term%'` on them is served by the index (trigrams of the term) or, when
 * the term is common, by the inbox's sort index with the expression checked row by row: the
 * planner chooses, from the expression's statistics.
 *
 * The accents are removed by `translate()` over the accented Latin letters (utils/search-term),
 * not `unaccent`, which is not IMMUTABLE and needs a second extension. The expressions are SQL
 * functions so that the index and the queries name the same thing.
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
    digitsFunction: `${columns.table}_search_digits`,
    textIndex: `${columns.table}_search_text_trgm`,
    digitsIndex: `${columns.table}_search_digits_trgm`,
  };
  const bodies = {
    text: ` SELECT translate(lower(coalesce($1, '') || chr(31) || coalesce($2, '') || chr(31) || coalesce($3, '')), ${literal(ACCENT_FOLD.from)}, ${literal(ACCENT_FOLD.to)}) `,
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

  const trigramSchema = async (): Promise<string | null> =>
    (
      await knex().raw(
        `select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace where e.extname = 'pg_trgm'`
      )
    ).rows[0]?.schema ?? null;

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

  /** Makes the function, or makes it again (and drops the indexes made with another body). */
  const ensureFunction = async (name: string, arity: number, body: string, index: string) => {
    const signature = `${await qualified(name)}(${Array(arity).fill('text').join(', ')})`;
    const { rows } = await knex().raw(`select prosrc from pg_proc where oid = to_regprocedure(?)`, [signature]);
    if (rows[0]?.prosrc === body) return;
    if (rows.length) await knex().raw(`DROP INDEX IF EXISTS ${await qualified(index)}`);
    await knex().raw(`CREATE OR REPLACE FUNCTION ${signature} RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $body$${body}$body$`);
  };

  return {
    kind: 'postgres-pg_trgm',

    async prepare() {
      if (!(await trigramSchema())) {
        try {
          await knex().raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
        } catch (error) {
          // another instance may have made it meanwhile
          if (!(await trigramSchema())) {
            throw new SearchIndexUnavailable(`PostgreSQL refused CREATE EXTENSION pg_trgm (${(error as Error).message}); a database owner can run it once`);
          }
        }
      }
      await ensureFunction(names.textFunction, 3, bodies.text, names.textIndex);
      await ensureFunction(names.digitsFunction, 2, bodies.digits, names.digitsIndex);
      return { complete: await isComplete() };
    },

    async build(stopped) {
      const client = knex().client as Knex.Client;
      const connection = (await client.acquireConnection()) as Connection;
      const run = (sql: string, bindings: readonly Knex.RawBinding[] = []) => knex().raw(sql, bindings).connection(connection);
      try {
        const { rows } = await run('select pg_try_advisory_lock(hashtext(?)) as locked, pg_backend_pid() as pid', [BUILD_LOCK]);
        if (!rows[0].locked) return false;
        try {
          const trigram = await trigramSchema();
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
              `CREATE INDEX CONCURRENTLY IF NOT EXISTS ${q(index)} ON ${await qualified(columns.table)} USING gin (${expression} ${q(trigram!)}.gin_trgm_ops)`
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
      return (query, alias) => {
        const of = (expression: string) => expression.split(q('ALIAS')).join(q(alias));
        // the term goes through the same fold; its value is known when the query is planned, so
        // the planner reads its trigrams
        const sql = `${of(text)} LIKE translate(lower(?), ?, ?)`;
        const bindings = [likeContains(term.text), ACCENT_FOLD.from, ACCENT_FOLD.to];
        if (term.digits) query.whereRaw(`(${sql} OR ${of(digits)} LIKE ?)`, [...bindings, likeContains(term.digits)]);
        else query.whereRaw(sql, bindings);
      };
    },

    async interrupt() {
      if (buildingPid !== null) await knex().raw('select pg_cancel_backend(?)', [buildingPid]);
    },
  };
};
