import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's chromium (what `.ci/run` installs), or the one `CHROMIUM_PATH` names. */
export const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (path): path is string => path !== undefined && path !== '' && existsSync(path),
);

/** Why the browser tests skip, said once where they would run. */
export const NO_CHROMIUM = 'chromium not found (apt-get install chromium, or set CHROMIUM_PATH): the browser tests are skipped';

/** Headless chromium with no network chatter: this machine's closed network refuses Google's hosts. */
export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error(NO_CHROMIUM);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}
