import {
  createAdvertiser,
  englishOn,
  freshLead,
  leadPath,
  openBrowser,
  readTexts,
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

  it('finds the English texts of a screen shown in English (the check can see them)', async () => {
    const { page } = browser;
    await page.goto(`${app.url}${INBOX}`);
    await page.locator('main').getByText('Received', { exact: true }).first().waitFor();
    expect(englishOn((await page.evaluate(readTexts, 'main')).texts).length).toBeGreaterThan(5);
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
    const { texts, spills } = await page.evaluate(readTexts, 'main');
    const english = englishOn(texts);
    expect({ screen: name, english, spills }).toEqual({ screen: name, english: [], spills: [] });
    if (name === 'the inbox') await screenshot(page, 'pt-br-inbox');
    if (name === 'a lead') await screenshot(page, 'pt-br-lead');
  });
});
