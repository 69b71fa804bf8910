import fc from 'fast-check';
import iconv from 'iconv-lite';
import { MAX_BODY_DEPTH } from '../../server/src/delivery/body';

/**
 * A deterministic corpus of requests to the lead route, for an API test that posts each case and
 * then checks the database. Invariants such a test asserts, on every database:
 * - no answer is a 5xx: every fault in these requests is the sender's, and permanent;
 * - no answer is a 404 unless the case `allows404` (an advertiser key that names no advertiser,
 *   answered `ADVERTISER_NOT_FOUND`): any other 404 makes the portal delete the integration;
 * - every lead answered 201 or 200 is stored exactly once, under the originLeadId it was answered
 *   for (two cases whose ids differ in the 20th digit are two leads), whatever else was posted.
 * `answerViolation` checks the first two for one answer; the third needs the database.
 * Bad credentials add up to a 429 for the test's IP: raise `authFailureLimit` for such a run.
 */

export type FuzzCategory =
  | 'lead'
  | 'redelivery'
  | 'unstorable-text'
  | 'deep'
  | 'invalid-utf8'
  | 'charset'
  | 'bom'
  | 'truncated'
  | 'not-object'
  | 'empty'
  | 'auth'
  | 'content-type'
  | 'advertiser-key';

/** The categories of hostile requests; `lead` and `redelivery` are the plausible ones. */
export const HOSTILE_CATEGORIES = [
  'unstorable-text',
  'deep',
  'invalid-utf8',
  'charset',
  'bom',
  'truncated',
  'not-object',
  'empty',
  'auth',
  'content-type',
  'advertiser-key',
] as const satisfies readonly FuzzCategory[];

export interface FuzzCase {
  /** `#index category: what is odd about it`, for failure messages. */
  name: string;
  category: FuzzCategory;
  /** `/api/grupozap/lead`, or that followed by `/` and an advertiser key (maybe odd). */
  path: string;
  /** The key in the path may name no advertiser: a 404 `ADVERTISER_NOT_FOUND` is a right answer. */
  allows404: boolean;
  headers: Record<string, string>;
  body: Buffer;
}

export interface FuzzCorpusOptions {
  seed: number;
  count: number;
  /** The route's secret (user name `vivareal`). */
  secret: string;
  /** The slug of an existing, active advertiser. */
  advertiserSlug: string;
  /** A listing code of that advertiser. */
  listingCode: string;
  /**
   * Plausible leads' fields also carry, often, what a screen must show as plain text: markup and
   * script, `javascript:` URLs, e-mails and phones with link parameters, RTL, emoji, huge strings,
   * odd keys, and wrong JSON types more often. For tests of the admin's pages; off by default, and
   * then the corpus is exactly what it was without this option.
   */
  hostileText?: boolean;
}

/** No case is larger: body size limits are tested on their own. */
export const MAX_FUZZ_BODY_BYTES = 200 * 1024;

const LEAD_PATH = '/api/grupozap/lead';

/**
 * Whether an answer breaks the invariants that hold for each answer alone; null when it does not.
 * (That every 201/200 lead is stored once, under its originLeadId, is for the test to check.)
 */
export const answerViolation = (fuzzCase: FuzzCase, answer: { status: number; code?: unknown }): string | null => {
  if (answer.status >= 500) return `${fuzzCase.name}: answered ${answer.status} ${String(answer.code)}`;
  if (answer.status === 404 && !(fuzzCase.allows404 && answer.code === 'ADVERTISER_NOT_FOUND')) {
    return `${fuzzCase.name}: answered 404 ${String(answer.code)} for a known advertiser`;
  }
  return null;
};

/** A case before it is numbered. */
type Draft = Omit<FuzzCase, 'name'> & { detail: string };

/** A number written in the JSON text digit for digit (no double could carry it). */
class RawNumber {
  constructor(readonly digits: string) {}
}
const RAW_MARK = '\u0002';

/** JSON text of a value that may hold RawNumbers. */
const jsonText = (value: unknown): string =>
  JSON.stringify(value, (_, item: unknown) =>
    item instanceof RawNumber ? `${RAW_MARK}${item.digits}${RAW_MARK}` : item
  ).replace(/"\\u0002(-?[0-9.eE+-]+)\\u0002"/g, '$1');

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

// ---------------------------------------------------------------------------------------------
// Plausible leads, after the shapes of tests/fixtures/leads

