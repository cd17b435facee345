import type { Poll, PollParticipant, Slot, Vote } from '../../domain/poll/poll';
import { DEFAULT_QUIET_HOURS, isQuietMoment, lastAllowedPeriodStartBefore, nextAllowedMoment, type QuietHours } from '../../domain/poll/quiet-hours';
import { DEFAULT_REMINDER_CONFIG, listDueNotices, listDueReminders, scheduleReminders, type ReminderConfig } from '../../domain/poll/reminders';
import { closeAtDeadline, finalisePoll, reopenPoll } from '../../domain/poll/rules';

// All instants are written in UTC with their Brussels time beside them; the tests run in Auckland.
const at = (iso: string): Date => new Date(iso);
const ORGANISER = 'u-org';
const PLACE = { kind: 'address', text: 'CPAS' } as const;

const PARTICIPANTS: PollParticipant[] = [
  { id: 'R1', userId: null, name: 'Person', role: 'person', required: true },
  { id: 'R2', userId: 'u-gp', name: 'GP', role: 'gp', required: true },
  { id: 'O1', userId: 'u-nurse', name: 'Home nurse', role: 'nurse', required: false },
  { id: 'O2', userId: 'u-sister', name: 'Sister', role: 'relative', required: false },
];

function slot(id: string, startIso: string): Slot {
  const start = at(startIso);
  return { id, start, end: new Date(start.getTime() + 3_600_000), place: PLACE, proposedBy: null, accepted: true };
}

function makePoll(deadlineIso: string, openedAtIso: string, overrides: Partial<Poll> = {}): Poll {
  return {
    id: 'poll-1',
    caseId: 'case-7',
    cycle: 1,
    organiserId: ORGANISER,
    meetingGoal: 'Agree on the care plan',
    slots: [slot('s1', '2027-12-01T09:00:00Z'), slot('s2', '2027-12-02T09:00:00Z')],
    participants: PARTICIPANTS,
    deadline: at(deadlineIso),
    options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: false },
    status: 'open',
    finalSlotId: null,
    icsUid: 'mko-case-7-1@mko-bot',
    icsSequence: 0,
    calendarEntry: null,
    openedAt: at(openedAtIso),
    createdAt: at(openedAtIso),
    version: 1,
    ...overrides,
  };
}

function vote(participantId: string, slotId: string): Vote {
  return { pollId: 'poll-1', participantId, slotId, answer: 'no', recordedBy: 'x', recordedAt: at('2027-06-10T08:00:00Z') };
}

// R2 and O2 answered every slot; O1 answered one of two; R1 (no Teams) nothing.
const VOTES = [vote('R2', 's1'), vote('R2', 's2'), vote('O1', 's1'), vote('O2', 's1'), vote('O2', 's2')];

