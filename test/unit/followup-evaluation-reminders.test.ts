import { DEFAULT_FOLLOW_UP_CONFIG, type FollowUpConfig } from '../../domain/followup/config';
import { currentEvaluationReminder, evaluationDue, nextFollowUpCheck, planEvaluationReminders } from '../../domain/followup/schedule';
import { isQuietMoment } from '../../domain/poll/quiet-hours';
import { toBrusselsWallTime } from '../../domain/poll/wall-clock';
import type { AgreedAction, MeetingReport } from '../../domain/report/report';

/**
 * An evaluation nobody records: after its date the organiser and the evaluator are reminded every
 * 2 working days (the actions' overdue rhythm), and from the 2nd reminder on the coordinators are
 * told too; the report keeps a next check meanwhile. Instants are UTC with their Brussels time beside
 * them; Brussels is UTC+2 in summer, UTC+1 in winter (changes on 28 March and 31 October 2027); the
 * tests run in Auckland.
 */
const at = (iso: string): Date => new Date(iso);
const ORGANISER = 'u-org';
const SENT_AT = at('2027-01-04T08:00:00Z');

function doneAction(): AgreedAction {
  return {
    id: 'a1',
    what: 'Review the medication',
    owner: { kind: 'participant', entryId: 'e-gp', name: 'GP' },
    ownerMandate: 'decides',
    dueDate: '2027-01-15',
    status: 'done',
    history: [],
    reassignments: [],
    revision: 0,
    revisedAt: SENT_AT,
  };
}

/** A sent report whose actions are all done, evaluated by `who` (the referent e-sw unless told) on `date`. */
function report(date: string, overrides: Partial<MeetingReport> = {}): MeetingReport {
  return {
    caseId: 'case-7',
    cycle: 1,
    meetingId: 'm-1',
    attendance: [],
    whatGoesWell: null,
    situation: null,
    decisions: ['x'],
    actions: [doneAction()],
    referentEntryId: 'e-sw',
    referentConfirmed: true,
    crisisPlan: null,
    evaluation: { who: 'e-sw', how: 'Phone round', date },
    status: 'sent',
    sentAt: SENT_AT,
    sentBy: ORGANISER,
    corrections: [],
    evaluationOutcome: null,
    createdAt: SENT_AT,
    updatedAt: SENT_AT,
    version: 4,
    ...overrides,
  };
}

const OUTCOME: MeetingReport['evaluationOutcome'] = { at: SENT_AT, by: ORGANISER, agreementsMet: 'all', enough: true, decision: 'close', reason: null };

