import fc from 'fast-check';
import { PORTAL_ANSWERS, type PortalCode } from '../../server/src/delivery/answers';
import { refusalDelayMs } from '../../server/src/delivery/refusal-delay';

const CALLER_REFUSALS: PortalCode[] = [
  'IP_NOT_ALLOWED',
  'AUTH_REQUIRED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_AUTH_FAILURES',
  'AUTH_BUSY',
];
const codes = Object.keys(PORTAL_ANSWERS) as PortalCode[];

describe('refusalDelayMs', () => {
  it('holds a refusal of the caller between half and one and a half times the base', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...CALLER_REFUSALS),
        fc.integer({ min: 1, max: 10_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (code, base, random) => {
          const delay = refusalDelayMs(code, base, () => random);
          expect(delay).toBeGreaterThanOrEqual(Math.round(base / 2));
          expect(delay).toBeLessThanOrEqual(Math.round(base * 1.5));
        }
      )
    );
  });

  it('spreads the delays (a flood’s clients come back at scattered times)', () => {
    expect(refusalDelayMs('INVALID_CREDENTIALS', 1000, () => 0)).toBe(500);
    expect(refusalDelayMs('INVALID_CREDENTIALS', 1000, () => 0.5)).toBe(1000);
    expect(refusalDelayMs('INVALID_CREDENTIALS', 1000, () => 0.999)).toBe(1499);
  });

  it('never holds a lead’s answer or a refusal of the lead itself, nor anything when the base is 0', () => {
    for (const code of codes.filter((code) => !CALLER_REFUSALS.includes(code))) {
      expect(refusalDelayMs(code, 1000)).toBe(0);
    }
    for (const code of CALLER_REFUSALS) expect(refusalDelayMs(code, 0)).toBe(0);
    expect(refusalDelayMs(undefined, 1000)).toBe(0);
    expect(refusalDelayMs('ENDPOINT_OK', 1000)).toBe(0);
  });
});
