import fc from 'fast-check';
import iconv from 'iconv-lite';
import { decodeBody, jsonNestingDepth, MAX_BODY_DEPTH, parseLeadJson, storableText } from '../../server/src/delivery/body';

/** One character of any kind: any code point, NUL, or half a surrogate pair. */
const anyUnit = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }), weight: 6 },
  { arbitrary: fc.constantFrom('\u0000', '"', '\\', '[', '{', ']', '}', '\uFEFF', '\uFFFD'), weight: 2 },
  { arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)), weight: 2 }
);
const anyString = fc.string({ unit: anyUnit, maxLength: 20 });

/** JSON values whose strings and keys hold anything, NUL and lone surrogates included. */
const { value: jsonWithAnyText } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: MAX_BODY_DEPTH - 2 },
    fc.constant(null),
    fc.boolean(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    anyString,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(anyString, tie('value'), { maxKeys: 4 })
  ),
}));
const leadObject = fc.dictionary(anyString, jsonWithAnyText, { maxKeys: 6 });

const toWellFormed = (text: string): string => (text as string & { toWellFormed(): string }).toWellFormed();

/**
 * What parseLeadJson should make of a value JSON.parse gave: strings and keys cleaned
 * (NUL → U+FFFD, then lone surrogates as String.prototype.toWellFormed does), integers past
 * 2^53 as text. A reference written independently of the module.
 */
