/**
 * The inbox's search term, as the search indexes look for it (see services/search-index.ts).
 *
 * What a term matches, on every database: its text anywhere in a lead's name, e-mail or message,
 * case and accents ignored ("joao" finds "João", "ilva" finds "Silva"); and, when it holds three
 * digits or more, those digits anywhere in the lead's phone numbers, whatever the punctuation of
 * either ("(48) 98862" finds +55 48 98862-7634). An index serves terms of three characters or more.
 */
export interface SearchTerm {
  /** As typed: NFC, without control characters, trimmed. */
  text: string;
  /** Its digits, when three or more: looked for in the phone numbers. */
  digits: string | null;
}

/** The fewest characters an index looks for (trigrams; InnoDB's default token size). */
export const MIN_INDEXED_CHARS = 3;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export const searchTermOf = (q: string | undefined | null): SearchTerm | null => {
  const text = (q ?? '').normalize('NFC').replace(CONTROL, ' ').trim();
  if (!text) return null;
  const digits = text.replace(/\D/g, '');
  return { text, digits: digits.length >= MIN_INDEXED_CHARS ? digits : null };
};

/** Whether an index can serve the term (shorter ones are looked for row by row). */
export const isIndexable = (term: SearchTerm): boolean => [...term.text].length >= MIN_INDEXED_CHARS;

/** `%value%` for LIKE … ESCAPE '\': the term's own `%`, `_` and `\` match themselves. */
export const likeContains = (value: string): string => `%${value.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;

/** An FTS5 string (a phrase): any character may appear between double quotes, `"` doubled. */
export const fts5Phrase = (value: string): string => `"${value.replace(/"/g, '""')}"`;

/** Letters and digits: the words of a term as a FULLTEXT index splits them. */
const WORD = /[\p{L}\p{N}]+/gu;

/** The longest word suffix the MySQL/MariaDB index keeps (see search-index/mysql.ts). */
export const MAX_SUFFIX_CHARS = 30;

/**
 * A FULLTEXT query in boolean mode that every lead holding `text` matches: each word of the term
 * of at least `minToken` characters, as a required prefix (`+word*`), cut to the longest suffix
 * the index keeps. Null when no word is long enough.
 */
export const fulltextPrefixQuery = (text: string, minToken: number): string | null => {
  const words = (text.match(WORD) ?? []).filter((word) => [...word].length >= minToken);
  if (!words.length) return null;
  return [...new Set(words.map((word) => [...word].slice(0, MAX_SUFFIX_CHARS).join('')))].map((word) => `+${word}*`).join(' ');
};
