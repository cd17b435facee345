import { randomUUID } from 'node:crypto';
import {
  COALESCING_STATUSES,
  makeOutboxMessage,
  type NewOutboxMessage,
  type OutboxDelivery,
  type OutboxMessage,
  type OutboxRepository,
  type OutboxStatus,
} from '../../domain/ports';
import { byIdWhere, isUniqueViolation, toDocument, type NedbStore } from './nedb-collection';

/**
 * `dueAt` is this store's own field, never seen by the domain: when a message may be claimed
 * (a pending one's nextAttemptAt, a sending one's lease end), and absent on sent, failed and parked
 * ones. nedb uses one index per query and none at all for an `$or`, so the claim's filter on
 * status and two dates would read every message ever stored; a range on this sparse index reads
 * only the due ones. It holds epoch milliseconds, not a Date: nedb's sparse index leaves out any
 * object without own enumerable values, and a Date is one.
 */
export const OUTBOX_INDEXES = [
  { fieldName: 'key', unique: true },
  { fieldName: 'status' },
  { fieldName: 'dueAt', sparse: true },
  { fieldName: 'coalesce', sparse: true },
];

const ALL_STATUSES: OutboxStatus[] = ['pending', 'sending', 'waiting_channel', 'sent', 'failed'];
const NOT_DUE = { dueAt: true } as const;

/** The source of truth for "may be claimed"; dueAt only finds the candidates fast. */
function dueFilter(now: Date) {
  return {
    $or: [
      { status: 'pending', nextAttemptAt: { $lte: now } },
      { status: 'sending', leaseUntil: { $lte: now } },
    ],
  };
}

/** Drops the store's own field; messages stored before a field existed read it as null. */
function readMessage(doc: Record<string, unknown> | null | undefined): OutboxMessage | null {
  if (!doc) return null;
  const { _id, dueAt: _dueAt, ...rest } = doc;
  return { sentConversationId: null, deliveredAt: null, coalesce: null, id: _id, ...rest } as OutboxMessage;
}

/** How many times a claim looks again for due messages after losing candidates to another claimer. */
const CLAIM_ROUNDS = 3;

export class EmbeddedOutboxRepository implements OutboxRepository {
  private dueAtFilled: Promise<void> | null = null;

  constructor(private readonly db: NedbStore) {}

