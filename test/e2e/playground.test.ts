/**
 * End to end through the Microsoft 365 Agents Playground (Teams mode) and a headless Chromium:
 * the bot (dist/main.js) and the Playground run as child processes on free ports and the test
 * uses the page as a user would (Emma Walsh, the Playground's current user, is the coordinator):
 *
 *  1. personal chat: "help" shows the welcome card; its "New request" button opens step 1;
 *  2. every step of the request is filled by typing into the rendered inputs and picking choices
 *     (radio groups, compact single / multi choice sets, a date, checkboxes, a network member),
 *     the summary shows what was typed, "Submit the request" answers with MKO-<Brussels year>-0001;
 *  3. "Save and finish later" on step 2, "my drafts" lists the draft, "Resume" brings step 2 back
 *     with its values (and step 1's);
 *  4. a bad input: step 1 without a contact stays on step 1 with "Please complete: ...";
 *  5. team channel "MKO cases": a post "@MKO bot cases channel" (mention picked in the @ pop-up)
 *     makes it the cases channel; the submitted request's thread appears there with initials only.
 *
 * Screenshots of each milestone and the children's output go to test-results/e2e/.
 * Needs Debian's chromium at /usr/bin/chromium (scripts/ensure-chromium.sh); nothing is
 * downloaded at test time and the page may only reach loopback addresses.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import {
  cards,
  channelPosts,
  chooseRadio,
  combobox,
  newestCard,
  openConversation,
  pickMany,
  pickOne,
  postMentioning,
  press,
  radio,
  say,
  textValue,
  threadOf,
  tickBoxes,
  typeDate,
  typeText,
  waitForCard,
  waitForNewCard,
} from './playground-ui';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
// the bot answers in milliseconds: a wait that long means something is wrong
const STEP_TIMEOUT_MS = 15_000;
const STEP = (n: number) => `Step ${n} of 5`;

/** What the user types and picks in the main flow (English labels: the Playground sends en-US). */
const REQUEST = {
  requester: { role: 'A care or social professional', organisation: 'Thuisverpleging Brussel', contact: '02 123 45 67' },
  person: {
    firstName: 'Marie',
    lastName: 'Dubois-Vandenberghe',
    birthDateTyped: 'March 14, 1955',
    birthDateShown: '14 Mar 1955',
    languages: ['French', 'Dutch'],
    interpreter: 'No',
    residence: 'At an address',
    postcode: '1030',
    municipality: /^Schaerbeek/,
    municipalityShown: 'Schaerbeek',
    living: 'At home',
    insurance: 'In order',
    otherTrajectory: 'No',
  },
  situation: {
    domains: ['Psychological (mental health)', 'Social'],
    sectors: ['Mental health', 'Poverty'],
    description: 'Lives alone, neglects hygiene and meals; many helpers are involved but nobody coordinates.',
    tried: 'Home help twice a week since March.',
    whyNow: 'The landlord has given notice for June.',
    urgency: 'Within a few weeks',
  },
  network: {
    role: 'GP',
    name: 'Dr. Karim Benali',
    organisation: 'Wijkgezondheidscentrum Schaarbeek',
    contact: '02 241 00 00',
    consent: 'Yes, they know and agree',
  },
} as const;
const PSEUDONYM = 'M. D.';

// The three languages the bot speaks; the Playground itself always sends locale en-US.
const NEW_REQUEST_TITLE = /^\s*(New request|Nieuwe aanvraag|Nouvelle demande)\s*$/;
const REQUESTER_STEP = /requester|aanvrager|demandeur/i;

interface PlaygroundHelpers {
  CONFIG_PATH: string;
  AUTH_AND_STORE_VARS: string[];
  BOT_HOST: string;
  botEntry(): string;
  readCurrentUser(): { id: string; name?: string; aadObjectId: string };
  freePort(): Promise<number>;
  waitForHttp(url: string, opts: { timeoutMs?: number; child?: ChildProcess; name?: string }): Promise<void>;
  startBot(opts: {
    port: number;
    env?: Record<string, string>;
    stdio?: unknown;
    dropVars?: string[];
  }): ChildProcess;
  startPlayground(opts: {
    botPort: number;
    port?: number;
    logFile?: string;
    onOutput?: (line: string, stream: string) => void;
  }): { child: ChildProcess; listening: Promise<number> };
  playgroundPingUrl(port: number): string;
  stopChild(child: ChildProcess | null | undefined, opts?: { signal?: NodeJS.Signals; graceMs?: number }): Promise<void>;
}

