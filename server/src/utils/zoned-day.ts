import { DateTime } from 'luxon';

/**
 * The instant today ends (the next midnight) in `timeZone`, for `now`: what "due today" means to
 * an agency in São Paulo whatever the server's zone (daylight saving changes included).
 */
export const endOfDayIn = (timeZone: string, now: Date): Date =>
  DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: 1 }).startOf('day').toJSDate();
