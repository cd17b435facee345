import { DomainError } from '../errors';
import {
  finaliseInputSchema,
  meetingGoalSchema,
  parseInput,
  pollOptionsSchema,
  voteInputSchema,
  type FinaliseInput,
  type SlotInput,
  type VoteInput,
} from './inputs';
import {
  MAX_PARTICIPANTS,
  MAX_SLOTS,
  findParticipant,
  findParticipantByUser,
  findSlot,
  meetingUid,
  type Poll,
  type PollOptions,
  type PollParticipant,
  type PollStatus,
  type Slot,
  type Vote,
} from './poll';
import { isSameSlot, makeSlot } from './slots';
import { tallyPoll } from './tally';

/**
 * The rules of the availability poll. Every function is pure: it takes the poll (and `now`) and
 * returns a new poll or a vote to store, or throws a coded DomainError and changes nothing.
 * Every change of the poll document bumps `version` (stores write it only if unchanged).
 */

/** The one table of allowed poll status changes; anything else is an error, never a no-op. */
const ALLOWED: Readonly<Record<PollStatus, readonly PollStatus[]>> = {
  open: ['closed', 'finalised', 'cancelled'],
  closed: ['open', 'finalised', 'cancelled'],
  // finalised -> finalised is a reschedule to another slot of the same poll
  finalised: ['open', 'finalised', 'cancelled'],
  cancelled: [],
};

