import type { Vote } from '../../domain/poll/poll';
import type { VoteRepository } from '../../domain/ports';
import { readIndexed, type NedbStore } from './nedb-collection';

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
    // Every vote answer reads its poll's votes back (its card shows the counts), so this read is hot.
    // nedb's find would deep-copy each document with its generic copy; here the pollId index's own
    // list is read in nedb's queue (after the writes queued before) and each vote copied field by
    // field. Sorted here rather than by nedb's cursor, which walks each key by its dotted path on
    // every comparison; the order is the same: when, who, which slot.
    const docs = await readIndexed(this.db, 'pollId', pollId);
    return docs.map(copyVote).sort(compareVotes);
  }
}

/** A vote of its own, sharing nothing with nedb's cached document. */
function copyVote(doc: Record<string, unknown>): Vote {
  return {
    pollId: doc.pollId as string,
    participantId: doc.participantId as string,
    slotId: doc.slotId as string,
    answer: doc.answer as Vote['answer'],
    recordedBy: doc.recordedBy as string,
    recordedAt: new Date((doc.recordedAt as Date).getTime()),
  };
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
