import { DomainError } from '../errors';
import type { IdGenerator, NewOutboxMessage, Stores } from '../ports';
import type { Case } from '../case/case';
import { transitionCase } from '../case/case';
import { assertTransition } from '../case/status';
import { authorize, rolesOnCase, type CaseAction } from '../case/access';
import { pendingAssignment } from '../case/assignment';
import { refreshRootCard, threadNotice, type Actor, type Reach } from '../case/pool-and-assignment';
import { addAction, editAction, recordAttendance, removeAction, setCrisisPlan, setEvaluation, setNarrative, setReportReferent, startReport } from './draft';
import { ownerUserId, referentUserId } from './owners';
import { mayReadReport } from './readers';
import {
  actionInputSchema,
  answerInputSchema,
  attendanceCorrectionInputSchema,
  attendanceInputSchema,
  crisisPlanInputSchema,
  evaluationInputSchema,
  narrativeInputSchema,
  parseReportInput,
  reassignInputSchema,
  referentInputSchema,
  type MeetingReport,
  type ReportContext,
} from './report';
import { answerAction, correctAttendance, reassignAction, sendReport, validateForSending, type ReportProblem } from './rules';
import { applyEvaluation, evaluateAgreements, evaluationOutcomeInputSchema, mayEvaluate, recordedEvaluation, type EvaluationResult } from '../followup/evaluation';
import { assertMeetingStarted, scheduledMeetingSlot } from './meeting-held';

/** What the audit trail says was done with a report: names of actions, never the content. */
export const REPORT_AUDIT_ACTIONS = [
  'report.meeting_held',
  'report.viewed',
  'report.attendance_saved',
  'report.narrative_saved',
  'report.action_added',
  'report.action_edited',
  'report.action_removed',
  'report.referent_saved',
  'report.crisis_plan_saved',
  'report.evaluation_saved',
  'report.sent',
  'report.attendance_corrected',
  'action.answered',
  'action.answered_on_behalf',
  'action.reassigned',
  'actions.viewed',
  'evaluation.recorded',
] as const;
export type ReportAuditAction = (typeof REPORT_AUDIT_ACTIONS)[number];

/**
 * The use cases of the meeting report and of confirming its actions. Like preparation: load the
 * case, check who acts, apply a pure rule, write compare-and-set on the version, append an audit
 * entry, queue the messages (always with a root card refresh when the case changed).
 *
 * A use case that writes twice (the case and its report) cannot write both at once: a crash or a
 * restart may come between. Each such step is ordered so that the same click again finds what was
 * done and does the rest (the missing write, the audit entry, the messages, each message once by
 * its key), and answers as the first click would have: a crash loses nothing and sends nothing twice.
 */
export interface ReportDeps {
  stores: Pick<Stores, 'cases' | 'reports' | 'outbox' | 'audit' | 'polls'>;
  ids: IdGenerator;
}

export function reportContextOf(c: Case): ReportContext {
  return { organiserId: c.organiserId ?? '', network: c.preparation.network };
}

/** The report of the current consultation cycle: the latest one; null before the first meeting was held. */
export async function latestReport(deps: Pick<ReportDeps, 'stores'>, caseId: string): Promise<MeetingReport | null> {
  return (await deps.stores.reports.listByCase(caseId)).at(-1) ?? null;
}

/** The report of the case's latest consultation that was sent: the one being followed up. */
export async function findLatestSentReport(stores: Pick<Stores, 'reports'>, caseId: string): Promise<MeetingReport | null> {
  return (await stores.reports.listByCase(caseId)).filter((r) => r.status === 'sent').at(-1) ?? null;
}

async function loadCase(deps: ReportDeps, actor: Actor, caseId: string, action: CaseAction): Promise<Case> {
  // a coordinator's overview rights do not make them a member of the consultation
  const c = authorize(actor.userId, await deps.stores.cases.findById(caseId), action, false);
  if (pendingAssignment(c)?.organiserId === actor.userId) throw new DomainError('access.denied');
  return c;
}

