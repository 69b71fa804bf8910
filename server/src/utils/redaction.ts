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

/** Where the strings of a valid JSON text are (their content, between the quotes); null if the text is not JSON. */
const jsonStringRanges = (text: string): Span[] | null => {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = body.trimStart()[0];
  if (first !== '{' && first !== '[' && first !== '"') return null;
  try {
    JSON.parse(body);
  } catch {
    return null;
  }
  const ranges: Span[] = [];
  for (let at = 0; at < text.length; at += 1) {
    if (text[at] !== '"') continue;
    const start = at + 1;
    for (at = start; at < text.length && text[at] !== '"'; at += 1) if (text[at] === '\\') at += 1;
    ranges.push({ start, end: at });
  }
  return ranges;
};

const inside = (span: Span, ranges: Span[]): boolean => ranges.some((range) => span.start >= range.start && span.end <= range.end);

export interface Redactor {
  /** Where the person is written in `text` (merged, in order). */
  spans(text: string): Span[];
  /**
   * `text` with each span replaced by the marker; everything else byte for byte. In a JSON text a
   * span outside strings (a number) becomes the marker as a string, so the text stays JSON.
   */
  text(text: string): string;
  /**
   * A copy of a parsed JSON value with the person taken out of every string, key and number, and
   * out of objects that carry their phone the portal's way (`ddd` + `phone`, `phoneNumber`).
   * `changed` says whether anything was.
   */
  json(value: unknown): { value: unknown; changed: boolean };
}

/** Deepest a JSON value is walked (the lead route refuses bodies nested deeper than 16). */
const MAX_DEPTH = 64;

export const createRedactor = ({ emails = [], phones = [], cpfs = [], names = [] }: RedactionTerms): Redactor => {
  const finders: SpanFinder[] = [
    ...emails.map(emailFinder),
    ...phones.map(phoneFinder),
    ...cpfs.map(cpfFinder),
    ...names.map(nameFinder),
  ];
  const phoneSet = new Set(phones);

  const spans = (text: string): Span[] => (text ? mergeSpans(finders.flatMap((find) => find(text))) : []);

  const redactText = (text: string): string => {
    const found = spans(text);
    if (!found.length) return text;
    const strings = jsonStringRanges(text);
    let out = '';
    let at = 0;
    for (const span of found) {
      let { start, end } = span;
      let marker = REDACTION_MARKER;
      if (strings && !inside(span, strings)) {
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
      Object.defineProperty(copy, name, { value: walk(item, depth + 1, change), writable: true, enumerable: true, configurable: true });
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
