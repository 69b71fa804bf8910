import type { Page } from 'playwright-core';
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
 * One person, one history, in Portuguese: a lead's page lists the person's other leads (the same
 * phone, the same e-mail) with their status and agent, and opens them.
 */
const SECRET = 'browser-person-secret-1234';
const INBOX = '/admin/plugins/grupozap';

describe('a lead’s person', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  let page: Page;
  const ids: Record<string, string> = {};

  const deliver = async (key: string, overrides: Record<string, unknown>) => {
    const answer = await app.postLead(leadPath('jardim'), freshLead('grupo-olx-current.json', overrides), SECRET);
    expect(answer.status).toBe(201);
    ids[key] = answer.body.leadId as string;
  };

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    browser = await openBrowser();
    page = browser.page;
    expect((await createAdvertiser(app)).status).toBe(201);
    await deliver('first', {
      name: 'Lúcia Lima',
      email: 'lucia@example.com',
      ddd: '11',
      phone: '991112222',
      clientListingId: 'CASA-1',
    });
    await deliver('second', {
      name: 'Lúcia',
      email: 'Lucia@Example.com',
      ddd: undefined,
      phone: undefined,
      phoneNumber: '+55 (11) 99111-2222',
      clientListingId: 'APTO-2',
    });
    await deliver('stranger', { name: 'Pedro Outro', email: 'pedro@example.com', ddd: '11', phone: '993334444' });
    expect((await app.api('PUT', `/grupozap/leads/${ids.first}`, { status: 'contacted' })).status).toBe(200);
    await app.login(page);
    await page.evaluate(() => window.localStorage.setItem('strapi-admin-language', 'pt-BR'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lists the person’s other leads, in Portuguese, and opens one', async () => {
    await page.goto(`${app.url}${INBOX}/leads/${ids.second}`);
    const others = page.getByRole('list', { name: 'Outros leads desta pessoa' });
    await others.waitFor();
    const items = others.getByRole('listitem');
    expect(await items.count()).toBe(1);
    await items.getByText('Contatado').waitFor();
    await items.getByText(/CASA-1/).waitFor();
    await items.getByText(/mesmo telefone, mesmo e-mail/).waitFor();

    await page.waitForLoadState('networkidle').catch(() => undefined);
    const { texts, spills } = await page.evaluate(readTexts, 'main');
    expect({ english: englishOn(texts), spills }).toEqual({ english: [], spills: [] });
    await others.scrollIntoViewIfNeeded();
    await screenshot(page, 'pt-br-lead-person');

    await items.getByRole('link').click();
    await page.getByRole('heading', { name: 'Lúcia Lima', level: 1 }).waitFor();
    expect(page.url()).toContain(`/leads/${ids.first}`);
    await page
      .getByRole('list', { name: 'Outros leads desta pessoa' })
      .getByText(/APTO-2/)
      .waitFor();
  });

  it('shows one row per person in the inbox, with how many leads each has', async () => {
    await page.goto(`${app.url}${INBOX}?page=1&pageSize=25&sort=receivedAt:DESC&filters[perPerson]=true`);
    await page.getByText('2 pessoas encontradas').waitFor();
    await page.getByText('Pessoas: Uma linha por pessoa').waitFor();
    const rows = page.getByRole('row');
    // the header, Lúcia's newest lead (her older one folded into it), Pedro's
    await page.getByRole('link', { name: 'Lúcia', exact: true }).waitFor();
    expect(await rows.count()).toBe(3);
    expect(await page.getByRole('link', { name: 'Lúcia Lima', exact: true }).count()).toBe(0);
    const badges = page.getByTestId('lead-person-badge');
    expect(await badges.count()).toBe(1);
    expect(await badges.textContent()).toBe('2 leads');

    await page.waitForLoadState('networkidle').catch(() => undefined);
    const { texts, spills } = await page.evaluate(readTexts, 'main');
    expect({ english: englishOn(texts), spills }).toEqual({ english: [], spills: [] });
    await screenshot(page, 'pt-br-inbox-people');

    // every lead again: both of hers, each saying she has two
    await page.getByRole('button', { name: /Remover o filtro Pessoas/ }).click();
    await page.getByText('3 leads encontrados').waitFor();
    expect(await page.getByTestId('lead-person-badge').count()).toBe(2);
  });

  it('says when the person has no other lead', async () => {
    await page.goto(`${app.url}${INBOX}/leads/${ids.stranger}`);
    await page.getByText('Nenhum outro lead com este telefone ou e-mail.').waitFor();
  });
});
