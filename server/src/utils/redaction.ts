import { toPhoneE164 } from './phone';
import { cpfFinder, emailFinder, mergeSpans, nameFinder, phoneFinder, type Span, type SpanFinder } from './identifier-spans';

/** What stands where a person's identifier was, in someone else's text. */
export const REDACTION_MARKER = '[removido]';

/** The identifiers of one person to take out of texts: e-mails (lower case), phones (E.164), CPFs (11 digits), names. */
export interface RedactionTerms {
  emails?: string[];
  phones?: string[];
  cpfs?: string[];
  names?: string[];
}

/** JSON texts: numbers are redacted with the marker as a string, so the text stays JSON. */
const NUMBER_CHAR = /[-+.eE0-9]/;

/** Deepest a JSON value is walked (the lead route refuses bodies nested deeper than 16). */
export const MAX_DEPTH = 64;

/** A primitive value in a JSON text: where it is written (a string's content, or a number's token). */
interface JsonScalar {
  span: Span;
  /** Its value, parsed (a string unescaped). */
  value: unknown;
}

export interface JsonText {
  /** Where its strings are (their content, between the quotes), keys included. */
  strings: Span[];
  /** The objects that hold `ddd`, `phone` or `phoneNumber` as strings or numbers: those fields. */
  phoneFields: Array<Partial<Record<'ddd' | 'phone' | 'phoneNumber', JsonScalar>>>;
}

const PHONE_KEYS = new Set(['ddd', 'phone', 'phoneNumber']);
const JSON_SPACE = /[ \t\n\r]/;
const TOKEN_END = /[ \t\n\r,\]}]/;

/**
 * Reads a JSON text (already known valid) for where its strings are and which objects carry a
 * phone the portal's way; null when it is not JSON or nests deeper than `MAX_DEPTH`.
 */
