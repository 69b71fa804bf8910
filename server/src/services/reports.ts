import type { Core } from '@strapi/strapi';
import { DateTime } from 'luxon';
import { UID } from '../constants';
import { QUARTER_MS, binnedMedian, forEachQuarter, peopleCount, responded, valueOf, type Tally } from '../report-days/tally';
import { toCsv } from '../utils/csv';
import { getService } from '../utils/get-service';
import { modelTable } from '../utils/model-table';
import { LEAD_STATUSES } from '../../../shared/contracts/leads';
import type { LeadsReport, ReportAgentRow } from '../../../shared/contracts/reports';

export interface ReportPeriod {
  /** YYYY-MM-DD, both included. */
  from: string;
  to: string;
  timeZone: string;
}

const fullName = (user: { firstname?: string | null; lastname?: string | null; email?: string | null }) =>
  [user.firstname, user.lastname].filter(Boolean).join(' ') || user.email || null;

/** Days of a period held: the same period asked again takes no time zone arithmetic. */
const HELD_CALENDARS = 16;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  /** Each day of a period in its zone and the instant it starts, by period (a year's: 366 steps of luxon, ~20 ms). */
  const calendars = new Map<string, Array<{ day: string; start: number }>>();
  const calendarOf = ({ from, to, timeZone }: ReportPeriod) => {
    const key = `${from}|${to}|${timeZone}`;
    const held = calendars.get(key);
    if (held) return held;
    const days: Array<{ day: string; start: number }> = [];
    const last = DateTime.fromISO(to, { zone: timeZone });
    for (let day = DateTime.fromISO(from, { zone: timeZone }).startOf('day'); day <= last; day = day.plus({ days: 1 })) {
      days.push({ day: day.toISODate() as string, start: day.toMillis() });
    }
    calendars.set(key, days);
    if (calendars.size > HELD_CALENDARS) calendars.delete(calendars.keys().next().value as string);
    return days;
  };

  return {
    /** [start, end) of the period as instants: midnight of `from` and of the day after `to`, in the zone. */
    bounds({ from, to, timeZone }: ReportPeriod) {
      const start = DateTime.fromISO(from, { zone: timeZone }).startOf('day');
      const end = DateTime.fromISO(to, { zone: timeZone }).plus({ days: 1 }).startOf('day');
      return { start: start.toJSDate(), end: end.toJSDate() };
    },

    async report(period: ReportPeriod): Promise<LeadsReport> {
      const { start, end } = this.bounds(period);
      const tally = await getService(strapi, 'report-days').tally(start, end);
      const counted = (counts: Record<string, number>) =>
        Object.entries(counts).map(([key, leads]) => ({ value: valueOf(key), leads }));

      const byStatus = new Map(counted(tally.status).map((row) => [row.value, row.leads]));
      const perStatus = [
        ...LEAD_STATUSES,
        ...[...byStatus.keys()].filter((status): status is string => status !== null && !LEAD_STATUSES.includes(status as never)),
      ].map((status) => ({ status, leads: byStatus.get(status) ?? 0 }));

      const perLostReason = counted(tally.lostReason ?? {})
        .map((row) => ({ reason: row.value, leads: row.leads }))
        .sort((a, b) => b.leads - a.leads || String(a.reason ?? '').localeCompare(String(b.reason ?? '')));

      const perOrigin = counted(tally.origin)
        .map((row) => ({ origin: row.value, leads: row.leads }))
        .sort((a, b) => b.leads - a.leads || String(a.origin ?? '').localeCompare(String(b.origin ?? '')));

      const advertiserIds = counted(tally.advertiser)
        .map((row) => row.value)
        .filter((id): id is string => id !== null)
        .map(Number);
      const advertisers: Array<{ id: number; documentId: string; name: string | null }> = advertiserIds.length
        ? await strapi.db
            .query(UID.advertiser)
            .findMany({ where: { id: { $in: advertiserIds } }, select: ['id', 'documentId', 'name'] })
        : [];
      const advertiserById = new Map(advertisers.map((advertiser) => [String(advertiser.id), advertiser]));
      const perAdvertiserByKey = new Map<string, { documentId: string | null; name: string | null; leads: number }>();
      for (const row of counted(tally.advertiser)) {
        const advertiser = row.value === null ? undefined : advertiserById.get(row.value);
        // a deleted advertiser's leads count with the leads of none
        const key = advertiser ? advertiser.documentId : '';
        const entry = perAdvertiserByKey.get(key) ?? {
          documentId: advertiser?.documentId ?? null,
          name: advertiser?.name ?? null,
          leads: 0,
        };
        entry.leads += row.leads;
        perAdvertiserByKey.set(key, entry);
      }
      const perAdvertiser = [...perAdvertiserByKey.values()].sort(
        (a, b) => b.leads - a.leads || String(a.name ?? '').localeCompare(String(b.name ?? ''))
      );

      return {
        from: period.from,
        to: period.to,
        timeZone: period.timeZone,
        total: tally.total,
        people: peopleCount(tally),
        perDay: this.perDay(period, tally.quarters),
        perOrigin,
        perAdvertiser,
        perStatus,
        perLostReason,
        firstResponse: modelTable(strapi, UID.lead).has('firstResponseSeconds')
          ? { available: true, perAgent: await this.firstResponseByAgent(tally.agents) }
          : { available: false, perAgent: [] },
      };
    },

    /** Leads per day of the period in its zone, from the leads per quarter hour. */
    perDay(period: ReportPeriod, quarters: Tally['quarters']): Array<{ day: string; leads: number }> {
      const days = calendarOf(period).map(({ day, start }) => ({ day, start, leads: 0 }));
      // each quarter falls in one day of any zone in use (all are whole quarters off UTC)
      forEachQuarter(quarters, (quarter, leads) => {
        const at = quarter * QUARTER_MS;
        let low = 0;
        let high = days.length - 1;
        while (low < high) {
          const middle = Math.ceil((low + high) / 2);
          if (days[middle].start <= at) low = middle;
          else high = middle - 1;
        }
        if (days.length && days[low].start <= at) days[low].leads += leads;
      });
      return days.map(({ day, leads }) => ({ day, leads }));
    },

    /**
     * Time to first response per agent (the admin user who answered first, or else the lead's
     * assignee): how many they answered, and the median seconds from the binned times.
     */
    async firstResponseByAgent(agents: Tally['agents']): Promise<ReportAgentRow[]> {
      const ids = Object.keys(agents)
        .map(valueOf)
        .filter((id): id is string => id !== null)
        .map(Number);
      const users: Array<{ id: number; firstname: string | null; lastname: string | null; email: string | null }> = ids.length
        ? await strapi.db
            .query('admin::user')
            .findMany({ where: { id: { $in: ids } }, select: ['id', 'firstname', 'lastname', 'email'] })
        : [];
      const names = new Map(users.map((user) => [user.id, fullName(user)]));
      return Object.entries(agents)
        .map(([key, bins]) => {
          const value = valueOf(key);
          const agentId = value === null ? null : Number(value);
          return {
            agentId,
            name: agentId === null ? null : (names.get(agentId) ?? null),
            responded: responded(bins),
            medianSeconds: Math.round(binnedMedian(bins) * 100) / 100,
          };
        })
        .sort((a, b) => b.responded - a.responded || String(a.name ?? '').localeCompare(String(b.name ?? '')));
    },

    /** The report as one CSV (UTF-8 with a BOM, for Excel): section, key, label, leads (people, on the total's line of people), median. */
    toCsv(report: LeadsReport): string {
      const rows: Array<[string, string, string, number, number | '']> = [
        ['total', 'leads', 'leads', report.total, ''],
        ['total', 'people', 'people', report.people, ''],
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
        ...report.perLostReason.map(
          (row) => ['lostReason', row.reason ?? '', row.reason ?? '', row.leads, ''] as [string, string, string, number, '']
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
