import type { NetworkEntry } from '../../domain/case/preparation';
import { DEFAULT_FOLLOW_UP_CONFIG, followUpConfigSchema, type FollowUpConfig } from '../../domain/followup/config';
import { currentActionStep, dueNotices, dueReportNotices, nextFollowUpCheck, planActionSteps, type ActionNotice, type FollowUpContext } from '../../domain/followup/schedule';
import { isQuietMoment } from '../../domain/poll/quiet-hours';
import { toBrusselsWallTime } from '../../domain/poll/wall-clock';
import type { AgreedAction, MeetingReport } from '../../domain/report/report';

// All instants are written in UTC with their Brussels time beside them; the tests run in Auckland.
// Brussels is UTC+1 in winter (09:00 = 08:00Z) and UTC+2 in summer (09:00 = 07:00Z); it changes on
// Sunday 28 March 2027 and Sunday 31 October 2027.
const at = (iso: string): Date => new Date(iso);
const ORGANISER = 'u-org';

function entry(id: string, userId: string | null): Pick<NetworkEntry, 'id' | 'userId'> {
  return { id, userId };
}

const NETWORK = [entry('e-gp', 'u-gp'), entry('e-nurse', null), entry('e-sw', 'u-sw'), entry('e-person', null)];

function action(overrides: Partial<AgreedAction> = {}): AgreedAction {
  return {
    id: 'a1',
    what: 'Review the medication',
    owner: { kind: 'participant', entryId: 'e-gp', name: 'GP' },
    ownerMandate: 'decides',
    dueDate: '2027-06-15',
    status: 'open',
    history: [],
    reassignments: [],
    revision: 0,
    revisedAt: at('2027-06-01T08:00:00Z'),
    ...overrides,
  };
}

function context(overrides: Partial<FollowUpContext> = {}): FollowUpContext {
  return { caseId: 'case-7', cycle: 1, organiserId: ORGANISER, referentEntryId: 'e-sw', network: NETWORK, alreadySent: new Set(), ...overrides };
}

const FAR = at('2030-01-01T00:00:00Z');
const stepsOf = (a: AgreedAction, now: Date = FAR, config: FollowUpConfig = DEFAULT_FOLLOW_UP_CONFIG) =>
  planActionSteps(a, now, config).map((s) => [s.kind, s.n, s.at.toISOString()]);

