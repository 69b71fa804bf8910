/** Where an identifier is written in a text: `text.slice(start, end)`. */
export interface Span {
  start: number;
  end: number;
}

/** The spans of a set of finders, sorted, overlapping ones merged. */
export const mergeSpans = (spans: Span[]): Span[] => {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Span[] = [];
  for (const span of sorted) {
    const last = out[out.length - 1];
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else out.push({ ...span });
  }
  return out;
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const spansOf = (pattern: RegExp, text: string): Span[] => {
  const out: Span[] = [];
  for (const match of text.matchAll(pattern)) out.push({ start: match.index, end: match.index + match[0].length });
  return out;
};

/** Finds one identifier in texts; built once per identifier, used on many texts. */
export type SpanFinder = (text: string) => Span[];

/**
 * A whole e-mail address in any case: not inside a longer address (`joana@…` for `ana@…`), and a
 * dot after it ends a sentence unless a longer domain goes on (`a@b.com.br` for `a@b.com`).
 * JavaScript's case-insensitive matching without the `u` flag keeps every index in place.
 */
export const emailFinder = (email: string): SpanFinder => {
  const pattern = new RegExp(`(?<![a-z0-9._%+-])${escapeRegExp(email)}(?![a-z0-9_%+-])(?!\\.[a-z0-9])`, 'gi');
  return (text) => spansOf(pattern, text);
};

/** What may stand between two digits of a written phone or CPF: spaces, dots, dashes, brackets, a slash. */
const SEPARATOR = '[\\s.\\-()/]{0,4}';

/**
 * A Brazilian phone (`+55` E.164) as people write it: `+55 48 99123-4567`, `(48) 9 9123-4567`,
 * `48991234567`, `48 99123 4567`, `0xx48 99123-4567`, `(048) 99123.4567`, `5548991234567`.
 * The area code and every digit of the number, in order, with at most four separators (`) - `) between
 * two digits; optionally `+55`, `0055`, `55`, a trunk `0`, `0xx` or `0` and a carrier code in front,
 * and an opening bracket. Never a part of a longer run of digits. A number written without its
 * area code is not found: it names nobody in particular.
 */
export const phoneFinder = (e164: string): SpanFinder => {
  const national = e164.replace(/^\+55/, '');
  const prefix = `(?:(?:\\+|00)\\s?55|55|0\\s?(?:[xX]{2}|\\d{2})?)`;
  const digits = [...national].join(SEPARATOR);
  const pattern = new RegExp(`(?<!\\d)\\(?(?:${prefix}${SEPARATOR})?${digits}(?!\\d)`, 'g');
  return (text) => spansOf(pattern, text);
};

/** A CPF masked (`390.533.447-05`), bare (`39053344705`) or spaced (`390 533 447 05`), not inside a longer number. */
export const cpfFinder = (cpf: string): SpanFinder => {
  const group = (digits: string) => escapeRegExp(digits);
  const pattern = new RegExp(
    `(?<!\\d)${group(cpf.slice(0, 3))}[.\\s]?${group(cpf.slice(3, 6))}[.\\s]?${group(cpf.slice(6, 9))}[-.\\s/]?${group(cpf.slice(9))}(?!\\d)`,
    'g'
  );
  return (text) => spansOf(pattern, text);
};

/** Names shorter than this (in letters) are not looked for: too likely to be part of anything. */
const MIN_NAME_LETTERS = 3;

/**
 * A person's name as a whole (its words in order, any spacing, any case), not inside a longer
 * word. Accents must match: `Otávio` is not `Otavio`.
 */
export const nameFinder = (name: string): SpanFinder => {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.join('').replace(/[^\p{L}]/gu, '').length < MIN_NAME_LETTERS) return () => [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{M}\\p{N}])${words.map(escapeRegExp).join('\\s+')}(?![\\p{L}\\p{M}\\p{N}])`, 'giu');
  return (text) => spansOf(pattern, text);
};
