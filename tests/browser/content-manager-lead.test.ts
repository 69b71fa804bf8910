import type { Page } from 'playwright-core';
import { createAdvertiser, freshLead, leadPath, openBrowser, startAdminApp, type AdminApp, type OpenBrowser } from './helpers';

const SECRET = 'browser-cm-lead-secret-1234';
const LEAD_API = '/content-manager/collection-types/plugin::grupozap.lead';

describe('a lead in the Content Manager', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  let page: Page;
  let documentId: string;

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    browser = await openBrowser();
    page = browser.page;
    const advertiser = await createAdvertiser(app);
    expect(advertiser.status).toBe(201);
    const answer = await app.postLead(
      leadPath('jardim'),
      freshLead('grupo-olx-current.json', { name: 'Carla Souza', clientListingId: 'NOT-LISTED' }),
      SECRET
    );
    expect(answer.status).toBe(201);
    documentId = answer.body.leadId as string;
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('saves a changed status and name, and records the first response', async () => {
    await app.login(page);
    await page.goto(`${app.url}/admin/content-manager/collection-types/plugin::grupozap.lead/${documentId}`);
    const name = page.getByRole('textbox', { name: 'name' });
    await name.waitFor();
    expect(await name.inputValue()).toBe('Carla Souza');
    // the portal's identity is shown, not editable
    expect(await page.getByRole('textbox', { name: 'originLeadId' }).isDisabled()).toBe(true);

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'contacted', exact: true }).click();
    await name.fill('Carla Souza Lima');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved document').first().waitFor();

    const saved = await app.api('GET', `${LEAD_API}/${documentId}`);
    expect(saved.body.data).toMatchObject({ leadStatus: 'contacted', name: 'Carla Souza Lima' });
    const inbox = await app.api('GET', `/grupozap/leads/${documentId}`);
    expect(inbox.body.data).toMatchObject({ status: 'contacted', name: 'Carla Souza Lima' });
    expect(inbox.body.data.firstRespondedAt).not.toBeNull();
    expect(inbox.body.data.firstResponder).toMatchObject({ email: expect.any(String) });

    // and the edit view shows what was stored
    await page.reload();
    await name.waitFor();
    expect(await name.inputValue()).toBe('Carla Souza Lima');
    expect(await page.getByRole('combobox', { name: 'Status' }).textContent()).toContain('contacted');
  });
});
