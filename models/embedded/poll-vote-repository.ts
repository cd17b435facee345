import type { Vote } from '../../domain/poll/poll';
import type { VoteRepository } from '../../domain/ports';
import type { NedbStore } from './nedb-collection';

/** One answer per participant and slot of a poll: the unique index makes a second document impossible. */
export const VOTE_INDEXES = [{ fieldName: ['pollId', 'participantId', 'slotId'], unique: true }, { fieldName: 'pollId' }];

export class EmbeddedVoteRepository implements VoteRepository {
  constructor(private readonly db: NedbStore) {}

  async upsert(vote: Vote): Promise<void> {
    // nedb runs one update at a time, so an upsert on the (poll, participant, slot) key is atomic:
    // concurrent answers to other slots or from other people never touch this document
    await this.db.updateAsync(
      { pollId: vote.pollId, participantId: vote.participantId, slotId: vote.slotId },
      { $set: { answer: vote.answer, recordedBy: vote.recordedBy, recordedAt: vote.recordedAt } },
      { upsert: true },
    );
  }

  async deleteByPolls(pollIds: readonly string[]): Promise<void> {
    if (pollIds.length) await this.db.removeAsync({ pollId: { $in: [...pollIds] } }, { multi: true });
  }

  async listByPoll(pollId: string): Promise<Vote[]> {
    const docs = await this.db.findAsync({ pollId }).sort({ recordedAt: 1, participantId: 1, slotId: 1 });
    return docs.map(({ _id, ...vote }) => vote as unknown as Vote);
  }
}