describe('planActionSteps (3 days before and on the due date at 09:00, then every 2 working days)', () => {
  // [why, due date, revised at, holidays, the first steps]
  it.each<[string, string, string, string[], [string, number, string][]]>([
    [
      'due Tue 15 June: Sat reminder moves to Mon 08:00; overdue on Thu and the Monday after',
      '2027-06-15',
      '2027-06-01T08:00:00Z',
      [],
      [
        ['reminder', 3, '2027-06-14T06:00:00.000Z'],
        ['reminder', 0, '2027-06-15T07:00:00.000Z'],
        ['overdue', 1, '2027-06-17T07:00:00.000Z'],
        ['overdue', 2, '2027-06-21T07:00:00.000Z'],
        ['overdue', 3, '2027-06-23T07:00:00.000Z'],
      ],
    ],
    [
      'due Mon 29 March (Easter Monday), the day after the spring change: Fri 09:00 winter, then Tue 08:00 summer',
      '2027-03-29',
      '2027-03-20T10:00:00Z',
      [],
      [
        ['reminder', 3, '2027-03-26T08:00:00.000Z'],
        ['reminder', 0, '2027-03-30T06:00:00.000Z'],
        ['overdue', 1, '2027-03-31T07:00:00.000Z'],
      ],
    ],
    [
      'due Sun 28 March, the spring change day: the due-date reminder waits past Easter Monday for Tue 08:00 summer time',
      '2027-03-28',
      '2027-03-20T10:00:00Z',
      [],
      [
        ['reminder', 3, '2027-03-25T08:00:00.000Z'],
        ['reminder', 0, '2027-03-30T06:00:00.000Z'],
        ['overdue', 1, '2027-03-31T07:00:00.000Z'],
      ],
    ],
    [
      'due Mon 1 Nov (All Saints), the day after the autumn change: Fri 09:00 summer, then Tue 08:00 winter',
      '2027-11-01',
      '2027-10-20T10:00:00Z',
      [],
      [
        ['reminder', 3, '2027-10-29T07:00:00.000Z'],
        ['reminder', 0, '2027-11-02T07:00:00.000Z'],
        ['overdue', 1, '2027-11-03T08:00:00.000Z'],
      ],
    ],
    [
      'due Sun 31 Oct, the autumn change day: the due-date reminder waits past All Saints for Tue 08:00 winter time',
      '2027-10-31',
      '2027-10-20T10:00:00Z',
      [],
      [
        ['reminder', 3, '2027-10-28T07:00:00.000Z'],
        ['reminder', 0, '2027-11-02T07:00:00.000Z'],
        ['overdue', 1, '2027-11-03T08:00:00.000Z'],
      ],
    ],
    [
      'due on All Saints (a holiday passed in): the reminder waits for Tue, overdue counts working days',
      '2027-11-01',
      '2027-10-20T10:00:00Z',
      ['2027-11-01'],
      [
        ['reminder', 3, '2027-10-29T07:00:00.000Z'],
        ['reminder', 0, '2027-11-02T07:00:00.000Z'],
        ['overdue', 1, '2027-11-03T08:00:00.000Z'],
      ],
    ],
    [
      'due Mon 27 Dec with 24-27 Dec closed: the 3-day reminder is overtaken by the due-date one and dropped',
      '2027-12-27',
      '2027-12-01T10:00:00Z',
      ['2027-12-24', '2027-12-27'],
      [
        ['reminder', 0, '2027-12-28T07:00:00.000Z'],
        ['overdue', 1, '2027-12-29T08:00:00.000Z'],
      ],
    ],
    [
      'sent on Mon 14 June at 10:00, due Tue: no reminder for a moment before the owner received it',
      '2027-06-15',
      '2027-06-14T08:00:00Z',
      [],
      [
        ['reminder', 0, '2027-06-15T07:00:00.000Z'],
        ['overdue', 1, '2027-06-17T07:00:00.000Z'],
      ],
    ],
  ])('%s', (_why, dueDate, revisedAt, closedDates, expected) => {
    const config = { ...DEFAULT_FOLLOW_UP_CONFIG, quiet: { ...DEFAULT_FOLLOW_UP_CONFIG.quiet, closedDates } };
    expect(stepsOf(action({ dueDate, revisedAt: at(revisedAt) }), FAR, config).slice(0, expected.length)).toEqual(expected);
  });

  it('plans overdue notices only up to the first one after now', () => {
    expect(stepsOf(action(), at('2027-06-18T10:00:00Z'))).toEqual([
      ['reminder', 3, '2027-06-14T06:00:00.000Z'],
      ['reminder', 0, '2027-06-15T07:00:00.000Z'],
      ['overdue', 1, '2027-06-17T07:00:00.000Z'],
      ['overdue', 2, '2027-06-21T07:00:00.000Z'],
    ]);
  });

  // dueNotices walks back from the end and stops early; the full plan is the reference
  it('the current step is the last planned step whose moment has come, every 5 hours (every hour of the day) over two months', () => {
    const config = { ...DEFAULT_FOLLOW_UP_CONFIG, quiet: { ...DEFAULT_FOLLOW_UP_CONFIG.quiet, closedDates: ['2027-03-29', '2027-04-01'] } };
    const a = action({ dueDate: '2027-03-29', revisedAt: at('2027-03-20T10:00:00Z') });
    let seen = 0;
    for (let t = at('2027-03-20T00:00:00Z').getTime(); t < at('2027-05-20T00:00:00Z').getTime(); t += 5 * 3_600_000) {
      const now = new Date(t);
      const expected = planActionSteps(a, now, config).filter((s) => s.at <= now).at(-1) ?? null;
      expect(currentActionStep(a, now, config)).toEqual(expected);
      if (expected) seen += 1;
    }
    expect(seen).toBeGreaterThan(250);
  });

  it('follows configured offsets, interval and time', () => {
    const config: FollowUpConfig = { ...DEFAULT_FOLLOW_UP_CONFIG, reminderDaysBefore: [7, 1], overdueEveryWorkingDays: 1, noticeTime: '14:30' };
    expect(stepsOf(action(), at('2027-06-16T13:00:00Z'), config)).toEqual([
      ['reminder', 7, '2027-06-08T12:30:00.000Z'],
      ['reminder', 1, '2027-06-14T12:30:00.000Z'],
      ['overdue', 1, '2027-06-16T12:30:00.000Z'],
      ['overdue', 2, '2027-06-17T12:30:00.000Z'],
    ]);
  });
});