const text = (maxLength = 40) => fc.string({ unit: 'grapheme', maxLength });
const oddValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom('', ' ', '\t', '0', 'null', 'undefined', '[object Object]'),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }),
  fc.dictionary(text(10), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 })
);
/** Mostly the plausible value, sometimes anything, sometimes absent. */
const field = <T>(plausible: fc.Arbitrary<T>) =>
  fc.oneof(
    { arbitrary: plausible, weight: 12 },
    { arbitrary: oddValue, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 }
  );
const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: min, maxLength: max });

/** Ids mostly unique to the case; huge numeric ones near each other, so neighbours must stay apart. */
const originLeadIdArb = (seed: number): fc.Arbitrary<unknown> => {
  const hugeBase = 12_345_678_901_234_567_000n + BigInt(Math.abs(seed) % 1000) * 1_000_000n;
  const huge = fc.integer({ min: 0, max: 999 }).map((k) => (hugeBase + BigInt(k)).toString());
  return fc.oneof(
    { arbitrary: fc.uuid().map((uuid) => `fz-${seed}-${uuid}`), weight: 12 },
    { arbitrary: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), weight: 2 },
    { arbitrary: huge.map((value) => new RawNumber(value)), weight: 3 },
    { arbitrary: huge, weight: 1 },
    { arbitrary: fc.bigInt({ min: 10n ** 16n, max: 10n ** 40n }).map((value) => new RawNumber(value.toString())), weight: 1 },
    { arbitrary: fc.tuple(text(30), fc.uuid()).map(([prefix, uuid]) => `${prefix}${uuid.slice(0, 8)}`), weight: 1 },
    {
      arbitrary: fc.constantFrom(new RawNumber('1e400'), new RawNumber('-0'), 1.5, -7, '  ', '', null, true, 'x'.repeat(256)),
      weight: 1,
    },
    { arbitrary: oddValue, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 }
  );
};

