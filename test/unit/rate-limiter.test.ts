import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  ConversationBusyError,
  OutboxRateLimiter,
  RateLimitedSender,
  TEAMS_RATE_LIMITS,
  type RateLimits,
  type RateTarget,
} from '../../bot/outbox/rate-limiter';
import type { ConversationTarget, MessageSender } from '../../bot/outbox/message-sender';
import { OutboxDispatcher } from '../../bot/outbox/outbox-dispatcher';
import { createLogger } from '../../bot/logger';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import type { Stores } from '../../domain/ports';
import { makeCase } from '../support/fixtures';

const T0 = Date.parse('2026-11-23T10:00:00.000Z');
const at = (ms: number) => new Date(T0 + ms);
const chat = (conversationId: string, tenantId: string | null = 'tenant-a'): RateTarget => ({ conversationId, tenantId });

/** Records one send per entry of `sends`: [conversation, ms after T0]. */
function limiterWith(sends: [string, number][], limits?: RateLimits): OutboxRateLimiter {
  const limiter = new OutboxRateLimiter(limits);
  for (const [conversation, ms] of sends) limiter.recordSend(chat(conversation), at(ms));
  return limiter;
}

/** `n` sends to `conversation`, `gapMs` apart, starting at `startMs`. */
const burst = (conversation: string, n: number, startMs = 0, gapMs = 0): [string, number][] =>
  Array.from({ length: n }, (_, i) => [conversation, startMs + i * gapMs]);

/** `n` sends spread over `n` different conversations, all at `ms`. */
const fanOut = (n: number, ms = 0): [string, number][] => Array.from({ length: n }, (_, i) => [`fan-${i}`, ms]);

