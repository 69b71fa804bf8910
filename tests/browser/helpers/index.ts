/**
 * The browser-test harness: the playground's admin built once (global setup), one Strapi process
 * per test file on a fresh SQLite file, headless Debian Chromium through playwright-core.
 */
export {
  startAdminApp,
  leadPath,
  waitForAdminReady,
  dismissStrapiBanners,
  DEFAULT_ADMIN,
  createAdvertiser,
  savePublicUrlOfItself,
  createAdminUser,
} from './admin-app';
export type { AdminApp, AdminCredentials, HttpAnswer, StartAdminAppOptions } from './admin-app';
export { openBrowser, screenshot, CHROMIUM_PATH, SCREENSHOTS_DIR, VIEWPORT, PHONE } from './browser';
export { englishOnly, englishOn, readTexts, type ScreenText } from './screen-texts';
export type { OpenBrowser, OpenBrowserOptions } from './browser';
export { ensureAdminBuild, adminBuildOutdated, ADMIN_BUILD_DIR } from './admin-build';
export { freshLead, loadFixture } from '../../helpers/fixtures';
