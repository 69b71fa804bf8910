import fs from 'node:fs';
import { ensureAdminBuild } from './admin-build';
import { CHROMIUM_PATH } from './browser';

/** The browser project's global setup: Chromium present, the playground admin built and current. */
export default async function globalSetup(): Promise<void> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`browser tests need Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set CHROMIUM_PATH)`);
  }
  const { built } = await ensureAdminBuild();
  if (!built) process.stderr.write('[browser] the playground admin build is current: not rebuilt\n');
}
