import contentType from 'content-type';
import iconv from 'iconv-lite';
import { isLosslessNumber, isSafeNumber, LosslessNumber, parse as parseLossless } from 'lossless-json';
import { isJsonObject } from '../utils/is-json-object';

/**
 * The deepest nesting a lead body may have (the body itself is depth 1; real bodies reach 4:
 * body → extraData → mcmv → propertyLocation). MariaDB refuses a JSON column value nested 32
 * deep (json_valid's limit, enforced by the column's CHECK), and the body is stored whole as the
 * lead's `payload`: 16 stays well below that, leaves room for a wrapper around the payload, and
 * keeps the recursive parser's stack small. Deeper bodies are refused before parsing.
 */
export const MAX_BODY_DEPTH = 16;

/** Why a body is not a lead object; each is a 400 with this code. */
export type BodyFault = 'INVALID_JSON' | 'BODY_NOT_OBJECT' | 'BODY_TOO_DEEP';

export type LeadJson = { ok: true; body: Record<string, unknown>; cleaned: boolean } | { ok: false; code: BodyFault };

export interface DecodedBody {
  /** What the bytes say; may hold NUL or (from UTF-16) lone surrogates: store it via storableText. */
  text: string;
  /** The charset the bytes were decoded with, lower case. */
  charset: string;
  /** `storableText(text)` in UTF-8 is the bytes themselves: the log needs no copy of the bytes. */
  exact: boolean;
}

// NUL (what PostgreSQL refuses in text: the control character is the point), and any surrogate
// that is not half of a pair
// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text safe for PostgreSQL and MariaDB text and JSON columns: NUL (which PostgreSQL refuses in
 * text and in jsonb) and lone surrogates (refused by jsonb and by MariaDB's JSON check) become
 * U+FFFD. Everything else is kept.
 */
export const storableText = (text: string): string => text.replace(UNSTORABLE, '\uFFFD');

const UTF8 = 'utf-8';
const UTF8_LABELS = new Set(['utf8', 'unicode11utf8', 'unicode20utf8', 'xunicode20utf8']);
// As browsers do (WHATWG Encoding Standard): these labels mean windows-1252, which senders
// declaring ISO-8859-1 use in practice (curly quotes, €).
const WINDOWS_1252_LABELS = new Set([
  'iso88591',
  'latin1',
  'l1',
  'usascii',
  'ascii',
  'cp819',
  'ibm819',
  'csisolatin1',
  'isoir100',
  'ansix341968',
  'cp1252',
  'xcp1252',
]);
// iconv-lite also knows Node's binary-to-text encodings, which are not charsets
const NOT_CHARSETS = new Set(['base64', 'base64url', 'hex']);

const declaredCharset = (header: string | undefined): string | undefined => {
  if (!header) return undefined;
  try {
    return contentType.parse(header).parameters.charset;
  } catch {
    // a header the strict parser refuses (a trailing `;`, say) may still name its charset
    return /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(header)?.[1];
  }
};

/** The charset to decode with: the declared one if we know it, else UTF-8. */
const charsetFor = (header: string | undefined): string => {
  const label = declaredCharset(header)?.trim().toLowerCase();
  if (!label) return UTF8;
  const key = label.replace(/[^a-z0-9]/g, '');
  if (UTF8_LABELS.has(key)) return UTF8;
  if (WINDOWS_1252_LABELS.has(key)) return 'windows-1252';
  if (NOT_CHARSETS.has(key) || !iconv.encodingExists(label)) return UTF8;
  return label;
};

/**
 * Bytes → text, honouring the charset the Content-Type declares; an unknown or missing charset
 * is read as UTF-8. Invalid sequences become U+FFFD; a BOM is kept (parseLeadJson skips it).
 */
export const decodeBody = (bytes: Buffer, contentTypeHeader: string | undefined): DecodedBody => {
  const charset = charsetFor(contentTypeHeader);
  const text = charset === UTF8 ? bytes.toString('utf8') : iconv.decode(bytes, charset, { stripBOM: false });
  return { text, charset, exact: Buffer.from(storableText(text), 'utf8').equals(bytes) };
};

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * How deeply the JSON text nests objects and arrays, in one pass without recursion: brackets
 * inside strings do not count, and a backslash in a string escapes the character after it.
 * On invalid JSON the answer is at least as deep as any prefix a parser would accept.
 */
export const jsonNestingDepth = (text: string): number => {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      for (i += 1; i < text.length && text.charCodeAt(i) !== QUOTE; i += 1) {
        if (text.charCodeAt(i) === BACKSLASH) i += 1;
      }
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth += 1;
      if (depth > deepest) deepest = depth;
    } else if ((code === CLOSE_BRACE || code === CLOSE_BRACKET) && depth > 0) {
      depth -= 1;
    }
  }
  return deepest;
};

/**
 * A number as a double when the double gives back its digits, else its exact text: an id such
 * as 12345678901234567890 must not become 12345678901234567000 (and one with its neighbour).
 * Integers beyond ±2^53 are always text, even those a double happens to hold.
 */
const numberOf = (digits: string): number | string => (isSafeNumber(digits) ? Number(digits) : digits);

const setOwn = (object: Record<string, unknown>, key: string, value: unknown): void => {
  if (key === '__proto__') {
    // an own data property, as JSON.parse makes it; assigning would set the prototype instead
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
};

/** A copy of a parsed value with every string, keys included, made storable. */
const storableValue = (value: unknown, changes: { cleaned: boolean }): unknown => {
  if (isLosslessNumber(value)) return numberOf(value.value);
  if (typeof value === 'string') {
    const text = storableText(value);
    if (text !== value) changes.cleaned = true;
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => storableValue(item, changes));
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      // two keys that clean to the same text: the later one wins, as with a repeated key
      setOwn(copy, storableValue(key, changes) as string, storableValue(item, changes));
    }
    return copy;
  }
  return value;
};

/**
 * A lead body's JSON object. A leading BOM is skipped; the nesting is checked before parsing;
 * numbers a double cannot give back digit for digit are kept as their text; every string and key
 * is made storable (`cleaned` says whether one was changed); a repeated key keeps its last value
 * and `__proto__` stays an ordinary own property, both as with JSON.parse.
 */
export const parseLeadJson = (text: string): LeadJson => {
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (jsonNestingDepth(json) > MAX_BODY_DEPTH) return { ok: false, code: 'BODY_TOO_DEEP' };
  let parsed: unknown;
  try {
    parsed = parseLossless(json, null, {
      parseNumber: (digits: string) => new LosslessNumber(digits),
      onDuplicateKey: ({ newValue }) => newValue,
    });
  } catch {
    return { ok: false, code: 'INVALID_JSON' };
  }
  if (!isJsonObject(parsed) || isLosslessNumber(parsed)) return { ok: false, code: 'BODY_NOT_OBJECT' };
  const changes = { cleaned: false };
  const body = storableValue(parsed, changes) as Record<string, unknown>;
  // the portal's lead id digit for digit: its text whenever a number would not give it back (-0, 1e3)
  const id = parsed.originLeadId;
  if (isLosslessNumber(id) && String(Number(id.value)) !== id.value) body.originLeadId = id.value;
  return { ok: true, body, cleaned: changes.cleaned };
};