const timestampArb = fc.oneof(
  fc.date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((date) => date.toISOString()),
  fc
    .date({ min: new Date('2015-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((date) => date.toISOString().slice(0, 19)),
  fc.constantFrom('2026-02-30T25:61:00Z', 'yesterday', '', '0000-00-00T00:00:00', '2026-03-10T14:22:01.123456789+14:00'),
  fc.integer()
);

const extraDataArb = (listingCode: string): fc.Arbitrary<unknown> =>
  fc.oneof(
    fc.record(
      {
        leadType: fc.constantFrom('VISIT_REQUEST', 'CONTACT_FORM', 'PHONE_VIEW', 'WHATSAPP', 'X'),
        leadCerto: fc.boolean(),
        feedback: text(60),
      },
      { requiredKeys: [] }
    ),
    fc.record({
      leadType: fc.constant('CONTACT_FORM'),
      mcmv: fc.record(
        {
          sellerDocument: fc.oneof(fc.constant('11222333000181'), digits(11, 14), oddValue),
          unitType: fc.constantFrom('APARTMENT', 'HOUSE'),
          propertyLocation: fc.oneof(fc.record({ state: fc.constantFrom('SP', 'RJ', 'SC'), city: text(30) }), oddValue),
          propertyValue: fc.oneof(
            fc.integer({ min: 0, max: 10_000_000 }),
            fc.double({ noNaN: true, noDefaultInfinity: true }),
            text(10)
          ),
          subsidyRange: fc.constantFrom('FAIXA_1', 'FAIXA_2', 'FAIXA_3'),
        },
        { requiredKeys: [] }
      ),
    }),
    fc.jsonValue({ maxDepth: 4 }),
    fc.dictionary(text(20), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 8 }),
    fc.constant({ listing: listingCode, nested: { list: [1, 'two', { three: [null] }] } })
  );

// ---------------------------------------------------------------------------------------------
// Text a screen must show as text (hostileText)

/** Set on `window` by any script in the hostile texts that a page would run. */
export const INJECTION_MARK = '__gzInjected';
const INJECT = `window.${INJECTION_MARK}=1`;

/** Markup, script, link tricks, bidirectional and combining text, words JavaScript and ICU treat specially. */
const TRICKS = [
  `<img src=x onerror="${INJECT}">`,
  `<script>${INJECT}</script>`,
  `"><svg onload=${INJECT}>`,
  `'><iframe src="javascript:${INJECT}"></iframe>`,
  `<a href="javascript:${INJECT}">clique aqui</a>`,
  `javascript:${INJECT}`,
  ` JaVaScRiPt:${INJECT}`,
  'data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
  '<b>negrito</b> &amp; &lt;i&gt; &#60;script&#62;',
  '<!-- x --> ]]> <![CDATA[ y ]]>',
  '<style>*{display:none}</style>',
  'carla@example.com?bcc=evil@example.net',
  'carla@example.com?cc=a@example.net&subject=Oi&body=clique%20aqui',
  'carla@example.com,evil@example.net',
  'carla@example.com;evil@example.net',
  'mailto:carla@example.com?bcc=evil@example.net',
  '"carla@example.com"@evil.example.net',
  'carla@example.com\r\nBcc: evil@example.net',
  'carla@example.com%0d%0aBcc:%20evil@example.net',
  'carla+<b>@example.com',
  '+55 (48) 98862-7634?call=1&x=<b>',
  '48988627634;ext=1,999#',
  'tel:+5548988627634',
  `+55 48 98862-7634 javascript:${INJECT}`,
  '\u202Egnp.exe\u202C',
  'مرحبا، أريد زيارة الشقة',
  'שלום, אני מעוניין בדירה',
  'العربية and English \u200Fmixed\u200E',
  '🏠🔑👨‍👩‍👧‍👦🇧🇷 ❤️',
  'Z̴̡̪͎a̵̛͕l̶̰͝g̷̣̈o̸̱͠',
  '\u200B\u200C\u200D\u2060',
  '{origin} {date} {count, plural, one {#} other {#}}',
  "'{' '}' '' {",
  `\${${INJECT}}`,
  `{{constructor.constructor("${INJECT}")()}}`,
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '[object Object]',
  'undefined',
  'NaN',
  '1e400',
  '\r\n\t  ',
  '\\u0000 \\n',
  '=HYPERLINK("http://evil.example.net","clique")',
  '../../../../etc/passwd',
  "' OR 1=1 --",
];

/** One unit repeated to about `bytes` bytes of UTF-8, with no space to break on. */
const hugeArb = (bytes: number): fc.Arbitrary<string> =>
  fc
    .tuple(fc.constantFrom('x', 'é', 'ب', '🏠', '<b>', '&', 'a'), fc.integer({ min: Math.floor(bytes / 4), max: bytes }))
    .map(([unit, size]) => unit.repeat(Math.max(1, Math.floor(size / Buffer.byteLength(unit)))));

/** A trick alone, inside ordinary text, or a huge string of up to `hugeBytes` bytes. */
const hostileTextArb = (hugeBytes: number): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...TRICKS), weight: 4 },
    {
      arbitrary: fc
        .tuple(text(20), fc.constantFrom(...TRICKS), text(20))
        .map(([before, trick, after]) => `${before}${trick}${after}`),
      weight: 2,
    },
    { arbitrary: hugeArb(hugeBytes), weight: 1 }
  );

const hostileKeyArb: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    '',
    ' ',
    'a.b[0]',
    '$where',
    '\u202Ekey',
    `<img src=x onerror="${INJECT}">`
  ),
  text(15),
  hugeArb(1024)
);

/** Any JSON, its texts and keys hostile. */
const hostileJsonArb: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileTextArb(8 * 1024),
    oddValue,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKeyArb, tie('value'), { maxKeys: 4 })
  ),
})).value;

/** An address as people have them (fc.emailAddress's are mostly valid but unusual: `#`, `%`, `?`, quotes). */
const plainEmailArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('carla', 'joão.conceição', 'marina+imovel', 'rafael_antunes', 'x'),
    fc.nat(999),
    fc.constantFrom('example.com', 'exemplo.com.br', 'imobiliária.br')
  )
  .map(([local, n, domain]) => `${local}${n}@${domain}`);

/** `plausible` less often, then hostile text, any JSON, or nothing. */
const hostileField = <T>(plausible: fc.Arbitrary<T>, hugeBytes = 1024) =>
  fc.oneof(
    { arbitrary: plausible, weight: 5 },
    { arbitrary: hostileTextArb(hugeBytes), weight: 4 },
    { arbitrary: oddValue, weight: 1 },
    { arbitrary: hostileJsonArb, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 }
  );

const phoneNumberArb = fc.oneof(
  digits(10, 13),
  fc.integer({ min: 1_000_000_000, max: 99_999_999_999 }),
  fc.record({ ddd: digits(2, 2), number: digits(8, 9) }),
  fc.array(digits(8, 13), { maxLength: 3 }),
  text(20)
);

