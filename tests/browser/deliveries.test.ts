import fs from 'node:fs';
import type { Page } from 'playwright-core';
import {
  freshLead,
  leadPath,
  openBrowser,
  savePublicUrlOfItself,
  screenshot,
  startAdminApp,
  type AdminApp,
  type OpenBrowser,
} from './helpers';

const SECRET = 'browser-deliveries-secret';
const ADVERTISER_API = '/content-manager/collection-types/plugin::grupozap.advertiser';
const ADVERTISERS = `/admin${ADVERTISER_API}`;

/** The texts of a table row's cells, trimmed. */
const cellsOf = async (page: Page, row: string | RegExp) =>
  (await page.getByRole('row', { name: row }).first().getByRole('gridcell').allTextContents()).map((text) => text.trim());

const pick = async (page: Page, combobox: string, option: string) => {
  await page.getByRole('combobox', { name: combobox }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
};

/** Waits until the notifications of earlier steps are gone, so they stay out of a screenshot. */
const noNotification = async (page: Page, text: string) => {
  await page.getByText(text).first().waitFor({ state: 'hidden', timeout: 20_000 });
};

describe('Grupo ZAP → Deliveries, and the advertiser in the Content Manager', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  /** Posted for an advertiser that does not exist yet: refused with 404. */
  const refusedLead = freshLead('grupo-olx-current.json', { name: 'Beatriz Nogueira', message: 'Quero visitar o apartamento.' });
  let novaAgencia: string;

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    browser = await openBrowser();
    const jardim = await app.api('POST', ADVERTISER_API, {
      name: 'Jardim Imóveis',
      slug: 'jardim',
      document: '11222333000181',
      active: true,
    });
    expect(jardim.status).toBe(201);
    // a day of the portal: leads accepted, one of them delivered twice, a wrong credential, an unknown advertiser
    const carla = freshLead('grupo-olx-current.json', { name: 'Carla Souza' });
    expect((await app.postLead(leadPath('jardim'), carla, SECRET)).status).toBe(201);
    expect((await app.postLead(leadPath('jardim'), carla, SECRET)).status).toBe(200);
    expect((await app.postLead(leadPath('jardim'), freshLead(), 'not-the-secret')).status).toBe(401);
    expect(
      (await app.postLead(leadPath('jardim'), freshLead('grupo-olx-current.json', { name: 'João Lima' }), SECRET)).status
    ).toBe(201);
    expect((await app.postLead(leadPath('nova-agencia'), refusedLead, SECRET)).status).toBe(404);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lists the deliveries, filters the refused ones, and shows one with its reason and raw body', async () => {
    const { page } = browser;
    // Strapi's guided tour of the Content Manager may pop up over the list view: skipped when it does
    await page.addLocatorHandler(page.getByText(/^Step \d+ of \d+$/), async () => {
      await page.getByRole('button', { name: 'Skip' }).click();
    });
    await app.login(page);
    await page.goto(`${app.url}/admin/plugins/grupozap/deliveries`);
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await page.getByRole('row', { name: /ADVERTISER_NOT_FOUND/ }).waitFor();
    expect(await page.getByRole('row').count()).toBe(6); // the header and five deliveries, newest first

    const refused = await cellsOf(page, /ADVERTISER_NOT_FOUND/);
    expect(refused.slice(1, 4)).toEqual(['Refused', '404', 'ADVERTISER_NOT_FOUND']);
    expect(refused[4]).toContain('127.0.0.1');
    expect(refused[5]).toBe('nova-agencia');
    expect(refused[6]).toMatch(/^\d+ ms$/);
    expect((await cellsOf(page, /LEAD_DUPLICATE/)).slice(1, 4)).toEqual(['Duplicate', '200', 'LEAD_DUPLICATE']);

    // the filters live in the URL: a reload (or a shared link) keeps them
    await pick(page, 'Outcome', 'Refused');
    await page.waitForURL(/outcome=refused/);
    await page
      .getByRole('row', { name: /LEAD_CREATED/ })
      .first()
      .waitFor({ state: 'detached' });
    expect(await page.getByRole('row').count()).toBe(3);
    await pick(page, 'Reason code', 'ADVERTISER_NOT_FOUND');
    await page.waitForURL(/code=ADVERTISER_NOT_FOUND/);
    await page.getByRole('row', { name: /INVALID_CREDENTIALS/ }).waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('row', { name: /ADVERTISER_NOT_FOUND/ }).waitFor();
    expect(await page.getByRole('row').count()).toBe(2);
    expect(await page.getByRole('combobox', { name: 'Outcome' }).textContent()).toContain('Refused');

    await page
      .getByRole('row', { name: /ADVERTISER_NOT_FOUND/ })
      .getByRole('button', { name: /^Details of the delivery of / })
      .click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('delivery-answer').waitFor();
    expect(await dialog.getByTestId('delivery-answer').textContent()).toBe('404 ADVERTISER_NOT_FOUND');
    await dialog.getByText('No advertiser has the key in the URL: the portal then deletes the integration.').waitFor();
    expect(JSON.parse((await dialog.getByTestId('delivery-body').textContent()) ?? '')).toEqual(refusedLead);
    await page.waitForURL(/id=/); // the open delivery is in the URL too
    await dialog.getByRole('button', { name: 'Replay' }).waitFor();
    await screenshot(page, 'delivery');
  });

  it('replays the refused delivery: refused again while the advertiser is unknown, accepted once it exists', async () => {
    const { page } = browser;
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Replayed: refused again').first().waitFor();
    await page.getByText('404 ADVERTISER_NOT_FOUND: No advertiser has the key in the URL').first().waitFor();
    await dialog.waitFor({ state: 'detached' });
    // the list was refreshed: the replay is a delivery of its own
    await page.getByRole('row', { name: /Replay/ }).waitFor();
    expect(await page.getByRole('row').count()).toBe(3);

    const created = await app.api('POST', ADVERTISER_API, {
      name: 'Nova Agência',
      slug: 'nova-agencia',
      document: '52998224725',
      active: true,
    });
    expect(created.status).toBe(201);
    novaAgencia = created.body.data.documentId;

    // the portal's own delivery (not the replay) is the oldest row
    await page
      .getByRole('row', { name: /ADVERTISER_NOT_FOUND/ })
      .last()
      .getByRole('button', { name: /^Details of the delivery of / })
      .click();
    await dialog.getByRole('button', { name: 'Replay' }).click();
    await page.getByText('Replayed: accepted').first().waitFor();
    await page.getByText('201 LEAD_CREATED: A new lead was stored.').first().waitFor();
    await dialog.waitFor({ state: 'detached' });

    await pick(page, 'Outcome', 'Created');
    await page.waitForURL(/outcome=created/);
    // the reason-code filter still says ADVERTISER_NOT_FOUND: clear it
    await page.getByRole('button', { name: 'Show every reason code' }).click();
    await page.waitForURL((url) => !url.search.includes('code='));
    await page.getByRole('row', { name: /nova-agencia/ }).waitFor();
    const replayed = await cellsOf(page, /nova-agencia/);
    expect(replayed[0]).toMatch(/Replay$/);
    expect(replayed.slice(1, 4)).toEqual(['Created', '201', 'LEAD_CREATED']);

    const leads = await app.api('GET', '/grupozap/leads');
    expect(
      leads.body.results.find((lead: { originLeadId: string }) => lead.originLeadId === refusedLead.originLeadId)
    ).toMatchObject({
      name: 'Beatriz Nogueira',
      advertiser: { slug: 'nova-agencia' },
    });

    // every delivery, for the picture
    await page.getByRole('button', { name: 'Show every outcome' }).click();
    await page.waitForURL((url) => !url.search.includes('outcome='));
    await page.getByRole('row', { name: /INVALID_CREDENTIALS/ }).waitFor();
    await page
      .getByRole('button', { name: 'Dismiss' })
      .first()
      .click({ timeout: 2_000 })
      .catch(() => undefined); // the alert banner
    await noNotification(page, 'Replayed: accepted');
    await screenshot(page, 'deliveries');
  });

  it('shows the advertiser’s integration URL in its edit view, or why there is none', async () => {
    const { page } = browser;
    await page.goto(`${app.url}${ADVERTISERS}/${novaAgencia}`);
    const panel = page.getByRole('complementary').filter({ hasText: 'Grupo ZAP integration URL' });
    await panel.waitFor();
    // no public URL yet: the server's reason, and the way to the settings
    await panel.getByText(/Set the public URL of the CRM/).waitFor();
    expect(await panel.getByRole('link', { name: 'Open Settings → Grupo ZAP' }).getAttribute('href')).toBe(
      '/admin/settings/grupozap'
    );

    expect((await savePublicUrlOfItself(app)).status).toBe(200);
    await page.reload();
    const url = panel.getByTestId('integration-url');
    await url.waitFor();
    expect(await url.textContent()).toBe(`${app.url}/api/grupozap/lead/nova-agencia`);

    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await panel.getByRole('button', { name: 'Copy the URL' }).click();
    await page.getByText('Integration URL copied to the clipboard').first().waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(`${app.url}/api/grupozap/lead/nova-agencia`);
    await noNotification(page, 'Integration URL copied to the clipboard');
    await screenshot(page, 'advertiser');

    // a new slug is a new URL, shown as soon as it is saved
    await page.getByRole('textbox', { name: 'slug' }).fill('nova-agencia-sul');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved document').first().waitFor();
    await panel.getByText(`${app.url}/api/grupozap/lead/nova-agencia-sul`).waitFor();
  });

  it('shows the server’s CPF/CNPJ refusal on the document field', async () => {
    const { page } = browser;
    const documentField = page.getByRole('textbox', { name: 'document' });
    await documentField.fill('11222333000182');
    await page.getByRole('button', { name: 'Save' }).click();
    const message = '“11222333000182” is not a valid CPF or CNPJ: check the digits.';
    await page.getByText(message).first().waitFor();
    // on the field itself: marked invalid and described by the message, which names the value refused
    // (after a refused save the Content Manager shows the stored value again)
    expect(await documentField.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await documentField.getAttribute('aria-describedby')) ?? '';
    const descriptions = await Promise.all(describedBy.split(' ').map((id) => page.locator(`[id="${id}"]`).textContent()));
    expect(descriptions).toContain(message);
    const stored = await app.api('GET', `${ADVERTISER_API}/${novaAgencia}`);
    expect(stored.body.data.document).toBe('52998224725');
  });

  it('exports the advertisers for Grupo ZAP from their list view', async () => {
    const { page } = browser;
    await page.goto(`${app.url}${ADVERTISERS}`);
    const button = page.getByRole('button', { name: 'Export for Grupo ZAP' });
    await button.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('grupozap-advertisers.csv');
    const lines = fs
      .readFileSync(await download.path(), 'utf8')
      .trim()
      .split('\n');
    expect(lines).toEqual([
      'DOCUMENT,URL,SEND_LEAD_EMAIL',
      `11222333000181,${app.url}/api/grupozap/lead/jardim,false`,
      `52998224725,${app.url}/api/grupozap/lead/nova-agencia-sul,false`,
    ]);

    // the button is the advertisers' only
    await page.goto(`${app.url}/admin/content-manager/collection-types/plugin::grupozap.listing`);
    await page.getByRole('heading', { name: 'Listing' }).waitFor();
    expect(await page.getByRole('button', { name: 'Export for Grupo ZAP' }).count()).toBe(0);
  });
});
