/**
 * The personal tab in headless Chromium, outside Teams (a test token in the address), served with
 * its API over the running bot's stores: it lists the user's request, in their language and at
 * phone width, follows the theme, and shows a clear error for a bad token.
 * Screenshots go to test-results/tab/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BotHarness, NURSE, cardText, invokeCard } from '../support/bot-harness';
import { clickButton, fillRequest } from '../support/intake-driver';
import { startTabServer, type RunningTabServer } from './tab-server';
import { makeTokenKit, type TokenKit } from './tab-tokens';
import { launchChromium, newLoopbackContext } from './headless-chromium';

const OUT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-results', 'tab');
const PHONE = { width: 375, height: 740 };

describe('personal tab page in headless Chromium', () => {
  let h: BotHarness;
  let tab: RunningTabServer;
  let kit: TokenKit;
  let browser: Browser;
  let reference: string;
  const blockedRequests: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    browser = await launchChromium();
    h = await BotHarness.start();
    kit = await makeTokenKit();
    tab = await startTabServer({ stores: h.bot.stores, clock: h.clock, auth: kit.auth });
    const summary = await fillRequest(h, NURSE, {}, 'nl-BE');
    const submitted = invokeCard(await clickButton(h, NURSE, summary, 'Aanvraag indienen', {}, 'nl-BE'));
    reference = /MKO-\d{4}-\d{4}/.exec(cardText(submitted))![0];
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await tab?.stop();
    await h?.stop();
  });

  afterEach(() => {
    // the page may only ever talk to this machine
    expect(blockedRequests).toEqual([]);
  });

  async function open(hash: string, viewport = PHONE): Promise<{ page: Page; consoleErrors: string[] }> {
    const { context, blocked } = await newLoopbackContext(browser, { viewport });
    const page = await context.newPage();
    page.on('close', () => blockedRequests.push(...blocked));
    const consoleErrors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    page.on('pageerror', (e) => consoleErrors.push(e.message));
    await page.goto(`${tab.url}/tab/index.html#${hash}`);
    await page.waitForSelector('body[data-state="ready"], body[data-state="error"]', { timeout: 25_000 });
    return { page, consoleErrors };
  }

  it('lists the requester\'s request in Dutch at phone width, and forgets the token', async () => {
    const token = await kit.tokenFor(NURSE, {}, h.clock.now());
    const { page, consoleErrors } = await open(`token=${token}&lang=nl&theme=default`);
    try {
      expect(await page.getAttribute('body', 'data-state')).toBe('ready');
      expect(await page.textContent('h1')).toBe('Mijn aanvragen');
      const row = await page.textContent('#requests-rows');
      expect(row).toContain(reference);
      expect(row).toContain('Wacht op toewijzing');
      expect(row).toContain('M. D.');
      expect(await page.textContent('#drafts-count')).toBe('U hebt geen opgeslagen aanvragen.');
      expect(await page.getAttribute('html', 'lang')).toBe('nl');
      // the token does not stay in the address (history, screenshots, shared links)
      expect(await page.evaluate('window.location.hash')).toBe('');
      // nothing wider than a phone screen
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
      // the Teams library is served by the bot itself (no CDN) and loaded
      expect(await page.evaluate('typeof window.microsoftTeams?.authentication?.getAuthToken')).toBe('function');
      expect(consoleErrors).toEqual([]);
      await page.screenshot({ path: path.join(OUT_DIR, 'my-requests-nl-phone.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('follows the dark theme and speaks French, with unfinished drafts counted', async () => {
    await h.say(NURSE, 'nouvelle demande', 'fr-BE');
    await h.say(NURSE, 'nouvelle demande', 'fr-BE');
    const token = await kit.tokenFor(NURSE, {}, h.clock.now());
    const { page } = await open(`token=${token}&lang=fr-BE&theme=dark`, { width: 900, height: 600 });
    try {
      expect(await page.getAttribute('body', 'data-theme')).toBe('dark');
      expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(31, 31, 31)');
      expect(await page.textContent('h1')).toBe('Mes demandes');
      expect(await page.textContent('#requests-rows')).toContain(reference);
      expect(await page.textContent('#drafts-count')).toBe('Vous avez 2 demandes enregistrées qui ne sont pas encore introduites.');
      expect(await page.locator('#drafts-list li').count()).toBe(2);
      await page.screenshot({ path: path.join(OUT_DIR, 'my-requests-fr-dark.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('shows a clear error, and no request, for an invalid token', async () => {
    const { page } = await open('token=not-a-real-token&lang=en&theme=contrast');
    try {
      expect(await page.getAttribute('body', 'data-state')).toBe('error');
      expect(await page.isVisible('#error')).toBe(true);
      expect(await page.textContent('#error-title')).toBe('Your requests cannot be shown');
      expect(await page.textContent('#error-text')).toMatch(/^Your sign-in could not be verified/);
      expect(await page.isVisible('#requests')).toBe(false);
      expect(await page.content()).not.toContain(reference);
      await page.screenshot({ path: path.join(OUT_DIR, 'invalid-token-en-contrast.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('says when the sign-in has expired', async () => {
    const token = await kit.tokenFor(NURSE, {}, new Date(h.clock.now().getTime() - 3 * 3600_000));
    const { page } = await open(`token=${token}&lang=nl`);
    try {
      expect(await page.textContent('#error-text')).toBe('Uw aanmelding is verlopen. Sluit het tabblad en open het opnieuw.');
      expect(await page.content()).not.toContain(reference);
    } finally {
      await page.context().close();
    }
  });

  it('outside Teams and without a token, says to open it in Teams', async () => {
    const { page } = await open('');
    try {
      expect(await page.getAttribute('body', 'data-state')).toBe('error');
      expect(await page.textContent('#error-text')).toBe('Open this page from the MKO app in Microsoft Teams.');
    } finally {
      await page.context().close();
    }
  });
});
