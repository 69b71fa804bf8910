import { createHash } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { UID } from '../constants';
import { quoteWith } from '../search-index/engine';
import { modelTable, type LinkTable } from '../utils/model-table';

/** The table of kept day tallies; the triggers that keep it honest are named after it. */
export const REPORT_DAYS_TABLE = 'grupozap_report_days';

/** The lead columns a report reads: a change to one of them changes its day's tally. */
const REPORTED = ['receivedAt', 'leadStatus', 'lostReason', 'leadOrigin', 'isTest', 'firstResponseSeconds'] as const;

/** The relations a report reads (a lead's advertiser; its first responder, else its assignee). */
const REPORTED_LINKS = ['advertiser', 'firstResponder', 'assignee'] as const;

export interface ReportDaysSchema {
  /** SQL that makes the triggers, in order, and their names (to find them again). */
  triggers: string[];
  triggerNames: string[];
  /** SQL that drops one trigger by name. */
  dropTrigger(name: string): string;
  /** Statements to run before the triggers (PostgreSQL's functions). */
  functions: string[];
  /** Names the triggers' text: another text (a new version, a renamed column) makes them again. */
  signature: string;
  /** SQL that adds one to the version of a lead's day (binding: the lead's id), as its triggers do. */
  bumpDayOfLead: string;
}

type Dialect = 'sqlite' | 'postgres' | 'mysql';

export const dialectOf = (strapi: Core.Strapi): Dialect => {
  const client = strapi.db.dialect.client;
  return client === 'postgres' ? 'postgres' : client === 'mysql' ? 'mysql' : 'sqlite';
};

/**
 * The triggers that mark a day's tally stale: every write that changes what a report counts (a
 * lead made, deleted, or changed in a reported column; a link to its advertiser, first responder
 * or assignee made or removed) adds one to the `version` of the lead's day, whoever makes it: the
 * lead route, the Content Manager, the Query Engine, knex. A tally is only read back while the
 * version it was made at is the day's version (see services/report-days).
 *
 * A lead's day is the date of `received_at` as the database keeps it: SQLite keeps milliseconds
 * since the epoch (the day is UTC's); PostgreSQL and MySQL keep the wall-clock time of Strapi's
 * Node.js zone (the drivers' default), so the day is that zone's.
 */
