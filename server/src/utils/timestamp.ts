import { DateTime, IANAZone } from 'luxon';

export const isValidTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

/**
 * The portal documents `timestamp` as a local date-time without a zone, yet its own example
 * ends in `Z`: both occur. A zone-less value is read in `zonelessTimeZone`; a value with an
 * offset keeps it. Epoch numbers are accepted too. Anything else is null (the raw text is kept
 * beside it), never an error: a strange timestamp must not cost us the lead.
 */
export const parsePortalTimestamp = (raw: unknown, zonelessTimeZone: string): Date | null => {
  if (typeof raw === 'number' && Number.isFinite(raw)) {
    // seconds before 2286-11-20 are < 1e10; anything larger is milliseconds
    const millis = raw < 1e10 ? raw * 1000 : raw;
    const date = new Date(millis);
    return Number.isNaN(date.getTime()) ? null : date;
  }
  if (typeof raw !== 'string' || raw.trim() === '') return null;

  const text = raw.trim();
  // setZone: a value with an offset stays in it (the same instant, without converting it into
  // `zonelessTimeZone`, an Intl look-up that cost 3% of the route's time)
  const iso = DateTime.fromISO(text, { zone: zonelessTimeZone, setZone: true });
  if (iso.isValid) return iso.toJSDate();

  const sql = DateTime.fromSQL(text, { zone: zonelessTimeZone, setZone: true });
  return sql.isValid ? sql.toJSDate() : null;
};