const ROOT = findRoot(__dirname);
const pg = require(path.join(ROOT, 'scripts', 'playground.js')) as PlaygroundHelpers;
const OUT_DIR = path.join(ROOT, 'test-results', 'e2e');
const BOT_NAME = readBotName(pg.CONFIG_PATH);

describe('Teams Playground end to end', () => {
  let dataDir: string | undefined;
  let bot: ChildProcess | undefined;
  let playground: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let playgroundUrl = '';
  /** The reference the main flow got; the channel test looks for its thread. */
  let submittedReference: string | undefined;
  const botOutput: string[] = [];
  const playgroundOutput: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) {
      throw new Error(
        `Chromium is not installed at ${CHROMIUM}. Run scripts/ensure-chromium.sh (as root) once, then run the tests again.`,
      );
    }
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const f of fs.readdirSync(OUT_DIR)) {
      if (f.endsWith('.png') || f.endsWith('.log')) fs.rmSync(path.join(OUT_DIR, f), { force: true });
    }
    const t0 = Date.now();

    // the bot, unauthenticated (so loopback only) on its own data folder
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-e2e-'));
    const botPort = await pg.freePort();
    bot = pg.startBot({
      port: botPort,
      stdio: ['ignore', 'pipe', 'pipe'],
      dropVars: pg.AUTH_AND_STORE_VARS,
      env: { DATA_DIR: dataDir, LOG_LEVEL: 'info', COORDINATOR_IDS: pg.readCurrentUser().aadObjectId },
    });
    collect(bot, botOutput);
    await pg.waitForHttp(`http://${pg.BOT_HOST}:${botPort}/readyz`, { timeoutMs: 60_000, child: bot, name: 'the bot' }).catch(
      (err: Error) => {
        throw withOutput(err, 'bot', botOutput);
      },
    );

    // the Playground, Teams mode, on a free port of its own
    const started = pg.startPlayground({
      botPort,
      port: await pg.freePort(),
      logFile: path.join(OUT_DIR, 'playground-events.log'),
      onOutput: (line) => playgroundOutput.push(line),
    });
    playground = started.child;
    const port = await started.listening.catch((err: Error) => {
      throw withOutput(err, 'playground', playgroundOutput);
    });
    await pg.waitForHttp(pg.playgroundPingUrl(port), { timeoutMs: 30_000, child: playground, name: 'the Playground' });
    playgroundUrl = `http://127.0.0.1:${port}/`;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 60_000 });
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'en-US' });
    // only loopback: the Playground page asks a CDN for fonts, which must fail fast, not hang
    await context.route('**/*', (route) => {
      const host = new URL(route.request().url()).hostname;
      return ['127.0.0.1', 'localhost', '[::1]'].includes(host) ? route.continue() : route.abort('blockedbyclient');
    });
    page = await context.newPage();
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.goto(playgroundUrl, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    process.stdout.write(`e2e: bot, Playground and Chromium up in ${Date.now() - t0} ms (${playgroundUrl})\n`);
  }, 120_000);

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    await Promise.all([pg.stopChild(playground), pg.stopChild(bot, { graceMs: 10_000 })]);
    if (fs.existsSync(OUT_DIR)) {
      fs.writeFileSync(path.join(OUT_DIR, 'bot-output.log'), botOutput.join('\n'));
      fs.writeFileSync(path.join(OUT_DIR, 'playground-output.log'), playgroundOutput.join('\n'));
    }
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('answers "help" in the personal chat with the welcome card', async () => {
    const p = requirePage(page);
    await step(p, '01-help', async () => {
      await openConversation(p, /Personal Chat/);
      const welcomeCards = cards(p).filter({ hasText: 'MKO' });
      // Opening the page makes the Playground send installationUpdate + conversationUpdate, and the
      // bot may greet with a welcome card: let that land first, so only the answer to "help" counts.
      await p.getByText(/conversationUpdate\s*200/).first().waitFor({ timeout: 15_000 }).catch(() => undefined);
      const before = await stableCount(welcomeCards, 1_500, 15_000);

      await say(p, 'help');

      await waitUntil(async () => (await welcomeCards.count()) > before, STEP_TIMEOUT_MS, 'no welcome card (an Adaptive Card containing "MKO") appeared after "help"');
      const welcome = welcomeCards.last();
      await welcome.getByRole('button', { name: NEW_REQUEST_TITLE }).waitFor({ state: 'visible' });
      expect(await welcome.innerText()).toContain('MKO');
    });
  }, 45_000);

  it('opens the first request step from the welcome card\'s "New request" button', async () => {
    const p = requirePage(page);
    await step(p, '02-new-request', async () => {
      const welcome = cards(p).filter({ hasText: 'MKO' }).filter({ has: p.getByRole('button', { name: NEW_REQUEST_TITLE }) }).last();
      if ((await welcome.count()) === 0) throw new Error('no welcome card to start from (did the previous test fail?)');
      await welcome.getByRole('button', { name: NEW_REQUEST_TITLE }).click();

      const requesterStep = cards(p).filter({ hasText: REQUESTER_STEP }).last();
      await requesterStep.waitFor({ state: 'visible' }).catch((err: Error) => {
        throw new Error(`the request's first step (a card matching ${REQUESTER_STEP}) did not appear: ${err.message.split('\n')[0]}`);
      });
      expect(await requesterStep.innerText()).toMatch(REQUESTER_STEP);
    });
  }, 45_000);

  it('fills every step of the request, shows it in the summary and submits it', async () => {
    const p = requirePage(page);
    const r = REQUEST;
    await step(p, '03-full-request', async () => {
      // the step 1 card the welcome button opened; if that test failed, ask for one by typing
      let card = newestCard(p, STEP(1));
      if ((await card.count()) === 0) {
        const before = await cards(p).filter({ hasText: STEP(1) }).count();
        await say(p, 'new request');
        card = await waitForNewCard(p, STEP(1), before, '"new request"');
      }

      // step 1: the requester
      await chooseRadio(card, 'You are', r.requester.role);
      await typeText(card, 'Organisation', r.requester.organisation);
      await typeText(card, 'How can we reach you?', r.requester.contact);
      await shotOf(card, '03a-requester');
      card = await pressAndWait(p, card, 'Next', STEP(2), 'Next on step 1');

      // step 2: the person
      await typeText(card, 'First name', r.person.firstName);
      await typeText(card, 'Last name', r.person.lastName);
      await typeDate(card, 'Date of birth', r.person.birthDateTyped);
      expect(await combobox(card, 'Date of birth').inputValue()).toBe(r.person.birthDateTyped);
      await pickMany(card, 'Language(s) the person speaks', [...r.person.languages]);
      await chooseRadio(card, 'Is an interpreter needed?', r.person.interpreter);
      await chooseRadio(card, 'Where does the person live?', r.person.residence);
      await typeText(card, 'Postcode', r.person.postcode);
      await pickOne(card, 'Municipality', r.person.municipality);
      await chooseRadio(card, 'Living situation', r.person.living);
      await pickOne(card, 'Health insurance', r.person.insurance);
      await chooseRadio(card, 'Is the person already in another specific consultation trajectory', r.person.otherTrajectory);
      await shotOf(card, '03b-person');
      card = await pressAndWait(p, card, 'Next', STEP(3), 'Next on step 2');

      // step 3: the situation
      await tickBoxes(card, 'Domains concerned', [...r.situation.domains]);
      await tickBoxes(card, 'Sectors', [...r.situation.sectors]);
      await typeText(card, 'What is going on?', r.situation.description);
      await typeText(card, 'What has been tried already?', r.situation.tried);
      await typeText(card, 'Why a consultation now?', r.situation.whyNow);
      await chooseRadio(card, 'Urgency', r.situation.urgency);
      await shotOf(card, '03c-situation');
      card = await pressAndWait(p, card, 'Next', STEP(4), 'Next on step 3');

      // step 4: one network member, then consent
      const n = r.network;
      await typeText(card, 'Role', n.role);
      await typeText(card, 'Name', n.name);
      await typeText(card, 'Organisation', n.organisation);
      await typeText(card, 'Contact', n.contact);
      card = await pressAndWait(p, card, 'Add to the network', n.name, '"Add to the network"');
      expect(await card.innerText()).toContain(`${n.role}: ${n.name} · ${n.organisation} · ${n.contact}`);
      expect(await card.getByRole('button', { name: 'Remove', exact: true }).count()).toBe(1);
      await chooseRadio(card, 'Does the person know about this request and agree?', n.consent);
      await shotOf(card, '03d-network');
      card = await pressAndWait(p, card, 'Next', STEP(5), 'Next on step 4');

      // step 5: the summary shows what was typed and picked
      await shotOf(card, '03e-summary');
      const summary = await card.innerText();
      const facts: [string, string][] = [
        ['You are', r.requester.role],
        ['Organisation', r.requester.organisation],
        ['How can we reach you?', r.requester.contact],
        ['First name', r.person.firstName],
        ['Last name', r.person.lastName],
        ['Date of birth', r.person.birthDateShown],
        ['Is an interpreter needed?', r.person.interpreter],
        ['Where does the person live?', r.person.residence],
        ['Postcode', r.person.postcode],
        ['Municipality', r.person.municipalityShown],
        ['Living situation', r.person.living],
        ['Health insurance', r.person.insurance],
        ['Is the person already in another specific consultation trajectory', r.person.otherTrajectory],
        ['What is going on?', r.situation.description],
        ['What has been tried already?', r.situation.tried],
        ['Why a consultation now?', r.situation.whyNow],
        ['Urgency', r.situation.urgency],
        ['The network known so far', `${n.role}: ${n.name} · ${n.organisation} · ${n.contact}`],
        ['Does the person know about this request and agree?', n.consent],
      ];
      for (const [title, value] of facts) expect([title, factValue(summary, title)]).toEqual([title, value]);
      expect(splitList(factValue(summary, 'Language(s) the person speaks'))).toEqual([...r.person.languages].sort());
      expect(splitList(factValue(summary, 'Domains concerned'))).toEqual([...r.situation.domains].sort());
      expect(splitList(factValue(summary, 'Sectors'))).toEqual([...r.situation.sectors].sort());

      // submit: the card becomes the confirmation with this year's first reference
      const reference = `MKO-${brusselsYear()}-0001`;
      await press(card, 'Submit the request');
      const confirmation = await waitForCard(p, `Request received: ${reference}`, 'Submit the request');
      const said = await confirmation.innerText();
      expect(said).toContain(`The request for ${PSEUDONYM} was received`);
      expect(said).toContain(`quote the reference ${reference}`);
      submittedReference = reference;
      await shotOf(confirmation, '03f-confirmation');
    });
  }, 60_000);

  it('saves a request for later, lists it under "my drafts" and resumes it at step 2', async () => {
    const p = requirePage(page);
    await step(p, '04-drafts', async () => {
      const before = await cards(p).filter({ hasText: STEP(1) }).count();
      await say(p, 'new request');
      let card = await waitForNewCard(p, STEP(1), before, '"new request"');
      await chooseRadio(card, 'You are', 'A family carer or relative');
      await typeText(card, 'How can we reach you?', 'sofie.claes@example.be');
      card = await pressAndWait(p, card, 'Next', STEP(2), 'Next on step 1');
      await typeText(card, 'First name', 'Jean');
      await typeText(card, 'Last name', 'Lemaire');
      await typeText(card, 'Postcode', '1070');
      const saved = await pressAndWait(p, card, 'Save and finish later', 'Saved. Type "my drafts"', '"Save and finish later"');
      await shotOf(saved, '04a-saved');

      const listsBefore = await cards(p).filter({ hasText: 'Your saved requests' }).count();
      await say(p, 'my drafts');
      const drafts = await waitForNewCard(p, 'Your saved requests', listsBefore, '"my drafts"');
      const listed = await drafts.innerText();
      expect(listed).toContain('Consultation request: Jean Lemaire');
      expect(listed).toContain('at step "The person"');
      if (submittedReference) expect(listed).not.toContain(REQUEST.person.lastName); // submitted: no draft any more
      await shotOf(drafts, '04b-my-drafts');

      // the innermost container holding this draft's label and a Resume button is its entry
      const entry = drafts.locator('.ac-container').filter({ hasText: 'Consultation request: Jean Lemaire' }).filter({ has: p.getByRole('button', { name: 'Resume', exact: true }) }).last();
      card = await pressAndWait(p, entry, 'Resume', STEP(2), '"Resume"');
      expect(await textValue(card, 'First name')).toBe('Jean');
      expect(await textValue(card, 'Last name')).toBe('Lemaire');
      expect(await textValue(card, 'Postcode')).toBe('1070');
      await shotOf(card, '04c-resumed-card');

      // and step 1's answers are there too
      card = await pressAndWait(p, card, 'Back', STEP(1), '"Back" on the resumed step 2');
      expect(await radio(card, 'You are', 'A family carer or relative').isChecked()).toBe(true);
      expect(await textValue(card, 'How can we reach you?')).toBe('sofie.claes@example.be');
    });
  }, 45_000);

  it('keeps step 1 with "Please complete" when the contact is left empty', async () => {
    const p = requirePage(page);
    await step(p, '05-missing-contact', async () => {
      const before = await cards(p).filter({ hasText: STEP(1) }).count();
      await say(p, 'new request');
      let card = await waitForNewCard(p, STEP(1), before, '"new request"');
      await chooseRadio(card, 'You are', 'A care or social professional');
      await typeText(card, 'Organisation', 'CPAS Schaerbeek');
      const step2Before = await cards(p).filter({ hasText: STEP(2) }).count();

      card = await pressAndWait(p, card, 'Next', 'Please complete:', 'Next with the contact empty');
      const text = await card.innerText();
      expect(text).toContain('Please complete: How can we reach you?');
      expect(text).toContain(`${STEP(1)}: About you, the requester`);
      expect(await cards(p).filter({ hasText: STEP(2) }).count()).toBe(step2Before);
      // nothing typed is lost
      expect(await radio(card, 'You are', 'A care or social professional').isChecked()).toBe(true);
      expect(await textValue(card, 'Organisation')).toBe('CPAS Schaerbeek');
      await shotOf(card, '05-missing-contact-card');

      // and once the contact is there, Next goes on
      await typeText(card, 'How can we reach you?', 'social@cpas-schaerbeek.example');
      await pressAndWait(p, card, 'Next', STEP(2), 'Next once the contact is filled');
    });
  }, 45_000);

  it('makes "MKO cases" the cases channel from an @mention and shows the case thread with initials only', async () => {
    const p = requirePage(page);
    await step(p, '06-cases-channel', async () => {
      if (!submittedReference) throw new Error('no request was submitted (did the main-flow test fail?)');
      await openConversation(p, /MKO cases/);
      await postMentioning(p, BOT_NAME, 'cases channel');

      // the Playground sent "<at>MKO bot</at> cases channel" (its Log Panel shows the text it posted);
      // the bot answers in the post's thread
      await p.getByText(`<at>${BOT_NAME}</at> cases channel`).first().waitFor({ state: 'visible' });
      const post = channelPosts(p).filter({ hasText: `${BOT_NAME} cases channel` }).first();
      await post
        .getByText('This channel now receives the case threads. 1 waiting case(s) will be posted here.')
        .waitFor({ state: 'visible' })
        .catch((err: Error) => {
          throw new Error(`the bot did not confirm the cases channel in the post's thread: ${err.message.split('\n')[0]}`);
        });
      await shotOf(post, '06a-channel-confirmed');

      // the parked case is posted as a new thread, under a pseudonym
      const caseCard = await waitForCard(p, `Case ${submittedReference}`, 'the case thread in the channel');
      await caseCard.scrollIntoViewIfNeeded();
      const shown = await caseCard.innerText();
      expect(factValue(shown, 'Person')).toBe(PSEUDONYM);
      expect(factValue(shown, 'Status')).toBe('Awaiting assignment');
      expect(splitList(factValue(shown, 'Domains'))).toEqual([...REQUEST.situation.domains].sort());
      const thread = await threadOf(caseCard).innerText();
      const channelCards = (await cards(p).allInnerTexts()).join('\n');
      for (const secret of [REQUEST.person.firstName, REQUEST.person.lastName, 'Vandenberghe', '1955', REQUEST.person.postcode]) {
        expect([secret, thread.includes(secret), channelCards.includes(secret)]).toEqual([secret, false, false]);
      }
      await shotOf(threadOf(caseCard), '06b-case-thread');
    });
  }, 45_000);

  /** Runs one step; screenshots the page after it, pass or fail, and adds the bot's output on failure. */
  async function step(p: Page, name: string, body: () => Promise<void>): Promise<void> {
    try {
      await body();
      await p.screenshot({ path: path.join(OUT_DIR, `${name}.png`) });
    } catch (err) {
      await p.screenshot({ path: path.join(OUT_DIR, `${name}-FAILED.png`) }).catch(() => undefined);
      throw withOutput(err as Error, 'bot', botOutput, `screenshot: test-results/e2e/${name}-FAILED.png`);
    }
  }
});

