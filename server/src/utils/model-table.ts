import type { Core, UID as StrapiUID } from '@strapi/strapi';
import type { Knex } from 'knex';

/** The table that links a row to the rows of a relation, as Strapi's metadata describes it. */
export interface LinkTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  inverseOrderColumnName?: string;
}

type Attributes = Record<string, { type?: string; columnName?: string; joinTable?: LinkTable } | undefined>;

/**
 * A content type's table, for the few queries the plugin writes with knex (locks, counters,
 * aggregates): its name, each attribute's column, and each relation's link table.
 */
export const modelTable = (strapi: Core.Strapi, uid: StrapiUID.Schema) => {
  const { tableName, attributes } = strapi.db.metadata.get(uid);
  const byName = attributes as unknown as Attributes;
  return {
    name: tableName,
    has: (attribute: string): boolean => Boolean(byName[attribute]),
    column: (attribute: string): string => byName[attribute]?.columnName ?? attribute,
    /** The attribute's type (`json`, `string`, …), for reading rows that skip the Query Engine. */
    type: (attribute: string): string | undefined => byName[attribute]?.type,
    link: (relation: string): LinkTable | null => byName[relation]?.joinTable ?? null,
    /**
     * The link rows through `relation` of the row whose id is the outer query's `ownerColumn`
     * (`l.id`), to the row `to` when given: the subquery of a `whereExists` / `whereNotExists`,
     * which the link table's index answers row by row (a join would make Strapi add a DISTINCT).
     */
    linkRowsOf: (relation: string, ownerColumn: string, to?: number): Knex.QueryBuilder => {
      const link = byName[relation]?.joinTable;
      if (!link) throw new Error(`${uid}.${relation} has no link table`);
      const query = strapi.db
        .getConnection(`${link.name} as link`)
        .select(`link.${link.joinColumn.name}`)
        .whereRaw('?? = ??', [`link.${link.joinColumn.name}`, ownerColumn]);
      return to === undefined ? query : query.where(`link.${link.inverseJoinColumn.name}`, to);
    },
  };
};