const leadArb = (options: FuzzCorpusOptions): fc.Arbitrary<Record<string, unknown>> => {
  const hostile = options.hostileText === true;
  const anyField = <T>(plausible: fc.Arbitrary<T>, hugeBytes?: number) =>
    hostile ? hostileField(plausible, hugeBytes) : field(plausible);
  const listingField = field(
    fc.oneof(
      { arbitrary: fc.constant(options.listingCode), weight: 6 },
      fc.constantFrom(options.listingCode.toLowerCase(), ` ${options.listingCode} `),
      text(20)
    )
  );
  return fc
    .record({
      leadOrigin: anyField(fc.oneof(fc.constantFrom('VivaReal', 'Zap', 'Grupo OLX', 'MCMV_OLX', 'OLX'), text(20))),
      timestamp: anyField(timestampArb),
      originLeadId: hostile
        ? fc.oneof(
            { arbitrary: originLeadIdArb(options.seed), weight: 2 },
            // a trick that stays a key of its own (ids are cut nowhere: at most 255 characters)
            fc.tuple(fc.constantFrom(...TRICKS), fc.uuid()).map(([trick, uuid]) => `${trick.slice(0, 200)} ${uuid}`)
          )
        : originLeadIdArb(options.seed),
      originListingId: anyField(fc.oneof(digits(5, 10), fc.integer({ min: 0 }))),
      // mostly a usable code even when hostile: a lead without one is refused, and shows nowhere
      clientListingId: hostile ? fc.oneof({ arbitrary: listingField, weight: 4 }, hostileTextArb(1024)) : listingField,
      name: anyField(text(80)),
      email: hostile
        ? hostileField(fc.oneof({ arbitrary: plainEmailArb, weight: 3 }, fc.emailAddress(), fc.constant(''), text(30)))
        : field(fc.oneof(fc.emailAddress(), fc.constant(''), text(30))),
      ddd: anyField(fc.oneof(digits(2, 2), fc.integer({ min: 11, max: 99 }))),
      phone: anyField(fc.oneof(digits(8, 9), fc.integer({ min: 10_000_000, max: 999_999_999 }), text(15))),
      phoneNumber: anyField(phoneNumberArb),
      message: anyField(
        fc.oneof({ arbitrary: text(300), weight: 4 }, fc.string({ unit: 'grapheme', minLength: 500, maxLength: 1500 })),
        60 * 1024
      ),
      temperature: anyField(fc.oneof(fc.constantFrom('Alta', 'Média', 'Baixa'), text(10))),
      transactionType: anyField(fc.oneof(fc.constantFrom('SELL', 'RENT'), text(10))),
      extraData: hostile
        ? hostileField(fc.oneof(extraDataArb(options.listingCode), fc.dictionary(hostileKeyArb, hostileJsonArb, { maxKeys: 6 })))
        : field(extraDataArb(options.listingCode)),
      unknownFields: hostile
        ? fc.option(fc.dictionary(hostileKeyArb, hostileJsonArb, { maxKeys: 4 }), { freq: 2 })
        : fc.option(fc.dictionary(text(15), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }), { freq: 4 }),
    })
    .map(({ unknownFields, ...lead }) => {
      const body: Record<string, unknown> = {};
      for (const [key, value] of Object.entries({ ...(unknownFields ?? {}), ...lead })) {
        if (value === undefined) continue;
        Object.defineProperty(body, key, { value, enumerable: true, writable: true, configurable: true });
      }
      return body;
    });
};

// ---------------------------------------------------------------------------------------------
// Where and how a plausible lead is posted

interface Target {
  path: string;
  allows404: boolean;
  detail: string;
}

/** The known advertiser (by path in any letter case, with a trailing slash) or the single endpoint. */
const knownTargetArb = (slug: string): fc.Arbitrary<Target> =>
  fc.oneof(
    { arbitrary: fc.constant({ path: `${LEAD_PATH}/${slug}`, allows404: false, detail: 'advertiser path' }), weight: 10 },
    { arbitrary: fc.constant({ path: LEAD_PATH, allows404: false, detail: 'single endpoint' }), weight: 2 },
    fc.constant({ path: `${LEAD_PATH}/${slug.toUpperCase()}`, allows404: false, detail: 'advertiser in upper case' }),
    fc.constant({ path: `${LEAD_PATH}/${slug}/`, allows404: false, detail: 'trailing slash' })
  );

const contentTypeArb = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json;charset=UTF-8',
  'application/json; charset="utf-8"'
);

const headersFor = (secret: string, contentType: string | null): Record<string, string> => ({
  authorization: basic('vivareal', secret),
  ...(contentType === null ? {} : { 'content-type': contentType }),
  'user-agent': 'grupozap-fuzz',
});

const plausibleArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  fc.tuple(leadArb(options), knownTargetArb(options.advertiserSlug), contentTypeArb).map(([lead, target, contentType]) => ({
    category: 'lead',
    detail: target.detail,
    path: target.path,
    allows404: target.allows404,
    headers: headersFor(options.secret, contentType),
    body: Buffer.from(jsonText(lead), 'utf8'),
  }));

/** A plausible lead's text, posted to the known advertiser, made hostile by `make`. */
const hostile = (
  options: FuzzCorpusOptions,
  category: FuzzCategory,
  make: fc.Arbitrary<
    (leadText: string, lead: Record<string, unknown>) => { detail: string; body: Buffer; contentType?: string | null }
  >
): fc.Arbitrary<Draft> =>
  fc.tuple(leadArb(options), knownTargetArb(options.advertiserSlug), make).map(([lead, target, transform]) => {
    const { detail, body, contentType = 'application/json' } = transform(jsonText(lead), lead);
    return {
      category,
      detail,
      path: target.path,
      allows404: target.allows404,
      headers: headersFor(options.secret, contentType),
      body,
    };
  });

// ---------------------------------------------------------------------------------------------
// Hostile requests

const UNSTORABLE = ['\u0000', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uDC00\uD800', 'a\u0000\uD83D'];

/** A lone surrogate escape turned into the character itself (an even run of backslashes before it). */
const unescapeSurrogates = (json: string) =>
  json.replace(/(?<=(?:^|[^\\])(?:\\\\)*)\\u(d[89a-f][0-9a-f]{2})/gi, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16))
  );

const unstorableArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  hostile(
    options,
    'unstorable-text',
    fc
      .tuple(
        fc.constantFrom(
          'name',
          'message',
          'email',
          'originLeadId',
          'clientListingId',
          'extraData',
          'a key',
          'a nested key',
          'timestamp'
        ),
        fc.constantFrom(...UNSTORABLE),
        fc.nat(),
        fc.constantFrom('escaped', 'escaped', 'raw in UTF-16', 'raw NUL')
      )
      .map(([where, bad, at, how]) => (_: string, lead: Record<string, unknown>) => {
        const into = (value: unknown) => {
          const base = typeof value === 'string' ? value : 'text';
          const i = at % (base.length + 1);
          return base.slice(0, i) + bad + base.slice(i);
        };
        const body = { ...lead };
        if (where === 'a key') body[into('key')] = into('value');
        else if (where === 'a nested key') body.extraData = { [into('leadType')]: [{ [bad]: bad }] };
        else if (where === 'extraData') body.extraData = { leadType: into('VISIT'), list: [into('')] };
        else body[where] = into(body[where]);
        const json = jsonText(body);
        const rawNul = how === 'raw NUL' && bad.includes('\u0000');
        const detail = `${JSON.stringify(bad)} in ${where}, ${rawNul || how === 'raw in UTF-16' ? how : 'escaped'}`;
        if (how === 'raw in UTF-16') {
          return {
            detail,
            body: iconv.encode(unescapeSurrogates(json), 'utf-16le'),
            contentType: 'application/json; charset=utf-16le',
          };
        }
        // a raw NUL in a string is not JSON: a 400
        return { detail, body: Buffer.from(rawNul ? json.replaceAll('\\u0000', '\u0000') : json, 'utf8') };
      })
  );

const nestedText = (depth: number, shape: 'objects' | 'arrays' | 'mixed'): string => {
  let open = '';
  let close = '';
  for (let level = 0; level < depth; level += 1) {
    const inArray = shape === 'arrays' || (shape === 'mixed' && level % 2 === 1);
    open += inArray ? '[' : '{"k":';
    close = (inArray ? ']' : '}') + close;
  }
  return `${open}null${close}`;
};

const deepArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  hostile(
    options,
    'deep',
    fc
      .tuple(
        fc.oneof(
          fc.constantFrom(MAX_BODY_DEPTH, MAX_BODY_DEPTH + 1, 32, 33, 10_000),
          fc.integer({ min: 2, max: 100 }),
          fc.integer({ min: 100, max: 10_000 })
        ),
        fc.constantFrom('objects' as const, 'arrays' as const, 'mixed' as const),
        fc.constantFrom('in extraData', 'in extraData', 'whole body', 'never closed')
      )
      .map(([depth, shape, where]) => (_: string, lead: Record<string, unknown>) => {
        const detail = `${depth} levels of ${shape}, ${where}`;
        if (where === 'whole body') return { detail, body: Buffer.from(nestedText(depth, shape)) };
        if (where === 'never closed') return { detail, body: Buffer.from('{"extraData":' + '['.repeat(depth)) };
        // the lead itself is the first level: extraData holds the others
        const holder = jsonText({ ...lead, extraData: RAW_MARK });
        return {
          detail,
          body: Buffer.from(holder.replace('"\\u0002"', () => (depth > 1 ? nestedText(depth - 1, shape) : '"flat"'))),
        };
      })
  );

