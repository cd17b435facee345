import type { NetworkEntry } from '../../domain/case/preparation';
import { DomainError } from '../../domain/errors';
import type { AgreedAction, AnswerInput, MeetingReport, ReportContext } from '../../domain/report/report';
import { openActions } from '../../domain/report/report';
import { answerAction, reassignAction } from '../../domain/report/rules';

// Thursday 10 June 2027, 10:00 in Brussels (summer time), 20:00 in Auckland where the tests run.
const NOW = new Date('2027-06-10T08:00:00Z');
const SENT_AT = new Date('2027-06-01T08:00:00Z');
const ORGANISER = 'u-org';

function entry(id: string, overrides: Partial<NetworkEntry> = {}): NetworkEntry {
  return { id, role: 'GP', name: `Member ${id}`, organisation: null, contact: null, userId: null, mandate: null, invited: true, notInvitedReason: null, isSupporter: false, ...overrides };
}

const NETWORK: NetworkEntry[] = [
  entry('e-gp', { role: 'GP', userId: 'u-gp', mandate: 'decides' }),
  entry('e-ot', { role: 'Occupational therapist', userId: 'u-ot', mandate: 'advises' }),
  entry('e-nurse', { role: 'Home nurse', mandate: 'advises' }),
  entry('e-sw', { role: 'Social worker (referent)', userId: 'u-sw', mandate: 'decides' }),
  entry('e-person', { role: 'Person' }),
  entry('e-brother', { role: 'Brother', invited: false, notInvitedReason: 'Not wanted' }),
];
const CTX: ReportContext = { organiserId: ORGANISER, network: NETWORK };

function action(id: string, owner: AgreedAction['owner'], overrides: Partial<AgreedAction> = {}): AgreedAction {
  return { id, what: `Do ${id}`, owner, ownerMandate: null, dueDate: '2027-06-15', status: 'open', history: [], reassignments: [], revision: 0, revisedAt: SENT_AT, ...overrides };
}