const expectedOf = (value: unknown): unknown => {
  if (typeof value === 'string') return toWellFormed(value.replaceAll('\u0000', '\uFFFD'));
  if (typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value)) return 'an unsafe integer';
  if (Array.isArray(value)) return value.map(expectedOf);
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, expectedOf(key) as string, {
        value: expectedOf(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
};

/** The parsed value with unsafe integers (text) marked, to compare with expectedOf. */
const withTextNumbersMarked = (parsed: unknown, reference: unknown): unknown => {
  if (typeof reference === 'number' && Number.isInteger(reference) && !Number.isSafeInteger(reference)) {
    // kept as text, and the text is that number
    return typeof parsed === 'string' && Number(parsed) === reference ? 'an unsafe integer' : parsed;
  }
  if (Array.isArray(parsed) && Array.isArray(reference))
    return parsed.map((item, i) => withTextNumbersMarked(item, reference[i]));
  if (typeof parsed === 'object' && parsed !== null && typeof reference === 'object' && reference !== null) {
    const referenceByCleanKey = new Map(Object.entries(reference).map(([key, item]) => [expectedOf(key) as string, item]));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(parsed)) {
      Object.defineProperty(copy, key, {
        value: withTextNumbersMarked(item, referenceByCleanKey.get(key)),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return parsed;
};

/** Every string in a value, keys included. */
const stringsOf = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([key, item]) => [key, ...stringsOf(item)]);
  return [];
};

const isStorable = (text: string): boolean =>
  !text.includes('\u0000') && (text as string & { isWellFormed(): boolean }).isWellFormed();

/** How deeply a value nests arrays and objects. */
const depthOf = (value: unknown): number => {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (typeof value === 'object' && value !== null) return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  return 0;
};

describe('storableText (properties)', () => {
  it('gives well-formed, NUL-free text, changing only what toWellFormed and the NUL rule change', () => {
    fc.assert(
      fc.property(fc.string({ unit: anyUnit, maxLength: 60 }), (text) => {
        const stored = storableText(text);
        expect(isStorable(stored)).toBe(true);
        expect(stored).toBe(toWellFormed(text.replaceAll('\u0000', '\uFFFD')));
        expect(storableText(stored)).toBe(stored);
      }),
      { numRuns: 2_000 }
    );
  });
});

describe('parseLeadJson (properties)', () => {
  it('reads any stringified object as JSON.parse does, up to the documented cleaning', () => {
    fc.assert(
      fc.property(leadObject, (object) => {
        const text = JSON.stringify(object);
        const result = parseLeadJson(text);
        if (!result.ok) throw new Error(`refused with ${result.code}: ${text}`);
        expect(stringsOf(result.body).every(isStorable)).toBe(true);
        const reference: unknown = JSON.parse(text);
        expect(withTextNumbersMarked(result.body, reference)).toStrictEqual(expectedOf(reference));
        expect(result.cleaned).toBe(!stringsOf(reference).every(isStorable));
      }),
      { numRuns: 1_000 }
    );
  });

  it('never throws, and refuses exactly what JSON.parse refuses, on mangled JSON', () => {
    const mangled = fc
      .tuple(
        leadObject,
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ unit: anyUnit, maxLength: 2 })), { maxLength: 3 })
      )
      .map(([object, edits]) =>
        edits.reduce((text, [at, removed, inserted]) => {
          const i = at % (text.length + 1);
          return text.slice(0, i) + inserted + text.slice(i + removed);
        }, JSON.stringify(object))
      );
    fc.assert(
      fc.property(fc.oneof(mangled, fc.string({ unit: anyUnit, maxLength: 40 })), (text) => {
        const result = parseLeadJson(text);
        let reference: unknown;
        try {
          reference = JSON.parse(text.replace(/^\uFEFF/, ''));
        } catch {
          expect(result).toEqual({ ok: false, code: jsonNestingDepth(text) > MAX_BODY_DEPTH ? 'BODY_TOO_DEEP' : 'INVALID_JSON' });
          return;
        }
        const isObject = typeof reference === 'object' && reference !== null && !Array.isArray(reference);
        if (depthOf(reference) > MAX_BODY_DEPTH) expect(result).toEqual({ ok: false, code: 'BODY_TOO_DEEP' });
        else if (!isObject) expect(result).toEqual({ ok: false, code: 'BODY_NOT_OBJECT' });
        else expect(result.ok).toBe(true);
      }),
      { numRuns: 3_000 }
    );
  });

  it('keeps the digits of any integer, whatever its size', () => {
    const huge = 10n ** 40n;
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -huge, max: huge }), fc.bigInt({ min: -(2n ** 54n), max: 2n ** 54n })), (integer) => {
        const digits = integer.toString();
        const result = parseLeadJson(`{"originLeadId":${digits},"other":[${digits}]}`);
        if (!result.ok) throw new Error(result.code);
        const { originLeadId, other } = result.body as { originLeadId: unknown; other: unknown[] };
        expect(String(originLeadId)).toBe(digits);
        expect(typeof originLeadId).toBe(Number.isSafeInteger(Number(integer)) ? 'number' : 'string');
        expect(other).toEqual([originLeadId]);
      }),
      { numRuns: 2_000 }
    );
  });

  it('keeps any finite double as the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (double) => {
        const result = parseLeadJson(`{"value":${JSON.stringify(double)}}`);
        if (!result.ok) throw new Error(result.code);
        const { value } = result.body;
        if (Number.isInteger(double) && !Number.isSafeInteger(double)) expect(Number(value)).toBe(double);
        else expect(value).toBe(Object.is(double, -0) ? 0 : double);
      }),
      { numRuns: 2_000 }
    );
  });
});

