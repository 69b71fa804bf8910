import { errors, yup } from '@strapi/utils';
import { DateTime } from 'luxon';
import { isValidTimeZone } from '../utils/timestamp';
import type { ReportQuery } from '../../../shared/contracts/reports';
import type { ReportPeriod } from '../services/reports';
import { validate } from './validate';

/** Longest period of one report. */
export const MAX_REPORT_DAYS = 366;
const DEFAULT_REPORT_DAYS = 30;

const day = () =>
  yup
    .string()
    .matches(/^\d{4}-\d{2}-\d{2}$/, '${path} must be a date as YYYY-MM-DD')
    .test('date', '${path} is not a date', (value) => value === undefined || DateTime.fromISO(value, { zone: 'utc' }).isValid);

export const reportQuery = yup
  .object({
    from: day(),
    to: day(),
    tz: yup
      .string()
      .test(
        'zone',
        'tz must be an IANA time zone such as America/Sao_Paulo',
        (value) => value === undefined || isValidTimeZone(value)
      ),
  })
  .noUnknown();

/** The period asked for, with the defaults (the last 30 days up to today in the zone). */
export const reportPeriodOf = async (input: unknown, defaultTimeZone: string, now = new Date()): Promise<ReportPeriod> => {
  const query = await validate<ReportQuery>(reportQuery, input);
  const timeZone = query.tz ?? defaultTimeZone;
  const to = query.to ?? (DateTime.fromJSDate(now, { zone: timeZone }).toISODate() as string);
  const from =
    query.from ??
    (DateTime.fromISO(to, { zone: 'utc' })
      .minus({ days: DEFAULT_REPORT_DAYS - 1 })
      .toISODate() as string);
  const days = DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days + 1;
  if (days < 1)
    throw new errors.ValidationError('from must not be after to', {
      errors: [{ path: ['from'], message: 'from must not be after to' }],
    });
  if (days > MAX_REPORT_DAYS) {
    const message = `A report covers at most ${MAX_REPORT_DAYS} days`;
    throw new errors.ValidationError(message, { errors: [{ path: ['from'], message }] });
  }
  return { from, to, timeZone };
};
