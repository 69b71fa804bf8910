import type { DeliveryOutcome } from '../../../shared/contracts/deliveries';

/**
 * Every answer the lead route can give: its HTTP status, and the outcome its delivery-log row
 * holds. The portal reads the status only; the code is for people and scripts reading the
 * delivery log. Codes are stable: they are documented in the README and never renamed.
 */
export const PORTAL_ANSWERS = {
  LEAD_CREATED: { status: 201, outcome: 'created', message: 'Lead stored.' },
  LEAD_DUPLICATE: { status: 200, outcome: 'duplicate', message: 'Lead already stored; delivery counted.' },
  LEAD_ADVERTISER_CONFLICT: {
    status: 200,
    outcome: 'conflict',
    message: 'Lead already stored for another advertiser; delivery counted on that lead.',
  },
  INVALID_JSON: { status: 400, outcome: 'refused', message: 'The body is not valid JSON.' },
  BODY_NOT_OBJECT: { status: 400, outcome: 'refused', message: 'The body must be a JSON object.' },
  BODY_READ_FAILED: { status: 400, outcome: 'refused', message: 'The body could not be read.' },
  BODY_TOO_DEEP: { status: 400, outcome: 'refused', message: 'The body nests objects or arrays too deeply.' },
  AUTH_REQUIRED: { status: 401, outcome: 'refused', message: 'Basic authentication is required.' },
  INVALID_CREDENTIALS: { status: 401, outcome: 'refused', message: 'Wrong user name or secret.' },
  IP_NOT_ALLOWED: { status: 403, outcome: 'refused', message: 'This address may not post leads.' },
  ADVERTISER_NOT_FOUND: { status: 404, outcome: 'refused', message: 'No advertiser has this key.' },
  ADVERTISER_INACTIVE: { status: 404, outcome: 'refused', message: 'This advertiser is deactivated.' },
  METHOD_NOT_ALLOWED: { status: 405, outcome: 'refused', message: 'Leads are posted with POST.' },
  BODY_TOO_LARGE: { status: 413, outcome: 'refused', message: 'The body is larger than the configured limit.' },
  MISSING_ORIGIN_LEAD_ID: { status: 422, outcome: 'refused', message: 'originLeadId is required.' },
  INVALID_ORIGIN_LEAD_ID: {
    status: 422,
    outcome: 'refused',
    message: 'originLeadId must be a string of at most 255 characters.',
  },
  MISSING_CLIENT_LISTING_ID: {
    status: 422,
    outcome: 'refused',
    message: 'clientListingId is required for listing leads.',
  },
  TOO_MANY_AUTH_FAILURES: { status: 429, outcome: 'refused', message: 'Too many failed credentials from this address.' },
  INTERNAL_ERROR: { status: 500, outcome: 'failed', message: 'Unexpected error; the lead was not stored.' },
  ROUTE_NOT_FOUND: {
    status: 500,
    outcome: 'failed',
    message: 'No lead route at this URL; check the URL registered with the portal.',
  },
  SECRET_NOT_CONFIGURED: { status: 503, outcome: 'failed', message: 'The lead endpoint has no secret configured.' },
  AUTH_BUSY: { status: 503, outcome: 'failed', message: 'Too many credentials to check right now; please retry.' },
  STORAGE_UNAVAILABLE: { status: 503, outcome: 'failed', message: 'The lead could not be stored; please retry.' },
} as const satisfies Record<string, { status: number; outcome: DeliveryOutcome; message: string }>;

/** The answer to GET/HEAD, which endpoint validators send before registering a URL; not logged. */
export const PROBE_ANSWER = { code: 'ENDPOINT_OK', status: 200, message: 'Grupo ZAP lead endpoint.' } as const;

export type PortalCode = keyof typeof PORTAL_ANSWERS;

export const isPortalCode = (value: unknown): value is PortalCode =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(PORTAL_ANSWERS, value);

/** The outcomes an admin should hear about when they pile up: refusals, failures, conflicts. */
export const ALERTABLE_OUTCOMES: readonly DeliveryOutcome[] = ['refused', 'failed', 'conflict'];

/** Codes that an alert can be about. */
export const ALERTABLE_CODES: readonly PortalCode[] = (Object.keys(PORTAL_ANSWERS) as PortalCode[]).filter((code) =>
  ALERTABLE_OUTCOMES.includes(PORTAL_ANSWERS[code].outcome)
);