describe('quiet hours (default: 20:00-08:00 Brussels, Saturday and Sunday)', () => {
  // [instant, Brussels time, quiet]
  const CASES: [string, string, boolean][] = [
    ['2027-06-11T17:59:00Z', 'Fri 19:59 summer', false],
    ['2027-06-11T18:00:00Z', 'Fri 20:00 summer', true],
    ['2027-06-12T10:00:00Z', 'Sat 12:00', true],
    ['2027-06-13T10:00:00Z', 'Sun 12:00', true],
    ['2027-06-14T05:59:00Z', 'Mon 07:59 summer', true],
    ['2027-06-14T06:00:00Z', 'Mon 08:00 summer', false],
    ['2027-11-08T06:59:00Z', 'Mon 07:59 winter', true],
    ['2027-11-08T07:00:00Z', 'Mon 08:00 winter', false],
    ['2027-11-08T18:59:00Z', 'Mon 19:59 winter', false],
    ['2027-11-08T19:00:00Z', 'Mon 20:00 winter', true],
    // Belgium's public holidays are known by default: quiet all day
    ['2027-11-01T07:00:00Z', 'Mon 08:00 winter, All Saints', true],
    ['2027-11-01T10:00:00Z', 'Mon 11:00 winter, All Saints', true],
    ['2027-03-29T08:00:00Z', 'Mon 10:00 summer, Easter Monday', true],
    ['2027-07-21T08:00:00Z', 'Wed 10:00 summer, National Day', true],
    ['2027-07-22T08:00:00Z', 'Thu 10:00 summer, the day after', false],
  ];

  it.each(CASES)('%s (%s) is quiet: %s', (iso, _brussels, quiet) => {
    expect(isQuietMoment(at(iso), DEFAULT_QUIET_HOURS)).toBe(quiet);
  });

  it('treats a closed date (public holiday) as quiet all day', () => {
    const allSaints: QuietHours = { ...DEFAULT_QUIET_HOURS, closedDates: ['2027-11-01'] };
    expect(isQuietMoment(at('2027-11-01T10:00:00Z'), allSaints)).toBe(true);
    expect(nextAllowedMoment(at('2027-10-30T10:00:00Z'), allSaints)).toEqual(at('2027-11-02T07:00:00Z'));
  });

  // [from, to, why]
  const NEXT: [string, string, string][] = [
    ['2027-06-15T10:00:00Z', '2027-06-15T10:00:00Z', 'Tue 12:00 is allowed: unchanged'],
    ['2027-06-11T19:00:00Z', '2027-06-14T06:00:00Z', 'Fri 21:00 -> Mon 08:00'],
    ['2027-06-15T01:00:00Z', '2027-06-15T06:00:00Z', 'Tue 03:00 -> Tue 08:00'],
    ['2027-10-30T08:00:00Z', '2027-11-02T07:00:00Z', 'Sat 10:00 summer -> Tue 08:00 winter (autumn change on Sunday, All Saints on Monday)'],
    ['2027-03-26T21:00:00Z', '2027-03-30T06:00:00Z', 'Fri 22:00 winter -> Tue 08:00 summer (spring change on Easter Sunday, then Easter Monday)'],
    ['2026-10-23T19:00:00Z', '2026-10-26T07:00:00Z', 'Fri 21:00 summer -> Mon 08:00 winter (autumn change on Sunday, no holiday)'],
    ['2026-03-27T21:00:00Z', '2026-03-30T06:00:00Z', 'Fri 22:00 winter -> Mon 08:00 summer (spring change on Sunday, no holiday)'],
  ];

  it.each(NEXT)('next allowed moment after %s is %s (%s)', (from, to) => {
    expect(nextAllowedMoment(at(from), DEFAULT_QUIET_HOURS)).toEqual(at(to));
  });

  // [before, start of the last allowed period, config, why]
  const LAST: [string, string, QuietHours, string][] = [
    ['2027-06-14T06:00:00Z', '2027-06-11T06:00:00Z', DEFAULT_QUIET_HOURS, 'before Mon 08:00: Fri 08:00'],
    ['2027-06-14T07:00:00Z', '2027-06-14T06:00:00Z', DEFAULT_QUIET_HOURS, 'before Mon 09:00: Mon 08:00'],
    ['2027-06-12T10:00:00Z', '2027-06-11T06:00:00Z', DEFAULT_QUIET_HOURS, 'before Sat 12:00: Fri 08:00'],
    ['2027-06-15T01:00:00Z', '2027-06-14T05:00:00Z', { start: '00:00', end: '07:00', days: [], closedDates: [], publicHolidays: 'be' }, 'quiet 00-07, before Tue 03:00: Mon 07:00'],
    ['2027-06-14T22:30:00Z', '2027-06-14T04:00:00Z', { start: '01:00', end: '06:00', days: [], closedDates: [], publicHolidays: 'be' }, 'quiet 01-06, before Tue 00:30: Mon 06:00 (the period runs on past midnight)'],
  ];

  it.each(LAST)('last allowed period before %s starts %s', (before, start, quiet) => {
    expect(lastAllowedPeriodStartBefore(at(before), quiet)).toEqual(at(start));
  });
});

