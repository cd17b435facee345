import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../config/config';
import { startBot, type RunningBot } from '../../main';
import { createLogger } from '../../bot/logger';
import { FakeConnector } from './fake-connector';

export const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const COORDINATOR = { id: '29:coordinator', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Coordinator' };
export const NURSE = { id: '29:nurse', aadObjectId: 'bbbbbbbb-0000-4000-8000-000000000002', name: 'Nurse' };
export const SOCIAL_WORKER = { id: '29:social', aadObjectId: 'cccccccc-0000-4000-8000-000000000003', name: 'Social worker' };
export const ORGANISER = { id: '29:organiser', aadObjectId: 'dddddddd-0000-4000-8000-000000000004', name: 'Organiser' };
export const COORDINATOR_2 = { id: '29:coordinator2', aadObjectId: 'eeeeeeee-0000-4000-8000-000000000005', name: 'Coordinator 2' };
export const BOT = { id: '28:mko-bot', name: 'MKO' };
export const CASES_CHANNEL = '19:cases-channel@thread.tacv2';

export type User = typeof NURSE;

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public current: Date) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface HarnessOptions {
  env?: Record<string, string>;
  dataDir?: string;
  clock?: TestClock;
  connector?: FakeConnector;
  logStream?: NodeJS.WritableStream & { write(s: string): boolean };
  /**
   * false: the scheduled jobs are stopped at once. They tick on the real clock and may write at any
   * moment (a follow-up reminder, the weekly overview's marker); a test that compares the store
   * before and after one request must see only what that request wrote.
   */
  jobs?: boolean;
}

/**
 * Runs the real bot (restify, CloudAdapter, store, outbox) on a loopback port, with a fake Bot
 * Connector as the serviceUrl, and sends it Teams-shaped activities over HTTP.
 */
export class BotHarness {
  bot!: RunningBot;
  connector!: FakeConnector;
  dataDir!: string;
  clock!: TestClock;
  private seq = 0;

