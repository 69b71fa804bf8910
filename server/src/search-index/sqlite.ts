import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { fts5Phrase, type SearchTerm } from '../utils/search-term';
import {
  PROBE_LIMIT,
  SearchIndexUnavailable,
  idRanges,
  leadSearchColumns,
  quoteWith,
  type SearchIndexEngine,
  type SearchRestriction,
} from './engine';
import type { IndexFlag } from './flag';

const q = quoteWith('"');

/** Characters dropped from phone numbers before they are indexed (SQLite has no regexp built in). */
const PHONE_PUNCTUATION = [' ', '-', '(', ')', '.', '+', '/'];

/**
 * SQLite: an FTS5 table of trigrams (`remove_diacritics`: accents ignored; case is), contentless
 * (it stores no copy of the leads' text, only the index), kept by triggers on the leads' table so
 * that every write is indexed, whoever makes it (the lead route, the Content Manager, the Query
 * Engine, knex). A phrase of three characters or more matches exactly where the term occurs.
 *
 * Strapi rebuilds a SQLite table when one of its columns changes, which drops its triggers: a boot
 * that finds one missing (or different) makes it again and rebuilds the index.
 */
export const sqliteEngine = (strapi: Core.Strapi, flag: IndexFlag): SearchIndexEngine => {
  const knex = (): Knex => strapi.db.connection;
  const columns = leadSearchColumns(strapi);
  const fts = `${columns.table}_search`;

  const text = (row: string) =>
    `coalesce(${row}${q(columns.name)}, '') || char(31) || coalesce(${row}${q(columns.email)}, '') || char(31) || coalesce(${row}${q(columns.message)}, '')`;
  const digits = (column: string) =>
    PHONE_PUNCTUATION.reduce((expression, char) => `replace(${expression}, '${char}', '')`, `coalesce(${column}, '')`);
  const phones = (row: string) => `${digits(`${row}${q(columns.phoneE164)}`)} || ' ' || ${digits(`${row}${q(columns.phone)}`)}`;
  const indexRow = (row: 'new.' | '') =>
    `INSERT INTO ${q(fts)} (rowid, text, phones) ${row ? `VALUES (new.${q(columns.id)}, ${text(row)}, ${phones(row)})` : ''}`;

  /** The triggers as sqlite_master keeps them (the statement as written, without IF NOT EXISTS). */
  const triggers: Record<string, string> = {
    [`${fts}_ai`]: `CREATE TRIGGER ${q(`${fts}_ai`)} AFTER INSERT ON ${q(columns.table)} BEGIN ${indexRow('new.')}; END`,
    [`${fts}_au`]:
      `CREATE TRIGGER ${q(`${fts}_au`)} AFTER UPDATE OF ${[columns.name, columns.email, columns.message, columns.phone, columns.phoneE164].map(q).join(', ')} ` +
      `ON ${q(columns.table)} BEGIN DELETE FROM ${q(fts)} WHERE rowid = old.${q(columns.id)}; ${indexRow('new.')}; END`,
    [`${fts}_ad`]: `CREATE TRIGGER ${q(`${fts}_ad`)} AFTER DELETE ON ${q(columns.table)} BEGIN DELETE FROM ${q(fts)} WHERE rowid = old.${q(columns.id)}; END`,
  };

  const kind = 'sqlite-fts5-trigram';

  /** FTS5 query: the phrase in the text, or its digits in the phones. */
  const matchOf = (term: SearchTerm) => {
    const inText = `text : ${fts5Phrase(term.text)}`;
    return term.digits ? `${inText} OR phones : ${fts5Phrase(term.digits)}` : inText;
  };

  return {
    kind,

    async prepare() {
      const [{ version }] = await knex().raw<Array<{ version: string }>>('select sqlite_version() as version');
      const existed = Boolean(
        await knex()
          .raw(`select 1 from sqlite_master where name = ?`, [fts])
          .then((rows: unknown[]) => rows.length)
      );
      try {
        await knex().raw(
          `CREATE VIRTUAL TABLE IF NOT EXISTS ${q(fts)} USING fts5(text, phones, content='', contentless_delete=1, tokenize='trigram remove_diacritics 1')`
        );
      } catch (error) {
        throw new SearchIndexUnavailable(
          `SQLite ${version} cannot make an FTS5 trigram index with remove_diacritics (SQLite 3.45 or later has it): ${(error as Error).message}`
        );
      }
      const present: Array<{ name: string; sql: string }> = await knex().raw(
        `select name, sql from sqlite_master where type = 'trigger' and tbl_name = ?`,
        [columns.table]
      );
      let remade = !existed;
      for (const [name, sql] of Object.entries(triggers)) {
        const current = present.find((trigger) => trigger.name === name);
        if (current?.sql === sql) continue;
        remade = true;
        await knex().transaction(async (trx) => {
          if (current) await trx.raw(`DROP TRIGGER ${q(name)}`);
          await trx.raw(sql);
        });
      }
      if (remade) await flag.set(kind, false);
      return { complete: !remade && (await flag.isComplete(kind)) };
    },

    /** Range by range, each in one transaction: its index rows deleted, then its leads indexed. */
    async build(stopped) {
      await flag.set(kind, false);
      let lastId = 0;
      for await (const [after, last] of idRanges(knex(), columns, stopped)) {
        await knex().transaction(async (trx) => {
          await trx.raw(`DELETE FROM ${q(fts)} WHERE rowid > ? AND rowid <= ?`, [after, last]);
          await trx.raw(
            `${indexRow('')} SELECT ${q(columns.id)}, ${text('')}, ${phones('')} FROM ${q(columns.table)} WHERE ${q(columns.id)} > ? AND ${q(columns.id)} <= ?`,
            [after, last]
          );
        });
        lastId = last;
      }
      if (stopped()) return false;
      // rows of leads deleted past the last id while the triggers were missing
      await knex().raw(
        `DELETE FROM ${q(fts)} WHERE rowid > ? AND rowid NOT IN (SELECT ${q(columns.id)} FROM ${q(columns.table)} WHERE ${q(columns.id)} > ?)`,
        [lastId, lastId]
      );
      await flag.set(kind, true);
      return true;
    },

    isComplete: () => flag.isComplete(kind),

    /**
     * The index lists the leads holding the term, in id order. When they are few, the query takes
     * them by id; when they are many, it keeps to the inbox's sort index and checks each lead
     * against them (`+id`: not a lookup by id), stopping once the page is full.
     */
    async restriction(term) {
      const match = matchOf(term);
      const probe: Array<{ id: number }> = await knex().raw(`SELECT rowid AS id FROM ${q(fts)} WHERE ${q(fts)} MATCH ? LIMIT ?`, [
        match,
        PROBE_LIMIT + 1,
      ]);
      if (probe.length <= PROBE_LIMIT) {
        const ids = probe.map((row) => row.id);
        return (query, alias) => {
          if (ids.length) query.whereIn(`${alias}.${columns.id}`, ids);
          else query.whereRaw('1 = 0');
        };
      }
      const restriction: SearchRestriction = (query, alias, purpose) =>
        query.whereRaw(
          `${purpose === 'page' ? '+' : ''}${q(alias)}.${q(columns.id)} IN (SELECT rowid FROM ${q(fts)} WHERE ${q(fts)} MATCH ?)`,
          [match]
        );
      return restriction;
    },
  };
};
