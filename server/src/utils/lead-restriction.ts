import type { Knex } from 'knex';

/** What a select over the leads is for: a page of them (in the inbox's sort), or their count. */
export type QueryPurpose = 'page' | 'count';

/**
 * A condition the Query Engine's `where` cannot say (a search index, NOT EXISTS), added to a knex
 * select over the leads' table, whose alias is `alias`.
 */
export type LeadRestriction = (query: Knex.QueryBuilder, alias: string, purpose: QueryPurpose) => void;

/** The leads an inbox view holds: Query Engine filters, and conditions added in knex. */
export interface LeadSelection {
  where: Record<string, unknown>;
  restrictions: LeadRestriction[];
}
