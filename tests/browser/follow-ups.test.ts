import { readFile } from 'node:fs/promises';
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
 * The next step, in Portuguese: moving a lead to Visita agendada asks when, the visit becomes the
 * lead's next step and a calendar file; the agent plans a call; the inbox shows the follow-ups of
 * the day.
 */
const SECRET = 'browser-follow-ups-secret-1234';
const INBOX = '/admin/plugins/grupozap';

/** The browser's zone (tests/browser/helpers/browser.ts): what the agent types is São Paulo's time. */
const ZONE = 'America/Sao_Paulo';
const inZone = (at: Date | string, options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('pt-BR', { timeZone: ZONE, ...options }).format(new Date(at));

/** A day `days` from now, as the pt-BR date field takes it (dd/mm/aaaa). */
const dayAhead = (days: number) =>
  inZone(new Date(Date.now() + days * 86_400_000), { day: '2-digit', month: '2-digit', year: 'numeric' });

/** An instant as the agent typed it: `dd/mm/aaaa hh:mm`, São Paulo's. */
const typedAs = (at: string) =>
  `${inZone(at, { day: '2-digit', month: '2-digit', year: 'numeric' })} ${inZone(at, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}`;

/** Types a date and a time into a Design System DateTimePicker (its two fields, by their labels). */
const pickDateTime = async (scope: ReturnType<Page['locator']>, page: Page, typedDay: string, time: string) => {
  const date = scope.getByRole('combobox', { name: 'Data' });
  await date.fill(typedDay);
  await date.press('Enter');
  const clock = scope.getByRole('combobox', { name: 'Hora' });
  await clock.click();
  await page.getByRole('option', { name: time, exact: true }).click();
};

describe('a lead’s next step', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  let page: Page;
  let documentId: string;

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    browser = await openBrowser();
    page = browser.page;
    expect((await createAdvertiser(app)).status).toBe(201);
    const answer = await app.postLead(leadPath('jardim'), freshLead('grupo-olx-current.json', { name: 'Paula Prado' }), SECRET);
    expect(answer.status).toBe(201);
    documentId = answer.body.leadId as string;
    await app.login(page);
    await page.evaluate(() => window.localStorage.setItem('strapi-admin-language', 'pt-BR'));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('asks when the visit is, makes it the next step, and gives it as a calendar file', async () => {
    await page.goto(`${app.url}${INBOX}/leads/${documentId}`);
    await page.getByRole('heading', { name: 'Próximo passo' }).waitFor();
    await page.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Visita agendada', exact: true }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('Quando é a visita?').waitFor();
    expect(await dialog.getByRole('button', { name: 'Agendar a visita' }).isDisabled()).toBe(true);
    const day = dayAhead(7);
    await pickDateTime(dialog, page, day, '14:30');
    await dialog.getByRole('button', { name: 'Agendar a visita' }).click();
    await dialog.waitFor({ state: 'detached' });

    const stored = (await app.api('GET', `/grupozap/leads/${documentId}`)).body.data;
    expect(stored).toMatchObject({ status: 'visit_scheduled', followUpKind: 'visit' });
    expect(stored.followUpAt).toBe(stored.visitAt);
    expect(typedAs(stored.visitAt)).toBe(`${day} 14:30`);
    const visit = new Date(stored.visitAt);

    const timeline = page.locator('ol', { hasText: 'Recebido do portal' });
    await timeline.getByText(/^Próximo passo: Visita, /).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Adicionar à agenda (.ics)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^visita-.+\.ics$/);
    const ics = (await readFile(await download.path())).toString('utf8');
    expect(ics).toContain(`DTSTART:${visit.toISOString().replace(/[-:]/g, '').slice(0, 15)}Z`);
    expect(ics).toContain('SUMMARY:Visita: Paula Prado');
  });

  it('plans a call for later, shown on the page and the timeline, in Portuguese only', async () => {
    await page.goto(`${app.url}${INBOX}/leads/${documentId}`);
    await page.getByRole('combobox', { name: 'O quê' }).click();
    await page.getByRole('option', { name: 'Ligar', exact: true }).click();
    const day = dayAhead(2);
    await pickDateTime(page.locator('main'), page, day, '09:00');
    await page.getByRole('button', { name: 'Salvar próximo passo' }).click();
    await page
      .locator('ol', { hasText: 'Recebido do portal' })
      .getByText(/^Próximo passo: Ligar, /)
      .waitFor();
    const stored = (await app.api('GET', `/grupozap/leads/${documentId}`)).body.data;
    expect(stored.followUpKind).toBe('call');
    expect(typedAs(stored.followUpAt)).toBe(`${day} 09:00`);
    // the visit stays
    expect(stored.visitAt).not.toBeNull();
    await page.getByText(/^Ligar, .+ às 09:00$/).waitFor();

    await page.waitForLoadState('networkidle').catch(() => undefined);
    const { texts, spills } = await page.evaluate(readTexts, 'main');
    expect({ english: englishOn(texts), spills }).toEqual({ english: [], spills: [] });
    await page.getByRole('heading', { name: 'Próximo passo' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'pt-br-lead-next-step');
  });

  it('lists the follow-ups due today in the inbox', async () => {
    const other = await app.postLead(leadPath('jardim'), freshLead('grupo-olx-current.json', { name: 'Otávio Outro' }), SECRET);
    const due = await app.postLead(leadPath('jardim'), freshLead('grupo-olx-current.json', { name: 'Hélio Hoje' }), SECRET);
    expect(
      (await app.api('PUT', `/grupozap/leads/${due.body.leadId}`, { followUpAt: new Date(Date.now() - 60_000).toISOString() }))
        .status
    ).toBe(200);
    expect(other.status).toBe(201);

    await page.goto(`${app.url}${INBOX}`);
    await page.getByRole('button', { name: 'Filtros' }).click();
    await page.getByRole('combobox', { name: 'Próximo passo' }).click();
    await page.getByRole('option', { name: 'Para hoje (e atrasados)', exact: true }).click();
    await page.getByRole('button', { name: 'Aplicar filtros' }).click();
    await page.getByRole('link', { name: 'Hélio Hoje' }).waitFor();
    expect(await page.getByRole('link', { name: 'Otávio Outro' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Paula Prado' }).count()).toBe(0);

    // the next step as a column of the agent's choice, late in red
    await page.getByRole('button', { name: 'Colunas' }).click();
    await page.getByRole('checkbox', { name: 'Próximo passo' }).check();
    await page.keyboard.press('Escape');
    await page.locator('main thead th', { hasText: 'Próximo passo' }).waitFor();
    const row = page.locator('main tbody tr', { hasText: 'Hélio Hoje' });
    const cell = row.getByText('Ligar', { exact: true });
    await cell.waitFor();
    expect(await cell.evaluate((node) => getComputedStyle(node).color)).not.toBe(
      await row.getByRole('link', { name: 'Hélio Hoje' }).evaluate((node) => getComputedStyle(node).color)
    );
    await screenshot(page, 'pt-br-inbox-today');
  });
});
