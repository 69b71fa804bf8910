import { MCMV_ORIGIN } from '../constants';
import type { PortalCode } from '../delivery/answers';
import { normalizeDocument } from './brazilian-document';
import { isJsonObject } from './is-json-object';
import { toPhoneE164 } from './phone';
import { parsePortalTimestamp } from './timestamp';

/** Columns of type `string` are VARCHAR(255) on PostgreSQL and MariaDB. */
const MAX_STRING = 255;

export type PortalBody = Record<string, unknown>;

/** The lead's own columns, derived from a body as the portal sent it. */
export interface LeadFields {
  originLeadId: string;
  leadOrigin: string | null;
  leadType: string | null;
  temperature: string | null;
  transactionType: string | null;
  originTimestamp: Date | null;
  timestampRaw: string | null;
  name: string | null;
  email: string | null;
  ddd: string | null;
  phone: string | null;
  phoneE164: string | null;
  message: string | null;
  clientListingId: string | null;
  originListingId: string | null;
  extraData: Record<string, unknown> | null;
  payload: PortalBody;
}

export type NormalizedLead = { ok: true; lead: LeadFields; sellerDocument: string | null } | { ok: false; code: PortalCode };

/** Strings as sent; numbers (documented as strings, sent as numbers) as their text. */
const text = (value: unknown): string | null => {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return null;
};

/** Cuts to `max` UTF-16 units without splitting a surrogate pair (an emoji) in two. */
const cut = (value: string, max: number): string => {
  if (value.length <= max) return value;
  const end = /[\uD800-\uDBFF]/.test(value[max - 1]) ? max - 1 : max;
  return value.slice(0, end);
};

/** Short columns are cut rather than let a long value fail the insert (the payload keeps it whole). */
const shortText = (value: unknown): string | null => {
  const t = text(value)?.trim();
  return t ? cut(t, MAX_STRING) : null;
};

/** A lead's key that the database can index: trimmed, non-empty, at most 255 characters. */
const originLeadIdOf = (body: PortalBody): { value: string } | { code: PortalCode } => {
  const raw = body.originLeadId;
  if (raw === undefined || raw === null || raw === '') return { code: 'MISSING_ORIGIN_LEAD_ID' };
  // text or a number only: `true` would make every such lead one and the same key
  if (typeof raw !== 'string' && typeof raw !== 'number') return { code: 'INVALID_ORIGIN_LEAD_ID' };
  const value = text(raw)?.trim();
  if (value === undefined || value === '') {
    return typeof raw === 'string' ? { code: 'MISSING_ORIGIN_LEAD_ID' } : { code: 'INVALID_ORIGIN_LEAD_ID' };
  }
  if (value.length > MAX_STRING) return { code: 'INVALID_ORIGIN_LEAD_ID' };
  return { value };
};

/**
 * Reads a portal body leniently: unknown fields are kept in `payload`, unknown enum values are
 * stored as sent, odd timestamps become null beside their raw text. Only what makes a lead
 * unusable is refused: no `originLeadId`, or a listing lead without `clientListingId`.
 */
export const normalizeLeadBody = (body: PortalBody, zonelessTimeZone: string): NormalizedLead => {
  const originLeadId = originLeadIdOf(body);
  if ('code' in originLeadId) return { ok: false, code: originLeadId.code };

  const leadOrigin = shortText(body.leadOrigin);
  const clientListingId = shortText(body.clientListingId);
  if (!clientListingId && leadOrigin !== MCMV_ORIGIN) return { ok: false, code: 'MISSING_CLIENT_LISTING_ID' };

  const extraData = isJsonObject(body.extraData) ? body.extraData : null;
  const mcmv = extraData && isJsonObject(extraData.mcmv) ? extraData.mcmv : null;
  const sellerDocument = text(mcmv?.sellerDocument);

  const timestampRaw = text(body.timestamp);
  const message = text(body.message);

  return {
    ok: true,
    sellerDocument: sellerDocument ? normalizeDocument(sellerDocument) || null : null,
    lead: {
      originLeadId: originLeadId.value,
      leadOrigin,
      leadType: shortText(extraData?.leadType ?? body.leadType),
      temperature: shortText(body.temperature),
      transactionType: shortText(body.transactionType ?? body.transaction_type),
      originTimestamp: parsePortalTimestamp(body.timestamp, zonelessTimeZone),
      timestampRaw: timestampRaw ? cut(timestampRaw, MAX_STRING) : null,
      name: shortText(body.name),
      email: shortText(body.email),
      ddd: shortText(body.ddd),
      phone: shortText(body.phone),
      phoneE164: toPhoneE164({ ddd: body.ddd, phone: body.phone, phoneNumber: body.phoneNumber }),
      message: message && message.trim() !== '' ? message : null,
      clientListingId,
      originListingId: shortText(body.originListingId),
      extraData,
      payload: body,
    },
  };
};
