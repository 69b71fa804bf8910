import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (apt-get install chromium); CHROMIUM_PATH points elsewhere if needed. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
export const SCREENSHOTS_DIR = path.join(__dirname, '..', '..', '..', 'docs', 'screenshots');
export const VIEWPORT = { width: 1280, height: 800 };
/** A phone (an iPhone 12–15's CSS pixels), for the pages that turn into cards there. */
export const PHONE = { width: 390, height: 844 };

// the background-networking flags are required on this machine (no outside network)
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface OpenBrowser {
  context: BrowserContext;
  /** A page of 1280×800 (unless asked otherwise), English, São Paulo time. */
  page: Page;
  close(): Promise<void>;
}

export interface OpenBrowserOptions {
  /** 1280×800 by default; `PHONE` for a phone. */
  viewport?: { width: number; height: number };
  /** A touch screen: `page.tap()` works, and the page's `<meta name="viewport">` is honoured. */
  mobile?: boolean;
}

const isLocal = (url: string): boolean => {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
};

/**
 * Headless Chromium with a fresh profile. Requests that leave this machine (the admin asks
 * strapi.io for news, analytics, the latest release) are aborted, so pages settle at once.
 * `close()` also deletes the profile.
 */
export const openBrowser = async ({ viewport = VIEWPORT, mobile = false }: OpenBrowserOptions = {}): Promise<OpenBrowser> => {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gz-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport,
      isMobile: mobile,
      hasTouch: mobile,
      locale: 'en-US',
      timezoneId: 'America/Sao_Paulo',
    });
  } catch (error) {
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(15_000);
  await context.route('**/*', (route) => (isLocal(route.request().url()) ? route.continue() : route.abort()));
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
};

/**
 * Saves the viewport (not the full page) as docs/screenshots/<name>.png, for the README.
 * Waits for fonts and a quiet network first; returns the file's path.
 */
export const screenshot = async (page: Page, name: string): Promise<string> => {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(name)) throw new Error(`screenshot name "${name}": use kebab-case, no extension`);
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  const file = path.join(SCREENSHOTS_DIR, `${name}.png`);
  // no menu tooltip in the picture: it shows while the pointer is over, or the focus on, a menu link
  const { width, height } = page.viewportSize() ?? VIEWPORT;
  await page.mouse.move(width - 1, height - 1, { steps: 4 }); // a jump leaves it open
  await page.evaluate("document.activeElement?.closest('nav') && document.activeElement.blur()");
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.evaluate('document.fonts.ready.then(() => true)').catch(() => undefined);
  await page.screenshot({ path: file, fullPage: false, animations: 'disabled', caret: 'hide', scale: 'css' });
  return file;
};
