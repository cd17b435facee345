import type { Answer, Poll, PollParticipant, Slot, Vote } from '../../domain/poll/poll';
import { tallyPoll, type AnswerCounts } from '../../domain/poll/tally';

const NOW = new Date('2027-06-01T08:00:00Z');
const PLACE = { kind: 'address', text: 'CPAS Saint-Gilles' } as const;

// Three required participants and two optional ones, in this order in every vote string below.
const PARTICIPANTS: PollParticipant[] = [
  { id: 'R1', userId: 'u-r1', name: 'Person', role: 'person', required: true },
  { id: 'R2', userId: 'u-r2', name: 'GP', role: 'gp', required: true },
  { id: 'R3', userId: null, name: 'Referent', role: 'referent', required: true },
  { id: 'O1', userId: 'u-o1', name: 'Home nurse', role: 'nurse', required: false },
  { id: 'O2', userId: null, name: 'Sister', role: 'relative', required: false },
];

// Slot A is the earliest, C the latest: the last tie-break.
function slot(id: string, startIso: string, accepted = true): Slot {
  const start = new Date(startIso);
  return { id, start, end: new Date(start.getTime() + 3_600_000), place: PLACE, proposedBy: accepted ? null : 'O1', accepted };
}
const SLOTS = [slot('A', '2027-06-15T07:00:00Z'), slot('B', '2027-06-16T07:00:00Z'), slot('C', '2027-06-17T07:00:00Z')];

function makePoll(slots: Slot[] = SLOTS): Pick<Poll, 'id' | 'slots' | 'participants'> {
  return { id: 'poll-1', slots, participants: PARTICIPANTS };
}

const CODE: Record<string, Answer | null> = { y: 'yes', m: 'if_need_be', n: 'no', '.': null };

/** Votes from strings such as { A: 'yyn.m' }: one character per participant, in PARTICIPANTS order. */
function votes(spec: Record<string, string>, pollId = 'poll-1'): Vote[] {
  return Object.entries(spec).flatMap(([slotId, answers]) =>
    [...answers].flatMap((c, i) => {
      const answer = CODE[c];
      const p = PARTICIPANTS[i];
      if (answer === undefined || !p) throw new Error(`bad spec ${answers}`);
      return answer === null ? [] : [{ pollId, participantId: p.id, slotId, answer, recordedBy: p.userId ?? 'organiser', recordedAt: NOW }];
    }),
  );
}

describe('tallyPoll ranking', () => {
  // [why, votes, expected order best first]
  const CASES: [string, Record<string, string>, string[]][] = [
    ['more required participants available beats more optional ones', { A: 'yynyy', B: 'yyy..' }, ['B', 'A']],
    ['"if need be" counts as available: 3 required (one if need be) beat 2 required and 2 optional', { A: 'yym..', B: 'yynyy' }, ['A', 'B']],
    ['at equal availability "yes" beats "if need be", even for a later slot', { A: 'mmm..', B: 'yyy..' }, ['B', 'A']],
    ['optional availability comes before the required score', { A: 'yymyy', B: 'yyyy.' }, ['A', 'B']],
    ['optional score breaks a tie after the required score', { A: 'yyymm', B: 'yyyym' }, ['B', 'A']],
    ['"not answered" is not "no" but is not available either: both rank the same', { A: 'yy.yy', B: 'yynyy' }, ['A', 'B']],
    ['a full tie is broken by start time, earliest first', { C: 'yyyyy', B: 'yyyyy', A: 'yyyyy' }, ['A', 'B', 'C']],
    ['nobody answered: start time decides', {}, ['A', 'B', 'C']],
    ['one "no" from a required participant loses to one "if need be"', { A: 'yyn..', B: 'yym..', C: 'nnn..' }, ['B', 'A', 'C']],
  ];

  it.each(CASES)('%s', (_why, spec, order) => {
    const tally = tallyPoll(makePoll(), votes(spec));
    expect(tally.slots.map((s) => s.slotId)).toEqual(order.concat(['A', 'B', 'C'].filter((id) => !order.includes(id))));
    expect(tally.slots.map((s) => s.rank)).toEqual([1, 2, 3]);
  });

  it('is deterministic whatever the order of slots and votes', () => {
    const spec = { A: 'ym.yn', B: 'myy.y', C: 'yym.m' };
    const forward = tallyPoll(makePoll(), votes(spec));
    const backward = tallyPoll(makePoll([...SLOTS].reverse()), votes(spec).reverse());
    expect(backward).toEqual(forward);
  });

  it('breaks a full tie by start time, not by slot id', () => {
    const unordered = [slot('A', '2027-06-17T07:00:00Z'), slot('Z', '2027-06-15T07:00:00Z'), slot('M', '2027-06-16T07:00:00Z')];
    const spec = { A: 'yym.y', Z: 'yym.y', M: 'yym.y' };
    expect(tallyPoll(makePoll(unordered), votes(spec)).slots.map((s) => s.slotId)).toEqual(['Z', 'M', 'A']);
  });

  it('breaks a tie between slots at the same start by slot id', () => {
    const twins = [slot('Z', '2027-06-15T07:00:00Z'), slot('A', '2027-06-15T07:00:00Z')];
    expect(tallyPoll(makePoll(twins), []).slots.map((s) => s.slotId)).toEqual(['A', 'Z']);
  });
});