describe('dueNotices: who gets what', () => {
  const recipients = (notices: ActionNotice[]) => notices.map((n) => [n.kind, n.n, n.role, n.userId, n.onBehalfOf, n.key]);

  it.each<[string, Partial<AgreedAction>, Partial<FollowUpContext>, string, [string, number, string, string, string | null, string][]]>([
    [
      '3 days before: the owner on Teams and the referent',
      {},
      {},
      '2027-06-14T06:00:00Z',
      [
        ['reminder', 3, 'owner', 'u-gp', null, 'action:a1:r0:reminder:3:owner'],
        ['reminder', 3, 'referent', 'u-sw', null, 'action:a1:r0:reminder:3:referent'],
      ],
    ],
    [
      'on the due date, an owner not on Teams: the referent only',
      { owner: { kind: 'person', entryId: 'e-person', name: 'P' } },
      {},
      '2027-06-15T07:30:00Z',
      [['reminder', 0, 'referent', 'u-sw', null, 'action:a1:r0:reminder:0:referent']],
    ],
    [
      'an owner who is the referent gets one notice, their own card',
      { owner: { kind: 'participant', entryId: 'e-sw', name: 'SW' } },
      {},
      '2027-06-15T07:30:00Z',
      [['reminder', 0, 'owner', 'u-sw', null, 'action:a1:r0:reminder:0:owner']],
    ],
    [
      'a referent not on Teams: the organiser is told to call them',
      {},
      { referentEntryId: 'e-nurse' },
      '2027-06-15T07:30:00Z',
      [
        ['reminder', 0, 'owner', 'u-gp', null, 'action:a1:r0:reminder:0:owner'],
        ['reminder', 0, 'referent', ORGANISER, 'e-nurse', 'action:a1:r0:reminder:0:referent'],
      ],
    ],
    ['the first overdue notice: the referent only', {}, {}, '2027-06-17T07:00:00Z', [['overdue', 1, 'referent', 'u-sw', null, 'action:a1:r0:overdue:1:referent']]],
    [
      'the second overdue notice escalates to the organiser',
      {},
      {},
      '2027-06-21T09:00:00Z',
      [
        ['escalation', 2, 'organiser', ORGANISER, null, 'action:a1:r0:escalation:2:organiser'],
        ['overdue', 2, 'referent', 'u-sw', null, 'action:a1:r0:overdue:2:referent'],
      ],
    ],
    [
      'escalation with a referent not on Teams: the organiser gets the escalation, once',
      {},
      { referentEntryId: 'e-nurse' },
      '2027-06-23T07:00:00Z',
      [['escalation', 3, 'organiser', ORGANISER, null, 'action:a1:r0:escalation:3:organiser']],
    ],
    [
      'a new date (revision 1) starts the reminders again, with their own keys',
      { status: 'not_done_yet', dueDate: '2027-06-25', revision: 1, revisedAt: at('2027-06-17T10:00:00Z') },
      {},
      '2027-06-22T07:00:00Z',
      [
        ['reminder', 3, 'owner', 'u-gp', null, 'action:a1:r1:reminder:3:owner'],
        ['reminder', 3, 'referent', 'u-sw', null, 'action:a1:r1:reminder:3:referent'],
      ],
    ],
    ['nothing before the first reminder', {}, {}, '2027-06-14T05:59:00Z', []],
    ['nothing at night, even when a notice is due', {}, {}, '2027-06-17T18:00:00Z', []],
    ['nothing at the weekend', {}, {}, '2027-06-19T10:00:00Z', []],
    ['nothing for a done action', { status: 'done' }, {}, '2027-06-21T09:00:00Z', []],
    ['nothing for a blocked action (the organiser has its reason)', { status: 'blocked' }, {}, '2027-06-21T09:00:00Z', []],
    ['nothing for an action waiting for reassignment', { status: 'not_mine' }, {}, '2027-06-21T09:00:00Z', []],
    ['nothing already sent', {}, { alreadySent: new Set(['action:a1:r0:overdue:1:referent']) }, '2027-06-17T07:00:00Z', []],
  ])('%s', (_why, change, ctx, now, expected) => {
    expect(recipients(dueNotices([action(change)], context(ctx), at(now)))).toEqual(expected);
  });

  it('describes the notice fully', () => {
    expect(dueNotices([action()], context(), at('2027-06-17T07:00:00Z'))).toEqual([
      {
        key: 'action:a1:r0:overdue:1:referent',
        kind: 'overdue',
        n: 1,
        role: 'referent',
        userId: 'u-sw',
        onBehalfOf: null,
        caseId: 'case-7',
        cycle: 1,
        actionId: 'a1',
        dueDate: '2027-06-15',
        at: at('2027-06-17T07:00:00Z'),
      },
    ]);
  });

  it('after a week without a tick, sends only the latest step, not a backlog', () => {
    expect(dueNotices([action()], context(), at('2027-06-23T10:00:00Z')).map((n) => n.key)).toEqual([
      'action:a1:r0:escalation:3:organiser',
      'action:a1:r0:overdue:3:referent',
    ]);
  });
});

