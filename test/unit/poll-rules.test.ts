import { DomainError } from '../../domain/errors';
import type { SlotInput, VoteInput } from '../../domain/poll/inputs';
import { isRecordedOnBehalf, POLL_STATUSES, type Poll, type PollParticipant, type PollStatus, type Vote } from '../../domain/poll/poll';
import {
  acceptSlot,
  addSlots,
  assertPollTransition,
  canSeeResults,
  canTransitionPoll,
  cancelPoll,
  castVote,
  castVotes,
  changeDeadline,
  closeAtDeadline,
  closePoll,
  createPoll,
  declineSlot,
  finalisePoll,
  isDueForClosing,
  proposeSlot,
  reopenPoll,
  reschedulePoll,
  type NewPoll,
} from '../../domain/poll/rules';
import { expandPattern } from '../../domain/poll/slots';
import { tallyPoll } from '../../domain/poll/tally';

// Tuesday 1 June 2027, 10:00 in Brussels (summer time) and 20:00 in Auckland where the tests run.
const NOW = new Date('2027-06-01T08:00:00Z');
const LATER = new Date('2027-06-02T08:00:00Z');
const DEADLINE = new Date('2027-06-10T14:00:00Z');
const ORGANISER = 'u-org';
const OFFICE = { kind: 'address', text: 'Maison médicale, Rue Haute 12' } as const;
const ONLINE = { kind: 'online', url: 'https://teams.microsoft.com/l/meetup-join/abc' } as const;

const PARTICIPANTS: PollParticipant[] = [
  { id: 'R1', userId: null, name: 'Person', role: 'person', required: true },
  { id: 'R2', userId: 'u-gp', name: 'GP', role: 'gp', required: true },
  { id: 'O1', userId: 'u-nurse', name: 'Home nurse', role: 'nurse', required: false },
];

const SLOT_INPUTS: SlotInput[] = [
  { date: '2027-06-15', start: '10:00', end: '11:30', place: OFFICE },
  { date: '2027-06-16', start: '14:00', end: '15:30', place: ONLINE },
  { date: '2027-06-17', start: '09:00', end: '10:30', place: OFFICE },
];

const BASE: NewPoll = {
  id: 'poll-1',
  caseId: 'case-7',
  cycle: 1,
  organiserId: ORGANISER,
  meetingGoal: 'Agree who follows up the housing file',
  slots: SLOT_INPUTS,
  participants: PARTICIPANTS,
  deadline: DEADLINE,
  options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: true },
};

