import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { Vote } from '../../domain/poll/poll';
import { ANSWERS } from '../../domain/poll/poll';
import type { VoteRepository } from '../../domain/ports';
import { isDuplicateKeyError } from './document-mapping';
import { ID_MAX, SCHEMA_OPTIONS, requiredDate, requiredEnum, requiredString } from './schema-fields';

/** Votes have no domain id: (poll, participant, slot) is their identity, held by a unique index. */
export type VoteDoc = Vote & { _id: Types.ObjectId };

export const voteSchema = new Schema<VoteDoc>(
  {
    pollId: requiredString(ID_MAX),
    participantId: requiredString(ID_MAX),
    slotId: requiredString(ID_MAX),
    answer: requiredEnum(ANSWERS),
    recordedBy: requiredString(ID_MAX),
    recordedAt: requiredDate(),
  },
  { ...SCHEMA_OPTIONS, collection: 'votes' },
);
// one answer per participant and slot, ever; it also serves listing a poll's votes (its prefix)
voteSchema.index({ pollId: 1, participantId: 1, slotId: 1 }, { unique: true });

export function buildVoteModel(connection: Connection): Model<VoteDoc> {
  return connection.model<VoteDoc>('Vote', voteSchema);
}

/** The filter and update of one answer's atomic upsert. */
export function buildVoteUpsert(vote: Vote): {
  filter: Pick<Vote, 'pollId' | 'participantId' | 'slotId'>;
  update: { $set: Pick<Vote, 'answer' | 'recordedBy' | 'recordedAt'> };
} {
  return {
    filter: { pollId: vote.pollId, participantId: vote.participantId, slotId: vote.slotId },
    update: { $set: { answer: vote.answer, recordedBy: vote.recordedBy, recordedAt: vote.recordedAt } },
  };
}

export class MongoVoteRepository implements VoteRepository {
  constructor(private readonly model: Model<VoteDoc>) {}

  async upsert(vote: Vote): Promise<void> {
    try {
      await this.write(vote);
    } catch (err) {
      // two first answers for the same slot can race to insert it; the loser gets a duplicate key
      // error (Cosmos DB and servers that do not retry it themselves). The document exists now.
      if (!isDuplicateKeyError(err)) throw err;
      await this.write(vote);
    }
  }

  async deleteByPolls(pollIds: readonly string[]): Promise<void> {
    if (pollIds.length) await this.model.deleteMany({ pollId: { $in: [...pollIds] } }).exec();
  }

  async listByPoll(pollId: string): Promise<Vote[]> {
    const docs = await this.model.find({ pollId }).sort({ recordedAt: 1, participantId: 1, slotId: 1 }).lean<VoteDoc[]>().exec();
    return docs.map(({ _id, ...vote }) => vote);
  }

  private async write(vote: Vote): Promise<void> {
    const { filter, update } = buildVoteUpsert(vote);
    await this.model.updateOne(filter, update, { upsert: true, runValidators: true }).exec();
  }
}
