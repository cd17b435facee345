import type { Activity } from 'botbuilder';
import type { Clock } from '../../domain/ports';
import type { ConversationTarget, MessageSender } from './message-sender';
import { readStatusCode } from './retry-policy';

/**
 * Teams' rate limits for proactive messages, kept on our side so that the outbox waits instead of
 * collecting 429s. OutboxRateLimiter is pure and time-injected: every question carries `now`,
 * nothing in it reads a clock or starts a timer, so the tests pin time. RateLimitedSender (at the
 * end) applies it to the outbox's MessageSender and decides which clock counts.
 *
 * Each limit is a sliding window: at most `limit` requests in any `windowMs`. A request at `now`
 * is counted against the window (now - windowMs, now]; the fake connector of the benchmark counts
 * the same way, so "send now" here never turns into a 429 there.
 */

export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface RateLimits {
  /** Per conversation (a 1:1 chat, a channel, or one thread of a channel). */
  perConversation: readonly RateWindow[];
  /** Per app and tenant, over every conversation. */
  perTenant: readonly RateWindow[];
}

/**
 * Teams' documented limits for sending to a conversation, per bot per thread, and the global limit
 * per app per tenant. 8 per 2 s is in Teams' table too; keeping it costs nothing and keeps us clear
 * of a 429 that the other windows would allow.
 */
export const TEAMS_RATE_LIMITS: RateLimits = {
  perConversation: [
    { limit: 7, windowMs: 1_000 },
    { limit: 8, windowMs: 2_000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1_800, windowMs: 3_600_000 },
  ],
  perTenant: [{ limit: 50, windowMs: 1_000 }],
};

/** Where a request goes, as far as the limits care. */
export interface RateTarget {
  conversationId: string;
  tenantId: string | null;
}

/**
 * `wait` says until when, and which limit is the reason: a busy conversation only holds back its
 * own messages, a busy tenant holds back everything.
 */
export type SendDecision = { kind: 'send' } | { kind: 'wait'; until: Date; scope: 'conversation' | 'tenant' };

/** How many records between two sweeps of keys nobody has sent to for longer than every window. */
const SWEEP_EVERY = 1_000;

export class OutboxRateLimiter {
  /** Send times per key, ascending, in ms; never older than the key's longest window. */
  private readonly sent = new Map<string, number[]>();
  private recordsSinceSweep = 0;

  constructor(private readonly limits: RateLimits = TEAMS_RATE_LIMITS) {
    for (const w of [...limits.perConversation, ...limits.perTenant]) {
      if (!(Number.isInteger(w.limit) && w.limit >= 1 && w.windowMs > 0)) throw new Error(`invalid rate window ${JSON.stringify(w)}`);
    }
  }

  /** May a request to `target` go at `now`, or from when on? */
  decide(target: RateTarget, now: Date): SendDecision {
    const at = now.getTime();
    const conversationFree = earliestFreeAt(this.sent.get(conversationKey(target)), this.limits.perConversation, at);
    const tenantFree = earliestFreeAt(this.sent.get(tenantKey(target)), this.limits.perTenant, at);
    if (conversationFree <= at && tenantFree <= at) return { kind: 'send' };
    return conversationFree >= tenantFree
      ? { kind: 'wait', until: new Date(conversationFree), scope: 'conversation' }
      : { kind: 'wait', until: new Date(tenantFree), scope: 'tenant' };
  }

  /** Counts `requests` requests to `target` made at `at` (a new 1:1 chat takes two: create, then send). */
  recordSend(target: RateTarget, at: Date, requests = 1): void {
    const t = at.getTime();
    for (let i = 0; i < requests; i++) {
      insertSorted(this.keyTimes(conversationKey(target)), t);
      insertSorted(this.keyTimes(tenantKey(target)), t);
    }
    this.forgetOld(conversationKey(target), this.limits.perConversation, t);
    this.forgetOld(tenantKey(target), this.limits.perTenant, t);
    if (++this.recordsSinceSweep >= SWEEP_EVERY) this.sweep(t);
  }

  /** How many keys are remembered (so a test can see that idle conversations are forgotten). */
  trackedKeys(): number {
    return this.sent.size;
  }

  private keyTimes(key: string): number[] {
    let times = this.sent.get(key);
    if (!times) this.sent.set(key, (times = []));
    return times;
  }

  private forgetOld(key: string, windows: readonly RateWindow[], now: number): void {
    const times = this.sent.get(key);
    if (!times) return;
    const horizon = now - longestWindow(windows);
    const keep = firstAfter(times, horizon);
    if (keep > 0) times.splice(0, keep);
    if (times.length === 0) this.sent.delete(key);
  }

