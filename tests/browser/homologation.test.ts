import {
  createAdvertiser,
  openBrowser,
  savePublicUrlOfItself,
  screenshot,
  startAdminApp,
  type AdminApp,
  type OpenBrowser,
} from './helpers';

describe('Grupo ZAP → Homologation', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  let secret: string;

  beforeAll(async () => {
    app = await startAdminApp();
    browser = await openBrowser();
    // the public URL is this very server: the runner posts to itself over HTTP
    expect((await savePublicUrlOfItself(app)).status).toBe(200);
    const generated = await app.api('POST', '/grupozap/settings/secret', {});
    secret = generated.body.meta.generatedSecret;
    expect(secret).toBeTruthy();

    const advertiser = await createAdvertiser(app);
    expect(advertiser.status).toBe(201);
    const listing = await app.api('POST', '/content-manager/collection-types/plugin::grupozap.listing', {
      clientListingId: 'HOM-001',
      title: 'Casa de teste no Jardim',
      advertiser: { connect: [{ documentId: advertiser.body.data.documentId }] },
    });
    expect(listing.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('runs the portal’s checks against the endpoint and shows every one passing', async () => {
    const { page } = browser;
    await app.login(page);
    await page.goto(`${app.url}/admin/plugins/grupozap/homologation`);
    await page.getByRole('heading', { name: 'Run the checks' }).waitFor();

    // the advertiser and its listing are picked already
    const advertiser = page.getByRole('combobox', { name: 'Advertiser' });
    const listing = page.getByRole('combobox', { name: 'Test listing (clientListingId)' });
    await expectValue(advertiser, 'Jardim Imóveis');
    await expectValue(listing, 'HOM-001');

    // the secret lives in the settings as a hash: the page asks for it, and checks it first
    const secretInput = page.getByLabel('Portal secret');
    await secretInput.fill('not-the-secret');
    await page.getByRole('button', { name: 'Run the checks' }).click();
    await page
      .getByText(/not the portal secret in force/)
      .first()
      .waitFor();
    expect(await secretInput.getAttribute('aria-invalid')).toBe('true');

    await secretInput.fill(secret);
    await page.getByRole('button', { name: 'Run the checks' }).click();
    await page.getByText('All checks pass').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('homologation-url').textContent()).toBe(`Posted to ${app.url}/api/grupozap/lead/jardim`);

    const rows = page.getByRole('grid').getByRole('row');
    expect(await rows.count()).toBe(5);
    const cells = async (name: string) =>
      (await rows.filter({ hasText: name }).first().getByRole('gridcell').allTextContents()).map((text) => text.trim());
    expect((await cells('Test lead')).filter((_, column) => column !== 3)).toEqual([
      'Test lead',
      '2xx',
      '201 LEAD_CREATED',
      'Pass',
    ]);
    expect((await cells('duplicate')).filter((_, column) => column !== 3)).toEqual([
      'The same lead again (duplicate)',
      '2xx',
      '200 LEAD_DUPLICATE',
      'Pass',
    ]);
    expect((await cells('Wrong credential')).filter((_, column) => column !== 3)).toEqual([
      'Wrong credential',
      '401',
      '401 INVALID_CREDENTIALS',
      'Pass',
    ]);
    expect((await cells('without clientListingId')).filter((_, column) => column !== 3)).toEqual([
      'Lead without clientListingId',
      '4xx',
      '422 MISSING_CLIENT_LISTING_ID',
      'Pass',
    ]);
    // the count comes back with the checklist, read again once the run has invalidated it
    await page.getByTestId('test-lead-count').filter({ hasText: '1 lead is marked as test.' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('test-lead-count').textContent()).toBe('1 lead is marked as test.');
    // the secret typed is not echoed anywhere but its own field
    expect((await page.content()).split(secret).length - 1).toBeLessThanOrEqual(1);

    // the page brought the verdict into view itself
    expect(await page.getByRole('grid').isVisible()).toBe(true);
    await screenshot(page, 'homologation');
  });

  it('gives the checklist to e-mail the portal, with a copy button', async () => {
    const { page } = browser;
    const checklist = page.getByTestId('homologation-checklist');
    const text = (await checklist.textContent()) ?? '';
    expect(text).toContain(`Endpoint URL: ${app.url}/api/grupozap/lead/jardim`);
    expect(text).toContain('CRM name: grupozap-playground');
    expect(text).toContain('clientListingId for the test: HOM-001');
    expect(text).toContain(`E-mail for integration errors: ${app.admin.email}`);

    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.url });
    await page.getByRole('button', { name: 'Copy the checklist' }).click();
    await page.getByText('Copied to the clipboard').first().waitFor();
    const copied = await page.evaluate('navigator.clipboard.readText()');
    expect(copied).toBe(
      [
        `Endpoint URL: ${app.url}/api/grupozap/lead/jardim`,
        'CRM name: grupozap-playground',
        'clientListingId for the test: HOM-001',
        `E-mail for integration errors: ${app.admin.email}`,
      ].join('\n')
    );
    await checklist.scrollIntoViewIfNeeded();
    await page.getByText('Copied to the clipboard').first().waitFor({ state: 'hidden' });
    await screenshot(page, 'homologation-checklist');
  });

  it('deletes the test leads after a confirmation, and the real ones stay', async () => {
    const { page } = browser;
    const real = await app.postLead(
      '/api/grupozap/lead/jardim',
      {
        leadOrigin: 'Grupo OLX',
        originLeadId: 'real-lead-1',
        clientListingId: 'HOM-001',
        name: 'Carla',
      },
      secret
    );
    expect(real.status).toBe(201);

    await page.getByRole('button', { name: 'Delete test leads' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(/The lead marked as test, with its notes and delivery log rows, will be deleted/).waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('1 test lead deleted').first().waitFor();
    await page.getByText('No lead is marked as test.').waitFor();
    expect(await page.getByRole('button', { name: 'Delete test leads' }).isDisabled()).toBe(true);

    const leads = await app.api('GET', '/grupozap/leads');
    expect(leads.body.results.map((lead: { originLeadId: string }) => lead.originLeadId)).toEqual(['real-lead-1']);
  });

  it('refuses to post the secret anywhere but this app, and says why on the page', async () => {
    const { page } = browser;
    const pointAt = (publicUrl: string) =>
      app.api('PUT', '/grupozap/settings', {
        username: 'vivareal',
        publicUrl,
        urlForm: 'path',
        zonelessTimezone: 'America/Sao_Paulo',
        allowedIps: [],
      });
    expect((await pointAt('http://169.254.169.254')).status).toBe(200);
    try {
      await page.goto(`${app.url}/admin/plugins/grupozap/homologation`);
      await page.getByRole('heading', { name: 'Run the checks' }).waitFor();
      await expectValue(page.getByRole('combobox', { name: 'Test listing (clientListingId)' }), 'HOM-001');
      await page.getByLabel('Portal secret').fill(secret);
      await page.getByRole('button', { name: 'Run the checks' }).click();
      await page.getByText('Nothing was sent: this URL is not this app’s').waitFor();
      const port = new URL(app.url).port;
      expect(await page.getByTestId('homologation-refusal').textContent()).toBe(
        `169.254.169.254 is a cloud metadata endpoint. The checks post only to: http://127.0.0.1:${port}, http://localhost:${port}`
      );
      expect(await page.getByText('All checks pass').count()).toBe(0);
    } finally {
      expect((await pointAt(app.url)).status).toBe(200);
    }
  });
});

const expectValue = async (locator: { inputValue(): Promise<string> }, value: string) => {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    if ((await locator.inputValue()) === value) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(await locator.inputValue()).toBe(value);
};