const INVALID_UTF8: Record<string, number[]> = {
  'a lone 0xFF': [0xff],
  'a truncated 2-byte sequence': [0xc3],
  'a continuation byte alone': [0x80],
  'an overlong slash': [0xc0, 0xaf],
  'an encoded surrogate (CESU-8)': [0xed, 0xa0, 0x80],
  'a 5-byte sequence': [0xf8, 0x88, 0x80, 0x80, 0x80],
  'a code point past U+10FFFF': [0xf4, 0x90, 0x80, 0x80],
  'Latin-1 ã': [0xe3],
};

const invalidUtf8Arb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  hostile(
    options,
    'invalid-utf8',
    fc
      .tuple(
        fc.constantFrom(...Object.keys(INVALID_UTF8)),
        fc.constantFrom('name', 'message', 'originLeadId', 'a key'),
        fc.boolean()
      )
      .map(([sequence, where, declared]) => (_: string, lead: Record<string, unknown>) => {
        // a marker that JSON.stringify escapes, then replaced by the invalid bytes
        const body = { ...lead };
        if (where === 'a key') body['Jo\u0003'] = 'x';
        else body[where] = `Jo\u0003${typeof body[where] === 'string' ? body[where] : ''}`;
        const [before, after] = jsonText(body).split('\\u0003');
        return {
          detail: `${sequence} in ${where}`,
          body: Buffer.concat([Buffer.from(before), Buffer.from(INVALID_UTF8[sequence]), Buffer.from(after)]),
          contentType: declared ? 'application/json; charset=utf-8' : 'application/json',
        };
      })
  );

const portugueseText = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...'abcdeilmnorstuç ãõáéíóúâêôàüÇÃÁÉ.,!?'.split('')), maxLength });

const charsetArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  hostile(
    options,
    'charset',
    fc
      .tuple(
        fc.uuid(),
        portugueseText(40),
        portugueseText(300),
        fc.constantFrom(
          ['ISO-8859-1', 'latin1'],
          ['iso-8859-1', 'latin1'],
          ['windows-1252', 'windows-1252'],
          ['utf-16le', 'utf-16le'],
          ['UTF-16BE', 'utf-16be'],
          ['utf-16', 'utf-16le with BOM'],
          ['utf-16le', 'utf-16le with BOM'],
          ['Shift_JIS', 'shift_jis'],
          ['x-unknown-charset', 'utf-8'],
          ['ISO-8859-1', 'utf-8'],
          ['utf-16le', 'utf-8'],
          ['UTF-8', 'latin1']
        )
      )
      .map(([uuid, name, message, [declared, written]]) => () => {
        // only text each charset can hold (iconv-lite would write `?` for the rest)
        const japanese = declared === 'Shift_JIS';
        const ascii = (value: string) => value.replace(/[^\x20-\x7e]/g, '');
        const extra = declared === 'windows-1252' ? ' “aspas” — 5 €' : '';
        const lead = {
          leadOrigin: 'VivaReal',
          originLeadId: `fz-${options.seed}-${uuid}`,
          clientListingId: options.listingCode,
          name: japanese ? `${ascii(name)} 山田太郎` : `${name} Conceição${extra}`,
          message: japanese ? ascii(message) : message,
          temperature: japanese ? 'Alta' : 'Média',
        };
        const json = jsonText(lead);
        const withBom = written.endsWith('with BOM');
        const encoding = written.replace(' with BOM', '');
        const bytes = iconv.encode(withBom ? `\uFEFF${json}` : json, encoding);
        return {
          detail: `declared ${declared}, written ${written}`,
          body: bytes,
          contentType: `application/json; charset=${declared}`,
        };
      })
  );

const bomArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  hostile(
    options,
    'bom',
    fc
      .constantFrom('one UTF-8 BOM', 'two UTF-8 BOMs', 'a BOM after whitespace', 'a BOM inside a value')
      .map((variant) => (json: string) => {
        const body =
          variant === 'one UTF-8 BOM'
            ? `\uFEFF${json}`
            : variant === 'two UTF-8 BOMs'
              ? `\uFEFF\uFEFF${json}`
              : variant === 'a BOM after whitespace'
                ? ` \uFEFF${json}`
                : json.replace(/^\{/, '{"bom":"\uFEFF",');
        return { detail: variant, body: Buffer.from(body, 'utf8') };
      })
  );

const truncatedArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  hostile(
    options,
    'truncated',
    fc.nat().map((at) => (json: string) => {
      const bytes = Buffer.from(json, 'utf8');
      const cut = 1 + (at % Math.max(1, bytes.length - 1)); // a byte cut: maybe inside a character
      return { detail: `cut at byte ${cut} of ${bytes.length}`, body: bytes.subarray(0, cut) };
    })
  );

const notObjectArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  hostile(
    options,
    'not-object',
    fc
      .oneof(
        fc.constantFrom('null', 'true', '0', '12345678901234567890', '"lead"', '[]', '[null]', '-0', '1e400'),
        fc
          .jsonValue({ maxDepth: 3 })
          .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
          .map((value) => JSON.stringify(value)),
        fc.constant('LEAD_ARRAY')
      )
      .map((text) => (json: string) => ({
        detail: text === 'LEAD_ARRAY' ? 'an array holding the lead' : `the JSON ${text.slice(0, 40)}`,
        body: Buffer.from(text === 'LEAD_ARRAY' ? `[${json}]` : text, 'utf8'),
      }))
  );

const emptyArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  hostile(
    options,
    'empty',
    fc
      .constantFrom('', ' ', '\r\n', '\uFEFF', '\u0000')
      .map((text) => () => ({ detail: `the body ${JSON.stringify(text)}`, body: Buffer.from(text, 'utf8') }))
  );

const authArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  fc.tuple(leadArb(options), knownTargetArb(options.advertiserSlug), fc.nat()).map(([lead, target, pick]) => {
    const { secret } = options;
    const variants: Array<[string, string | null]> = [
      ['no Authorization', null],
      ['a wrong secret', basic('vivareal', `${secret}x`)],
      ['an empty secret', basic('vivareal', '')],
      ['another user name', basic('zap', secret)],
      ['no colon', `Basic ${Buffer.from(`vivareal${secret}`).toString('base64')}`],
      ['the scheme alone', 'Basic'],
      ['the scheme and a space', 'Basic '],
      ['garbled base64', 'Basic !!!not*base64%%'],
      ['base64 cut short', basic('vivareal', secret).slice(0, -3)],
      ['a Bearer token', `Bearer ${secret}`],
      ['the credentials in clear', `Basic vivareal:${secret}`],
      ['the scheme in lower case', basic('vivareal', secret).replace('Basic', 'basic')],
      ['two spaces after the scheme', basic('vivareal', secret).replace('Basic ', 'Basic  ')],
      ['the secret with a newline', basic('vivareal', `${secret}\n`)],
      ['a Latin-1 user name', basic('vivareál', secret)],
      ['an 8 KB header', `Basic ${'A'.repeat(8 * 1024)}`],
      ['Latin-1 bytes in the header', `Basic \u00e9\u00e8${basic('vivareal', secret).slice(6)}`],
    ];
    const [detail, authorization] = variants[pick % variants.length];
    const headers = headersFor(secret, 'application/json');
    if (authorization === null) delete headers.authorization;
    else headers.authorization = authorization;
    return {
      category: 'auth',
      detail,
      path: target.path,
      allows404: target.allows404,
      headers,
      body: Buffer.from(jsonText(lead), 'utf8'),
    };
  });

const contentTypeOddArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> =>
  hostile(
    options,
    'content-type',
    fc
      .constantFrom(
        null,
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=----x',
        'multipart/form-data',
        'application/json; charset=',
        'application/json; charset=utf-8;',
        'application/json; charset="',
        'application/json; foo',
        'application/vnd.api+json',
        '*/*',
        'garbage',
        'application/json; charset=utf-8; boundary=x; q=0.5',
        `application/json; x=${'y'.repeat(2000)}`,
        'application/octet-stream'
      )
      .map((contentType) => (json: string) => ({
        detail: `Content-Type ${contentType === null ? 'absent' : contentType.slice(0, 60)}`,
        body: Buffer.from(json, 'utf8'),
        contentType,
      }))
  );

const advertiserKeyArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft> => {
  const slug = options.advertiserSlug;
  const percentEncoded = [...Buffer.from(slug)].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
  const known: Array<[string, string]> = [
    ['the slug percent-encoded', percentEncoded],
    ['the slug percent-encoded in upper case', percentEncoded.toUpperCase()],
    ['the slug with a query string', `${slug}?x=1&y=%zz`],
  ];
  const unknown: Array<[string, string]> = [
    ['the slug and a letter', `${slug}x`],
    ['..', '..'],
    ['.', '.'],
    ['%2e%2e', '%2e%2e'],
    ['a percent sign alone', '%'],
    ['a bad percent-escape', '%zz'],
    ['a cut UTF-8 percent-escape', '%E0%A4%A'],
    ['an encoded NUL', `${slug}%00`],
    ['an encoded slash', `${slug}%2Fx`],
    ['an encoded lone surrogate', '%ED%A0%80'],
    ['a leading space', `%20${slug}`],
    ['unicode', encodeURIComponent(`${slug}í`)],
    ['an emoji', encodeURIComponent('🏠')],
    ['4,000 characters', 'a'.repeat(4000)],
    ['SQL', encodeURIComponent("' OR 1=1 --")],
  ];
  return fc
    .tuple(
      leadArb(options),
      fc.oneof({ arbitrary: fc.constantFrom(...known), weight: 1 }, { arbitrary: fc.constantFrom(...unknown), weight: 4 }),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 20 }),
      fc.nat({ max: 4 })
    )
    .map(([lead, [detail, key], randomKey, pick]) => {
      const useRandom = pick === 0;
      const isKnown = !useRandom && known.some(([, knownKey]) => knownKey === key);
      return {
        category: 'advertiser-key',
        detail: useRandom ? `a random key ${JSON.stringify(randomKey)}` : detail,
        path: `${LEAD_PATH}/${useRandom ? encodeURIComponent(randomKey) : key}`,
        allows404: !isKnown,
        headers: headersFor(options.secret, 'application/json'),
        body: Buffer.from(jsonText(lead), 'utf8'),
      };
    });
};