async function loadReport(deps: ReportDeps, caseId: string): Promise<MeetingReport> {
  const report = await latestReport(deps, caseId);
  if (!report) throw new DomainError('report.not_draft');
  return report;
}

async function audit(deps: ReportDeps, caseId: string, actorId: string, action: ReportAuditAction, now: Date): Promise<void> {
  await deps.stores.audit.append({ caseId, at: now, actorId, action });
}

/**
 * Queues each message once (by its key). Returns how many of them carry news and were not queued
 * before: a root card refresh is keyed by the case's version, and a later change makes it new.
 */
async function enqueueAll(deps: ReportDeps, messages: NewOutboxMessage[], now: Date): Promise<number> {
  let queued = 0;
  for (const m of messages) if ((await deps.stores.outbox.enqueue(m, now)) === 'queued' && m.kind !== 'case_thread_refresh') queued++;
  return queued;
}

/**
 * On a retry that finds the writes done: appends the audit entry when the trail holds fewer than
 * `expected` of them (the crash came between the write and the audit). Returns whether it did.
 */
async function auditIfMissing(deps: ReportDeps, caseId: string, actorId: string, action: ReportAuditAction, expected: number, now: Date): Promise<boolean> {
  const recorded = (await deps.stores.audit.listByCase(caseId)).filter((e) => e.action === action).length;
  if (recorded >= expected) return false;
  await audit(deps, caseId, actorId, action, now);
  return true;
}

async function saveReport(deps: ReportDeps, before: MeetingReport, after: MeetingReport): Promise<MeetingReport> {
  if (!(await deps.stores.reports.replaceIfVersion(after, before.version))) throw new DomainError('case.conflict');
  return after;
}

async function saveCase(deps: ReportDeps, before: Case, after: Case): Promise<Case> {
  if (!(await deps.stores.cases.replaceIfVersion(after, before.version))) throw new DomainError('case.conflict');
  return after;
}

function directCard(c: Case, key: string, userId: string, view: string, reach: Reach | null): NewOutboxMessage {
  return { key, kind: 'direct_card', caseId: c.id, userId, payload: { view, teamsUserId: userId, ...(reach ?? {}) } };
}

/** The cycle of the next report: one after the last (evaluated) one. */
function nextCycle(reports: readonly MeetingReport[]): number {
  return (reports.at(-1)?.cycle ?? 0) + 1;
}

function heldMessages(c: Case, cycle: number): NewOutboxMessage[] {
  return [threadNotice(c, `held:c${cycle}`, 'report.thread.held', {}), refreshRootCard(c)];
}

/**
 * The organiser says the meeting took place: scheduled -> held, once its chosen slot has started
 * (the slot's start is kept with the change: the figures count the meeting in its year), and the
 * report of this cycle is started as a draft (stored as it is written).
 *
 * The case is written first, then the report. A held case without its report (a crash came
 * between) gets it from the next click, answered as the first one; a click that finds the report
 * there queues what a crash may have left unqueued. A second click that finds everything done is
 * refused (`case.transition_not_allowed`).
 */
