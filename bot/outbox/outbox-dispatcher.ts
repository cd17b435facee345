import type { Activity } from 'botbuilder';
import type { Logger } from 'pino';
import type { Case } from '../../domain/case/case';
import type { Clock, OutboxDelivery, OutboxMessage, Stores } from '../../domain/ports';
import { isMessageKey, makeTranslator, pickLanguage, translate, type Params } from '../../adaptive-cards/i18n';
import { toAttachment } from '../../adaptive-cards/render';
import { renderCaseRootCard } from '../../adaptive-cards/views/case-views';
import { findDirectView, findLoadedView, type LoadedViews } from './direct-views';
import { decideAfterFailure } from './retry-policy';
import { SendRefusedError, rootActivityIdOf, type MessageSender } from './message-sender';
import { ConversationBusyError, RateLimitedSender } from './rate-limiter';
import { recordCaseThread } from './case-thread-record';
import { computeWakeDelayMs } from './wake-delay';

const LEASE_MS = 60_000;
/** How long a kick waits for the ones that follow it (see kick). */
const KICK_DELAY_MS = 25;
const BATCH = 20;
/**
 * A send starts only with this much of its claim's lease left: a claim whose lease runs out while
 * it sends may be taken over by another dispatcher (a second bot instance), which would send the
 * message too. With less left (a slow batch), the message waits to be claimed again instead.
 */
const SEND_MARGIN_MS = 15_000;

/** What delivering one message came to. */
type Delivery = { kind: 'sent'; activityId: string | null } | { kind: 'parked' } | { kind: 'deferred'; untilMs: number };

/** A reply waits this long for its case thread to be posted first. */
const THREAD_WAIT_MS = 30_000;
/** An update of a thread card waits this long for the card being posted at that moment. */
const THREAD_CARD_WAIT_MS = 5_000;

/**
 * Sends what the outbox holds. Messages are claimed with an atomic lease, so two bot instances
 * never send the same one; the idempotency key made sure it was enqueued once.
 *
 * Sent once, across a crash: as soon as Teams answers with the new activity's id, that answer is
 * recorded on the message in one write (recordDelivery), before any other bookkeeping (the case's
 * thread, marking it sent). A message claimed again after its lease expired (the process died, or
 * bookkeeping failed) that carries a recorded delivery is finished from it, never sent again. What
 * remains is the window between Teams' answer and that one write: a crash exactly there (or a store
 * that refuses the write) sends the message again on the next claim. It cannot be closed from our
 * side, since Teams takes no idempotency key on a send.
 */