/** A plausible lead now, turned into an exact copy of an earlier one when the corpus is built. */
const redeliveryArb = (options: FuzzCorpusOptions): fc.Arbitrary<Draft & { redeliveryOf: number }> =>
  fc.tuple(plausibleArb(options), fc.nat()).map(([draft, redeliveryOf]) => ({ ...draft, redeliveryOf }));

/**
 * `count` requests to the lead route, the same for the same options: mostly plausible leads
 * (odd, missing and wrongly typed fields, unicode, big ids; some delivered again), plus every
 * kind of hostile request. No body is over MAX_FUZZ_BODY_BYTES.
 */
export const fuzzCorpus = (options: FuzzCorpusOptions): FuzzCase[] => {
  const arbitrary: fc.Arbitrary<Draft & { redeliveryOf?: number }> = fc.oneof(
    { arbitrary: plausibleArb(options), weight: 40 },
    { arbitrary: redeliveryArb(options), weight: 5 },
    ...[
      unstorableArb,
      deepArb,
      invalidUtf8Arb,
      charsetArb,
      bomArb,
      truncatedArb,
      notObjectArb,
      emptyArb,
      authArb,
      contentTypeOddArb,
      advertiserKeyArb,
    ].map((make) => ({ arbitrary: make(options), weight: 5 }))
  );
  const drafts = options.count > 0 ? fc.sample(arbitrary, { seed: options.seed, numRuns: options.count }) : [];
  const cases: FuzzCase[] = [];
  const plausible: number[] = [];
  for (const [index, { detail, redeliveryOf, ...draft }] of drafts.entries()) {
    let fuzzCase: FuzzCase = { name: `#${index} ${draft.category}: ${detail}`, ...draft };
    if (redeliveryOf !== undefined) {
      if (plausible.length === 0) fuzzCase = { ...fuzzCase, category: 'lead', name: `#${index} lead: ${detail}` };
      else {
        const original = cases[plausible[redeliveryOf % plausible.length]];
        fuzzCase = { ...original, category: 'redelivery', name: `#${index} redelivery: again ${original.name}` };
      }
    }
    if (fuzzCase.body.length > MAX_FUZZ_BODY_BYTES) throw new Error(`${fuzzCase.name}: body of ${fuzzCase.body.length} bytes`);
    if (fuzzCase.category === 'lead') plausible.push(index);
    cases.push(fuzzCase);
  }
  return cases;
};
