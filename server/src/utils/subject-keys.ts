import { createHash } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { isValidCpf } from '@brazilian-utils/brazilian-utils';
import { contactCpfs, type DataSubject } from './data-subject';
import { toPhoneE164 } from './phone';
import { MAX_DEPTH, jsonText } from './redaction';

/**
 * The data-subject keys of a text: every e-mail address, Brazilian phone (E.164) and valid CPF
 * that `mentions()` could find in it, however it is written, as a 64-bit hash each. A record's
 * keys are kept in the subject-key table (services/subject-keys.ts), so that a person is looked up
 * by index instead of a scan. The keys are a superset: each finder of identifier-spans.ts is
 * mirrored here with its own boundaries (an e-mail's, a phone's separators and prefixes, a CPF's
 * masks), and JSON texts are walked as the redactor walks them (strings, keys, numbers, a phone
 * split over `ddd` and `phone`). Pure code (`mentions`, `ownsContact`) still decides on the
 * records the keys lead to: a key found too many (a number that only looks like a phone) costs a
 * row read, never a wrong answer.
 */

export type SubjectKeyKind = DataSubject['kind'];

/** A key as the database stores it: a signed 64-bit integer, written in decimal. */
export type SubjectKey = string;

/**
 * A record with more keys than this is given the one key OVERFLOW_KEY instead: every lookup reads
 * it (a hostile text full of `@` would otherwise write tens of thousands of rows).
 */
export const MAX_KEYS_PER_RECORD = 1_000;
export const OVERFLOW_KEY: SubjectKey = '0';

/**
 * How JavaScript's case-insensitive matching without the `u` flag compares a character (the
 * spec's Canonicalize): its upper case when that is one code unit, and not ASCII from non-ASCII.
 * Two texts match case-insensitively exactly when their canonical forms are equal.
 */
const canonical = (text: string): string => {
  let out = '';
  for (let at = 0; at < text.length; at += 1) {
    const unit = text[at];
    const upper = unit.toUpperCase();
    out += upper.length !== 1 || (unit.charCodeAt(0) >= 128 && upper.charCodeAt(0) < 128) ? unit : upper;
  }
  return out;
};

/** The value a kind's key is made of: an e-mail in canonical case, a phone's E.164, a CPF's 11 digits. */
const keyValue = (kind: SubjectKeyKind, value: string): string => (kind === 'email' ? canonical(value) : value);

/** First 8 bytes of SHA-256 of `kind \0 value`, as a signed 64-bit integer in decimal. */
export const subjectKeyOf = (subject: Pick<DataSubject, 'kind' | 'value'>): SubjectKey => {
  const digest = createHash('sha256')
    .update(`${subject.kind}\u0000${keyValue(subject.kind, subject.value)}`)
    .digest();
  return digest.readBigInt64BE(0).toString();
};

/** The identifiers found, before hashing (tests read them). */
export type FoundIdentifiers = Set<string>;

const add = (into: FoundIdentifiers, kind: SubjectKeyKind, value: string) => into.add(`${kind}\u0000${keyValue(kind, value)}`);

// --- e-mail (identifier-spans.ts: emailFinder; data-subject.ts: parseSubject's EMAIL) ---

/** Characters an e-mail subject never holds. */
const NOT_IN_EMAIL = /[\s@<>,;"']/;
/** A character that may not stand right before the address. */
const BEFORE_EMAIL = /[a-z0-9._%+-]/i;
/** A character that may not stand right after it. */
const AFTER_EMAIL = /[a-z0-9_%+-]/i;
const ALNUM = /[a-z0-9]/i;
const MAX_EMAIL = 254;

const emailsIn = (text: string, into: FoundIdentifiers) => {
  for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
    let first = at;
    while (first > 0 && at - first < MAX_EMAIL && !NOT_IN_EMAIL.test(text[first - 1])) first -= 1;
    let last = at + 1;
    while (last < text.length && last - at <= MAX_EMAIL && !NOT_IN_EMAIL.test(text[last])) last += 1;
    // ends: after a domain holding a dot with something before and after it
    const ends: number[] = [];
    let dot = -1;
    for (let end = at + 1; end <= last; end += 1) {
      if (end > at + 2 && text[end - 2] === '.' && dot === -1) dot = end - 2;
      if (dot === -1) continue;
      const next = text[end];
      if (next !== undefined && AFTER_EMAIL.test(next)) continue;
      if (next === '.' && ALNUM.test(text[end + 1] ?? '')) continue;
      ends.push(end);
    }
    if (!ends.length) continue;
    for (let start = first; start < at; start += 1) {
      if (start > 0 && BEFORE_EMAIL.test(text[start - 1])) continue;
      for (const end of ends) if (end - start <= MAX_EMAIL) add(into, 'email', text.slice(start, end));
    }
  }
};

