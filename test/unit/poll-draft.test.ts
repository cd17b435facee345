import { DomainError } from '../../domain/errors';
import type { SlotInput } from '../../domain/poll/inputs';
import {
  addDraftPattern,
  addDraftSlots,
  chooseRequired,
  listPollCandidates,
  meetingCycleOf,
  parseDraftSlots,
  placeFromText,
  removeDraftSlot,
  suggestDeadline,
} from '../../domain/poll/poll-draft';
import { MAX_SLOTS } from '../../domain/poll/poll';
import { makePlanningCase } from '../support/poll-fixtures';

// The organiser's draft of a poll: who answers, and the slots added one by one or as a pattern.

const NOW = new Date('2026-11-23T09:00:00Z');
const OFFICE = { kind: 'address', text: 'Rue Haute 12' } as const;
const slot = (date: string, start = '10:00', end = '11:00'): SlotInput => ({ date, start, end, place: OFFICE });

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('no error');
}

const CASE = makePlanningCase('org', [
  { id: 'e-gp', role: 'Huisarts', name: 'Dr. A', userId: 'u-gp' },
  { id: 'e-nurse', role: 'Home nurse', name: 'N', userId: 'u-nurse' },
  { id: 'e-doc', role: 'Médecin généraliste remplaçant', name: 'Dr. B', userId: null },
  { id: 'e-kine', role: 'Physiotherapist', name: 'K', userId: 'u-kine' },
  { id: 'e-out', role: 'Neighbour', name: 'O', userId: null, invited: false },
]);

describe('who answers the poll', () => {
  it('is the person (answered for by the organiser) and every invited member; the person, the referent and the GP are suggested as required', () => {
    expect(listPollCandidates(CASE).map((p) => [p.id, p.userId, p.required])).toEqual([
      ['person', null, true],
      ['e-gp', 'u-gp', true],
      ['e-nurse', 'u-nurse', true],
      ['e-doc', null, true],
      ['e-kine', 'u-kine', false],
    ]);
    expect(listPollCandidates(CASE)[0]).toMatchObject({ name: 'M. D.', role: 'person' });
  });

  it('follows the organiser\'s choice, and the suggestion for anyone the choice leaves out', () => {
    const chosen = chooseRequired(listPollCandidates(CASE), { person: true, 'e-gp': false, 'e-kine': true, 'e-unknown': true });
    expect(chosen.map((p) => [p.id, p.required])).toEqual([
      ['person', true],
      ['e-gp', false],
      ['e-nurse', true],
      ['e-doc', true],
      ['e-kine', true],
    ]);
  });

  it('numbers the meeting by the meetings held before', () => {
    expect(meetingCycleOf(CASE)).toBe(1);
    const held = { ...CASE, statusHistory: [...CASE.statusHistory, { from: 'scheduled' as const, to: 'held' as const, at: NOW, by: 'org' }] };
    expect(meetingCycleOf(held)).toBe(2);
  });
});

