import { randomUUID } from 'node:crypto';
import { makeOutboxMessage, type NewOutboxMessage, type OutboxMessage, type OutboxRepository, type OutboxStatus } from '../../domain/ports';
import { fromDocument, isUniqueViolation, toDocument, type NedbStore } from './nedb-collection';

export const OUTBOX_INDEXES = [
  { fieldName: 'key', unique: true },
  { fieldName: 'status' },
  { fieldName: 'nextAttemptAt' },
];

const ALL_STATUSES: OutboxStatus[] = ['pending', 'sending', 'waiting_channel', 'sent', 'failed'];

export class EmbeddedOutboxRepository implements OutboxRepository {
  constructor(private readonly db: NedbStore) {}

  async enqueue(message: NewOutboxMessage, now: Date): Promise<'queued' | 'duplicate'> {
    const full = makeOutboxMessage(message, randomUUID(), now);
    try {
      await this.db.insertAsync(toDocument(full));
      return 'queued';
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
  }

  async findByKey(key: string): Promise<OutboxMessage | null> {
    return fromDocument<OutboxMessage>(await this.db.findOneAsync({ key }));
  }

  async claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxMessage[]> {
    const due = {
      $or: [
        { status: 'pending', nextAttemptAt: { $lte: now } },
        { status: 'sending', leaseUntil: { $lte: now } },
      ],
    };
    const candidates = await this.db.findAsync(due).sort({ nextAttemptAt: 1 }).limit(limit);
    const claimed: OutboxMessage[] = [];
    for (const candidate of candidates) {
      // compare-and-set per message: only one claimer sees numAffected === 1
      const { affectedDocuments } = await this.db.updateAsync(
        { _id: candidate._id, ...due },
        { $set: { status: 'sending', leaseUntil: new Date(now.getTime() + leaseMs), updatedAt: now } },
        { returnUpdatedDocs: true },
      );
      const msg = fromDocument<OutboxMessage>(affectedDocuments as Record<string, unknown> | null);
      if (msg) claimed.push(msg);
    }
    return claimed;
  }

  async markSent(id: string, sentActivityId: string | null, now: Date): Promise<void> {
    await this.db.updateAsync(
      { _id: id },
      { $set: { status: 'sent', sentActivityId, leaseUntil: null, updatedAt: now }, $inc: { attempts: 1 } },
      {},
    );
  }

  async reschedule(id: string, nextAttemptAt: Date, error: string, now: Date): Promise<void> {
    await this.db.updateAsync(
      { _id: id },
      { $set: { status: 'pending', nextAttemptAt, lastError: error, leaseUntil: null, updatedAt: now }, $inc: { attempts: 1 } },
      {},
    );
  }

  async defer(id: string, until: Date, now: Date): Promise<void> {
    await this.db.updateAsync({ _id: id }, { $set: { status: 'pending', nextAttemptAt: until, leaseUntil: null, updatedAt: now } }, {});
  }

  async parkUntilChannel(id: string, now: Date): Promise<void> {
    await this.db.updateAsync({ _id: id }, { $set: { status: 'waiting_channel', leaseUntil: null, updatedAt: now } }, {});
  }

  async releaseParked(now: Date): Promise<number> {
    const { numAffected } = await this.db.updateAsync(
      { status: 'waiting_channel' },
      { $set: { status: 'pending', nextAttemptAt: now, updatedAt: now } },
      { multi: true },
    );
    return numAffected;
  }

  async markFailed(id: string, error: string, now: Date): Promise<void> {
    await this.db.updateAsync(
      { _id: id },
      { $set: { status: 'failed', lastError: error, leaseUntil: null, updatedAt: now }, $inc: { attempts: 1 } },
      {},
    );
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const counts = {} as Record<OutboxStatus, number>;
    for (const status of ALL_STATUSES) counts[status] = await this.db.countAsync({ status });
    return counts;
  }
}
