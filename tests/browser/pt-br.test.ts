// the function run in the page (readTexts) is typed against the DOM
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import en from '../../admin/src/translations/en.json';
import ptBR from '../../admin/src/translations/pt-BR.json';
import {
  createAdvertiser,
  freshLead,
  leadPath,
  openBrowser,
  screenshot,
  startAdminApp,
  type AdminApp,
  type OpenBrowser,
} from './helpers';

/**
 * Every screen of the plugin in Portuguese (Brazil), the language the playground offers beside
 * English (playground/src/admin/app.js): no text of the plugin's own left in English, and no text
 * spilling out of its box.
 */
const SECRET = 'browser-pt-br-secret-1234';
const ADMIN = '/admin';
const INBOX = `${ADMIN}/plugins/grupozap`;

/**
 * The plugin's English texts that Portuguese says differently, without placeholders (shown as
 * written): one of them on a Portuguese screen is a text left untranslated.
 */
const englishOnly = new Set(
  Object.entries(en as Record<string, string>)
    .filter(([key, text]) => !/[{}<]/.test(text) && (ptBR as Record<string, string>)[key] !== text && /[a-z]{3}/i.test(text))
    .map(([, text]) => text)
);

interface ScreenText {
  /** Each element's own text (its text nodes), trimmed, with where it is. */
  texts: Array<{ text: string; where: string }>;
  /** Elements whose text is wider than their box and shown beyond it (not cut with an ellipsis). */
  spills: string[];
}

/** Runs in the page: the texts of the page's main part (or body) and the texts that spill out. */
const readTexts = (): ScreenText => {
  const root = document.querySelector('main') ?? document.body;
  const texts: ScreenText['texts'] = [];
  const spills: string[] = [];
  const describe = (element: Element) =>
    `${element.tagName.toLowerCase()}${element.getAttribute('aria-label') ? `[aria-label="${element.getAttribute('aria-label')}"]` : ''}`;
  for (const element of root.querySelectorAll('*')) {
    const own = [...element.childNodes]
      .filter((node) => node.nodeType === Node.TEXT_NODE)
      .map((node) => node.textContent ?? '')
      .join('')
      .trim();
    for (const attribute of ['aria-label', 'placeholder', 'title']) {
      const value = element.getAttribute(attribute);
      if (value) texts.push({ text: value.trim(), where: `${describe(element)} @${attribute}` });
    }
    if (!own) continue;
    texts.push({ text: own, where: describe(element) });
    const style = getComputedStyle(element);
    const box = element as HTMLElement;
    if (
      style.display !== 'inline' &&
      style.overflowX === 'visible' &&
      box.clientWidth > 0 &&
      box.scrollWidth > box.clientWidth + 1 &&
      style.visibility !== 'hidden'
    ) {
      spills.push(`${describe(element)} "${own.slice(0, 60)}" (${box.scrollWidth} px in ${box.clientWidth} px)`);
    }
  }
  return { texts, spills };
};

describe('the plugin in Portuguese (Brazil)', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  let leadId: string;
  let advertiserId: string;

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    browser = await openBrowser();
    const advertiser = await createAdvertiser(app);
    expect(advertiser.status).toBe(201);
    advertiserId = advertiser.body.data.documentId;
    const lead = await app.postLead(leadPath('jardim'), freshLead(), SECRET);
    expect(lead.status).toBe(201);
    leadId = lead.body.leadId;
    await app.login(browser.page);
  }, 120_000);

  const englishOn = (texts: ScreenText['texts']) =>
    texts.filter(({ text }) => englishOnly.has(text)).map(({ text, where }) => `${where}: "${text}"`);

  it('finds the English texts of a screen shown in English (the check can see them)', async () => {
    const { page } = browser;
    await page.goto(`${app.url}${INBOX}`);
    await page.locator('main').getByText('Received', { exact: true }).first().waitFor();
    expect(englishOn((await page.evaluate(readTexts)).texts).length).toBeGreaterThan(5);
    // from here on, the interface language of this admin, as its profile page sets it
    await page.evaluate(() => window.localStorage.setItem('strapi-admin-language', 'pt-BR'));
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Each screen, and a text of its own that says it is shown (in Portuguese). */
  const screens: Array<[string, () => string, string]> = [
    ['the inbox', () => `${INBOX}`, 'Leads'],
    ['a lead', () => `${INBOX}/leads/${leadId}`, 'Mensagem'],
    ['the delivery log', () => `${INBOX}/deliveries`, 'Entregas'],
    ['homologation', () => `${INBOX}/homologation`, 'Homologação'],
    ['the reports', () => `${INBOX}/reports`, 'Relatórios'],
    ['privacy', () => `${INBOX}/privacy`, 'Privacidade (LGPD)'],
    ['Settings → Grupo ZAP', () => `${ADMIN}/settings/grupozap`, 'Credencial do portal'],
    [
      'an advertiser in the Content Manager (feed panel)',
      () => `${ADMIN}/content-manager/collection-types/plugin::grupozap.advertiser/${advertiserId}`,
      'Feed de anúncios do Grupo ZAP',
    ],
  ];

  it.each(screens)('shows %s in Portuguese, nothing spilling out of its box', async (name, path, marker) => {
    const { page } = browser;
    await page.goto(`${app.url}${path()}`);
    await page.locator('main').getByText(marker, { exact: true }).first().waitFor();
    await page.waitForLoadState('networkidle').catch(() => undefined);
    const { texts, spills } = await page.evaluate(readTexts);
    const english = englishOn(texts);
    expect({ screen: name, english, spills }).toEqual({ screen: name, english: [], spills: [] });
    if (name === 'the inbox') await screenshot(page, 'pt-br-inbox');
    if (name === 'a lead') await screenshot(page, 'pt-br-lead');
  });
});