  async enqueue(message: NewOutboxMessage, now: Date): Promise<'queued' | 'duplicate'> {
    if (message.coalesce && (await this.db.findOneAsync({ status: { $in: [...COALESCING_STATUSES] }, coalesce: message.coalesce }))) return 'duplicate';
    const { coalesce, ...full } = makeOutboxMessage(message, randomUUID(), now);
    try {
      // the coalesce key only when there is one: a sparse index skips absent fields, not nulls
      await this.db.insertAsync({ ...toDocument(full), ...(coalesce ? { coalesce } : {}), dueAt: full.nextAttemptAt.getTime() });
      return 'queued';
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
  }

  async findByKey(key: string): Promise<OutboxMessage | null> {
    return readMessage(await this.db.findOneAsync({ key }));
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxMessage[]> {
    await this.fillDueAt();
    const claimed: OutboxMessage[] = [];
    const leaseUntil = new Date(now.getTime() + leaseMs);
    // a claimer that lost every candidate to another one looks again, rather than going to sleep
    // with due messages left (the same few rounds as the MongoDB store)
    for (let round = 0; round < CLAIM_ROUNDS && claimed.length < limit; round++) {
      // oldest first among the due: a retry is not sent after everything queued since it was queued
      const candidates = await this.db.findAsync({ dueAt: { $lte: now.getTime() } }).sort({ createdAt: 1 }).limit(limit - claimed.length);
      if (candidates.length === 0) break;
      let lost = 0;
      for (const candidate of candidates) {
        // compare-and-set per message: only one claimer sees it still due
        const { affectedDocuments } = await this.db.updateAsync(
          { _id: candidate._id, ...dueFilter(now) },
          { $set: { status: 'sending', leaseUntil, dueAt: leaseUntil.getTime(), updatedAt: now } },
          { returnUpdatedDocs: true },
        );
        const msg = readMessage(affectedDocuments as Record<string, unknown> | null);
        if (msg) claimed.push(msg);
        else lost++;
      }
      if (lost === 0) break;
    }
    return claimed;
  }

  async recordDelivery(id: string, leaseUntil: Date, delivery: OutboxDelivery, now: Date): Promise<boolean> {
    const { numAffected } = await this.db.updateAsync(
      byIdWhere(id, { status: 'sending', leaseUntil }),
      { $set: { sentActivityId: delivery.activityId, sentConversationId: delivery.conversationId, deliveredAt: now, updatedAt: now } },
      {},
    );
    return numAffected === 1;
  }

  async markSent(id: string, sentActivityId: string | null, now: Date): Promise<void> {
    await this.db.updateAsync(
      { _id: id },
      { $set: { status: 'sent', sentActivityId, leaseUntil: null, updatedAt: now }, $unset: NOT_DUE, $inc: { attempts: 1 } },
      {},
    );
  }

  async nextDueAt(): Promise<Date | null> {
    await this.fillDueAt();
    const [first] = await this.db.findAsync({ dueAt: { $gte: 0 } }, { dueAt: 1 }).sort({ dueAt: 1 }).limit(1);
    return typeof first?.dueAt === 'number' ? new Date(first.dueAt) : null;
  }

  async reschedule(id: string, nextAttemptAt: Date, error: string, now: Date): Promise<void> {
    await this.db.updateAsync(
      { _id: id },
      {
        $set: { status: 'pending', nextAttemptAt, dueAt: nextAttemptAt.getTime(), lastError: error, leaseUntil: null, updatedAt: now },
        $inc: { attempts: 1 },
      },
      {},
    );
  }

  async defer(id: string, until: Date, now: Date): Promise<void> {
    await this.db.updateAsync({ _id: id }, { $set: { status: 'pending', nextAttemptAt: until, dueAt: until.getTime(), leaseUntil: null, updatedAt: now } }, {});
  }

  async parkUntilChannel(id: string, now: Date): Promise<void> {
    await this.db.updateAsync({ _id: id }, { $set: { status: 'waiting_channel', leaseUntil: null, updatedAt: now }, $unset: NOT_DUE }, {});
  }

  async releaseParked(now: Date): Promise<number> {
    const { numAffected } = await this.db.updateAsync(
      { status: 'waiting_channel' },
      { $set: { status: 'pending', nextAttemptAt: now, dueAt: now.getTime(), updatedAt: now } },
      { multi: true },
    );
    return numAffected;
  }

  async markFailed(id: string, error: string, now: Date): Promise<void> {
    await this.db.updateAsync(
      { _id: id },
      { $set: { status: 'failed', lastError: error, leaseUntil: null, updatedAt: now }, $unset: NOT_DUE, $inc: { attempts: 1 } },
      {},
    );
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const counts = {} as Record<OutboxStatus, number>;
    for (const status of ALL_STATUSES) counts[status] = await this.db.countAsync({ status });
    return counts;
  }

  /**
   * Messages written before dueAt existed (a data folder from an older version) get it once per
   * process, before the first claim: without it a waiting message would never be claimed.
   */
  private fillDueAt(): Promise<void> {
    this.dueAtFilled ??= (async () => {
      const waiting = await this.db.findAsync({ status: { $in: ['pending', 'sending'] }, dueAt: { $exists: false } });
      for (const doc of waiting) {
        const due = (doc.status === 'sending' ? (doc.leaseUntil ?? doc.nextAttemptAt) : doc.nextAttemptAt) as Date;
        await this.db.updateAsync({ _id: doc._id, dueAt: { $exists: false } }, { $set: { dueAt: due.getTime() } }, {});
      }
    })().catch((err: unknown) => {
      this.dueAtFilled = null; // try again on the next claim
      throw err;
    });
    return this.dueAtFilled;
  }
}