export class OutboxDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private kickTimer: NodeJS.Timeout | null = null;
  private intervalMs: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  /** Teams' answers recorded during the pass in flight, by message id (see process). */
  private readonly delivered = new Map<string, OutboxDelivery>();

  constructor(
    private readonly deps: { stores: Stores; clock: Clock; sender: MessageSender; logger: Logger; loadedViews?: LoadedViews },
  ) {
    // every send keeps to Teams' rate limits; a busy conversation comes back as ConversationBusyError
    this.deps = { ...deps, sender: new RateLimitedSender(deps.sender) };
  }

  /**
   * Runs a pass now, and after each pass sleeps until the next message falls due (at most
   * `intervalMs`): a retry waiting out Retry-After goes when it may, not at the next tick.
   */
  start(intervalMs: number): void {
    this.stopped = false;
    this.intervalMs = intervalMs;
    this.runPass();
  }

  /**
   * Asks for a pass soon: something was queued. Requests within KICK_DELAY_MS share one pass (one
   * made while a pass runs is served by a pass after it): a burst of clicks that each queue a
   * message (or find the card update they would queue already waiting) costs about a pass per
   * KICK_DELAY_MS, not one per click, and the messages still leave a few milliseconds later.
   */
  kick(): void {
    if (this.stopped || this.kickTimer) return;
    // a timer that fires during a pass asks for the next one (runPass), which then waits its turn
    this.kickTimer = setTimeout(() => {
      this.kickTimer = null;
      this.runPass();
    }, KICK_DELAY_MS);
  }

  /** Runs a pass now (or right after the one in progress). */
  private runPass(): void {
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
        } else {
          this.scheduleWake();
        }
      });
  }

  private scheduleWake(): void {
    const intervalMs = this.intervalMs;
    if (this.stopped || intervalMs === null) return;
    const { stores, clock, logger } = this.deps;
    void stores.outbox
      .nextDueAt()
      .then(
        (next) => computeWakeDelayMs(next, clock.now(), intervalMs),
        (err: unknown) => {
          logger.error({ err: errorSummary(err) }, 'outbox next due time unknown');
          return intervalMs;
        },
      )
      .then((delayMs) => {
        // a pass that started meanwhile schedules its own wake
        if (this.stopped || this.running) return;
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => {
          this.timer = null;
          this.runPass();
        }, delayMs);
        this.timer.unref();
      });
  }

  /** Resolves when no pass is in progress (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stops taking new work and waits for the batch in flight (graceful shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.kickTimer = null;
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
      const recovered = message.deliveredAt != null;
      if (!recovered && message.leaseUntil !== null && message.leaseUntil.getTime() - clock.now().getTime() < SEND_MARGIN_MS) {
        logger.info({ outbox: message.kind, id: message.id, result: 'left_for_next_claim' }, 'outbox');
        return;
      }
      const result = recovered ? await this.finishDelivered(message) : await this.deliver(message);
      if (result.kind === 'parked') {
        await stores.outbox.parkUntilChannel(message.id, clock.now());
      } else if (result.kind === 'deferred') {
        await stores.outbox.defer(message.id, new Date(clock.now().getTime() + result.untilMs), clock.now());
      } else {
        await stores.outbox.markSent(message.id, result.activityId, clock.now());
      }
      logger.info({ outbox: message.kind, id: message.id, result: result.kind, recovered, ms: Math.round(performance.now() - started) }, 'outbox');
    } catch (err) {
      if (message.deliveredAt != null || this.delivered.has(message.id)) {
        await this.retryBookkeeping(message, err);
        return;
      }
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
    } finally {
      this.delivered.delete(message.id);
    }
  }

  /**
   * Teams accepted the message: records its answer at once, in one write, so that a crash from here
   * on does not send it again. A lease that expired meanwhile (this pass took longer than the lease)
   * may already be held by another claim, which may send it too: that is logged, and the bookkeeping
   * still goes on, since recording a case thread now can still spare the other claim its post.
   */
  private async recordSent(message: OutboxMessage, delivery: OutboxDelivery): Promise<void> {
    const { stores, clock, logger } = this.deps;
    this.delivered.set(message.id, delivery);
    const held = message.leaseUntil !== null && (await stores.outbox.recordDelivery(message.id, message.leaseUntil, delivery, clock.now()));
    if (!held) logger.warn({ outbox: message.kind, id: message.id }, 'outbox lease lost before the delivery was recorded');
  }

  /**
   * A message delivered by an earlier claim that did not finish: only the bookkeeping is left.
   * A case thread's root post gets its thread recorded from the conversation Teams answered with.
   */
  private async finishDelivered(message: OutboxMessage): Promise<Delivery> {
    if (message.kind === 'case_thread_post' && message.caseId && message.sentConversationId) {
      const channel = await this.deps.stores.settings.getCasesChannel();
      const rootActivityId = message.sentActivityId ?? rootActivityIdOf(message.sentConversationId) ?? '';
      if (channel) {
        const thread = { conversationId: message.sentConversationId, rootActivityId, serviceUrl: channel.serviceUrl };
        await recordCaseThread(this.deps, message.caseId, thread, null);
      }
    }
    return { kind: 'sent', activityId: message.sentActivityId };
  }

  /**
   * The message was delivered but what follows failed: never report it undelivered; a later claim
   * finishes it from the recorded delivery. Once the retries run out it is marked sent as it is.
   */
  private async retryBookkeeping(message: OutboxMessage, err: unknown): Promise<void> {
    const { stores, clock, logger } = this.deps;
    const now = clock.now();
    const decision = decideAfterFailure(err, message.attempts, now);
    if (decision.kind === 'retry') {
      await stores.outbox.reschedule(message.id, new Date(now.getTime() + decision.delayMs), decision.reason, now);
    } else {
      const activityId = this.delivered.get(message.id)?.activityId ?? message.sentActivityId;
      await stores.outbox.markSent(message.id, activityId, now);
    }
    logger.warn({ outbox: message.kind, id: message.id, result: decision.kind, reason: decision.reason }, 'outbox bookkeeping after delivery failed');
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
    await this.recordSent(message, { activityId, conversationId: c.thread.conversationId });
    return { kind: 'sent', activityId };
  }

  /**
   * Renders a thread card again over the reply that the message keyed payload.postKey posted, by
   * the activity id Teams gave that reply. A reply not posted yet will show the latest state when it
   * is, so there is nothing to update; one being posted right now (by another instance) may show an
   * older state, so this waits, unless its delivery is recorded already: then its id is known.
   * Updates themselves record no delivery: doing one twice shows the same card, not a second message.
   */
  private async updateThreadCard(message: OutboxMessage): Promise<Delivery> {
    const { stores, sender } = this.deps;
    const postKey = message.payload.postKey;
    const post = typeof postKey === 'string' ? await stores.outbox.findByKey(postKey) : null;
    if (!post) throw new SendRefusedError('no thread card to update');
    const delivered = post.deliveredAt != null && post.sentActivityId !== null;
    if (post.status === 'sending' && !delivered) return { kind: 'deferred', untilMs: THREAD_CARD_WAIT_MS };
    if ((post.status !== 'sent' && !delivered) || !post.sentActivityId) return { kind: 'sent', activityId: null };
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
    const { stores, sender } = this.deps;
    const c = await this.loadCase(message);
    if (c.thread) return { kind: 'sent', activityId: c.thread.rootActivityId };
    const channel = await stores.settings.getCasesChannel();
    if (!channel) return { kind: 'parked' };
    const lang = pickLanguage(channel.locale);
    const card = renderCaseRootCard(makeTranslator(lang), lang, c);
    const thread = await sender.startChannelThread(channel, { type: 'message', attachments: [toAttachment(card)] });
    await this.recordSent(message, { activityId: thread.activityId, conversationId: thread.conversationId });
    const rootActivityId = thread.activityId ?? '';
    await recordCaseThread(this.deps, c.id, { conversationId: thread.conversationId, rootActivityId, serviceUrl: channel.serviceUrl }, c.version);
    return { kind: 'sent', activityId: rootActivityId || null };
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
    await this.recordSent(message, { activityId, conversationId: c.thread.conversationId });
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
      const activityId = await sender.send({ serviceUrl: ref.serviceUrl, conversationId: ref.conversationId, tenantId: ref.tenantId }, activity);
      await this.recordSent(message, { activityId, conversationId: ref.conversationId });
      return { kind: 'sent', activityId };
    }
    if (!payload.serviceUrl || !payload.teamsUserId || !payload.botId) throw new SendRefusedError('no way to reach the user');
    const chat = await sender.startPersonalChat(
      { serviceUrl: payload.serviceUrl, teamsUserId: payload.teamsUserId, tenantId: payload.tenantId ?? null, botId: payload.botId },
      activity,
    );
    await this.recordSent(message, { activityId: chat.activityId, conversationId: chat.conversationId });
    return { kind: 'sent', activityId: chat.activityId };
  }
}

function errorSummary(err: unknown): { name: string; message: string } {
  return err instanceof Error ? { name: err.name, message: err.message } : { name: 'unknown', message: String(err) };
}
