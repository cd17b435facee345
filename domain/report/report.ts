import { z } from 'zod';
import type { Mandate, NetworkEntry } from '../case/preparation';
import { DomainError } from '../errors';
import { parseCalendarDate } from '../time';

/**
 * The meeting report (DOMAIN.md step 6; seed 002 §4; seed 003 points 6-10): who attended, what goes
 * well, the situation, the decisions, the agreed actions (who does what by when), the referent as
 * single point of contact, a crisis plan and who evaluates the agreements, how and when.
 *
 * One report per meeting (case + cycle). It is a draft while the organiser writes it, and is sent
 * once; afterwards only the attendance can be corrected (audited, with a reason) and the actions
 * move on through their answers.
 */

export const REPORT_STATUSES = ['draft', 'sent'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const ATTENDANCE_STATUSES = ['present', 'excused', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];
export const ATTENDANCE_MODES = ['in_person', 'online'] as const;
export type AttendanceMode = (typeof ATTENDANCE_MODES)[number];

export const OWNER_KINDS = ['participant', 'person', 'relative'] as const;
export type OwnerKind = (typeof OWNER_KINDS)[number];

export const ACTION_STATUSES = ['open', 'done', 'not_done_yet', 'blocked', 'not_mine'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_ANSWERS = ['done', 'not_done_yet', 'blocked', 'not_mine'] as const;
export type ActionAnswerKind = (typeof ACTION_ANSWERS)[number];

/** The consultation is funded on attendance: one line per invited participant, exact. */
export interface Attendance {
  /** The network entry id. */
  participantId: string;
  /** Name and role as they were at the meeting: the sent report does not change when the network does. */
  name: string;
  role: string;
  status: AttendanceStatus;
  /** How a present participant took part; null for the excused and the absent. */
  mode: AttendanceMode | null;
}

export interface ActionOwner {
  kind: OwnerKind;
  /** The network entry when the owner is in the network; null for someone named only (a relative). */
  entryId: string | null;
  name: string;
}

export interface ActionAnswer {
  at: Date;
  /** The Teams user who answered. */
  by: string;
  /** Set when someone else answered for the owner: the owner's entry id, or their name when they have none. */
  onBehalfOf?: string;
  answer: ActionAnswerKind;
  newDueDate?: string;
  reason?: string;
}

export interface ActionReassignment {
  at: Date;
  by: string;
  from: ActionOwner;
  to: ActionOwner;
  fromDueDate: string;
  toDueDate: string;
}

export interface AgreedAction {
  id: string;
  what: string;
  owner: ActionOwner;
  /** The owner's mandate, shown next to the action (seed 003 point 7a); null when they have none (the person, a relative). */
  ownerMandate: Mandate | null;
  /** YYYY-MM-DD, Brussels. */
  dueDate: string;
  status: ActionStatus;
  history: ActionAnswer[];
  reassignments: ActionReassignment[];
  /**
   * Bumped whenever the owner or the due date changes (a new date, a reassignment): the reminder
   * schedule starts again, and its idempotency keys carry the revision so the new round is sent.
   */
  revision: number;
  /** When the current revision began (the report was sent, a new date, a reassignment): nothing is reminded before it. */
  revisedAt: Date;
}

/** Who acts in a crisis: a network member, or someone named only (the GP on duty, a crisis line). */
export interface CrisisContact {
  entryId: string | null;
  name: string;
  /** How to reach them: a phone number, an address, a service. */
  how: string;
  inOfficeHours: boolean;
  outOfOfficeHours: boolean;
}

/** Seed 003 point 10: what happens and who acts if care falls short or derails. */
export interface CrisisPlan {
  warningSigns: string;
  whatToDo: string;
  contacts: CrisisContact[];
}

/** Seed 002 §4: who evaluates the agreements, how and when. */
export interface Evaluation {
  /** The network entry id of the evaluator. */
  who: string;
  how: string;
  /** YYYY-MM-DD, Brussels. */
  date: string;
}

/** A change after sending; the funding depends on attendance, so it is never silent. */
export interface ReportCorrection {
  at: Date;
  by: string;
  /** What changed, e.g. `attendance.<participant id>`. */
  field: string;
  reason: string;
  before: Attendance | null;
  after: Attendance;
}

export const AGREEMENTS_MET = ['all', 'partly', 'none'] as const;
export type AgreementsMet = (typeof AGREEMENTS_MET)[number];
export const EVALUATION_DECISIONS = ['close', 'new_cycle'] as const;
export type EvaluationDecision = (typeof EVALUATION_DECISIONS)[number];

/** What the evaluation concluded (domain/followup/evaluation.ts); kept on the report as history. */
export interface EvaluationOutcome {
  at: Date;
  by: string;
  agreementsMet: AgreementsMet;
  enough: boolean;
  decision: EvaluationDecision;
  /** Why, when the decision is not the one the answers suggest. */
  reason: string | null;
}

export interface MeetingReport {
  caseId: string;
  /** The consultation number within the case; a new cycle gets a new report. */
  cycle: number;
  meetingId: string;
  attendance: Attendance[];
  whatGoesWell: string | null;
  situation: string | null;
  decisions: string[];
  actions: AgreedAction[];
  referentEntryId: string | null;
  /** The referent accepted the role at the meeting (seed 003 point 9). */
  referentConfirmed: boolean;
  crisisPlan: CrisisPlan | null;
  evaluation: Evaluation | null;
  status: ReportStatus;
  sentAt: Date | null;
  sentBy: string | null;
  corrections: ReportCorrection[];
  evaluationOutcome: EvaluationOutcome | null;
  createdAt: Date;
  updatedAt: Date;
  /** Bumped on every change; stores write compare-and-set on it. */
  version: number;
}

/**
 * What the rules need to know about the case: its organiser and its network (the invited entries
 * are the participants). The network does not change after the meeting (preparation is closed),
 * so it is read from the case each time rather than copied into the report.
 */
export interface ReportContext {
  organiserId: string;
  network: readonly Pick<NetworkEntry, 'id' | 'name' | 'role' | 'userId' | 'mandate' | 'invited'>[];
}

export type ReportParticipant = ReportContext['network'][number];

/** The invited entry `entryId`, or null. */
export function findParticipant(ctx: ReportContext, entryId: string | null): ReportParticipant | null {
  if (entryId === null) return null;
  return ctx.network.find((e) => e.id === entryId && e.invited) ?? null;
}

/**
 * What the referent's weekly overview lists: every action not done of a report being followed up
 * (sent, not yet evaluated), blocked and not-mine ones included since they wait for someone.
 */
export function openActions(report: MeetingReport): AgreedAction[] {
  if (report.status !== 'sent' || report.evaluationOutcome) return [];
  return report.actions.filter((a) => a.status !== 'done');
}

/** Sent and not yet evaluated: the follow-up runs for it. */
export function isFollowingUp(report: Pick<MeetingReport, 'status' | 'evaluationOutcome'>): boolean {
  return report.status === 'sent' && !report.evaluationOutcome;
}

/** Actions the reminders chase: nobody has answered that they are done, blocked or not theirs. */
export function isAwaitingAnswer(action: AgreedAction): boolean {
  return action.status === 'open' || action.status === 'not_done_yet';
}

// ---------------------------------------------------------------------------------------------
// Inputs: what cards send. Raw and untrusted; every rule receives what passed one of these.
// ---------------------------------------------------------------------------------------------

/** Free text is bounded so that one payload can never bloat the store or a card. */
export const REPORT_SHORT_MAX = 200;
export const REPORT_REASON_MAX = 500;
export const REPORT_ITEM_MAX = 1000;
export const REPORT_LONG_MAX = 4000;
export const REPORT_DECISIONS_MAX = 30;
export const REPORT_ACTIONS_MAX = 50;
export const REPORT_CONTACTS_MAX = 10;
/** Per action and per report: a history this long is a loop or abuse, not follow-up. */
export const ACTION_HISTORY_MAX = 200;
export const REPORT_CORRECTIONS_MAX = 100;

// control and bidirectional-override characters have no place in a report: they can break, or
// disguise, what other people are shown and what is printed for signatures
const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]*$/;
const text = (max: number) => z.string().trim().min(1).max(max).regex(NO_CONTROL_CHARS, 'contains control characters');
const oneLine = (max: number) => text(max).regex(/^[^\r\n]*$/, 'one line only');
const entryId = z.string().trim().min(1).max(100).regex(/^[\w:.@-]+$/, 'not an id');

export const calendarDateSchema = z.string().refine((v) => parseCalendarDate(v) !== null, { message: 'not a calendar date (YYYY-MM-DD)' });

const attendanceLineSchema = z
  .object({
    participantId: entryId,
    status: z.enum(ATTENDANCE_STATUSES),
    mode: z.enum(ATTENDANCE_MODES).nullable().optional(),
  })
  .strict()
  // present means present in some way; excused or absent people did not take part in any way
  .refine((a) => (a.status === 'present') === (a.mode !== null && a.mode !== undefined), { path: ['mode'], message: 'mode goes with present only' });
export type AttendanceLineInput = z.infer<typeof attendanceLineSchema>;

export const attendanceInputSchema = z.object({ lines: z.array(attendanceLineSchema).min(1).max(100) }).strict();
export type AttendanceInput = z.infer<typeof attendanceInputSchema>;

export const attendanceCorrectionInputSchema = z
  .object({
    line: attendanceLineSchema,
    // checked by the rule, so that a missing reason gets its own clear message
    reason: z.string().max(REPORT_REASON_MAX).regex(NO_CONTROL_CHARS).optional(),
  })
  .strict();
export type AttendanceCorrectionInput = z.infer<typeof attendanceCorrectionInputSchema>;

export const narrativeInputSchema = z
  .object({
    whatGoesWell: text(REPORT_LONG_MAX).optional(),
    situation: text(REPORT_LONG_MAX).optional(),
    decisions: z.array(text(REPORT_ITEM_MAX)).max(REPORT_DECISIONS_MAX),
  })
  .strict();
export type NarrativeInput = z.infer<typeof narrativeInputSchema>;

export const ownerInputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('participant'), entryId }).strict(),
  z
    .object({ kind: z.enum(['person', 'relative']), entryId: entryId.optional(), name: oneLine(REPORT_SHORT_MAX).optional() })
    .strict()
    .refine((o) => (o.entryId === undefined) !== (o.name === undefined), { message: 'either a network entry or a name' }),
]);
export type OwnerInput = z.infer<typeof ownerInputSchema>;