function ids(prefix = 's'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

function newPoll(overrides: Partial<NewPoll> = {}, previous: Poll | null = null): Poll {
  return createPoll({ ...BASE, ...overrides }, ids(), previous, NOW);
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

const vote = (participantId: string, slotId: string, answer: Vote['answer']): Vote => ({
  pollId: 'poll-1',
  participantId,
  slotId,
  answer,
  recordedBy: PARTICIPANTS.find((p) => p.id === participantId)?.userId ?? ORGANISER,
  recordedAt: NOW,
});

describe('createPoll', () => {
  it('opens a poll with accepted slots, a meeting UID and no calendar entry yet', () => {
    const poll = newPoll();
    expect(poll).toMatchObject({
      status: 'open',
      version: 1,
      finalSlotId: null,
      icsUid: 'mko-case-7-1@mko-bot',
      icsSequence: 0,
      calendarEntry: null,
      openedAt: NOW,
      createdAt: NOW,
    });
    expect(poll.slots.map((s) => [s.id, s.start.toISOString(), s.accepted, s.proposedBy])).toEqual([
      ['s1', '2027-06-15T08:00:00.000Z', true, null],
      ['s2', '2027-06-16T12:00:00.000Z', true, null],
      ['s3', '2027-06-17T07:00:00.000Z', true, null],
    ]);
  });

  it('takes over the calendar entry of the previous poll of the same meeting', () => {
    const first = finalisePoll(newPoll(), [], { slotId: 's1' }, ORGANISER, NOW);
    const cancelled = cancelPoll(first, ORGANISER);
    const second = createPoll({ ...BASE, id: 'poll-2' }, ids('t'), cancelled, LATER);
    expect(second).toMatchObject({ icsUid: first.icsUid, icsSequence: 1, calendarEntry: { slot: first.slots[0], cancelled: true } });
  });

  const manySlots = expandPattern({ from: '2027-06-11', until: '2027-08-31', weekdays: [1, 2, 3, 4, 5], start: '10:00', end: '11:00', place: OFFICE }, 100);

  // [why, overrides, code, fields]
  const BAD: [string, Partial<NewPoll>, string, string[] | undefined][] = [
    ['no slot', { slots: [] }, 'poll.no_slots', undefined],
    ['a slot that has started', { slots: [{ date: '2027-06-01', start: '09:00', end: '10:00', place: OFFICE }] }, 'poll.slot_in_past', undefined],
    ['the same slot twice', { slots: [SLOT_INPUTS[0]!, SLOT_INPUTS[0]!] }, 'poll.slot_duplicate', undefined],
    ['more slots than a poll holds', { slots: manySlots.slice(0, 41) }, 'poll.too_many_slots', undefined],
    ['a slot in the spring gap', { slots: [{ date: '2028-03-26', start: '02:30', end: '03:30', place: OFFICE }] }, 'poll.slot_time_nonexistent', undefined],
    ['a deadline that has passed', { deadline: NOW }, 'poll.deadline_in_past', undefined],
    ['no participant', { participants: [] }, 'poll.no_participants', undefined],
    ['one Teams user twice', { participants: [...PARTICIPANTS, { ...PARTICIPANTS[1]!, id: 'X' }] }, 'validation.invalid', ['poll.participants']],
    ['one entry twice', { participants: [...PARTICIPANTS, { ...PARTICIPANTS[0]! }] }, 'validation.invalid', ['poll.participants']],
    ['an empty goal', { meetingGoal: '  ' }, 'validation.invalid', ['poll.meetingGoal']],
    ['consultation number 0', { cycle: 0 }, 'validation.invalid', ['poll.cycle']],
  ];

  it.each(BAD)('refuses %s', (_why, overrides, code, fields) => {
    const err = errorOf(() => newPoll(overrides));
    expect(err.code).toBe(code);
    if (fields) expect(err.params.fields).toEqual(fields);
  });

  it('accepts exactly as many slots as a poll holds', () => {
    expect(newPoll({ slots: manySlots.slice(0, 40) }).slots).toHaveLength(40);
  });

  it.each([
    ['of another case', { caseId: 'case-8' }],
    ['of another consultation', { cycle: 2 }],
  ])('refuses a previous poll %s', (_why, other) => {
    const previous = cancelPoll(newPoll(other), ORGANISER);
    expect(errorOf(() => newPoll({}, previous)).params.fields).toEqual(['poll.previous']);
  });

  it('refuses a previous poll that is still open', () => {
    expect(errorOf(() => newPoll({}, newPoll())).code).toBe('validation.invalid');
  });
});

describe('castVote', () => {
  const open = newPoll();

  it('records a participant answering for themself', () => {
    const v = castVote(open, { participantId: 'R2', slotId: 's1', answer: 'if_need_be' }, 'u-gp', NOW);
    expect(v).toEqual({ pollId: 'poll-1', participantId: 'R2', slotId: 's1', answer: 'if_need_be', recordedBy: 'u-gp', recordedAt: NOW });
    expect(isRecordedOnBehalf(open, v)).toBe(false);
  });

  it('records the organiser answering on behalf of someone without Teams, marked as such', () => {
    const v = castVote(open, { participantId: 'R1', slotId: 's2', answer: 'yes' }, ORGANISER, NOW);
    expect(v.recordedBy).toBe(ORGANISER);
    expect(isRecordedOnBehalf(open, v)).toBe(true);
  });

  it('takes answers after the deadline as long as the poll is not closed', () => {
    const afterDeadline = new Date(DEADLINE.getTime() + 60_000);
    expect(castVote(open, { participantId: 'O1', slotId: 's3', answer: 'no' }, 'u-nurse', afterDeadline).recordedAt).toEqual(afterDeadline);
  });

  const closed = closePoll(open, ORGANISER);
  const cancelled = cancelPoll(open, ORGANISER);
  const withProposal = proposeSlot(open, { date: '2027-06-18', start: '10:00', end: '11:00', place: OFFICE }, 'p1', 'u-nurse', NOW);

  // [why, poll, input, voter, code]
  const REFUSED: [string, Poll, unknown, string, string][] = [
    ['the poll is closed', closed, { participantId: 'R2', slotId: 's1', answer: 'yes' }, 'u-gp', 'poll.not_open'],
    ['the poll is cancelled', cancelled, { participantId: 'R2', slotId: 's1', answer: 'yes' }, 'u-gp', 'poll.not_open'],
    ['the slot does not exist', open, { participantId: 'R2', slotId: 'nope', answer: 'yes' }, 'u-gp', 'poll.slot_not_found'],
    ['the slot is a proposal not accepted yet', withProposal, { participantId: 'R2', slotId: 'p1', answer: 'yes' }, 'u-gp', 'poll.slot_not_accepted'],
    ['the voter is not invited', open, { participantId: 'R2', slotId: 's1', answer: 'yes' }, 'u-stranger', 'poll.participant_not_invited'],
    ['the participant is not invited', open, { participantId: 'X9', slotId: 's1', answer: 'yes' }, ORGANISER, 'poll.participant_not_invited'],
    ['a participant answers for another one', open, { participantId: 'R2', slotId: 's1', answer: 'yes' }, 'u-nurse', 'poll.proxy_organiser_only'],
    ['a participant answers for someone without Teams', open, { participantId: 'R1', slotId: 's1', answer: 'yes' }, 'u-gp', 'poll.proxy_organiser_only'],
    ['the answer is unknown', open, { participantId: 'R2', slotId: 's1', answer: 'maybe' }, 'u-gp', 'validation.invalid'],
    ['the payload has an extra field', open, { participantId: 'R2', slotId: 's1', answer: 'yes', weight: 9 }, 'u-gp', 'validation.invalid'],
    ['the slot id is empty', open, { participantId: 'R2', slotId: '', answer: 'yes' }, 'u-gp', 'validation.invalid'],
    ['the payload is not an object', open, 'yes', 'u-gp', 'validation.invalid'],
  ];

  it.each(REFUSED)('refuses a vote when %s', (_why, poll, input, voter, code) => {
    expect(errorOf(() => castVote(poll, input as VoteInput, voter, NOW)).code).toBe(code);
  });

  it('takes a whole card of answers, or none of them', () => {
    const all = castVotes(open, [
      { participantId: 'R2', slotId: 's1', answer: 'yes' },
      { participantId: 'R2', slotId: 's2', answer: 'no' },
      { participantId: 'R2', slotId: 's3', answer: 'if_need_be' },
    ], 'u-gp', NOW);
    expect(all.map((v) => v.answer)).toEqual(['yes', 'no', 'if_need_be']);
    expect(errorOf(() => castVotes(open, [{ participantId: 'R2', slotId: 's1', answer: 'yes' }, { participantId: 'R2', slotId: 'nope', answer: 'no' }], 'u-gp', NOW)).code).toBe('poll.slot_not_found');
    expect(errorOf(() => castVotes(open, [{ participantId: 'R2', slotId: 's1', answer: 'yes' }, { participantId: 'R2', slotId: 's1', answer: 'no' }], 'u-gp', NOW)).code).toBe('validation.invalid');
  });
});

describe('poll status table', () => {
  const ALLOWED: [PollStatus, PollStatus][] = [
    ['open', 'closed'],
    ['open', 'finalised'],
    ['open', 'cancelled'],
    ['closed', 'open'],
    ['closed', 'finalised'],
    ['closed', 'cancelled'],
    ['finalised', 'open'],
    ['finalised', 'finalised'],
    ['finalised', 'cancelled'],
  ];
  const every = POLL_STATUSES.flatMap((from) => POLL_STATUSES.map((to) => [from, to] as [PollStatus, PollStatus]));
  const isAllowed = (from: PollStatus, to: PollStatus) => ALLOWED.some(([f, t]) => f === from && t === to);

  it.each(every)('%s -> %s is allowed exactly when the table says so', (from, to) => {
    expect(canTransitionPoll(from, to)).toBe(isAllowed(from, to));
    if (isAllowed(from, to)) expect(() => assertPollTransition(from, to)).not.toThrow();
    else expect(errorOf(() => assertPollTransition(from, to))).toMatchObject({ code: 'poll.transition_not_allowed', params: { from, to } });
  });
});

describe('closing', () => {
  it('closes at the deadline, not before, and only an open poll', () => {
    const poll = newPoll();
    expect(isDueForClosing(poll, new Date(DEADLINE.getTime() - 1))).toBe(false);
    expect(errorOf(() => closeAtDeadline(poll, new Date(DEADLINE.getTime() - 1))).code).toBe('poll.deadline_not_reached');
    expect(isDueForClosing(poll, DEADLINE)).toBe(true);
    const closed = closeAtDeadline(poll, DEADLINE);
    expect(closed).toMatchObject({ status: 'closed', version: 2 });
    expect(isDueForClosing(closed, DEADLINE)).toBe(false);
    expect(errorOf(() => closeAtDeadline(closed, DEADLINE)).code).toBe('poll.transition_not_allowed');
  });

  it('lets only the organiser close early', () => {
    expect(closePoll(newPoll(), ORGANISER).status).toBe('closed');
    expect(errorOf(() => closePoll(newPoll(), 'u-gp')).code).toBe('access.denied');
  });

  it('lets the organiser move the deadline of an open poll, to a future moment', () => {
    const later = new Date('2027-06-12T14:00:00Z');
    expect(changeDeadline(newPoll(), later, ORGANISER, NOW).deadline).toEqual(later);
    expect(errorOf(() => changeDeadline(newPoll(), NOW, ORGANISER, NOW)).code).toBe('poll.deadline_in_past');
    expect(errorOf(() => changeDeadline(newPoll(), later, 'u-gp', NOW)).code).toBe('access.denied');
    expect(errorOf(() => changeDeadline(closePoll(newPoll(), ORGANISER), later, ORGANISER, NOW)).code).toBe('poll.not_open');
  });
});

describe('finalisePoll', () => {
  const poll = newPoll();
  // R2 (required) said no to s1; R1 (required) has not answered s2; O1 (optional) said no to s3
  const votes = [vote('R2', 's1', 'no'), vote('R1', 's1', 'yes'), vote('R2', 's2', 'yes'), vote('R1', 's3', 'yes'), vote('R2', 's3', 'yes'), vote('O1', 's3', 'no')];

  it('needs an explicit confirmation for a slot where a required participant said no', () => {
    const err = errorOf(() => finalisePoll(poll, votes, { slotId: 's1' }, ORGANISER, NOW));
    expect(err.code).toBe('poll.finalise_confirmation_required');
    expect(err.params).toEqual({ participantIds: ['R2'] });
    expect(finalisePoll(poll, votes, { slotId: 's1', confirmRequiredNo: true }, ORGANISER, NOW).finalSlotId).toBe('s1');
  });

  it.each([
    ['a required participant did not answer (not answered is not no)', 's2'],
    ['only an optional participant said no', 's3'],
  ])('needs no confirmation when %s', (_why, slotId) => {
    const finalised = finalisePoll(poll, votes, { slotId }, ORGANISER, NOW);
    const slot = poll.slots.find((s) => s.id === slotId);
    expect(finalised).toMatchObject({ status: 'finalised', finalSlotId: slotId, icsSequence: 0, calendarEntry: { slot, cancelled: false }, version: 2 });
  });

  it('finalises a closed poll too', () => {
    expect(finalisePoll(closePoll(poll, ORGANISER), votes, { slotId: 's3' }, ORGANISER, NOW).status).toBe('finalised');
  });

  const withProposal = proposeSlot(poll, { date: '2027-06-18', start: '10:00', end: '11:00', place: OFFICE }, 'p1', 'u-nurse', NOW);
  const finalised = finalisePoll(poll, votes, { slotId: 's3' }, ORGANISER, NOW);

  // [why, action, code]
  const REFUSED: [string, () => unknown, string][] = [
    ['by someone else than the organiser', () => finalisePoll(poll, votes, { slotId: 's3' }, 'u-gp', NOW), 'access.denied'],
    ['a slot that does not exist', () => finalisePoll(poll, votes, { slotId: 'nope' }, ORGANISER, NOW), 'poll.slot_not_found'],
    ['a proposal not accepted', () => finalisePoll(withProposal, votes, { slotId: 'p1' }, ORGANISER, NOW), 'poll.slot_not_accepted'],
    ['a slot that has started', () => finalisePoll(poll, votes, { slotId: 's3' }, ORGANISER, new Date('2027-06-17T07:00:00Z')), 'poll.slot_in_past'],
    ['a finalised poll again (that is a reschedule)', () => finalisePoll(finalised, votes, { slotId: 's2' }, ORGANISER, NOW), 'poll.transition_not_allowed'],
    ['a cancelled poll', () => finalisePoll(cancelPoll(poll, ORGANISER), votes, { slotId: 's2' }, ORGANISER, NOW), 'poll.transition_not_allowed'],
    ['a reschedule of a poll never finalised', () => reschedulePoll(poll, votes, { slotId: 's2' }, ORGANISER, NOW), 'poll.transition_not_allowed'],
    ['a reschedule to the same slot', () => reschedulePoll(finalised, votes, { slotId: 's3' }, ORGANISER, NOW), 'poll.slot_already_final'],
    ['a reschedule to a refused slot without confirmation', () => reschedulePoll(finalised, votes, { slotId: 's1' }, ORGANISER, NOW), 'poll.finalise_confirmation_required'],
    ['a malformed choice', () => finalisePoll(poll, votes, { slotId: 's2', confirmRequiredNo: 'yes' } as never, ORGANISER, NOW), 'validation.invalid'],
  ];

  it.each(REFUSED)('refuses %s', (_why, action, code) => {
    expect(errorOf(action).code).toBe(code);
  });
});

describe('the calendar entry across finalise, reschedule, reopen and cancel', () => {
  it('keeps one UID and raises the SEQUENCE for every new .ics', () => {
    const steps: [string, (p: Poll) => Poll, Partial<Poll>, string | null, boolean | null][] = [
      ['finalise s1', (p) => finalisePoll(p, [], { slotId: 's1' }, ORGANISER, NOW), { status: 'finalised', finalSlotId: 's1', icsSequence: 0 }, 's1', false],
      ['reschedule to s2', (p) => reschedulePoll(p, [], { slotId: 's2' }, ORGANISER, NOW), { status: 'finalised', finalSlotId: 's2', icsSequence: 1 }, 's2', false],
      // the invitation for s2 stays in calendars while the poll is open again
      ['reopen', (p) => reopenPoll(p, new Date('2027-06-12T14:00:00Z'), ORGANISER, LATER), { status: 'open', finalSlotId: null, icsSequence: 1, openedAt: LATER }, 's2', false],
      ['finalise s3', (p) => finalisePoll(p, [], { slotId: 's3' }, ORGANISER, LATER), { status: 'finalised', finalSlotId: 's3', icsSequence: 2 }, 's3', false],
      ['cancel', (p) => cancelPoll(p, ORGANISER), { status: 'cancelled', icsSequence: 3 }, 's3', true],
    ];
    let poll = newPoll();
    for (const [, step, expected, slotId, cancelled] of steps) {
      const next = step(deepFreeze(poll));
      expect(next).toMatchObject({ ...expected, icsUid: 'mko-case-7-1@mko-bot', version: poll.version + 1 });
      expect(next.calendarEntry?.slot.id ?? null).toBe(slotId);
      expect(next.calendarEntry?.cancelled ?? null).toBe(cancelled);
      poll = next;
    }
  });

  it('cancels a poll that never sent an invitation without any calendar message', () => {
    expect(cancelPoll(newPoll(), ORGANISER)).toMatchObject({ status: 'cancelled', icsSequence: 0, calendarEntry: null });
  });

  it('cancels a closed poll and refuses to cancel twice', () => {
    const cancelled = cancelPoll(closePoll(newPoll(), ORGANISER), ORGANISER);
    expect(cancelled.status).toBe('cancelled');
    expect(errorOf(() => cancelPoll(cancelled, ORGANISER)).code).toBe('poll.transition_not_allowed');
    expect(errorOf(() => cancelPoll(newPoll(), 'u-gp')).code).toBe('access.denied');
  });

  it.each([
    ['an open poll', () => reopenPoll(newPoll(), new Date('2027-06-12T14:00:00Z'), ORGANISER, NOW), 'poll.transition_not_allowed'],
    ['a cancelled poll', () => reopenPoll(cancelPoll(newPoll(), ORGANISER), new Date('2027-06-12T14:00:00Z'), ORGANISER, NOW), 'poll.transition_not_allowed'],
    ['with a past deadline', () => reopenPoll(closePoll(newPoll(), ORGANISER), NOW, ORGANISER, NOW), 'poll.deadline_in_past'],
    ['by someone else', () => reopenPoll(closePoll(newPoll(), ORGANISER), new Date('2027-06-12T14:00:00Z'), 'u-gp', NOW), 'access.denied'],
  ])('refuses to reopen %s', (_why, action, code) => {
    expect(errorOf(action).code).toBe(code);
  });
});

describe('the deadline for answers comes before every date still to come', () => {
  // DEADLINE is Thursday 10 June 2027, 16:00 in Brussels
  const BEFORE_DEADLINE: SlotInput = { date: '2027-06-09', start: '10:00', end: '11:00', place: OFFICE };
  const AT_DEADLINE: SlotInput = { date: '2027-06-10', start: '16:00', end: '17:00', place: OFFICE };
  it.each<[string, () => unknown]>([
    ['a new poll with a date before its deadline', () => newPoll({ slots: [...SLOT_INPUTS, BEFORE_DEADLINE] })],
    ['a date added before the deadline', () => addSlots(newPoll(), [BEFORE_DEADLINE], ids('a'), ORGANISER, NOW)],
    ['a date proposed before the deadline', () => proposeSlot(newPoll(), BEFORE_DEADLINE, 'p1', 'u-nurse', NOW)],
    ['a deadline moved past the first date', () => changeDeadline(newPoll(), new Date('2027-06-15T09:00:00Z'), ORGANISER, NOW)],
    ['a poll reopened with a deadline past a date to come', () => reopenPoll(closePoll(newPoll(), ORGANISER), new Date('2027-06-16T09:00:00Z'), ORGANISER, NOW)],
  ])('refuses %s', (_why, action) => {
    expect(errorOf(action).code).toBe('poll.deadline_after_slot');
  });

  it('accepts a date that starts at the deadline', () => {
    expect(newPoll({ slots: [AT_DEADLINE] }).slots).toHaveLength(1);
  });

  it('ignores dates already past when a poll is reopened: they can no longer be chosen', () => {
    const afterFirst = new Date('2027-06-15T12:00:00Z'); // the 15 June date is over
    const reopened = reopenPoll(closePoll(newPoll(), ORGANISER), new Date('2027-06-16T08:00:00Z'), ORGANISER, afterFirst);
    expect(reopened.status).toBe('open');
  });
});

describe('slots added and proposed', () => {
  const PROPOSAL: SlotInput = { date: '2027-06-18', start: '10:00', end: '11:00', place: OFFICE };

  it('lets a participant propose a slot that counts only once the organiser accepts it', () => {
    const proposed = proposeSlot(newPoll(), PROPOSAL, 'p1', 'u-nurse', NOW);
    expect(proposed.slots.at(-1)).toMatchObject({ id: 'p1', proposedBy: 'O1', accepted: false });
    expect(tallyPoll(proposed, []).slots.map((s) => s.slotId)).not.toContain('p1');
    expect(errorOf(() => castVote(proposed, { participantId: 'R2', slotId: 'p1', answer: 'yes' }, 'u-gp', NOW)).code).toBe('poll.slot_not_accepted');

    const accepted = acceptSlot(proposed, 'p1', ORGANISER, NOW);
    expect(accepted.slots.at(-1)).toMatchObject({ id: 'p1', accepted: true });
    expect(accepted.version).toBe(proposed.version + 1);
    expect(tallyPoll(accepted, []).slots.map((s) => s.slotId)).toContain('p1');
    expect(castVote(accepted, { participantId: 'R2', slotId: 'p1', answer: 'yes' }, 'u-gp', NOW).slotId).toBe('p1');
  });

  it('lets the organiser decline a proposal', () => {
    const proposed = proposeSlot(newPoll(), PROPOSAL, 'p1', 'u-nurse', NOW);
    expect(declineSlot(proposed, 'p1', ORGANISER).slots.map((s) => s.id)).toEqual(['s1', 's2', 's3']);
  });

  const proposed = proposeSlot(newPoll(), PROPOSAL, 'p1', 'u-nurse', NOW);
  const REFUSED: [string, () => unknown, string][] = [
    ['a proposal when the poll does not allow it', () => proposeSlot(newPoll({ options: { ...BASE.options, participantsMayProposeSlots: false } }), PROPOSAL, 'p1', 'u-nurse', NOW), 'poll.proposals_not_allowed'],
    ['a proposal from someone not invited', () => proposeSlot(newPoll(), PROPOSAL, 'p1', 'u-stranger', NOW), 'poll.participant_not_invited'],
    ['a proposal on a closed poll', () => proposeSlot(closePoll(newPoll(), ORGANISER), PROPOSAL, 'p1', 'u-nurse', NOW), 'poll.not_open'],
    ['a proposal of a slot already offered', () => proposeSlot(newPoll(), SLOT_INPUTS[1]!, 'p1', 'u-nurse', NOW), 'poll.slot_duplicate'],
    ['a proposal in the past', () => proposeSlot(newPoll(), { ...PROPOSAL, date: '2027-05-31' }, 'p1', 'u-nurse', NOW), 'poll.slot_in_past'],
    ['acceptance by someone else than the organiser', () => acceptSlot(proposed, 'p1', 'u-gp', NOW), 'access.denied'],
    ['accepting a slot already accepted', () => acceptSlot(proposed, 's1', ORGANISER, NOW), 'poll.slot_already_accepted'],
    ['accepting a proposal whose time has passed', () => acceptSlot(proposed, 'p1', ORGANISER, new Date('2027-06-18T09:00:00Z')), 'poll.slot_in_past'],
    ['declining a slot already accepted', () => declineSlot(proposed, 's2', ORGANISER), 'poll.slot_already_accepted'],
    ['declining an unknown slot', () => declineSlot(proposed, 'zz', ORGANISER), 'poll.slot_not_found'],
    ['slots added by someone else than the organiser', () => addSlots(newPoll(), [PROPOSAL], ids('a'), 'u-gp', NOW), 'access.denied'],
    ['no slots added', () => addSlots(newPoll(), [], ids('a'), ORGANISER, NOW), 'poll.no_slots'],
  ];

  it.each(REFUSED)('refuses %s', (_why, action, code) => {
    expect(errorOf(action).code).toBe(code);
  });

  it('lets the organiser add a repeated pattern of slots to an open poll', () => {
    const pattern = expandPattern({ from: '2027-06-21', until: '2027-06-25', weekdays: [1, 3], start: '13:00', end: '14:00', place: ONLINE }, 10);
    const poll = addSlots(newPoll(), pattern, ids('a'), ORGANISER, NOW);
    expect(poll.slots.map((s) => s.id)).toEqual(['s1', 's2', 's3', 'a1', 'a2']);
    expect(poll.slots.slice(3).every((s) => s.accepted && s.proposedBy === null)).toBe(true);
  });
});

describe('canSeeResults', () => {
  it.each([
    [false, ORGANISER, true],
    [false, 'u-gp', true],
    [false, null, true],
    [true, ORGANISER, true],
    [true, 'u-gp', false],
    [true, null, false],
  ])('results for organiser only = %s: viewer %s sees them: %s', (organiserOnly, viewer, sees) => {
    const poll = newPoll({ options: { resultsVisibleToOrganiserOnly: organiserOnly, participantsMayProposeSlots: false } });
    expect(canSeeResults(poll, viewer)).toBe(sees);
  });
});