describe('dueReportNotices', () => {
  const report = (overrides: Partial<MeetingReport>): MeetingReport =>
    ({ caseId: 'case-7', cycle: 2, referentEntryId: 'e-sw', actions: [action()], status: 'sent', evaluationOutcome: null, ...overrides }) as MeetingReport;
  const ctx = { organiserId: ORGANISER, network: NETWORK.map((e) => ({ ...e, name: e.id, role: 'r', mandate: null, invited: true })) };
  const NOW = at('2027-06-17T07:00:00Z');

  it('chases the actions of a sent report', () => {
    expect(dueReportNotices(report({}), ctx, new Set(), NOW).map((n) => [n.key, n.cycle])).toEqual([['action:a1:r0:overdue:1:referent', 2]]);
  });

  it.each<[string, Partial<MeetingReport>]>([
    ['a draft', { status: 'draft' }],
    ['an evaluated report', { evaluationOutcome: { at: NOW, by: ORGANISER, agreementsMet: 'all', enough: true, decision: 'close', reason: null } }],
  ])('chases nothing for %s', (_what, overrides) => {
    expect(dueReportNotices(report(overrides), ctx, new Set(), NOW)).toEqual([]);
  });
});

/** Runs a job every `everyMinutes` from `from` to `to`, sending what is due and remembering the keys. */
function simulate(actionsAt: (now: Date) => AgreedAction[], ctx: FollowUpContext, from: string, to: string, everyMinutes: number, config = DEFAULT_FOLLOW_UP_CONFIG): [string, string][] {
  const sent = new Set<string>();
  const log: [string, string][] = [];
  for (let t = at(from).getTime(); t <= at(to).getTime(); t += everyMinutes * 60_000) {
    const now = new Date(t);
    for (const notice of dueNotices(actionsAt(now), { ...ctx, alreadySent: sent }, now, config)) {
      expect(isQuietMoment(now, config.quiet)).toBe(false);
      sent.add(notice.key);
      const wall = toBrusselsWallTime(now);
      log.push([notice.key, `${wall.date} ${wall.time}`]);
    }
  }
  return log;
}