/** Clicks a card's button and waits for one more card showing `expected` (the answer replaces the card). */
async function pressAndWait(p: Page, card: Locator, title: string, expected: string, what: string): Promise<Locator> {
  const before = await cards(p).filter({ hasText: expected }).count();
  await press(card, title);
  return waitForNewCard(p, expected, before, what, STEP_TIMEOUT_MS);
}

/**
 * A screenshot of one card or post. The chat is an inner scroll pane, so an element taller than
 * the window would come out cut (with the page header over it): the window is made tall enough
 * for the shot, then put back.
 */
async function shotOf(el: Locator, name: string): Promise<void> {
  const p = el.page();
  const size = p.viewportSize();
  const box = await el.boundingBox();
  const needed = box ? Math.ceil(box.height) + 300 : 0;
  if (size && needed > size.height) await p.setViewportSize({ width: size.width, height: needed });
  try {
    await el.scrollIntoViewIfNeeded();
    await el.screenshot({ path: path.join(OUT_DIR, `${name}.png`) });
  } finally {
    if (size && needed > size.height) await p.setViewportSize(size);
  }
}

/**
 * The value of the first FactSet row whose title starts with `title`, from a card's innerText
 * (a FactSet renders title and value on their own lines).
 */
function factValue(text: string, title: string): string {
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const i = lines.findIndex((l) => l.startsWith(title));
  if (i < 0 || i + 1 >= lines.length) throw new Error(`no fact "${title}" in:\n${text}`);
  return lines[i + 1]!;
}

