import fs from 'node:fs/promises';
import type { Page } from 'playwright-core';
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

const SECRET = 'browser-privacy-secret-1234';
const BEATRIZ = { name: 'Beatriz Quintanilha', email: 'beatriz.quintanilha@example.com', ddd: '47', phone: '991234567' };

/** Clicks `trigger` and gives the text of the file the browser downloads. */
const downloadOf = async (page: Page, trigger: () => Promise<void>): Promise<{ name: string; text: string }> => {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  const file = await download.path();
  return { name: download.suggestedFilename(), text: await fs.readFile(file, 'utf8') };
};

describe('Grupo ZAP → Reports and Privacy (LGPD)', () => {
  let app: AdminApp;
  let browser: OpenBrowser;

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    browser = await openBrowser();
    const advertiser = await createAdvertiser(app);
    expect(advertiser.status).toBe(201);
    const beatriz = freshLead('grupo-olx-current.json', { ...BEATRIZ, phoneNumber: undefined });
    expect((await app.postLead(leadPath('jardim'), beatriz, SECRET)).status).toBe(201);
    // someone else's lead that mentions her: found, and only the mention is erased
    const otavio = freshLead('grupo-olx-current.json', {
      name: 'Otávio Ramalhete',
      email: 'otavio@example.com',
      leadOrigin: 'VivaReal',
      message: `Indicação da ${BEATRIZ.email}, vizinha.`,
    });
    expect((await app.postLead(leadPath('jardim'), otavio, SECRET)).status).toBe(201);
    // refused (no such advertiser): only the delivery log holds this copy
    expect(
      (await app.postLead(leadPath('agencia-nova'), { ...beatriz, originLeadId: `${beatriz.originLeadId}-b` }, SECRET)).status
    ).toBe(404);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('shows the report of the last 30 days, with the menu entries, and downloads it as CSV', async () => {
    const { page } = browser;
    await app.login(page);
    await page.goto(`${app.url}/admin/plugins/grupozap`);
    const menu = page.getByRole('navigation', { name: 'Grupo ZAP' });
    await menu.getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor();

    // two leads from two people (Beatriz, Otávio)
    await page.getByRole('heading', { name: /^2 leads \(2 people\) from \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}$/ }).waitFor();
    // the refusal above raised the delivery alert: dismissed, out of the pictures
    await page.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByRole('button', { name: 'Dismiss' }).waitFor({ state: 'detached' });
    const perAdvertiser = page.getByRole('grid').filter({ hasText: 'Advertiser' });
    expect(
      (await perAdvertiser.getByRole('row').filter({ hasText: 'Jardim Imóveis' }).textContent())?.replace(/\s+/g, ' ')
    ).toContain('Jardim Imóveis2');
    const perOrigin = page.getByRole('grid').filter({ hasText: 'Origin' });
    expect(await perOrigin.getByRole('row').count()).toBe(3); // header, Grupo OLX, VivaReal
    await screenshot(page, 'reports');

    const csv = await downloadOf(page, () => page.getByRole('button', { name: 'Download CSV' }).click());
    expect(csv.name).toMatch(/^leads-report-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(csv.text.startsWith('\uFEFFsection,key,label,leads,medianFirstResponseSeconds\n')).toBe(true);
    expect(csv.text).toContain(',Jardim Imóveis,2,');
  });

  it('finds a person by e-mail, exports their data as JSON and erases it after a confirmation', async () => {
    const { page } = browser;
    await page.getByRole('navigation', { name: 'Grupo ZAP' }).getByRole('link', { name: 'Privacy (LGPD)' }).click();
    await page.getByRole('heading', { name: 'Privacy (LGPD)', level: 1 }).waitFor();
    expect(await page.getByTestId('retention-line').textContent()).toMatch(/^Retention is off/);

    const field = page.getByRole('textbox', { name: 'E-mail' });
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Type what to search for').waitFor();
    await field.fill('beatriz');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('Not an e-mail address').waitFor();

    await field.fill(BEATRIZ.email.toUpperCase());
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText(`1 lead, no note and 2 deliveries for ${BEATRIZ.email}.`).waitFor();
    expect(await page.getByTestId('privacy-mentions').textContent()).toMatch(
      /^Also mentioned in 1 lead, no note and 1 delivery of other people\./
    );
    const leads = page.getByRole('grid').filter({ hasText: 'Notes / deliveries' });
    expect(await leads.getByRole('row').filter({ hasText: BEATRIZ.name }).count()).toBe(1);
    const deliveries = page.getByRole('grid').filter({ hasText: 'Advertiser key' });
    expect(await deliveries.getByRole('row').filter({ hasText: 'ADVERTISER_NOT_FOUND' }).textContent()).toContain(
      'none (refused)'
    );
    await page.getByRole('heading', { name: 'What is held' }).scrollIntoViewIfNeeded();
    await page.getByRole('button', { name: 'Export JSON' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'privacy');

    const exported = await downloadOf(page, () => page.getByRole('button', { name: 'Export JSON' }).click());
    expect(exported.name).toMatch(/^personal-data-email-\d{4}-\d{2}-\d{2}\.json$/);
    const data = JSON.parse(exported.text);
    expect(data.leads.map((lead: { name: string }) => lead.name)).toEqual([BEATRIZ.name]);
    expect(data.deliveries).toEqual([expect.objectContaining({ code: 'ADVERTISER_NOT_FOUND', lead: null })]);

    await page.getByRole('button', { name: 'Erase' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/The personal data of 1 leads, 0 notes and 2 deliveries will be anonymised/).waitFor();
    await dialog.getByText(/Their mentions in 2 records of other people are replaced with “\[removido\]”/).waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page
      .getByText(
        'Anonymised: 1 leads, 0 notes, 2 deliveries. Mentions taken out of 1 other leads, 0 notes and 1 deliveries of other people.'
      )
      .first()
      .waitFor();
    await page.getByText(`No lead, no note and no delivery for ${BEATRIZ.email}.`).waitFor();
    expect(await page.getByTestId('privacy-mentions').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Erase' }).isDisabled()).toBe(true);

    const audit = page.getByRole('grid').filter({ hasText: 'Reference' });
    await audit.getByRole('row').filter({ hasText: 'Erase' }).first().waitFor(); // the log is read again after the erasure
    expect(await audit.getByRole('row').filter({ hasText: 'Erase' }).count()).toBe(1);
    expect(await audit.textContent()).not.toContain(BEATRIZ.email);

    const search = await app.api('POST', '/grupozap/privacy/search', { kind: 'phone', value: `${BEATRIZ.ddd}${BEATRIZ.phone}` });
    expect(search.body.data.counts).toEqual({ leads: 0, notes: 0, deliveries: 0 });
    const otavio = await app.api('POST', '/grupozap/privacy/export', { kind: 'email', value: 'otavio@example.com' });
    expect(otavio.body.leads[0]).toMatchObject({ name: 'Otávio Ramalhete', message: 'Indicação da [removido], vizinha.' });
  });
});