describe('the draft\'s slots', () => {
  it('reads a link as an online meeting and anything else as an address', () => {
    expect(placeFromText(' https://teams.microsoft.com/l/meetup-join/x ')).toEqual({ kind: 'online', url: 'https://teams.microsoft.com/l/meetup-join/x' });
    expect(placeFromText('Rue Haute 12, 1000 Brussel')).toEqual({ kind: 'address', text: 'Rue Haute 12, 1000 Brussel' });
  });

  it('adds a slot after the checks a poll makes, and leaves the draft as it was when one fails', () => {
    const one = addDraftSlots([], [slot('2026-12-01')], NOW);
    expect(one).toEqual([slot('2026-12-01')]);
    expect(codeOf(() => addDraftSlots(one, [slot('2026-12-01')], NOW))).toBe('poll.slot_duplicate');
    expect(codeOf(() => addDraftSlots(one, [slot('2026-11-20')], NOW))).toBe('poll.slot_in_past');
    expect(codeOf(() => addDraftSlots(one, [slot('2027-03-28', '02:30', '03:30')], NOW))).toBe('poll.slot_time_nonexistent');
    expect(codeOf(() => addDraftSlots(one, [slot('2026-12-02', '11:00', '10:00')], NOW))).toBe('poll.slot_end_not_after_start');
    expect(codeOf(() => addDraftSlots(one, [slot('2026-12-02', '25:00')], NOW))).toBe('validation.invalid');
    expect(one).toEqual([slot('2026-12-01')]);
  });

  it('adds the slots of a pattern in date order, and refuses one that gives none or too many', () => {
    const pattern = { from: '2026-12-07', until: '2026-12-13', weekdays: [1, 3, 5], start: '14:00', end: '15:00', place: OFFICE };
    expect(addDraftPattern([slot('2026-12-01')], pattern, NOW).map((s) => s.date)).toEqual(['2026-12-01', '2026-12-07', '2026-12-09', '2026-12-11']);
    expect(codeOf(() => addDraftPattern([], { ...pattern, weekdays: [6], until: '2026-12-11' }, NOW))).toBe('poll.pattern_empty');
    const full = Array.from({ length: MAX_SLOTS - 1 }, (_, i) => slot('2027-01-04', `${String(8 + Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`, '23:00'));
    expect(codeOf(() => addDraftPattern(full, pattern, NOW))).toBe('poll.too_many_slots');
  });

  it('removes a slot by its place in the list', () => {
    expect(removeDraftSlot([slot('2026-12-01'), slot('2026-12-02')], 0)).toEqual([slot('2026-12-02')]);
    expect(removeDraftSlot([slot('2026-12-01')], 5)).toEqual([slot('2026-12-01')]);
  });

  it('reads back only a list of well-formed slots', () => {
    expect(parseDraftSlots([slot('2026-12-01')])).toEqual([slot('2026-12-01')]);
    for (const bad of [{ not: 'a list' }, [{ ...slot('2026-12-01'), extra: 1 }], [slot('2026-02-30')], Array.from({ length: MAX_SLOTS + 1 }, () => slot('2026-12-01'))]) {
      expect(codeOf(() => parseDraftSlots(bad))).toBe('validation.invalid');
    }
  });

  it('suggests a deadline a week ahead at 17:00 Brussels time, across a daylight-saving change', () => {
    expect(suggestDeadline(NOW)).toEqual({ date: '2026-11-30', time: '17:00' });
    // 23:30 UTC on 24 March is already the 25th in Brussels
    expect(suggestDeadline(new Date('2027-03-24T23:30:00Z'))).toEqual({ date: '2027-04-01', time: '17:00' });
  });

  const at = (date: string, start: string) => ({ date, start, end: '23:59', place: { kind: 'address' as const, text: 'Office' } });
  it.each([
    ['no dates yet: a week from today', [], { date: '2026-11-30', time: '17:00' }],
    ['all dates after a week: a week from today', [at('2026-12-07', '10:00')], { date: '2026-11-30', time: '17:00' }],
    ['a date in three days: 17:00 the day before', [at('2026-12-07', '10:00'), at('2026-11-26', '14:00')], { date: '2026-11-25', time: '17:00' }],
    ['a date tomorrow, before 17:00 today: today at 17:00', [at('2026-11-24', '09:00')], { date: '2026-11-23', time: '17:00' }],
  ])('suggests a deadline before the first date: %s', (_why, slots, expected) => {
    // NOW is Monday 23 November 2026, 10:00 in Brussels
    expect(suggestDeadline(NOW, slots)).toEqual(expected);
  });

  it('suggests the start of the first date when 17:00 the day before has passed', () => {
    const evening = new Date('2026-11-23T18:00:00Z'); // 19:00 in Brussels
    expect(suggestDeadline(evening, [at('2026-11-24', '09:00')])).toEqual({ date: '2026-11-24', time: '09:00' });
  });
});