export async function markMeetingHeld(deps: ReportDeps, actor: Actor, caseId: string, now: Date): Promise<{ case: Case; report: MeetingReport }> {
  const c = await loadCase(deps, actor, caseId, 'report.write');
  const reports = await deps.stores.reports.listByCase(caseId);
  let after = c;
  if (c.status === 'held') {
    // a held case's report is its latest until evaluated; none, or an evaluated one, is the previous meeting's
    const current = reports.at(-1);
    if (current && !current.evaluationOutcome) {
      const audited = await auditIfMissing(deps, c.id, actor.userId, 'report.meeting_held', reports.length, now);
      const queued = await enqueueAll(deps, heldMessages(c, current.cycle), now);
      if (!audited && queued === 0) throw new DomainError('case.transition_not_allowed', { from: c.status, to: 'held' });
      return { case: c, report: current };
    }
  } else {
    assertTransition(c.status, 'held');
    const slot = scheduledMeetingSlot(c, await deps.stores.polls.listByCase(caseId));
    assertMeetingStarted(slot, now);
    after = await saveCase(deps, c, transitionCase(c, 'held', actor.userId, now, slot ? { meetingAt: slot.start } : {}));
  }
  const cycle = nextCycle(reports);
  const report = startReport({ caseId, cycle, meetingId: `${caseId}:meeting:c${cycle}` }, c.preparation, now);
  if ((await deps.stores.reports.insert(report)) === 'duplicate') throw new DomainError('case.conflict');
  await audit(deps, c.id, actor.userId, 'report.meeting_held', now);
  await enqueueAll(deps, heldMessages(after, cycle), now);
  return { case: after, report };
}

/** The organiser opens the report (a read of the case: audited). */
export async function openReport(deps: ReportDeps, actor: Actor, caseId: string, now: Date): Promise<{ case: Case; report: MeetingReport | null; problems: ReportProblem[] }> {
  const c = await loadCase(deps, actor, caseId, 'report.write');
  const report = await latestReport(deps, caseId);
  await audit(deps, c.id, actor.userId, 'report.viewed', now);
  return { case: c, report, problems: report && report.status === 'draft' ? validateForSending(report, reportContextOf(c), now) : [] };
}

/** The same, unaudited: to show the card again after a refused change. */
export async function reloadReport(deps: ReportDeps, actor: Actor, caseId: string, now: Date): Promise<{ case: Case; report: MeetingReport | null; problems: ReportProblem[] }> {
  const c = await loadCase(deps, actor, caseId, 'report.write');
  const report = await latestReport(deps, caseId);
  return { case: c, report, problems: report && report.status === 'draft' ? validateForSending(report, reportContextOf(c), now) : [] };
}

export type DraftChange =
  | { section: 'attendance'; input: unknown }
  | { section: 'narrative'; input: unknown }
  | { section: 'action_add'; input: unknown }
  | { section: 'action_edit'; actionId: string; input: unknown }
  | { section: 'action_remove'; actionId: string }
  | { section: 'referent'; input: unknown }
  | { section: 'crisis_plan'; input: unknown }
  | { section: 'evaluation'; input: unknown };

const DRAFT_AUDIT: Readonly<Record<DraftChange['section'], ReportAuditAction>> = {
  attendance: 'report.attendance_saved',
  narrative: 'report.narrative_saved',
  action_add: 'report.action_added',
  action_edit: 'report.action_edited',
  action_remove: 'report.action_removed',
  referent: 'report.referent_saved',
  crisis_plan: 'report.crisis_plan_saved',
  evaluation: 'report.evaluation_saved',
};

/** One section of the draft written: validated, applied by the pure rule, stored compare-and-set. */
export async function saveReportDraft(deps: ReportDeps, actor: Actor, caseId: string, change: DraftChange, now: Date): Promise<{ case: Case; report: MeetingReport }> {
  const c = await loadCase(deps, actor, caseId, 'report.write');
  const report = await loadReport(deps, caseId);
  if (report.status !== 'draft') throw new DomainError('report.not_draft');
  const ctx = reportContextOf(c);
  let after: MeetingReport;
  switch (change.section) {
    case 'attendance':
      after = recordAttendance(report, parseReportInput(attendanceInputSchema, change.input, 'attendance'), ctx, now);
      break;
    case 'narrative':
      after = setNarrative(report, parseReportInput(narrativeInputSchema, change.input, 'narrative'), now);
      break;
    case 'action_add':
      after = addAction(report, deps.ids.newId(), parseReportInput(actionInputSchema, change.input, 'action'), ctx, now);
      break;
    case 'action_edit':
      after = editAction(report, change.actionId, parseReportInput(actionInputSchema, change.input, 'action'), ctx, now);
      break;
    case 'action_remove':
      after = removeAction(report, change.actionId, now);
      break;
    case 'referent':
      after = setReportReferent(report, parseReportInput(referentInputSchema, change.input, 'referent'), ctx, now);
      break;
    case 'crisis_plan':
      after = setCrisisPlan(report, parseReportInput(crisisPlanInputSchema, change.input, 'crisisPlan'), ctx, now);
      break;
    case 'evaluation':
      after = setEvaluation(report, parseReportInput(evaluationInputSchema, change.input, 'evaluation'), ctx, now);
      break;
  }
  await saveReport(deps, report, after);
  await audit(deps, c.id, actor.userId, DRAFT_AUDIT[change.section], now);
  return { case: c, report: after };
}

