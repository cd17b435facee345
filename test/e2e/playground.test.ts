/**
 * End to end through the Microsoft 365 Agents Playground (Teams mode) and a headless Chromium:
 * the bot (dist/main.js) and the Playground run as child processes on free ports, the test types
 * `help` in the personal chat, expects the welcome card, presses "New request" and expects the
 * first step of the request. Screenshots and the children's output go to test-results/e2e/.
 *
 * Needs Debian's chromium at /usr/bin/chromium (scripts/ensure-chromium.sh); nothing is
 * downloaded at test time and the page may only reach loopback addresses.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

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
const STEP_TIMEOUT_MS = 45_000;

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

describe('Teams Playground end to end', () => {
  let dataDir: string | undefined;
  let bot: ChildProcess | undefined;
  let playground: ChildProcess | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  let playgroundUrl = '';
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
      env: { DATA_DIR: dataDir, LOG_LEVEL: 'silent', COORDINATOR_IDS: pg.readCurrentUser().aadObjectId },
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
      await p.getByRole('treeitem', { name: /Personal Chat/ }).first().click();
      const welcomeCards = cards(p).filter({ hasText: 'MKO' });
      // Opening the page makes the Playground send installationUpdate + conversationUpdate, and the
      // bot may greet with a welcome card: let that land first, so only the answer to "help" counts.
      await p.getByText(/conversationUpdate\s*200/).first().waitFor({ timeout: 15_000 }).catch(() => undefined);
      const before = await stableCount(welcomeCards, 1_500, 15_000);

      const composer = p.locator('[role="textbox"][contenteditable="true"]').first();
      await composer.click();
      await p.keyboard.type('help');
      await p.keyboard.press('Enter');

      await waitUntil(async () => (await welcomeCards.count()) > before, STEP_TIMEOUT_MS, 'no welcome card (an Adaptive Card containing "MKO") appeared after "help"');
      const welcome = welcomeCards.last();
      await welcome.getByRole('button', { name: NEW_REQUEST_TITLE }).waitFor({ state: 'visible' });
      expect(await welcome.innerText()).toContain('MKO');
    });
  }, 120_000);

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
  }, 120_000);

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

function cards(p: Page): Locator {
  return p.locator('.ac-adaptiveCard');
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
