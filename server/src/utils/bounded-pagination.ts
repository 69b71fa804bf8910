import type { Core, UID as StrapiUID } from '@strapi/strapi';
import type { Pagination } from '../../../shared/contracts/leads';
import type { LeadRestriction } from './lead-restriction';

/**
 * Beyond the rows of the page asked for, matching rows are counted up to this many more. An
 * exact count reads every matching row (tens of milliseconds per request at 100,000 leads); this
 * reads at most this many past the page, and the pages stay reachable as the reader goes on.
 */
export const COUNT_LOOKAHEAD = 1000;

/**
 * The look-ahead of a search. Each candidate of a search is checked against the term, and a
 * common one (a surname: a lead in ten) would be checked on ten thousand leads to count a
 * thousand: an agent with hundreds of matches narrows the search rather than read them.
 */
export const SEARCH_COUNT_LOOKAHEAD = 200;

/** How many rows match `where` (and the `restrictions`), counting no further than `limit`. */
const countUpTo = async (
  strapi: Core.Strapi,
  uid: StrapiUID.Schema,
  where: object,
  limit: number,
  restrictions: LeadRestriction[]
): Promise<number> => {
  // the limit goes on the knex query: through the query builder it would add an ORDER BY (and, with
  // relation joins, that column again in the select, which MySQL refuses in a derived table)
  const builder = strapi.db.entityManager.createQueryBuilder(uid).where(where).select('id');
  const matching = builder.getKnexQuery().limit(limit);
  for (const restrict of restrictions) restrict(matching, builder.alias, 'count');
  const row = (await strapi.db.getConnection().count({ total: '*' }).from(matching.as('matching')).first()) as
    | { total: number | string }
    | undefined;
  return Number(row?.total ?? 0);
};

/**
 * The pagination of a list page: `total` is exact when fewer rows than the look-ahead follow
 * the page; otherwise it is a lower bound (`totalIsExact: false`, shown as "1,025+").
 */
export const boundedPagination = async (
  strapi: Core.Strapi,
  uid: StrapiUID.Schema,
  where: object,
  { page, pageSize }: { page: number; pageSize: number },
  { restrictions = [], lookahead = COUNT_LOOKAHEAD }: { restrictions?: LeadRestriction[]; lookahead?: number } = {}
): Promise<Pagination> => {
  const reach = (page - 1) * pageSize + lookahead;
  const counted = await countUpTo(strapi, uid, where, reach + 1, restrictions);
  const total = Math.min(counted, reach);
  return { page, pageSize, pageCount: Math.ceil(total / pageSize), total, totalIsExact: counted <= reach };
};