/** Invited members on Teams, with their entry id. */
function invitedOnTeams(c: Case): { entryId: string; userId: string }[] {
  return c.preparation.network.filter((e) => e.invited && e.userId).map((e) => ({ entryId: e.id, userId: e.userId! }));
}

/** Teams users who own at least one action of the report that waits for them. */
function ownersOnTeams(report: MeetingReport, c: Case): string[] {
  const ctx = reportContextOf(c);
  const users = report.actions.filter((a) => a.status !== 'done').map((a) => ownerUserId(a, ctx)).filter((u): u is string => u !== null);
  return [...new Set(users)];
}

/**
 * Sends the report, once: the summary in the case thread (pseudonym only), the report to every
 * invited member on Teams, each owner's actions to them, the referent's list to the referent;
 * the case moves held -> follow_up.
 *
 * The report is written sent first, then the case, then the audit entry and the messages (each
 * queued once, by its key). A send that finds the report sent and its case still held (a crash came
 * between) moves the case and queues the messages, answered as the first send; one that finds the
 * case moved queues what a crash may have left unqueued. A send that finds everything done is
 * refused (`report.already_sent`): nothing again.
 */
export async function sendCaseReport(deps: ReportDeps, actor: Actor, caseId: string, reach: Reach, now: Date): Promise<{ case: Case; report: MeetingReport }> {
  const c = await loadCase(deps, actor, caseId, 'report.write');
  const reports = await deps.stores.reports.listByCase(caseId);
  const report = reports.at(-1);
  if (!report) throw new DomainError('report.not_draft');
  const sentBefore = report.status === 'sent';
  if (sentBefore) {
    // by this send's earlier attempt, if its case was left behind (held), or its messages (follow-up)
    if (report.evaluationOutcome || actor.userId !== c.organiserId || (c.status !== 'held' && c.status !== 'follow_up')) throw new DomainError('report.already_sent');
  }
  const sent = sentBefore ? report : sendReport(report, reportContextOf(c), actor.userId, now);
  const moved = c.status === 'held' || !sentBefore ? transitionCase(c, 'follow_up', actor.userId, now) : null;
  if (!sentBefore) await saveReport(deps, report, sent);
  const after = moved ? await saveCase(deps, c, moved) : c;
  let audited = true;
  if (!sentBefore) await audit(deps, c.id, actor.userId, 'report.sent', now);
  else audited = await auditIfMissing(deps, c.id, actor.userId, 'report.sent', reports.filter((r) => r.status === 'sent').length, now);
  const tag = `report:${c.id}:c${sent.cycle}`;
  const messages: NewOutboxMessage[] = [
    threadNotice(after, `report_sent:c${sent.cycle}`, 'report.thread.sent', { actions: String(sent.actions.length), decisions: String(sent.decisions.length) }),
  ];
  for (const m of invitedOnTeams(c)) messages.push(directCard(after, `${tag}:sent:${m.entryId}`, m.userId, 'report_sent', reach));
  for (const userId of ownersOnTeams(sent, c)) messages.push(directCard(after, `${tag}:actions:${userId}`, userId, 'actions_mine', reach));
  const referent = referentUserId(sent.referentEntryId, reportContextOf(c));
  if (referent) messages.push(directCard(after, `${tag}:referent`, referent, 'actions_referent', reach));
  messages.push(refreshRootCard(after));
  const queued = await enqueueAll(deps, messages, now);
  // everything was done already: a second send
  if (sentBefore && !moved && !audited && queued === 0) throw new DomainError('report.already_sent');
  return { case: after, report: sent };
}

