import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Core } from '@strapi/strapi';
import { MAX_STORED_BODY_CHARS } from '../constants';
import { PORTAL_ANSWERS, type PortalCode } from './answers';
import { storableText } from './body';
import type { DeliveryTrace } from './delivery';

const elapsedMs = (startedAt: bigint): number => Number((process.hrtime.bigint() - startedAt) / 1_000_000n);

const cut = (value: string | null, max: number): string | null => (value === null ? null : value.slice(0, max));

/** What a replay reads back from a row, and what its signature covers. */
export interface SignedFields {
  body: string | null;
  rawBase64: string | null;
  contentType: string | null;
  advertiserKey: string | null;
  path: string | null;
}

/**
 * The key that signs the rows the route writes, from the app's own secret keys: a row forged in
 * the Content Manager or the database cannot be replayed into a lead.
 */
const signingKey = (strapi: Core.Strapi): string => {
  const keys = strapi.config.get<string[] | string | undefined>('server.app.keys');
  return `grupozap-delivery:${Array.isArray(keys) ? keys.join(',') : (keys ?? '')}`;
};

export const signatureOf = (strapi: Core.Strapi, fields: SignedFields): string =>
  createHmac('sha256', signingKey(strapi))
    .update(JSON.stringify([fields.body, fields.rawBase64, fields.contentType, fields.advertiserKey, fields.path]))
    .digest('base64url');

/** Whether a row's stored fields are the ones the route signed. */
export const hasValidSignature = (strapi: Core.Strapi, fields: SignedFields & { signature: string | null }): boolean => {
  if (!fields.signature) return false;
  const expected = Buffer.from(signatureOf(strapi, fields));
  const given = Buffer.from(fields.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
};

/**
 * The delivery-log row of a delivery answered with `code`, its duration counted until now. Raw
 * bodies are kept for authenticated senders only; the exact bytes beside the text when the text
 * does not give them back (another charset, invalid UTF-8, NUL or lone surrogates).
 */
export const deliveryRowOf = (strapi: Core.Strapi, trace: DeliveryTrace, code: PortalCode): Record<string, unknown> => {
  const { incoming } = trace;
  const { status, outcome } = PORTAL_ANSWERS[code];
  const keep = trace.authenticated && trace.text !== null;
  const truncated = keep && (trace.text?.length ?? 0) > MAX_STORED_BODY_CHARS;
  const signed: SignedFields = {
    // cut first, cleaned after: a cut may split an emoji's surrogate pair
    body: keep && trace.text !== null ? storableText(trace.text.slice(0, MAX_STORED_BODY_CHARS)) : null,
    rawBase64: keep && trace.exactBytes && !truncated ? trace.exactBytes.toString('base64') : null,
    contentType: cut(incoming.contentType, 255),
    advertiserKey: cut(incoming.advertiserKey, 255),
    path: cut(incoming.path, 255),
  };
  return {
    ...signed,
    receivedAt: incoming.receivedAt,
    outcome,
    httpStatus: status,
    code,
    originLeadId: cut(trace.originLeadId, 255),
    method: incoming.method,
    ip: incoming.ip,
    userAgent: cut(incoming.userAgent, 255),
    durationMs: elapsedMs(incoming.startedAt),
    bodyBytes: incoming.bodyBytes,
    bodyTruncated: truncated,
    signature: keep && !truncated ? signatureOf(strapi, signed) : null,
  };
};
