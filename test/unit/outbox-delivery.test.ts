import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import type { ConversationTarget, MessageSender } from '../../bot/outbox/message-sender';
import { OutboxDispatcher } from '../../bot/outbox/outbox-dispatcher';
import { MIN_WAKE_MS, computeWakeDelayMs } from '../../bot/outbox/wake-delay';
import type { LoadedViews } from '../../bot/outbox/direct-views';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import { createLogger } from '../../bot/logger';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import type { NewOutboxMessage, Stores } from '../../domain/ports';
import { makeCase } from '../support/fixtures';

/**
 * The outbox sends a message once across a crash: Teams' answer is recorded before any other
 * bookkeeping, and a message claimed again after its lease expired is finished from it.
 */

const T0 = new Date('2026-11-23T09:00:00Z');
const LEASE_PLUS = 61_000;
const at = (ms: number) => new Date(T0.getTime() + ms);
const CHANNEL = {
  teamId: null,
  channelId: '19:cases@thread.tacv2',
  tenantId: 'tenant-1',
  serviceUrl: 'http://127.0.0.1:1/',
  botId: '28:bot',
  locale: 'en-US',
  setBy: 'coordinator',
  setAt: T0,
};

/** A connector stand-in that counts what reached "Teams"; `failNext` throws instead of sending. */
class CountingSender implements MessageSender {
  readonly sends: { conversationId: string; activityId: string }[] = [];
  readonly updates: string[] = [];
  threads = 0;
  readonly failNext: unknown[] = [];
  private counter = 0;

  async send(target: ConversationTarget, _activity: Partial<Activity>): Promise<string | null> {
    this.failIfAsked();
    const activityId = `act-${++this.counter}`;
    this.sends.push({ conversationId: target.conversationId, activityId });
    return activityId;
  }

  async update(_target: ConversationTarget, activityId: string): Promise<void> {
    this.updates.push(activityId);
  }

  async startChannelThread(channel: { channelId: string }): Promise<{ conversationId: string; activityId: string | null }> {
    this.failIfAsked();
    this.threads++;
    const activityId = `act-${++this.counter}`;
    return { conversationId: `${channel.channelId};messageid=${activityId}`, activityId };
  }

  async startPersonalChat(user: { teamsUserId: string }): Promise<{ conversationId: string; activityId: string | null }> {
    this.failIfAsked();
    const activityId = `act-${++this.counter}`;
    this.sends.push({ conversationId: `a:chat-${user.teamsUserId}`, activityId });
    return { conversationId: `a:chat-${user.teamsUserId}`, activityId };
  }

  private failIfAsked(): void {
    const failure = this.failNext.shift();
    if (failure) throw failure;
  }
}

type CrashPoint = { repo: keyof Stores; method: string; when: 'before' | 'after' };

/**
 * The stores as a process that dies at `point` sees them: from then on no call answers (the
 * dispatcher is abandoned mid-message, as after SIGKILL). What was written before stays written.
 */
function storesDyingAt(stores: Stores, point: CrashPoint): { stores: Stores; dead: () => boolean } {
  let dead = false;
  const never = () => new Promise<never>(() => undefined);
  const wrapRepo = (name: string, repo: object) =>
    new Proxy(repo, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          if (dead) return never();
          const hit = name === point.repo && prop === point.method;
          if (hit && point.when === 'before') {
            dead = true;
            return never();
          }
          const result = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if (hit) {
            dead = true;
            return never();
          }
          return result;
        };
      },
    });
  const wrapped = new Proxy(stores, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      return typeof value === 'object' && value !== null ? wrapRepo(String(prop), value) : value;
    },
  });
  return { stores: wrapped, dead: () => dead };
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const throttled = () => Object.assign(new Error('throttled'), { statusCode: 429 });
const card = { type: 'AdaptiveCard', version: '1.5', body: [] } as unknown as AdaptiveCard;
const loadedViews: LoadedViews = { live: async () => card };

