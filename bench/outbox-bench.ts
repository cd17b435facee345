import { loadConfig } from '../config/config';
import { createAdapter } from '../bot/adapter';
import { createLogger } from '../bot/logger';
import { OutboxDispatcher } from '../bot/outbox/outbox-dispatcher';
import { TeamsMessageSender } from '../bot/outbox/message-sender';
import { openEmbeddedStores } from '../models/embedded/open-embedded-stores';
import type { Stores } from '../domain/ports';
import { checkTarget, percentile, round, type BenchResult } from './bench-result';
import { insertCases } from './case-fixtures';
import { makeTempDir } from './temp-dir';
import { TEAMS_LIKE_LIMITS, ThrottlingConnector } from './throttling-connector';

const MESSAGES = 2_000;
const CONVERSATIONS = 200;
const TENANT = 'bench-tenant';
/** Enough for 2,000 messages at 50/s (40 s) plus retries; past it the run counts what is left as lost. */
const GIVE_UP_MS = 150_000;

const userOf = (conversation: number) => `bench-user-${conversation}`;
const conversationOf = (conversation: number) => `a:bench-chat-${conversation}`;

/**
 * 2,000 case-details cards to 200 users' chats through the real OutboxRepository, OutboxDispatcher
 * and TeamsMessageSender (botbuilder's CloudAdapter) against a connector that enforces Teams'
 * limits and throttles 10 % of requests at random. Each user's 10 messages are queued one after
 * another, so the per-conversation limit (7 per second) is met head-on, not avoided by the order.
 */
export async function runOutboxBench(): Promise<BenchResult> {
  const started = performance.now();
  const connector = new ThrottlingConnector(identifyMessage);
  await connector.start();
  const temp = makeTempDir('outbox');
  const stores = await openEmbeddedStores(temp.dir);
  try {
    await enqueueMessages(stores, connector.url);
    const config = loadConfig({ DATA_DIR: temp.dir, LOG_LEVEL: 'silent' });
    // BENCH_LOG_LEVEL=info shows the dispatcher's line per message, to see where a slow run went
    const logger = createLogger(process.env.BENCH_LOG_LEVEL ?? 'silent');
    const sender = new TeamsMessageSender(createAdapter(config, logger), '', true);
    const dispatcher = new OutboxDispatcher({ stores, clock: { now: () => new Date() }, sender, logger });

    const t0 = performance.now();
    // the production interval (OUTBOX_INTERVAL_MS default): retries wake up as they would in service
    dispatcher.start(config.outboxIntervalMs);
    const finished = await waitUntilDone(stores, t0);
    await dispatcher.stop();
    const counts = await stores.outbox.countByStatus();

    const delivered = connector.delivered.size;
    const lost = MESSAGES - delivered;
    const duplicates = connector.duplicates();
    const allowedRate = TEAMS_LIKE_LIMITS.perApp[0]!.limit;
    // busy: until every message had had its first try; after that only retries wait out Retry-After
    const busyEnd = Math.max(...connector.firstTriedAt.values());
    const busySeconds = (busyEnd - t0) / 1000;
    const sustainedRate = connector.acceptedAt.filter((t) => t <= busyEnd).length / busySeconds;
    const endSeconds = ((connector.acceptedAt.at(-1) ?? performance.now()) - t0) / 1000;
    const endToEndRate = delivered / endSeconds;
    const sustainedShare = round((100 * sustainedRate) / allowedRate, 1);
    // from a message's first try to its delivery: 0 unless Teams answered 429 and it waited
    const lags = [...connector.deliveredAt].map(([name, at]) => at - connector.firstTriedAt.get(name)!);
    return {
      name: 'outbox',
      title: `Outbox: ${MESSAGES} messages to ${CONVERSATIONS} conversations within Teams' limits`,
      status: 'measured',
      figures: {
        sender: 'real TeamsMessageSender (botbuilder CloudAdapter) over HTTP to the throttling fake connector',
        messages: MESSAGES,
        conversations: CONVERSATIONS,
        delivered,
        lost,
        duplicates,
        allowed_rate_per_s: allowedRate,
        busy_s: round(busySeconds),
        sustained_rate_per_s: round(sustainedRate),
        sustained_share_of_allowed_pct: sustainedShare,
        all_delivered_after_s: round(endSeconds),
        floor_s: MESSAGES / allowedRate,
        retry_lag_p50_ms: round(percentile(lags, 50), 0),
        retry_lag_p99_ms: round(percentile(lags, 99), 0),
        end_to_end_rate_per_s: round(endToEndRate),
        end_to_end_share_of_allowed_pct: round((100 * endToEndRate) / allowedRate, 1),
        connector_requests: connector.requests,
        randomly_throttled_429: connector.randomlyThrottled,
        over_limit_429: connector.overLimit,
        outbox_sent: counts.sent,
        outbox_failed: counts.failed,
        outbox_left: counts.pending + counts.sending + counts.waiting_channel,
        finished_before_timeout: finished ? 'yes' : 'no',
      },
      targets: [
        checkTarget('sustained rate, share of the allowed 50/s', sustainedShare, '>=', 95, '%'),
        checkTarget('messages lost', lost, '==', 0, 'messages'),
        checkTarget('messages delivered twice', duplicates, '==', 0, 'messages'),
        checkTarget('requests over a Teams limit (limiter misses)', connector.overLimit, '==', 0, 'requests'),
      ],
      notes: [
        'Sustained rate = requests the connector accepted from the dispatcher\'s start until every message had had its first try, divided by that time. ' +
          'After that point only messages answered 429 are left, waiting out Retry-After and the retry backoff; "all_delivered_after_s" and the end-to-end rate include that tail ' +
          `(floor ${MESSAGES / allowedRate} s at 50/s).`,
        'Retry lag = time from a message\'s first request to its accepted one (0 for most; a message answered 429 waits out Retry-After and the backoff). ' +
          'Due messages are claimed oldest first, so a retry goes as soon as it is due instead of behind the untried backlog.',
        'The connector counts accepted requests in sliding windows (7/1 s and 60/30 s per conversation, 50/1 s per app) and answers anything over them 429; "over_limit_429" counts those, i.e. the limiter\'s misses.',
        `It also answers ${TEAMS_LIKE_LIMITS.randomThrottleShare * 100} % of the requests within the limits 429 with Retry-After: ${TEAMS_LIKE_LIMITS.retryAfterSeconds} (seeded), which the outbox retries with its backoff; the dispatcher wakes when the next message falls due, at most its production interval (1 s) apart.`,
      ],
      durationMs: performance.now() - started,
    };
  } finally {
    await stores.close();
    await connector.stop();
    temp.remove();
  }
}

