import { openBrowser, startAdminApp, type AdminApp, type OpenBrowser } from './helpers';

describe('admin login and the plugin menu link', () => {
  let app: AdminApp;
  let browser: OpenBrowser;

  beforeAll(async () => {
    app = await startAdminApp();
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('logs in through the real form, shows the home page and opens Grupo ZAP from the main menu', async () => {
    const { page } = browser;
    await page.goto(`${app.url}/admin`);
    await page.waitForURL(/\/admin\/auth\/login/); // a fresh session is sent to the login form

    await app.login(page);
    await expectVisible(page.getByRole('heading', { name: new RegExp(`Hello ${app.admin.firstname}`) }));
    expect(new URL(page.url()).pathname).toBe('/admin');

    const menuLink = page.getByRole('navigation').getByRole('link', { name: 'Grupo ZAP' });
    await expectVisible(menuLink);
    expect(await menuLink.getAttribute('href')).toBe('/admin/plugins/grupozap');

    await menuLink.click();
    await page.waitForURL((url) => url.pathname.startsWith('/admin/plugins/grupozap'));
    expect(new URL(page.url()).pathname).toMatch(/^\/admin\/plugins\/grupozap(\/|$)/);
  });

  it("shows every entry of the plugin menu when the user's permissions arrive after the page", async () => {
    const { page } = browser;
    // a slow GET /admin/users/me/permissions: the admin may render the plugin before it answers
    await page.route('**/admin/users/me/permissions', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    });
    try {
      await page.goto(`${app.url}/admin/plugins/grupozap`);
      const menu = page.getByRole('navigation', { name: 'Grupo ZAP' });
      for (const entry of ['Leads', 'Deliveries', 'Homologation', 'Reports', 'Privacy (LGPD)']) {
        await expectVisible(menu.getByRole('link', { name: entry }));
      }
    } finally {
      await page.unroute('**/admin/users/me/permissions');
    }
  });
});

const expectVisible = async (locator: { waitFor(options: { state: 'visible' }): Promise<void> }) => {
  await locator.waitFor({ state: 'visible' });
};
