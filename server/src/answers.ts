import { errors } from '@strapi/utils';

/**
 * Every answer the lead route can give, with its HTTP status. The portal only reads the
 * status; the code is for people and scripts reading the delivery log. Codes are stable:
 * they are documented in the README and never renamed.
 */
export const PORTAL_ANSWERS = {
  LEAD_CREATED: { status: 201, message: 'Lead stored.' },
  LEAD_DUPLICATE: { status: 200, message: 'Lead already stored; delivery counted.' },
  ENDPOINT_OK: { status: 200, message: 'Grupo ZAP lead endpoint.' },
  INVALID_JSON: { status: 400, message: 'The body is not valid JSON.' },
  BODY_NOT_OBJECT: { status: 400, message: 'The body must be a JSON object.' },
  BODY_READ_FAILED: { status: 400, message: 'The body could not be read.' },
  AUTH_REQUIRED: { status: 401, message: 'Basic authentication is required.' },
  INVALID_CREDENTIALS: { status: 401, message: 'Wrong user name or secret.' },
  IP_NOT_ALLOWED: { status: 403, message: 'This address may not post leads.' },
  ADVERTISER_NOT_FOUND: { status: 404, message: 'No advertiser has this key.' },
  ADVERTISER_INACTIVE: { status: 404, message: 'This advertiser is deactivated.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'Leads are posted with POST.' },
  BODY_TOO_LARGE: { status: 413, message: 'The body is larger than the configured limit.' },
  MISSING_ORIGIN_LEAD_ID: { status: 422, message: 'originLeadId is required.' },
  INVALID_ORIGIN_LEAD_ID: { status: 422, message: 'originLeadId must be a string of at most 255 characters.' },
  MISSING_CLIENT_LISTING_ID: { status: 422, message: 'clientListingId is required for listing leads.' },
  TOO_MANY_AUTH_FAILURES: { status: 429, message: 'Too many failed credentials from this address.' },
  INTERNAL_ERROR: { status: 500, message: 'Unexpected error; the lead was not stored.' },
  ROUTE_NOT_FOUND: { status: 500, message: 'No lead route at this URL; check the URL registered with the portal.' },
  SECRET_NOT_CONFIGURED: { status: 503, message: 'The lead endpoint has no secret configured.' },
  AUTH_BUSY: { status: 503, message: 'Too many credentials to check right now; please retry.' },
  STORAGE_UNAVAILABLE: { status: 503, message: 'The lead could not be stored; please retry.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type PortalCode = keyof typeof PORTAL_ANSWERS;

export const isPortalCode = (value: unknown): value is PortalCode =>
  typeof value === 'string' && Object.prototype.hasOwnProperty.call(PORTAL_ANSWERS, value);

export interface PortalRefusalDetails {
  code: PortalCode;
  status: number;
}

/** A deliberate refusal of a delivery, with the status and code the portal must get. */
export class PortalRefusalError extends errors.ApplicationError<string, string, PortalRefusalDetails> {
  constructor(message: string, details: PortalRefusalDetails) {
    super(message, details);
    this.name = 'PortalRefusalError';
  }
}

/**
 * The error to throw for a refusal. One class for all statuses: Strapi's authorize middleware
 * would swallow the details of its own 401/403 errors. The delivery middleware, which wraps
 * every request to the lead route, answers with the status and code in the details.
 */
export const portalRefusal = (code: PortalCode): PortalRefusalError => {
  const { status, message } = PORTAL_ANSWERS[code];
  return new PortalRefusalError(message, { code, status });
};

/** A refusal thrown by the plugin (as opposed to a failure nobody planned for). */
export const isPortalRefusal = (error: unknown): error is PortalRefusalError => error instanceof PortalRefusalError;
