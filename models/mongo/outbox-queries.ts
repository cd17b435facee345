import { makeOutboxMessage, type NewOutboxMessage, type OutboxDelivery, type OutboxMessage, type OutboxStatus } from '../../domain/ports';
import { fromStoredDoc, type StoredDoc } from './document-mapping';
import { ERROR_MAX } from './schema-fields';

/**
 * The outbox's filters and update documents, kept pure so that what a dispatcher claims and how a
 * message moves between statuses can be checked without a server.
 */

export type OutboxDoc = StoredDoc<OutboxMessage>;

/** Every status with a zero count; `satisfies` makes a new OutboxStatus a compile error here. */
const ZERO_COUNTS = {
  pending: 0,
  sending: 0,
  waiting_channel: 0,
  sent: 0,
  failed: 0,
} as const satisfies Record<OutboxStatus, 0>;

export const OUTBOX_STATUSES = Object.keys(ZERO_COUNTS) as OutboxStatus[];

export function buildNewOutboxDoc(message: NewOutboxMessage, id: string, now: Date): OutboxDoc {
  const { id: _id, ...rest } = makeOutboxMessage(message, id, now);
  return { _id, ...rest };
}

/** A stored message as the domain reads it; one stored before a field existed reads it as null. */
export function readOutboxDoc(doc: OutboxDoc): OutboxMessage {
  const message = fromStoredDoc<OutboxMessage>(doc);
  return { ...message, sentConversationId: message.sentConversationId ?? null, deliveredAt: message.deliveredAt ?? null, coalesce: message.coalesce ?? null };
}

/** Due messages, and messages whose sender crashed while holding them (lease expired). */
export function buildClaimFilter(now: Date) {
  return {
    $or: [
      { status: 'pending' as const, nextAttemptAt: { $lte: now } },
      { status: 'sending' as const, leaseUntil: { $lte: now } },
    ],
  };
}

/** One candidate, only while it is still due: the compare-and-set that one claimer wins. */
export function buildClaimOneFilter(id: string, now: Date) {
  return { _id: id, ...buildClaimFilter(now) };
}

export function buildClaimUpdate(now: Date, leaseMs: number) {
  return { $set: { status: 'sending' as const, leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now } };
}

/**
 * Oldest created first among the due ones, so a retried message is not sent after everything
 * queued since. The filter's two branches are served by the indexes on (status, nextAttemptAt) and
 * (status, leaseUntil), and the sort runs on the due messages only (a top-k sort under the limit).
 * There is deliberately no index on createdAt: the planner could pick it for the sort and walk
 * every message ever stored.
 */
export const CLAIM_SORT = { createdAt: 1, _id: 1 } as const;

/** Only the ids of the candidates; each is then claimed by its own compare-and-set. */
export const CLAIM_CANDIDATE_PROJECTION = { _id: 1 } as const;

/** Still held by the claim that sent it: a lease that expired and was claimed again does not match. */
export function buildRecordDeliveryFilter(id: string, leaseUntil: Date) {
  return { _id: id, status: 'sending' as const, leaseUntil };
}

export function buildRecordDeliveryUpdate(delivery: OutboxDelivery, now: Date) {
  return {
    $set: { sentActivityId: delivery.activityId, sentConversationId: delivery.conversationId, deliveredAt: now, updatedAt: now },
  };
}

/** The earliest pending and the earliest lease, each read from the head of its index. */
export const NEXT_PENDING_QUERY = {
  filter: { status: 'pending' as const },
  projection: { nextAttemptAt: 1 },
  sort: { nextAttemptAt: 1 },
} as const;
export const NEXT_LEASE_END_QUERY = {
  filter: { status: 'sending' as const, leaseUntil: { $type: 'date' as const } },
  projection: { leaseUntil: 1 },
  sort: { leaseUntil: 1 },
} as const;

/** The earlier of the two, or null when nothing waits. */
export function pickNextDue(pending: { nextAttemptAt?: Date } | null, sending: { leaseUntil?: Date | null } | null): Date | null {
  const times = [pending?.nextAttemptAt, sending?.leaseUntil].filter((t): t is Date => t instanceof Date);
  return times.length === 0 ? null : new Date(Math.min(...times.map((t) => t.getTime())));
}

// `attempts` counts every send tried, whatever came of it, so sent and failed count one too.

export function buildSentUpdate(sentActivityId: string | null, now: Date) {
  return {
    $set: { status: 'sent' as const, sentActivityId, leaseUntil: null, updatedAt: now },
    $inc: { attempts: 1 },
  };
}

export function buildRescheduleUpdate(nextAttemptAt: Date, error: string, now: Date) {
  return {
    $set: {
      status: 'pending' as const,
      nextAttemptAt,
      lastError: truncateError(error),
      leaseUntil: null,
      updatedAt: now,
    },
    $inc: { attempts: 1 },
  };
}

/** Waiting on something else (not a failure): pending again later, no attempt counted. */
export function buildDeferUpdate(until: Date, now: Date) {
  return { $set: { status: 'pending' as const, nextAttemptAt: until, leaseUntil: null, updatedAt: now } };
}

export function buildParkUpdate(now: Date) {
  return { $set: { status: 'waiting_channel' as const, leaseUntil: null, updatedAt: now } };
}

export function buildReleaseFilter() {
  return { status: 'waiting_channel' as const };
}

export function buildReleaseUpdate(now: Date) {
  return { $set: { status: 'pending' as const, nextAttemptAt: now, updatedAt: now } };
}

export function buildFailUpdate(error: string, now: Date) {
  return {
    $set: { status: 'failed' as const, lastError: truncateError(error), leaseUntil: null, updatedAt: now },
    $inc: { attempts: 1 },
  };
}

/** Turns `$group` rows into a count for every status, 0 for the ones that have no message. */
export function toStatusCounts(rows: readonly { _id: unknown; count: number }[]): Record<OutboxStatus, number> {
  const counts: Record<OutboxStatus, number> = { ...ZERO_COUNTS };
  for (const row of rows) {
    if (isOutboxStatus(row._id)) counts[row._id] = row.count;
  }
  return counts;
}

function isOutboxStatus(value: unknown): value is OutboxStatus {
  return typeof value === 'string' && (OUTBOX_STATUSES as string[]).includes(value);
}

/** A remote error body can be any length; the schema bounds lastError, so cut it here. */
function truncateError(error: string): string {
  return error.length > ERROR_MAX ? error.slice(0, ERROR_MAX) : error;
}