/** "French, Dutch" -> ["Dutch", "French"] (the order of picked choices is not the point). */
function splitList(value: string): string[] {
  return value.split(',').map((v) => v.trim()).filter(Boolean).sort();
}

function brusselsYear(): string {
  return new Intl.DateTimeFormat('en', { timeZone: 'Europe/Brussels', year: 'numeric' }).format(new Date());
}

/** The bot's display name in the Playground config (`bot: name:`): the name to pick after "@". */
function readBotName(configPath: string): string {
  const text = fs.readFileSync(configPath, 'utf8');
  const m = /^bot:[ \t]*\n(?:[ \t]+.*\n)*?[ \t]+name:[ \t]*(.+?)[ \t]*$/m.exec(text);
  if (!m) throw new Error(`${configPath}: no bot name`);
  return m[1]!.replace(/^["']|["']$/g, '');
}

function requirePage(p: Page | undefined): Page {
  if (!p) throw new Error('the Playground page is not open (see the beforeAll error)');
  return p;
}

async function waitUntil(cond: () => Promise<boolean>, timeoutMs: number, message: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(message);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The locator's count once it has not changed for quietMs (or when maxMs is up). */
async function stableCount(locator: Locator, quietMs: number, maxMs: number): Promise<number> {
  const end = Date.now() + maxMs;
  let count = await locator.count();
  let since = Date.now();
  while (Date.now() - since < quietMs && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    const now = await locator.count();
    if (now !== count) {
      count = now;
      since = Date.now();
    }
  }
  return count;
}

function collect(child: ChildProcess, into: string[]): void {
  for (const stream of [child.stdout, child.stderr]) {
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => into.push(...chunk.split('\n').filter(Boolean)));
  }
}

function withOutput(err: Error, who: string, output: string[], extra?: string): Error {
  const tail = output.slice(-30).join('\n');
  const parts = [err.message];
  if (extra) parts.push(extra);
  parts.push(tail ? `last ${who} output:\n${tail}` : `(no ${who} output)`);
  err.message = parts.join('\n');
  return err;
}

function findRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'scripts', 'playground.js')) && fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`cannot find the project root above ${start}`);
  }
}
