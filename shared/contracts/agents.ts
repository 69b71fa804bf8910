/**
 * The agent's own availability (GET/PUT /grupozap/agents/me), shared by the server that answers
 * and the admin's "I am away" switch.
 */

/** GET /grupozap/agents/me — `data`. */
export interface Availability {
  userId: number;
  away: boolean;
  awayUntil: string | null;
  /** Away now: `away` set and `awayUntil` empty or still ahead. */
  awayNow: boolean;
}

/** PUT /grupozap/agents/me: away until `awayUntil` (an ISO instant), or until set back when null. */
export interface AvailabilityBody {
  away: boolean;
  awayUntil?: string | null;
}
