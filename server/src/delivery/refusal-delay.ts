import type { PortalCode } from './answers';

/** Refusals of who is calling: its address, its credential, or its pace of wrong ones. */
const CALLER_REFUSALS: ReadonlySet<string> = new Set<PortalCode>([
  'IP_NOT_ALLOWED',
  'AUTH_REQUIRED',
  'INVALID_CREDENTIALS',
  'TOO_MANY_AUTH_FAILURES',
  'AUTH_BUSY',
]);

/**
 * How long to hold the answer of a delivery before sending it: about `baseMs` (between half and
 * one and a half times it) for a refusal of the caller, nothing otherwise. A flood of wrong
 * passwords then waits on timers instead of taking turns with the portal's leads on the event
 * loop, and its clients, answered at scattered times, do not come back all at once.
 */
export const refusalDelayMs = (
  code: PortalCode | string | undefined,
  baseMs: number,
  random: () => number = Math.random
): number => (baseMs > 0 && code !== undefined && CALLER_REFUSALS.has(code) ? Math.round(baseMs * (0.5 + random())) : 0);
