import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { decodeBody, jsonNestingDepth, MAX_BODY_DEPTH, parseLeadJson, storableText } from '../../server/src/delivery/body';
import { FIXTURES_DIR, fixtureNames } from '../helpers/fixtures';

/** The body of an accepted parse, or a failed expectation naming the code that came back. */
const bodyOf = (text: string): Record<string, unknown> => {
  const result = parseLeadJson(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text.slice(0, 80))} to parse, got ${result.code}`);
  return result.body;
};

const codeOf = (text: string): string => {
  const result = parseLeadJson(text);
  return result.ok ? 'ok' : result.code;
};

/** `{"a":{"a":…{}…}}` nesting `depth` objects (the outer one included). */
const nestedObjects = (depth: number): string => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`;
/** An object holding arrays, nesting `depth` in all. */
const nestedArrays = (depth: number): string => `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;

describe('decodeBody', () => {
  const lead = '{"name":"João Conceição","message":"“Olá”, à tarde — 5 €"}';

  it('reads UTF-8 when no charset is declared, and says the text is the bytes', () => {
    const bytes = Buffer.from(lead, 'utf8');
    for (const header of [undefined, '', 'application/json', 'text/plain', 'garbage;;;=']) {
      expect(decodeBody(bytes, header)).toEqual({ text: lead, charset: 'utf-8', exact: true });
    }
    expect(decodeBody(bytes, 'application/json; charset=UTF-8')).toEqual({ text: lead, charset: 'utf-8', exact: true });
    expect(decodeBody(bytes, 'application/json;charset="utf8"').text).toBe(lead);
  });

  it.each([
    ['ISO-8859-1', 'latin1'],
    ['iso-8859-1', 'latin1'],
    ['latin1', 'latin1'],
    ['windows-1252', 'windows-1252'],
    ['cp1252', 'windows-1252'],
  ])('decodes charset=%s (bytes written as %s)', (declared, written) => {
    const text = '{"name":"João Conceição","message":"à tarde, ação"}';
    const bytes = iconv.encode(text, written);
    expect(bytes.length).toBe(text.length); // one byte a character: really not UTF-8
    const decoded = decodeBody(bytes, `application/json; charset=${declared}`);
    expect(decoded).toEqual({ text, charset: 'windows-1252', exact: false });
    expect(bodyOf(decoded.text).name).toBe('João Conceição');
  });

  it('reads ISO-8859-1 as windows-1252, as browsers do: curly quotes and € survive', () => {
    const bytes = iconv.encode(lead, 'windows-1252');
    expect(decodeBody(bytes, 'application/json; charset=ISO-8859-1').text).toBe(lead);
  });

  it.each(['utf-16le', 'UTF-16BE', 'utf-16'])('decodes %s, its BOM kept for the parser to skip', (charset) => {
    const encoding = charset.toLowerCase() === 'utf-16be' ? 'utf-16be' : 'utf-16le';
    const bytes = iconv.encode(`\uFEFF${lead}`, encoding);
    const decoded = decodeBody(bytes, `application/json; charset="${charset}"`);
    expect(decoded.text.replace(/^\uFEFF/, '')).toBe(lead);
    expect(decoded.exact).toBe(false);
    expect(bodyOf(decoded.text)).toEqual(JSON.parse(lead));
  });

  it('decodes other charsets iconv-lite knows (Shift_JIS, KOI8-R)', () => {
    const japanese = '{"name":"山田太郎"}';
    expect(decodeBody(iconv.encode(japanese, 'shift_jis'), 'application/json; charset=Shift_JIS').text).toBe(japanese);
    const russian = '{"name":"Иван"}';
    expect(decodeBody(iconv.encode(russian, 'koi8-r'), 'application/json; charset=KOI8-R').text).toBe(russian);
  });

  it('reads UTF-8 for an unknown charset, and for binary-to-text encodings that are no charsets', () => {
    const bytes = Buffer.from(lead, 'utf8');
    for (const charset of ['x-klingon', 'base64', 'hex', 'utf-8000', '']) {
      expect(decodeBody(bytes, `application/json; charset=${charset}`)).toEqual({ text: lead, charset: 'utf-8', exact: true });
    }
  });

  it('still finds the charset of a header the strict parser refuses', () => {
    const bytes = iconv.encode(lead, 'windows-1252');
    expect(decodeBody(bytes, 'application/json; charset=iso-8859-1;').text).toBe(lead);
    expect(decodeBody(bytes, 'application/json ; charset = "ISO-8859-1" ; foo').text).toBe(lead);
  });

  it('replaces invalid UTF-8 by U+FFFD and says the bytes were not kept', () => {
    const bytes = Buffer.concat([Buffer.from('{"name":"Jo'), Buffer.from([0xe3, 0x6f, 0xff, 0xc3]), Buffer.from('"}')]);
    const decoded = decodeBody(bytes, 'application/json; charset=utf-8');
    expect(decoded.exact).toBe(false);
    expect(decoded.text).toBe('{"name":"Jo\uFFFDo\uFFFD\uFFFD"}');
    expect(bodyOf(decoded.text).name).toBe('Jo\uFFFDo\uFFFD\uFFFD');
  });

  it('replaces UTF-8-encoded surrogates (CESU-8) by U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    const decoded = decodeBody(bytes, undefined);
    expect(decoded.exact).toBe(false);
    expect(decoded.text).not.toMatch(/[\uD800-\uDFFF]/);
  });

  it('keeps a raw NUL byte in the text but says the storable text lost it', () => {
    const bytes = Buffer.from('{"a":"x"}\u0000', 'utf8');
    const decoded = decodeBody(bytes, undefined);
    expect(decoded.text).toBe('{"a":"x"}\u0000');
    expect(decoded.exact).toBe(false);
    expect(parseLeadJson(decoded.text)).toEqual({ ok: false, code: 'INVALID_JSON' });
  });

  it('keeps a lone surrogate that UTF-16 bytes carry, for the parser to clean', () => {
    const bytes = Buffer.concat([iconv.encode('{"a":"', 'utf-16le'), Buffer.from([0x00, 0xd8]), iconv.encode('"}', 'utf-16le')]);
    const decoded = decodeBody(bytes, 'application/json; charset=utf-16le');
    expect(decoded.text).toBe('{"a":"\uD800"}');
    expect(decoded.exact).toBe(false);
    expect(parseLeadJson(decoded.text)).toEqual({ ok: true, body: { a: '\uFFFD' }, cleaned: true });
  });

  it('keeps a UTF-8 BOM in the text, so the text is still the bytes', () => {
    const bytes = Buffer.from(`\uFEFF${lead}`, 'utf8');
    expect(decodeBody(bytes, undefined)).toEqual({ text: `\uFEFF${lead}`, charset: 'utf-8', exact: true });
  });

  it('says exact for plain ASCII declared in a single-byte charset: its UTF-8 is the same bytes', () => {
    const bytes = Buffer.from('{"name":"Maria"}', 'ascii');
    expect(decodeBody(bytes, 'application/json; charset=ISO-8859-1')).toEqual({
      text: '{"name":"Maria"}',
      charset: 'windows-1252',
      exact: true,
    });
  });

  it('reads an empty body as empty text', () => {
    expect(decodeBody(Buffer.alloc(0), 'application/json; charset=utf-16le')).toEqual({
      text: '',
      charset: 'utf-16le',
      exact: true,
    });
  });
});

describe('storableText', () => {
  it.each([
    ['NUL', 'a\u0000b', 'a\uFFFDb'],
    ['lone high surrogate at the end', 'ab\uD800', 'ab\uFFFD'],
    ['lone low surrogate at the start', '\uDC00ab', '\uFFFDab'],
    ['a pair the wrong way round', '\uDC00\uD800', '\uFFFD\uFFFD'],
    ['two highs then a low', '\uD800\uD83D\uDE00', '\uFFFD😀'],
    ['a high before a non-surrogate', '\uD83Dx', '\uFFFDx'],
  ])('replaces %s by U+FFFD', (_, text, expected) => {
    expect(storableText(text)).toBe(expected);
  });

  it('keeps everything else, astral characters and U+FFFD itself included', () => {
    const text = 'João 😀 \uFFFD \u0001 \u007F \uFEFF 𝄞 \uDBFF\uDFFF';
    expect(storableText(text)).toBe(text);
  });
});

describe('parseLeadJson', () => {
  it('finds the sample bodies in tests/fixtures', () => {
    expect(fixtureNames().length).toBeGreaterThanOrEqual(5);
  });

  it.each(fixtureNames())('reads %s as JSON.parse does', (name) => {
    const text = fs.readFileSync(path.join(FIXTURES_DIR, name), 'utf8');
    expect(parseLeadJson(text)).toStrictEqual({ ok: true, body: JSON.parse(text), cleaned: false });
  });

  it('skips one leading BOM, not two', () => {
    expect(bodyOf('\uFEFF{"a":1}')).toEqual({ a: 1 });
    expect(codeOf('\uFEFF\uFEFF{"a":1}')).toBe('INVALID_JSON');
    expect(bodyOf('{"a":"\uFEFF"}')).toEqual({ a: '\uFEFF' });
  });

  describe('strings the databases refuse', () => {
    it.each([
      ['a NUL escape in a value', '{"name":"Ana\\u0000Maria"}', { name: 'Ana\uFFFDMaria' }],
      ['a NUL escape in a key', '{"na\\u0000me":"Ana"}', { 'na\uFFFDme': 'Ana' }],
      ['a lone high surrogate escape', '{"name":"\\ud800"}', { name: '\uFFFD' }],
      ['a lone low surrogate escape', '{"name":"x\\uDC00y"}', { name: 'x\uFFFDy' }],
      ['escapes of a reversed pair', '{"name":"\\udc00\\ud800"}', { name: '\uFFFD\uFFFD' }],
      ['a lone surrogate escape in a key', '{"\\ud800":1}', { '\uFFFD': 1 }],
      ['a raw lone surrogate', '{"name":"\uD800"}', { name: '\uFFFD' }],
      ['a NUL deep in extraData', '{"extraData":{"list":[{"k":"\\u0000"}]}}', { extraData: { list: [{ k: '\uFFFD' }] } }],
    ])('replaces %s by U+FFFD and says so', (_, text, expected) => {
      expect(parseLeadJson(text)).toStrictEqual({ ok: true, body: expected, cleaned: true });
    });

    it('keeps a surrogate pair given as escapes', () => {
      expect(parseLeadJson('{"name":"\\ud83d\\ude00 \\u00e3"}')).toStrictEqual({
        ok: true,
        body: { name: '😀 ã' },
        cleaned: false,
      });
    });

    it('refuses a raw NUL or control character inside a string, as JSON.parse does', () => {
      expect(codeOf('{"name":"a\u0000b"}')).toBe('INVALID_JSON');
      expect(codeOf('{"name":"a\nb"}')).toBe('INVALID_JSON');
    });

    it('lets the later of two keys that clean to the same text win', () => {
      expect(bodyOf('{"a\\u0000":1,"a\uFFFD":2}')).toEqual({ 'a\uFFFD': 2 });
      expect(bodyOf('{"a\uFFFD":2,"a\\u0000":1}')).toEqual({ 'a\uFFFD': 1 });
    });
  });

  describe('nesting', () => {
    it(`accepts ${MAX_BODY_DEPTH} levels and refuses ${MAX_BODY_DEPTH + 1}`, () => {
      expect(jsonNestingDepth(nestedObjects(MAX_BODY_DEPTH))).toBe(MAX_BODY_DEPTH);
      expect(codeOf(nestedObjects(MAX_BODY_DEPTH))).toBe('ok');
      expect(codeOf(nestedObjects(MAX_BODY_DEPTH + 1))).toBe('BODY_TOO_DEEP');
      expect(codeOf(nestedArrays(MAX_BODY_DEPTH))).toBe('ok');
      expect(codeOf(nestedArrays(MAX_BODY_DEPTH + 1))).toBe('BODY_TOO_DEEP');
    });

    it('stays under the 32 levels a MariaDB JSON column holds', () => {
      expect(MAX_BODY_DEPTH).toBeLessThan(32);
      expect(MAX_BODY_DEPTH).toBeGreaterThanOrEqual(8); // real bodies nest 4 deep
    });

    it.each([10_000, 100_000])('refuses %i levels quickly, without overflowing the stack', (depth) => {
      const started = process.hrtime.bigint();
      expect(codeOf(nestedObjects(depth))).toBe('BODY_TOO_DEEP');
      expect(codeOf(nestedArrays(depth))).toBe('BODY_TOO_DEEP');
      expect(codeOf('['.repeat(depth))).toBe('BODY_TOO_DEEP'); // never closed
      expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1_000);
    });

    it('counts the depth a parser would reach, even past unmatched closing brackets', () => {
      expect(codeOf(`]]]]${'['.repeat(MAX_BODY_DEPTH + 1)}`)).toBe('BODY_TOO_DEEP');
      expect(codeOf(`{"a":1}}}}}${'['.repeat(MAX_BODY_DEPTH + 1)}`)).toBe('BODY_TOO_DEEP');
    });

    it('is not fooled by brackets inside strings', () => {
      const brackets = '[{'.repeat(500);
      expect(bodyOf(`{"message":"${brackets}","${brackets}":1}`)).toEqual({ message: brackets, [brackets]: 1 });
    });

    it('is not fooled by escaped quotes or escaped backslashes', () => {
      // an escaped quote does not end the string: the brackets after it are text
      const inString = `{"a":"\\"${'['.repeat(100)}"}`;
      expect(jsonNestingDepth(inString)).toBe(1);
      expect(bodyOf(inString)).toEqual({ a: `"${'['.repeat(100)}` });
      // an escaped backslash does not escape the quote after it: the brackets after it count
      const afterString = `{"a\\\\":${nestedArrays(MAX_BODY_DEPTH)}}`;
      expect(jsonNestingDepth(afterString)).toBe(MAX_BODY_DEPTH + 1);
      expect(codeOf(afterString)).toBe('BODY_TOO_DEEP');
      expect(jsonNestingDepth(`{"\\\\\\"[[[":"\\\\",  "b":[[]]}`)).toBe(3);
      expect(jsonNestingDepth('{"\\u005b":"\\u005d"}')).toBe(1);
    });
  });

  describe('numbers', () => {
    it('keeps ids a double cannot hold as their exact text, so two leads stay two', () => {
      const first = bodyOf('{"originLeadId":12345678901234567890}');
      const second = bodyOf('{"originLeadId":12345678901234567891}');
      expect(first.originLeadId).toBe('12345678901234567890');
      expect(second.originLeadId).toBe('12345678901234567891');
      // what JSON.parse would have done
      expect(JSON.parse('12345678901234567890')).toBe(JSON.parse('12345678901234567891'));
    });

    it('keeps the first integer past 2^53 apart from 2^53', () => {
      expect(bodyOf('{"a":9007199254740992,"b":9007199254740993,"c":-9007199254740993}')).toEqual({
        a: '9007199254740992',
        b: '9007199254740993',
        c: '-9007199254740993',
      });
    });

    it('keeps safe integers and ordinary decimals as numbers', () => {
      expect(
        bodyOf('{"a":9007199254740991,"b":-9007199254740991,"c":0,"d":250000,"e":0.1,"f":-12.5,"g":1e2,"h":1.0,"i":5e-324}')
      ).toStrictEqual({
        a: 9007199254740991,
        b: -9007199254740991,
        c: 0,
        d: 250000,
        e: 0.1,
        f: -12.5,
        g: 100,
        h: 1,
        i: 5e-324,
      });
    });

    it('keeps -0 as JSON.parse does (it is stored as 0)', () => {
      expect(Object.is(bodyOf('{"a":-0}').a, -0)).toBe(true);
      expect(JSON.stringify(bodyOf('{"a":-0}'))).toBe('{"a":0}');
    });

    it('keeps numbers out of a double’s range, or with more digits than it holds, as text (JSON would store null or other digits)', () => {
      expect(bodyOf('{"a":1e400,"b":-1e400,"c":1e-400,"d":0.1000000000000000000001,"e":1e21}')).toEqual({
        a: '1e400',
        b: '-1e400',
        c: '1e-400',
        d: '0.1000000000000000000001',
        e: '1e21',
      });
      expect(JSON.stringify(JSON.parse('{"a":1e400}'))).toBe('{"a":null}');
    });

    it('refuses what JSON refuses', () => {
      for (const text of [
        '{"a":01}',
        '{"a":1.}',
        '{"a":.5}',
        '{"a":+1}',
        '{"a":NaN}',
        '{"a":Infinity}',
        '{"a":-}',
        '{"a":1e}',
        '{"a":0x10}',
      ]) {
        expect(() => JSON.parse(text)).toThrow();
        expect(codeOf(text)).toBe('INVALID_JSON');
      }
    });
  });

  describe('keys', () => {
    it('keeps the last of repeated keys, in the place of the first, as JSON.parse does', () => {
      const text = '{"a":1,"b":2,"a":{"x":[1]},"c":3,"a":"last","b":2}';
      const body = bodyOf(text);
      expect(body).toStrictEqual(JSON.parse(text));
      expect(Object.keys(body)).toEqual(['a', 'b', 'c']);
      expect(body.a).toBe('last');
      expect(bodyOf('{"originLeadId":"1","originLeadId":"2"}').originLeadId).toBe('2');
    });

    it('keeps "__proto__" as an ordinary own property, as JSON.parse does, without touching any prototype', () => {
      const text =
        '{"__proto__":{"polluted":true,"isAdmin":true},"nested":{"__proto__":{"polluted":true}},"list":[{"__proto__":null}]}';
      const body = bodyOf(text);
      expect(body).toStrictEqual(JSON.parse(text));
      expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
      expect(Object.getPrototypeOf(body.nested)).toBe(Object.prototype);
      expect(Object.getOwnPropertyDescriptor(body, '__proto__')?.value).toEqual({ polluted: true, isAdmin: true });
      expect((body as { polluted?: unknown }).polluted).toBeUndefined();
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
      expect(JSON.stringify(body)).toBe(text);
    });

    it('keeps "constructor" and "prototype" as data', () => {
      const text = '{"constructor":{"prototype":{"polluted":true}},"hasOwnProperty":1}';
      const body = bodyOf(text);
      // (toStrictEqual would compare the own `constructor` as the object's class)
      expect(JSON.stringify(body)).toBe(text);
      expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    });
  });

  describe('what is not a lead object', () => {
    it.each(['', ' ', '\uFEFF', '\r\n'])('refuses an empty body (%j) as not JSON', (text) => {
      expect(codeOf(text)).toBe('INVALID_JSON');
    });

    it.each(['[]', '[{"originLeadId":"1"}]', '"lead"', 'null', '0', 'true', '12345678901234567890'])(
      'refuses %s as not an object',
      (text) => {
        expect(codeOf(text)).toBe('BODY_NOT_OBJECT');
      }
    );

    it.each([
      '{',
      '{"a":1,}',
      "{'a':1}",
      '{"a":1} x',
      '{"a":1}{"b":2}',
      '{a:1}',
      '{"a":"\\x41"}',
      '{"a":"\\u12"}',
      '{"a":tru}',
      '{"a":"open}',
    ])('refuses %s as not JSON, as JSON.parse does', (text) => {
      expect(() => JSON.parse(text)).toThrow();
      expect(codeOf(text)).toBe('INVALID_JSON');
    });

    it('accepts the whitespace JSON allows around values', () => {
      expect(bodyOf(' \t\r\n{ "a" : [ 1 , 2 ] }\n ')).toEqual({ a: [1, 2] });
    });
  });
});