export const reportDaysSchema = (strapi: Core.Strapi, schemaName: string | null): ReportDaysSchema => {
  const dialect = dialectOf(strapi);
  const q = quoteWith(dialect === 'mysql' ? '`' : '"');
  const leads = modelTable(strapi, UID.lead);
  const col = (attribute: (typeof REPORTED)[number] | 'personId' | 'id') => q(leads.column(attribute));
  const table = (name: string) => (schemaName ? `${q(schemaName)}.${q(name)}` : q(name));
  const days = table(REPORT_DAYS_TABLE);
  const links = REPORTED_LINKS.map((relation) => leads.link(relation)).filter((link): link is LinkTable => Boolean(link));

  const dayOf = (row: string): string => {
    const receivedAt = `${row}${col('receivedAt')}`;
    if (dialect === 'postgres') return `to_char(${receivedAt}, 'YYYY-MM-DD')`;
    if (dialect === 'mysql') return `DATE_FORMAT(${receivedAt}, '%Y-%m-%d')`;
    return `CASE WHEN typeof(${receivedAt}) IN ('integer', 'real') THEN strftime('%Y-%m-%d', ${receivedAt} / 1000, 'unixepoch') ELSE strftime('%Y-%m-%d', ${receivedAt}) END`;
  };
  /** The day of the lead a link row points at. */
  const linkedDayOf = (link: LinkTable, row: string) =>
    `(SELECT ${dayOf('l.')} FROM ${table(leads.name)} l WHERE l.${col('id')} = ${row}${q(link.joinColumn.name)})`;

  const trigger = (suffix: string) => `${REPORT_DAYS_TABLE}_${suffix}`.slice(0, 63);
  const differs = (before: string, after: string) =>
    dialect === 'mysql' ? `NOT (${before} <=> ${after})` : `${before} IS DISTINCT FROM ${after}`;
  // a report counts a lead with no person as its own (`personId ?? id`): the people cron giving
  // such a lead its own id as its person changes no tally, so it moves no day on
  const personOf = (row: string) => `COALESCE(${row}${col('personId')}, ${row}${col('id')})`;
  const changed = (prefix: { old: string; new: string }) =>
    [
      ...REPORTED.map((attribute) => differs(`${prefix.old}${col(attribute)}`, `${prefix.new}${col(attribute)}`)),
      differs(personOf(prefix.old), personOf(prefix.new)),
    ].join(' OR ');

  const signatureOf = (parts: string[]) => createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 16);

  if (dialect === 'postgres') {
    // statement-level triggers over the statement's rows (transition tables): one upsert per day
    // a statement touches, not one per row (a createMany of a thousand leads of one day would
    // otherwise make a thousand versions of that day's row in one transaction)
    const bumpDays = (daysQuery: string) =>
      `INSERT INTO ${days} AS d (day, version) SELECT x.day, 1 FROM (${daysQuery}) x WHERE x.day IS NOT NULL ` +
      `ON CONFLICT (day) DO UPDATE SET version = d.version + 1`;
    const fn = (name: string, body: string) =>
      `CREATE OR REPLACE FUNCTION ${table(`${REPORT_DAYS_TABLE}_${name}`.slice(0, 63))}() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN ${body}; RETURN NULL; END $body$`;
    const fnName = (name: string) => table(`${REPORT_DAYS_TABLE}_${name}`.slice(0, 63));
    const leadDays = (rows: string) => `SELECT DISTINCT ${dayOf('r.')} AS day FROM ${rows} r`;
    const changedDays =
      `SELECT ${dayOf('o.')} AS day FROM old_rows o JOIN new_rows n ON n.${col('id')} = o.${col('id')} WHERE ${changed({ old: 'o.', new: 'n.' })} ` +
      `UNION SELECT ${dayOf('n.')} FROM old_rows o JOIN new_rows n ON n.${col('id')} = o.${col('id')} WHERE ${changed({ old: 'o.', new: 'n.' })}`;
    // a lookup by id per linked row: the planner has no statistics on a transition table and
    // may otherwise join it to the whole leads' table
    const linkedDays = (link: LinkTable, rows: string) => `SELECT DISTINCT ${linkedDayOf(link, 'r.')} AS day FROM ${rows} r`;
    const functions = [
      fn('lead_ins', bumpDays(leadDays('new_rows'))),
      fn('lead_del', bumpDays(leadDays('old_rows'))),
      fn('lead_upd', bumpDays(changedDays)),
      ...links.flatMap((link) => [
        fn(`${link.name}_ins`, bumpDays(linkedDays(link, 'new_rows'))),
        fn(`${link.name}_del`, bumpDays(linkedDays(link, 'old_rows'))),
        fn(`${link.name}_upd`, bumpDays(`${linkedDays(link, 'old_rows')} UNION ${linkedDays(link, 'new_rows')}`)),
      ]),
    ];
    const statementTrigger = (target: string, event: 'INSERT' | 'DELETE' | 'UPDATE', name: string): [string, string] => [
      trigger(`${name}`),
      `AFTER ${event} ON ${table(target)} REFERENCING ${event === 'INSERT' ? 'NEW TABLE AS new_rows' : event === 'DELETE' ? 'OLD TABLE AS old_rows' : 'OLD TABLE AS old_rows NEW TABLE AS new_rows'} ` +
        `FOR EACH STATEMENT EXECUTE PROCEDURE ${fnName(name)}()`,
    ];
    const named: Array<[string, string]> = [
      statementTrigger(leads.name, 'INSERT', 'lead_ins'),
      statementTrigger(leads.name, 'DELETE', 'lead_del'),
      statementTrigger(leads.name, 'UPDATE', 'lead_upd'),
      ...links.flatMap((link) => [
        statementTrigger(link.name, 'INSERT', `${link.name}_ins`),
        statementTrigger(link.name, 'DELETE', `${link.name}_del`),
        statementTrigger(link.name, 'UPDATE', `${link.name}_upd`),
      ]),
    ];
    const triggers = named.map(([name, body]) => `CREATE TRIGGER ${q(name)} ${body}`);
    const onTable = new Map(named.map(([name, body]) => [name, body.match(/ ON (\S+) /)![1]]));
    return {
      functions,
      triggers,
      triggerNames: named.map(([name]) => name),
      dropTrigger: (name) => `DROP TRIGGER IF EXISTS ${q(name)} ON ${onTable.get(name)}`,
      signature: signatureOf([...functions, ...triggers]),
      bumpDayOfLead: bumpDays(`SELECT ${dayOf('l.')} AS day FROM ${table(leads.name)} l WHERE l.${col('id')} = ?`),
    };
  }

  // SQLite and MySQL: the upsert written out in each trigger
  const bumpDay = (day: string) =>
    dialect === 'mysql'
      ? `INSERT INTO ${days} (day, version) SELECT x.day, 1 FROM (SELECT ${day} AS day) x WHERE x.day IS NOT NULL ON DUPLICATE KEY UPDATE version = version + 1`
      : `INSERT INTO ${days} (day, version) SELECT x.day, 1 FROM (SELECT ${day} AS day) x WHERE x.day IS NOT NULL ON CONFLICT (day) DO UPDATE SET version = version + 1`;
  const rowPrefix = dialect === 'mysql' ? { old: 'OLD.', new: 'NEW.' } : { old: 'old.', new: 'new.' };
  const body = (statements: string[]) =>
    dialect === 'mysql'
      ? `FOR EACH ROW BEGIN ${statements.map((s) => `${s};`).join(' ')} END`
      : `BEGIN ${statements.map((s) => `${s};`).join(' ')} END`;

  const named: Array<[string, string]> = [
    [trigger('lead_ai'), `AFTER INSERT ON ${table(leads.name)} ${body([bumpDay(dayOf(rowPrefix.new))])}`],
    [trigger('lead_ad'), `AFTER DELETE ON ${table(leads.name)} ${body([bumpDay(dayOf(rowPrefix.old))])}`],
    [
      trigger('lead_au'),
      dialect === 'mysql'
        ? `AFTER UPDATE ON ${table(leads.name)} FOR EACH ROW BEGIN IF ${changed(rowPrefix)} THEN ${bumpDay(dayOf('OLD.'))}; ${bumpDay(dayOf('NEW.'))}; END IF; END`
        : `AFTER UPDATE ON ${table(leads.name)} WHEN ${changed(rowPrefix)} ${body([bumpDay(dayOf('old.')), bumpDay(dayOf('new.'))])}`,
    ],
    ...links.flatMap(
      (link): Array<[string, string]> => [
        [trigger(`${link.name}_ai`), `AFTER INSERT ON ${table(link.name)} ${body([bumpDay(linkedDayOf(link, rowPrefix.new))])}`],
        [trigger(`${link.name}_ad`), `AFTER DELETE ON ${table(link.name)} ${body([bumpDay(linkedDayOf(link, rowPrefix.old))])}`],
        [
          trigger(`${link.name}_au`),
          `AFTER UPDATE ON ${table(link.name)} ${body([bumpDay(linkedDayOf(link, rowPrefix.old)), bumpDay(linkedDayOf(link, rowPrefix.new))])}`,
        ],
      ]
    ),
  ];
  const triggers = named.map(([name, rest]) => `CREATE TRIGGER ${q(name)} ${rest}`);
  return {
    functions: [],
    triggers,
    triggerNames: named.map(([name]) => name),
    dropTrigger: (name) => `DROP TRIGGER IF EXISTS ${q(name)}`,
    signature: signatureOf(triggers),
    bumpDayOfLead: bumpDay(`(SELECT ${dayOf('l.')} FROM ${table(leads.name)} l WHERE l.${col('id')} = ?)`),
  };
};

/** Makes the table of day tallies if it is missing. */
export const ensureReportDaysTable = async (knex: Knex, schemaName: string | null): Promise<void> => {
  const schema = schemaName ? knex.schema.withSchema(schemaName) : knex.schema;
  if (await schema.hasTable(REPORT_DAYS_TABLE)) return;
  try {
    await (schemaName ? knex.schema.withSchema(schemaName) : knex.schema).createTable(REPORT_DAYS_TABLE, (table) => {
      table.string('day', 10).primary();
      table.integer('version').notNullable().defaultTo(0);
      table.integer('computed_version').nullable();
      table.text('data', 'mediumtext').nullable();
    });
  } catch (error) {
    // another instance made it meanwhile
    if (!(await (schemaName ? knex.schema.withSchema(schemaName) : knex.schema).hasTable(REPORT_DAYS_TABLE))) throw error;
  }
};