describe('scheduleReminders (48 h and 24 h before the deadline by default)', () => {
  // [why, deadline, opened at, [offset hours, sent at][]]
  const CASES: [string, string, string, [number, string][]][] = [
    ['deadline Wed 17:00: Mon 17:00 and Tue 17:00', '2027-06-16T15:00:00Z', '2027-06-10T08:00:00Z', [[48, '2027-06-14T15:00:00Z'], [24, '2027-06-15T15:00:00Z']]],
    ['deadline Wed 07:00: both move to 08:00 the same day', '2027-06-16T05:00:00Z', '2027-06-10T08:00:00Z', [[48, '2027-06-14T06:00:00Z'], [24, '2027-06-15T06:00:00Z']]],
    ['deadline Tue 22:00: Sun 22:00 -> Mon 08:00, Mon 22:00 -> Tue 08:00', '2027-06-15T20:00:00Z', '2027-06-10T08:00:00Z', [[48, '2027-06-14T06:00:00Z'], [24, '2027-06-15T06:00:00Z']]],
    // the weekend pushes both to Monday 08:00, before the deadline: they merge into one
    ['deadline Mon 09:00: Sat and Sun reminders become one on Mon 08:00', '2027-06-14T07:00:00Z', '2027-06-10T08:00:00Z', [[48, '2027-06-14T06:00:00Z']]],
    // Monday 08:00 would be the deadline itself: back to the start of the last working day
    ['deadline Mon 08:00: back to Fri 08:00', '2027-06-14T06:00:00Z', '2027-06-10T08:00:00Z', [[48, '2027-06-11T06:00:00Z']]],
    ['deadline Mon 08:00, poll opened Fri 10:00: no reminder before it opened', '2027-06-14T06:00:00Z', '2027-06-11T08:00:00Z', []],
    ['deadline Wed 17:00, poll opened Tue 09:00: only the 24 h one', '2027-06-16T15:00:00Z', '2027-06-15T07:00:00Z', [[24, '2027-06-15T15:00:00Z']]],
    // offsets are real hours: 48 h before Mon 09:00 winter time is Sat 10:00 summer time; Monday 1 Nov
    // is All Saints (a public holiday), so the reminder goes back to the last working day, Fri 08:00 summer
    ['deadline Mon 1 Nov 09:00, after the autumn change', '2027-11-01T08:00:00Z', '2027-10-25T08:00:00Z', [[48, '2027-10-29T06:00:00Z']]],
    // 48 h before is Sun 10:00 and 24 h before Mon 10:00, but Mon 29 Mar is Easter Monday (a public
    // holiday): both move to Tue 08:00 summer time and merge into one
    ['deadline Tue 30 Mar 10:00, after the spring change', '2027-03-30T08:00:00Z', '2027-03-22T08:00:00Z', [[48, '2027-03-30T06:00:00Z']]],
  ];

  it.each(CASES)('%s', (_why, deadline, openedAt, expected) => {
    const planned = scheduleReminders(makePoll(deadline, openedAt), DEFAULT_REMINDER_CONFIG);
    expect(planned.map((r) => [r.offsetHours, r.at.toISOString()])).toEqual(expected.map(([h, iso]) => [h, at(iso).toISOString()]));
    for (const r of planned) {
      expect(isQuietMoment(r.at, DEFAULT_QUIET_HOURS)).toBe(false);
      expect(r.at.getTime()).toBeLessThan(at(deadline).getTime());
    }
  });

  it('uses configured offsets, in any order, each once', () => {
    const config: ReminderConfig = { ...DEFAULT_REMINDER_CONFIG, offsetsHours: [2, 72, 2] };
    const planned = scheduleReminders(makePoll('2027-06-16T15:00:00Z', '2027-06-10T08:00:00Z'), config);
    expect(planned.map((r) => [r.offsetHours, r.at.toISOString()])).toEqual([
      // 72 h before is Sunday 17:00: moved to Monday 08:00
      [72, '2027-06-14T06:00:00.000Z'],
      [2, '2027-06-16T13:00:00.000Z'],
    ]);
  });
});

