import fc from 'fast-check';
import { endOfDayIn } from '../../server/src/utils/zoned-day';

const dateIn = (timeZone: string, at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
const timeIn = (timeZone: string, at: Date) =>
  new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(
    at
  );

describe('endOfDayIn', () => {
  it('is the next midnight in São Paulo, whatever the hour in UTC', () => {
    // 23:30 in UTC is 20:30 in São Paulo (UTC−3): its day ends at 03:00 UTC
    expect(endOfDayIn('America/Sao_Paulo', new Date('2026-12-01T23:30:00Z')).toISOString()).toBe('2026-12-02T03:00:00.000Z');
    // 01:00 UTC on the 2nd is still the 1st in São Paulo
    expect(endOfDayIn('America/Sao_Paulo', new Date('2026-12-02T01:00:00Z')).toISOString()).toBe('2026-12-02T03:00:00.000Z');
    expect(endOfDayIn('UTC', new Date('2026-12-01T00:00:00Z')).toISOString()).toBe('2026-12-02T00:00:00.000Z');
  });

  it('follows a daylight saving change (São Paulo in 2018, New York)', () => {
    // 4 November 2018: São Paulo's clocks went from 00:00 to 01:00; the 3rd ended at 03:00 UTC
    expect(endOfDayIn('America/Sao_Paulo', new Date('2018-11-03T15:00:00Z')).toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(endOfDayIn('America/New_York', new Date('2026-03-08T12:00:00Z')).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    // 16 October 2011 began at 01:00 in São Paulo; it still ends at midnight of the 17th (02:00 UTC)
    expect(endOfDayIn('America/Sao_Paulo', new Date('2011-10-16T12:00:00Z')).toISOString()).toBe('2011-10-17T02:00:00.000Z');
  });

  it('ends the day of `now`, at midnight there, within a day', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true }),
        fc.constantFrom(
          'America/Sao_Paulo',
          'America/Manaus',
          'America/Noronha',
          'America/New_York',
          'Europe/Lisbon',
          'Asia/Kolkata',
          'UTC'
        ),
        (now, zone) => {
          const end = endOfDayIn(zone, now);
          expect(end.getTime()).toBeGreaterThan(now.getTime());
          expect(end.getTime() - now.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
          expect(dateIn(zone, new Date(end.getTime() - 1))).toBe(dateIn(zone, now));
          expect(timeIn(zone, end)).toMatch(/^(00:00:00|01:00:00)$/);
        }
      ),
      { numRuns: 500 }
    );
  });
});
