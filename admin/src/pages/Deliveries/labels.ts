import type { DeliveryOutcome } from '../../../../shared/contracts/deliveries';
import type { Translate } from '../../hooks/useTranslate';

export const OUTCOME_LABELS: Record<DeliveryOutcome, string> = {
  created: 'Created',
  duplicate: 'Duplicate',
  conflict: 'Conflict',
  refused: 'Refused',
  failed: 'Failed',
};

/** The badge colour of each outcome. */
export const OUTCOME_VARIANTS: Record<DeliveryOutcome, 'success' | 'secondary' | 'danger' | 'warning'> = {
  created: 'success',
  duplicate: 'secondary',
  conflict: 'warning',
  refused: 'danger',
  failed: 'warning',
};

/** What each code means, in the words of the README's table of answers. */
export const CODE_DESCRIPTIONS: Record<string, string> = {
  LEAD_CREATED: 'A new lead was stored.',
  LEAD_DUPLICATE: 'The same originLeadId again: counted on the lead already stored.',
  LEAD_ADVERTISER_CONFLICT: 'The same originLeadId again, sent to another advertiser: counted on the lead already stored.',
  INVALID_JSON: 'The body is not JSON.',
  BODY_NOT_OBJECT: 'The body is JSON but not an object.',
  BODY_READ_FAILED: 'The body could not be read (the connection was cut).',
  BODY_TOO_DEEP: 'The body nests objects or arrays more than 16 levels deep.',
  AUTH_REQUIRED: 'No Basic credential was sent.',
  INVALID_CREDENTIALS: 'Wrong user name or secret.',
  IP_NOT_ALLOWED: 'The sender’s address is outside the IP allow-list.',
  ADVERTISER_NOT_FOUND: 'No advertiser has the key in the URL: the portal then deletes the integration.',
  ADVERTISER_INACTIVE: 'The advertiser in the URL is inactive: the portal then deletes the integration.',
  METHOD_NOT_ALLOWED: 'A method other than POST, GET or HEAD.',
  BODY_TOO_LARGE: 'The body is over the size limit (maxBodyBytes).',
  MISSING_ORIGIN_LEAD_ID: 'The lead has no originLeadId.',
  INVALID_ORIGIN_LEAD_ID: 'originLeadId is not text or a number, or is over 255 characters.',
  MISSING_CLIENT_LISTING_ID: 'A listing lead without clientListingId.',
  TOO_MANY_AUTH_FAILURES: 'Too many failed credentials from this address recently.',
  INTERNAL_ERROR: 'An unexpected error: nothing was stored.',
  ROUTE_NOT_FOUND: 'A POST to a URL no lead route serves (e.g. an extra path segment).',
  SECRET_NOT_CONFIGURED: 'No portal secret yet (Settings → Grupo ZAP, or secretKey).',
  AUTH_BUSY: 'Too many unknown credentials to check at once (a flood?): refused at once, the portal retries.',
  STORAGE_UNAVAILABLE: 'The database failed: nothing was stored, the portal retries.',
};

/** The translated meaning of a code, or nothing for a code this admin does not know. */
export const describeCode = (t: Translate, code: string): string | undefined =>
  Object.prototype.hasOwnProperty.call(CODE_DESCRIPTIONS, code) ? t(`code.${code}`, CODE_DESCRIPTIONS[code]) : undefined;

/** Refused (4xx) and failed (5xx) deliveries can be run again once their cause is fixed. */
export const isReplayable = (outcome: DeliveryOutcome) => outcome === 'refused' || outcome === 'failed';
