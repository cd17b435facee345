import fs from 'node:fs';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Debian's Chromium, installed by scripts/ensure-chromium.sh; no test ever downloads a browser. */
export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Run "bash scripts/ensure-chromium.sh" (as root) once, then run the tests again.`);
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * The Teams library asks Microsoft's CDN for the current list of Teams host origins when it loads;
 * the test answers for the CDN (nothing leaves the machine) with a list like the real one.
 */
const TEAMS_ORIGINS_LIST = 'https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json';
const TEAMS_ORIGINS_STUB = JSON.stringify({ validOrigins: ['teams.microsoft.com', '*.teams.microsoft.com', 'teams.cloud.microsoft', 'outlook.office.com'] });

/** A browser context that can only reach loopback: anything else is aborted (and recorded). */
export async function newLoopbackContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext(options);
  const blocked: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue();
    if (url.href === TEAMS_ORIGINS_LIST) {
      return route.fulfill({ status: 200, contentType: 'application/json', headers: { 'access-control-allow-origin': '*' }, body: TEAMS_ORIGINS_STUB });
    }
    blocked.push(url.href);
    return route.abort();
  });
  return { context, blocked };
}