describe('jsonNestingDepth (properties)', () => {
  // strings made of what could fool a scan: brackets, quotes and backslashes
  const trickyString = fc.string({
    unit: fc.constantFrom('[', ']', '{', '}', '"', '\\', ':', ',', 'a', '\\u005b'),
    maxLength: 12,
  });
  const { value: nested } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'medium', maxDepth: 40 },
      trickyString,
      fc.integer(),
      fc.array(tie('value'), { maxLength: 3 }),
      fc.dictionary(trickyString, tie('value'), { maxKeys: 3 })
    ),
  }));
  /** A value wrapped in arrays and objects, to reach depths beyond the limit. */
  const deep = fc
    .tuple(nested, fc.array(fc.tuple(fc.boolean(), trickyString), { maxLength: 2 * MAX_BODY_DEPTH }))
    .map(([inner, wrappers]) =>
      wrappers.reduce<unknown>((value, [inArray, key]) => (inArray ? [value] : { [key]: value }), inner)
    );

  it('agrees with the nesting of the value, and parseLeadJson refuses exactly the deeper ones', () => {
    fc.assert(
      fc.property(fc.dictionary(trickyString, deep, { minKeys: 1, maxKeys: 2 }), (object) => {
        const text = JSON.stringify(object);
        expect(jsonNestingDepth(text)).toBe(depthOf(object));
        const result = parseLeadJson(text);
        if (depthOf(object) > MAX_BODY_DEPTH) expect(result).toEqual({ ok: false, code: 'BODY_TOO_DEEP' });
        else expect(result).toStrictEqual({ ok: true, body: JSON.parse(text), cleaned: false });
      }),
      { numRuns: 1_000 }
    );
  });
});

describe('decodeBody (properties)', () => {
  const charsets = fc.constantFrom(
    undefined,
    'application/json',
    'application/json; charset=utf-8',
    'application/json; charset=ISO-8859-1',
    'application/json; charset=windows-1252',
    'application/json; charset=utf-16le',
    'application/json; charset=utf-16be',
    'application/json; charset=utf-16',
    'application/json; charset=shift_jis',
    'application/json; charset=x-unknown',
    'application/json; charset=base64',
    'text/plain; charset=utf-7',
    'application/json;charset=',
    ';;charset="'
  );

  it('never throws on any bytes, and the parser never throws on what it gives', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), charsets, (bytes, header) => {
        const decoded = decodeBody(Buffer.from(bytes), header);
        expect(typeof decoded.text).toBe('string');
        expect(() => parseLeadJson(decoded.text)).not.toThrow();
      }),
      { numRuns: 3_000 }
    );
  });

  it('says exact precisely when the bytes are valid UTF-8 free of NUL, for UTF-8', () => {
    const strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    const valid = (bytes: Uint8Array): boolean => {
      try {
        return !strict.decode(bytes).includes('\u0000');
      } catch {
        return false;
      }
    };
    const utf8Bytes = fc.oneof(
      fc.uint8Array({ maxLength: 60 }),
      fc.string({ unit: anyUnit, maxLength: 30 }).map((text) => new Uint8Array(Buffer.from(text, 'utf8')))
    );
    fc.assert(
      fc.property(
        utf8Bytes,
        fc.constantFrom(undefined, 'application/json; charset=utf-8', 'application/json; charset=nope'),
        (bytes, header) => {
          const decoded = decodeBody(Buffer.from(bytes), header);
          expect(decoded.charset).toBe('utf-8');
          expect(decoded.exact).toBe(valid(bytes));
          if (decoded.exact) expect(Buffer.from(storableText(decoded.text), 'utf8').equals(Buffer.from(bytes))).toBe(true);
        }
      ),
      { numRuns: 3_000 }
    );
  });

  it('gives back any lead written in a declared charset', () => {
    const latin = fc.string({ unit: fc.constantFrom(...'aeiouçãõáéíóúâêôàüÇÃÕÁÉ “”‘’—–…€ 0123456789'.split('')), maxLength: 30 });
    fc.assert(
      fc.property(latin, fc.constantFrom('windows-1252', 'utf-16le', 'utf-16be', 'utf-8'), (name, charset) => {
        const text = JSON.stringify({ name });
        const decoded = decodeBody(iconv.encode(text, charset), `application/json; charset=${charset.toUpperCase()}`);
        expect(decoded.text).toBe(text);
        expect(parseLeadJson(decoded.text)).toStrictEqual({ ok: true, body: { name }, cleaned: false });
      }),
      { numRuns: 1_000 }
    );
  });
});
