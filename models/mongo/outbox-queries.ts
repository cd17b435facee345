import { makeOutboxMessage, type NewOutboxMessage, type OutboxMessage, type OutboxStatus } from '../../domain/ports';
import type { StoredDoc } from './document-mapping';
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

/** Due messages, and messages whose sender crashed while holding them (lease expired). */
export function buildClaimFilter(now: Date) {
  return {
    $or: [
      { status: 'pending' as const, nextAttemptAt: { $lte: now } },
      { status: 'sending' as const, leaseUntil: { $lte: now } },
    ],
  };
}

export function buildClaimUpdate(now: Date, leaseMs: number) {
  return { $set: { status: 'sending' as const, leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now } };
}

/** Oldest due first, so a backlog drains in order. */
export const CLAIM_SORT = { nextAttemptAt: 1 } as const;

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