export const actionInputSchema = z
  .object({
    what: text(REPORT_ITEM_MAX),
    owner: ownerInputSchema,
    dueDate: calendarDateSchema,
  })
  .strict();
export type ActionInput = z.infer<typeof actionInputSchema>;

export const referentInputSchema = z.object({ entryId, confirmed: z.boolean() }).strict();
export type ReferentInput = z.infer<typeof referentInputSchema>;

const crisisContactSchema = z
  .object({
    entryId: entryId.optional(),
    name: oneLine(REPORT_SHORT_MAX).optional(),
    how: oneLine(REPORT_SHORT_MAX),
    inOfficeHours: z.boolean(),
    outOfOfficeHours: z.boolean(),
  })
  .strict()
  .refine((c) => (c.entryId === undefined) !== (c.name === undefined), { message: 'either a network entry or a name' });

export const crisisPlanInputSchema = z
  .object({
    warningSigns: text(REPORT_LONG_MAX),
    whatToDo: text(REPORT_LONG_MAX),
    contacts: z.array(crisisContactSchema).max(REPORT_CONTACTS_MAX),
  })
  .strict();
export type CrisisPlanInput = z.infer<typeof crisisPlanInputSchema>;

export const evaluationInputSchema = z.object({ who: entryId, how: text(REPORT_ITEM_MAX), date: calendarDateSchema }).strict();
export type EvaluationInput = z.infer<typeof evaluationInputSchema>;

export const answerInputSchema = z.discriminatedUnion('answer', [
  z.object({ answer: z.literal('done') }).strict(),
  z.object({ answer: z.literal('not_done_yet'), newDueDate: calendarDateSchema }).strict(),
  z.object({ answer: z.literal('blocked'), reason: text(REPORT_REASON_MAX) }).strict(),
  // the reason helps the organiser find the right owner; not saying it is allowed
  z.object({ answer: z.literal('not_mine'), reason: text(REPORT_REASON_MAX).optional() }).strict(),
]);
export type AnswerInput = z.infer<typeof answerInputSchema>;

export const reassignInputSchema = z
  .object({
    owner: ownerInputSchema,
    /** A new due date; without one the action keeps its date (which must not have passed). */
    dueDate: calendarDateSchema.optional(),
  })
  .strict();
export type ReassignInput = z.infer<typeof reassignInputSchema>;

/** Parses `raw` or throws `validation.invalid` naming the offending fields as `report.<form>.<path>`, never their values. */
export function parseReportInput<S extends z.ZodType>(schema: S, raw: unknown, form: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((i) => ['report', form, ...i.path.map(String)].join('.')))];
  throw new DomainError('validation.invalid', { fields });
}