  /** Conversations written to once and never again must not stay in memory for ever. */
  private sweep(now: number): void {
    this.recordsSinceSweep = 0;
    for (const key of [...this.sent.keys()]) {
      this.forgetOld(key, key.startsWith('t:') ? this.limits.perTenant : this.limits.perConversation, now);
    }
  }
}

const conversationKey = (t: RateTarget) => `c:${t.conversationId}`;
const tenantKey = (t: RateTarget) => `t:${t.tenantId ?? ''}`;
const longestWindow = (windows: readonly RateWindow[]) => Math.max(0, ...windows.map((w) => w.windowMs));

/**
 * The first instant at or after `now` when one more request fits every window: for a window that
 * already holds `limit` requests, the moment the oldest one that has to leave it is `windowMs` old.
 */
function earliestFreeAt(times: readonly number[] | undefined, windows: readonly RateWindow[], now: number): number {
  let free = now;
  if (!times || times.length === 0) return free;
  for (const w of windows) {
    const inWindow = times.length - firstAfter(times, now - w.windowMs);
    if (inWindow >= w.limit) free = Math.max(free, times[times.length - w.limit]! + w.windowMs);
  }
  return free;
}

/** Index of the first time strictly after `t` (binary search; `times` is ascending). */
function firstAfter(times: readonly number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Sends are recorded in time order almost always; a late one is still put in its place. */
function insertSorted(times: number[], t: number): void {
  if (times.length === 0 || times[times.length - 1]! <= t) times.push(t);
  else times.splice(firstAfter(times, t), 0, t);
}

/** The message's conversation is at one of its limits; it may go in `waitMs`. Not a failure. */
export class ConversationBusyError extends Error {
  constructor(readonly waitMs: number) {
    super('conversation at its Teams rate limit');
    this.name = 'ConversationBusyError';
  }
}

const systemClock: Clock = { now: () => new Date() };
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The outbox's sender, within Teams' limits. Each call names its conversation: a thread post goes
 * to the cases channel, a card update or reply to the case thread, a direct message to the user's
 * chat (a chat not opened yet is known by the user's Teams id, and costs two requests).
 *
 * - A busy conversation throws ConversationBusyError before anything is sent: the dispatcher
 *   stores the message back as due in `waitMs`, without counting an attempt, and other
 *   conversations go on.
 * - A busy tenant holds back every send alike, so the call waits in place (under a second):
 *   deferring would only rewrite every queued message to the same instant.
 * - A request answered 429 was not taken by Teams, so it does not count; any other outcome might
 *   have been, so it does.
 *
 * The clock is real time, not the business clock: Teams counts real seconds, and tests freeze the
 * business clock.
 */
export class RateLimitedSender implements MessageSender {
  constructor(
    private readonly inner: MessageSender,
    private readonly limiter: OutboxRateLimiter = new OutboxRateLimiter(),
    private readonly clock: Clock = systemClock,
  ) {}

  send(target: ConversationTarget, activity: Partial<Activity>): Promise<string | null> {
    return this.withinLimits(target, 1, () => this.inner.send(target, activity));
  }

  update(target: ConversationTarget, activityId: string, activity: Partial<Activity>): Promise<void> {
    return this.withinLimits(target, 1, () => this.inner.update(target, activityId, activity));
  }

  startChannelThread(
    channel: { serviceUrl: string; channelId: string; tenantId: string | null },
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string | null }> {
    const target = { conversationId: channel.channelId, tenantId: channel.tenantId };
    return this.withinLimits(target, 1, () => this.inner.startChannelThread(channel, activity));
  }

  startPersonalChat(
    user: { serviceUrl: string; teamsUserId: string; tenantId: string | null; botId: string },
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string | null }> {
    const target = { conversationId: `user:${user.teamsUserId}`, tenantId: user.tenantId };
    return this.withinLimits(target, 2, () => this.inner.startPersonalChat(user, activity));
  }

  private async withinLimits<T>(target: RateTarget, requests: number, call: () => Promise<T>): Promise<T> {
    for (;;) {
      const now = this.clock.now();
      const decision = this.limiter.decide(target, now);
      if (decision.kind === 'send') break;
      const waitMs = Math.max(1, decision.until.getTime() - now.getTime());
      if (decision.scope === 'conversation') throw new ConversationBusyError(waitMs);
      await sleep(waitMs);
    }
    try {
      const result = await call();
      // counted when the answer is back: later than Teams counted it, so never too early
      this.limiter.recordSend(target, this.clock.now(), requests);
      return result;
    } catch (err) {
      if (readStatusCode(err) !== 429) this.limiter.recordSend(target, this.clock.now(), requests);
      throw err;
    }
  }
}