describe('outbox delivery across a crash', () => {
  let dataDir: string;
  let stores: Stores;
  let sender: CountingSender;
  const logger = createLogger('silent');

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-outbox-delivery-'));
    stores = await openEmbeddedStores(dataDir);
    sender = new CountingSender();
    await stores.settings.setCasesChannel(CHANNEL);
  });
  afterEach(async () => {
    await stores.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const dispatcher = (s: Stores, now: () => Date) => new OutboxDispatcher({ stores: s, clock: { now }, sender, logger, loadedViews });

  /** Runs a dispatcher on stores that die at `point`, and waits until they have. */
  async function crashAt(point: CrashPoint, now = T0): Promise<void> {
    const dying = storesDyingAt(stores, point);
    void dispatcher(dying.stores, () => now).drain();
    await waitFor('the crash', dying.dead);
  }

  async function enqueue(message: NewOutboxMessage, now = T0): Promise<void> {
    expect(await stores.outbox.enqueue(message, now)).toBe('queued');
  }

  async function addUser(userId: string): Promise<void> {
    await stores.conversations.upsert({
      userId,
      tenantId: 'tenant-1',
      serviceUrl: 'http://127.0.0.1:1/',
      conversationId: `a:${userId}`,
      channelId: 'msteams',
      botId: '28:bot',
      botName: null,
      locale: 'en-US',
      updatedAt: T0,
    });
  }

  it('posts a case thread once when the process dies after Teams answered, and gives the case its thread', async () => {
    const c = makeCase();
    await stores.cases.insert(c);
    await enqueue({ key: `case:${c.id}:thread`, kind: 'case_thread_post', caseId: c.id, userId: null, payload: {} });

    await crashAt({ repo: 'outbox', method: 'recordDelivery', when: 'after' });
    expect(sender.threads).toBe(1);
    expect(await stores.outbox.findByKey(`case:${c.id}:thread`)).toMatchObject({ status: 'sending', sentActivityId: 'act-1' });
    expect((await stores.cases.findById(c.id))!.thread).toBeNull();

    // restarted a minute later, past the lease
    await dispatcher(stores, () => at(LEASE_PLUS)).drain();
    expect(sender.threads).toBe(1);
    expect(sender.sends).toEqual([]);
    expect(await stores.outbox.findByKey(`case:${c.id}:thread`)).toMatchObject({ status: 'sent', sentActivityId: 'act-1' });
    expect((await stores.cases.findById(c.id))!.thread).toEqual({
      conversationId: `${CHANNEL.channelId};messageid=act-1`,
      rootActivityId: 'act-1',
      serviceUrl: CHANNEL.serviceUrl,
    });
    // what the root card showed is not known after a crash: it is updated in place, not posted again
    expect(sender.updates).toEqual(['act-1']);
  });

  it('sends a direct card once when the process dies between recording the delivery and marking it sent', async () => {
    const c = makeCase();
    await stores.cases.insert(c);
    await addUser('user-1');
    await enqueue({ key: 'details', kind: 'direct_card', caseId: c.id, userId: 'user-1', payload: { view: 'case_details' } });

    await crashAt({ repo: 'outbox', method: 'recordDelivery', when: 'after' });
    expect(sender.sends).toHaveLength(1);
    // within the lease nobody takes it over
    await dispatcher(stores, () => at(30_000)).drain();
    expect(sender.sends).toHaveLength(1);

    await dispatcher(stores, () => at(LEASE_PLUS)).drain();
    expect(sender.sends).toHaveLength(1);
    expect(await stores.outbox.findByKey('details')).toMatchObject({ status: 'sent', sentActivityId: 'act-1', sentConversationId: 'a:user-1', attempts: 1 });
  });

  it('finishes a delivered message whose bookkeeping failed without sending it again or reporting it undelivered', async () => {
    const c = makeCase({ organiserId: 'organiser-1' });
    await stores.cases.insert(c);
    await addUser('user-1');
    await enqueue({ key: 'details', kind: 'direct_card', caseId: c.id, userId: 'user-1', payload: { view: 'case_details' } });
    let now = T0;
    let markSentFailed = false;
    const flakyOutbox = new Proxy(stores.outbox, {
      get(target, prop, receiver) {
        if (prop === 'markSent' && !markSentFailed) {
          return async () => {
            markSentFailed = true;
            throw new Error('store unavailable');
          };
        }
        const value = Reflect.get(target, prop, receiver) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const flaky: Stores = { ...stores, outbox: flakyOutbox };
    const d = dispatcher(flaky, () => now);
    await d.drain();
    const rescheduled = (await stores.outbox.findByKey('details'))!;
    expect(rescheduled).toMatchObject({ status: 'pending', sentActivityId: 'act-1', lastError: 'Error' });
    expect(rescheduled.deliveredAt).not.toBeNull();

    now = rescheduled.nextAttemptAt;
    await d.drain();
    expect(sender.sends).toHaveLength(1);
    expect(await stores.outbox.findByKey('details')).toMatchObject({ status: 'sent', sentActivityId: 'act-1' });
    expect(await stores.outbox.findByKey(`outbox:${rescheduled.id}:undelivered`)).toBeNull();
  });

  it('does not start a send in the last seconds of its lease: the message is claimed again and sent once', async () => {
    const c = makeCase();
    await stores.cases.insert(c);
    for (const userId of ['user-1', 'user-2', 'user-3']) {
      await addUser(userId);
      await enqueue({ key: `details-${userId}`, kind: 'direct_card', caseId: c.id, userId, payload: { view: 'case_details' } });
    }
    // a slow batch: after the claim, 50 of the lease's 60 seconds are gone
    let calls = 0;
    await dispatcher(stores, () => (calls++ === 0 ? T0 : at(50_000))).drain();
    expect(sender.sends).toEqual([]);
    expect((await stores.outbox.countByStatus()).sending).toBe(3);

    await dispatcher(stores, () => at(LEASE_PLUS)).drain();
    expect(sender.sends.map((s) => s.conversationId).sort()).toEqual(['a:user-1', 'a:user-2', 'a:user-3']);
    expect((await stores.outbox.countByStatus()).sent).toBe(3);
  });

  it('sends again when the process died before the delivery was written: the window that remains', async () => {
    const c = makeCase();
    await stores.cases.insert(c);
    await addUser('user-1');
    await enqueue({ key: 'details', kind: 'direct_card', caseId: c.id, userId: 'user-1', payload: { view: 'case_details' } });

    await crashAt({ repo: 'outbox', method: 'recordDelivery', when: 'before' });
    await dispatcher(stores, () => at(LEASE_PLUS)).drain();
    expect(sender.sends).toHaveLength(2);
    expect(await stores.outbox.findByKey('details')).toMatchObject({ status: 'sent', sentActivityId: 'act-2' });
  });

  it('updates a live thread card by the id Teams gave its post, even while that post is not marked sent', async () => {
    const c = makeCase({ thread: { conversationId: '19:cases;messageid=root', rootActivityId: 'root', serviceUrl: CHANNEL.serviceUrl } });
    await stores.cases.insert(c);
    await enqueue({ key: 'poll-card', kind: 'case_thread_card', caseId: c.id, userId: null, payload: { view: 'live' } });
    await crashAt({ repo: 'outbox', method: 'recordDelivery', when: 'after' });
    await enqueue({ key: 'poll-card:v2', kind: 'case_thread_card_update', caseId: c.id, userId: null, payload: { view: 'live', postKey: 'poll-card' } }, at(1_000));

    await dispatcher(stores, () => at(1_000)).drain();
    expect(sender.updates).toEqual(['act-1']);
    expect(await stores.outbox.findByKey('poll-card:v2')).toMatchObject({ status: 'sent', sentActivityId: 'act-1' });

    await dispatcher(stores, () => at(LEASE_PLUS)).drain();
    expect(sender.sends).toHaveLength(1);
    expect(await stores.outbox.findByKey('poll-card')).toMatchObject({ status: 'sent', sentActivityId: 'act-1' });
  });
});

describe('outbox order and timing of retries', () => {
  let dataDir: string;
  let stores: Stores;
  let sender: CountingSender;
  const logger = createLogger('silent');

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-outbox-retry-'));
    stores = await openEmbeddedStores(dataDir);
    sender = new CountingSender();
  });
  afterEach(async () => {
    await stores.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function enqueueDirectCard(userId: string, at: Date): Promise<string> {
    await stores.conversations.upsert({
      userId,
      tenantId: 'tenant-1',
      serviceUrl: 'http://127.0.0.1:1/',
      conversationId: `a:${userId}`,
      channelId: 'msteams',
      botId: '28:bot',
      botName: null,
      locale: 'en-US',
      updatedAt: at,
    });
    const c = makeCase({ requesterId: userId });
    await stores.cases.insert(c);
    await stores.outbox.enqueue({ key: `details:${userId}`, kind: 'direct_card', caseId: c.id, userId, payload: { view: 'case_details' } }, at);
    return `a:${userId}`;
  }

  it('sends a message retried after a 429 before the messages queued after it', async () => {
    let now = T0;
    const d = new OutboxDispatcher({ stores, clock: { now: () => now }, sender, logger });
    const retried = await enqueueDirectCard('first', T0);
    sender.failNext.push(throttled());
    await d.drain();
    const waiting = (await stores.outbox.findByKey('details:first'))!;
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 429' });

    // more than a batch queued after it, every one of them due before its retry time
    for (let i = 0; i < 30; i++) await enqueueDirectCard(`later-${i}`, at(1 + i));
    expect(waiting.nextAttemptAt.getTime()).toBeGreaterThan(at(30).getTime());
    now = waiting.nextAttemptAt;
    await d.drain();
    expect(sender.sends.map((s) => s.conversationId)).toEqual([retried, ...Array.from({ length: 30 }, (_, i) => `a:later-${i}`)]);
  });

  it('two dispatchers on one store send each message exactly once, through 429s and 503s', async () => {
    let now = T0;
    const clock = { now: () => now };
    // each dispatcher has its own connection to "Teams", as two bot instances would
    const senders = [new CountingSender(), new CountingSender()];
    const dispatchers = senders.map((x) => new OutboxDispatcher({ stores, clock, sender: x, logger }));
    const users = Array.from({ length: 60 }, (_, i) => `user-${i}`);
    for (const [i, user] of users.entries()) await enqueueDirectCard(user, at(i));
    const unavailable = () => Object.assign(new Error('unavailable'), { statusCode: 503 });
    senders[0]!.failNext.push(throttled(), unavailable(), throttled());
    senders[1]!.failNext.push(unavailable(), throttled());

    for (let round = 0; round < 40; round++) {
      await Promise.all(dispatchers.map((d) => d.drain()));
      const counts = await stores.outbox.countByStatus();
      if (counts.pending === 0 && counts.sending === 0) break;
      now = new Date(now.getTime() + 5_000);
    }

    const sent = senders.flatMap((x) => x.sends.map((m) => m.conversationId)).sort();
    expect(sent).toEqual(users.map((u) => `a:${u}`).sort());
    // both took part: the claims split the work instead of one waiting for the other
    expect(senders.map((x) => x.sends.length).every((n) => n > 0)).toBe(true);
    expect(await stores.outbox.countByStatus()).toMatchObject({ sent: users.length, pending: 0, sending: 0, failed: 0 });
  });

  it('wakes up when the retry is due, not only at the next interval', async () => {
    const d = new OutboxDispatcher({ stores, clock: { now: () => new Date() }, sender, logger });
    await enqueueDirectCard('first', new Date());
    sender.failNext.push(throttled());
    const started = Date.now();
    // an interval far longer than the test: only the wake-up at the due time can send it in time
    d.start(60_000);
    try {
      await waitFor('the retry', () => sender.sends.length === 1, 5_000);
      // the first retry waits 0.5 to 1 s (backoff with jitter)
      expect(Date.now() - started).toBeGreaterThanOrEqual(450);
    } finally {
      await d.stop();
    }
    expect(await stores.outbox.findByKey('details:first')).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('sends what a burst of kicks queued in a few passes, not one pass per kick', async () => {
    const d = new OutboxDispatcher({ stores, clock: { now: () => new Date() }, sender, logger });
    let passes = 0;
    const drain = d.drain.bind(d);
    d.drain = async () => {
      passes++;
      return drain();
    };
    d.start(60_000);
    try {
      await waitFor('the first pass', () => passes === 1, 2_000);
      const burstStarted = Date.now();
      // a click every 5 ms for 200 ms, each queueing a message and kicking the outbox
      for (let i = 0; i < 40; i++) {
        await enqueueDirectCard(`burst-${i}`, new Date());
        d.kick();
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      const burstMs = Date.now() - burstStarted;
      await waitFor('every message', () => sender.sends.length === 40, 5_000);
      // kicks within 25 ms share a pass: about one pass per 25 ms of the burst (one per kick before)
      expect(passes - 1).toBeLessThanOrEqual(Math.ceil(burstMs / 25) + 2);
    } finally {
      await d.stop();
    }
  });
});

describe('the dispatcher wake-up', () => {
  it('sleeps until the next due time, at most the interval and at least a few ms', () => {
    expect(computeWakeDelayMs(null, T0, 1_000)).toBe(1_000);
    expect(computeWakeDelayMs(at(250), T0, 1_000)).toBe(250);
    expect(computeWakeDelayMs(at(5_000), T0, 1_000)).toBe(1_000);
    expect(computeWakeDelayMs(at(-5_000), T0, 1_000)).toBe(MIN_WAKE_MS);
  });
});
