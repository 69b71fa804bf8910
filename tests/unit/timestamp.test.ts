import fc from 'fast-check';
import { isValidTimeZone, parsePortalTimestamp } from '../../server/src/utils/timestamp';

const SAO_PAULO = 'America/Sao_Paulo';

/** The ISO text of the parsed instant, or null: one exact value to compare. */
const iso = (raw: unknown, zone = SAO_PAULO): string | null => parsePortalTimestamp(raw, zone)?.toISOString() ?? null;

describe('parsePortalTimestamp: values with a zone keep it', () => {
  it.each([
    ['2017-10-23T15:50:30.619Z', '2017-10-23T15:50:30.619Z'],
    ['2026-03-10T14:22:01.123Z', '2026-03-10T14:22:01.123Z'],
    ['2026-03-10T14:22:01Z', '2026-03-10T14:22:01.000Z'],
    ['2026-03-10T14:22:01+01:00', '2026-03-10T13:22:01.000Z'],
    ['2026-03-10T14:22:01-03:00', '2026-03-10T17:22:01.000Z'],
    ['2026-03-10T14:22:01-0300', '2026-03-10T17:22:01.000Z'],
    ['2026-03-10T14:22:01+05:30', '2026-03-10T08:52:01.000Z'],
  ])('%j → %s whatever the zone-less zone', (raw, expected) => {
    expect(iso(raw, SAO_PAULO)).toBe(expected);
    expect(iso(raw, 'UTC')).toBe(expected);
    expect(iso(raw, 'Asia/Tokyo')).toBe(expected);
  });

  it('is the instant the text names, for any date, time and offset, whatever the zone-less zone', () => {
    const pad = (value: number, width = 2) => String(value).padStart(width, '0');
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.constantFrom(SAO_PAULO, 'UTC', 'Asia/Kathmandu', 'America/St_Johns'),
        (instant, offsetMinutes, zone) => {
          // the instant's wall-clock time at that offset, written with it
          const wall = new Date(instant.getTime() + offsetMinutes * 60_000);
          const sign = offsetMinutes < 0 ? '-' : '+';
          const offset =
            offsetMinutes === 0
              ? 'Z'
              : `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`;
          const text =
            `${pad(wall.getUTCFullYear(), 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}` +
            `T${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}.${pad(wall.getUTCMilliseconds(), 3)}${offset}`;
          expect(parsePortalTimestamp(text, zone)?.getTime()).toBe(instant.getTime());
        }
      )
    );
  });

  it('returns a real Date', () => {
    const date = parsePortalTimestamp('2026-03-10T14:22:01.123Z', SAO_PAULO);
    expect(date).toBeInstanceOf(Date);
    expect(date?.getTime()).toBe(Date.UTC(2026, 2, 10, 14, 22, 1, 123));
  });
});

describe('parsePortalTimestamp: zone-less values are read in the configured zone', () => {
  it('reads America/Sao_Paulo as UTC−3 (no DST since 2019)', () => {
    expect(iso('2019-04-14T09:05:00')).toBe('2019-04-14T12:05:00.000Z');
    // January: summer, when DST used to apply — no longer since 2019
    expect(iso('2026-01-15T12:00:00')).toBe('2026-01-15T15:00:00.000Z');
    expect(iso('2026-07-10T10:15:30.000')).toBe('2026-07-10T13:15:30.000Z');
  });

  it('knows São Paulo history: January 2018 was still UTC−2 (DST)', () => {
    expect(iso('2018-01-15T12:00:00')).toBe('2018-01-15T14:00:00.000Z');
  });

  it.each([
    ['UTC', '2019-04-14T09:05:00.000Z'],
    ['Europe/Lisbon', '2019-04-14T08:05:00.000Z'], // WEST, UTC+1
    ['Asia/Tokyo', '2019-04-14T00:05:00.000Z'], // UTC+9
    ['America/Manaus', '2019-04-14T13:05:00.000Z'], // UTC−4
    ['America/Noronha', '2019-04-14T11:05:00.000Z'], // UTC−2
  ])('reads "2019-04-14T09:05:00" in %s → %s', (zone, expected) => {
    expect(iso('2019-04-14T09:05:00', zone)).toBe(expected);
  });

  it('accepts the SQL-like form with a space', () => {
    expect(iso('2026-03-10 14:22:01')).toBe('2026-03-10T17:22:01.000Z');
    expect(iso('2026-03-10 14:22:01', 'UTC')).toBe('2026-03-10T14:22:01.000Z');
  });

  it('accepts a bare date as midnight in the zone', () => {
    expect(iso('2019-04-14')).toBe('2019-04-14T03:00:00.000Z');
  });

  it('trims surrounding white space', () => {
    expect(iso('  2019-04-14T09:05:00 \n')).toBe('2019-04-14T12:05:00.000Z');
  });
});

describe('parsePortalTimestamp: epoch numbers', () => {
  it('reads seconds', () => {
    expect(iso(1555243500)).toBe('2019-04-14T12:05:00.000Z');
    expect(iso(1555243500.5)).toBe('2019-04-14T12:05:00.500Z');
    expect(iso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(iso(9_999_999_999)).toBe('2286-11-20T17:46:39.000Z');
  });

  it('reads milliseconds', () => {
    expect(iso(1555243500000)).toBe('2019-04-14T12:05:00.000Z');
    expect(iso(1773152521123)).toBe('2026-03-10T14:22:01.123Z');
    expect(iso(10_000_000_000)).toBe('1970-04-26T17:46:40.000Z');
  });

  it('does not depend on the zone', () => {
    expect(iso(1555243500, 'Asia/Tokyo')).toBe('2019-04-14T12:05:00.000Z');
  });

  it('gives null for numbers that are not a date', () => {
    expect(iso(NaN)).toBeNull();
    expect(iso(Infinity)).toBeNull();
    expect(iso(-Infinity)).toBeNull();
    expect(iso(1e17)).toBeNull(); // beyond the range of Date
  });

  it('does not read numeric strings as epochs', () => {
    expect(iso('1555243500')).toBeNull();
  });
});

describe('parsePortalTimestamp: anything else is null, never an error', () => {
  it.each([
    [''],
    ['   '],
    ['garbage'],
    ['2026-02-30T10:00:00'], // no 30 February
    ['2026-13-01T10:00:00'],
    ['10/03/2026 14:22'],
    ['2026-03-10T25:00:00'],
    [null],
    [undefined],
    [true],
    [{}],
    [['2026-03-10T14:22:01Z']],
  ])('%j → null', (raw) => {
    expect(() => parsePortalTimestamp(raw, SAO_PAULO)).not.toThrow();
    expect(parsePortalTimestamp(raw, SAO_PAULO)).toBeNull();
  });
});

describe('isValidTimeZone', () => {
  it.each(['America/Sao_Paulo', 'UTC', 'Europe/Lisbon', 'Asia/Tokyo', 'America/Manaus', 'Etc/GMT+3'])('%j is valid', (zone) => {
    expect(isValidTimeZone(zone)).toBe(true);
  });

  it.each(['Mars/Olympus', '', 'BRT', '-03:00', 'America/Sao Paulo', 'Sao_Paulo'])('%j is not', (zone) => {
    expect(isValidTimeZone(zone)).toBe(false);
  });
});
