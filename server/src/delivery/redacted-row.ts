import type { Core } from '@strapi/strapi';
import iconv from 'iconv-lite';
import type { Redactor } from '../utils/redaction';
import { decodeBody, storableText } from './body';
import { hasValidSignature, signatureOf, type SignedFields } from './log-row';

export interface StoredDeliveryBody extends SignedFields {
  signature: string | null;
}

/**
 * A logged delivery of someone else, with a person's mentions taken out of its body: the new
 * `body`, `rawBase64` and `signature`, or null when the body does not mention them.
 *
 * The exact bytes kept beside a body (another charset, NUL …) are redacted too: decoded as the
 * route decoded them, redacted, encoded again in the same charset (the marker is ASCII), so that
 * a replay reads what the sender sent less the mention; kept only while the text alone does not
 * give them back. The row is signed again when the route's signature held (the plugin itself made
 * the change, and a failed delivery of that other person must stay replayable, or their lead is
 * lost); a row whose signature did not hold stays unsigned, so no forged row is laundered here.
 */
export const redactedDeliveryBody = (
  strapi: Core.Strapi,
  row: StoredDeliveryBody,
  redactor: Redactor
): StoredDeliveryBody | null => {
  if (row.body === null) return null;
  let body: string;
  let rawBase64: string | null = null;
  if (row.rawBase64) {
    const decoded = decodeBody(Buffer.from(row.rawBase64, 'base64'), row.contentType ?? undefined);
    const text = redactor.text(decoded.text);
    if (text === decoded.text && redactor.text(row.body) === row.body) return null;
    const bytes = decoded.charset === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, decoded.charset);
    body = storableText(text);
    rawBase64 = Buffer.from(body, 'utf8').equals(bytes) ? null : bytes.toString('base64');
  } else {
    body = redactor.text(row.body);
    if (body === row.body) return null;
  }
  const redacted = { ...row, body, rawBase64 };
  return { ...redacted, signature: hasValidSignature(strapi, row) ? signatureOf(strapi, redacted) : null };
};