  static async start(options: HarnessOptions = {}): Promise<BotHarness> {
    const h = new BotHarness();
    h.connector = options.connector ?? new FakeConnector();
    if (!h.connector.url) await h.connector.start();
    h.dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'mko-bot-'));
    h.clock = options.clock ?? new TestClock(new Date('2026-11-23T09:00:00Z'));
    const config = loadConfig({
      PORT: '0',
      DATA_DIR: h.dataDir,
      COORDINATOR_IDS: `${COORDINATOR.aadObjectId},${COORDINATOR_2.aadObjectId}`,
      LOG_LEVEL: options.logStream ? 'info' : 'silent',
      OUTBOX_INTERVAL_MS: '50',
      ...options.env,
    });
    const logger = options.logStream ? createLogger('info', options.logStream as any) : createLogger('silent');
    h.bot = await startBot(config, { clock: h.clock, logger });
    if (options.jobs === false) await h.bot.jobs.stop();
    return h;
  }

  /** Stops the bot (as a restart would) but keeps the data folder and the connector. */
  async restart(): Promise<void> {
    await this.bot.stop();
    const next = await BotHarness.start({ dataDir: this.dataDir, clock: this.clock, connector: this.connector });
    this.bot = next.bot;
  }

  async stop(): Promise<void> {
    await this.bot.stop();
    await this.connector.stop();
  }

  async post(activity: object): Promise<{ status: number; body: any }> {
    const res = await fetch(`${this.bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  }

  personalConversation(user: User): string {
    return `a:personal-${user.id}`;
  }

  private base(user: User, locale: string, conversation: object, channelData: object) {
    return {
      id: `in-${++this.seq}`,
      channelId: 'msteams',
      serviceUrl: this.connector.url,
      timestamp: this.clock.now().toISOString(),
      locale,
      from: user,
      recipient: BOT,
      conversation,
      channelData: { tenant: { id: TENANT }, ...channelData },
    };
  }

  /** A 1:1 message; answers with what the bot replied. */
  async say(user: User, text: string, locale = 'en-US'): Promise<any[]> {
    const before = this.connector.calls.length;
    const res = await this.post({
      ...this.base(user, locale, { id: this.personalConversation(user), conversationType: 'personal', tenantId: TENANT }, {}),
      type: 'message',
      text,
    });
    if (res.status >= 300) throw new Error(`message answered ${res.status}`);
    const conversationId = this.personalConversation(user);
    return this.connector.calls.slice(before).filter((c) => c.conversationId === conversationId).map((c) => c.body);
  }

  /** A post in a team channel that @mentions the bot. */
  async sayInChannel(user: User, text: string, locale = 'en-US'): Promise<any[]> {
    const before = this.connector.calls.length;
    const res = await this.post({
      ...this.base(
        user,
        locale,
        { id: `${CASES_CHANNEL};messageid=${1000 + this.seq}`, conversationType: 'channel', isGroup: true, tenantId: TENANT },
        { channel: { id: CASES_CHANNEL }, team: { id: '19:team@thread.tacv2' } },
      ),
      type: 'message',
      text: `<at>MKO</at> ${text}`,
      entities: [{ type: 'mention', mentioned: BOT, text: '<at>MKO</at>' }],
    });
    if (res.status >= 300) throw new Error(`channel message answered ${res.status}`);
    return this.connector.calls.slice(before).map((c) => c.body);
  }

  /** An Action.Execute click; answers with the invoke response (the card that replaces the clicked one). */
  async click(user: User, verb: string, data: object, options: { locale?: string; inChannel?: boolean } = {}) {
    return this.post(this.clickActivity(user, verb, data, options));
  }

  /** The invoke activity Teams sends for an Action.Execute click, to send now or later (the load generator). */
  clickActivity(user: User, verb: string, data: object, options: { locale?: string; inChannel?: boolean } = {}): object {
    const conversation = options.inChannel
      ? { id: `${CASES_CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true, tenantId: TENANT }
      : { id: this.personalConversation(user), conversationType: 'personal', tenantId: TENANT };
    return {
      ...this.base(user, options.locale ?? 'en-US', conversation, options.inChannel ? { channel: { id: CASES_CHANNEL } } : {}),
      type: 'invoke',
      name: 'adaptiveCard/action',
      value: { action: { type: 'Action.Execute', verb, data } },
    };
  }

  /** Runs one outbox pass and waits for any pass already in progress. */
  async settleOutbox(): Promise<void> {
    await this.bot.dispatcher.idle();
    await this.bot.dispatcher.drain();
    await this.bot.dispatcher.idle();
  }

  /** Waits until the outbox has nothing due (the dispatcher runs every 50 ms). */
  async flushOutbox(): Promise<void> {
    if (!(await this.sendWhatIsDue(100, 20))) throw new Error('outbox did not settle');
  }

  /**
   * Runs outbox passes until nothing is pending or sending, at most `rounds` times `pauseMs` apart;
   * true when it got there. A message deferred past the test clock (a busy conversation) stays.
   */
  async sendWhatIsDue(rounds: number, pauseMs: number): Promise<boolean> {
    for (let i = 0; i < rounds; i++) {
      await this.settleOutbox();
      const counts = await this.bot.stores.outbox.countByStatus();
      if (counts.pending === 0 && counts.sending === 0) return true;
      await new Promise((r) => setTimeout(r, pauseMs));
    }
    return false;
  }
}

/** Collects every TextBlock text and fact of a card, for assertions on what a user reads. */
export function cardText(card: any): string {
  const out: string[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (typeof node.text === 'string') out.push(node.text);
    if (typeof node.title === 'string') out.push(node.title);
    if (typeof node.label === 'string') out.push(node.label);
    if (typeof node.value === 'string' && node.type === undefined) out.push(node.value);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return out.join('\n');
}

/** The card in an invoke response. */
export function invokeCard(res: { status: number; body: any }): any {
  if (res.status !== 200 || res.body?.type !== 'application/vnd.microsoft.card.adaptive') {
    throw new Error(`expected a card, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  return res.body.value;
}

/** Action.Execute actions of a card, by title. */
export function findAction(card: any, title: string): any {
  let found: any = null;
  const walk = (node: any) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Action.Execute' && node.title === title) found = node;
    Object.values(node).forEach(walk);
  };
  walk(card);
  if (!found) throw new Error(`no action "${title}" in card`);
  return found;
}
