import { createHmac } from 'node:crypto';
import { isValidDocument, normalizeDocument, documentKind } from './brazilian-document';
import { toPhoneE164 } from './phone';
import { createRedactor, type RedactionTerms } from './redaction';
import type { SubjectKind } from '../../../shared/contracts/privacy';

export type { SubjectKind };
export const SUBJECT_KINDS: readonly SubjectKind[] = ['email', 'phone', 'cpf'];

export interface DataSubject {
  kind: SubjectKind;
  /** Normalised: lower-case e-mail, E.164 phone (`+55…`), CPF's 11 digits. */
  value: string;
  /**
   * Fragments, lower case, every one of which is in any text that mentions the person, however
   * it is spelled: a cheap SQL `LIKE` pre-filter (all of them). `mentions` decides.
   */
  fragments: string[];
}

const EMAIL = /^[^\s@<>,;"']+@[^\s@<>,;"']+\.[^\s@<>,;"']+$/;

/**
 * The normalised identifier, or null when `raw` is not an e-mail address, a Brazilian phone
 * number (any formatting, with or without +55) or a CPF with valid check digits.
 */
export const parseSubject = (kind: SubjectKind, raw: string): DataSubject | null => {
  const text = raw.trim();
  if (kind === 'email') {
    const value = text.toLowerCase();
    return EMAIL.test(value) && value.length <= 254 ? { kind, value, fragments: [value] } : null;
  }
  if (kind === 'phone') {
    const value = toPhoneE164({ phoneNumber: text });
    if (!value) return null;
    // the last four digits and the four before them stay together in every common spelling:
    // 99123-4567, 9 9123-4567, 99123 4567, 9.9123.4567, 3222-4567
    const subscriber = value.slice(5); // +55, two-digit DDD, then 8 or 9 digits
    const last = subscriber.slice(-4);
    const before = subscriber.slice(-8, -4);
    return { kind, value, fragments: before === last ? [last] : [before, last] };
  }
  const value = normalizeDocument(text);
  if (documentKind(value) !== 'cpf' || !isValidDocument(value)) return null;
  return {
    kind,
    value,
    // its three groups of three stay whole, masked or not
    fragments: [...new Set([value.slice(0, 3), value.slice(3, 6), value.slice(6, 9)])],
  };
};

/** The lead fields (top level of a payload, or of its `extraData`) where the portal or a CRM puts the consumer's CPF. */
const CPF_FIELDS = /^(cpf|document|documento|cpfcnpj|cpf_cnpj)$/i;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const digitsOf = (value: unknown): string =>
  typeof value === 'string' || typeof value === 'number' ? String(value).replace(/\D/g, '') : '';

/** The CPFs (11 digits) in a lead body's own CPF fields: its top level, and its `extraData`'s. */
export const contactCpfs = (body: unknown): string[] => {
  if (!isRecord(body)) return [];
  return [body, body.extraData].flatMap((record) =>
    isRecord(record)
      ? Object.entries(record)
          .filter(([key]) => CPF_FIELDS.test(key))
          .map(([, value]) => digitsOf(value))
          .filter((digits) => digits.length === 11)
      : []
  );
};

/**
 * Whether a lead body (a payload, or a raw delivery body parsed) is the person's own contact:
 * its `email`, its phone (`ddd` + `phone`, or `phoneNumber`), or a CPF field of its own or of its
 * `extraData`. A body that only mentions them (in the message, say) is someone else's.
 */
export const ownsContact = (subject: Pick<DataSubject, 'kind' | 'value'>, body: unknown): boolean => {
  if (!isRecord(body)) return false;
  switch (subject.kind) {
    case 'email':
      return typeof body.email === 'string' && body.email.trim().toLowerCase() === subject.value;
    case 'phone':
      return toPhoneE164(body) === subject.value;
    case 'cpf':
      return contactCpfs(body).includes(subject.value);
  }
};

/** The identifier alone, as a redactor's terms. */
export const termsOf = (subject: Pick<DataSubject, 'kind' | 'value'>): RedactionTerms =>
  subject.kind === 'email'
    ? { emails: [subject.value] }
    : subject.kind === 'phone'
      ? { phones: [subject.value] }
      : { cpfs: [subject.value] };

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return undefined;
  }
};

/**
 * Whether `text` (a raw body, a stored payload as JSON, a message, a note) mentions the person:
 * the e-mail as a whole address (any case), the phone in any common spelling (or split in `ddd`
 * and `phone` fields of a JSON body), the CPF masked or not; in a JSON text, also as its strings
 * say it once unescaped. Exactly when a redactor of the identifier would change the text.
 */
export const mentions = (
  subject: Pick<DataSubject, 'kind' | 'value'>,
  text: string | null | undefined,
  redactor = createRedactor(termsOf(subject))
): boolean => {
  if (!text) return false;
  if (redactor.spans(text).length) return true;
  if (!text.includes('{') && !text.includes('[')) return false;
  const parsed = parseJson(text);
  return parsed !== undefined && redactor.json(parsed).changed;
};

/**
 * A reference to the person that the audit log can keep: HMAC-SHA256 of the normalised
 * identifier under the app's keys. The same person always gives the same reference (so an
 * auditor holding the identifier can find its entries), and the reference gives nothing back.
 */
export const subjectReference = (subject: Pick<DataSubject, 'kind' | 'value'>, keys: string[]): string => {
  if (!keys.length) throw new Error('no app keys to derive a subject reference from');
  return createHmac('sha256', keys.join('\u0000'))
    .update(`grupozap-privacy\u0000${subject.kind}\u0000${subject.value}`)
    .digest('hex');
};
