// the functions run in the page (readScreen, navigate) are typed against the DOM
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import type { Page } from 'playwright-core';
import type { LeadDetail } from '../../shared/contracts/leads';
import { answerViolation, fuzzCorpus, INJECTION_MARK } from '../helpers/fuzz-corpus';
import { postRaw } from '../helpers/raw-http';
import { createAdvertiser, openBrowser, startAdminApp, type AdminApp, type OpenBrowser } from './helpers';

/**
 * The route's fuzz corpus (tests/helpers/fuzz-corpus.ts, its fields made hostile: markup, script,
 * `javascript:` URLs, link parameters, RTL, emoji, huge strings, objects where text is expected)
 * posted to the served app; every lead it stores is then opened in the admin — its page, the inbox
 * listing it, and for a few the Content Manager's edit view — which must show what was stored, as
 * text: no error screen, no page or console error, no element or link made of the lead's values.
 */
const SECRET = 'browser-lead-fuzz-secret-1234';
const SEED = 20_261_201;
const COUNT = 240;
const MIN_LEADS = 100;
const LISTING = 'JDA-4821';
const ADMIN = '/admin';
const INBOX = `${ADMIN}/plugins/grupozap`;
const CONTENT_MANAGER_LEAD = `${ADMIN}/content-manager/collection-types/plugin::grupozap.lead`;
/** The lead page shows this many characters of a value, then "Show all" (admin/src/components/leads/ClippedText.tsx). */
const CLIP_AT = 3_000;
/** Requests of the Content Manager's edit view to features this app does not have (Strapi's AI, preview). */
const ABSENT_FEATURES = /\/admin\/ai-feature-config$|\/i18n\/ai-localization-jobs\/|\/content-manager\/preview\/url\//;

/**
 * What the lead page shows for a value: `–` when empty, text as it is, numbers and booleans
 * written out, objects and arrays as JSON; cut after CLIP_AT characters, before a "Show all" button.
 */
const shown = (value: unknown): string => {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : typeof value === 'object'
          ? JSON.stringify(value)
          : String(value);
  if (text === '') return '–';
  if (text.length <= CLIP_AT) return text;
  const end = /[\uD800-\uDBFF]/.test(text[CLIP_AT - 1]) ? CLIP_AT - 1 : CLIP_AT;
  return `${text.slice(0, end)}…Show all ${text.length.toLocaleString('en')} characters`;
};

/** What one screen shows, read in the page at once. */
interface Snapshot {
  /** An error screen's text, when one is shown. */
  errorScreen: string | null;
  title: string | null;
  /** Every label of the page with the value under it (`dt` → `dd`), in the page's order. */
  details: Array<[string, string]>;
  /** Every link's href in the page. */
  hrefs: string[];
  /** Elements or attributes that only markup from a lead's values could have made. */
  injected: string[];
}

/** Runs in the page: the snapshot, or null while `ready` (a CSS selector and its text) is not shown yet. */
const readScreen = ({ ready, mark }: { ready: { selector: string; text: string } | null; mark: string }): Snapshot | null => {
  const errorTexts = ['Whoops! Something went wrong', 'Something went wrong', 'couldn\u2019t be loaded', "couldn't be loaded"];
  const main = document.querySelector('main') ?? document.body;
  const mainText = main.textContent ?? '';
  const errorScreen = errorTexts.find((text) => mainText.includes(text)) ?? null;
  if (
    !errorScreen &&
    ready &&
    ![...document.querySelectorAll(ready.selector)].some((element) => element.textContent === ready.text)
  )
    return null;

  const details: Array<[string, string]> = [];
  for (const dt of document.querySelectorAll('dt')) {
    const dd = dt.nextElementSibling;
    if (dd?.tagName === 'DD') details.push([dt.textContent ?? '', dd.textContent ?? '']);
  }
  // what the corpus's tricks would leave, had a value become markup (the admin has its own scripts,
  // styles and data: images, so only their marks count)
  const injected: string[] = [];
  if ((window as unknown as Record<string, unknown>)[mark] !== undefined) injected.push(`window.${mark} was set`);
  for (const element of document.body.querySelectorAll('*')) {
    const tag = element.tagName.toLowerCase();
    const text = element.textContent ?? '';
    if (['iframe', 'object', 'embed'].includes(tag)) injected.push(`<${tag}>`);
    if (tag === 'img' && element.getAttribute('src') === 'x') injected.push('<img src=x>');
    if (tag === 'b' && text === 'negrito') injected.push('<b>negrito</b>');
    if (tag === 'style' && text.includes('*{display:none}')) injected.push('<style>*{display:none}</style>');
    if (tag === 'script' && text.includes(mark)) injected.push(`<script>${text.slice(0, 60)}</script>`);
    for (const attribute of element.attributes) {
      if (/^on/i.test(attribute.name)) injected.push(`<${tag} ${attribute.name}>`);
      if (/^\s*(javascript:|vbscript:|data:text\/html)/i.test(attribute.value) && /href|src|action/i.test(attribute.name)) {
        injected.push(`<${tag} ${attribute.name}="${attribute.value.slice(0, 60)}">`);
      }
    }
  }
  return {
    errorScreen,
    title: document.querySelector('h1')?.textContent ?? null,
    details,
    hrefs: [...document.querySelectorAll('a[href]')].map((link) => link.getAttribute('href') ?? ''),
    injected,
  };
};

