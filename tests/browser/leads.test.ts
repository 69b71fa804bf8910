import fs from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
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

const SECRET = 'browser-leads-secret-1234';
const INBOX = '/admin/plugins/grupozap';

/** Clicks `trigger` and gives the name and raw bytes of the file the browser downloads. */
const downloadOf = async (page: Page, trigger: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> => {
  const [download] = await Promise.all([page.waitForEvent('download'), trigger()]);
  return { name: download.suggestedFilename(), bytes: await fs.readFile(await download.path()) };
};

/** Picks `option` in the design system's select named `name`. */
const choose = async (page: Page, name: string, option: string) => {
  await page.getByRole('combobox', { name }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
};

describe('Grupo ZAP → Leads (inbox and lead page)', () => {
  let app: AdminApp;
  let browser: OpenBrowser;
  let page: Page;
  const rows = (): Locator => page.getByRole('grid').getByRole('row');
  const rowOf = (name: string): Locator => rows().filter({ has: page.getByRole('link', { name, exact: true }) });

  const post = async (overrides: Record<string, unknown>) => {
    const answer = await app.postLead(
      leadPath('jardim'),
      freshLead('grupo-olx-current.json', { phoneNumber: undefined, ...overrides }),
      SECRET
    );
    expect(answer.status).toBe(201);
    return answer.body.leadId as string;
  };

  beforeAll(async () => {
    app = await startAdminApp({ secretKey: SECRET });
    browser = await openBrowser();
    page = browser.page;
    const advertiser = await createAdvertiser(app);
    expect(advertiser.status).toBe(201);
    const listing = await app.api('POST', '/content-manager/collection-types/plugin::grupozap.listing', {
      clientListingId: 'JDA-4821',
      title: 'Casa com 3 quartos no Jardim Botânico',
      advertiser: { connect: [{ documentId: advertiser.body.data.documentId }] },
    });
    expect(listing.status).toBe(201);
    await post({ name: 'Carla Souza', email: 'carla@example.com', ddd: '48', phone: '988627634' });
    await post({
      name: 'João Conceição',
      email: 'joao@example.com',
      ddd: '11',
      phone: '977776666',
      temperature: 'Baixa',
      transactionType: 'RENT',
    });
    await post({
      name: 'Marina Lopes',
      email: 'marina@example.com',
      ddd: '21',
      phone: '988887777',
      clientListingId: 'NOT-LISTED',
    });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('lists the leads newest first, marks the ones received since the last visit, and refreshes on its own', async () => {
    await app.login(page);
    await page.goto(`${app.url}${INBOX}`);
    await page.getByRole('heading', { name: 'Leads', level: 1 }).waitFor();
    await rowOf('Carla Souza').waitFor();
    // the default view is written into the URL, so it can be shared
    expect(new URL(page.url()).search).toBe('?page=1&pageSize=25&sort=receivedAt:DESC');
    expect(await rows().count()).toBe(4); // the header and three leads
    expect(await page.getByTestId('lead-new-badge').count()).toBe(0); // a first visit marks nothing

    // leaving the inbox stores the visit; a lead arriving afterwards is new on return
    await page.goto(`${app.url}/admin`);
    await page.getByRole('navigation').first().waitFor();
    await post({
      name: 'Beatriz Quintanilha',
      email: 'beatriz.quintanilha@example.com',
      ddd: '47',
      phone: '991234567',
      message: 'Olá! Aceita financiamento pela Caixa? Posso visitar no sábado?',
    });
    await page.goto(`${app.url}${INBOX}`);
    await rowOf('Beatriz Quintanilha').waitFor();
    expect(await rowOf('Beatriz Quintanilha').getByTestId('lead-new-badge').count()).toBe(1);
    expect(await rowOf('Carla Souza').getByTestId('lead-new-badge').count()).toBe(0);
    const cells = (await rowOf('Beatriz Quintanilha').getByRole('gridcell').allTextContents()).map((text) => text.trim());
    // checkbox, contact (name, then phone · e-mail), status, assignee, listing, received; the rest behind Columns
    expect(cells.slice(1, 5)).toEqual([
      'Beatriz QuintanilhaNew+55 47 99123-4567 · beatriz.quintanilha@example.com',
      'New',
      '–',
      'JDA-4821Casa com 3 quartos no Jardim Botânico',
    ]);
    expect(cells).toHaveLength(6);
    expect((await rowOf('Marina Lopes').getByRole('gridcell').nth(4).textContent())?.trim()).toBe('NOT-LISTEDNot matched');

    // a lead posted while the inbox is open shows within a poll (15 s), the selection kept
    const carla = page.getByRole('checkbox', { name: 'Select Carla Souza' });
    await carla.check();
    await post({ name: 'Rafael Antunes', email: 'rafael@example.com', ddd: '31', phone: '977778888' });
    await rowOf('Rafael Antunes').waitFor({ timeout: 25_000 });
    expect(await rowOf('Rafael Antunes').getByTestId('lead-new-badge').count()).toBe(1);
    expect(await carla.isChecked()).toBe(true);
    await carla.uncheck();
    await page.getByText('5 leads found').waitFor();
    await screenshot(page, 'inbox');
  });

  it('changes the status of selected leads after a confirmation', async () => {
    await page.getByRole('checkbox', { name: 'Select João Conceição' }).check();
    await page.getByRole('checkbox', { name: 'Select Marina Lopes' }).check();
    await choose(page, 'Change the status of the selected leads', 'Qualified');
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText('The status of the 2 selected leads will be Qualified.').waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText('2 leads updated').first().waitFor();
    await rowOf('João Conceição').getByText('Qualified').waitFor();
    expect(await page.getByRole('checkbox', { name: 'Select João Conceição' }).isChecked()).toBe(false);
    const qualified = await app.api('GET', '/grupozap/leads?status=qualified');
    expect(qualified.body.results.map((lead: { name: string }) => lead.name).sort()).toEqual(['João Conceição', 'Marina Lopes']);
  });

  it('filters by status, steps through the filtered view and comes back to it', async () => {
    await page.getByRole('button', { name: 'Filters' }).click();
    await choose(page, 'Status', 'Qualified');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('button', { name: 'Remove the filter Status: Qualified' }).waitFor();
    await page.getByText('2 leads found').waitFor();
    expect(new URL(page.url()).searchParams.get('filters[status]')).toBe('qualified');

    await rowOf('Marina Lopes').getByRole('link').click();
    await page.getByRole('heading', { name: 'Marina Lopes', level: 1 }).waitFor();
    await page.getByText('1 of 2').waitFor();
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await page.getByRole('link', { name: 'Next', exact: true }).click();
    await page.getByRole('heading', { name: 'João Conceição', level: 1 }).waitFor();
    await page.getByText('2 of 2').waitFor();
    expect(await page.getByRole('button', { name: 'Next', exact: true }).isDisabled()).toBe(true);

    await page.getByRole('link', { name: 'Back to the leads' }).click();
    await page.getByRole('button', { name: 'Remove the filter Status: Qualified' }).waitFor();
    await page.getByText('2 leads found').waitFor();
    await page.getByRole('button', { name: 'Remove the filter Status: Qualified' }).click();
    await page.getByText('5 leads found').waitFor();
  });

  it('finds a lead by search, opens it, changes its status and assignee, and takes a note', async () => {
    const search = page.getByRole('searchbox', { name: 'Search leads' });
    await search.fill('financiamento'); // a word of the message only
    await search.press('Enter');
    await page.getByText('1 lead found').waitFor();
    expect(new URL(page.url()).searchParams.get('_q')).toBe('financiamento');
    expect(await rows().count()).toBe(2);

    await rowOf('Beatriz Quintanilha').getByRole('link').click();
    await page.getByRole('heading', { name: 'Beatriz Quintanilha', level: 1 }).waitFor();
    await page.getByText('Olá! Aceita financiamento pela Caixa? Posso visitar no sábado?').waitFor();
    expect(await page.getByRole('link', { name: 'beatriz.quintanilha@example.com' }).getAttribute('href')).toBe(
      'mailto:beatriz.quintanilha@example.com'
    );
    expect(await page.getByRole('link', { name: '+55 47 99123-4567' }).getAttribute('href')).toBe('tel:+5547991234567');
    await page.getByText('Casa com 3 quartos no Jardim Botânico').waitFor();
    await page.getByText('201 LEAD_CREATED').waitFor(); // its delivery history

    // the raw payload, folded until asked for
    const payload = page.locator('pre[aria-label="Raw payload (JSON)"]');
    expect(await payload.count()).toBe(0);
    await page.getByRole('button', { name: /Raw payload \(JSON\)/ }).click();
    expect(JSON.parse((await payload.textContent()) ?? '')).toMatchObject({
      name: 'Beatriz Quintanilha',
      extraData: { leadType: 'VISIT_REQUEST' },
    });

    await choose(page, 'Status', 'Contacted');
    await page.getByText('Status changed to Contacted').first().waitFor();
    await choose(page, 'Assignee', 'Ana Admin');
    await page.getByText('Assigned to Ana Admin').first().waitFor();

    await page.getByRole('textbox', { name: 'New note' }).fill('Ligou de volta: visita no sábado às 10h.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const notes = page.getByRole('list', { name: 'Notes on this lead' });
    await notes.getByText('Ligou de volta: visita no sábado às 10h.').waitFor();
    await notes.getByText('Ana Admin').waitFor();

    const stored = await app.api('POST', '/grupozap/leads/search', { q: 'financiamento' });
    expect(stored.body.results).toEqual([
      expect.objectContaining({
        name: 'Beatriz Quintanilha',
        status: 'contacted',
        assignee: expect.objectContaining({ firstname: 'Ana' }),
      }),
    ]);

    await page.evaluate("document.querySelector('[data-strapi-main-content]').scrollTo(0, 0)");
    await page.getByText('Status changed to Contacted').first().waitFor({ state: 'hidden' });
    await page.getByText('Assigned to Ana Admin').first().waitFor({ state: 'hidden' });
    await page.getByText('Note added').first().waitFor({ state: 'hidden' });
    await screenshot(page, 'lead');

    // back to the search it was opened from
    await page.getByRole('link', { name: 'Back to the leads' }).click();
    await page.getByText('1 lead found').waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search leads' }).inputValue()).toBe('financiamento');
    await rowOf('Beatriz Quintanilha').getByText('Contacted').waitFor();
  });

  it('exports the filtered view as CSV, UTF-8 with a BOM', async () => {
    const csv = await downloadOf(page, () => page.getByRole('button', { name: 'Export CSV' }).click());
    expect(csv.name).toMatch(/^leads-\d{4}-\d{2}-\d{2}\.csv$/);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.bytes.toString('utf8').slice(1).trim().split('\n');
    expect(lines[0]).toBe(
      'receivedAt,status,name,phone,email,message,advertiser,clientListingId,listing,leadOrigin,leadType,temperature,transactionType,assignee,originLeadId,deliveryCount,lostReason,followUpAt,followUpKind,visitAt'
    );
    expect(lines).toHaveLength(2); // only the lead the search finds
    expect(lines[1]).toContain('Beatriz Quintanilha');
    expect(lines[1]).toContain(',contacted,');
    expect(lines[1]).toContain('Ana Admin');
    expect(lines[1]).not.toContain('Carla Souza');
  });

  it('says "more than 1,000" when it stops counting, and counts further on the next pages', async () => {
    // 1,020 more leads through the route, 16 at a time as the portal would send them
    for (let sent = 0; sent < 1020; sent += 16) {
      await Promise.all(
        Array.from({ length: Math.min(16, 1020 - sent) }, (_, index) => post({ name: `Cliente em massa ${sent + index + 1}` }))
      );
    }
    await page.goto(`${app.url}${INBOX}?page=1&pageSize=25`);
    await page.getByText('More than 1,000 leads found').waitFor();
    await page.getByRole('link', { name: 'Go to page 40' }).waitFor();
    await page.getByRole('link', { name: 'Go to page 40' }).click();
    // 1,000 past page 40 reaches every lead: the count is exact again
    const found = page.getByText(/^1,0\d\d leads found$/);
    await found.waitFor();
    const total = Number((await found.textContent())?.replace(/\D/g, ''));
    expect(total).toBeGreaterThanOrEqual(1020);
    await page.getByRole('link', { name: `Go to page ${Math.ceil(total / 25)}` }).waitFor();

    // a lead's page gives its place in the view the same way
    await rows().nth(1).getByRole('link').first().click();
    await page.getByText(`976 of ${total.toLocaleString('en')}`, { exact: true }).waitFor();
    await page.goto(`${app.url}${INBOX}?page=1&pageSize=25`);
    await rows().nth(1).getByRole('link').first().click();
    await page.getByText('1 of 1,000+', { exact: true }).waitFor();
  });
});
