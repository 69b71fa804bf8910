import { createHmac } from 'node:crypto';
import { isValidDocument, normalizeDocument, documentKind } from './brazilian-document';
import { toPhoneE164 } from './phone';
import type { SubjectKind } from '../../../shared/contracts/privacy';

export type { SubjectKind };
export const SUBJECT_KINDS: readonly SubjectKind[] = ['email', 'phone', 'cpf'];

export interface DataSubject {
  kind: SubjectKind;
  /** Normalised: lower-case e-mail, E.164 phone (`+55…`), CPF's 11 digits. */
  value: string;
  /**
   * Fragments, lower case, of which at least one is in any text that mentions the person: a
   * cheap SQL `LIKE` pre-filter. `mentions` decides.
   */
  needles: string[];
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
    return EMAIL.test(value) && value.length <= 254 ? { kind, value, needles: [value] } : null;
  }
  if (kind === 'phone') {
    const value = toPhoneE164({ phoneNumber: text });
    if (!value) return null;
    const subscriber = value.slice(5); // +55, two-digit DDD, then 8 or 9 digits
    const split = subscriber.length - 4;
    return {
      kind,
      value,
      needles: [subscriber, `${subscriber.slice(0, split)}-${subscriber.slice(split)}`, `${subscriber.slice(0, split)} ${subscriber.slice(split)}`],
    };
  }
  const value = normalizeDocument(text);
  if (documentKind(value) !== 'cpf' || !isValidDocument(value)) return null;
  return {
    kind,
    value,
    needles: [value, `${value.slice(0, 3)}.${value.slice(3, 6)}.${value.slice(6, 9)}-${value.slice(9)}`],
  };
};

const EMAIL_CHAR = /[a-z0-9._%+-]/i;
const WORD_CHAR = /[a-z0-9]/i;

const mentionsEmail = (email: string, text: string): boolean => {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(email); at !== -1; at = lower.indexOf(email, at + 1)) {
    const before = at > 0 ? lower[at - 1] : '';
    const after = lower[at + email.length] ?? '';
    const afterNext = lower[at + email.length + 1] ?? '';
    const startsClean = !before || !EMAIL_CHAR.test(before);
    // a following dot ends a sentence unless a longer domain goes on (a@b.com.br)
    const endsClean = !after || (after === '.' ? !WORD_CHAR.test(afterNext) : !EMAIL_CHAR.test(after));
    if (startsClean && endsClean) return true;
  }
  return false;
};

/** Runs of digits, possibly broken by spaces, dots, dashes and brackets: `(48) 98862-7634`. */
const NUMBER_RUN = /\+?\d[\d\s().-]*\d/g;

const mentionsPhone = (e164: string, text: string): boolean => {
  for (const run of text.match(NUMBER_RUN) ?? []) {
    if (toPhoneE164({ phoneNumber: run }) === e164) return true;
  }
  return false;
};

const CPF_RUN = /(?<![\dA-Za-z])\d{3}\.?\d{3}\.?\d{3}-?\d{2}(?![\dA-Za-z])/g;

const mentionsCpf = (cpf: string, text: string): boolean =>
  (text.match(CPF_RUN) ?? []).some((run) => run.replace(/\D/g, '') === cpf);

/** Objects in a parsed JSON value that carry a phone the portal's way (`ddd` + `phone`, `phoneNumber`). */
const phoneObjectsMatch = (e164: string, value: unknown, depth = 0): boolean => {
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => phoneObjectsMatch(e164, item, depth + 1));
  const record = value as Record<string, unknown>;
  if (('ddd' in record || 'phone' in record || 'phoneNumber' in record) && toPhoneE164(record) === e164) return true;
  return Object.values(record).some((item) => phoneObjectsMatch(e164, item, depth + 1));
};

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * Whether `text` (a raw body, a stored payload as JSON, a message) mentions the person: the
 * e-mail as a whole address (any case), the phone in any formatting (or split in `ddd` and
 * `phone` fields of a JSON body), the CPF masked or not.
 */
export const mentions = (subject: DataSubject, text: string | null | undefined): boolean => {
  if (!text) return false;
  switch (subject.kind) {
    case 'email':
      return mentionsEmail(subject.value, text);
    case 'cpf':
      return mentionsCpf(subject.value, text);
    case 'phone':
      if (mentionsPhone(subject.value, text)) return true;
      return text.includes('{') && phoneObjectsMatch(subject.value, parseJson(text));
  }
};

/**
 * A reference to the person that the audit log can keep: HMAC-SHA256 of the normalised
 * identifier under the app's keys. The same person always gives the same reference (so an
 * auditor holding the identifier can find its entries), and the reference gives nothing back.
 */
export const subjectReference = (subject: Pick<DataSubject, 'kind' | 'value'>, keys: string[]): string => {
  if (!keys.length) throw new Error('no app keys to derive a subject reference from');
  return createHmac('sha256', keys.join('\u0000')).update(`grupozap-privacy\u0000${subject.kind}\u0000${subject.value}`).digest('hex');
};
