import type { NetworkEntry } from '../../domain/case/preparation';
import { DomainError } from '../../domain/errors';
import {
  addAction,
  editAction,
  recordAttendance,
  removeAction,
  setCrisisPlan,
  setEvaluation,
  setNarrative,
  setReportReferent,
  startReport,
} from '../../domain/report/draft';
import type { ActionInput, CrisisPlanInput, MeetingReport, ReportContext } from '../../domain/report/report';
import { correctAttendance, sendReport, validateForSending } from '../../domain/report/rules';

// Tuesday 1 June 2027, 10:00 in Brussels (summer time), 20:00 in Auckland where the tests run.
const NOW = new Date('2027-06-01T08:00:00Z');
const ORGANISER = 'u-org';

function entry(id: string, overrides: Partial<NetworkEntry> = {}): NetworkEntry {
  return { id, role: 'GP', name: `Member ${id}`, organisation: null, contact: null, userId: null, mandate: null, invited: true, notInvitedReason: null, isSupporter: false, ...overrides };
}

/** A GP on Teams who decides, a nurse without Teams who advises, the social worker (referent, on Teams), the person, a brother not invited. */
const NETWORK: NetworkEntry[] = [
  entry('e-gp', { role: 'GP', userId: 'u-gp', organisation: 'Practice', mandate: 'decides' }),
  entry('e-nurse', { role: 'Home nurse', organisation: 'Home care', mandate: 'advises' }),
  entry('e-sw', { role: 'Social worker', userId: 'u-sw', organisation: 'CPAS', mandate: 'decides' }),
  entry('e-person', { role: 'Person' }),
  entry('e-brother', { role: 'Brother', invited: false, notInvitedReason: 'The person does not want him there' }),
];
const CTX: ReportContext = { organiserId: ORGANISER, network: NETWORK };

const GP_ACTION: ActionInput = { what: 'Review the medication', owner: { kind: 'participant', entryId: 'e-gp' }, dueDate: '2027-06-15' };
const CRISIS: CrisisPlanInput = {
  warningSigns: 'Stops eating, does not open the door',
  whatToDo: 'Call the social worker; at night the GP on duty',
  contacts: [
    { entryId: 'e-sw', how: '02 000 00 01', inOfficeHours: true, outOfOfficeHours: false },
    { name: 'GP on duty (wachtpost)', how: '1733', inOfficeHours: false, outOfOfficeHours: true },
  ],
};

/** A draft with everything a report needs, written through the draft rules. */
function completeDraft(): MeetingReport {
  let r = startReport({ caseId: 'case-7', cycle: 1, meetingId: 'poll-1' }, { referentEntryId: 'e-sw', referentConfirmedAt: NOW }, NOW);
  r = recordAttendance(
    r,
    {
      lines: [
        { participantId: 'e-gp', status: 'present', mode: 'online' },
        { participantId: 'e-nurse', status: 'excused' },
        { participantId: 'e-sw', status: 'present', mode: 'in_person' },
        { participantId: 'e-person', status: 'present', mode: 'in_person' },
      ],
    },
    CTX,
    NOW,
  );
  r = setNarrative(r, { whatGoesWell: 'The person cooks again', situation: 'Lease ends in a year', decisions: ['Look for sheltered housing'] }, NOW);
  r = addAction(r, 'a1', GP_ACTION, CTX, NOW);
  r = setCrisisPlan(r, CRISIS, CTX, NOW);
  return setEvaluation(r, { who: 'e-sw', how: 'Phone round with the network', date: '2027-07-01' }, CTX, NOW);
}

function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

