import { decodeBody, jsonNestingDepth, MAX_BODY_DEPTH, parseLeadJson } from '../../server/src/delivery/body';
import {
  answerViolation,
  fuzzCorpus,
  HOSTILE_CATEGORIES,
  INJECTION_MARK,
  MAX_FUZZ_BODY_BYTES,
  type FuzzCase,
  type FuzzCategory,
} from '../helpers/fuzz-corpus';

const OPTIONS = { seed: 20_260_310, count: 2000, secret: 'fuzz-secret', advertiserSlug: 'jardim', listingCode: 'AP0511' };
const VALID_AUTHORIZATION = `Basic ${Buffer.from('vivareal:fuzz-secret').toString('base64')}`;

const corpus = fuzzCorpus(OPTIONS);
const ofCategory = (category: FuzzCategory): FuzzCase[] => corpus.filter((fuzzCase) => fuzzCase.category === category);
const readAsRouteWould = (fuzzCase: FuzzCase) => parseLeadJson(decodeBody(fuzzCase.body, fuzzCase.headers['content-type']).text);
const isValidUtf8 = (bytes: Buffer): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('fuzzCorpus', () => {
  it('gives the same cases for the same seed, and other cases for another seed', () => {
    // bodies as base64: comparing 2,000 Buffers with toEqual takes minutes
    const comparable = (cases: FuzzCase[]) => cases.map((fuzzCase) => ({ ...fuzzCase, body: fuzzCase.body.toString('base64') }));
    expect(comparable(fuzzCorpus(OPTIONS))).toEqual(comparable(corpus));
    const other = fuzzCorpus({ ...OPTIONS, seed: OPTIONS.seed + 1, count: 200 });
    expect(other.map((fuzzCase) => fuzzCase.body.toString('base64'))).not.toEqual(
      corpus.slice(0, 200).map((fuzzCase) => fuzzCase.body.toString('base64'))
    );
  });

  it('gives the count asked for, mostly plausible leads', () => {
    expect(corpus).toHaveLength(2000);
    expect(fuzzCorpus({ ...OPTIONS, count: 0 })).toEqual([]);
    expect(ofCategory('lead').length + ofCategory('redelivery').length).toBeGreaterThan(corpus.length * 0.35);
  });

  it.each(HOSTILE_CATEGORIES)('holds cases of the category %s', (category) => {
    expect(ofCategory(category).length).toBeGreaterThanOrEqual(20);
  });

  it('holds only requests a client can send: bounded bodies, ASCII paths under the lead route, valid header values', () => {
    for (const fuzzCase of corpus) {
      expect(fuzzCase.body.length).toBeLessThanOrEqual(MAX_FUZZ_BODY_BYTES);
      expect(fuzzCase.path).toMatch(/^\/api\/grupozap\/lead(\/[\x21-\x7e]*)?$/);
      for (const value of Object.values(fuzzCase.headers)) expect(value).toMatch(/^[\t\x20-\x7e\x80-\xff]*$/);
    }
  });

  it('posts plausible leads with the right credential to the advertiser, as JSON objects', () => {
    const leads = ofCategory('lead');
    for (const fuzzCase of leads) {
      expect(fuzzCase.headers.authorization).toBe(VALID_AUTHORIZATION);
      expect(fuzzCase.allows404).toBe(false);
      expect(readAsRouteWould(fuzzCase).ok).toBe(true);
    }
    // the single endpoint, the slug in other letter cases and with a trailing slash
    expect(new Set(leads.map((fuzzCase) => fuzzCase.path))).toEqual(
      new Set(['/api/grupozap/lead', '/api/grupozap/lead/jardim', '/api/grupozap/lead/JARDIM', '/api/grupozap/lead/jardim/'])
    );
  });

  it('gives plausible leads ids of their own, some of them huge numbers a digit apart', () => {
    const ids = ofCategory('lead').map(
      (fuzzCase) => /"originLeadId":("(?:[^"\\]|\\.)*"|-?[0-9][0-9.eE+-]*)/.exec(fuzzCase.body.toString('utf8'))?.[1]
    );
    const present = ids.filter((id): id is string => id !== undefined);
    expect(new Set(present).size).toBeGreaterThan(present.length * 0.9);
    const huge = present.filter((id) => /^[0-9]{17,}$/.test(id)).map(BigInt);
    expect(huge.length).toBeGreaterThanOrEqual(20);
    expect(huge.some((id) => huge.includes(id + 1n))).toBe(true);
    expect(present.some((id) => /^"[0-9]{17,}"$/.test(id))).toBe(true); // the same digits as text
  });

  it('gives plausible leads odd fields: phoneNumber as an object, an array and a number, unicode names', () => {
    const bodies = ofCategory('lead').map((fuzzCase) => JSON.parse(fuzzCase.body.toString('utf8')) as Record<string, unknown>);
    const phoneKinds = new Set(bodies.map((body) => (Array.isArray(body.phoneNumber) ? 'array' : typeof body.phoneNumber)));
    expect([...phoneKinds]).toEqual(expect.arrayContaining(['string', 'number', 'object', 'array', 'undefined']));
    expect(bodies.some((body) => typeof body.name === 'string' && /[^\p{ASCII}]/u.test(body.name))).toBe(true);
    expect(bodies.some((body) => typeof body.message === 'string' && Buffer.byteLength(body.message) > 2_000)).toBe(true);
    expect(bodies.some((body) => body.clientListingId === undefined)).toBe(true);
  });

  it('delivers some plausible leads again, byte for byte', () => {
    const redeliveries = ofCategory('redelivery');
    expect(redeliveries.length).toBeGreaterThanOrEqual(20);
    for (const redelivery of redeliveries) {
      const index = corpus.indexOf(redelivery);
      const original = corpus
        .slice(0, index)
        .find((fuzzCase) => fuzzCase.category === 'lead' && fuzzCase.body.equals(redelivery.body));
      expect(original).toBeDefined();
      expect(redelivery.headers).toEqual(original?.headers);
      expect(redelivery.path).toBe(original?.path);
    }
  });

  it('puts NUL or a lone surrogate in the unstorable-text cases, as escapes or raw', () => {
    const cases = ofCategory('unstorable-text');
    for (const fuzzCase of cases) {
      const result = readAsRouteWould(fuzzCase);
      if (result.ok) expect(result.cleaned).toBe(true);
      else expect(decodeBody(fuzzCase.body, fuzzCase.headers['content-type']).text).toContain('\u0000');
    }
    expect(cases.some((fuzzCase) => fuzzCase.headers['content-type']?.includes('utf-16le'))).toBe(true);
    expect(cases.some((fuzzCase) => fuzzCase.name.includes('originLeadId'))).toBe(true);
    expect(cases.some((fuzzCase) => fuzzCase.name.includes('key'))).toBe(true);
  });

  it('nests deep cases up to 10,000 levels, with some exactly at the limit and one past it', () => {
    const depths = ofCategory('deep').map((fuzzCase) => ({ fuzzCase, depth: jsonNestingDepth(fuzzCase.body.toString('utf8')) }));
    expect(Math.max(...depths.map(({ depth }) => depth))).toBeGreaterThanOrEqual(10_000);
    // a lead whose extraData nests to the limit must be accepted, and stored, on every database
    const atLimit = depths.filter(({ fuzzCase, depth }) => depth === MAX_BODY_DEPTH && fuzzCase.name.includes('in extraData'));
    expect(atLimit.length).toBeGreaterThan(0);
    for (const { fuzzCase } of atLimit) expect(readAsRouteWould(fuzzCase).ok).toBe(true);
    expect(depths.some(({ depth }) => depth === MAX_BODY_DEPTH + 1)).toBe(true);
    expect(depths.filter(({ depth }) => depth > MAX_BODY_DEPTH).length).toBeGreaterThan(depths.length / 2);
  });

  it('gives invalid UTF-8 in the invalid-utf8 cases', () => {
    for (const fuzzCase of ofCategory('invalid-utf8')) {
      expect(isValidUtf8(fuzzCase.body)).toBe(false);
      expect(decodeBody(fuzzCase.body, fuzzCase.headers['content-type']).exact).toBe(false);
    }
  });

  it('encodes the charset cases in the declared charset (and some in another)', () => {
    const cases = ofCategory('charset');
    const declared = new Set(
      cases.map((fuzzCase) => /charset=([^;]+)/.exec(fuzzCase.headers['content-type'] ?? '')?.[1].toLowerCase())
    );
    expect([...declared]).toEqual(
      expect.arrayContaining(['iso-8859-1', 'windows-1252', 'utf-16le', 'utf-16be', 'utf-16', 'shift_jis', 'x-unknown-charset'])
    );
    const honest = cases.filter((fuzzCase) => {
      const [, declaredAs, writtenAs] = /declared (\S+), written (\S+)/.exec(fuzzCase.name) ?? [];
      const label = declaredAs
        .toLowerCase()
        .replace('iso-8859-1', 'latin1')
        .replace(/^utf-16$/, 'utf-16le');
      return label === writtenAs && label !== 'utf-8';
    });
    expect(honest.length).toBeGreaterThan(cases.length / 2);
    for (const fuzzCase of honest) {
      const decoded = decodeBody(fuzzCase.body, fuzzCase.headers['content-type']);
      expect(decoded.charset).not.toBe('utf-8');
      const name = expect.stringContaining(decoded.charset === 'shift_jis' ? '山田太郎' : 'Conceição');
      const result = parseLeadJson(decoded.text);
      expect(result.ok && result.body.name).toEqual(name);
      // read as UTF-8, the same bytes would not say that
      const asUtf8 = parseLeadJson(fuzzCase.body.toString('utf8'));
      expect(asUtf8.ok && asUtf8.body.name).not.toEqual(name);
    }
    expect(cases.some((fuzzCase) => fuzzCase.body[0] === 0xff && fuzzCase.body[1] === 0xfe)).toBe(true); // a UTF-16LE BOM
  });

  it('starts or fills the bom cases with byte order marks', () => {
    for (const fuzzCase of ofCategory('bom')) expect(fuzzCase.body.includes(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
  });

  it('refuses every truncated, not-object and empty case as the route should', () => {
    for (const fuzzCase of ofCategory('truncated'))
      expect(readAsRouteWould(fuzzCase)).toEqual({ ok: false, code: 'INVALID_JSON' });
    for (const fuzzCase of ofCategory('not-object'))
      expect(readAsRouteWould(fuzzCase)).toEqual({ ok: false, code: 'BODY_NOT_OBJECT' });
    for (const fuzzCase of ofCategory('empty')) expect(readAsRouteWould(fuzzCase)).toEqual({ ok: false, code: 'INVALID_JSON' });
  });

  it('sends wrong, missing and garbled credentials in the auth cases', () => {
    const authorizations = ofCategory('auth').map((fuzzCase) => fuzzCase.headers.authorization);
    expect(authorizations).toContain(undefined);
    expect(authorizations.filter((value) => value !== VALID_AUTHORIZATION).length).toBeGreaterThan(authorizations.length * 0.8);
    expect(new Set(authorizations).size).toBeGreaterThanOrEqual(12);
  });

  it('sends odd Content-Types in the content-type cases, absent included', () => {
    const types = ofCategory('content-type').map((fuzzCase) => fuzzCase.headers['content-type']);
    expect(types).toContain(undefined);
    expect(types.filter((value) => value?.startsWith('multipart/')).length).toBeGreaterThan(0);
    expect(new Set(types).size).toBeGreaterThanOrEqual(10);
  });

  it('puts odd advertiser keys in the path, allowing 404 only for keys that name no advertiser', () => {
    const cases = ofCategory('advertiser-key');
    const keys = cases.map((fuzzCase) => fuzzCase.path.slice('/api/grupozap/lead/'.length));
    expect(keys).toEqual(expect.arrayContaining(['..', '%zz', '%E0%A4%A', '%6a%61%72%64%69%6d']));
    expect(keys.some((key) => key.length >= 4000)).toBe(true);
    for (const fuzzCase of cases) {
      let decoded: string;
      try {
        decoded = decodeURIComponent(fuzzCase.path.slice('/api/grupozap/lead/'.length).replace(/\?.*$/, ''));
      } catch {
        decoded = '';
      }
      expect(fuzzCase.allows404).toBe(decoded.toLowerCase() !== 'jardim');
    }
    expect(cases.some((fuzzCase) => !fuzzCase.allows404)).toBe(true);
  });
});

describe('fuzzCorpus with hostileText', () => {
  const hostile = fuzzCorpus({ ...OPTIONS, count: 600, hostileText: true });
  const bodies = hostile
    .filter((fuzzCase) => fuzzCase.category === 'lead')
    .map((fuzzCase) => JSON.parse(fuzzCase.body.toString('utf8')) as Record<string, unknown>);

  it('changes nothing of the corpus without it', () => {
    const plain = fuzzCorpus({ ...OPTIONS, count: 50 });
    expect(plain.map((fuzzCase) => fuzzCase.body.toString('base64'))).toEqual(
      corpus.slice(0, 50).map((fuzzCase) => fuzzCase.body.toString('base64'))
    );
  });

  it.each(['name', 'email', 'phone', 'phoneNumber', 'message', 'extraData', 'originLeadId'])(
    'puts script-like text, odd types and plain text in %s',
    (field) => {
      const values = bodies.map((body) => body[field]);
      expect(values.some((value) => JSON.stringify(value ?? null).includes(INJECTION_MARK))).toBe(true);
      expect(values.some((value) => typeof value === 'string' && !value.includes('<'))).toBe(true);
      if (field !== 'originLeadId') expect(values.some((value) => value !== null && typeof value === 'object')).toBe(true);
    }
  );

  it('puts link parameters, RTL, emoji and huge strings in the contact fields', () => {
    const texts = bodies
      .flatMap((body) => [body.name, body.email, body.phone, body.message])
      .filter((value): value is string => typeof value === 'string');
    expect(texts.some((value) => value.includes('?bcc='))).toBe(true);
    expect(texts.some((value) => /[\u0590-\u06ff\u202e]/.test(value))).toBe(true);
    expect(texts.some((value) => /\p{Extended_Pictographic}/u.test(value))).toBe(true);
    expect(texts.some((value) => value.length > 5_000)).toBe(true);
    for (const fuzzCase of hostile) expect(fuzzCase.body.length).toBeLessThanOrEqual(MAX_FUZZ_BODY_BYTES);
  });
});

describe('answerViolation', () => {
  const known = corpus.find((fuzzCase) => !fuzzCase.allows404) as FuzzCase;
  const unknown = corpus.find((fuzzCase) => fuzzCase.allows404) as FuzzCase;

  it('accepts the answers the route may give', () => {
    for (const [status, code] of [
      [201, 'LEAD_CREATED'],
      [200, 'LEAD_DUPLICATE'],
      [400, 'BODY_TOO_DEEP'],
      [401, 'AUTH_REQUIRED'],
      [422, 'MISSING_ORIGIN_LEAD_ID'],
      [429, 'TOO_MANY_AUTH_FAILURES'],
    ] as const) {
      expect(answerViolation(known, { status, code })).toBeNull();
    }
    expect(answerViolation(unknown, { status: 404, code: 'ADVERTISER_NOT_FOUND' })).toBeNull();
  });

  it('names a 5xx, and a 404 anywhere but for an unknown advertiser key', () => {
    expect(answerViolation(known, { status: 503, code: 'STORAGE_UNAVAILABLE' })).toContain(known.name);
    expect(answerViolation(unknown, { status: 500, code: 'ROUTE_NOT_FOUND' })).toContain('500');
    expect(answerViolation(known, { status: 404, code: 'ADVERTISER_NOT_FOUND' })).toContain('404');
    expect(answerViolation(unknown, { status: 404, code: undefined })).toContain('404');
  });
});