/** A member of the consultation reads the sent report (audited). */
export async function viewSentReport(deps: ReportDeps, actor: Actor, caseId: string, now: Date): Promise<{ case: Case; report: MeetingReport }> {
  const c = await loadCase(deps, actor, caseId, 'report.view');
  const report = await findLatestSentReport(deps.stores, caseId);
  if (!report) throw new DomainError('report.not_sent');
  // answered like a case that does not exist: a refusal tells nothing about the report
  if (!mayReadReport(report, c, actor.userId)) throw new DomainError('access.denied');
  await audit(deps, c.id, actor.userId, 'report.viewed', now);
  return { case: c, report };
}

/** Who looks at the actions: the referent and the organiser see all of them, an owner their own. */
export type ActionsScope = 'all' | 'own';

export async function viewActions(deps: ReportDeps, actor: Actor, caseId: string, now: Date): Promise<{ case: Case; report: MeetingReport; scope: ActionsScope }> {
  const found = await deps.stores.cases.findById(caseId);
  const roles = found ? rolesOnCase(actor.userId, found, false) : [];
  if (!found || roles.length === 0) throw new DomainError('access.denied');
  const report = await findLatestSentReport(deps.stores, caseId);
  if (!report) throw new DomainError('access.denied');
  const ctx = reportContextOf(found);
  const isReferentOrOrganiser = found.organiserId === actor.userId || referentUserId(report.referentEntryId, ctx) === actor.userId;
  const ownsOne = report.actions.some((a) => ownerUserId(a, ctx) === actor.userId);
  if (!isReferentOrOrganiser && !ownsOne) throw new DomainError('access.denied');
  await audit(deps, found.id, actor.userId, 'actions.viewed', now);
  return { case: found, report, scope: isReferentOrOrganiser ? 'all' : 'own' };
}

/**
 * An answer to an action (done / not done yet + new date / blocked + why / not mine). The rule
 * decides who may answer what; a stranger to the case learns nothing. Every answer: a short notice
 * in the thread, the audit trail, and the referent's list sent again when someone else answered.
 */
export async function answerCaseAction(
  deps: ReportDeps,
  actor: Actor,
  caseId: string,
  actionId: string,
  input: unknown,
  reach: Reach,
  now: Date,
): Promise<{ case: Case; report: MeetingReport }> {
  const c = await deps.stores.cases.findById(caseId);
  if (!c || rolesOnCase(actor.userId, c, false).length === 0) throw new DomainError('access.denied');
  const report = await findLatestSentReport(deps.stores, caseId);
  if (!report) throw new DomainError('report.not_sent');
  const answer = parseReportInput(answerInputSchema, input, 'answer');
  const ctx = reportContextOf(c);
  const after = answerAction(report, actionId, answer, ctx, actor.userId, now);
  await saveReport(deps, report, after);
  const last = after.actions.find((a) => a.id === actionId)!.history.at(-1)!;
  await audit(deps, c.id, actor.userId, last.onBehalfOf ? 'action.answered_on_behalf' : 'action.answered', now);
  const n = after.actions.findIndex((a) => a.id === actionId) + 1;
  const messages: NewOutboxMessage[] = [threadNotice(c, `action:${actionId}:v${after.version}`, `report.thread.answer.${answer.answer}`, { n: String(n) })];
  const referent = referentUserId(after.referentEntryId, ctx);
  if (referent && referent !== actor.userId) messages.push(directCard(c, `report:${c.id}:c${after.cycle}:referent:v${after.version}`, referent, 'actions_referent', reach));
  if (answer.answer === 'not_mine' && c.organiserId) messages.push(directCard(c, `report:${c.id}:c${after.cycle}:not_mine:${actionId}:v${after.version}`, c.organiserId, 'action_not_mine', reach));
  await enqueueAll(deps, messages, now);
  return { case: c, report: after };
}