describe('planEvaluationReminders (every 2 working days after the evaluation date, at 09:00 Brussels)', () => {
  // [why, evaluation date, now, the reminders up to the first after now, config]
  it.each<[string, string, string, [number, string][], FollowUpConfig]>([
    [
      'Thu 1 July: Mon 5, Wed 7, Fri 9, Tue 13 (summer time: 07:00Z)',
      '2027-07-01',
      '2027-07-12T10:00:00Z',
      [
        [1, '2027-07-05T07:00:00.000Z'],
        [2, '2027-07-07T07:00:00.000Z'],
        [3, '2027-07-09T07:00:00.000Z'],
        [4, '2027-07-13T07:00:00.000Z'],
      ],
      DEFAULT_FOLLOW_UP_CONFIG,
    ],
    [
      'Fri 26 March, before the spring change and Easter Monday: Tue 30 is the 1st working day, so Wed 31 09:00 summer time',
      '2027-03-26',
      '2027-03-31T12:00:00Z',
      [
        [1, '2027-03-31T07:00:00.000Z'],
        [2, '2027-04-02T07:00:00.000Z'],
      ],
      DEFAULT_FOLLOW_UP_CONFIG,
    ],
    [
      'Thu 28 October, before the autumn change and All Saints: Fri 29, then Tue 2 November 09:00 winter time',
      '2027-10-28',
      '2027-11-02T09:00:00Z',
      [
        [1, '2027-11-02T08:00:00.000Z'],
        [2, '2027-11-04T08:00:00.000Z'],
      ],
      DEFAULT_FOLLOW_UP_CONFIG,
    ],
    [
      'Mon 19 July: the national holiday, Wed 21, is no working day: Thu 22',
      '2027-07-19',
      '2027-07-20T10:00:00Z',
      [[1, '2027-07-22T07:00:00.000Z']],
      DEFAULT_FOLLOW_UP_CONFIG,
    ],
    [
      'the same with public holidays switched off: Wed 21',
      '2027-07-19',
      '2027-07-20T10:00:00Z',
      [[1, '2027-07-21T07:00:00.000Z']],
      { ...DEFAULT_FOLLOW_UP_CONFIG, quiet: { ...DEFAULT_FOLLOW_UP_CONFIG.quiet, publicHolidays: 'none' } },
    ],
    [
      'a configured closed date (Fri 2 July) is no working day either',
      '2027-07-01',
      '2027-07-06T10:00:00Z',
      [
        [1, '2027-07-06T07:00:00.000Z'],
        [2, '2027-07-08T07:00:00.000Z'],
      ],
      { ...DEFAULT_FOLLOW_UP_CONFIG, quiet: { ...DEFAULT_FOLLOW_UP_CONFIG.quiet, closedDates: ['2027-07-02'] } },
    ],
    [
      'every 3 working days at 14:00: Tue 6, Fri 9',
      '2027-07-01',
      '2027-07-07T10:00:00Z',
      [
        [1, '2027-07-06T12:00:00.000Z'],
        [2, '2027-07-09T12:00:00.000Z'],
      ],
      { ...DEFAULT_FOLLOW_UP_CONFIG, overdueEveryWorkingDays: 3, evaluationTime: '14:00' },
    ],
  ])('%s', (_why, date, now, expected, config) => {
    expect(planEvaluationReminders(report(date), at(now), config).map((s) => [s.n, s.at.toISOString()])).toEqual(expected);
  });

  it.each<[string, MeetingReport]>([
    ['evaluated', report('2027-07-01', { evaluationOutcome: OUTCOME })],
    ['a draft', report('2027-07-01', { status: 'draft' })],
    ['without an evaluation', report('2027-07-01', { evaluation: null })],
  ])('none for a report %s', (_why, r) => {
    expect(planEvaluationReminders(r, at('2027-07-20T10:00:00Z'))).toEqual([]);
    expect(currentEvaluationReminder(r, at('2027-07-20T10:00:00Z'))).toBeNull();
    expect(evaluationDue(r, at('2027-07-20T10:00:00Z'))).toEqual([]);
  });
});

/** Every tick from `from` to `to`, the evaluation notices not sent yet: [key, Brussels time]. */
function simulate(r: MeetingReport, from: string, to: string, everyMinutes: number, byCheck: boolean, config = DEFAULT_FOLLOW_UP_CONFIG): [string, string][] {
  const sent = new Set<string>();
  const log: [string, string][] = [];
  let checkAt = 0;
  for (let t = at(from).getTime(); t <= at(to).getTime(); t += everyMinutes * 60_000) {
    const now = new Date(t);
    // as the job: a report is looked at only once its check has come, unless told to look at each tick
    if ((byCheck && t < checkAt) || isQuietMoment(now, config.quiet)) continue;
    for (const notice of evaluationDue(r, now, { alreadySent: sent, config })) {
      sent.add(notice.key);
      const wall = toBrusselsWallTime(now);
      log.push([notice.key, `${wall.date} ${wall.time}`]);
    }
    checkAt = nextFollowUpCheck(r, now, config)?.getTime() ?? Infinity;
  }
  return log;
}

