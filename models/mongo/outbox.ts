import { randomUUID } from 'node:crypto';
import { Schema, type Connection, type Model } from 'mongoose';
import {
  COALESCING_STATUSES,
  OUTBOX_KINDS,
  type NewOutboxMessage,
  type OutboxDelivery,
  type OutboxMessage,
  type OutboxRepository,
  type OutboxStatus,
} from '../../domain/ports';
import { isDuplicateKeyError } from './document-mapping';
import {
  CLAIM_CANDIDATE_PROJECTION,
  CLAIM_SORT,
  NEXT_LEASE_END_QUERY,
  NEXT_PENDING_QUERY,
  OUTBOX_STATUSES,
  buildClaimFilter,
  buildClaimOneFilter,
  buildClaimUpdate,
  buildRecordDeliveryFilter,
  buildRecordDeliveryUpdate,
  pickNextDue,
  readOutboxDoc,
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
    coalesce: nullableString(ID_MAX),
    status: requiredEnum(OUTBOX_STATUSES),
    attempts: countField(0),
    nextAttemptAt: requiredDate(),
    leaseUntil: nullableDate(),
    sentActivityId: nullableString(ID_MAX),
    sentConversationId: nullableString(ID_MAX),
    deliveredAt: nullableDate(),
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
// a message waiting to be sent that a new one with the same coalesce key would repeat
outboxSchema.index({ coalesce: 1, status: 1 }, { partialFilterExpression: { coalesce: { $type: 'string' } } });

export function buildOutboxModel(connection: Connection): Model<OutboxDoc> {
  return connection.model<OutboxDoc>('OutboxMessage', outboxSchema);
}

/** Rounds of candidates per claim when other dispatchers keep winning them. */
const CLAIM_ROUNDS = 3;

export class MongoOutboxRepository implements OutboxRepository {
  constructor(
    private readonly model: Model<OutboxDoc>,
    private readonly newId: () => string = randomUUID,
  ) {}

  async enqueue(message: NewOutboxMessage, now: Date): Promise<'queued' | 'duplicate'> {
    if (message.coalesce && (await this.model.exists({ coalesce: message.coalesce, status: { $in: [...COALESCING_STATUSES] } }).exec())) return 'duplicate';
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
    return doc ? readOutboxDoc(doc) : null;
  }

  /**
   * One query finds the oldest due candidates (sorting the due ones once per batch, not once per
   * message), then one findOneAndUpdate per candidate that matches only while it is still due:
   * each is atomic on the server, so two dispatchers racing for the same message see it matched by
   * only one of them. A multi-document updateMany could not tell a dispatcher which messages it
   * won. Candidates lost to another dispatcher are made up for from the next due ones.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxMessage[]> {
    const claimed: OutboxMessage[] = [];
    for (let round = 0; round < CLAIM_ROUNDS && claimed.length < limit; round++) {
      const candidates = await this.model
        .find(buildClaimFilter(now), CLAIM_CANDIDATE_PROJECTION)
        .sort(CLAIM_SORT)
        .limit(limit - claimed.length)
        .lean<{ _id: string }[]>()
        .exec();
      let lost = 0;
      for (const { _id } of candidates) {
        const doc = await this.model
          .findOneAndUpdate(buildClaimOneFilter(_id, now), buildClaimUpdate(now, leaseMs), { new: true })
          .lean<OutboxDoc>()
          .exec();
        if (doc) claimed.push(readOutboxDoc(doc));
        else lost++;
      }
      if (lost === 0) break;
    }
    return claimed;
  }

  async recordDelivery(id: string, leaseUntil: Date, delivery: OutboxDelivery, now: Date): Promise<boolean> {
    const result = await this.model
      .updateOne(buildRecordDeliveryFilter(id, leaseUntil), buildRecordDeliveryUpdate(delivery, now), { runValidators: true })
      .exec();
    return result.matchedCount === 1;
  }

  async nextDueAt(): Promise<Date | null> {
    const [pending, sending] = await Promise.all([
      this.model.findOne(NEXT_PENDING_QUERY.filter, NEXT_PENDING_QUERY.projection).sort(NEXT_PENDING_QUERY.sort).lean<{ nextAttemptAt?: Date }>().exec(),
      this.model
        .findOne(NEXT_LEASE_END_QUERY.filter, NEXT_LEASE_END_QUERY.projection)
        .sort(NEXT_LEASE_END_QUERY.sort)
        .lean<{ leaseUntil?: Date | null }>()
        .exec(),
    ]);
    return pickNextDue(pending, sending);
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
