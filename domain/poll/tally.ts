import type { Answer, Poll, PollParticipant, Vote } from './poll';

/**
 * THE tally of an availability poll: the only place that counts votes. The cards, the organiser's
 * notices, the reminders and finalising all read it, so they can never disagree.
 */

/**
 * Weights for the tie-break scores: "if need be" counts half a "yes". They only order slots that
 * have the same number of available required and optional participants; availability (yes or if
 * need be) always comes first, because a person who can come if need be can still come.
 */
export const ANSWER_SCORE: Readonly<Record<Answer, number>> = { yes: 1, if_need_be: 0.5, no: 0 };

export interface AnswerCounts {
  yes: number;
  ifNeedBe: number;
  no: number;
  /** Not answered is never counted as no. */
  notAnswered: number;
}

export interface MissingParticipant {
  participantId: string;
  answer: 'no' | 'not_answered';
}

export interface SlotTally {
  slotId: string;
  start: Date;
  /** 1 = best. Every slot has its own rank: ties are broken by start time, then slot id. */
  rank: number;
  required: AnswerCounts;
  optional: AnswerCounts;
  /** Participants who can come: yes or if need be. */
  available: { required: number; optional: number };
  /** Sum of ANSWER_SCORE over the answers. */
  score: { required: number; optional: number };
  /** Required participants who said no or did not answer, in the poll's participant order. */
  missing: MissingParticipant[];
  /** Every required participant said yes or if need be. */
  allRequiredAvailable: boolean;
}

export interface ParticipantProgress {
  participantId: string;
  required: boolean;
  /** Accepted slots this participant answered. */
  answered: number;
  /** Answered every accepted slot. */
  complete: boolean;
}

export interface PollTally {
  /** Accepted slots only, best first. */
  slots: SlotTally[];
  /** In the poll's participant order. */
  participants: ParticipantProgress[];
  requiredAnswered: { complete: number; total: number };
  /** Every required participant answered every slot; false when nobody is required. */
  allRequiredAnswered: boolean;
}

/**
 * Counts and ranks the accepted slots of `poll` from its votes. Slots are ranked by
 *   1. required participants available (yes or if need be), most first;
 *   2. optional participants available, most first;
 *   3. the required participants' score (yes = 1, if need be = 0.5), highest first;
 *   4. the optional participants' score, highest first;
 *   5. start time, earliest first (an earlier meeting helps the person sooner); then slot id.
 * Votes for another poll, an unknown participant or a slot that is not accepted are ignored; if a
 * participant somehow has two votes for one slot, the later recorded one counts.
 */
export function tallyPoll(poll: Pick<Poll, 'id' | 'slots' | 'participants'>, votes: readonly Vote[]): PollTally {
  const slots = poll.slots.filter((s) => s.accepted);
  // each distinct participant and slot gets a position, and the vote that counts for a (participant,
  // slot) pair sits in one flat array: the loops below, participants × slots twice, then read it by
  // position instead of looking ids up in maps (the tally runs for every card of a poll)
  const slotColumn = new Map<string, number>();
  for (const s of slots) if (!slotColumn.has(s.id)) slotColumn.set(s.id, slotColumn.size);
  const participantRow = new Map<string, number>();
  for (const p of poll.participants) if (!participantRow.has(p.id)) participantRow.set(p.id, participantRow.size * slotColumn.size);
  const counted: (Vote | undefined)[] = new Array<Vote | undefined>(participantRow.size * slotColumn.size).fill(undefined);
  for (const vote of votes) {
    if (vote.pollId !== poll.id) continue;
    const column = slotColumn.get(vote.slotId);
    const row = participantRow.get(vote.participantId);
    if (column === undefined || row === undefined) continue;
    const earlier = counted[row + column];
    if (!earlier || earlier.recordedAt.getTime() <= vote.recordedAt.getTime()) counted[row + column] = vote;
  }
  const rows = poll.participants.map((p) => participantRow.get(p.id)!);
  const columns = slots.map((s) => slotColumn.get(s.id)!);
  const answerAt = (row: number, column: number): Answer | null => counted[row + column]?.answer ?? null;

  const tallies = slots.map((slot, j) => {
    const required = emptyCounts();
    const optional = emptyCounts();
    const score = { required: 0, optional: 0 };
    const missing: MissingParticipant[] = [];
    for (let i = 0; i < poll.participants.length; i++) {
      const p = poll.participants[i]!;
      const answer = answerAt(rows[i]!, columns[j]!);
      const counts = p.required ? required : optional;
      if (answer === null) counts.notAnswered += 1;
      else {
        if (answer === 'yes') counts.yes += 1;
        else if (answer === 'if_need_be') counts.ifNeedBe += 1;
        else counts.no += 1;
        if (p.required) score.required += ANSWER_SCORE[answer];
        else score.optional += ANSWER_SCORE[answer];
      }
      if (p.required && (answer === null || answer === 'no')) {
        missing.push({ participantId: p.id, answer: answer === null ? 'not_answered' : 'no' });
      }
    }
    return {
      slotId: slot.id,
      start: slot.start,
      rank: 0,
      required,
      optional,
      available: { required: required.yes + required.ifNeedBe, optional: optional.yes + optional.ifNeedBe },
      score,
      missing,
      allRequiredAvailable: missing.length === 0,
    };
  });

  tallies.sort(
    (a, b) =>
      b.available.required - a.available.required ||
      b.available.optional - a.available.optional ||
      b.score.required - a.score.required ||
      b.score.optional - a.score.optional ||
      a.start.getTime() - b.start.getTime() ||
      (a.slotId < b.slotId ? -1 : a.slotId > b.slotId ? 1 : 0),
  );
  tallies.forEach((t, i) => (t.rank = i + 1));

  const participants = poll.participants.map((p, i) => {
    const answered = columns.filter((column) => answerAt(rows[i]!, column) !== null).length;
    return { participantId: p.id, required: p.required, answered, complete: slots.length > 0 && answered === slots.length };
  });
  const required = participants.filter((p) => p.required);
  const complete = required.filter((p) => p.complete).length;
  return {
    slots: tallies,
    participants,
    requiredAnswered: { complete, total: required.length },
    allRequiredAnswered: required.length > 0 && complete === required.length,
  };
}

function emptyCounts(): AnswerCounts {
  return { yes: 0, ifNeedBe: 0, no: 0, notAnswered: 0 };
}
