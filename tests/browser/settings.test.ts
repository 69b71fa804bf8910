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

describe('Settings → Grupo ZAP', () => {
  let app: AdminApp;
  let browser: OpenBrowser;

  beforeAll(async () => {
    app = await startAdminApp();
    browser = await openBrowser();
    const advertiser = await createAdvertiser(app);
    expect(advertiser.status).toBe(201);
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('sets the public URL, generates a secret shown once, and the endpoint accepts it at once', async () => {
    const { page } = browser;
    await app.login(page);
    await page.goto(`${app.url}/admin/settings/grupozap`);
    await page.getByRole('heading', { name: 'Portal credential' }).waitFor();
    await page.getByText('No secret yet').waitFor();
    // the inbox search's index on this (SQLite) database, as the server reports it
    expect(await page.getByTestId('search-index-state').textContent()).toBe(
      'Ready: searches use the SQLite full-text index (FTS5 trigrams).'
    );
    expect((await app.postLead(leadPath('jardim'), freshLead(), 'anything')).status).toBe(503);

    // a bad URL is refused by the server, with the message on the field
    const publicUrl = page.getByLabel('Public base URL of the CRM');
    await publicUrl.fill('crm.example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Enter an absolute http\(s\) URL/).waitFor();

    await publicUrl.fill('https://crm.example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Settings saved').first().waitFor();
    const endpoint = page.getByLabel('Endpoint URL to register');
    expect(await endpoint.inputValue()).toBe('https://crm.example.com/api/grupozap/lead/ADVERTISER-ID');

    await page.getByRole('button', { name: 'Generate a secret' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Shown only once').waitFor();
    const secret = await dialog.getByLabel('Secret').inputValue();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await dialog.getByRole('button', { name: 'I copied it' }).click();
    await page.getByTestId('current-secret').waitFor();
    // its last 2 characters, no more
    expect(await page.getByTestId('current-secret').textContent()).toContain(`…${secret.slice(-2)},`);
    expect(await page.getByTestId('current-secret').textContent()).not.toContain(secret.slice(-3));
    // the page never shows the secret again
    expect(await page.content()).not.toContain(secret);

    const accepted = await app.postLead(leadPath('jardim'), freshLead(), secret);
    expect(accepted.status).toBe(201);
    expect((await app.postLead(leadPath('jardim'), freshLead(), 'wrong-secret')).status).toBe(401);
    expect(await page.getByLabel('Time zone of zone-less timestamps').inputValue()).toBe('America/Sao_Paulo');
    // the picture without the notifications of the steps above
    await page.getByText('Settings saved').first().waitFor({ state: 'hidden' });
    await page.getByText('Some settings are not valid').first().waitFor({ state: 'hidden' });
    await screenshot(page, 'settings');
  });

  it('rotates to the portal’s secret and shows until when the previous one is accepted', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Enter the portal’s secret' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Secret').fill('too-short-secret'.slice(0, 15));
    await dialog.getByRole('button', { name: 'Use this secret' }).click();
    await dialog.getByText('The secret must have at least 16 characters.').waitFor();
    await dialog.getByLabel('Secret').fill('secret-the-portal-sent-us');
    await dialog.getByRole('button', { name: 'Use this secret' }).click();
    await page.getByTestId('previous-secret').waitFor();
    expect(await page.getByTestId('previous-secret').textContent()).toMatch(/still accepted until/);
    expect((await app.postLead(leadPath('jardim'), freshLead(), 'secret-the-portal-sent-us')).status).toBe(201);
  });
});
