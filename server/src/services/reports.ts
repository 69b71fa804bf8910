import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { UID } from '../constants';
import { toCsv } from '../utils/csv';
import { modelTable } from '../utils/model-table';
import { LEAD_STATUSES } from '../../../shared/contracts/leads';
import type { LeadsReport, ReportAgentRow } from '../../../shared/contracts/reports';

/** Rows read per statement when the database cannot do the work (days in a zone, medians). */
const STREAM_BATCH = 5000;

export interface ReportPeriod {
  /** YYYY-MM-DD, both included. */
  from: string;
  to: string;
  timeZone: string;
}

/** The middle value (mean of the two middle ones for an even count); `values` is sorted here. */
export const median = (values: number[]): number => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const toDate = (value: unknown): Date =>
  value instanceof Date
    ? value
    : new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string | number));

const fullName = (user: { firstname?: string | null; lastname?: string | null; email?: string | null }) =>
  [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email || null;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** The leads' table, aliased `l` in the report's queries. */
  const leadMeta = () => {
    const leads = modelTable(strapi, UID.lead);
    return { table: leads.name, has: leads.has, column: (name: string) => `l.${leads.column(name)}`, link: leads.link };
  };

  const knex = () => strapi.db.connection;

  return {
    /** [start, end) of the period as instants: midnight of `from` and of the day after `to`, in the zone. */
    bounds({ from, to, timeZone }: ReportPeriod) {
      const start = DateTime.fromISO(from, { zone: timeZone }).startOf('day');
      const end = DateTime.fromISO(to, { zone: timeZone }).plus({ days: 1 }).startOf('day');
      return { start: start.toJSDate(), end: end.toJSDate() };
    },

    async report(period: ReportPeriod): Promise<LeadsReport> {
      const { table, has, column, link } = leadMeta();
      const { start, end } = this.bounds(period);
      const inPeriod = () =>
        knex()({ l: table })
          .where(column('receivedAt'), '>=', start)
          .andWhere(column('receivedAt'), '<', end)
          // the homologation runner's own leads are not business
          .andWhere((query) => query.whereNull(column('isTest')).orWhere(column('isTest'), false));

      const count = <T extends { leads: unknown }>(rows: T[]) => rows.map((row) => ({ ...row, leads: Number(row.leads) }));

      const [statusRows, originRows] = await Promise.all([
        inPeriod()
          .select({ status: column('leadStatus') })
          .count({ leads: '*' })
          .groupBy(column('leadStatus')),
        inPeriod()
          .select({ origin: column('leadOrigin') })
          .count({ leads: '*' })
          .groupBy(column('leadOrigin')),
      ]);

      const advertiserLink = link('advertiser');
      const advertisers = modelTable(strapi, UID.advertiser);
      const advertiserColumn = (name: string) => `a.${advertisers.column(name)}`;
      const advertiserRows = advertiserLink
        ? await inPeriod()
            .leftJoin({ la: advertiserLink.name }, `la.${advertiserLink.joinColumn.name}`, 'l.id')
            .leftJoin({ a: advertisers.name }, 'a.id', `la.${advertiserLink.inverseJoinColumn.name}`)
            .select({ advertiserId: 'a.id', documentId: advertiserColumn('documentId'), name: advertiserColumn('name') })
            .count({ leads: '*' })
            .groupBy('a.id', advertiserColumn('documentId'), advertiserColumn('name'))
        : [];

      // leads per day in the zone: the databases disagree on zones, so the day is found here
      const dayKey = new Intl.DateTimeFormat('en-CA', {
        timeZone: period.timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
      });
      const perDay = new Map<string, number>();
      const lastDay = DateTime.fromISO(period.to, { zone: 'utc' });
      for (let day = DateTime.fromISO(period.from, { zone: 'utc' }); day <= lastDay; day = day.plus({ days: 1 })) {
        perDay.set(day.toISODate() as string, 0);
      }
      let after = 0;
      for (;;) {
        const rows: Array<{ id: number; receivedAt: unknown }> = await inPeriod()
          .select({ id: 'l.id', receivedAt: column('receivedAt') })
          .andWhere('l.id', '>', after)
          .orderBy('l.id', 'asc')
          .limit(STREAM_BATCH);
        for (const row of rows) {
          const key = dayKey.format(toDate(row.receivedAt));
          perDay.set(key, (perDay.get(key) ?? 0) + 1);
        }
        if (rows.length < STREAM_BATCH) break;
        after = Number(rows[rows.length - 1].id);
      }

      const byStatus = new Map(
        count(statusRows as Array<{ status: string; leads: unknown }>).map((row) => [row.status, row.leads])
      );
      const perStatus = [
        ...LEAD_STATUSES,
        ...[...byStatus.keys()].filter((status) => !LEAD_STATUSES.includes(status as never)),
      ].map((status) => ({ status, leads: byStatus.get(status) ?? 0 }));

      const perOrigin = count(originRows as Array<{ origin: string | null; leads: unknown }>)
        .map((row) => ({ origin: row.origin ?? null, leads: row.leads }))
        .sort((a, b) => b.leads - a.leads || String(a.origin ?? '').localeCompare(String(b.origin ?? '')));
      const perAdvertiser = count(advertiserRows as Array<{ documentId: string | null; name: string | null; leads: unknown }>)
        .map((row) => ({ documentId: row.documentId ?? null, name: row.name ?? null, leads: row.leads }))
        .sort((a, b) => b.leads - a.leads || String(a.name ?? '').localeCompare(String(b.name ?? '')));

      const total = perStatus.reduce((sum, row) => sum + row.leads, 0);
      const firstResponse = has('firstResponseSeconds')
        ? { available: true, perAgent: await this.firstResponseByAgent(inPeriod, column) }
        : { available: false, perAgent: [] };

      return {
        from: period.from,
        to: period.to,
        timeZone: period.timeZone,
        total,
        perDay: [...perDay].map(([day, leads]) => ({ day, leads })).sort((a, b) => a.day.localeCompare(b.day)),
        perOrigin,
        perAdvertiser,
        perStatus,
        firstResponse,
      };
    },

    /**
     * Median seconds to first response per agent: the admin user who answered first, or else the
     * lead's assignee. The seconds are read in batches and the medians taken here (a median is
     * not portable SQL across SQLite, PostgreSQL and MySQL).
     */
    async firstResponseByAgent(
      inPeriod: () => ReturnType<ReturnType<typeof knex>>,
      column: (name: string) => string
    ): Promise<ReportAgentRow[]> {
      const { link } = leadMeta();
      const responderLink = link('firstResponder');
      const assigneeLink = link('assignee');
      const agentColumns = [
        responderLink && `fr.${responderLink.inverseJoinColumn.name}`,
        assigneeLink && `asg.${assigneeLink.inverseJoinColumn.name}`,
      ].filter(Boolean) as string[];

      const seconds = new Map<number | null, number[]>();
      let after = 0;
      for (;;) {
        let query = inPeriod().whereNotNull(column('firstResponseSeconds'));
        if (responderLink) query = query.leftJoin({ fr: responderLink.name }, `fr.${responderLink.joinColumn.name}`, 'l.id');
        if (assigneeLink) query = query.leftJoin({ asg: assigneeLink.name }, `asg.${assigneeLink.joinColumn.name}`, 'l.id');
        const agent = agentColumns.length
          ? knex().raw(agentColumns.length > 1 ? `COALESCE(${agentColumns.map(() => '??').join(', ')})` : '??', agentColumns)
          : knex().raw('NULL');
        const rows = (await query
          .select({ id: 'l.id', seconds: column('firstResponseSeconds'), agentId: agent })
          .andWhere('l.id', '>', after)
          .orderBy('l.id', 'asc')
          .limit(STREAM_BATCH)) as unknown as Array<{ id: number; agentId: unknown; seconds: unknown }>;
        for (const row of rows) {
          const agentId = row.agentId === null || row.agentId === undefined ? null : Number(row.agentId);
          const list = seconds.get(agentId) ?? [];
          list.push(Number(row.seconds));
          seconds.set(agentId, list);
        }
        if (rows.length < STREAM_BATCH) break;
        after = Number(rows[rows.length - 1].id);
      }

      const ids = [...seconds.keys()].filter((id): id is number => id !== null);
      const users: Array<{ id: number; firstname: string | null; lastname: string | null; email: string | null }> = ids.length
        ? await strapi.db
            .query('admin::user')
            .findMany({ where: { id: { $in: ids } }, select: ['id', 'firstname', 'lastname', 'email'] })
        : [];
      const names = new Map(users.map((user) => [user.id, fullName(user)]));
      return [...seconds]
        .map(([agentId, values]) => ({
          agentId,
          name: agentId === null ? null : (names.get(agentId) ?? null),
          responded: values.length,
          medianSeconds: median(values),
        }))
        .sort((a, b) => b.responded - a.responded || String(a.name ?? '').localeCompare(String(b.name ?? '')));
    },

    /** The report as one CSV (UTF-8 with a BOM, for Excel): section, key, label, leads, median. */
    toCsv(report: LeadsReport): string {
      const rows: Array<[string, string, string, number, number | '']> = [
        ...report.perDay.map((row) => ['day', row.day, row.day, row.leads, ''] as [string, string, string, number, '']),
        ...report.perOrigin.map(
          (row) => ['origin', row.origin ?? '', row.origin ?? '', row.leads, ''] as [string, string, string, number, '']
        ),
        ...report.perAdvertiser.map(
          (row) => ['advertiser', row.documentId ?? '', row.name ?? '', row.leads, ''] as [string, string, string, number, '']
        ),
        ...report.perStatus.map(
          (row) => ['status', row.status, row.status, row.leads, ''] as [string, string, string, number, '']
        ),
        ...report.firstResponse.perAgent.map(
          (row) =>
            ['agent', row.agentId === null ? '' : String(row.agentId), row.name ?? '', row.responded, row.medianSeconds] as [
              string,
              string,
              string,
              number,
              number,
            ]
        ),
      ];
      return toCsv(['section', 'key', 'label', 'leads', 'medianFirstResponseSeconds'], rows, { bom: true });
    },
  };
};