/** The organiser gives an action to another owner, optionally with a new date; the new owner on Teams gets their card. */
export async function reassignCaseAction(
  deps: ReportDeps,
  actor: Actor,
  caseId: string,
  actionId: string,
  input: unknown,
  reach: Reach,
  now: Date,
): Promise<{ case: Case; report: MeetingReport }> {
  const c = await loadCase(deps, actor, caseId, 'report.write');
  const report = await findLatestSentReport(deps.stores, caseId);
  if (!report) throw new DomainError('report.not_sent');
  const ctx = reportContextOf(c);
  const after = reassignAction(report, actionId, parseReportInput(reassignInputSchema, input, 'reassign'), ctx, actor.userId, now);
  await saveReport(deps, report, after);
  await audit(deps, c.id, actor.userId, 'action.reassigned', now);
  const action = after.actions.find((a) => a.id === actionId)!;
  const n = after.actions.indexOf(action) + 1;
  const messages: NewOutboxMessage[] = [threadNotice(c, `action:${actionId}:r${action.revision}:reassigned`, 'report.thread.reassigned', { n: String(n) })];
  const owner = ownerUserId(action, ctx);
  if (owner) messages.push(directCard(c, `report:${c.id}:c${after.cycle}:actions:${owner}:${actionId}:r${action.revision}`, owner, 'actions_mine', reach));
  await enqueueAll(deps, messages, now);
  return { case: c, report: after };
}

/**
 * The evaluation card's form: the organiser, the referent or the evaluator the report names
 * (followup/evaluation.ts mayEvaluate), while the report is followed up. The named evaluator is
 * neither organiser nor referent: like any member, they see the card (which lists the actions)
 * only while they may read the report (readers.ts: invited to that meeting, consent to share).
 */
export async function openEvaluation(deps: ReportDeps, actor: Actor, caseId: string): Promise<{ case: Case; report: MeetingReport }> {
  const c = await deps.stores.cases.findById(caseId);
  if (!c) throw new DomainError('access.denied');
  const report = await findLatestSentReport(deps.stores, caseId);
  if (!report) throw new DomainError('access.denied');
  if (!mayOpenEvaluation(report, c, actor.userId)) throw new DomainError('access.denied');
  return { case: c, report };
}

/** Whether `userId` may open (and so record) the evaluation of this sent report; the outbox asks it again before sending the card. */
export function mayOpenEvaluation(report: MeetingReport, c: Case, userId: string): boolean {
  const ctx = reportContextOf(c);
  if (!mayEvaluate(report, ctx, userId)) return false;
  const lead = userId === ctx.organiserId || userId === referentUserId(report.referentEntryId, ctx);
  return lead || mayReadReport(report, c, userId);
}

/** The case moved by this evaluation, as its last status change: a retry may still queue its messages. */
function movedBy(c: Case, result: EvaluationResult): boolean {
  const last = c.statusHistory.at(-1);
  return c.status === result.transition.to && last?.from === result.transition.from && last.to === result.transition.to;
}

/**
 * The evaluation: agreements met? enough? -> the case closes, or goes back to preparation for a
 * new consultation cycle (its history and this report are kept; the next report is cycle + 1).
 *
 * The report is written evaluated first, then the case, the audit entry and the messages. An
 * evaluation that finds the report evaluated and its case still in follow-up (a crash came between)
 * applies the outcome recorded then, whatever this one says, answered as the first; one that finds
 * the case moved by it queues what a crash may have left unqueued. Otherwise `report.evaluated`.
 */
