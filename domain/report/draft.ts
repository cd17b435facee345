import type { Preparation } from '../case/preparation';
import { DomainError } from '../errors';
import { toBrusselsDate } from '../time';
import { resolveOwner } from './owners';
import type {
  ActionInput,
  AgreedAction,
  Attendance,
  AttendanceInput,
  AttendanceLineInput,
  CrisisContact,
  CrisisPlanInput,
  EvaluationInput,
  MeetingReport,
  NarrativeInput,
  ReferentInput,
  ReportContext,
} from './report';
import { findParticipant, REPORT_ACTIONS_MAX } from './report';

/**
 * Writing the report: the organiser fills it in section by section while it is a draft (stored
 * between cards). Each function is pure and returns the next report or throws a coded error; who
 * may write is checked by the use case (the organiser of the case). Nothing here can change a
 * sent report: see rules.ts for what may happen after sending.
 */

export interface ReportIds {
  caseId: string;
  cycle: number;
  meetingId: string;
}

/**
 * A new draft. The referent designated during preparation is proposed, confirmed if they
 * confirmed then; the organiser changes it if the meeting chose someone else. Attendance starts
 * empty: it is funded, so every line is recorded on purpose, never presumed.
 */
export function startReport(ids: ReportIds, preparation: Pick<Preparation, 'referentEntryId' | 'referentConfirmedAt'>, now: Date): MeetingReport {
  if (!Number.isInteger(ids.cycle) || ids.cycle < 1) throw new DomainError('validation.invalid', { fields: ['report.cycle'] });
  return {
    caseId: ids.caseId,
    cycle: ids.cycle,
    meetingId: ids.meetingId,
    attendance: [],
    whatGoesWell: null,
    situation: null,
    decisions: [],
    actions: [],
    referentEntryId: preparation.referentEntryId,
    referentConfirmed: preparation.referentEntryId !== null && preparation.referentConfirmedAt !== null,
    crisisPlan: null,
    evaluation: null,
    status: 'draft',
    sentAt: null,
    sentBy: null,
    corrections: [],
    evaluationOutcome: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
}

export function assertDraft(report: MeetingReport): void {
  if (report.status !== 'draft') throw new DomainError('report.not_draft');
}

export function touch(report: MeetingReport, now: Date): MeetingReport {
  return { ...report, updatedAt: now, version: report.version + 1 };
}

/** One attendance line, with the participant's name and role as they are at the meeting. */
export function attendanceLine(line: AttendanceLineInput, ctx: ReportContext): Attendance {
  const entry = findParticipant(ctx, line.participantId);
  if (!entry) throw new DomainError('report.not_a_participant', { entryId: line.participantId });
  return { participantId: entry.id, name: entry.name, role: entry.role, status: line.status, mode: line.status === 'present' ? (line.mode ?? null) : null };
}

/** Records (or re-records) attendance lines; lines not sent keep what they had. */
export function recordAttendance(report: MeetingReport, input: AttendanceInput, ctx: ReportContext, now: Date): MeetingReport {
  assertDraft(report);
  const lines = input.lines.map((l) => attendanceLine(l, ctx));
  const byId = new Map(report.attendance.map((a) => [a.participantId, a]));
  for (const line of lines) byId.set(line.participantId, line);
  // in network order, so the printed sheet lists people the way the organiser prepared them
  const order = new Map(ctx.network.map((e, i) => [e.id, i]));
  const attendance = [...byId.values()].sort((a, b) => (order.get(a.participantId) ?? 0) - (order.get(b.participantId) ?? 0));
  return touch({ ...report, attendance }, now);
}

export function setNarrative(report: MeetingReport, input: NarrativeInput, now: Date): MeetingReport {
  assertDraft(report);
  return touch({ ...report, whatGoesWell: input.whatGoesWell ?? null, situation: input.situation ?? null, decisions: [...input.decisions] }, now);
}

/** A due date that has already passed is refused when written, not only when sending. */
function checkDueDate(dueDate: string, now: Date): void {
  if (dueDate < toBrusselsDate(now)) throw new DomainError('action.due_in_past', { dueDate });
}

export function addAction(report: MeetingReport, id: string, input: ActionInput, ctx: ReportContext, now: Date): MeetingReport {
  assertDraft(report);
  if (report.actions.length >= REPORT_ACTIONS_MAX) throw new DomainError('report.limit_reached', { max: REPORT_ACTIONS_MAX });
  if (report.actions.some((a) => a.id === id)) throw new DomainError('validation.invalid', { fields: ['report.action.id'] });
  checkDueDate(input.dueDate, now);
  const { owner, mandate } = resolveOwner(input.owner, ctx);
  const action: AgreedAction = {
    id,
    what: input.what,
    owner,
    ownerMandate: mandate,
    dueDate: input.dueDate,
    status: 'open',
    history: [],
    reassignments: [],
    revision: 0,
    // replaced by the moment of sending: reminders count from when the owner receives it
    revisedAt: now,
  };
  return touch({ ...report, actions: [...report.actions, action] }, now);
}

export function findAction(report: MeetingReport, actionId: string): AgreedAction {
  const action = report.actions.find((a) => a.id === actionId);
  if (!action) throw new DomainError('action.not_found');
  return action;
}

export function replaceAction(report: MeetingReport, next: AgreedAction): MeetingReport {
  return { ...report, actions: report.actions.map((a) => (a.id === next.id ? next : a)) };
}

export function editAction(report: MeetingReport, actionId: string, input: ActionInput, ctx: ReportContext, now: Date): MeetingReport {
  assertDraft(report);
  const action = findAction(report, actionId);
  checkDueDate(input.dueDate, now);
  const { owner, mandate } = resolveOwner(input.owner, ctx);
  return touch(replaceAction(report, { ...action, what: input.what, owner, ownerMandate: mandate, dueDate: input.dueDate }), now);
}

export function removeAction(report: MeetingReport, actionId: string, now: Date): MeetingReport {
  assertDraft(report);
  findAction(report, actionId);
  return touch({ ...report, actions: report.actions.filter((a) => a.id !== actionId) }, now);
}

/** The single point of contact (seed 003 point 9): an invited participant, confirmed at the meeting. */
export function setReportReferent(report: MeetingReport, input: ReferentInput, ctx: ReportContext, now: Date): MeetingReport {
  assertDraft(report);
  if (!findParticipant(ctx, input.entryId)) throw new DomainError('report.not_a_participant', { entryId: input.entryId });
  return touch({ ...report, referentEntryId: input.entryId, referentConfirmed: input.confirmed }, now);
}

export function setCrisisPlan(report: MeetingReport, input: CrisisPlanInput, ctx: ReportContext, now: Date): MeetingReport {
  assertDraft(report);
  const contacts = input.contacts.map((c): CrisisContact => {
    const base = { how: c.how, inOfficeHours: c.inOfficeHours, outOfOfficeHours: c.outOfOfficeHours };
    if (c.entryId === undefined) return { ...base, entryId: null, name: c.name ?? '' };
    const entry = findParticipant(ctx, c.entryId);
    if (!entry) throw new DomainError('report.not_a_participant', { entryId: c.entryId });
    return { ...base, entryId: entry.id, name: entry.name };
  });
  return touch({ ...report, crisisPlan: { warningSigns: input.warningSigns, whatToDo: input.whatToDo, contacts } }, now);
}

export function setEvaluation(report: MeetingReport, input: EvaluationInput, ctx: ReportContext, now: Date): MeetingReport {
  assertDraft(report);
  if (!findParticipant(ctx, input.who)) throw new DomainError('report.not_a_participant', { entryId: input.who });
  if (input.date < toBrusselsDate(now)) throw new DomainError('report.evaluation_date_in_past', { date: input.date });
  return touch({ ...report, evaluation: { who: input.who, how: input.how, date: input.date } }, now);
}
