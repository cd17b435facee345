import type { NetworkEntry } from '../../domain/case/preparation';
import { DomainError } from '../../domain/errors';
import { applyEvaluation, evaluateAgreements, mayEvaluate, suggestedDecision, type EvaluationOutcomeInput } from '../../domain/followup/evaluation';
import { DEFAULT_FOLLOW_UP_CONFIG } from '../../domain/followup/config';
import { evaluationDue } from '../../domain/followup/schedule';
import type { AgreementsMet, MeetingReport, ReportContext } from '../../domain/report/report';
import { makeCase } from '../support/fixtures';
import { missingForPlanning } from '../../domain/case/preparation-rules';

// Thursday 1 July 2027, 10:00 in Brussels (summer time), 20:00 in Auckland where the tests run.
const NOW = new Date('2027-07-01T08:00:00Z');
const ORGANISER = 'u-org';

function entry(id: string, userId: string | null): NetworkEntry {
  return { id, role: 'r', name: id, organisation: null, contact: null, userId, mandate: null, invited: true, notInvitedReason: null, isSupporter: false };
}

const CTX: ReportContext = { organiserId: ORGANISER, network: [entry('e-gp', 'u-gp'), entry('e-sw', 'u-sw'), entry('e-nurse', null)] };

function report(overrides: Partial<MeetingReport> = {}): MeetingReport {
  const sentAt = new Date('2027-06-01T08:00:00Z');
  return {
    caseId: 'case-7',
    cycle: 1,
    meetingId: 'poll-1',
    attendance: [],
    whatGoesWell: null,
    situation: null,
    decisions: ['x'],
    actions: [],
    referentEntryId: 'e-sw',
    referentConfirmed: true,
    crisisPlan: null,
    evaluation: { who: 'e-sw', how: 'Phone round', date: '2027-07-01' },
    status: 'sent',
    sentAt,
    sentBy: ORGANISER,
    corrections: [],
    evaluationOutcome: null,
    createdAt: sentAt,
    updatedAt: sentAt,
    version: 4,
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

describe('suggestedDecision', () => {
  it.each<[AgreementsMet, boolean, string]>([
    ['all', true, 'close'],
    ['all', false, 'new_cycle'],
    ['partly', true, 'new_cycle'],
    ['none', false, 'new_cycle'],
  ])('agreements met: %s, enough: %p -> %s', (met, enough, decision) => {
    expect(suggestedDecision(met, enough)).toBe(decision);
  });
});

describe('evaluateAgreements', () => {
  // [what, input, by, transition to, next cycle]
  it.each<[string, EvaluationOutcomeInput, string, 'closed' | 'preparing', number | null]>([
    ['all met and enough: close', { agreementsMet: 'all', enough: true, decision: 'close' }, ORGANISER, 'closed', null],
    ['partly met: a new consultation cycle', { agreementsMet: 'partly', enough: true, decision: 'new_cycle' }, ORGANISER, 'preparing', 2],
    ['the referent records it', { agreementsMet: 'none', enough: false, decision: 'new_cycle' }, 'u-sw', 'preparing', 2],
    ['close against the answers, with why', { agreementsMet: 'none', enough: false, decision: 'close', reason: 'Moved out of Brussels' }, ORGANISER, 'closed', null],
    ['a new cycle although all went well, with why', { agreementsMet: 'all', enough: true, decision: 'new_cycle', reason: 'A new problem: the lease' }, ORGANISER, 'preparing', 2],
  ])('%s', (_what, input, by, to, nextCycle) => {
    const result = evaluateAgreements(report(), input, CTX, by, NOW);
    expect(result.transition).toEqual({ from: 'follow_up', to });
    expect(result.nextCycle).toBe(nextCycle);
    expect(result.report.evaluationOutcome).toEqual({
      at: NOW,
      by,
      agreementsMet: input.agreementsMet,
      enough: input.enough,
      decision: input.decision,
      reason: input.reason ?? null,
    });
    expect(result.report.version).toBe(5);
  });

  it.each<[string, MeetingReport, EvaluationOutcomeInput, string, string]>([
    ['against the answers without a reason', report(), { agreementsMet: 'partly', enough: false, decision: 'close' }, ORGANISER, 'evaluation.reason_required'],
    ['against the answers with a blank reason', report(), { agreementsMet: 'all', enough: true, decision: 'new_cycle', reason: '   ' }, ORGANISER, 'evaluation.reason_required'],
    ['by a participant', report(), { agreementsMet: 'all', enough: true, decision: 'close' }, 'u-gp', 'evaluation.not_allowed'],
    ['on a draft', report({ status: 'draft' }), { agreementsMet: 'all', enough: true, decision: 'close' }, ORGANISER, 'report.not_sent'],
    [
      'a second time',
      report({ evaluationOutcome: { at: NOW, by: ORGANISER, agreementsMet: 'all', enough: true, decision: 'close', reason: null } }),
      { agreementsMet: 'all', enough: true, decision: 'close' },
      ORGANISER,
      'report.evaluated',
    ],
  ])('refuses an evaluation %s', (_what, r, input, by, code) => {
    expect(codeOf(() => evaluateAgreements(r, input, CTX, by, NOW))).toBe(code);
  });
});

describe('who records the evaluation when the report names another evaluator than the referent (the GP)', () => {
  const namingGp = report({ evaluation: { who: 'e-gp', how: 'Phone round', date: '2027-07-01' } });
  const input: EvaluationOutcomeInput = { agreementsMet: 'all', enough: true, decision: 'close' };
  const notInvited: ReportContext = { ...CTX, network: CTX.network.map((e) => (e.id === 'e-gp' ? { ...e, invited: false } : e)) };

  // [who, report, context, allowed]
  it.each<[string, string, MeetingReport, ReportContext, boolean]>([
    ['the named evaluator', 'u-gp', namingGp, CTX, true],
    ['the organiser', ORGANISER, namingGp, CTX, true],
    // decided (evaluation.ts mayEvaluate): the outcome is the organiser and the referent's decision (DOMAIN.md step 7), naming an evaluator does not lock the referent out
    ['the referent, although not the one named', 'u-sw', namingGp, CTX, true],
    ['a participant who is not named (the GP when the referent is)', 'u-gp', report(), CTX, false],
    ['the named evaluator once no longer invited', 'u-gp', namingGp, notInvited, false],
    ['nobody (an empty id)', '', namingGp, { ...CTX, organiserId: '' }, false],
  ])('%s: allowed %p', (_who, by, r, ctx, allowed) => {
    expect(mayEvaluate(r, ctx, by)).toBe(allowed);
    expect(codeOf(() => evaluateAgreements(r, input, ctx, by, NOW))).toBe(allowed ? null : 'evaluation.not_allowed');
  });

  it('the evaluation card goes to the named evaluator too', () => {
    expect(evaluationDue(namingGp, new Date('2027-07-01T07:00:00Z')).map((n) => [n.role, n.key])).toEqual([
      ['organiser', 'evaluation:case-7:c1@2027-07-01:organiser'],
      ['referent', 'evaluation:case-7:c1@2027-07-01:referent'],
      ['evaluator', 'evaluation:case-7:c1@2027-07-01:evaluator'],
    ]);
  });
});

describe('applyEvaluation', () => {
  const closing = () => evaluateAgreements(report(), { agreementsMet: 'all', enough: true, decision: 'close' }, CTX, ORGANISER, NOW);
  const newCycle = () => evaluateAgreements(report(), { agreementsMet: 'partly', enough: false, decision: 'new_cycle' }, CTX, ORGANISER, NOW);

  it.each<[string, () => ReturnType<typeof closing>, string]>([
    ['closes the case', closing, 'closed'],
    ['sends the case back to preparation for a new cycle', newCycle, 'preparing'],
  ])('%s, keeping its history', (_what, result, to) => {
    const c = makeCase({ id: 'case-7', status: 'follow_up' });
    const after = applyEvaluation(c, result(), ORGANISER, NOW);
    expect(after.status).toBe(to);
    expect(after.statusHistory).toEqual([...c.statusHistory, { from: 'follow_up', to, at: NOW, by: ORGANISER }]);
  });

  it('asks again, for a new cycle, what belonged to the last meeting; keeps consent, network and goals', () => {
    const before = makeCase({ id: 'case-7', status: 'follow_up' });
    const consent = { recordedBy: ORGANISER, recordedAt: NOW, method: 'in_person' as const, consultation: true, sharing: true };
    const c = {
      ...before,
      preparation: {
        ...before.preparation,
        consent,
        personGoals: 'Stay at home',
        strengths: 'Cooks',
        meetingGoal: 'Agree who helps',
        personPreparedAt: NOW,
        personPreparedBy: ORGANISER,
        network: [entry('e-gp', 'u-gp'), { ...entry('e-brother', null), invited: false, notInvitedReason: 'The person asked' }],
        referentEntryId: 'e-gp',
        referentConfirmedAt: NOW,
        referentConfirmedBy: 'u-gp',
      },
    };
    const next = applyEvaluation(c, newCycle(), ORGANISER, NOW).preparation;
    expect(next).toEqual({
      ...c.preparation,
      meetingGoal: null,
      personPreparedAt: null,
      personPreparedBy: null,
      referentConfirmedAt: null,
      referentConfirmedBy: null,
    });
    expect(missingForPlanning(next)).toEqual(['meeting_goal', 'person_prepared', 'referent_confirmed']);
    // closing changes nothing of the preparation: it is history
    expect(applyEvaluation(c, closing(), ORGANISER, NOW).preparation).toEqual(c.preparation);
  });

  it('refuses a case that is not in follow-up, and another case', () => {
    expect(codeOf(() => applyEvaluation(makeCase({ id: 'case-7', status: 'closed' }), closing(), ORGANISER, NOW))).toBe('case.transition_not_allowed');
    expect(codeOf(() => applyEvaluation(makeCase({ id: 'case-8', status: 'follow_up' }), closing(), ORGANISER, NOW))).toBe('validation.invalid');
  });
});

describe('evaluationDue (on the evaluation date at 09:00 Brussels)', () => {
  const keys = (r: MeetingReport, iso: string, alreadySent?: ReadonlySet<string>) => evaluationDue(r, new Date(iso), { alreadySent }).map((n) => [n.role, n.key, n.at.toISOString()]);
  const BOTH = [
    ['organiser', 'evaluation:case-7:c1@2027-07-01:organiser', '2027-07-01T07:00:00.000Z'],
    ['referent', 'evaluation:case-7:c1@2027-07-01:referent', '2027-07-01T07:00:00.000Z'],
  ];

  it.each<[string, MeetingReport, string, unknown[]]>([
    ['the evening before, 19:00 (already the 1st in Auckland)', report(), '2027-06-30T17:00:00Z', []],
    ['08:59 on the date', report(), '2027-07-01T06:59:00Z', []],
    ['09:00 on the date: a card for the organiser and the referent', report(), '2027-07-01T07:00:00Z', BOTH],
    [
      'a week later, still not evaluated: the card is still owed, and the latest reminder (Wed 7, the 4th working day) with its escalation',
      report(),
      '2027-07-08T10:00:00Z',
      [
        ...BOTH,
        ['organiser', 'evaluation:case-7:c1@2027-07-01:reminder:2:organiser', '2027-07-07T07:00:00.000Z'],
        ['evaluator', 'evaluation:case-7:c1@2027-07-01:reminder:2:evaluator', '2027-07-07T07:00:00.000Z'],
        ['coordinator', 'evaluation:case-7:c1@2027-07-01:escalation:2:coordinator', '2027-07-07T07:00:00.000Z'],
      ],
    ],
    ['at night, even when due', report(), '2027-07-01T20:00:00Z', []],
    ['once evaluated', report({ evaluationOutcome: { at: NOW, by: ORGANISER, agreementsMet: 'all', enough: true, decision: 'close', reason: null } }), '2027-07-01T08:00:00Z', []],
    ['for a draft', report({ status: 'draft' }), '2027-07-01T08:00:00Z', []],
    [
      'a Saturday date: Monday 08:00',
      report({ evaluation: { who: 'e-sw', how: 'x', date: '2027-07-03' } }),
      '2027-07-05T06:00:00Z',
      [
        ['organiser', 'evaluation:case-7:c1@2027-07-03:organiser', '2027-07-05T06:00:00.000Z'],
        ['referent', 'evaluation:case-7:c1@2027-07-03:referent', '2027-07-05T06:00:00.000Z'],
      ],
    ],
    ['a Saturday date, on the Saturday', report({ evaluation: { who: 'e-sw', how: 'x', date: '2027-07-03' } }), '2027-07-03T10:00:00Z', []],
    ['a winter date: 09:00 is 08:00 UTC', report({ evaluation: { who: 'e-sw', how: 'x', date: '2027-11-04' } }), '2027-11-04T07:30:00Z', []],
  ])('%s', (_what, r, iso, expected) => {
    expect(keys(r, iso)).toEqual(expected);
  });

  it('gives each card once: what was sent is not returned again', () => {
    const sent = new Set<string>();
    const seen: string[] = [];
    for (let t = new Date('2027-06-30T00:00:00Z').getTime(); t < new Date('2027-07-03T00:00:00Z').getTime(); t += 15 * 60_000) {
      for (const n of evaluationDue(report(), new Date(t), { alreadySent: sent, config: DEFAULT_FOLLOW_UP_CONFIG })) {
        sent.add(n.key);
        seen.push(`${n.key} ${new Date(t).toISOString()}`);
      }
    }
    expect(seen).toEqual(['evaluation:case-7:c1@2027-07-01:organiser 2027-07-01T07:00:00.000Z', 'evaluation:case-7:c1@2027-07-01:referent 2027-07-01T07:00:00.000Z']);
  });
});
