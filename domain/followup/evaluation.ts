import { z } from 'zod';
import type { Case } from '../case/case';
import { transitionCase } from '../case/case';
import { preparationForNewCycle } from '../case/new-cycle';
import { DomainError } from '../errors';
import { touch } from '../report/draft';
import { referentUserId } from '../report/owners';
import type { AgreementsMet, EvaluationDecision, EvaluationOutcome, MeetingReport, ReportContext } from '../report/report';
import { AGREEMENTS_MET, EVALUATION_DECISIONS, REPORT_REASON_MAX, findParticipant } from '../report/report';

/**
 * The evaluation of the agreements (seed 002 §4: are they carried out, and are they enough to meet
 * the care needs?), answered on the evaluation card by the organiser, the referent or the named
 * evaluator (mayEvaluate). It ends the follow-up of this consultation: the case closes, or a new
 * consultation cycle starts from preparation. The report keeps the outcome and the case its status
 * history.
 */

const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]*$/;

export const evaluationOutcomeInputSchema = z
  .object({
    agreementsMet: z.enum(AGREEMENTS_MET),
    enough: z.boolean(),
    decision: z.enum(EVALUATION_DECISIONS),
    // checked by the rule: needed only when the decision goes against the answers
    reason: z.string().max(REPORT_REASON_MAX).regex(NO_CONTROL_CHARS).optional(),
  })
  .strict();
export type EvaluationOutcomeInput = z.infer<typeof evaluationOutcomeInputSchema>;

/** Close only when every agreement was met and that was enough; anything less calls for a new consultation. */
export function suggestedDecision(agreementsMet: AgreementsMet, enough: boolean): EvaluationDecision {
  return agreementsMet === 'all' && enough ? 'close' : 'new_cycle';
}

export interface EvaluationResult {
  report: MeetingReport;
  /** The case status change this outcome calls for. */
  transition: { from: 'follow_up'; to: 'closed' | 'preparing' };
  /** The number of the next consultation when a new cycle starts; null when the case closes. */
  nextCycle: number | null;
}

/**
 * Who may record the evaluation: the organiser; the referent; and who the report names as the one
 * who evaluates the agreements (seed 002 §4, report.evaluation.who), while still an invited member
 * on Teams, who gets the evaluation card too.
 *
 * Decided: naming someone else as evaluator does NOT take the evaluation from the referent. DOMAIN.md
 * step 7: "the organiser follows up with the referent to decide whether a new consultation is
 * needed", so the outcome is the organiser and the referent's decision, and the named evaluator is
 * the one charged with checking the agreements; any of the three may record it, and the first to do
 * so ends the follow-up (another one then gets `report.evaluated`). Nobody else: a participant who
 * is not the evaluator gets `evaluation.not_allowed`.
 */
export function mayEvaluate(report: Pick<MeetingReport, 'referentEntryId' | 'evaluation'>, ctx: ReportContext, userId: string): boolean {
  if (userId === '') return false;
  if (userId === ctx.organiserId || userId === referentUserId(report.referentEntryId, ctx)) return true;
  const evaluator = report.evaluation ? findParticipant(ctx, report.evaluation.who) : null;
  return evaluator !== null && evaluator.userId === userId;
}

/**
 * Records the outcome once. The decision may differ from the suggestion (close although not
 * everything was met: the person moved out of Brussels; a new cycle although all was done: a new
 * problem), but then it needs a reason, kept with the outcome.
 */
export function evaluateAgreements(report: MeetingReport, input: EvaluationOutcomeInput, ctx: ReportContext, by: string, now: Date): EvaluationResult {
  if (report.status !== 'sent') throw new DomainError('report.not_sent');
  if (report.evaluationOutcome) throw new DomainError('report.evaluated');
  if (!mayEvaluate(report, ctx, by)) throw new DomainError('evaluation.not_allowed');
  const reason = input.reason?.trim() || null;
  if (input.decision !== suggestedDecision(input.agreementsMet, input.enough) && reason === null) {
    throw new DomainError('evaluation.reason_required');
  }
  const outcome: EvaluationOutcome = { at: now, by, agreementsMet: input.agreementsMet, enough: input.enough, decision: input.decision, reason };
  const closes = input.decision === 'close';
  return {
    report: touch({ ...report, evaluationOutcome: outcome }, now),
    transition: { from: 'follow_up', to: closes ? 'closed' : 'preparing' },
    nextCycle: closes ? null : report.cycle + 1,
  };
}

/**
 * The result of an evaluation recorded before (its outcome is on the report): what a retry applies
 * to a case that a crash left in follow-up after the report was written.
 */
export function recordedEvaluation(report: MeetingReport): EvaluationResult {
  if (!report.evaluationOutcome) throw new DomainError('report.not_sent');
  const closes = report.evaluationOutcome.decision === 'close';
  return { report, transition: { from: 'follow_up', to: closes ? 'closed' : 'preparing' }, nextCycle: closes ? null : report.cycle + 1 };
}

/**
 * Moves the case by the status table (a case not in follow-up is refused there, never moved
 * silently). A new cycle also resets what the previous meeting's preparation answered
 * (case/new-cycle.ts), so that planning waits for the new answers.
 */
export function applyEvaluation(c: Case, result: EvaluationResult, by: string, now: Date): Case {
  if (c.id !== result.report.caseId) throw new DomainError('validation.invalid', { fields: ['evaluation.caseId'] });
  if (c.status !== result.transition.from) throw new DomainError('case.transition_not_allowed', { from: c.status, to: result.transition.to });
  const moved = transitionCase(c, result.transition.to, by, now);
  return result.transition.to === 'preparing' ? { ...moved, preparation: preparationForNewCycle(moved.preparation) } : moved;
}