describe('tallyPoll counts', () => {
  const counts = (yes: number, ifNeedBe: number, no: number, notAnswered: number): AnswerCounts => ({ yes, ifNeedBe, no, notAnswered });

  // [votes for slot A, required counts, optional counts, available, score, missing]
  const CASES: [string, AnswerCounts, AnswerCounts, [number, number], [number, number], [string, string][]][] = [
    ['yyyyy', counts(3, 0, 0, 0), counts(2, 0, 0, 0), [3, 2], [3, 2], []],
    ['.....', counts(0, 0, 0, 3), counts(0, 0, 0, 2), [0, 0], [0, 0], [['R1', 'not_answered'], ['R2', 'not_answered'], ['R3', 'not_answered']]],
    ['nnnnn', counts(0, 0, 3, 0), counts(0, 0, 2, 0), [0, 0], [0, 0], [['R1', 'no'], ['R2', 'no'], ['R3', 'no']]],
    ['ymn.m', counts(1, 1, 1, 0), counts(0, 1, 0, 1), [2, 1], [1.5, 0.5], [['R3', 'no']]],
    ['.my.n', counts(1, 1, 0, 1), counts(0, 0, 1, 1), [2, 0], [1.5, 0], [['R1', 'not_answered']]],
    // optional participants who say no or do not answer are never "missing"
    ['mmmnn', counts(0, 3, 0, 0), counts(0, 0, 2, 0), [3, 0], [1.5, 0], []],
  ];

  it.each(CASES)('slot answered %s', (answers, required, optional, [availRequired, availOptional], [scoreRequired, scoreOptional], missing) => {
    const a = tallyPoll(makePoll(), votes({ A: answers })).slots.find((s) => s.slotId === 'A');
    expect(a).toMatchObject({
      required,
      optional,
      available: { required: availRequired, optional: availOptional },
      score: { required: scoreRequired, optional: scoreOptional },
      missing: missing.map(([participantId, answer]) => ({ participantId, answer })),
      allRequiredAvailable: missing.length === 0,
    });
  });

  it('ignores proposals not accepted yet, votes of another poll and unknown participants', () => {
    const withProposal = [...SLOTS, slot('P', '2027-06-14T07:00:00Z', false)];
    const stray: Vote[] = [
      { pollId: 'poll-1', participantId: 'R1', slotId: 'P', answer: 'yes', recordedBy: 'u-r1', recordedAt: NOW },
      { pollId: 'poll-2', participantId: 'R2', slotId: 'A', answer: 'yes', recordedBy: 'u-r2', recordedAt: NOW },
      { pollId: 'poll-1', participantId: 'removed', slotId: 'A', answer: 'yes', recordedBy: 'x', recordedAt: NOW },
    ];
    const tally = tallyPoll(makePoll(withProposal), stray);
    expect(tally.slots.map((s) => s.slotId)).toEqual(['A', 'B', 'C']);
    expect(tally.slots.find((s) => s.slotId === 'A')?.required).toEqual(counts(0, 0, 0, 3));
    expect(tally.participants.find((p) => p.participantId === 'R1')?.answered).toBe(0);
  });

  it('counts the later vote when a participant somehow has two for one slot', () => {
    const later = new Date(NOW.getTime() + 60_000);
    const twice: Vote[] = [
      { pollId: 'poll-1', participantId: 'R1', slotId: 'A', answer: 'yes', recordedBy: 'u-r1', recordedAt: later },
      { pollId: 'poll-1', participantId: 'R1', slotId: 'A', answer: 'no', recordedBy: 'u-r1', recordedAt: NOW },
    ];
    expect(tallyPoll(makePoll(), twice).slots.find((s) => s.slotId === 'A')?.required).toEqual(counts(1, 0, 0, 2));
  });

  it('counts the one read last when two votes for one slot were recorded at the same moment', () => {
    const same: Vote[] = [
      { pollId: 'poll-1', participantId: 'O1', slotId: 'B', answer: 'no', recordedBy: 'u-o1', recordedAt: NOW },
      { pollId: 'poll-1', participantId: 'O1', slotId: 'B', answer: 'if_need_be', recordedBy: 'u-o1', recordedAt: NOW },
    ];
    const tally = tallyPoll(makePoll(), same);
    expect(tally.slots.find((s) => s.slotId === 'B')?.optional).toEqual(counts(0, 1, 0, 1));
    expect(tally.participants.find((p) => p.participantId === 'O1')?.answered).toBe(1);
  });
});

describe('tallyPoll progress', () => {
  // [votes, complete participants, all required answered]
  const CASES: [Record<string, string>, string[], boolean][] = [
    [{}, [], false],
    [{ A: 'yyy..', B: 'nnn..', C: 'mmm..' }, ['R1', 'R2', 'R3'], true],
    [{ A: 'yyyyy', B: 'nnnnn', C: 'mm.mm' }, ['R1', 'R2', 'O1', 'O2'], false],
    // answering "no" everywhere is an answer: the participant is complete
    [{ A: 'nnnnn', B: 'nnnnn', C: 'nnnnn' }, ['R1', 'R2', 'R3', 'O1', 'O2'], true],
  ];

  it.each(CASES)('votes %j: complete %j, all required answered %s', (spec, complete, allRequired) => {
    const tally = tallyPoll(makePoll(), votes(spec));
    expect(tally.participants.filter((p) => p.complete).map((p) => p.participantId)).toEqual(complete);
    expect(tally.allRequiredAnswered).toBe(allRequired);
    expect(tally.requiredAnswered).toEqual({ complete: complete.filter((id) => id.startsWith('R')).length, total: 3 });
  });

  it('does not announce "all required answered" when nobody is required', () => {
    const allOptional = { ...makePoll(), participants: PARTICIPANTS.map((p) => ({ ...p, required: false })) };
    expect(tallyPoll(allOptional, votes({ A: 'yyyyy', B: 'yyyyy', C: 'yyyyy' })).allRequiredAnswered).toBe(false);
  });
});