describe('outbox rate limiter: Teams limits, decided at a fixed now', () => {
  it.each<[string, [string, number][], string, number, { kind: string; until?: number; scope?: string }]>([
    ['an idle conversation may send', [], 'a', 0, { kind: 'send' }],
    ['6 in the last second: the 7th may go', burst('a', 6), 'a', 10, { kind: 'send' }],
    ['7 in the last second: the 8th waits until the first is 1 s old', burst('a', 7, 0, 10), 'a', 100, { kind: 'wait', until: 1_000, scope: 'conversation' }],
    ['a send exactly 1 s old no longer counts', burst('a', 7, 0, 10), 'a', 1_000, { kind: 'send' }],
    ['1 ms earlier it still does', burst('a', 7, 0, 10), 'a', 999, { kind: 'wait', until: 1_000, scope: 'conversation' }],
    ['8 in 2 s (7 per second respected): waits for the 2 s window', [...burst('a', 4, 0, 100), ...burst('a', 4, 1_100, 100)], 'a', 1_500, { kind: 'wait', until: 2_000, scope: 'conversation' }],
    ['60 in 30 s: waits until the oldest is 30 s old', burst('a', 60, 0, 450), 'a', 27_000, { kind: 'wait', until: 30_000, scope: 'conversation' }],
    ['59 in 30 s: may go', burst('a', 59, 0, 450), 'a', 27_000, { kind: 'send' }],
    ['1800 in an hour: waits until the oldest is an hour old', burst('a', 1_800, 0, 1_990), 'a', 3_590_000, { kind: 'wait', until: 3_600_000, scope: 'conversation' }],
    ['another conversation is not held back by a busy one', burst('a', 7), 'b', 0, { kind: 'send' }],
    ['49 sends of the tenant in the last second: one more may go', fanOut(49), 'new', 500, { kind: 'send' }],
    ['50 sends of the tenant in the last second: everyone waits', fanOut(50, 200), 'new', 500, { kind: 'wait', until: 1_200, scope: 'tenant' }],
    ['the tenant window frees up after a second', fanOut(50, 200), 'new', 1_200, { kind: 'send' }],
    ['both busy: the later of the two is the answer', [...burst('a', 7, 0), ...fanOut(50, 900)], 'a', 950, { kind: 'wait', until: 1_900, scope: 'tenant' }],
  ])('%s', (_what, sends, conversation, nowMs, expected) => {
    const decision = limiterWith(sends).decide(chat(conversation), at(nowMs));
    if (expected.kind === 'send') {
      expect(decision).toEqual({ kind: 'send' });
    } else {
      expect(decision).toEqual({ kind: 'wait', until: at(expected.until!), scope: expected.scope });
    }
  });

  it('counts the tenant limit per tenant: another tenant is not held back', () => {
    const limiter = limiterWith(fanOut(50));
    expect(limiter.decide(chat('x', 'tenant-a'), at(10))).toMatchObject({ kind: 'wait', scope: 'tenant' });
    expect(limiter.decide(chat('x', 'tenant-b'), at(10))).toEqual({ kind: 'send' });
    expect(limiter.decide(chat('x', null), at(10))).toEqual({ kind: 'send' });
  });

  it('counts a request made of several calls (a new 1:1 chat: create, then send) as that many', () => {
    const limiter = new OutboxRateLimiter();
    limiter.recordSend(chat('a'), at(0), 2);
    for (let i = 0; i < 5; i++) limiter.recordSend(chat('a'), at(1));
    expect(limiter.decide(chat('a'), at(2))).toEqual({ kind: 'wait', until: at(1_000), scope: 'conversation' });
  });

  it('places a send recorded late (out of order) where it belongs', () => {
    const limiter = limiterWith([...burst('a', 6, 100, 100), ['a', 50]]);
    expect(limiter.decide(chat('a'), at(700))).toEqual({ kind: 'wait', until: at(1_050), scope: 'conversation' });
  });

  it('never answers "wait" with a time that is not in the future, so a caller cannot spin', () => {
    const limiter = limiterWith(burst('a', 7, 0, 1));
    for (let now = 0; now < 1_100; now += 7) {
      const d = limiter.decide(chat('a'), at(now));
      if (d.kind === 'wait') expect(d.until.getTime()).toBeGreaterThan(T0 + now);
    }
  });

  it('letting every "send" go and recording it never exceeds any window', () => {
    // a greedy sender asking every 3 ms for 20 s: count each window's requests afterwards
    const limiter = new OutboxRateLimiter();
    const sentTimes: number[] = [];
    for (let now = 0; now < 20_000; now += 3) {
      if (limiter.decide(chat('a'), at(now)).kind === 'send') {
        limiter.recordSend(chat('a'), at(now));
        sentTimes.push(now);
      }
    }
    for (const w of TEAMS_RATE_LIMITS.perConversation) {
      for (const t of sentTimes) {
        expect(sentTimes.filter((s) => s > t - w.windowMs && s <= t).length).toBeLessThanOrEqual(w.limit);
      }
    }
    // and it is not needlessly slow: 60 per 30 s allows 60 in the first 20 s
    expect(sentTimes).toHaveLength(60);
  });

  it('forgets conversations once their sends are older than every window', () => {
    const limiter = new OutboxRateLimiter({ perConversation: [{ limit: 1, windowMs: 1_000 }], perTenant: [{ limit: 100_000, windowMs: 1_000 }] });
    for (let i = 0; i < 999; i++) limiter.recordSend(chat(`once-${i}`), at(0));
    expect(limiter.trackedKeys()).toBe(1_000);
    limiter.recordSend(chat('later'), at(5_000));
    expect(limiter.trackedKeys()).toBe(2);
  });

  it.each([
    [{ limit: 0, windowMs: 1_000 }],
    [{ limit: 1.5, windowMs: 1_000 }],
    [{ limit: 1, windowMs: 0 }],
  ])('refuses a window that makes no sense: %j', (w) => {
    expect(() => new OutboxRateLimiter({ perConversation: [w], perTenant: [] })).toThrow(/invalid rate window/);
  });
});

/** Records which conversation each call went to; `fail` decides the outcome of a call. */
class RecordingSender implements MessageSender {
  readonly calls: { method: string; conversation: string; startedAt: number }[] = [];
  fail: (conversation: string) => unknown = () => null;