describe('listDueReminders', () => {
  // deadline Wednesday 16 June 17:00 (15:00Z); reminders Monday and Tuesday 17:00
  const poll = makePoll('2027-06-16T15:00:00Z', '2027-06-10T08:00:00Z');

  it('reminds only those who have not answered every slot; the organiser for someone without Teams', () => {
    expect(listDueReminders(poll, VOTES, at('2027-06-14T15:00:00Z'), DEFAULT_REMINDER_CONFIG)).toEqual([
      {
        key: 'poll:poll-1:remind:R1:48h@20270616T150000Z',
        pollId: 'poll-1',
        participantId: 'R1',
        to: { kind: 'organiser', userId: ORGANISER, onBehalfOf: 'R1' },
        offsetHours: 48,
        at: at('2027-06-14T15:00:00Z'),
      },
      {
        key: 'poll:poll-1:remind:O1:48h@20270616T150000Z',
        pollId: 'poll-1',
        participantId: 'O1',
        to: { kind: 'participant', userId: 'u-nurse' },
        offsetHours: 48,
        at: at('2027-06-14T15:00:00Z'),
      },
    ]);
  });

  // [now, Brussels, keys due]
  const CASES: [string, string, string[]][] = [
    ['2027-06-14T14:59:00Z', 'Mon 16:59, before the first reminder', []],
    ['2027-06-14T15:00:00Z', 'Mon 17:00', ['R1:48h', 'O1:48h']],
    ['2027-06-14T17:30:00Z', 'Mon 19:30, still due (same keys)', ['R1:48h', 'O1:48h']],
    ['2027-06-14T19:00:00Z', 'Mon 21:00, quiet: a late tick waits', []],
    ['2027-06-15T06:00:00Z', 'Tue 08:00, the 48 h one again (same key: sent once)', ['R1:48h', 'O1:48h']],
    ['2027-06-15T15:00:00Z', 'Tue 17:00, the 24 h one replaces it', ['R1:24h', 'O1:24h']],
    ['2027-06-16T14:59:00Z', 'Wed 16:59, still the 24 h one', ['R1:24h', 'O1:24h']],
    ['2027-06-16T15:00:00Z', 'Wed 17:00, the deadline: no more reminders', []],
  ];

  it.each(CASES)('at %s (%s)', (now, _brussels, keys) => {
    const due = listDueReminders(poll, VOTES, at(now), DEFAULT_REMINDER_CONFIG);
    expect(due.map((r) => r.key)).toEqual(keys.map((k) => `poll:poll-1:remind:${k}@20270616T150000Z`));
  });

  it('sends nothing once everyone has answered, or when the poll is not open', () => {
    const now = at('2027-06-14T15:00:00Z');
    const everyone = PARTICIPANTS.flatMap((p) => [vote(p.id, 's1'), vote(p.id, 's2')]);
    expect(listDueReminders(poll, everyone, now, DEFAULT_REMINDER_CONFIG)).toEqual([]);
    for (const status of ['closed', 'finalised', 'cancelled'] as const) {
      expect(listDueReminders({ ...poll, status }, VOTES, now, DEFAULT_REMINDER_CONFIG)).toEqual([]);
    }
  });

  it('gives a reopened poll its own reminders (the key holds the deadline)', () => {
    const closed = closeAtDeadline(poll, poll.deadline);
    const reopened = reopenPoll(closed, at('2027-06-23T15:00:00Z'), ORGANISER, at('2027-06-17T08:00:00Z'));
    const due = listDueReminders(reopened, VOTES, at('2027-06-21T15:00:00Z'), DEFAULT_REMINDER_CONFIG);
    expect(due.map((r) => r.key)).toEqual(['poll:poll-1:remind:R1:48h@20270623T150000Z', 'poll:poll-1:remind:O1:48h@20270623T150000Z']);
  });

  // A job ticking every 10 minutes from the opening to after the deadline: which keys it sees, when first.
  const TICKS: [string, string, string, [string, string][]][] = [
    ['deadline Wed 17:00', '2027-06-16T15:00:00Z', '2027-06-10T08:00:00Z', [['R1:48h', '2027-06-14T15:00:00Z'], ['O1:48h', '2027-06-14T15:00:00Z'], ['R1:24h', '2027-06-15T15:00:00Z'], ['O1:24h', '2027-06-15T15:00:00Z']]],
    ['deadline Mon 09:00, reminders falling in the weekend', '2027-06-14T07:00:00Z', '2027-06-09T08:00:00Z', [['R1:48h', '2027-06-14T06:00:00Z'], ['O1:48h', '2027-06-14T06:00:00Z']]],
    ['deadline Mon 08:00', '2027-06-14T06:00:00Z', '2027-06-09T08:00:00Z', [['R1:48h', '2027-06-11T06:00:00Z'], ['O1:48h', '2027-06-11T06:00:00Z']]],
  ];

  it.each(TICKS)('a job ticking every 10 minutes sends each reminder once, never in quiet hours (%s)', (_why, deadline, openedAt, expected) => {
    const p = makePoll(deadline, openedAt);
    const firstSeen = new Map<string, string>();
    for (let t = p.openedAt.getTime(); t <= p.deadline.getTime() + 86_400_000; t += 600_000) {
      for (const r of listDueReminders(p, VOTES, new Date(t), DEFAULT_REMINDER_CONFIG)) {
        expect(isQuietMoment(new Date(t), DEFAULT_QUIET_HOURS)).toBe(false);
        if (!firstSeen.has(r.key)) firstSeen.set(r.key, new Date(t).toISOString());
      }
    }
    const stamp = deadline.replace(/[-:]/g, '').replace('.000', '');
    expect([...firstSeen]).toEqual(expected.map(([k, iso]) => [`poll:poll-1:remind:${k}@${stamp}`, at(iso).toISOString()]));
  });
});