// --- phone (identifier-spans.ts: phoneFinder) ---

const isDigit = (char: string | undefined): boolean => char !== undefined && char >= '0' && char <= '9';
const PHONE_SEPARATOR = /[\s.\-()/]/;
/** At most this many separators between two digits of a phone. */
const MAX_SEPARATORS = 4;
/** What may be written right before the area code (the finder's prefix, with its opening bracket). */
const PHONE_PREFIX = /^\(?(?:(?:\+|00)\s?55|55|0\s?(?:[xX]{2}|\d{2})?)$/;
const MAX_PREFIX = 7;
/**
 * Brazil's national numbers as libphonenumber's metadata describes them (8 to 11 digits): a cheap
 * first cut before it parses a candidate (tests/unit/subject-keys.test.ts compares the two).
 */
export const BRAZILIAN_NATIONAL_NUMBER = /^(?:[1-467]\d{9,10}|55[0-46-9]\d{8}|[34]\d{7}|55\d{7,8}|(?:5[0-46-9]|[89]\d)\d{7,9})$/;

const validPhones = new Map<string, boolean>();
const isBrazilianE164 = (e164: string): boolean => {
  const known = validPhones.get(e164);
  if (known !== undefined) return known;
  const parsed = parsePhoneNumberFromString(e164);
  const valid = Boolean(parsed?.isValid() && parsed.number === e164);
  if (validPhones.size >= 10_000) validPhones.clear();
  validPhones.set(e164, valid);
  return valid;
};

/** Whether the finder's prefix (`+55`, `0xx`, `055`…) ends right before `at`, itself after no digit. */
const prefixEndsAt = (text: string, at: number): boolean => {
  for (let start = at - 1; start >= Math.max(0, at - MAX_PREFIX); start -= 1) {
    if (start > 0 && isDigit(text[start - 1])) continue;
    if (PHONE_PREFIX.test(text.slice(start, at))) return true;
  }
  return false;
};

const phonesIn = (text: string, into: FoundIdentifiers) => {
  // chains: digits with at most MAX_SEPARATORS separators between two of them
  let chain: number[] = [];
  const flush = () => {
    for (let last = 0; last < chain.length; last += 1) {
      const end = chain[last];
      if (isDigit(text[end + 1])) continue;
      for (let length = 8; length <= 11 && length <= last + 1; length += 1) {
        const first = chain[last - length + 1];
        if (first > 0 && isDigit(text[first - 1]) && !prefixEndsAt(text, first)) continue;
        let national = '';
        for (let index = last - length + 1; index <= last; index += 1) national += text[chain[index]];
        if (BRAZILIAN_NATIONAL_NUMBER.test(national) && isBrazilianE164(`+55${national}`)) add(into, 'phone', `+55${national}`);
      }
    }
    chain = [];
  };
  let gap = 0;
  for (let at = 0; at < text.length; at += 1) {
    const char = text[at];
    if (isDigit(char)) {
      chain.push(at);
      gap = 0;
    } else if (chain.length && PHONE_SEPARATOR.test(char) && gap < MAX_SEPARATORS) gap += 1;
    else if (chain.length) {
      flush();
      gap = 0;
    }
  }
  flush();
};

// --- CPF (identifier-spans.ts: cpfFinder) ---

const CPF_AT = /(\d{3})[.\s]?(\d{3})[.\s]?(\d{3})[-.\s/]?(\d{2})(?!\d)/y;

const cpfsIn = (text: string, into: FoundIdentifiers) => {
  for (let at = 0; at < text.length; at += 1) {
    if (!isDigit(text[at]) || isDigit(text[at - 1])) continue;
    CPF_AT.lastIndex = at;
    const match = CPF_AT.exec(text);
    if (!match) continue;
    const cpf = match.slice(1, 5).join('');
    if (isValidCpf(cpf)) add(into, 'cpf', cpf);
  }
};

const spansIn = (text: string, into: FoundIdentifiers) => {
  if (!text) return;
  if (text.includes('@')) emailsIn(text, into);
  phonesIn(text, into);
  cpfsIn(text, into);
};

// --- JSON (data-subject.ts: mentions; redaction.ts: the redactor's walk) ---

const LOOKS_JSON = /^\uFEFF?\s*[[{]/;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
};

const phoneText = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? `${typeof value}:${String(value)}` : '';
const e164s = new Map<string, string | null>();

/** `toPhoneE164` of the record's phone fields (remembered: parsing a number costs tens of microseconds). */
const phoneOf = (record: Record<string, unknown>, into: FoundIdentifiers) => {
  const memo = `${phoneText(record.ddd)}\u0000${phoneText(record.phone)}\u0000${phoneText(record.phoneNumber)}`;
  let e164 = e164s.get(memo);
  if (e164 === undefined) {
    e164 = toPhoneE164(record);
    if (e164s.size >= 10_000) e164s.clear();
    e164s.set(memo, e164);
  }
  if (e164) add(into, 'phone', e164);
};

/** A string as the redactor reads it: its spans, and a phone split over the fields of the JSON it may hold. */
const stringIn = (text: string, into: FoundIdentifiers) => {
  spansIn(text, into);
  if (!LOOKS_JSON.test(text)) return;
  for (const fields of jsonText(text)?.phoneFields ?? []) {
    phoneOf({ ddd: fields.ddd?.value, phone: fields.phone?.value, phoneNumber: fields.phoneNumber?.value }, into);
  }
};

const walk = (value: unknown, depth: number, into: FoundIdentifiers) => {
  if (typeof value === 'string') return stringIn(value, into);
  if (typeof value === 'number' || typeof value === 'bigint') return spansIn(String(value), into);
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, depth + 1, into);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const [key, item] of Object.entries(record)) {
    walk(key, depth + 1, into);
    walk(item, depth + 1, into);
  }
  if ('ddd' in record || 'phone' in record || 'phoneNumber' in record) phoneOf(record, into);
};