/** Problems of a page's links: only the app's own paths, https, and mailto:/tel: made of one address or number. */
const linkProblems = (hrefs: string[], lead: LeadDetail | null): string[] =>
  hrefs.flatMap((href) => {
    if (/^(\/|#|https?:\/\/)/.test(href)) return [];
    if (href.startsWith('mailto:')) {
      const address = href.slice('mailto:'.length);
      if (!/^[^?#&,;\s]+@[^?#&,;\s@]+$/.test(address)) return [`mailto link with more than one address: ${href}`];
      if (lead && decodeURIComponent(address) !== String(lead.email).trim())
        return [`mailto link ${href} is not the lead's e-mail ${JSON.stringify(lead.email)}`];
      return [];
    }
    if (href.startsWith('tel:')) return /^tel:\+?[0-9]{3,}$/.test(href) ? [] : [`tel link not only digits: ${href}`];
    return [`link of another kind: ${href.slice(0, 80)}`];
  });

describe('the lead page, the inbox and the Content Manager show every lead the fuzz corpus stores', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  let page: Page;
  const leads: LeadDetail[] = [];
  /** Page errors, console errors, failed requests and dialogs since the last `takeErrors()`. */
  const errors: string[] = [];
  const takeErrors = () => errors.splice(0, errors.length);

  const snapshot = async (ready: { selector: string; text: string } | null): Promise<Snapshot> => {
    const handle = await page.waitForFunction(readScreen, { ready, mark: INJECTION_MARK }, { polling: 'raf' });
    return (await handle.jsonValue()) as Snapshot;
  };

  /** Navigates inside the admin's single-page app (React Router hears popstate), without a reload. */
  const navigate = (path: string) =>
    page.evaluate((target) => {
      window.history.pushState({}, '', target);
      window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
    }, path);

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    browser = await openBrowser();
    page = browser.page;
    page.on('pageerror', (error) => errors.push(`page error: ${error.message.slice(0, 300)}`));
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // requests that leave the machine are aborted on purpose (tests/browser/helpers/browser.ts)
      const { url } = message.location();
      if (
        message.text().startsWith('Failed to load resource') &&
        url &&
        (!/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url) || ABSENT_FEATURES.test(url))
      )
        return;
      errors.push(`console error: ${message.text().slice(0, 300)} (${url})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400 && !ABSENT_FEATURES.test(response.url()))
        errors.push(`answer ${response.status()} to ${response.request().method()} ${response.url().slice(0, 200)}`);
    });
    page.on('dialog', (dialog) => {
      errors.push(`dialog: ${dialog.type()} ${dialog.message().slice(0, 100)}`);
      void dialog.dismiss();
    });

    const advertiser = await createAdvertiser(app);
    expect(advertiser.status).toBe(201);
    const listing = await app.api('POST', '/content-manager/collection-types/plugin::grupozap.listing', {
      clientListingId: LISTING,
      title: 'Casa com 3 quartos no Jardim Botânico',
      advertiser: { connect: [{ documentId: advertiser.body.data.documentId }] },
    });
    expect(listing.status).toBe(201);

    // the corpus without its wrong credentials (ten of those close the route to this address)
    const corpus = fuzzCorpus({
      seed: SEED,
      count: COUNT,
      secret: SECRET,
      advertiserSlug: 'jardim',
      listingCode: LISTING,
      hostileText: true,
    }).filter((fuzzCase) => fuzzCase.category !== 'auth');
    const stored = new Set<string>();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < corpus.length) {
          const fuzzCase = corpus[next++];
          const answer = await postRaw(app.url, fuzzCase.path, fuzzCase.headers, fuzzCase.body);
          expect(answerViolation(fuzzCase, { status: answer.status, code: answer.body.code })).toBeNull();
          if (answer.status >= 200 && answer.status < 300 && answer.body.leadId) stored.add(answer.body.leadId);
        }
      })
    );
    expect(stored.size).toBeGreaterThanOrEqual(MIN_LEADS);
    // each as the lead page reads it
    const documentIds = [...stored];
    let read = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (read < documentIds.length) {
          const answer = await app.api<{ data: LeadDetail }>('GET', `/grupozap/leads/${documentIds[read++]}`);
          expect(answer.status).toBe(200);
          leads.push(answer.body.data);
        }
      })
    );
    // in the corpus's terms (a document id is random): the same leads come first on every run
    leads.sort((a, b) => a.originLeadId.localeCompare(b.originLeadId));
    // the shapes the page must take: objects where text is expected, markup, huge texts
    const payloads = leads.map((lead) => lead.payload as Record<string, unknown>);
    expect(
      payloads.filter((payload) => typeof payload.phoneNumber === 'object' && payload.phoneNumber !== null).length
    ).toBeGreaterThan(5);
    expect(payloads.filter((payload) => typeof payload.name === 'object' && payload.name !== null).length).toBeGreaterThan(5);
    expect(leads.filter((lead) => String(lead.message).includes(INJECTION_MARK)).length).toBeGreaterThan(5);
    expect(leads.filter((lead) => String(lead.name).includes('<')).length).toBeGreaterThan(5);
    expect(leads.filter((lead) => String(lead.email).includes('?')).length).toBeGreaterThan(2);
    expect(leads.some((lead) => String(lead.message).length > 10_000)).toBe(true);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it(`opens the page of each stored lead (at least ${MIN_LEADS}) and shows its values as text`, async () => {
    await app.login(page);
    takeErrors();
    const problems: string[] = [];
    const linked = { mailto: 0, tel: 0 };
    for (const lead of leads) {
      await navigate(`${INBOX}/leads/${lead.documentId}`);
      const screen = await snapshot({ selector: 'dd', text: lead.documentId });
      const where = `lead ${lead.documentId} (${JSON.stringify(lead.originLeadId).slice(0, 60)})`;
      const found = [
        ...takeErrors(),
        ...(screen.errorScreen ? [`error screen: ${screen.errorScreen}`] : []),
        ...screen.injected,
        ...linkProblems(screen.hrefs, lead),
      ];
      if (!screen.errorScreen) {
        const detail = (label: string) => screen.details.find(([shownLabel]) => shownLabel === label)?.[1];
        const expected: Array<[string, string | null | undefined, string]> = [
          ['title', screen.title, lead.name || '(no name)'],
          ['Name', detail('Name'), shown(lead.name)],
          ['Message', detail('Message'), shown(lead.message)],
          ['Origin', detail('Origin'), shown(lead.leadOrigin)],
          ['Lead type', detail('Lead type'), shown(lead.leadType)],
          ['Temperature', detail('Temperature'), shown(lead.temperature)],
          ['Portal lead id', detail('Portal lead id'), lead.originLeadId],
        ];
        for (const [label, actual, wanted] of expected) {
          if (actual !== wanted)
            found.push(`${label} shows ${JSON.stringify(actual?.slice(0, 80))}, not ${JSON.stringify(wanted.slice(0, 80))}`);
        }
        if (lead.email && !(detail('E-mail') ?? '').includes(lead.email))
          found.push(`E-mail does not show ${JSON.stringify(lead.email)}`);
        // extraData, any JSON under any key: each entry under its key, as text
        for (const [key, value] of Object.entries(lead.extraData ?? {})) {
          const wanted = shown(value === false ? null : value);
          if (!screen.details.some(([label, text]) => label === key && text === wanted)) {
            found.push(`extraData ${JSON.stringify(key.slice(0, 40))} is not shown as ${JSON.stringify(wanted.slice(0, 80))}`);
          }
        }
      }
      problems.push(...found.map((problem) => `${where}: ${problem}`));
      if (screen.hrefs.some((href) => href.startsWith('mailto:'))) linked.mailto += 1;
      if (screen.hrefs.some((href) => href.startsWith('tel:'))) linked.tel += 1;
    }
    expect(problems).toEqual([]);
    // the links were there to check
    expect(linked.mailto).toBeGreaterThan(10);
    expect(linked.tel).toBeGreaterThan(10);

    // a long message whole, when asked for (the one least costly to lay out: fewest letters beyond ASCII)
    const nonAscii = (lead: LeadDetail) => String(lead.message).replace(/\p{ASCII}/gu, '').length;
    const long = leads.filter((lead) => String(lead.message).length > CLIP_AT).sort((a, b) => nonAscii(a) - nonAscii(b))[0];
    await navigate(`${INBOX}/leads/${long.documentId}`);
    await snapshot({ selector: 'dd', text: long.documentId });
    await page.getByRole('button', { name: `Show all ${String(long.message).length.toLocaleString('en')} characters` }).click();
    expect((await snapshot({ selector: 'dd', text: String(long.message) })).injected).toEqual([]);
    expect(takeErrors()).toEqual([]);
  });

  it('lists every one of them in the inbox, by name, as text', async () => {
    const pageSize = 100;
    const listed = new Map<string, string>();
    const problems: string[] = [];
    for (let pageNumber = 1; pageNumber <= Math.ceil(leads.length / pageSize); pageNumber += 1) {
      await navigate(`${INBOX}?page=${pageNumber}&pageSize=${pageSize}&sort=receivedAt:DESC`);
      const last = Math.min(leads.length, pageNumber * pageSize) - (pageNumber - 1) * pageSize;
      await page.getByRole('grid').getByRole('row').nth(last).waitFor();
      const screen = await snapshot(null);
      problems.push(...takeErrors(), ...screen.injected, ...linkProblems(screen.hrefs, null));
      if (screen.errorScreen) problems.push(`page ${pageNumber}: error screen ${screen.errorScreen}`);
      const rows = await page.evaluate(() =>
        [...document.querySelectorAll('[role="grid"] a[href*="/plugins/grupozap/leads/"]')].map((link) => [
          link.getAttribute('href') ?? '',
          link.textContent ?? '',
        ])
      );
      for (const [href, text] of rows) listed.set(/\/leads\/([^/?]+)/.exec(href)?.[1] ?? href, text);
    }
    for (const lead of leads) {
      const text = listed.get(lead.documentId);
      if (text === undefined) problems.push(`lead ${lead.documentId} is not listed`);
      else if (text !== (lead.name || '(no name)'))
        problems.push(`lead ${lead.documentId} listed as ${JSON.stringify(text.slice(0, 80))}`);
    }
    expect(problems).toEqual([]);
  });

  it('shows the raw payload of a few of the oddest, and opens them in the Content Manager’s edit view', async () => {
    const payloadOf = (lead: LeadDetail) => lead.payload as Record<string, unknown>;
    const oddities: Array<(lead: LeadDetail) => boolean> = [
      (lead) => String(lead.name).includes(INJECTION_MARK),
      (lead) => typeof payloadOf(lead).phoneNumber === 'object' && payloadOf(lead).phoneNumber !== null,
      (lead) => Boolean(lead.extraData && Object.keys(lead.extraData).some((key) => key.includes('<') || key === '__proto__')),
      (lead) => /[\r\n]/.test(`${lead.name}${lead.originLeadId}`),
    ];
    // one lead per oddity, four different leads (one lead may have several)
    const picks = oddities.reduce<LeadDetail[]>((picked, isOdd) => {
      const lead = leads.find((candidate) => isOdd(candidate) && !picked.includes(candidate));
      return lead ? [...picked, lead] : picked;
    }, []);
    expect(picks).toHaveLength(4);
    // a single-line input drops line breaks from its value (HTML's value sanitization)
    const asInput = (value: string | null) => (value ?? '').replace(/[\r\n]/g, '');
    const payloadBlock = page.locator('pre[aria-label="Raw payload (JSON)"]');
    const problems: string[] = [];
    for (const lead of picks) {
      const where = `lead ${lead.documentId}`;
      await navigate(`${INBOX}/leads/${lead.documentId}`);
      await snapshot({ selector: 'dd', text: lead.documentId });
      const payloadButton = page.getByRole('button', { name: /Raw payload \(JSON\)/ });
      await payloadButton.click();
      if ((await payloadBlock.textContent()) !== JSON.stringify(lead.payload, null, 2))
        problems.push(`${where}: the raw payload is not the one stored`);
      problems.push(...(await snapshot(null)).injected.map((problem) => `${where}, raw payload: ${problem}`));
      await payloadButton.click(); // folded again: the next lead's page opens folded

      await navigate(`${CONTENT_MANAGER_LEAD}/${lead.documentId}`);
      const name = page.getByRole('textbox', { name: 'name' });
      await name.waitFor();
      const screen = await snapshot(null);
      problems.push(...[...takeErrors(), ...screen.injected].map((problem) => `${where} in the Content Manager: ${problem}`));
      if (screen.errorScreen) problems.push(`${where} in the Content Manager: error screen ${screen.errorScreen}`);
      const shown = {
        name: await name.inputValue(),
        originLeadId: await page.getByRole('textbox', { name: 'originLeadId' }).inputValue(),
      };
      expect(shown).toEqual({ name: asInput(lead.name), originLeadId: asInput(lead.originLeadId) });
    }
    expect(problems).toEqual([]);
  });
});