describe('each notice once, across the spring change', () => {
  const EXPECTED: [string, string][] = [
    ['action:a1:r0:reminder:3:owner', '2027-03-26 09:00'],
    ['action:a1:r0:reminder:3:referent', '2027-03-26 09:00'],
    // the due date, 29 March 2027, is Easter Monday, a public holiday known by default: Tuesday 08:00
    ['action:a1:r0:reminder:0:owner', '2027-03-30 08:00'],
    ['action:a1:r0:reminder:0:referent', '2027-03-30 08:00'],
    ['action:a1:r0:overdue:1:referent', '2027-03-31 09:00'],
    ['action:a1:r0:escalation:2:organiser', '2027-04-02 09:00'],
    ['action:a1:r0:overdue:2:referent', '2027-04-02 09:00'],
    ['action:a1:r0:escalation:3:organiser', '2027-04-06 09:00'],
    ['action:a1:r0:overdue:3:referent', '2027-04-06 09:00'],
  ];
  const due29March = action({ dueDate: '2027-03-29', revisedAt: at('2027-03-20T10:00:00Z') });

  it.each([5, 15, 60])('a job every %i minutes sends each key exactly once, at 09:00 Brussels in winter and summer time', (every) => {
    const log = simulate(() => [due29March], context(), '2027-03-20T10:00:00Z', '2027-04-07T00:00:00Z', every);
    expect(log).toEqual(EXPECTED);
    expect(new Set(log.map(([key]) => key)).size).toBe(log.length);
  });

  it('with Easter Monday closed, the due-date reminder comes on Tuesday at 08:00', () => {
    const config = { ...DEFAULT_FOLLOW_UP_CONFIG, quiet: { ...DEFAULT_FOLLOW_UP_CONFIG.quiet, closedDates: ['2027-03-29'] } };
    const log = simulate(() => [due29March], context(), '2027-03-20T10:00:00Z', '2027-04-01T00:00:00Z', 15, config);
    expect(log).toEqual([
      ['action:a1:r0:reminder:3:owner', '2027-03-26 09:00'],
      ['action:a1:r0:reminder:3:referent', '2027-03-26 09:00'],
      ['action:a1:r0:reminder:0:owner', '2027-03-30 08:00'],
      ['action:a1:r0:reminder:0:referent', '2027-03-30 08:00'],
      ['action:a1:r0:overdue:1:referent', '2027-03-31 09:00'],
    ]);
  });

  it('stops once the action is answered done', () => {
    const doneAt = at('2027-04-01T10:00:00Z');
    const log = simulate((now) => [now < doneAt ? due29March : { ...due29March, status: 'done' }], context(), '2027-03-20T10:00:00Z', '2027-04-20T00:00:00Z', 30);
    expect(log.map(([key]) => key)).toEqual(EXPECTED.slice(0, 5).map(([key]) => key));
  });

  it('a new date starts a fresh round after the first one', () => {
    const answeredAt = at('2027-03-30T10:00:00Z');
    const moved = { ...due29March, status: 'not_done_yet' as const, dueDate: '2027-04-08', revision: 1, revisedAt: answeredAt };
    const log = simulate((now) => [now < answeredAt ? due29March : moved], context(), '2027-03-20T10:00:00Z', '2027-04-09T00:00:00Z', 15);
    expect(log).toEqual([
      ...EXPECTED.slice(0, 4),
      ['action:a1:r1:reminder:3:owner', '2027-04-05 09:00'],
      ['action:a1:r1:reminder:3:referent', '2027-04-05 09:00'],
      ['action:a1:r1:reminder:0:owner', '2027-04-08 09:00'],
      ['action:a1:r1:reminder:0:referent', '2027-04-08 09:00'],
    ]);
  });
});

describe('each notice once, across the autumn change', () => {
  it('reminds Fri 09:00 summer and, after All Saints, Tue 08:00 winter, then nags every 2 working days and escalates', () => {
    const a = action({ dueDate: '2027-11-01', revisedAt: at('2027-10-20T10:00:00Z'), owner: { kind: 'relative', entryId: null, name: 'Niece' } });
    const log = simulate(() => [a], context(), '2027-10-20T10:00:00Z', '2027-11-06T00:00:00Z', 10);
    expect(log).toEqual([
      ['action:a1:r0:reminder:3:referent', '2027-10-29 09:00'],
      ['action:a1:r0:reminder:0:referent', '2027-11-02 08:00'],
      ['action:a1:r0:overdue:1:referent', '2027-11-03 09:00'],
      ['action:a1:r0:escalation:2:organiser', '2027-11-05 09:00'],
      ['action:a1:r0:overdue:2:referent', '2027-11-05 09:00'],
    ]);
  });

  it('two actions of one report are chased independently', () => {
    const a1 = action({ dueDate: '2027-11-01', revisedAt: at('2027-10-20T10:00:00Z') });
    const a2 = action({ id: 'a2', dueDate: '2027-10-29', revisedAt: at('2027-10-20T10:00:00Z'), owner: { kind: 'person', entryId: 'e-person', name: 'P' } });
    // to Tuesday 01:00: a1's due-date reminder waits past All Saints (Mon 1 Nov) for Tue 08:00
    const log = simulate(() => [a1, a2], context(), '2027-10-20T10:00:00Z', '2027-11-03T00:00:00Z', 30);
    expect(log).toEqual([
      ['action:a2:r0:reminder:3:referent', '2027-10-26 09:00'],
      ['action:a1:r0:reminder:3:owner', '2027-10-29 09:00'],
      ['action:a1:r0:reminder:3:referent', '2027-10-29 09:00'],
      ['action:a2:r0:reminder:0:referent', '2027-10-29 09:00'],
      ['action:a1:r0:reminder:0:owner', '2027-11-02 08:00'],
      ['action:a1:r0:reminder:0:referent', '2027-11-02 08:00'],
    ]);
  });
});