/** A sent report with actions owned by the GP (Teams), the person, a relative named only, and the referent. */
function sentReport(overrides: Partial<MeetingReport> = {}): MeetingReport {
  return {
    caseId: 'case-7',
    cycle: 1,
    meetingId: 'poll-1',
    attendance: [],
    whatGoesWell: null,
    situation: null,
    decisions: ['x'],
    actions: [
      action('a-gp', { kind: 'participant', entryId: 'e-gp', name: 'Member e-gp' }, { ownerMandate: 'decides' }),
      action('a-person', { kind: 'person', entryId: 'e-person', name: 'Member e-person' }),
      action('a-niece', { kind: 'relative', entryId: null, name: 'Niece Anna' }),
      action('a-sw', { kind: 'participant', entryId: 'e-sw', name: 'Member e-sw' }),
    ],
    referentEntryId: 'e-sw',
    referentConfirmed: true,
    crisisPlan: null,
    evaluation: { who: 'e-sw', how: 'Phone round', date: '2027-07-01' },
    status: 'sent',
    sentAt: SENT_AT,
    sentBy: ORGANISER,
    corrections: [],
    evaluationOutcome: null,
    createdAt: SENT_AT,
    updatedAt: SENT_AT,
    version: 5,
    ...overrides,
  };
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

const DONE: AnswerInput = { answer: 'done' };
const LATER: AnswerInput = { answer: 'not_done_yet', newDueDate: '2027-06-20' };
const BLOCKED: AnswerInput = { answer: 'blocked', reason: 'Waiting for the embassy' };
const NOT_MINE: AnswerInput = { answer: 'not_mine', reason: 'The CPAS does this' };

describe('answerAction: who may answer', () => {
  // [what, action, answering user, answer, expected status or error code, recorded on behalf of]
  it.each<[string, string, string, AnswerInput, string, string | undefined]>([
    ['the owner on Teams marks their action done', 'a-gp', 'u-gp', DONE, 'done', undefined],
    ['the owner says it is not theirs', 'a-gp', 'u-gp', NOT_MINE, 'not_mine', undefined],
    ['a participant answers for someone else', 'a-gp', 'u-ot', DONE, 'action.not_yours', undefined],
    ['a participant answers for the person', 'a-person', 'u-gp', DONE, 'action.not_yours', undefined],
    ['someone not on the case answers', 'a-gp', 'u-stranger', DONE, 'action.not_yours', undefined],
    ['the referent answers for the person (not on Teams)', 'a-person', 'u-sw', DONE, 'done', 'e-person'],
    ['the referent answers for a relative named only', 'a-niece', 'u-sw', BLOCKED, 'blocked', 'Niece Anna'],
    ['the referent confirms an owner on Teams', 'a-gp', 'u-sw', DONE, 'done', 'e-gp'],
    ['the referent answers their own action', 'a-sw', 'u-sw', NOT_MINE, 'not_mine', undefined],
    ['the referent cannot say "not mine" for the person', 'a-person', 'u-sw', NOT_MINE, 'action.owner_only', undefined],
    ['the organiser records an answer phoned in', 'a-person', ORGANISER, LATER, 'not_done_yet', 'e-person'],
    ['the organiser cannot say "not mine" for an owner', 'a-gp', ORGANISER, NOT_MINE, 'action.owner_only', undefined],
  ])('%s', (_what, actionId, by, input, expected, onBehalfOf) => {
    if (expected.includes('.')) {
      expect(codeOf(() => answerAction(sentReport(), actionId, input, CTX, by, NOW))).toBe(expected);
      return;
    }
    const after = answerAction(sentReport(), actionId, input, CTX, by, NOW);
    const answered = after.actions.find((a) => a.id === actionId)!;
    expect(answered.status).toBe(expected);
    expect(answered.history).toHaveLength(1);
    expect(answered.history[0]).toMatchObject({ at: NOW, by, answer: input.answer });
    expect(answered.history[0]!.onBehalfOf).toBe(onBehalfOf);
    expect(after.actions.filter((a) => a.id !== actionId)).toEqual(sentReport().actions.filter((a) => a.id !== actionId));
    expect(after.version).toBe(6);
  });
});

describe('answerAction: each answer', () => {
  it('done closes the action', () => {
    const a = answerAction(sentReport(), 'a-gp', DONE, CTX, 'u-gp', NOW).actions[0]!;
    expect(a).toMatchObject({ status: 'done', dueDate: '2027-06-15', revision: 0 });
  });

  it('not done yet moves the due date and starts a new round of reminders', () => {
    const a = answerAction(sentReport(), 'a-gp', LATER, CTX, 'u-gp', NOW).actions[0]!;
    expect(a).toMatchObject({ status: 'not_done_yet', dueDate: '2027-06-20', revision: 1, revisedAt: NOW });
    expect(a.history[0]).toEqual({ at: NOW, by: 'u-gp', answer: 'not_done_yet', newDueDate: '2027-06-20' });
  });

  // "after today" in Brussels: at 00:30 on 11 June in Brussels (still 10 June in UTC), 11 June is today
  it.each<[string, string, Date, string | null]>([
    ['today', '2027-06-10', NOW, 'action.new_date_not_after_today'],
    ['yesterday', '2027-06-09', NOW, 'action.new_date_not_after_today'],
    ['tomorrow', '2027-06-11', NOW, null],
    ['the Brussels day that has just begun', '2027-06-11', new Date('2027-06-10T22:30:00Z'), 'action.new_date_not_after_today'],
    ['the day after, at 23:30 Brussels (Auckland is already there)', '2027-06-11', new Date('2027-06-10T21:30:00Z'), null],
  ])('not done yet with a new date %s (%s)', (_what, newDueDate, now, code) => {
    expect(codeOf(() => answerAction(sentReport(), 'a-gp', { answer: 'not_done_yet', newDueDate }, CTX, 'u-gp', now))).toBe(code);
  });

  it('blocked keeps why', () => {
    const a = answerAction(sentReport(), 'a-gp', BLOCKED, CTX, 'u-gp', NOW).actions[0]!;
    expect(a.status).toBe('blocked');
    expect(a.history[0]).toEqual({ at: NOW, by: 'u-gp', answer: 'blocked', reason: 'Waiting for the embassy' });
  });

  it('a blocked action can still be answered; a done or not-mine one cannot', () => {
    const blocked = answerAction(sentReport(), 'a-gp', BLOCKED, CTX, 'u-gp', NOW);
    const done = answerAction(blocked, 'a-gp', DONE, CTX, 'u-sw', NOW);
    expect(done.actions[0]!.history.map((h) => h.answer)).toEqual(['blocked', 'done']);
    expect(codeOf(() => answerAction(done, 'a-gp', DONE, CTX, 'u-gp', NOW))).toBe('action.not_open');
    const notMine = answerAction(sentReport(), 'a-gp', NOT_MINE, CTX, 'u-gp', NOW);
    expect(codeOf(() => answerAction(notMine, 'a-gp', DONE, CTX, 'u-sw', NOW))).toBe('action.not_open');
  });

  it.each<[string, MeetingReport, string, string]>([
    ['a draft', sentReport({ status: 'draft', sentAt: null }), 'a-gp', 'report.not_sent'],
    ['an evaluated report', sentReport({ evaluationOutcome: { at: NOW, by: ORGANISER, agreementsMet: 'all', enough: true, decision: 'close', reason: null } }), 'a-gp', 'report.evaluated'],
    ['an unknown action', sentReport(), 'a-nope', 'action.not_found'],
  ])('refuses an answer on %s', (_what, report, actionId, code) => {
    expect(codeOf(() => answerAction(report, actionId, DONE, CTX, 'u-gp', NOW))).toBe(code);
  });
});

describe('reassignAction', () => {
  const notMine = (): MeetingReport => answerAction(sentReport(), 'a-gp', NOT_MINE, CTX, 'u-gp', NOW);

  it('gives the action to a new owner with a new date; open again, reminders start again, the old owner kept', () => {
    const r = reassignAction(notMine(), 'a-gp', { owner: { kind: 'participant', entryId: 'e-ot' }, dueDate: '2027-06-25' }, CTX, ORGANISER, NOW);
    const a = r.actions[0]!;
    expect(a).toMatchObject({ owner: { kind: 'participant', entryId: 'e-ot', name: 'Member e-ot' }, ownerMandate: 'advises', dueDate: '2027-06-25', status: 'open', revision: 1, revisedAt: NOW });
    expect(a.reassignments).toEqual([
      { at: NOW, by: ORGANISER, from: { kind: 'participant', entryId: 'e-gp', name: 'Member e-gp' }, to: { kind: 'participant', entryId: 'e-ot', name: 'Member e-ot' }, fromDueDate: '2027-06-15', toDueDate: '2027-06-25' },
    ]);
    expect(a.history.map((h) => h.answer)).toEqual(['not_mine']);
  });

  it('keeps the due date when none is given and it has not passed', () => {
    const r = reassignAction(notMine(), 'a-gp', { owner: { kind: 'relative', name: 'Niece Anna' } }, CTX, ORGANISER, NOW);
    expect(r.actions[0]).toMatchObject({ owner: { kind: 'relative', entryId: null, name: 'Niece Anna' }, ownerMandate: null, dueDate: '2027-06-15' });
  });

  it.each<[string, MeetingReport, Parameters<typeof reassignAction>[2], string, string]>([
    ['by the referent', notMine(), { owner: { kind: 'participant', entryId: 'e-ot' } }, 'u-sw', 'report.organiser_only'],
    ['to someone not invited', notMine(), { owner: { kind: 'relative', entryId: 'e-brother' } }, ORGANISER, 'report.not_a_participant'],
    ['with a new date in the past', notMine(), { owner: { kind: 'participant', entryId: 'e-ot' }, dueDate: '2027-06-09' }, ORGANISER, 'action.due_in_past'],
    [
      'keeping a due date that has passed',
      sentReport({ actions: [action('a-gp', { kind: 'participant', entryId: 'e-gp', name: 'G' }, { dueDate: '2027-06-08' })] }),
      { owner: { kind: 'participant', entryId: 'e-ot' } },
      ORGANISER,
      'action.due_in_past',
    ],
    ['of an unknown action', notMine(), { owner: { kind: 'participant', entryId: 'e-ot' } }, ORGANISER, 'action.not_found'],
  ])('refuses a reassignment %s', (what, report, input, by, code) => {
    const id = what === 'of an unknown action' ? 'nope' : 'a-gp';
    expect(codeOf(() => reassignAction(report, id, input, CTX, by, NOW))).toBe(code);
  });
});

describe('openActions (the weekly overview)', () => {
  it('lists every action not done, blocked and not-mine ones included', () => {
    let r = answerAction(sentReport(), 'a-gp', DONE, CTX, 'u-gp', NOW);
    r = answerAction(r, 'a-person', BLOCKED, CTX, 'u-sw', NOW);
    r = answerAction(r, 'a-sw', NOT_MINE, CTX, 'u-sw', NOW);
    expect(openActions(r).map((a) => [a.id, a.status])).toEqual([
      ['a-person', 'blocked'],
      ['a-niece', 'open'],
      ['a-sw', 'not_mine'],
    ]);
  });

  it.each<[string, Partial<MeetingReport>]>([
    ['a draft', { status: 'draft' }],
    ['an evaluated report', { evaluationOutcome: { at: NOW, by: ORGANISER, agreementsMet: 'partly', enough: false, decision: 'new_cycle', reason: null } }],
  ])('lists nothing for %s', (_what, overrides) => {
    expect(openActions(sentReport(overrides))).toEqual([]);
  });
});