/** Every identifier `mentions()` could find in `text` (and some it would not). */
export const identifiersIn = (text: string | null | undefined, into: FoundIdentifiers = new Set()): FoundIdentifiers => {
  if (!text) return into;
  spansIn(text, into);
  if (text.includes('{') || text.includes('[')) {
    const parsed = parseJson(text);
    if (parsed !== undefined) walk(parsed, 0, into);
  }
  return into;
};

/** A stored value as the privacy code reads it for mentions: a text as it is, JSON written out. */
export const asText = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/** A stored JSON value as the privacy code reads it for a contact: parsed when it is a text. */
export const parseStored = (value: unknown): unknown => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The identifiers `ownsContact()` could find a body to be of: its e-mail, its phone, its CPF fields. */
export const contactIdentifiers = (body: unknown, into: FoundIdentifiers = new Set()): FoundIdentifiers => {
  if (!isRecord(body)) return into;
  if (typeof body.email === 'string') add(into, 'email', body.email.trim().toLowerCase());
  phoneOf(body, into);
  for (const cpf of contactCpfs(body)) add(into, 'cpf', cpf);
  return into;
};

/** The keys of a record's identifiers; OVERFLOW_KEY alone when there are too many. */
export const keysOf = (found: FoundIdentifiers): SubjectKey[] => {
  if (found.size > MAX_KEYS_PER_RECORD) return [OVERFLOW_KEY];
  const keys = new Set<SubjectKey>();
  for (const identifier of found) {
    const separator = identifier.indexOf('\u0000');
    keys.add(subjectKeyOf({ kind: identifier.slice(0, separator) as SubjectKeyKind, value: identifier.slice(separator + 1) }));
  }
  return [...keys];
};

/** Whether `found` holds the person (tests). */
export const holdsSubject = (found: FoundIdentifiers, subject: Pick<DataSubject, 'kind' | 'value'>): boolean =>
  found.has(`${subject.kind}\u0000${keyValue(subject.kind, subject.value)}`);
