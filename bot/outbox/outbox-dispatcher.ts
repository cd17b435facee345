import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { Case } from '../../domain/case/case';
import type { Clock, OutboxMessage, Stores } from '../../domain/ports';
import { isMessageKey, makeTranslator, pickLanguage, translate, type Params } from '../../adaptive-cards/i18n';
import { toAttachment } from '../../adaptive-cards/render';
import { renderCaseRootCard } from '../../adaptive-cards/views/case-views';
import { findDirectView, findLoadedView, type LoadedViews } from './direct-views';
import { decideAfterFailure } from './retry-policy';
import { SendRefusedError, type MessageSender } from './message-sender';
import { ConversationBusyError, RateLimitedSender } from './rate-limiter';

const LEASE_MS = 60_000;
const BATCH = 20;

/** What delivering one message came to. */
type Delivery = { kind: 'sent'; activityId: string | null } | { kind: 'parked' } | { kind: 'deferred'; untilMs: number };

/** A reply waits this long for its case thread to be posted first. */
const THREAD_WAIT_MS = 30_000;
/** An update of a thread card waits this long for the card being posted at that moment. */
const THREAD_CARD_WAIT_MS = 5_000;

/**
 * Sends what the outbox holds. Messages are claimed with an atomic lease, so two bot instances
 * never send the same one; a message is marked sent only after Teams accepted it, and the
 * idempotency key made sure it was enqueued once.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly deps: { stores: Stores; clock: Clock; sender: MessageSender; logger: Logger; loadedViews?: LoadedViews },
  ) {
    // every send keeps to Teams' rate limits; a busy conversation comes back as ConversationBusyError
    this.deps = { ...deps, sender: new RateLimitedSender(deps.sender) };
  }

  start(intervalMs: number): void {
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs a pass now (or right after the one in progress). */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .then(() => undefined)
      .catch((err: unknown) => this.deps.logger.error({ err: errorSummary(err) }, 'outbox pass failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no pass is in progress (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking new work and waits for the batch in flight (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass: claims and sends until nothing is due. Returns how many messages it handled. */
  async drain(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await this.deps.stores.outbox.claimDue(this.deps.clock.now(), LEASE_MS, BATCH);
      if (batch.length === 0) break;
      for (const message of batch) {
        await this.process(message);
        handled++;
      }
      if (this.stopped) break;
    }
    return handled;
  }

  private async process(message: OutboxMessage): Promise<void> {
    const { stores, clock, logger } = this.deps;
    const started = performance.now();
    try {
      const result = await this.deliver(message);
      if (result.kind === 'parked') {
        await stores.outbox.parkUntilChannel(message.id, clock.now());
      } else if (result.kind === 'deferred') {
        await stores.outbox.defer(message.id, new Date(clock.now().getTime() + result.untilMs), clock.now());
      } else {
        await stores.outbox.markSent(message.id, result.activityId, clock.now());
      }
      logger.info({ outbox: message.kind, id: message.id, result: result.kind, ms: Math.round(performance.now() - started) }, 'outbox');
    } catch (err) {
      if (err instanceof ConversationBusyError) {
        // not a failure: nothing was sent, the message goes when its conversation may take it
        await stores.outbox.defer(message.id, new Date(clock.now().getTime() + err.waitMs), clock.now());
        logger.info({ outbox: message.kind, id: message.id, result: 'deferred', waitMs: err.waitMs }, 'outbox');
        return;
      }
      const now = clock.now();
      const decision = err instanceof SendRefusedError ? { kind: 'fail' as const, reason: err.reason } : decideAfterFailure(err, message.attempts, now);
      if (decision.kind === 'retry') {
        await stores.outbox.reschedule(message.id, new Date(now.getTime() + decision.delayMs), decision.reason, now);
      } else {
        await stores.outbox.markFailed(message.id, decision.reason, now);
        await this.reportUndelivered(message, decision.reason, now);
      }
      logger.warn({ outbox: message.kind, id: message.id, result: decision.kind, reason: decision.reason }, 'outbox send failed');
    }
  }

  private async deliver(message: OutboxMessage): Promise<Delivery> {
    switch (message.kind) {
      case 'case_thread_post':
        return this.postCaseThread(message);
      case 'case_thread_refresh':
        return this.refreshCaseThread(message);
      case 'case_thread_reply':
        return this.replyInCaseThread(message);
      case 'direct_card':
        return this.sendDirectCard(message);
      case 'case_thread_card':
        return this.postThreadCard(message);
      case 'case_thread_card_update':
        return this.updateThreadCard(message);
    }
  }

  /** A card of a loaded view, in the case thread's language (the channel's). */
  private async renderThreadCard(message: OutboxMessage, c: Case) {
    const view = findLoadedView(this.deps.loadedViews, message.payload.view);
    if (!view) throw new SendRefusedError('unknown thread card');
    const channel = await this.deps.stores.settings.getCasesChannel();
    const lang = pickLanguage(channel?.locale ?? c.locale);
    return view({ t: makeTranslator(lang), lang, c, payload: message.payload, userId: null, now: this.deps.clock.now() });
  }

  /** A card replied in the case thread (a poll's live summary, news of the meeting). */
  private async postThreadCard(message: OutboxMessage): Promise<Delivery> {
    const { stores, sender } = this.deps;
    const c = await this.loadCase(message);
    if (!c.thread) {
      // the root post comes first; without a channel the card waits with it
      return (await stores.settings.getCasesChannel()) ? { kind: 'deferred', untilMs: THREAD_WAIT_MS } : { kind: 'parked' };
    }
    const card = await this.renderThreadCard(message, c);
    const activityId = await sender.send(
      { serviceUrl: c.thread.serviceUrl, conversationId: c.thread.conversationId, tenantId: c.tenantId },
      { type: 'message', attachments: [toAttachment(card)] },
    );
    return { kind: 'sent', activityId };
  }

  /**
   * Renders a thread card again over the reply that the message keyed payload.postKey posted. A
   * reply not posted yet will show the latest state when it is, so there is nothing to update;
   * one being posted right now (by another instance) may show an older state, so this waits.
   */
  private async updateThreadCard(message: OutboxMessage): Promise<Delivery> {
    const { stores, sender } = this.deps;
    const postKey = message.payload.postKey;
    const post = typeof postKey === 'string' ? await stores.outbox.findByKey(postKey) : null;
    if (!post) throw new SendRefusedError('no thread card to update');
    if (post.status === 'sending') return { kind: 'deferred', untilMs: THREAD_CARD_WAIT_MS };
    if (post.status !== 'sent' || !post.sentActivityId) return { kind: 'sent', activityId: null };
    const c = await this.loadCase(message);
    if (!c.thread) return { kind: 'sent', activityId: null };
    const card = await this.renderThreadCard(message, c);
    await sender.update(
      { serviceUrl: c.thread.serviceUrl, conversationId: c.thread.conversationId, tenantId: c.tenantId },
      post.sentActivityId,
      { type: 'message', attachments: [toAttachment(card)] },
    );
    return { kind: 'sent', activityId: post.sentActivityId };
  }

  private async loadCase(message: OutboxMessage): Promise<Case> {
    const c = message.caseId ? await this.deps.stores.cases.findById(message.caseId) : null;
    if (!c) throw new SendRefusedError('case no longer exists');
    return c;
  }

  private async postCaseThread(message: OutboxMessage): Promise<Delivery> {
    const { stores, sender, clock } = this.deps;
    let c = await this.loadCase(message);
    if (c.thread) return { kind: 'sent', activityId: c.thread.rootActivityId };
    const channel = await stores.settings.getCasesChannel();
    if (!channel) return { kind: 'parked' };
    const lang = pickLanguage(channel.locale);
    const posted = c;
    const card = renderCaseRootCard(makeTranslator(lang), lang, posted);
    const thread = await sender.startChannelThread(channel, { type: 'message', attachments: [toAttachment(card)] });
    const rootActivityId = thread.activityId ?? '';
    // the case may change while we post: retry the compare-and-set on the latest version
    for (let tries = 0; tries < 5; tries++) {
      const updated: Case = {
        ...c,
        thread: { conversationId: thread.conversationId, rootActivityId, serviceUrl: channel.serviceUrl },
        version: c.version + 1,
      };
      if (await stores.cases.replaceIfVersion(updated, c.version)) {
        if (c.version !== posted.version) {
          // what was posted is already out of date: bring the root card up to date
          await stores.outbox.enqueue(
            { key: `case:${c.id}:refresh:v${updated.version}`, kind: 'case_thread_refresh', caseId: c.id, userId: null, payload: {} },
            clock.now(),
          );
        }
        return { kind: 'sent', activityId: rootActivityId || null };
      }
      c = await this.loadCase(message);
    }
    throw new Error('could not record the case thread');
  }

  private async refreshCaseThread(message: OutboxMessage): Promise<Delivery> {
    const { stores, sender } = this.deps;
    const c = await this.loadCase(message);
    // not posted yet: the root post will show the current state
    if (!c.thread || !c.thread.rootActivityId) return { kind: 'sent', activityId: null };
    const channel = await stores.settings.getCasesChannel();
    const lang = pickLanguage(channel?.locale ?? c.locale);
    const card = renderCaseRootCard(makeTranslator(lang), lang, c);
    await sender.update(
      { serviceUrl: c.thread.serviceUrl, conversationId: c.thread.conversationId, tenantId: c.tenantId },
      c.thread.rootActivityId,
      { type: 'message', attachments: [toAttachment(card)] },
    );
    return { kind: 'sent', activityId: c.thread.rootActivityId };
  }

  /** A short notice in the case's thread, in the channel's language (never personal details). */
  private async replyInCaseThread(message: OutboxMessage): Promise<Delivery> {
    const { stores, sender } = this.deps;
    const c = await this.loadCase(message);
    if (!c.thread) {
      // the root post comes first; without a channel the reply waits with it
      return (await stores.settings.getCasesChannel()) ? { kind: 'deferred', untilMs: THREAD_WAIT_MS } : { kind: 'parked' };
    }
    const { key, params } = message.payload as { key?: unknown; params?: unknown };
    if (typeof key !== 'string' || !isMessageKey(key)) throw new SendRefusedError('unknown thread notice');
    const channel = await stores.settings.getCasesChannel();
    const text = translate(pickLanguage(channel?.locale ?? c.locale), key, (params ?? {}) as Params);
    const activityId = await sender.send(
      { serviceUrl: c.thread.serviceUrl, conversationId: c.thread.conversationId, tenantId: c.tenantId },
      { type: 'message', text },
    );
    return { kind: 'sent', activityId };
  }

  /**
   * A message that can never be delivered (the bot was removed or blocked, the user left) is
   * reported to the case's organiser, never dropped silently. A report that fails is not reported.
   */
  private async reportUndelivered(message: OutboxMessage, reason: string, now: Date): Promise<void> {
    const { stores } = this.deps;
    if (!message.caseId || message.payload.view === 'delivery_failed') return;
    const c = await stores.cases.findById(message.caseId);
    if (!c?.organiserId || c.organiserId === message.userId) return;
    const channel = await stores.settings.getCasesChannel();
    const p = message.payload as { serviceUrl?: string; botId?: string; tenantId?: string | null };
    await stores.outbox.enqueue(
      {
        key: `outbox:${message.id}:undelivered`,
        kind: 'direct_card',
        caseId: c.id,
        userId: c.organiserId,
        payload: {
          view: 'delivery_failed',
          recipientId: message.userId,
          reason,
          teamsUserId: c.organiserId,
          serviceUrl: p.serviceUrl ?? channel?.serviceUrl ?? null,
          botId: p.botId ?? channel?.botId ?? null,
          tenantId: p.tenantId ?? c.tenantId,
        },
      },
      now,
    );
  }

  private async sendDirectCard(message: OutboxMessage): Promise<Delivery> {
    const { stores, sender } = this.deps;
    const payload = message.payload as {
      view?: string;
      locale?: string;
      teamsUserId?: string;
      tenantId?: string | null;
      serviceUrl?: string;
      botId?: string;
    };
    const view = findDirectView(payload.view);
    const loaded = view ? null : findLoadedView(this.deps.loadedViews, payload.view);
    if ((!view && !loaded) || !message.userId) throw new SendRefusedError('unknown direct card');
    const c = await this.loadCase(message);
    const ref = await stores.conversations.findByUser(message.userId);
    const lang = pickLanguage(ref?.locale ?? payload.locale);
    const t = makeTranslator(lang);
    const card = view ? view(t, lang, c, message.payload) : await loaded!({ t, lang, c, payload: message.payload, userId: message.userId, now: this.deps.clock.now() });
    const activity: Partial<Activity> = { type: 'message', attachments: [toAttachment(card)] };
    if (ref) {
      return { kind: 'sent', activityId: await sender.send({ serviceUrl: ref.serviceUrl, conversationId: ref.conversationId, tenantId: ref.tenantId }, activity) };
    }
    if (!payload.serviceUrl || !payload.teamsUserId || !payload.botId) throw new SendRefusedError('no way to reach the user');
    const chat = await sender.startPersonalChat(
      { serviceUrl: payload.serviceUrl, teamsUserId: payload.teamsUserId, tenantId: payload.tenantId ?? null, botId: payload.botId },
      activity,
    );
    return { kind: 'sent', activityId: chat.activityId };
  }
}

function errorSummary(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'unknown', message: String(err) };
}
