import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../constants';
import { modelTable } from '../utils/model-table';
import type { LeadRestriction } from '../utils/lead-restriction';
import type { SearchTerm } from '../utils/search-term';

/** The search, as a condition added to a select over the leads' table. */
export type SearchRestriction = LeadRestriction;

/** The database cannot keep the index (an old version, a refused extension or privilege): why. */
export class SearchIndexUnavailable extends Error {}

/** The columns the search reads, as Strapi's metadata names them. */
export interface LeadSearchColumns {
  table: string;
  id: string;
  name: string;
  email: string;
  message: string;
  phone: string;
  phoneE164: string;
}

export const leadSearchColumns = (strapi: Core.Strapi): LeadSearchColumns => {
  const leads = modelTable(strapi, UID.lead);
  return {
    table: leads.name,
    id: leads.column('id'),
    name: leads.column('name'),
    email: leads.column('email'),
    message: leads.column('message'),
    phone: leads.column('phone'),
    phoneE164: leads.column('phoneE164'),
  };
};

/**
 * One database's search index. `prepare` runs at every boot, after Strapi's schema sync: it makes
 * what is missing (tables, triggers, functions), which is quick, and says whether the index already
 * holds every lead. `build` fills it, in steps that never hold the leads' table for long, and may
 * be stopped between them; it answers whether the index is complete (false: stopped, or another
 * instance is building it).
 */
export interface SearchIndexEngine {
  /** Names the mechanism (and its version), as the admin shows it. */
  readonly kind: string;
  prepare(): Promise<{ complete: boolean }>;
  build(stopped: () => boolean): Promise<boolean>;
  /** Whether the index is complete now (another instance may have finished it). */
  isComplete(): Promise<boolean>;
  /** The search of `term` as a restriction, or null when this index cannot serve it. */
  restriction(term: SearchTerm): Promise<SearchRestriction | null>;
  /**
   * While a build is under way, whether `restriction` already finds every lead (PostgreSQL: the
   * index of before serves while the column that replaces it is filled). Without it, searches
   * read the table until the build is done.
   */
  servesWhileBuilding?(): boolean;
  /** Interrupts a build under way (a long statement), if any. */
  interrupt?(): Promise<void>;
}

/** Candidate ids at most that a probe of the index lists (then they are looked up by id). */
export const PROBE_LIMIT = 1000;

/** Leads indexed per step of a build. */
export const BUILD_BATCH = 1000;

/** A pause between steps of a build, so that the app's own queries pass. */
export const pause = (ms = 5) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** `"name"` (PostgreSQL, SQLite) or `` `name` `` (MySQL): an identifier from Strapi's metadata, quoted. */
export const quoteWith =
  (quote: '"' | '`') =>
  (identifier: string): string =>
    `${quote}${identifier.split(quote).join(quote + quote)}${quote}`;

/** A SQL string literal. */
export const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** Ranges of ids (first exclusive, last inclusive) of at most BUILD_BATCH leads, lowest first. */
export async function* idRanges(
  knex: Knex,
  columns: LeadSearchColumns,
  stopped: () => boolean
): AsyncGenerator<[number, number]> {
  const maxRow = await knex(columns.table).max({ max: columns.id }).first();
  const maxId = Number(maxRow?.max ?? 0);
  let after = 0;
  while (after < maxId && !stopped()) {
    const row = await knex
      .from(
        knex(columns.table).select(columns.id).where(columns.id, '>', after).orderBy(columns.id).limit(BUILD_BATCH).as('batch')
      )
      .max({ last: columns.id })
      .first();
    const last = row?.last === null || row?.last === undefined ? maxId : Math.min(Number(row.last), maxId);
    yield [after, last];
    after = last;
    await pause();
  }
}
