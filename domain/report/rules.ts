import type { ErrorCode } from '../errors';
import { DomainError } from '../errors';
import { toBrusselsDate } from '../time';
import { attendanceLine, findAction, replaceAction, touch } from './draft';
import { ownerReference, ownerUserId, referentUserId, resolveOwner } from './owners';
import type { ActionAnswer, AgreedAction, AnswerInput, AttendanceCorrectionInput, MeetingReport, ReassignInput, ReportContext } from './report';
import { ACTION_HISTORY_MAX, findParticipant, REPORT_CORRECTIONS_MAX } from './report';

/**
 * The rules of a report once written: what it needs before it is sent, sending it once, audited
 * corrections of attendance, and the answers to its agreed actions. Pure: the acting Teams user
 * and `now` are parameters; a refusal is a DomainError with a code.
 */

export interface ReportProblem {
  code: ErrorCode;
  /** What the problem is about: a participant or action id, or which hours a crisis plan misses. */
  ref?: string;
}

/**
 * Everything that stops the report from being sent, in the order the organiser writes it; empty
 * when it can go. Dates are compared as Brussels calendar dates: today is not "in the past".
 */
export function validateForSending(report: MeetingReport, ctx: ReportContext, now: Date): ReportProblem[] {
  const today = toBrusselsDate(now);
  const problems: ReportProblem[] = [];
  const recorded = new Set(report.attendance.map((a) => a.participantId));
  for (const entry of ctx.network) {
    if (entry.invited && !recorded.has(entry.id)) problems.push({ code: 'report.attendance_missing', ref: entry.id });
  }
  // seed 003 point 9: a consultation ends with clear agreements
  if (report.decisions.length === 0 && report.actions.length === 0) problems.push({ code: 'report.no_decision_or_action' });
  for (const action of report.actions) {
    if (action.owner.entryId !== null && !findParticipant(ctx, action.owner.entryId)) problems.push({ code: 'action.owner_missing', ref: action.id });
    if (action.dueDate < today) problems.push({ code: 'action.due_in_past', ref: action.id });
  }
  problems.push(...crisisPlanProblems(report, ctx));
  if (!report.evaluation || !findParticipant(ctx, report.evaluation.who)) problems.push({ code: 'report.evaluation_missing' });
  else if (report.evaluation.date < today) problems.push({ code: 'report.evaluation_date_in_past' });
  if (!findParticipant(ctx, report.referentEntryId)) problems.push({ code: 'report.referent_missing' });
  else if (!report.referentConfirmed) problems.push({ code: 'report.referent_not_confirmed' });
  return problems;
}

/**
 * A crisis plan is there for when care derails, often at night: someone must act, and someone
 * must be reachable both in and out of office hours (the same person may cover both). A contact
 * reachable at no time is listed for information but does not act.
 */
function crisisPlanProblems(report: MeetingReport, ctx: ReportContext): ReportProblem[] {
  const plan = report.crisisPlan;
  if (!plan) return [{ code: 'report.crisis_plan_missing' }];
  const acting = plan.contacts.filter((c) => (c.entryId === null || findParticipant(ctx, c.entryId)) && (c.inOfficeHours || c.outOfOfficeHours));
  if (acting.length === 0) return [{ code: 'report.crisis_plan_no_one_to_act' }];
  const problems: ReportProblem[] = [];
  if (!acting.some((c) => c.inOfficeHours)) problems.push({ code: 'report.crisis_plan_hours_uncovered', ref: 'in_office' });
  if (!acting.some((c) => c.outOfOfficeHours)) problems.push({ code: 'report.crisis_plan_hours_uncovered', ref: 'out_of_office' });
  return problems;
}

function assertOrganiser(ctx: ReportContext, by: string): void {
  if (by !== ctx.organiserId) throw new DomainError('report.organiser_only');
}

function assertSent(report: MeetingReport): void {
  if (report.status !== 'sent') throw new DomainError('report.not_sent');
}

/**
 * Draft -> sent, once. A second send (a double click, a retried card) is refused with
 * `report.already_sent` so the adapter can say so; nothing is sent twice. Reminders for every
 * action count from this moment.
 */
export function sendReport(report: MeetingReport, ctx: ReportContext, by: string, now: Date): MeetingReport {
  if (report.status === 'sent') throw new DomainError('report.already_sent');
  assertOrganiser(ctx, by);
  const problems = validateForSending(report, ctx, now);
  if (problems.length) throw new DomainError('report.incomplete', { problems: [...new Set(problems.map((p) => p.code))] });
  return touch(
    {
      ...report,
      status: 'sent',
      sentAt: now,
      sentBy: by,
      actions: report.actions.map((a) => ({ ...a, status: 'open', revisedAt: now })),
    },
    now,
  );
}

/**
 * After sending, attendance is funded data: the organiser may still correct it, with a reason,
 * and the correction is kept with what it was before. A draft is simply edited (recordAttendance).
 */
