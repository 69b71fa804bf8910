import { parse as parseLossless } from 'lossless-json';
import { decodeBody, storableText } from '../../server/src/delivery/body';
import { answerViolation, fuzzCorpus, type FuzzCase } from '../helpers/fuzz-corpus';
import { postRaw, type RawAnswer } from '../helpers/raw-http';
import { createAdvertiser, createListing } from '../helpers/seed';
import { startTestApp, TEST_SECRET, type TestApp } from '../helpers/strapi';

/**
 * 1,000 generated requests to the lead route (tests/helpers/fuzz-corpus.ts), posted over real
 * HTTP with their paths as written, eight at a time: no answer is a 5xx, no answer is an
 * accidental 404, and every lead answered 201/200 is stored exactly once, under the
 * originLeadId its body carried, with the documentId the answer gave.
 */
const SEED = 20_261_130;
const COUNT = 1_000;
const CONCURRENCY = 8;

let app: TestApp;
let base: string;

beforeAll(async () => {
  app = await startTestApp();
  // the corpus sends wrong credentials on purpose: the brake must not turn later cases into 429s
  app.strapi.config.set('plugin::grupozap.authFailureLimit', 1_000_000);
  const agency = await createAdvertiser(app.strapi, {
    name: 'Fuzz Imóveis',
    slug: 'fuzz-agency',
    document: '11222333000181',
  });
  await createListing(app.strapi, {
    clientListingId: 'FZ-1',
    advertiser: agency.documentId,
  });
  base = await app.listen();
});

afterAll(async () => {
  await app?.stop();
});

/** One request with its path and bytes exactly as the case has them. */
const send = (fuzzCase: FuzzCase): Promise<RawAnswer> => postRaw(base, fuzzCase.path, fuzzCase.headers, fuzzCase.body);

/** The originLeadId a body carries, digit for digit, read independently of the route. */
const sentOriginLeadId = (fuzzCase: FuzzCase): string | null => {
  try {
    const { text } = decodeBody(fuzzCase.body, fuzzCase.headers['content-type']);
    const body = parseLossless(text.replace(/^\uFEFF/, ''), null, (digits) => digits) as Record<string, unknown>;
    const id = body?.originLeadId;
    // as a database can store it (NUL and lone surrogates replaced)
    return typeof id === 'string' ? storableText(id).trim() : null;
  } catch {
    return null;
  }
};

it(`answers ${COUNT} generated requests without a 5xx or an accidental 404, and stores what it answered`, async () => {
  const corpus = fuzzCorpus({
    seed: SEED,
    count: COUNT,
    secret: TEST_SECRET,
    advertiserSlug: 'fuzz-agency',
    listingCode: 'FZ-1',
  });
  expect(corpus.length).toBeGreaterThanOrEqual(COUNT);

  const answers: RawAnswer[] = new Array(corpus.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < corpus.length) {
        const index = next++;
        answers[index] = await send(corpus[index]);
      }
    })
  );

  const violations = corpus
    .map((fuzzCase, index) => {
      const problem = answerViolation(fuzzCase, {
        status: answers[index].status,
        code: answers[index].body.code,
      });
      return problem && `${fuzzCase.name}: ${problem}`;
    })
    .filter(Boolean);
  expect(violations).toEqual([]);

  // every lead answered as stored is there once, under the id its body carried
  const stored = corpus.flatMap((fuzzCase, index) => {
    const answer = answers[index];
    return answer.status === 201 || answer.status === 200 ? [{ fuzzCase, answer }] : [];
  });
  expect(stored.length).toBeGreaterThan(COUNT / 5);
  const leads: { documentId: string; originLeadId: string }[] = await app.strapi.db
    .query('plugin::grupozap.lead')
    .findMany({ select: ['documentId', 'originLeadId'] });
  const byDocumentId = new Map(leads.map((lead) => [lead.documentId, lead]));
  const createdIds = new Set<string>();
  const mismatches: string[] = [];
  for (const { fuzzCase, answer } of stored) {
    const lead = answer.body.leadId ? byDocumentId.get(answer.body.leadId) : undefined;
    const sent = sentOriginLeadId(fuzzCase);
    if (!lead) mismatches.push(`${fuzzCase.name}: answered ${answer.status} but lead ${answer.body.leadId} is not stored`);
    else if (sent !== null && lead.originLeadId.toLowerCase() !== sent.toLowerCase()) {
      mismatches.push(`${fuzzCase.name}: sent ${sent}, stored ${lead.originLeadId}`);
    }
    if (answer.status === 201 && answer.body.leadId) {
      if (createdIds.has(answer.body.leadId)) mismatches.push(`${fuzzCase.name}: a second 201 for ${answer.body.leadId}`);
      createdIds.add(answer.body.leadId);
    }
  }
  expect(mismatches).toEqual([]);
  // nothing stored that was not answered 201
  expect(leads.length).toBe(createdIds.size);
  // one delivery-log row per request
  expect(await app.strapi.db.query('plugin::grupozap.delivery').count()).toBe(corpus.length);
}, 300_000);