export const jsonText = (text: string): JsonText | null => {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[' && first !== '"') return null;
  try {
    JSON.parse(body);
  } catch {
    return null;
  }
  const strings: Span[] = [];
  const phoneFields: JsonText['phoneFields'] = [];
  let at = body === text ? 0 : 1;
  const space = () => {
    while (at < text.length && JSON_SPACE.test(text[at])) at += 1;
  };
  const string = (): Span => {
    const span = { start: at + 1, end: at + 1 };
    for (at += 1; text[at] !== '"'; at += 1) if (text[at] === '\\') at += 1;
    span.end = at;
    at += 1;
    strings.push(span);
    return span;
  };
  const value = (depth: number): JsonScalar | null => {
    if (depth > MAX_DEPTH) throw new RangeError('too deep');
    space();
    const opening = text[at];
    if (opening === '"') {
      const span = string();
      return { span, value: JSON.parse(text.slice(span.start - 1, span.end + 1)) };
    }
    if (opening === '{' || opening === '[') {
      const closing = opening === '{' ? '}' : ']';
      const fields: JsonText['phoneFields'][number] = {};
      at += 1;
      space();
      while (text[at] !== closing) {
        let key: string | null = null;
        if (opening === '{') {
          const span = string();
          key = text.slice(span.start, span.end);
          space();
          at += 1; // the colon
        }
        const item = value(depth + 1);
        if (key && PHONE_KEYS.has(key) && item) fields[key as keyof typeof fields] = item;
        space();
        if (text[at] === ',') at += 1;
        space();
      }
      at += 1;
      if (Object.keys(fields).length) phoneFields.push(fields);
      return null;
    }
    const start = at;
    while (at < text.length && !TOKEN_END.test(text[at])) at += 1;
    const token = text.slice(start, at);
    return /^-?\d/.test(token) ? { span: { start, end: at }, value: token } : null;
  };
  try {
    value(0);
  } catch {
    return null;
  }
  return { strings, phoneFields };
};

const inside = (span: Span, ranges: Span[]): boolean =>
  ranges.some((range) => span.start >= range.start && span.end <= range.end);

export interface Redactor {
  /** Where the person is written in `text` (merged, in order). */
  spans(text: string): Span[];
  /**
   * `text` with each span replaced by the marker; everything else byte for byte. In a JSON text a
   * span outside strings (a number) becomes the marker as a string, so the text stays JSON; and a
   * phone split over fields (`"ddd":"48","phone":"991234567"`) loses its number.
   */
  text(text: string): string;
  /**
   * A copy of a parsed JSON value with the person taken out of every string, key and number, and
   * out of objects that carry their phone the portal's way (`ddd` + `phone`, `phoneNumber`).
   * `changed` says whether anything was.
   */
  json(value: unknown): { value: unknown; changed: boolean };
}

export const createRedactor = ({ emails = [], phones = [], cpfs = [], names = [] }: RedactionTerms): Redactor => {
  const finders: SpanFinder[] = [
    ...emails.map(emailFinder),
    ...phones.map(phoneFinder),
    ...cpfs.map(cpfFinder),
    ...names.map(nameFinder),
  ];
  const phoneSet = new Set(phones);

  const spans = (text: string): Span[] => (text ? mergeSpans(finders.flatMap((find) => find(text))) : []);

  /** In a JSON text, the numbers of the objects that carry one of the phones split over fields (`"ddd":"48","phone":"99123 4567"`). */
  const splitSpans = (json: JsonText): Span[] =>
    json.phoneFields.flatMap((fields) => {
      const e164 = toPhoneE164({ ddd: fields.ddd?.value, phone: fields.phone?.value, phoneNumber: fields.phoneNumber?.value });
      return e164 && phoneSet.has(e164)
        ? [fields.phone?.span, fields.phoneNumber?.span].filter((span): span is Span => Boolean(span))
        : [];
    });

  const redactText = (text: string): string => {
    let found = spans(text);
    const json = found.length || (phoneSet.size && /^\uFEFF?\s*[[{]/.test(text)) ? jsonText(text) : null;
    if (json && phoneSet.size) found = mergeSpans([...found, ...splitSpans(json)]);
    if (!found.length) return text;
    let out = '';
    let at = 0;
    for (const span of found) {
      let { start, end } = span;
      let marker = REDACTION_MARKER;
      if (json && !inside(span, json.strings)) {
        // the whole number it is part of, quoted
        while (start > at && NUMBER_CHAR.test(text[start - 1])) start -= 1;
        while (end < text.length && NUMBER_CHAR.test(text[end])) end += 1;
        marker = JSON.stringify(REDACTION_MARKER);
      }
      out += text.slice(at, start) + marker;
      at = end;
    }
    return out + text.slice(at);
  };

  const walk = (value: unknown, depth: number, change: { changed: boolean }): unknown => {
    if (typeof value === 'string') {
      const redacted = redactText(value);
      if (redacted !== value) change.changed = true;
      return redacted;
    }
    if (typeof value === 'number' || typeof value === 'bigint') {
      if (!spans(String(value)).length) return value;
      change.changed = true;
      return REDACTION_MARKER;
    }
    if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
    if (Array.isArray(value)) return value.map((item) => walk(item, depth + 1, change));
    const record = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) {
      const name = walk(key, depth + 1, change) as string;
      Object.defineProperty(copy, name, {
        value: walk(item, depth + 1, change),
        writable: true,
        enumerable: true,
        configurable: true,
      });
    }
    // a phone split over fields names the person though no field does alone
    if (phoneSet.size && ('ddd' in record || 'phone' in record || 'phoneNumber' in record)) {
      const e164 = toPhoneE164(record);
      if (e164 && phoneSet.has(e164)) {
        for (const key of ['phone', 'phoneNumber']) if (key in copy) copy[key] = REDACTION_MARKER;
        change.changed = true;
      }
    }
    return copy;
  };

  return {
    spans,
    text: redactText,
    json(value) {
      const change = { changed: false };
      const redacted = walk(value, 0, change);
      return { value: change.changed ? redacted : value, changed: change.changed };
    },
  };
};