/** Names a delivered message by its chat and the case reference on its card. */
function identifyMessage(conversationId: string, body: unknown): string {
  const reference = /MKO-\d{4}-\d+/.exec(JSON.stringify(body))?.[0] ?? 'no-reference';
  return `${conversationId}|${reference}`;
}

async function enqueueMessages(stores: Stores, serviceUrl: string): Promise<void> {
  const perConversation = MESSAGES / CONVERSATIONS;
  const cases = await insertCases(stores, MESSAGES, (k) => userOf(Math.floor(k / perConversation)));
  const created = new Date(Date.now() - 60_000);
  for (let i = 0; i < CONVERSATIONS; i++) {
    await stores.conversations.upsert({
      userId: userOf(i),
      tenantId: TENANT,
      serviceUrl,
      conversationId: conversationOf(i),
      channelId: 'msteams',
      botId: '28:mko-bot',
      botName: 'MKO',
      locale: 'en-US',
      updatedAt: created,
    });
  }
  for (let k = 0; k < MESSAGES; k++) {
    const c = cases[k]!;
    await stores.outbox.enqueue(
      { key: `bench:${c.id}:details`, kind: 'direct_card', caseId: c.id, userId: c.requesterId, payload: { view: 'case_details', locale: 'en-US' } },
      // queued in order, each user's ten in a row
      new Date(created.getTime() + k),
    );
  }
}

/** Polls the outbox until nothing is left to send (or gives up); true when it emptied. */
async function waitUntilDone(stores: Stores, t0: number): Promise<boolean> {
  while (performance.now() - t0 < GIVE_UP_MS) {
    await new Promise((r) => setTimeout(r, 500));
    const c = await stores.outbox.countByStatus();
    if (c.pending + c.sending + c.waiting_channel === 0) return true;
  }
  return false;
}
