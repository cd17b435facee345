import type { Vote } from '../../domain/poll/poll';
import type { VoteRepository } from '../../domain/ports';
import type { NedbStore } from './nedb-collection';

/**
 * One answer per participant and slot of a poll: the unique index makes a second document impossible.
 * nedb looks a query up through the last single-field index it names, never through the compound one
 * when a single one applies; so the upsert's query names slotId last, and slotId has its own index:
 * a slot's votes (one per participant) are scanned instead of the whole poll's.
 */
export const VOTE_INDEXES = [
  { fieldName: ['pollId', 'participantId', 'slotId'], unique: true },
  { fieldName: 'pollId' },
  { fieldName: 'slotId' },
];

export class EmbeddedVoteRepository implements VoteRepository {
  constructor(private readonly db: NedbStore) {}

  async upsert(vote: Vote): Promise<void> {
    // nedb runs one update at a time, so an upsert on the (poll, participant, slot) key is atomic:
    // concurrent answers to other slots or from other people never touch this document;
    // slotId comes last on purpose (see VOTE_INDEXES)
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
    // sorted here rather than by nedb's cursor, which walks each key by its dotted path on every
    // comparison (three quarters of this read's time); the order is the same: when, who, which slot
    const docs = await this.db.findAsync({ pollId });
    return docs.map(({ _id, ...vote }) => vote as unknown as Vote).sort(compareVotes);
  }
}

/** Oldest first, then by participant and slot (as nedb compares: dates by time, strings by code unit). */
function compareVotes(a: Vote, b: Vote): number {
  return (
    a.recordedAt.getTime() - b.recordedAt.getTime() ||
    compareCodeUnits(a.participantId, b.participantId) ||
    compareCodeUnits(a.slotId, b.slotId)
  );
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