export function correctAttendance(report: MeetingReport, input: AttendanceCorrectionInput, ctx: ReportContext, by: string, now: Date): MeetingReport {
  assertSent(report);
  assertOrganiser(ctx, by);
  const reason = input.reason?.trim();
  if (!reason) throw new DomainError('report.reason_required');
  const after = attendanceLine(input.line, ctx);
  const before = report.attendance.find((a) => a.participantId === after.participantId) ?? null;
  if (before && before.status === after.status && before.mode === after.mode) throw new DomainError('report.correction_unchanged');
  if (report.corrections.length >= REPORT_CORRECTIONS_MAX) throw new DomainError('report.limit_reached', { max: REPORT_CORRECTIONS_MAX });
  const attendance = before ? report.attendance.map((a) => (a.participantId === after.participantId ? after : a)) : [...report.attendance, after];
  const correction = { at: now, by, field: `attendance.${after.participantId}`, reason, before, after };
  return touch({ ...report, attendance, corrections: [...report.corrections, correction] }, now);
}

/** After the evaluation the actions are history: nothing more is answered or reassigned. */
function assertFollowingUp(report: MeetingReport): void {
  assertSent(report);
  if (report.evaluationOutcome) throw new DomainError('report.evaluated');
}

/**
 * Who answers for an action:
 * - its owner, when on Teams, for their own action (and only they may say "not mine");
 * - the referent, the single point of contact who confirms the plan, for any action; for an owner
 *   other than themself (the person, a relative, anyone not answering) it is recorded on their behalf;
 * - the organiser, likewise on behalf, e.g. when the referent is not on Teams and phones it in.
 * Anyone else: `action.not_yours`.
 */
function answeringAs(action: AgreedAction, report: MeetingReport, ctx: ReportContext, by: string): 'owner' | 'on_behalf' {
  if (ownerUserId(action, ctx) === by) return 'owner';
  if (referentUserId(report.referentEntryId, ctx) === by || ctx.organiserId === by) return 'on_behalf';
  throw new DomainError('action.not_yours');
}

/**
 * An answer to an action: done; not done yet with a new date after today (the reminders start
 * again for it); blocked, with why; not mine (the organiser then reassigns it). A done action, or
 * one waiting for reassignment, takes no more answers.
 */
export function answerAction(report: MeetingReport, actionId: string, input: AnswerInput, ctx: ReportContext, by: string, now: Date): MeetingReport {
  assertFollowingUp(report);
  const action = findAction(report, actionId);
  const as = answeringAs(action, report, ctx, by);
  if (action.status === 'done' || action.status === 'not_mine') throw new DomainError('action.not_open', { status: action.status });
  if (input.answer === 'not_mine' && as !== 'owner') throw new DomainError('action.owner_only');
  if (action.history.length >= ACTION_HISTORY_MAX) throw new DomainError('report.limit_reached', { max: ACTION_HISTORY_MAX });
  const answer: ActionAnswer = { at: now, by, answer: input.answer };
  if (as === 'on_behalf') answer.onBehalfOf = ownerReference(action.owner);
  let change: Partial<AgreedAction>;
  switch (input.answer) {
    case 'done':
      change = { status: 'done' };
      break;
    case 'not_done_yet':
      if (input.newDueDate <= toBrusselsDate(now)) throw new DomainError('action.new_date_not_after_today', { dueDate: input.newDueDate });
      answer.newDueDate = input.newDueDate;
      change = { status: 'not_done_yet', dueDate: input.newDueDate, revision: action.revision + 1, revisedAt: now };
      break;
    case 'blocked':
      answer.reason = input.reason;
      change = { status: 'blocked' };
      break;
    case 'not_mine':
      if (input.reason !== undefined) answer.reason = input.reason;
      change = { status: 'not_mine' };
      break;
  }
  const next: AgreedAction = { ...action, ...change, history: [...action.history, answer] };
  return touch(replaceAction(report, next), now);
}

/**
 * The organiser gives an action to another owner (after "not mine", or when the plan changes),
 * optionally with a new date; the action is open again and its reminders start again. Also the
 * way to reopen an action marked done by mistake: the previous owner and date are kept.
 */
export function reassignAction(report: MeetingReport, actionId: string, input: ReassignInput, ctx: ReportContext, by: string, now: Date): MeetingReport {
  assertFollowingUp(report);
  assertOrganiser(ctx, by);
  const action = findAction(report, actionId);
  const { owner, mandate } = resolveOwner(input.owner, ctx);
  const dueDate = input.dueDate ?? action.dueDate;
  if (dueDate < toBrusselsDate(now)) throw new DomainError('action.due_in_past', { dueDate });
  if (action.reassignments.length >= ACTION_HISTORY_MAX) throw new DomainError('report.limit_reached', { max: ACTION_HISTORY_MAX });
  const reassignment = { at: now, by, from: action.owner, to: owner, fromDueDate: action.dueDate, toDueDate: dueDate };
  const next: AgreedAction = {
    ...action,
    owner,
    ownerMandate: mandate,
    dueDate,
    status: 'open',
    reassignments: [...action.reassignments, reassignment],
    revision: action.revision + 1,
    revisedAt: now,
  };
  return touch(replaceAction(report, next), now);
}