describe('followUpConfigSchema', () => {
  it('accepts the defaults', () => {
    expect(followUpConfigSchema.safeParse(DEFAULT_FOLLOW_UP_CONFIG).success).toBe(true);
  });

  it.each<[string, Partial<FollowUpConfig>]>([
    ['a repeated offset', { reminderDaysBefore: [3, 3] }],
    ['a negative offset', { reminderDaysBefore: [-1] }],
    ['nagging every 0 days', { overdueEveryWorkingDays: 0 }],
    ['a time that does not exist', { noticeTime: '25:00' }],
    ['weekday 8', { weeklyOverview: { isoWeekday: 8, time: '09:00' } }],
    ['every day quiet', { quiet: { ...DEFAULT_FOLLOW_UP_CONFIG.quiet, days: [1, 2, 3, 4, 5, 6, 7] } }],
  ])('refuses %s', (_what, change) => {
    expect(followUpConfigSchema.safeParse({ ...DEFAULT_FOLLOW_UP_CONFIG, ...change }).success).toBe(false);
  });
});

describe('nextFollowUpCheck: when the follow-up looks at a report again', () => {
  const report = (overrides: Partial<MeetingReport> = {}): MeetingReport =>
    ({ caseId: 'case-7', cycle: 1, referentEntryId: 'e-sw', actions: [action()], evaluation: null, status: 'sent', evaluationOutcome: null, ...overrides }) as MeetingReport;
  const evaluatedOn = (date: string): Partial<MeetingReport> => ({ evaluation: { who: 'e-sw', how: 'a call', date } as MeetingReport['evaluation'] });
  const NOW = at('2027-06-01T08:00:00Z'); // Tuesday 10:00 Brussels

  // [why, report, now, expected (UTC) or null]
  it.each<[string, Partial<MeetingReport>, Date, string | null]>([
    ['the 3-days-before reminder (Saturday 12 June moved to Monday 08:00)', {}, NOW, '2027-06-14T06:00:00.000Z'],
    ['right after it, the reminder on the due date', {}, at('2027-06-14T07:00:00Z'), '2027-06-15T07:00:00.000Z'],
    ['after the due date, the next overdue notice', {}, at('2027-06-15T07:00:00Z'), '2027-06-17T07:00:00.000Z'],
    ['an evaluation before any step', evaluatedOn('2027-06-08'), NOW, '2027-06-08T07:00:00.000Z'],
    // an evaluation past and not recorded keeps the report looked at: its first reminder, 2 working days after the date
    ['an evaluation past and not recorded: its next reminder (Wed 09:00)', evaluatedOn('2027-05-31'), NOW, '2027-06-02T07:00:00.000Z'],
    ['the earliest of two actions (Saturday 5 June moved to Monday 08:00)', { actions: [action(), action({ id: 'a2', dueDate: '2027-06-08' })] }, NOW, '2027-06-07T06:00:00.000Z'],
    ['an action answered done is not chased', { actions: [action({ status: 'done' })] }, NOW, null],
    ['a blocked action waits for a person', { actions: [action({ status: 'blocked' })] }, NOW, null],
    ['a draft is not followed up', { status: 'draft' }, NOW, null],
    ['nor an evaluated report', { evaluationOutcome: { at: NOW, by: ORGANISER, agreementsMet: 'all', enough: true, decision: 'close', reason: null } }, NOW, null],
    ['across the spring change and Easter Monday: Tue 08:00 summer time is 06:00Z', { actions: [action({ dueDate: '2027-03-29', revisedAt: at('2027-03-20T10:00:00Z') })] }, at('2027-03-26T08:00:00Z'), '2027-03-30T06:00:00.000Z'],
    ['across the autumn change and All Saints: Tue 08:00 winter time is 07:00Z', { actions: [action({ dueDate: '2027-11-01', revisedAt: at('2027-10-20T10:00:00Z') })] }, at('2027-10-29T07:00:00Z'), '2027-11-02T07:00:00.000Z'],
  ])('%s', (_why, overrides, now, expected) => {
    expect(nextFollowUpCheck(report(overrides), now)?.toISOString() ?? null).toBe(expected);
  });

  /**
   * The same job as `simulate`, but it looks at the report only once its check has come, as the
   * store's index does: due at once after every change of the report, then nextFollowUpCheck.
   */
  function simulateByCheck(reportAt: (now: Date) => MeetingReport, from: string, to: string, everyMinutes: number, config = DEFAULT_FOLLOW_UP_CONFIG): [string, string][] {
    const sent = new Set<string>();
    const log: [string, string][] = [];
    let seen: MeetingReport | null = null;
    let checkAt = 0;
    for (let t = at(from).getTime(); t <= at(to).getTime(); t += everyMinutes * 60_000) {
      const now = new Date(t);
      const current = reportAt(now);
      if (current !== seen) [seen, checkAt] = [current, 0];
      if (t < checkAt || isQuietMoment(now, config.quiet)) continue;
      for (const notice of dueNotices(current.actions, { ...context(), alreadySent: sent }, now, config)) {
        sent.add(notice.key);
        const wall = toBrusselsWallTime(now);
        log.push([notice.key, `${wall.date} ${wall.time}`]);
      }
      checkAt = nextFollowUpCheck(current, now, config)?.getTime() ?? Infinity;
    }
    return log;
  }

  const due29March = action({ dueDate: '2027-03-29', revisedAt: at('2027-03-20T10:00:00Z') });
  const moved = { ...due29March, status: 'not_done_yet' as const, dueDate: '2027-04-08', revision: 1, revisedAt: at('2027-03-30T10:00:00Z') };
  const autumn = [action({ dueDate: '2027-11-01', revisedAt: at('2027-10-20T10:00:00Z') }), action({ id: 'a2', dueDate: '2027-10-29', revisedAt: at('2027-10-20T10:00:00Z'), owner: { kind: 'person', entryId: 'e-person', name: 'P' } })];
  const easter = { ...DEFAULT_FOLLOW_UP_CONFIG, quiet: { ...DEFAULT_FOLLOW_UP_CONFIG.quiet, closedDates: ['2027-03-29'] } };
  const [spring, done, newDate, twoActions] = [
    report({ actions: [due29March] }),
    report({ actions: [{ ...due29March, status: 'done' }] }),
    report({ actions: [moved] }),
    report({ actions: autumn }),
  ];

  // [why, the report as time goes by, from, to, tick every n minutes, config]
  it.each<[string, (now: Date) => MeetingReport, string, string, number, FollowUpConfig]>([
    ['spring change, every 15 minutes', () => spring, '2027-03-20T10:00:00Z', '2027-04-20T00:00:00Z', 15, DEFAULT_FOLLOW_UP_CONFIG],
    ['spring change, every hour', () => spring, '2027-03-20T10:00:00Z', '2027-04-20T00:00:00Z', 60, DEFAULT_FOLLOW_UP_CONFIG],
    ['Easter Monday closed', () => spring, '2027-03-20T10:00:00Z', '2027-04-10T00:00:00Z', 15, easter],
    ['answered done on 1 April', (now) => (now < at('2027-04-01T10:00:00Z') ? spring : done), '2027-03-20T10:00:00Z', '2027-04-20T00:00:00Z', 30, DEFAULT_FOLLOW_UP_CONFIG],
    ['a new date on 30 March', (now) => (now < at('2027-03-30T10:00:00Z') ? spring : newDate), '2027-03-20T10:00:00Z', '2027-04-20T00:00:00Z', 15, DEFAULT_FOLLOW_UP_CONFIG],
    ['two actions across the autumn change', () => twoActions, '2027-10-20T10:00:00Z', '2027-11-20T00:00:00Z', 15, DEFAULT_FOLLOW_UP_CONFIG],
  ])('looking only when the check is due sends the same notices at the same moments: %s', (_why, reportAt, from, to, every, config) => {
    const everyTick = simulate((now) => reportAt(now).actions, context(), from, to, every, config);
    expect(everyTick.length).toBeGreaterThan(3);
    expect(simulateByCheck(reportAt, from, to, every, config)).toEqual(everyTick);
  });
});