describe('listDueNotices (to the organiser)', () => {
  const poll = makePoll('2027-06-16T15:00:00Z', '2027-06-10T08:00:00Z');
  const requiredDone = [...VOTES, vote('R1', 's1'), vote('R1', 's2')];
  const ALL_ANSWERED = 'poll:poll-1:notice:all-required-answered@20270616T150000Z';
  const DEADLINE = 'poll:poll-1:notice:deadline@20270616T150000Z';

  // [why, poll, votes, now, keys]
  const CASES: [string, Poll, Vote[], string, string[]][] = [
    ['a required participant has not answered', poll, VOTES, '2027-06-14T10:00:00Z', []],
    ['every required participant answered (optional ones need not)', poll, requiredDone, '2027-06-14T10:00:00Z', [ALL_ANSWERED]],
    ['every required participant answered, but at night', poll, requiredDone, '2027-06-14T20:00:00Z', []],
    ['the deadline has passed while the poll is still open', poll, VOTES, '2027-06-16T15:00:00Z', [DEADLINE]],
    ['the deadline has passed and the job closed the poll', closeAtDeadline(poll, poll.deadline), VOTES, '2027-06-16T15:10:00Z', [DEADLINE]],
    ['both at the deadline', poll, requiredDone, '2027-06-16T15:00:00Z', [ALL_ANSWERED, DEADLINE]],
    ['the organiser finalised before the deadline', finalisePoll(poll, requiredDone, { slotId: 's1', confirmRequiredNo: true }, ORGANISER, at('2027-06-14T10:00:00Z')), requiredDone, '2027-06-16T15:00:00Z', []],
    ['the poll was cancelled', { ...poll, status: 'cancelled' }, requiredDone, '2027-06-16T15:00:00Z', []],
  ];

  it.each(CASES)('%s', (_why, p, votes, now, keys) => {
    const notices = listDueNotices(p, votes, at(now), DEFAULT_REMINDER_CONFIG);
    expect(notices.map((n) => n.key)).toEqual(keys);
    expect(notices.every((n) => n.organiserId === ORGANISER && n.pollId === 'poll-1')).toBe(true);
  });

  it('holds a deadline notice that falls in the weekend until Monday 08:00', () => {
    const saturday = makePoll('2027-06-12T10:00:00Z', '2027-06-07T08:00:00Z');
    expect(listDueNotices(saturday, VOTES, at('2027-06-12T10:00:00Z'), DEFAULT_REMINDER_CONFIG)).toEqual([]);
    expect(listDueNotices(saturday, VOTES, at('2027-06-14T06:00:00Z'), DEFAULT_REMINDER_CONFIG)).toEqual([
      { key: 'poll:poll-1:notice:deadline@20270612T100000Z', pollId: 'poll-1', kind: 'deadline_reached', organiserId: ORGANISER },
    ]);
  });
});