function errorOf(f: () => unknown): DomainError {
  try {
    f();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('startReport', () => {
  it('starts a draft with the prepared referent, no attendance presumed', () => {
    const r = startReport({ caseId: 'case-7', cycle: 2, meetingId: 'poll-9' }, { referentEntryId: 'e-sw', referentConfirmedAt: NOW }, NOW);
    expect(r).toMatchObject({ status: 'draft', cycle: 2, attendance: [], actions: [], referentEntryId: 'e-sw', referentConfirmed: true, sentAt: null, version: 1 });
  });

  it('leaves an unconfirmed referent unconfirmed', () => {
    expect(startReport({ caseId: 'c', cycle: 1, meetingId: 'm' }, { referentEntryId: 'e-sw', referentConfirmedAt: null }, NOW).referentConfirmed).toBe(false);
  });

  it.each([0, -1, 1.5])('refuses cycle %p', (cycle) => {
    expect(codeOf(() => startReport({ caseId: 'c', cycle, meetingId: 'm' }, { referentEntryId: null, referentConfirmedAt: null }, NOW))).toBe('validation.invalid');
  });
});

describe('writing the draft', () => {
  it('records attendance with the name and role of the meeting, in network order, and drops the mode of the excused', () => {
    let r = startReport({ caseId: 'c', cycle: 1, meetingId: 'm' }, { referentEntryId: null, referentConfirmedAt: null }, NOW);
    r = recordAttendance(r, { lines: [{ participantId: 'e-sw', status: 'absent' }, { participantId: 'e-gp', status: 'present', mode: 'online' }] }, CTX, NOW);
    r = recordAttendance(r, { lines: [{ participantId: 'e-sw', status: 'excused', mode: null }] }, CTX, NOW);
    expect(r.attendance).toEqual([
      { participantId: 'e-gp', name: 'Member e-gp', role: 'GP', status: 'present', mode: 'online' },
      { participantId: 'e-sw', name: 'Member e-sw', role: 'Social worker', status: 'excused', mode: null },
    ]);
    expect(r.version).toBe(3);
  });

  it.each<[string, string]>([
    ['a member who was not invited', 'e-brother'],
    ['someone not in the network', 'e-stranger'],
  ])('refuses attendance for %s', (_what, participantId) => {
    const r = startReport({ caseId: 'c', cycle: 1, meetingId: 'm' }, { referentEntryId: null, referentConfirmedAt: null }, NOW);
    expect(codeOf(() => recordAttendance(r, { lines: [{ participantId, status: 'absent' }] }, CTX, NOW))).toBe('report.not_a_participant');
  });

  it.each<[string, ActionInput['owner'], { kind: string; entryId: string | null; name: string }, string | null]>([
    ['a participant who decides', { kind: 'participant', entryId: 'e-gp' }, { kind: 'participant', entryId: 'e-gp', name: 'Member e-gp' }, 'decides'],
    ['a participant who advises', { kind: 'participant', entryId: 'e-nurse' }, { kind: 'participant', entryId: 'e-nurse', name: 'Member e-nurse' }, 'advises'],
    ['the person, in the network', { kind: 'person', entryId: 'e-person' }, { kind: 'person', entryId: 'e-person', name: 'Member e-person' }, null],
    ['a relative named only', { kind: 'relative', name: 'Niece Anna' }, { kind: 'relative', entryId: null, name: 'Niece Anna' }, null],
  ])('adds an action owned by %s, with the mandate shown next to it', (_what, owner, expected, mandate) => {
    const r = addAction(completeDraft(), 'a2', { what: 'Call the landlord', owner, dueDate: '2027-06-20' }, CTX, NOW);
    expect(r.actions[1]).toMatchObject({ id: 'a2', owner: expected, ownerMandate: mandate, status: 'open', revision: 0, history: [] });
  });

  it.each<[string, Partial<ActionInput>, string]>([
    ['owned by someone not invited', { owner: { kind: 'relative', entryId: 'e-brother' } }, 'report.not_a_participant'],
    ['due yesterday (Brussels)', { dueDate: '2027-05-31' }, 'action.due_in_past'],
  ])('refuses an action %s', (_what, change, code) => {
    expect(codeOf(() => addAction(completeDraft(), 'a2', { ...GP_ACTION, ...change }, CTX, NOW))).toBe(code);
  });

  it('refuses a second action with the same id', () => {
    expect(codeOf(() => addAction(completeDraft(), 'a1', GP_ACTION, CTX, NOW))).toBe('validation.invalid');
  });

  it('edits and removes actions; an unknown one is not found', () => {
    const edited = editAction(completeDraft(), 'a1', { ...GP_ACTION, owner: { kind: 'participant', entryId: 'e-nurse' } }, CTX, NOW);
    expect(edited.actions[0]).toMatchObject({ owner: { entryId: 'e-nurse' }, ownerMandate: 'advises' });
    expect(removeAction(edited, 'a1', NOW).actions).toEqual([]);
    expect(codeOf(() => removeAction(edited, 'nope', NOW))).toBe('action.not_found');
  });

  // editing runs the same checks as adding: [what, change, the code]
  it.each<[string, Partial<ActionInput>, string]>([
    ['to an owner not invited', { owner: { kind: 'relative', entryId: 'e-brother' } }, 'report.not_a_participant'],
    ['to a due date yesterday (Brussels)', { dueDate: '2027-05-31' }, 'action.due_in_past'],
  ])('refuses an edit %s, changing nothing', (_what, change, code) => {
    const draft = completeDraft();
    expect(codeOf(() => editAction(draft, 'a1', { ...GP_ACTION, ...change }, CTX, NOW))).toBe(code);
    expect(draft.actions[0]).toMatchObject({ what: GP_ACTION.what, dueDate: GP_ACTION.dueDate });
  });

  it('edits what, who and when of a draft action, keeping its id and place; not once sent', () => {
    const draft = completeDraft();
    const edited = editAction(draft, 'a1', { what: 'Visit weekly', owner: { kind: 'relative', name: 'Niece Anna' }, dueDate: '2027-06-01' }, CTX, NOW);
    expect(edited.actions.map((a) => [a.id, a.what, a.owner.name, a.ownerMandate, a.dueDate, a.status])).toEqual([['a1', 'Visit weekly', 'Niece Anna', null, '2027-06-01', 'open']]);
    expect(edited.version).toBe(draft.version + 1);
    expect(codeOf(() => editAction(draft, 'nope', GP_ACTION, CTX, NOW))).toBe('action.not_found');
    expect(codeOf(() => editAction({ ...draft, status: 'sent' }, 'a1', GP_ACTION, CTX, NOW))).toBe('report.not_draft');
  });

  it('takes the referent only among invited participants', () => {
    expect(setReportReferent(completeDraft(), { entryId: 'e-gp', confirmed: false }, CTX, NOW)).toMatchObject({ referentEntryId: 'e-gp', referentConfirmed: false });
    expect(codeOf(() => setReportReferent(completeDraft(), { entryId: 'e-brother', confirmed: true }, CTX, NOW))).toBe('report.not_a_participant');
  });

  it('refuses an evaluation date in the past and an evaluator outside the participants', () => {
    expect(codeOf(() => setEvaluation(completeDraft(), { who: 'e-sw', how: 'x', date: '2027-05-31' }, CTX, NOW))).toBe('report.evaluation_date_in_past');
    expect(codeOf(() => setEvaluation(completeDraft(), { who: 'e-brother', how: 'x', date: '2027-07-01' }, CTX, NOW))).toBe('report.not_a_participant');
  });

  it('changes nothing once sent', () => {
    const sent = sendReport(completeDraft(), CTX, ORGANISER, NOW);
    expect(codeOf(() => setNarrative(sent, { decisions: [] }, NOW))).toBe('report.not_draft');
    expect(codeOf(() => addAction(sent, 'a9', GP_ACTION, CTX, NOW))).toBe('report.not_draft');
    expect(codeOf(() => recordAttendance(sent, { lines: [{ participantId: 'e-gp', status: 'absent' }] }, CTX, NOW))).toBe('report.not_draft');
  });
});

describe('validateForSending', () => {
  const withPlan = (r: MeetingReport, plan: Partial<NonNullable<MeetingReport['crisisPlan']>> | null): MeetingReport => ({
    ...r,
    crisisPlan: plan === null ? null : { ...r.crisisPlan!, ...plan },
  });
  const contact = (inOfficeHours: boolean, outOfOfficeHours: boolean) => ({ entryId: null, name: 'Crisis line', how: '0800', inOfficeHours, outOfOfficeHours });

  it.each<[string, (r: MeetingReport) => MeetingReport, { code: string; ref?: string }[]]>([
    ['a complete report', (r) => r, []],
    ['a participant without attendance', (r) => ({ ...r, attendance: r.attendance.filter((a) => a.participantId !== 'e-nurse') }), [{ code: 'report.attendance_missing', ref: 'e-nurse' }]],
    ['no attendance at all', (r) => ({ ...r, attendance: [] }), ['e-gp', 'e-nurse', 'e-sw', 'e-person'].map((ref) => ({ code: 'report.attendance_missing', ref }))],
    ['no decision and no action', (r) => ({ ...r, decisions: [], actions: [] }), [{ code: 'report.no_decision_or_action' }]],
    ['a decision but no action', (r) => ({ ...r, actions: [] }), []],
    ['an action but no decision', (r) => ({ ...r, decisions: [] }), []],
    ['an action due yesterday', (r) => ({ ...r, actions: [{ ...r.actions[0]!, dueDate: '2027-05-31' }] }), [{ code: 'action.due_in_past', ref: 'a1' }]],
    ['an action due today', (r) => ({ ...r, actions: [{ ...r.actions[0]!, dueDate: '2027-06-01' }] }), []],
    ['an action whose owner left the participants', (r) => ({ ...r, actions: [{ ...r.actions[0]!, owner: { kind: 'participant', entryId: 'e-brother', name: 'B' } }] }), [{ code: 'action.owner_missing', ref: 'a1' }]],
    ['no crisis plan', (r) => withPlan(r, null), [{ code: 'report.crisis_plan_missing' }]],
    ['a crisis plan without anyone to act', (r) => withPlan(r, { contacts: [] }), [{ code: 'report.crisis_plan_no_one_to_act' }]],
    ['a crisis plan whose only contact is reachable at no time', (r) => withPlan(r, { contacts: [contact(false, false)] }), [{ code: 'report.crisis_plan_no_one_to_act' }]],
    ['a crisis plan with nobody out of office hours', (r) => withPlan(r, { contacts: [contact(true, false)] }), [{ code: 'report.crisis_plan_hours_uncovered', ref: 'out_of_office' }]],
    ['a crisis plan with nobody in office hours', (r) => withPlan(r, { contacts: [contact(false, true)] }), [{ code: 'report.crisis_plan_hours_uncovered', ref: 'in_office' }]],
    ['a crisis plan with one contact at all hours', (r) => withPlan(r, { contacts: [contact(true, true)] }), []],
    ['no evaluation', (r) => ({ ...r, evaluation: null }), [{ code: 'report.evaluation_missing' }]],
    ['an evaluation date already past', (r) => ({ ...r, evaluation: { ...r.evaluation!, date: '2027-05-31' } }), [{ code: 'report.evaluation_date_in_past' }]],
    ['no referent', (r) => ({ ...r, referentEntryId: null }), [{ code: 'report.referent_missing' }]],
    ['a referent not invited', (r) => ({ ...r, referentEntryId: 'e-brother', referentConfirmed: true }), [{ code: 'report.referent_missing' }]],
    ['a referent not confirmed', (r) => ({ ...r, referentConfirmed: false }), [{ code: 'report.referent_not_confirmed' }]],
  ])('%s', (_what, change, problems) => {
    expect(validateForSending(change(completeDraft()), CTX, NOW)).toEqual(problems);
  });

  // Brussels dates, whatever the server's zone: the tests run in Auckland, 10-12 hours ahead
  it.each<[string, string, boolean]>([
    ['23:30 Brussels on 1 June (Auckland: 2 June)', '2027-06-01T21:30:00Z', false],
    ['00:30 Brussels on 2 June (UTC: still 1 June)', '2027-06-01T22:30:00Z', true],
  ])('at %s an action due 1 June is in the past: %s', (_what, iso, past) => {
    const r = { ...completeDraft(), actions: [{ ...completeDraft().actions[0]!, dueDate: '2027-06-01' }] };
    expect(validateForSending(r, CTX, new Date(iso)).some((p) => p.code === 'action.due_in_past')).toBe(past);
  });
});

describe('sendReport', () => {
  it('sends a complete report once, starting the reminders of every action from now', () => {
    const later = new Date('2027-06-02T07:00:00Z');
    const sent = sendReport(completeDraft(), CTX, ORGANISER, later);
    expect(sent).toMatchObject({ status: 'sent', sentAt: later, sentBy: ORGANISER });
    expect(sent.actions[0]).toMatchObject({ status: 'open', revisedAt: later });
    expect(sent.version).toBe(completeDraft().version + 1);
  });

  it('refuses a report sent twice, without changing it', () => {
    const sent = sendReport(completeDraft(), CTX, ORGANISER, NOW);
    expect(codeOf(() => sendReport(sent, CTX, ORGANISER, NOW))).toBe('report.already_sent');
  });

  it('refuses an incomplete report, listing what is missing', () => {
    const err = errorOf(() => sendReport({ ...completeDraft(), crisisPlan: { ...completeDraft().crisisPlan!, contacts: [] }, referentConfirmed: false }, CTX, ORGANISER, NOW));
    expect(err.code).toBe('report.incomplete');
    expect(err.params).toEqual({ problems: ['report.crisis_plan_no_one_to_act', 'report.referent_not_confirmed'] });
  });

  it('is sent by the organiser only', () => {
    expect(codeOf(() => sendReport(completeDraft(), CTX, 'u-sw', NOW))).toBe('report.organiser_only');
  });
});

describe('correctAttendance', () => {
  const sent = (): MeetingReport => sendReport(completeDraft(), CTX, ORGANISER, NOW);
  const LATER = new Date('2027-06-03T12:00:00Z');

  it('corrects a sent report with a reason, keeping what it was before', () => {
    const r = correctAttendance(sent(), { line: { participantId: 'e-nurse', status: 'present', mode: 'online' }, reason: 'Joined by phone late' }, CTX, ORGANISER, LATER);
    expect(r.attendance.find((a) => a.participantId === 'e-nurse')).toMatchObject({ status: 'present', mode: 'online' });
    expect(r.corrections).toEqual([
      {
        at: LATER,
        by: ORGANISER,
        field: 'attendance.e-nurse',
        reason: 'Joined by phone late',
        before: { participantId: 'e-nurse', name: 'Member e-nurse', role: 'Home nurse', status: 'excused', mode: null },
        after: { participantId: 'e-nurse', name: 'Member e-nurse', role: 'Home nurse', status: 'present', mode: 'online' },
      },
    ]);
  });

  it.each<[string, () => MeetingReport, string | undefined, string, string]>([
    ['without a reason', sent, undefined, ORGANISER, 'report.reason_required'],
    ['with a blank reason', sent, '   ', ORGANISER, 'report.reason_required'],
    ['by someone other than the organiser', sent, 'Mistake', 'u-sw', 'report.organiser_only'],
    ['before sending (the draft is simply edited)', completeDraft, 'Mistake', ORGANISER, 'report.not_sent'],
  ])('refuses a correction %s', (_what, report, reason, by, code) => {
    const input = reason === undefined ? { line: { participantId: 'e-nurse', status: 'absent' as const } } : { line: { participantId: 'e-nurse', status: 'absent' as const }, reason };
    expect(codeOf(() => correctAttendance(report(), input, CTX, by, LATER))).toBe(code);
  });

  it('refuses a correction that changes nothing, and one for someone not invited', () => {
    expect(codeOf(() => correctAttendance(sent(), { line: { participantId: 'e-nurse', status: 'excused' }, reason: 'x' }, CTX, ORGANISER, LATER))).toBe('report.correction_unchanged');
    expect(codeOf(() => correctAttendance(sent(), { line: { participantId: 'e-brother', status: 'present', mode: 'online' }, reason: 'x' }, CTX, ORGANISER, LATER))).toBe('report.not_a_participant');
  });
});