export async function evaluateCase(deps: ReportDeps, actor: Actor, caseId: string, input: unknown, now: Date, reach: Reach | null = null): Promise<{ case: Case; report: MeetingReport }> {
  const { case: c, report } = await openEvaluation(deps, actor, caseId);
  const parsed = evaluationOutcomeInputSchema.safeParse(input);
  if (!parsed.success) throw new DomainError('validation.invalid', { fields: [...new Set(parsed.error.issues.map((i) => `report.evaluationOutcome.${String(i.path[0] ?? '')}`))] });
  const evaluatedBefore = report.evaluationOutcome !== null;
  const result = evaluatedBefore ? recordedEvaluation(report) : evaluateAgreements(report, parsed.data, reportContextOf(c), actor.userId, now);
  if (evaluatedBefore && c.status !== 'follow_up' && !movedBy(c, result)) throw new DomainError('report.evaluated');
  // refused by the status table before anything is written when the case is not in follow-up
  const moved = c.status === 'follow_up' || !evaluatedBefore ? applyEvaluation(c, result, actor.userId, now) : null;
  if (!evaluatedBefore) await saveReport(deps, report, result.report);
  const after = moved ? await saveCase(deps, c, moved) : c;
  let audited = true;
  if (!evaluatedBefore) await audit(deps, c.id, actor.userId, 'evaluation.recorded', now);
  else audited = await auditIfMissing(deps, c.id, actor.userId, 'evaluation.recorded', (await deps.stores.reports.listByCase(caseId)).filter((r) => r.evaluationOutcome).length, now);
  const notice = result.transition.to === 'closed' ? 'report.thread.closed' : 'report.thread.newCycle';
  const messages = [threadNotice(after, `evaluation:c${report.cycle}`, notice, { cycle: String(result.nextCycle ?? report.cycle) }), refreshRootCard(after)];
  if (result.nextCycle !== null) messages.push(...newCycleCards(after, result.nextCycle, reach));
  const queued = await enqueueAll(deps, messages, now);
  // everything was done already: a second evaluation
  if (evaluatedBefore && !moved && !audited && queued === 0) throw new DomainError('report.evaluated');
  return { case: after, report: result.report };
}

/**
 * A new cycle starts from preparation: the organiser gets the preparation card (its checklist
 * shows what must be asked again), and the referent on Teams is asked to confirm the role for the
 * new plan, as when first designated. A referent without Teams confirms to the organiser again.
 */
function newCycleCards(c: Case, cycle: number, reach: Reach | null): NewOutboxMessage[] {
  const cards: NewOutboxMessage[] = [];
  if (c.organiserId) cards.push(directCard(c, `case:${c.id}:preparation:c${cycle}`, c.organiserId, 'preparation', reach));
  const referent = referentUserId(c.preparation.referentEntryId, reportContextOf(c));
  if (referent) cards.push(directCard(c, `case:${c.id}:referent_request:c${cycle}`, referent, 'referent_request', reach));
  return cards;
}

/**
 * After sending, attendance is funded data: the organiser may correct a line with a reason; the
 * correction is kept with what it was before, and audited.
 */
export async function correctCaseAttendance(deps: ReportDeps, actor: Actor, caseId: string, input: unknown, now: Date): Promise<{ case: Case; report: MeetingReport }> {
  const c = await loadCase(deps, actor, caseId, 'report.write');
  const report = await findLatestSentReport(deps.stores, caseId);
  if (!report) throw new DomainError('report.not_sent');
  const after = correctAttendance(report, parseReportInput(attendanceCorrectionInputSchema, input, 'correction'), reportContextOf(c), actor.userId, now);
  await saveReport(deps, report, after);
  await audit(deps, c.id, actor.userId, 'report.attendance_corrected', now);
  return { case: c, report: after };
}