  private async record(method: string, conversation: string): Promise<void> {
    this.calls.push({ method, conversation, startedAt: Date.now() });
    const error = this.fail(conversation);
    if (error) throw error;
  }
  async send(target: ConversationTarget): Promise<string | null> {
    await this.record('send', target.conversationId);
    return `act-${this.calls.length}`;
  }
  async update(target: ConversationTarget): Promise<void> {
    await this.record('update', target.conversationId);
  }
  async startChannelThread(channel: { channelId: string }) {
    await this.record('startChannelThread', channel.channelId);
    return { conversationId: `${channel.channelId};messageid=1`, activityId: '1' };
  }
  async startPersonalChat(user: { teamsUserId: string }) {
    await this.record('startPersonalChat', user.teamsUserId);
    return { conversationId: 'a:new', activityId: '2' };
  }
}

const http429 = { statusCode: 429, response: { headers: { get: () => '1' } } };
const target = (conversationId: string): ConversationTarget => ({ serviceUrl: 'http://127.0.0.1:1/', conversationId, tenantId: 'tenant-a' });
const activity = { type: 'message' };

describe('rate-limited sender: which conversation each call counts against', () => {
  const fixedClock = { now: () => at(0) };

  it.each<[string, (s: RateLimitedSender) => Promise<unknown>, string, number]>([
    ['a message to a chat or thread: that conversation', (s) => s.send(target('a:chat'), activity), 'a:chat', 1],
    ['a card update: the conversation of the card', (s) => s.update(target('19:thread;messageid=5'), '5', activity), '19:thread;messageid=5', 1],
    ['a new thread: the channel it is posted in', (s) => s.startChannelThread({ serviceUrl: 'http://127.0.0.1:1/', channelId: '19:cases', tenantId: 'tenant-a' }, activity), '19:cases', 1],
    ['a 1:1 chat opened now: the user, two requests', (s) => s.startPersonalChat({ serviceUrl: 'http://127.0.0.1:1/', teamsUserId: '29:u', tenantId: 'tenant-a', botId: '28:b' }, activity), 'user:29:u', 2],
  ])('%s', async (_what, call, conversation, requests) => {
    const limiter = new OutboxRateLimiter();
    const sender = new RateLimitedSender(new RecordingSender(), limiter, fixedClock);
    await call(sender);
    // the conversation now holds `requests` sends: 7 - requests more fit, the next one waits
    for (let i = requests; i < 7; i++) limiter.recordSend({ conversationId: conversation, tenantId: 'tenant-a' }, at(0));
    expect(limiter.decide({ conversationId: conversation, tenantId: 'tenant-a' }, at(0))).toMatchObject({ kind: 'wait', scope: 'conversation' });
  });

  it('refuses a send to a busy conversation before anything goes out, saying how long to wait', async () => {
    const inner = new RecordingSender();
    const sender = new RateLimitedSender(inner, limiterWith(burst('a:chat', 7, 0, 100)), { now: () => at(650) });
    const refused = sender.send(target('a:chat'), activity);
    await expect(refused).rejects.toBeInstanceOf(ConversationBusyError);
    await expect(refused).rejects.toMatchObject({ waitMs: 350 });
    expect(inner.calls).toHaveLength(0);
    // another conversation goes on
    await sender.send(target('a:other'), activity);
    expect(inner.calls.map((c) => c.conversation)).toEqual(['a:other']);
  });

  it('does not count a request that Teams answered 429, and counts one that failed otherwise', async () => {
    const limiter = new OutboxRateLimiter({ perConversation: [{ limit: 1, windowMs: 1_000 }], perTenant: [{ limit: 50, windowMs: 1_000 }] });
    const inner = new RecordingSender();
    const sender = new RateLimitedSender(inner, limiter, { now: () => at(0) });
    inner.fail = () => http429;
    await expect(sender.send(target('a:chat'), activity)).rejects.toBe(http429);
    expect(limiter.decide({ conversationId: 'a:chat', tenantId: 'tenant-a' }, at(0))).toEqual({ kind: 'send' });
    inner.fail = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    await expect(sender.send(target('a:chat'), activity)).rejects.toThrow('socket hang up');
    expect(limiter.decide({ conversationId: 'a:chat', tenantId: 'tenant-a' }, at(0))).toMatchObject({ kind: 'wait' });
  });

  it('waits in place while the tenant is at its limit, then sends', async () => {
    // a 30 ms tenant window on the real clock keeps the test short
    const limiter = new OutboxRateLimiter({ perConversation: [], perTenant: [{ limit: 1, windowMs: 30 }] });
    const inner = new RecordingSender();
    const sender = new RateLimitedSender(inner, limiter);
    await sender.send(target('a:one'), activity);
    await sender.send(target('a:two'), activity);
    expect(inner.calls.map((c) => c.conversation)).toEqual(['a:one', 'a:two']);
    // not a timer's precision but the limiter's decision: on the same clock, the second send may
    // only start once the first one (recorded when it was answered) is a whole window old
    expect(inner.calls[1]!.startedAt - inner.calls[0]!.startedAt).toBeGreaterThanOrEqual(30);
  });
});