export function canTransitionPoll(from: PollStatus, to: PollStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function assertPollTransition(from: PollStatus, to: PollStatus): void {
  if (!canTransitionPoll(from, to)) throw new DomainError('poll.transition_not_allowed', { from, to });
}

export interface NewPoll {
  id: string;
  caseId: string;
  cycle: number;
  organiserId: string;
  meetingGoal: string;
  slots: readonly SlotInput[];
  participants: readonly PollParticipant[];
  deadline: Date;
  options: PollOptions;
}

/**
 * Opens a poll. `previous` is the last poll for the same meeting (same case and cycle), or null:
 * a new poll after a cancel or to reschedule takes over its calendar entry and sequence, so that
 * its invitation updates (not duplicates) the entry already in people's calendars.
 */
export function createPoll(input: NewPoll, newSlotId: () => string, previous: Poll | null, now: Date): Poll {
  const meetingGoal = parseInput(meetingGoalSchema, input.meetingGoal, 'poll.meetingGoal');
  const options = parseInput(pollOptionsSchema, input.options, 'poll.options');
  if (!Number.isInteger(input.cycle) || input.cycle < 1) throw new DomainError('validation.invalid', { fields: ['poll.cycle'] });
  if (previous && (previous.caseId !== input.caseId || previous.cycle !== input.cycle || previous.status === 'open')) {
    throw new DomainError('validation.invalid', { fields: ['poll.previous'] });
  }
  assertParticipants(input.participants);
  assertFutureDeadline(input.deadline, now);
  if (input.slots.length === 0) throw new DomainError('poll.no_slots');
  const slots = appendSlots([], input.slots.map((s) => makeSlot(s, newSlotId())), now);
  assertSlotsAfterDeadline(slots, input.deadline, now);
  return {
    id: input.id,
    caseId: input.caseId,
    cycle: input.cycle,
    organiserId: input.organiserId,
    meetingGoal,
    slots,
    participants: input.participants.map((p) => ({ ...p })),
    deadline: input.deadline,
    options,
    status: 'open',
    finalSlotId: null,
    icsUid: meetingUid(input.caseId, input.cycle),
    icsSequence: previous?.icsSequence ?? 0,
    calendarEntry: previous?.calendarEntry ?? null,
    openedAt: now,
    createdAt: now,
    version: 1,
  };
}

/** The organiser adds slots (one, or a repeated pattern's) to an open poll. */
export function addSlots(poll: Poll, inputs: readonly SlotInput[], newSlotId: () => string, by: string, now: Date): Poll {
  assertOrganiser(poll, by);
  assertOpen(poll);
  if (inputs.length === 0) throw new DomainError('poll.no_slots');
  const slots = appendSlots(poll.slots, inputs.map((s) => makeSlot(s, newSlotId())), now);
  assertSlotsAfterDeadline(slots, poll.deadline, now);
  return touch(poll, { slots });
}

/**
 * A participant proposes a slot, when the poll allows it. It is not voted on until the organiser
 * accepts it (acceptSlot).
 */
export function proposeSlot(poll: Poll, input: SlotInput, slotId: string, by: string, now: Date): Poll {
  assertOpen(poll);
  if (!poll.options.participantsMayProposeSlots) throw new DomainError('poll.proposals_not_allowed');
  const proposer = findParticipantByUser(poll, by);
  if (!proposer) throw new DomainError('poll.participant_not_invited');
  const slots = appendSlots(poll.slots, [makeSlot(input, slotId, proposer.id)], now);
  assertSlotsAfterDeadline(slots, poll.deadline, now);
  return touch(poll, { slots });
}

/** The organiser accepts a proposed slot into the poll: from now on it is voted on and ranked. */
export function acceptSlot(poll: Poll, slotId: string, by: string, now: Date): Poll {
  assertOrganiser(poll, by);
  assertOpen(poll);
  const slot = pendingProposal(poll, slotId);
  if (slot.start.getTime() <= now.getTime()) throw new DomainError('poll.slot_in_past');
  return touch(poll, { slots: poll.slots.map((s) => (s.id === slotId ? { ...s, accepted: true } : s)) });
}

/** The organiser declines a proposed slot: it leaves the poll. */
export function declineSlot(poll: Poll, slotId: string, by: string): Poll {
  assertOrganiser(poll, by);
  assertOpen(poll);
  pendingProposal(poll, slotId);
  return touch(poll, { slots: poll.slots.filter((s) => s.id !== slotId) });
}

/**
 * One answer for one slot, to be stored under (poll, participant, slot): a later vote replaces the
 * earlier one. Votes are taken while the poll is open, also after the deadline until the poll is
 * closed (the deadline job closes it): the issue says answers can change "until the poll closes".
 * A participant votes for themself; only the organiser records answers on someone's behalf (for
 * people without Teams, or someone who answered by phone), and the vote then shows who recorded it.
 */
export function castVote(poll: Poll, input: VoteInput, by: string, now: Date): Vote {
  const vote = parseInput(voteInputSchema, input, 'vote');
  assertOpen(poll);
  const participant = findParticipant(poll, vote.participantId);
  if (!participant) throw new DomainError('poll.participant_not_invited');
  if (by !== participant.userId && by !== poll.organiserId) {
    throw new DomainError(findParticipantByUser(poll, by) ? 'poll.proxy_organiser_only' : 'poll.participant_not_invited');
  }
  const slot = findSlot(poll, vote.slotId);
  if (!slot) throw new DomainError('poll.slot_not_found');
  if (!slot.accepted) throw new DomainError('poll.slot_not_accepted');
  return { pollId: poll.id, participantId: participant.id, slotId: slot.id, answer: vote.answer, recordedBy: by, recordedAt: now };
}

/** Several answers from one card: all are valid or none is returned (never a half-written card). */
export function castVotes(poll: Poll, inputs: readonly VoteInput[], by: string, now: Date): Vote[] {
  const votes = inputs.map((input) => castVote(poll, input, by, now));
  const keys = new Set(votes.map((v) => `${v.participantId}\u0000${v.slotId}`));
  if (keys.size !== votes.length) throw new DomainError('validation.invalid', { fields: ['vote.slotId'] });
  return votes;
}

/** The organiser closes the poll before the deadline. */
export function closePoll(poll: Poll, by: string): Poll {
  assertOrganiser(poll, by);
  assertPollTransition(poll.status, 'closed');
  return touch(poll, { status: 'closed' });
}

/** Whether the deadline job should close this poll now. */
export function isDueForClosing(poll: Poll, now: Date): boolean {
  return poll.status === 'open' && now.getTime() >= poll.deadline.getTime();
}

/** The deadline job closes an open poll whose deadline has passed. */
export function closeAtDeadline(poll: Poll, now: Date): Poll {
  assertPollTransition(poll.status, 'closed');
  if (now.getTime() < poll.deadline.getTime()) throw new DomainError('poll.deadline_not_reached');
  return touch(poll, { status: 'closed' });
}

/** The organiser gives more (or less) time to answer while the poll is open. */
export function changeDeadline(poll: Poll, deadline: Date, by: string, now: Date): Poll {
  assertOrganiser(poll, by);
  assertOpen(poll);
  assertFutureDeadline(deadline, now);
  assertSlotsAfterDeadline(poll.slots, deadline, now);
  return touch(poll, { deadline });
}

/**
 * The organiser picks the meeting slot of an open or closed poll. If a required participant said
 * no for it, `confirmRequiredNo` must be set (the card asks first), else
 * `poll.finalise_confirmation_required` lists who said no. A required participant who did not
 * answer does not need a confirmation: not answered is not no.
 */
export function finalisePoll(poll: Poll, votes: readonly Vote[], input: FinaliseInput, by: string, now: Date): Poll {
  if (poll.status === 'finalised') throw new DomainError('poll.transition_not_allowed', { from: poll.status, to: 'finalised' });
  return chooseSlot(poll, votes, input, by, now);
}

/**
 * The organiser moves a finalised meeting to another slot of the same poll. The invitation keeps
 * its UID with a higher SEQUENCE, so calendars move the entry instead of adding one.
 */
export function reschedulePoll(poll: Poll, votes: readonly Vote[], input: FinaliseInput, by: string, now: Date): Poll {
  if (poll.status !== 'finalised') throw new DomainError('poll.transition_not_allowed', { from: poll.status, to: 'finalised' });
  return chooseSlot(poll, votes, input, by, now);
}

/**
 * The organiser opens a closed or finalised poll again with a new deadline, to add slots or let
 * people change their answers. The invitation already sent stays in the calendars until the next
 * finalise (which updates it) or a cancel (which withdraws it).
 */
export function reopenPoll(poll: Poll, deadline: Date, by: string, now: Date): Poll {
  assertOrganiser(poll, by);
  assertPollTransition(poll.status, 'open');
  assertFutureDeadline(deadline, now);
  assertSlotsAfterDeadline(poll.slots, deadline, now);
  return touch(poll, { status: 'open', deadline, finalSlotId: null, openedAt: now });
}

/**
 * The organiser cancels the poll or the meeting. If an invitation is in people's calendars, the
 * sequence goes up and `calendarEntry` becomes a cancellation (buildPollIcs then gives the
 * METHOD:CANCEL file to send to everyone).
 */
export function cancelPoll(poll: Poll, by: string): Poll {
  assertOrganiser(poll, by);
  assertPollTransition(poll.status, 'cancelled');
  const entry = poll.calendarEntry;
  if (!entry || entry.cancelled) return touch(poll, { status: 'cancelled' });
  return touch(poll, { status: 'cancelled', icsSequence: poll.icsSequence + 1, calendarEntry: { slot: entry.slot, cancelled: true } });
}

/**
 * Who may see the counts: the organiser always; others (participants, the case thread: viewer null)
 * only when the poll does not keep results for the organiser. Each voter always sees their own answers.
 */
export function canSeeResults(poll: Pick<Poll, 'organiserId' | 'options'>, viewerUserId: string | null): boolean {
  if (viewerUserId !== null && viewerUserId === poll.organiserId) return true;
  return !poll.options.resultsVisibleToOrganiserOnly;
}

function chooseSlot(poll: Poll, votes: readonly Vote[], input: FinaliseInput, by: string, now: Date): Poll {
  assertOrganiser(poll, by);
  const choice = parseInput(finaliseInputSchema, input, 'finalise');
  assertPollTransition(poll.status, 'finalised');
  const slot = findSlot(poll, choice.slotId);
  if (!slot) throw new DomainError('poll.slot_not_found');
  if (!slot.accepted) throw new DomainError('poll.slot_not_accepted');
  if (slot.id === poll.finalSlotId) throw new DomainError('poll.slot_already_final');
  if (slot.start.getTime() <= now.getTime()) throw new DomainError('poll.slot_in_past');
  const saidNo = (tallyPoll(poll, votes).slots.find((t) => t.slotId === slot.id)?.missing ?? [])
    .filter((m) => m.answer === 'no')
    .map((m) => m.participantId);
  if (saidNo.length > 0 && !choice.confirmRequiredNo) {
    throw new DomainError('poll.finalise_confirmation_required', { participantIds: saidNo });
  }
  // the first invitation of a meeting has SEQUENCE 0; every later .ics for it goes one higher
  const icsSequence = poll.calendarEntry ? poll.icsSequence + 1 : poll.icsSequence;
  return touch(poll, { status: 'finalised', finalSlotId: slot.id, icsSequence, calendarEntry: { slot, cancelled: false } });
}

function pendingProposal(poll: Poll, slotId: string): Slot {
  const slot = findSlot(poll, slotId);
  if (!slot) throw new DomainError('poll.slot_not_found');
  if (slot.accepted) throw new DomainError('poll.slot_already_accepted');
  return slot;
}

/**
 * Adds new slots after checking each is in the future, not offered twice, and the poll not full.
 * Exported for the organiser's draft of a poll, which checks each slot as it is added.
 */
export function appendSlots(existing: readonly Slot[], added: readonly Slot[], now: Date): Slot[] {
  const slots = [...existing];
  for (const slot of added) {
    if (slot.start.getTime() <= now.getTime()) throw new DomainError('poll.slot_in_past');
    if (slots.some((s) => isSameSlot(s, slot))) throw new DomainError('poll.slot_duplicate');
    if (slots.length >= MAX_SLOTS) throw new DomainError('poll.too_many_slots', { max: MAX_SLOTS });
    slots.push(slot);
  }
  return slots;
}

function assertParticipants(participants: readonly PollParticipant[]): void {
  if (participants.length === 0) throw new DomainError('poll.no_participants');
  const ids = participants.map((p) => p.id);
  const userIds = participants.flatMap((p) => (p.userId === null ? [] : [p.userId]));
  if (participants.length > MAX_PARTICIPANTS || new Set(ids).size !== ids.length || new Set(userIds).size !== userIds.length) {
    throw new DomainError('validation.invalid', { fields: ['poll.participants'] });
  }
}

function assertFutureDeadline(deadline: Date, now: Date): void {
  if (Number.isNaN(deadline.getTime())) throw new DomainError('validation.invalid', { fields: ['poll.deadline'] });
  if (deadline.getTime() <= now.getTime()) throw new DomainError('poll.deadline_in_past');
}

/**
 * People answer before they meet: a date still to come that starts before the deadline would be
 * voted on and ranked, then be past when the organiser chooses. Dates already past are left out:
 * they can no longer be chosen anyway.
 */
function assertSlotsAfterDeadline(slots: readonly Slot[], deadline: Date, now: Date): void {
  const early = slots.some((s) => s.start.getTime() > now.getTime() && s.start.getTime() < deadline.getTime());
  if (early) throw new DomainError('poll.deadline_after_slot');
}

function assertOrganiser(poll: Poll, by: string): void {
  if (by !== poll.organiserId) throw new DomainError('access.denied');
}

function assertOpen(poll: Poll): void {
  if (poll.status !== 'open') throw new DomainError('poll.not_open', { status: poll.status });
}

function touch(poll: Poll, changes: Partial<Poll>): Poll {
  return { ...poll, ...changes, version: poll.version + 1 };
}
