/**
 * The personal tab in headless Chromium, outside Teams (a test token in the address), served with
 * its API over the running bot's stores: it lists the user's cases and requests, in their language
 * and at phone width, follows the theme, and shows a clear error for a bad token.
 * Screenshots go to test-results/tab/.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { BotHarness, COORDINATOR, NURSE, ORGANISER, cardText, invokeCard } from '../support/bot-harness';
import type { Case } from '../../domain/case/case';
import type { Poll } from '../../domain/poll/poll';
import { GP, REFERENT, seedFollowUp, seedPoll } from './tab-fixtures';
import { seedMyCases, type MyCasesWorld } from './my-cases-fixtures';
import { clickButton, fillRequest } from '../support/intake-driver';
import { startTabServer, type RunningTabServer } from './tab-server';
import { makeTokenKit, type TokenKit } from './tab-tokens';
import { launchChromium, newLoopbackContext } from './headless-chromium';

const OUT_DIR = path.resolve(__dirname, '..', '..', '..', 'test-results', 'tab');
const PHONE = { width: 375, height: 740 };
/** The narrowest phone the tab must work on. */
const NARROW = { width: 360, height: 760 };

describe('personal tab page in headless Chromium', () => {
  let h: BotHarness;
  let tab: RunningTabServer;
  let kit: TokenKit;
  let browser: Browser;
  let reference: string;
  let poll: Poll;
  let actionCase: Case;
  let world: MyCasesWorld;
  const blockedRequests: string[] = [];

  beforeAll(async () => {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    browser = await launchChromium();
    h = await BotHarness.start();
    kit = await makeTokenKit();
    tab = await startTabServer({ stores: h.bot.stores, clock: h.clock, auth: kit.auth, coordinatorIds: [COORDINATOR.aadObjectId] });
    ({ poll } = await seedPoll(h));
    ({ c: actionCase } = await seedFollowUp(h));
    world = await seedMyCases(h, poll);
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
      expect(await page.textContent('h1')).toBe('Mijn overleg');
      expect(await page.getAttribute('#tab-cases', 'aria-selected')).toBe('true');
      expect(await page.textContent('#nav-cases')).toBe('Mijn dossiers');
      // a requester only: no case to work on, said in one line above their requests
      expect(await page.isVisible('#cases-none')).toBe(true);
      expect(await page.locator('#cases-list article').count()).toBe(0);
      // the dashboard is for coordinators only
      expect(await page.isVisible('#tab-dashboard')).toBe(false);
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
    // a request left without any answer is reused by the next 'new request': answer one question first
    const [first] = await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId);
    await h.bot.stores.drafts.replaceIfVersion({ ...first!, data: { requester: { role: 'professional' } }, version: first!.version + 1 }, first!.version);
    await h.say(NURSE, 'nouvelle demande', 'fr-BE');
    const token = await kit.tokenFor(NURSE, {}, h.clock.now());
    const { page } = await open(`token=${token}&lang=fr-BE&theme=dark`, { width: 900, height: 600 });
    try {
      expect(await page.getAttribute('body', 'data-theme')).toBe('dark');
      expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).toBe('rgb(31, 31, 31)');
      expect(await page.textContent('h1')).toBe('Mes concertations');
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
      expect(await page.textContent('#error-title')).toBe('This page cannot be shown');
      expect(await page.isVisible('#nav')).toBe(false);
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

  it('shows an invited participant "My cases" at 360 px: role, status and the meeting date, in Dutch', async () => {
    const token = await kit.tokenFor(GP, {}, h.clock.now());
    const { page, consoleErrors } = await open(`token=${token}&lang=nl&theme=default`, NARROW);
    try {
      expect(await page.getAttribute('#tab-cases', 'aria-selected')).toBe('true');
      expect(await page.textContent('#cases-title')).toBe('Dossiers waaraan ik meewerk');
      expect(await page.isVisible('#cases-none')).toBe(false);
      const items = page.locator('#cases-list article.my-case');
      expect(await items.count()).toBe(3);
      const scheduled = items.filter({ hasText: world.scheduled.reference });
      expect(await scheduled.locator('h3').textContent()).toBe(`${world.scheduled.reference} · A. B.`);
      expect(await scheduled.locator('.role').textContent()).toBe('Deelnemer');
      expect(await scheduled.locator('.status').textContent()).toBe('Overleg gepland');
      expect(await scheduled.locator('.case-next').textContent()).toBe('Overleg: donderdag 3 december 2026, 14:00–15:30');
      expect(await scheduled.locator('.case-next time').getAttribute('datetime')).toBe('2026-12-03T13:00:00.000Z');
      expect(await items.filter({ hasText: actionCase.reference }).locator('.case-next').textContent()).toBe('3 open acties');
      // nobody's name, only pseudonyms; the case the person has not agreed to share is not there
      expect(await page.textContent('#cases-list')).not.toMatch(/Janssens|Maes|Haddad/);
      expect(await page.textContent('#cases-list')).not.toContain(world.noSharing.reference);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(NARROW.width);
      expect(consoleErrors).toEqual([]);
      await page.screenshot({ path: path.join(OUT_DIR, 'my-cases-nl-360.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('shows the organiser their cases in the dark theme, and opens "My cases" from an old requests link', async () => {
    const token = await kit.tokenFor(ORGANISER, {}, h.clock.now());
    const { page, consoleErrors } = await open(`token=${token}&lang=fr&theme=dark&view=requests`, NARROW);
    try {
      expect(await page.getAttribute('#tab-cases', 'aria-selected')).toBe('true');
      const roles = await page.locator('#cases-list .role').allTextContents();
      expect(roles).toEqual(['Organisateur', 'Organisateur', 'Organisateur', 'Organisateur']);
      expect(await page.textContent('#cases-list')).not.toContain(world.pending.reference);
      expect(await page.textContent('#cases-list')).not.toContain(world.closed.reference);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(NARROW.width);
      expect(consoleErrors).toEqual([]);
      await page.screenshot({ path: path.join(OUT_DIR, 'my-cases-fr-dark-360.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('answers a poll from the "Polls" section at 360 px, in Dutch', async () => {
    const token = await kit.tokenFor(GP, {}, h.clock.now());
    const { page, consoleErrors } = await open(`token=${token}&lang=nl&theme=default&view=polls`, NARROW);
    try {
      expect(await page.getAttribute('#tab-polls', 'aria-selected')).toBe('true');
      expect(await page.textContent('#count-polls')).toBe('(1)');
      const article = page.locator('#polls-list article').first();
      expect(await article.textContent()).toContain('M. D.');
      expect(await article.locator('fieldset.slot').count()).toBe(2);
      await article.locator('fieldset.slot').first().getByLabel('Ja', { exact: true }).check();
      await article.locator('button.save').click();
      await page.locator('#polls-list .result.ok', { hasText: /^Uw antwoorden zijn opgeslagen/ }).waitFor({ timeout: 10_000 });
      const votes = await h.bot.stores.votes.listByPoll(poll.id);
      expect(votes.map((v) => [v.participantId, v.answer, v.recordedBy])).toEqual([['e-gp', 'yes', GP.aadObjectId]]);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(NARROW.width);
      expect(consoleErrors).toEqual([]);
      await page.screenshot({ path: path.join(OUT_DIR, 'polls-nl-360.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('answers an action from "My actions": done, and a past date refused with the reason, in French', async () => {
    const token = await kit.tokenFor(REFERENT, {}, h.clock.now());
    const { page, consoleErrors } = await open(`token=${token}&lang=fr&theme=contrast&view=actions`, NARROW);
    try {
      expect(await page.textContent('#actions-title')).toBe('Mes actions');
      expect(await page.locator('#actions-list li.action').count()).toBe(3);
      // a past date: refused with the card's reason, nothing changed
      const a1 = page.locator('li.action[data-action-id="a1"]');
      await a1.locator('button[data-answer="not_done_yet"]').click();
      await a1.locator('input[type="date"]').fill('2026-11-20');
      await a1.locator('button.send').click();
      await page.waitForSelector('li.action[data-action-id="a1"] .result.bad', { timeout: 10_000 });
      expect(await a1.locator('.result').textContent()).toMatch(/date/);
      expect((await h.bot.stores.reports.listByCase(actionCase.id)).at(-1)!.actions[0]!.status).toBe('open');
      // "done" on the relative's action (answered on their behalf by the referent)
      await page.locator('li.action[data-action-id="a2"] button[data-answer="done"]').click();
      await page.locator('#actions-status', { hasText: 'Votre réponse est enregistrée.' }).waitFor({ timeout: 10_000 });
      expect(await page.locator('#actions-list li.action').count()).toBe(2);
      const a2 = (await h.bot.stores.reports.listByCase(actionCase.id)).at(-1)!.actions.find((a) => a.id === 'a2')!;
      expect([a2.status, a2.history.at(-1)!.by]).toEqual(['done', REFERENT.aadObjectId]);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(NARROW.width);
      // the browser reports the refused answer (422) itself; nothing else may go wrong
      expect(consoleErrors.filter((e) => !/status of 422/.test(e))).toEqual([]);
      await page.screenshot({ path: path.join(OUT_DIR, 'actions-fr-contrast-360.png'), fullPage: true });
    } finally {
      await page.context().close();
    }
  });

  it('shows a coordinator the dashboard: charts with their values as text, in the dark theme', async () => {
    const token = await kit.tokenFor(COORDINATOR, {}, h.clock.now());
    const { page, consoleErrors } = await open(`token=${token}&lang=en&theme=dark`, NARROW);
    try {
      expect(await page.isVisible('#tab-dashboard')).toBe(true);
      await page.click('#tab-dashboard');
      expect(await page.isVisible('#panel-dashboard')).toBe(true);
      expect(await page.isVisible('#panel-cases')).toBe(false);
      expect(await page.textContent('#dash-title')).toBe('Figures — all years');
      const requests = await page.textContent('#dash-totals [data-total="requests"] dd');
      expect(Number(requests)).toBeGreaterThanOrEqual(3);
      const outcome = page.locator('figure[data-chart="outcome"]');
      expect(await outcome.locator('figcaption').textContent()).toBe('Requests by status');
      expect(await outcome.locator('tr').first().textContent()).toMatch(/^Followed.*\d+$/);
      expect(await outcome.locator('svg rect.bar').count()).toBeGreaterThan(0);
      expect(await outcome.locator('svg').first().getAttribute('aria-hidden')).toBe('true');
      expect(await page.locator('figure[data-chart="years"] .bar-text').first().textContent()).toMatch(/request/);
      // keyboard: the arrow keys move between the sections
      await page.focus('#tab-dashboard');
      await page.keyboard.press('ArrowRight');
      expect(await page.getAttribute('#tab-cases', 'aria-selected')).toBe('true');
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(NARROW.width);
      expect(consoleErrors).toEqual([]);
      await page.click('#tab-dashboard');
      await page.screenshot({ path: path.join(OUT_DIR, 'dashboard-en-dark-360.png'), fullPage: true });
      // another year: the charts are drawn again for it
      await page.selectOption('#dash-year', '2026');
      await page.locator('#dash-title', { hasText: 'Figures 2026' }).waitFor({ timeout: 10_000 });
    } finally {
      await page.context().close();
    }
  });
});
