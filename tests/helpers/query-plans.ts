import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { TestDb } from './databases';

export interface CapturedQuery {
  sql: string;
  bindings: readonly unknown[];
}

/** The SQL statements `work` sends through Strapi's knex (as the 'query' event gives them: `?` placeholders). */
export const captureQueries = async (strapi: Core.Strapi, work: () => Promise<unknown>): Promise<CapturedQuery[]> => {
  const captured: CapturedQuery[] = [];
  const knex = strapi.db.connection as Knex;
  const listener = (query: { sql: string; bindings?: readonly unknown[] }) =>
    captured.push({ sql: query.sql, bindings: query.bindings ?? [] });
  knex.on('query', listener);
  try {
    await work();
  } finally {
    knex.removeListener('query', listener);
  }
  return captured;
};

/** One access to a table in a plan, as each database's EXPLAIN names it. */
export interface TableAccess {
  /** The table's name or alias, as the plan prints it. */
  table: string;
  /** Reads rows without an index condition (PostgreSQL: a Seq Scan; SQLite: SCAN of the table; MySQL: type ALL). */
  fullScan: boolean;
  /** Walks an index from one end, without a condition on it (SQLite: SCAN … USING INDEX; MySQL: type index). */
  indexWalk: boolean;
  /**
   * PostgreSQL: whether the access stops once its query's LIMIT is reached (it feeds the Limit
   * directly, or as the outer side of a nested loop); a Seq Scan bounded so and without a filter
   * reads only the rows it returns. Unknown (undefined) on the other databases.
   */
  bounded?: boolean;
  /** The plan's own words for it, for messages. */
  detail: string;
}

interface PgPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Filter?: string;
  'Index Cond'?: string;
  Plans?: PgPlanNode[];
}

/** Nodes that pass rows on as they come (a Limit above them stops what is below). */
const PG_STREAMING = new Set([
  'Limit',
  'Result',
  'Subquery Scan',
  'Unique',
  'Incremental Sort',
  'Gather',
  'Gather Merge',
  'Memoize',
]);

const pgAccesses = (node: PgPlanNode, bounded: boolean, out: TableAccess[]) => {
  const type = node['Node Type'];
  if (node['Relation Name']) {
    const seq = type === 'Seq Scan';
    out.push({
      table: node['Relation Name'],
      fullScan: seq && (Boolean(node.Filter) || !bounded),
      indexWalk: /Index/.test(type) && !node['Index Cond'] && type !== 'Bitmap Heap Scan',
      bounded,
      detail: `${type} on ${node['Relation Name']}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}${node['Index Cond'] ? ` [${node['Index Cond']}]` : ''}${node.Filter ? ` filter ${node.Filter.slice(0, 200)}` : ''}${bounded ? ' (bounded by the limit)' : ''}`,
    });
  }
  (node.Plans ?? []).forEach((child, index) => {
    const passes =
      type === 'Limit' ||
      (bounded && (PG_STREAMING.has(type) || ((type === 'Nested Loop' || type === 'Hash Join') && index === 0)));
    pgAccesses(child, passes, out);
  });
};

/** The tables each plan reads and how, for the statement `query` on database `db`. */
export const explain = async (strapi: Core.Strapi, db: TestDb, query: CapturedQuery): Promise<TableAccess[]> => {
  const knex = strapi.db.connection as Knex;
  const bindings = query.bindings as Knex.RawBinding[];
  if (db === 'sqlite') {
    const rows: Array<{ detail: string }> = await knex.raw(`EXPLAIN QUERY PLAN ${query.sql}`, bindings);
    return rows
      .filter((row) => /^(SCAN|SEARCH) /.test(row.detail))
      .map((row) => {
        const [, verb, table, rest = ''] = /^(SCAN|SEARCH) (\S+)(.*)$/.exec(row.detail)!;
        const index = /USING (?:COVERING )?INDEX (\S+)|PRIMARY KEY/.exec(rest);
        return {
          table,
          fullScan: verb === 'SCAN' && !index && !/VIRTUAL TABLE/.test(rest),
          indexWalk: verb === 'SCAN' && Boolean(index),
          detail: row.detail,
        };
      });
  }
  if (db === 'postgres') {
    // knex hands PostgreSQL's statements with $1, $2… in order
    const { rows } = await knex.raw(`EXPLAIN (FORMAT JSON) ${query.sql.replace(/\$\d+/g, '?')}`, bindings);
    const out: TableAccess[] = [];
    pgAccesses((rows[0]['QUERY PLAN'] as Array<{ Plan: PgPlanNode }>)[0].Plan, false, out);
    return out;
  }
  const [rows] = await knex.raw(`EXPLAIN ${query.sql}`, bindings);
  return (rows as Array<{ table: string | null; type: string | null; key: string | null; Extra: string | null }>)
    .filter((row) => row.table && !row.table.startsWith('<'))
    .map((row) => ({
      table: row.table!,
      fullScan: row.type === 'ALL',
      indexWalk: row.type === 'index',
      detail: `${row.table}: ${row.type} ${row.key ?? ''} ${row.Extra ?? ''}`,
    }));
};