describe('outbox dispatcher within the rate limits', () => {
  const businessNow = new Date('2026-11-23T09:00:00Z');
  let dataDir: string;
  let stores: Stores;

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-rate-'));
    stores = await openEmbeddedStores(dataDir);
  });
  afterEach(async () => {
    await stores.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** `n` case-details cards for one coordinator, whose 1:1 chat is known. */
  async function enqueueDirectCards(n: number): Promise<void> {
    const c = makeCase();
    await stores.cases.insert(c);
    await stores.conversations.upsert({
      userId: 'coordinator',
      tenantId: 'tenant-a',
      serviceUrl: 'http://127.0.0.1:1/',
      conversationId: 'a:coordinator',
      channelId: 'msteams',
      botId: '28:bot',
      botName: null,
      locale: 'en-US',
      updatedAt: businessNow,
    });
    for (let i = 0; i < n; i++) {
      await stores.outbox.enqueue(
        { key: `details-${i}`, kind: 'direct_card', caseId: c.id, userId: 'coordinator', payload: { view: 'case_details' } },
        new Date(businessNow.getTime() - n + i),
      );
    }
  }

  function makeDispatcher(sender: MessageSender): OutboxDispatcher {
    return new OutboxDispatcher({ stores, clock: { now: () => businessNow }, sender, logger: createLogger('silent') });
  }

  it('stores a message for a busy conversation back as due later, without counting an attempt', async () => {
    await enqueueDirectCards(1);
    const inner = new RecordingSender();
    inner.fail = () => new ConversationBusyError(1_500);
    await makeDispatcher(inner).drain();
    const message = await stores.outbox.findByKey('details-0');
    expect(message).toMatchObject({ status: 'pending', attempts: 0, lastError: null, leaseUntil: null });
    expect(message!.nextAttemptAt).toEqual(new Date(businessNow.getTime() + 1_500));
  });

  it('never lets more than 7 messages start within a second to one chat; the others wait, no attempt counted', async () => {
    await enqueueDirectCards(10);
    const inner = new RecordingSender();
    await makeDispatcher(inner).drain();
    const starts = inner.calls.map((c) => c.startedAt);
    for (const t of starts) expect(starts.filter((s) => s > t - 1_000 && s <= t).length).toBeLessThanOrEqual(7);
    expect(inner.calls.length).toBeGreaterThanOrEqual(7);
    const counts = await stores.outbox.countByStatus();
    expect(counts.sent).toBe(inner.calls.length);
    expect(counts.pending).toBe(10 - inner.calls.length);
    for (let i = 0; i < 10; i++) {
      const m = (await stores.outbox.findByKey(`details-${i}`))!;
      if (m.status === 'pending') expect(m).toMatchObject({ attempts: 0, lastError: null });
    }
  });
});
