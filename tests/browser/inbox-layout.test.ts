import type { Locator, Page } from 'playwright-core';
import {
  PHONE,
  VIEWPORT,
  createAdminUser,
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
 * The inbox on a laptop and on a phone. At 1280×800, with the admin's two menus, the five columns
 * an agent works with (contact, status, assignee, listing, received) are in view without scrolling
 * sideways, the others behind a column chooser remembered per admin user; at 390×844 the list is
 * cards with call and WhatsApp links. Then the same in Portuguese, which takes the guide's pictures.
 */
const SECRET = 'browser-inbox-layout-secret-1234';
const INBOX = '/admin/plugins/grupozap';
const FIVE = ['Contact', 'Status', 'Assignee', 'Listing', 'Received'];
const BRUNO = { email: 'bruno.corretor@grupozap.test', password: 'Browser-Test-5678', firstname: 'Bruno', lastname: 'Corretor' };

/** better-sqlite3 (untyped here), to put a lead's first-response deadline in the past. */
interface SqliteWriter {
  prepare(sql: string): { run(...values: unknown[]): { changes: number }; get(...values: unknown[]): unknown };
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openSqlite = (file: string): SqliteWriter => new (require('better-sqlite3'))(file, { timeout: 5_000 });

/** Runs in the page: the table's scrolling box (its nearest ancestor that scrolls sideways), measured. */
const tableScroll = (): { scrollWidth: number; clientWidth: number; right: number; pageScrollWidth: number } | null => {
  const table = document.querySelector('main table');
  let box = table?.parentElement ?? null;
  while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
  if (!box) return null;
  return {
    scrollWidth: box.scrollWidth,
    clientWidth: box.clientWidth,
    right: box.getBoundingClientRect().right,
    pageScrollWidth: document.documentElement.scrollWidth,
  };
};

describe('the inbox at 1280×800 and on a phone', () => {
  let app: AdminApp;
  let laptop: OpenBrowser;
  let phone: OpenBrowser | undefined;
  let page: Page;
  const leadIds: Record<string, string> = {};

  const post = async (name: string, overrides: Record<string, unknown>) => {
    const answer = await app.postLead(
      leadPath('jardim'),
      freshLead('grupo-olx-current.json', { phoneNumber: undefined, name, ...overrides }),
      SECRET
    );
    expect(answer.status).toBe(201);
    leadIds[name] = answer.body.leadId as string;
  };

  // the Design System's header cells are `th` with the role gridcell
  const header = (name: string): Locator => page.locator('main thead th').filter({ hasText: name });
  const headerNames = async (): Promise<string[]> =>
    (await page.locator('main thead th').allTextContents()).map((text) => text.trim()).filter(Boolean);

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    const advertiser = await createAdvertiser(app);
    expect(advertiser.status).toBe(201);
    const listing = await app.api('POST', '/content-manager/collection-types/plugin::grupozap.listing', {
      clientListingId: 'JDA-4821',
      title: 'Casa com 3 quartos no Jardim Botânico',
      advertiser: { connect: [{ documentId: advertiser.body.data.documentId }] },
    });
    expect(listing.status).toBe(201);
    await post('Sérgio Sem Telefone', { email: 'sergio@example.com', ddd: '48', phone: '1234' });
    await post('João Conceição', { email: 'joao@example.com', ddd: '11', phone: '33334444', temperature: 'Baixa' });
    await post('Carla Souza', { email: 'carla@example.com', ddd: '48', phone: '988627634' });
    await post('Maria Aparecida dos Santos Albuquerque', {
      email: 'maria.aparecida.albuquerque@exemplo.com.br',
      ddd: '21',
      phone: '988887777',
      clientListingId: 'NOT-LISTED',
    });
    // João is assigned, with the longest status; Carla is past her first-response deadline
    const assigned = await app.api('PUT', `/grupozap/leads/${leadIds['João Conceição']}`, {
      assignee: 1,
      status: 'visit_scheduled',
      visitAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(assigned.status).toBe(200);
    const db = openSqlite(app.databaseFile);
    try {
      const { received_at: receivedAt } = db
        .prepare('SELECT received_at FROM grupozap_leads WHERE document_id = ?')
        .get(leadIds['Carla Souza']) as { received_at: number | string };
      const past = new Date(Date.now() - 60 * 60 * 1000);
      const value = typeof receivedAt === 'number' ? past.getTime() : past.toISOString();
      expect(
        db.prepare('UPDATE grupozap_leads SET sla_due_at = ? WHERE document_id = ?').run(value, leadIds['Carla Souza']).changes
      ).toBe(1);
    } finally {
      db.close();
    }
    laptop = await openBrowser();
    page = laptop.page;
  }, 120_000);

  afterAll(async () => {
    await phone?.close();
    await laptop?.close();
    await app?.stop();
  });

  it('shows contact, status, assignee, listing and received inside 1280 px, with no sideways scroll', async () => {
    await app.login(page);
    await page.goto(`${app.url}${INBOX}`);
    await page.getByText('4 leads found').waitFor();
    expect(await headerNames()).toEqual(FIVE);
    for (const name of FIVE) {
      const box = await header(name).boundingBox();
      expect({ name, inView: box !== null && box.x >= 0 && box.x + box.width <= VIEWPORT.width }).toEqual({ name, inView: true });
    }
    const scroll = await page.evaluate(tableScroll);
    expect(scroll).not.toBeNull();
    expect(scroll!.scrollWidth).toBeLessThanOrEqual(scroll!.clientWidth);
    expect(scroll!.right).toBeLessThanOrEqual(VIEWPORT.width);
    expect(scroll!.pageScrollWidth).toBeLessThanOrEqual(VIEWPORT.width);

    // a row: the person with phone and e-mail below the name, the overdue mark, the assignee
    const carla = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Carla Souza', exact: true }) });
    const cells = (await carla.getByRole('gridcell').allTextContents()).map((text) => text.trim());
    expect(cells.slice(1, 5)).toEqual([
      'Carla Souza+55 48 98862-7634 · carla@example.com',
      'NewOverdue',
      '–',
      'JDA-4821Casa com 3 quartos no Jardim Botânico',
    ]);
    const joao = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'João Conceição', exact: true }) });
    expect((await joao.getByRole('gridcell').nth(3).textContent())?.trim()).toBe('Ana Admin');
    const statusBox = await carla.getByText('Overdue').boundingBox();
    expect(statusBox && statusBox.x + statusBox.width <= VIEWPORT.width).toBe(true);
  });

  it('keeps sorting, selection and bulk actions', async () => {
    await header('Contact').getByText('Contact').click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'name:ASC');
    await page.getByRole('grid').getByRole('row').nth(1).getByRole('link', { name: 'Carla Souza' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select João Conceição' }).check();
    await page.getByRole('combobox', { name: 'Change the status of the selected leads' }).waitFor();
    await page.getByRole('checkbox', { name: 'Select João Conceição' }).uncheck();
    await page.getByRole('combobox', { name: 'Change the status of the selected leads' }).waitFor({ state: 'detached' });
    await page.goto(`${app.url}${INBOX}`);
    await page.getByText('4 leads found').waitFor();
  });

  it('adds and removes columns with the chooser, remembered per admin user across a reload', async () => {
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Advertiser' }).check();
    await page.getByRole('checkbox', { name: 'Origin' }).check();
    await page.keyboard.press('Escape');
    expect(await headerNames()).toEqual([...FIVE, 'Advertiser', 'Origin']);
    await page.getByRole('grid').getByText('Jardim Imóveis').first().waitFor();

    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Origin' }).uncheck();
    await page.keyboard.press('Escape');
    expect(await headerNames()).toEqual([...FIVE, 'Advertiser']);

    await page.reload();
    await page.getByText('4 leads found').waitFor();
    expect(await headerNames()).toEqual([...FIVE, 'Advertiser']);

    // another admin user in the same browser has their own choice
    await createAdminUser(app, BRUNO);
    await app.logout(page);
    await app.login(page, BRUNO);
    await page.goto(`${app.url}${INBOX}`);
    await page.getByText('4 leads found').waitFor();
    expect(await headerNames()).toEqual(FIVE);
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Temperature' }).check();
    await page.keyboard.press('Escape');
    expect(await headerNames()).toEqual([...FIVE, 'Temperature']);

    await app.logout(page);
    await app.login(page);
    await page.goto(`${app.url}${INBOX}`);
    await page.getByText('4 leads found').waitFor();
    expect(await headerNames()).toEqual([...FIVE, 'Advertiser']);
    await page.getByRole('button', { name: 'Columns' }).click();
    await page.getByRole('checkbox', { name: 'Advertiser' }).uncheck();
    await page.keyboard.press('Escape');
    expect(await headerNames()).toEqual(FIVE);
    await page.reload();
    await page.getByText('4 leads found').waitFor();
    expect(await headerNames()).toEqual(FIVE);
  });

  describe('on a phone (390×844)', () => {
    let mobile: Page;
    const card = (name: string): Locator =>
      mobile.getByTestId('lead-card').filter({ has: mobile.getByRole('link', { name, exact: true }) });

    beforeAll(async () => {
      phone = await openBrowser({ viewport: PHONE, mobile: true });
      mobile = phone.page;
      await app.login(mobile);
    });

    it('shows one card per lead, no table, nothing wider than the screen', async () => {
      await mobile.goto(`${app.url}${INBOX}`);
      await mobile.getByTestId('lead-card').first().waitFor();
      expect(await mobile.getByTestId('lead-card').count()).toBe(4);
      expect(await mobile.locator('main table').count()).toBe(0);
      expect(await mobile.getByRole('grid').count()).toBe(0);
      expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      for (const box of await Promise.all((await mobile.getByTestId('lead-card').all()).map((one) => one.boundingBox()))) {
        expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
      }
      // what an agent acts on: status with the overdue mark, assignee, received time
      await card('Carla Souza').getByText('Overdue').waitFor();
      await card('Carla Souza').getByText('New', { exact: true }).waitFor();
      await card('João Conceição').getByText('Ana Admin').waitFor();
      await card('Carla Souza').getByText('Unassigned').waitFor();
      expect(
        await card('Carla Souza')
          .getByText(/^\d{1,2}\/\d{1,2}\/\d{2,4}, \d{1,2}:\d{2}/)
          .count()
      ).toBe(1);
    });

    it('calls and opens WhatsApp from a valid phone only', async () => {
      expect(await card('Carla Souza').getByRole('link', { name: 'Call' }).getAttribute('href')).toBe('tel:+5548988627634');
      expect(await card('Carla Souza').getByRole('link', { name: 'WhatsApp' }).getAttribute('href')).toBe(
        'https://wa.me/5548988627634'
      );
      expect(await card('João Conceição').getByRole('link', { name: 'Call' }).getAttribute('href')).toBe('tel:+551133334444');
      // "(48) 1234" is no phone: shown, not linked
      await card('Sérgio Sem Telefone').getByText('(48) 1234').waitFor();
      expect(await card('Sérgio Sem Telefone').getByRole('link', { name: 'Call' }).count()).toBe(0);
      expect(await card('Sérgio Sem Telefone').getByRole('link', { name: 'WhatsApp' }).count()).toBe(0);
      expect(await mobile.locator('main a[href^="tel:"]').count()).toBe(3);
      expect(await mobile.locator('main a[href^="https://wa.me/"]').count()).toBe(3);
    });

    it('opens the lead page when a card is tapped', async () => {
      await card('Carla Souza').getByText('Overdue').tap();
      await mobile.waitForURL((url) => url.pathname === `${INBOX}/leads/${leadIds['Carla Souza']}`);
      await mobile.getByRole('heading', { name: 'Carla Souza', level: 1 }).waitFor();
    });
  });

  describe('in Portuguese', () => {
    const portuguese = async (target: Page) => {
      await target.evaluate(() => window.localStorage.setItem('strapi-admin-language', 'pt-BR'));
      await target.goto(`${app.url}${INBOX}`);
      await target.getByText('4 leads encontrados').waitFor();
    };

    it('at 1280×800: the five columns and the chooser, nothing left in English', async () => {
      await portuguese(page);
      expect(await headerNames()).toEqual(['Contato', 'Status', 'Responsável', 'Imóvel', 'Recebido']);
      await page.getByText('Atrasado').waitFor();
      const scroll = await page.evaluate(tableScroll);
      expect(scroll && scroll.scrollWidth <= scroll.clientWidth && scroll.pageScrollWidth <= VIEWPORT.width).toBe(true);
      await screenshot(page, 'inbox-1280');
      await page.getByRole('button', { name: 'Colunas' }).click();
      await page.getByRole('checkbox', { name: 'Anunciante' }).waitFor();
      const { texts, spills } = await page.evaluate(readTexts, 'main');
      const popover = await page.evaluate(readTexts, '[role="dialog"]');
      expect(popover.texts.map(({ text }) => text)).toContain('Mais colunas');
      expect({ english: englishOn([...texts, ...popover.texts]), spills: [...spills, ...popover.spills] }).toEqual({
        english: [],
        spills: [],
      });
      await screenshot(page, 'inbox-columns');
      await page.keyboard.press('Escape');
    });

    it('on a phone: cards, nothing left in English', async () => {
      const target = phone!.page;
      await portuguese(target);
      await target.getByRole('link', { name: 'Ligar' }).first().waitFor();
      const { texts, spills } = await target.evaluate(readTexts, 'main');
      expect({ english: englishOn(texts), spills }).toEqual({ english: [], spills: [] });
      await target.getByText('Sem responsável').first().waitFor();
      await target.getByText('Atrasado').first().waitFor();
      await screenshot(target, 'inbox-phone');
    });
  });
});
