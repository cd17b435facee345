import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import {
  OUTBOX_KINDS,
  type NewOutboxMessage,
  type OutboxMessage,
  type OutboxRepository,
  type OutboxStatus,
} from '../../domain/ports';
import { fromStoredDoc, isDuplicateKeyError } from './document-mapping';
import {
  CLAIM_SORT,
  OUTBOX_STATUSES,
  buildClaimFilter,
  buildClaimUpdate,
  buildFailUpdate,
  buildNewOutboxDoc,
  buildDeferUpdate,
  buildParkUpdate,
  buildReleaseFilter,
  buildReleaseUpdate,
  buildRescheduleUpdate,
  buildSentUpdate,
  toStatusCounts,
  type OutboxDoc,
} from './outbox-queries';
import {
  ERROR_MAX,
  ID_MAX,
  SCHEMA_OPTIONS,
  countField,
  nullableDate,
  nullableString,
  plainObjectField,
  requiredDate,
  requiredEnum,
  requiredString,
} from './schema-fields';

export const outboxSchema = new Schema<OutboxDoc>(
  {
    _id: requiredString(ID_MAX),
    key: requiredString(ID_MAX),
    kind: requiredEnum(OUTBOX_KINDS),
    caseId: nullableString(ID_MAX),
    userId: nullableString(ID_MAX),
    payload: plainObjectField(),
    status: requiredEnum(OUTBOX_STATUSES),
    attempts: countField(0),
    nextAttemptAt: requiredDate(),
    leaseUntil: nullableDate(),
    sentActivityId: nullableString(ID_MAX),
    lastError: nullableString(ERROR_MAX),
    createdAt: requiredDate(),
    updatedAt: requiredDate(),
  },
  { ...SCHEMA_OPTIONS, collection: 'outbox' },
);
// one message per idempotency key, ever: a second instance enqueuing the same event gets 'duplicate'
outboxSchema.index({ key: 1 }, { unique: true });
outboxSchema.index({ status: 1, nextAttemptAt: 1 });
outboxSchema.index({ status: 1, leaseUntil: 1 });

export function buildOutboxModel(connection: Connection): Model<OutboxDoc> {
  return connection.model<OutboxDoc>('OutboxMessage', outboxSchema);
}

export class MongoOutboxRepository implements OutboxRepository {
  constructor(
    private readonly model: Model<OutboxDoc>,
    private readonly newId: () => string = randomUUID,
  ) {}

  async enqueue(message: NewOutboxMessage, now: Date): Promise<'queued' | 'duplicate'> {
    try {
      await this.model.create(buildNewOutboxDoc(message, this.newId(), now));
      return 'queued';
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }

  async findByKey(key: string): Promise<OutboxMessage | null> {
    const doc = await this.model.findOne({ key }).lean<OutboxDoc>().exec();
    return doc ? fromStoredDoc<OutboxMessage>(doc) : null;
  }

  /**
   * One findOneAndUpdate per message: each is atomic on the server, so two dispatchers racing for
   * the same message see it matched by only one of them. A multi-document updateMany could not
   * tell a dispatcher which messages it won.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxMessage[]> {
    const claimed: OutboxMessage[] = [];
    while (claimed.length < limit) {
      const doc = await this.model
        .findOneAndUpdate(buildClaimFilter(now), buildClaimUpdate(now, leaseMs), { sort: CLAIM_SORT, new: true })
        .lean<OutboxDoc>()
        .exec();
      if (!doc) break;
      claimed.push(fromStoredDoc<OutboxMessage>(doc));
    }
    return claimed;
  }

  async markSent(id: string, sentActivityId: string | null, now: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, buildSentUpdate(sentActivityId, now), { runValidators: true }).exec();
  }

  async reschedule(id: string, nextAttemptAt: Date, error: string, now: Date): Promise<void> {
    await this.model
      .updateOne({ _id: id }, buildRescheduleUpdate(nextAttemptAt, error, now), { runValidators: true })
      .exec();
  }

  async defer(id: string, until: Date, now: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, buildDeferUpdate(until, now)).exec();
  }

  async parkUntilChannel(id: string, now: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, buildParkUpdate(now)).exec();
  }

  async releaseParked(now: Date): Promise<number> {
    const result = await this.model.updateMany(buildReleaseFilter(), buildReleaseUpdate(now)).exec();
    return result.modifiedCount;
  }

  async markFailed(id: string, error: string, now: Date): Promise<void> {
    await this.model.updateOne({ _id: id }, buildFailUpdate(error, now), { runValidators: true }).exec();
  }

  async countByStatus(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.model
      .aggregate<{ _id: unknown; count: number }>([{ $group: { _id: '$status', count: { $sum: 1 } } }])
      .exec();
    return toStatusCounts(rows);
  }
}