describe('each evaluation notice once, across the autumn change and All Saints', () => {
  const K = 'evaluation:case-7:c1@2027-10-28';
  const EXPECTED: [string, string][] = [
    [`${K}:organiser`, '2027-10-28 09:00'],
    [`${K}:referent`, '2027-10-28 09:00'],
    // Fri 29 is the 1st working day, Mon 1 November a public holiday: Tue 2 November 09:00 winter time
    [`${K}:reminder:1:organiser`, '2027-11-02 09:00'],
    [`${K}:reminder:1:evaluator`, '2027-11-02 09:00'],
    // from the 2nd reminder on, the coordinators are told too
    [`${K}:reminder:2:organiser`, '2027-11-04 09:00'],
    [`${K}:reminder:2:evaluator`, '2027-11-04 09:00'],
    [`${K}:escalation:2:coordinator`, '2027-11-04 09:00'],
    [`${K}:reminder:3:organiser`, '2027-11-08 09:00'],
    [`${K}:reminder:3:evaluator`, '2027-11-08 09:00'],
    [`${K}:escalation:3:coordinator`, '2027-11-08 09:00'],
    [`${K}:reminder:4:organiser`, '2027-11-10 09:00'],
    [`${K}:reminder:4:evaluator`, '2027-11-10 09:00'],
    [`${K}:escalation:4:coordinator`, '2027-11-10 09:00'],
    // Thu 11 November (Armistice) is a public holiday: Fri 12 is the 9th working day, Mon 15 the 10th
    [`${K}:reminder:5:organiser`, '2027-11-15 09:00'],
    [`${K}:reminder:5:evaluator`, '2027-11-15 09:00'],
    [`${K}:escalation:5:coordinator`, '2027-11-15 09:00'],
  ];

  it.each<[string, number, boolean]>([
    ['a tick every 15 minutes', 15, false],
    ['a tick every hour', 60, false],
    // the job reads a report only when nextFollowUpCheck says so: it must keep one while the evaluation is due
    ['looking only when the check is due', 15, true],
  ])('%s', (_why, every, byCheck) => {
    expect(simulate(report('2027-10-28'), '2027-10-27T00:00:00Z', '2027-11-16T00:00:00Z', every, byCheck)).toEqual(EXPECTED);
  });

  it('the named evaluator, another entry than the referent, gets the card too', () => {
    const log = simulate(report('2027-10-28', { evaluation: { who: 'e-gp', how: 'x', date: '2027-10-28' } }), '2027-10-27T00:00:00Z', '2027-10-29T00:00:00Z', 15, true);
    expect(log).toEqual([
      [`${K}:organiser`, '2027-10-28 09:00'],
      [`${K}:referent`, '2027-10-28 09:00'],
      [`${K}:evaluator`, '2027-10-28 09:00'],
    ]);
  });

  it('escalating from the 1st reminder when configured so', () => {
    const config = { ...DEFAULT_FOLLOW_UP_CONFIG, escalateFromOverdueNotice: 1 };
    const log = simulate(report('2027-10-28'), '2027-10-27T00:00:00Z', '2027-11-03T00:00:00Z', 15, true, config);
    expect(log.filter(([key]) => key.includes(':escalation:'))).toEqual([[`${K}:escalation:1:coordinator`, '2027-11-02 09:00']]);
  });

  it('stops once the evaluation is recorded', () => {
    expect(simulate(report('2027-10-28', { evaluationOutcome: OUTCOME }), '2027-10-27T00:00:00Z', '2027-11-13T00:00:00Z', 15, false)).toEqual([]);
    expect(nextFollowUpCheck(report('2027-10-28', { evaluationOutcome: OUTCOME }), at('2027-11-02T09:00:00Z'))).toBeNull();
  });
});

describe('nextFollowUpCheck keeps a check while the evaluation is due', () => {
  // [why, evaluation date, now, expected]
  it.each<[string, string, string, string]>([
    ['before the date: the card (Thu 28 October 09:00 summer time)', '2027-10-28', '2027-10-20T10:00:00Z', '2027-10-28T07:00:00.000Z'],
    ['right after the card: the 1st reminder, past All Saints, in winter time', '2027-10-28', '2027-10-28T07:00:00Z', '2027-11-02T08:00:00.000Z'],
    ['right after the 1st reminder: the 2nd', '2027-10-28', '2027-11-02T08:00:00Z', '2027-11-04T08:00:00.000Z'],
    ['months later, still unrecorded: the next working-day reminder', '2027-10-28', '2028-03-01T10:00:00Z', '2028-03-02T08:00:00.000Z'],
  ])('%s', (_why, date, now, expected) => {
    expect(nextFollowUpCheck(report(date), at(now))?.toISOString()).toBe(expected);
  });
});
