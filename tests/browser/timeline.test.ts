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

/**
 * The agent's side of a lead's timeline, in Portuguese: moving a lead to Perdido asks why (from
 * the manager's list), the lead's page shows what happened to it, and the reports count the
 * losses by reason.
 */
const SECRET = 'browser-timeline-secret-1234';
const INBOX = '/admin/plugins/grupozap';

describe('a lead’s timeline and its lost reason', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  let page: Page;
  let documentId: string;

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    browser = await openBrowser();
    page = browser.page;
    expect((await createAdvertiser(app)).status).toBe(201);
    const answer = await app.postLead(leadPath('jardim'), freshLead('grupo-olx-current.json', { name: 'Marta Ribeiro' }), SECRET);
    expect(answer.status).toBe(201);
    documentId = answer.body.leadId as string;
    await app.login(page);
    await page.evaluate(() => window.localStorage.setItem('strapi-admin-language', 'pt-BR'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('asks why a lead is lost, saves the reason and shows it on the timeline', async () => {
    await page.goto(`${app.url}${INBOX}/leads/${documentId}`);
    await page.getByRole('heading', { name: 'Linha do tempo' }).waitFor();
    // the timeline's list of events
    const timeline = page.locator('ol', { hasText: 'Recebido do portal' });
    await timeline.getByText('Recebido do portal').waitFor();

    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Perdido', exact: true }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('Por que o lead foi perdido?').waitFor();
    // no reason, no change
    expect(await dialog.getByRole('button', { name: 'Marcar como perdido' }).isDisabled()).toBe(true);
    await dialog.getByRole('combobox', { name: 'Motivo' }).click();
    await page.getByRole('option', { name: 'Fora do orçamento', exact: true }).click();
    await dialog.getByRole('button', { name: 'Marcar como perdido' }).click();

    await timeline.getByText('Status Novo → Perdido: Fora do orçamento').waitFor();
    await page.getByText('Motivo da perda').waitFor();
    const stored = await app.api('GET', `/grupozap/leads/${documentId}`);
    expect(stored.body.data).toMatchObject({ status: 'lost', lostReason: 'Fora do orçamento' });
    await page.getByRole('heading', { name: 'Linha do tempo' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'pt-br-lead-timeline');
  });

  it('leaves the lead as it was when the agent gives no reason', async () => {
    const answer = await app.postLead(leadPath('jardim'), freshLead(), SECRET);
    await page.goto(`${app.url}${INBOX}/leads/${answer.body.leadId}`);
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Perdido', exact: true }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.waitFor({ state: 'detached' });
    const stored = await app.api('GET', `/grupozap/leads/${answer.body.leadId}`);
    expect(stored.body.data).toMatchObject({ status: 'new', lostReason: null });
  });

  it('counts the losses by reason in the reports', async () => {
    await page.goto(`${app.url}${INBOX}/reports`);
    const table = page.locator('div', { has: page.getByRole('heading', { name: 'Perdas por motivo' }) }).last();
    await table.getByText('Fora do orçamento').waitFor();
  });
});
