import type { NetworkEntry } from '../case/preparation';
import { parseCalendarDate } from '../time';
import { belgianPublicHolidayDates } from '../poll/belgian-holidays';
import { isQuietMoment, nextAllowedMoment, type QuietHours } from '../poll/quiet-hours';
import { addCalendarDays, brusselsWallTimeToInstantLenient, toBrusselsWallTime } from '../poll/wall-clock';
import { ownerUserId, referentUserId } from '../report/owners';
import type { AgreedAction, Evaluation, MeetingReport, ReportContext } from '../report/report';
import { isAwaitingAnswer, isFollowingUp } from '../report/report';
import { DEFAULT_FOLLOW_UP_CONFIG, type FollowUpConfig } from './config';
import { isoWeekOf } from './iso-week';

/**
 * The follow-up's reminder and escalation schedule as pure functions of the actions and `now`. A
 * job calls them on every tick and puts what they return in the outbox. Each notice has a stable
 * idempotency key, so however many ticks or bot instances see it, it goes out once.
 *
 * Per action, the steps of one revision (owner + due date) are, in time order:
 *   reminder 3 days before (owner on Teams + referent) -> reminder on the due date (same) ->
 *   overdue 1, 2, 3 ... every N working days after the due date (referent; from the Kth on also an
 *   escalation to the organiser).
 * Only the latest step whose moment has come is due: a job that was down does not send a backlog,
 * and a step that a later one overtakes (quiet hours pushed it past) is never sent.
 */

export type ActionNoticeKind = 'reminder' | 'overdue' | 'escalation';
/** Why the recipient gets the notice. */
export type NoticeRole = 'owner' | 'referent' | 'organiser';

export interface ActionNotice {
  /** action:<action id>:r<revision>:<kind>:<n>:<role> */
  key: string;
  kind: ActionNoticeKind;
  /** reminder: days before the due date (0 = on it); overdue and escalation: the overdue notice number, from 1. */
  n: number;
  role: NoticeRole;
  /** The Teams user to send it to. */
  userId: string;
  /**
   * The referent's entry id when the referent is not on Teams and the organiser gets their notice
   * instead (to phone them); null otherwise.
   */
  onBehalfOf: string | null;
  caseId: string;
  cycle: number;
  actionId: string;
  dueDate: string;
  /** The moment the step came due (already out of quiet hours). */
  at: Date;
}

export interface FollowUpContext {
  caseId: string;
  cycle: number;
  organiserId: string;
  referentEntryId: string | null;
  network: readonly Pick<NetworkEntry, 'id' | 'userId'>[];
  /** Keys already in the outbox: what is returned never repeats one of them. */
  alreadySent: ReadonlySet<string>;
}

export function followUpContextOf(report: MeetingReport, ctx: ReportContext, alreadySent: ReadonlySet<string>): FollowUpContext {
  return { caseId: report.caseId, cycle: report.cycle, organiserId: ctx.organiserId, referentEntryId: report.referentEntryId, network: ctx.network, alreadySent };
}

/** A step of the schedule on its nominal day; its moment (an instant) is computed only when needed. */
interface PlannedStep {
  kind: 'reminder' | 'overdue';
  n: number;
  /** YYYY-MM-DD Brussels: the day the step is for, before quiet hours move it. */
  date: string;
}

export interface ScheduleStep extends PlannedStep {
  /** When it goes out: `noticeTime` on `date`, moved out of quiet hours. */
  at: Date;
}

/**
 * How far after a due date overdue notices are still planned. Far beyond any evaluation date; it
 * only bounds the work for an action nobody ever answers.
 */
const MAX_OVERDUE_SCAN_DAYS = 3 * 366;
const DAY_MS = 86_400_000;

function dayNumber(date: string): number {
  const d = parseCalendarDate(date);
  if (!d) throw new RangeError(`not a calendar date: ${date}`);
  return Date.UTC(d.year, d.month - 1, d.day);
}

/** The public holidays of a year as day numbers (see dayNumber), computed once per year. */
const holidayDaysByYear = new Map<number, ReadonlySet<number>>();

function publicHolidayDays(year: number): ReadonlySet<number> {
  let days = holidayDaysByYear.get(year);
  if (!days) {
    days = new Set([...belgianPublicHolidayDates(year)].map(dayNumber));
    if (holidayDaysByYear.size >= 200) holidayDaysByYear.clear();
    holidayDaysByYear.set(year, days);
  }
  return days;
}

/**
 * Moments already computed, per quiet-hours setting: every action of a follow-up shares a handful of
 * dates and one notice time, and each moment costs several time-zone conversions. Bounded: cleared
 * when it grows past what a few years of dates need.
 */
const moments = new WeakMap<QuietHours, Map<string, number>>();
const MOMENTS_MAX = 20_000;

/** The last instant asked and its Brussels date: a tick asks it for every action with the same `now`. */
let lastDay: { ms: number; date: string } = { ms: NaN, date: '' };

function brusselsDateOf(now: Date): string {
  if (lastDay.ms !== now.getTime()) lastDay = { ms: now.getTime(), date: toBrusselsWallTime(now).date };
  return lastDay.date;
}

/** `time` Brussels on `date`, or the next allowed moment when that is in quiet hours. */
function sendMoment(date: string, time: string, quiet: QuietHours): Date {
  let known = moments.get(quiet);
  if (!known) moments.set(quiet, (known = new Map()));
  const key = `${date} ${time}`;
  let ms = known.get(key);
  if (ms === undefined) {
    if (known.size >= MOMENTS_MAX) known.clear();
    ms = nextAllowedMoment(brusselsWallTimeToInstantLenient(date, time), quiet).getTime();
    known.set(key, ms);
  }
  return new Date(ms);
}

/**
 * The steps of the action's due date in nominal order: the reminders, then overdue notice n on
 * the (n x interval)-th working day after the due date, up to the first overdue day after
 * `today`. Plain calendar arithmetic: cheap even for an action overdue for months.
 */
function nominalSteps(dueDate: string, today: string, config: FollowUpConfig): PlannedStep[] {
  const steps: PlannedStep[] = [...new Set(config.reminderDaysBefore)]
    .sort((a, b) => b - a)
    .map((days) => ({ kind: 'reminder', n: days, date: addCalendarDays(dueDate, -days) }));
  return overdueSteps(dueDate, today, config, steps);
}

/**
 * Appends to `steps` overdue notice n on the (n x interval)-th working day after `dueDate`, up to
 * the first one after `today`: the actions' overdue notices and the evaluation's reminders share it.
 */
function overdueSteps(dueDate: string, today: string, config: FollowUpConfig, steps: PlannedStep[] = []): PlannedStep[] {
  // a calendar day is its UTC midnight in ms: day arithmetic without parsing strings, no zone involved
  // closed days are the configured dates and, unless switched off, Belgium's public holidays (as quiet-hours.ts isClosedDate)
  const closed = new Set(config.quiet.closedDates.map(dayNumber));
  const holidays = config.quiet.publicHolidays === 'be';
  const dueDay = dayNumber(dueDate);
  const todayDay = dayNumber(today);
  let workingDays = 0;
  for (let i = 1, n = 0; i <= MAX_OVERDUE_SCAN_DAYS; i += 1) {
    const day = dueDay + i * DAY_MS;
    const date = new Date(day);
    const weekday = date.getUTCDay();
    if (config.quiet.days.includes(weekday === 0 ? 7 : weekday) || closed.has(day)) continue;
    if (holidays && publicHolidayDays(date.getUTCFullYear()).has(day)) continue;
    workingDays += 1;
    if (workingDays % config.overdueEveryWorkingDays !== 0) continue;
    n += 1;
    steps.push({ kind: 'overdue', n, date: date.toISOString().slice(0, 10) });
    if (day > todayDay) break;
  }
  return steps;
}

/**
 * The one rule that turns nominal steps into the schedule, walking back from the last step: a
 * step at or before the start of the revision is dropped (the owner has just received the action
 * or the new date), and so is a step that a later one overtakes (quiet hours pushed it to or past
 * the later one). `visit` sees each kept step, latest first, and returns false to stop the walk.
 */
function walkSchedule(
  steps: readonly PlannedStep[],
  revisedAt: Date,
  config: FollowUpConfig,
  visit: (step: ScheduleStep) => boolean,
  time: string = config.noticeTime,
): void {
  let earliestKept = Infinity;
  for (let i = steps.length - 1; i >= 0; i -= 1) {
    const step = steps[i]!;
    const at = sendMoment(step.date, time, config.quiet);
    if (at.getTime() <= revisedAt.getTime() || at.getTime() >= earliestKept) continue;
    earliestKept = at.getTime();
    if (!visit({ ...step, at })) return;
  }
}

/** The whole schedule of the action's current revision, in time order, up to the first step after `now` (for cards and tests). */
export function planActionSteps(action: Pick<AgreedAction, 'dueDate' | 'revisedAt'>, now: Date, config: FollowUpConfig): ScheduleStep[] {
  const kept: ScheduleStep[] = [];
  walkSchedule(nominalSteps(action.dueDate, brusselsDateOf(now), config), action.revisedAt, config, (step) => {
    kept.unshift(step);
    return true;
  });
  return kept;
}

/**
 * The latest step whose moment has come, or null. Walking back from the end stops there, so only
 * the last few steps get their (costly) instant computed.
 */
export function currentActionStep(action: Pick<AgreedAction, 'dueDate' | 'revisedAt'>, now: Date, config: FollowUpConfig): ScheduleStep | null {
  let current: ScheduleStep | null = null;
  walkSchedule(nominalSteps(action.dueDate, brusselsDateOf(now), config), action.revisedAt, config, (step) => {
    if (step.at.getTime() > now.getTime()) return true;
    current = step;
    return false;
  });
  return current;
}

/** The moment of the action's next step after `now` (its current revision), or null when none is planned. */
function nextActionStepAt(action: Pick<AgreedAction, 'dueDate' | 'revisedAt'>, now: Date, config: FollowUpConfig): number | null {
  let next: number | null = null;
  walkSchedule(nominalSteps(action.dueDate, brusselsDateOf(now), config), action.revisedAt, config, (step) => {
    if (step.at.getTime() <= now.getTime()) return false;
    next = step.at.getTime();
    return true;
  });
  return next;
}

/**
 * When the follow-up must look at this report again after handling it at `now`: the earliest next
 * step of an action waiting for an answer, or of its evaluation (the card, then its reminders until
 * it is recorded), whichever comes first;
 * null when nothing more will come due until the report changes (every change makes the store ask
 * for a check at once). Never later than the real next notice: the steps are planned up to the
 * first one after `now`, and a later step can only overtake (drop) an earlier one, not come sooner.
 */
export function nextFollowUpCheck(report: MeetingReport, now: Date, config: FollowUpConfig = DEFAULT_FOLLOW_UP_CONFIG): Date | null {
  if (!isFollowingUp(report)) return null;
  let next = Infinity;
  for (const action of report.actions) {
    if (!isAwaitingAnswer(action)) continue;
    const at = nextActionStepAt(action, now, config);
    if (at !== null && at < next) next = at;
  }
  // the evaluation card, then its reminders while nobody records the evaluation (never null meanwhile)
  const evaluationAt = nextEvaluationStepAt(report, now, config);
  if (evaluationAt !== null && evaluationAt < next) next = evaluationAt;
  return Number.isFinite(next) ? new Date(next) : null;
}

/**
 * Who gets a step. One notice per Teams user, the most specific one: an owner who is also the
 * referent gets the owner's card (with "not mine"); an organiser who stands in for a referent
 * without Teams gets the escalation once escalation has started.
 */
type Recipient = Pick<ActionNotice, 'kind' | 'role' | 'userId' | 'onBehalfOf'>;

function recipientsOf(step: ScheduleStep, action: AgreedAction, ctx: FollowUpContext, config: FollowUpConfig): Recipient[] {
  const candidates: Recipient[] = [];
  if (step.kind === 'overdue' && step.n >= config.escalateFromOverdueNotice) {
    candidates.push({ kind: 'escalation', role: 'organiser', userId: ctx.organiserId, onBehalfOf: null });
  }
  const owner = ownerUserId(action, ctx);
  // after the due date the referent chases; the owner is reminded only before and on it
  if (step.kind === 'reminder' && owner !== null) candidates.push({ kind: 'reminder', role: 'owner', userId: owner, onBehalfOf: null });
  const referent = referentUserId(ctx.referentEntryId, ctx);
  candidates.push(
    referent !== null
      ? { kind: step.kind, role: 'referent', userId: referent, onBehalfOf: null }
      : { kind: step.kind, role: 'referent', userId: ctx.organiserId, onBehalfOf: ctx.referentEntryId },
  );
  return candidates.filter((c, i) => candidates.findIndex((other) => other.userId === c.userId) === i);
}

/**
 * The notices to send now for these actions (one report's), minus the keys already sent. Nothing
 * while `now` is in quiet hours: a tick at night waits for the morning. Only actions waiting for
 * an answer are chased; done, blocked and not-mine ones wait for a person (the weekly overview
 * and the organiser's reassignment), not for a reminder.
 */
export function dueNotices(actions: readonly AgreedAction[], ctx: FollowUpContext, now: Date, config: FollowUpConfig = DEFAULT_FOLLOW_UP_CONFIG): ActionNotice[] {
  if (isQuietMoment(now, config.quiet)) return [];
  const notices: ActionNotice[] = [];
  for (const action of actions) {
    if (!isAwaitingAnswer(action)) continue;
    const step = currentActionStep(action, now, config);
    if (!step) continue;
    for (const r of recipientsOf(step, action, ctx, config)) {
      const key = `action:${action.id}:r${action.revision}:${r.kind}:${step.n}:${r.role}`;
      if (ctx.alreadySent.has(key)) continue;
      notices.push({ ...r, key, n: step.n, caseId: ctx.caseId, cycle: ctx.cycle, actionId: action.id, dueDate: action.dueDate, at: step.at });
    }
  }
  return notices;
}

/** dueNotices for a report, when it is being followed up: sent and not yet evaluated. */
export function dueReportNotices(report: MeetingReport, ctx: ReportContext, alreadySent: ReadonlySet<string>, now: Date, config: FollowUpConfig = DEFAULT_FOLLOW_UP_CONFIG): ActionNotice[] {
  if (!isFollowingUp(report)) return [];
  return dueNotices(report.actions, followUpContextOf(report, ctx, alreadySent), now, config);
}

export interface WeeklyOverviewSlot {
  /** weekly-overview:<ISO week of Brussels, e.g. 2027-W11>; one overview per referent: the caller adds the user id. */
  key: string;
  /** The ISO week, e.g. 2027-W11. */
  isoWeek: string;
  /** The Monday (Brussels) of the week this overview belongs to. */
  weekOf: string;
  at: Date;
}

/**
 * The referent's weekly overview of open actions: due once the week's moment (Monday 09:00 by
 * default, moved out of quiet hours, e.g. Tuesday 08:00 after Easter Monday) has come and nothing
 * was sent since it. A week whose moment was missed entirely (the bot was down) is sent when it
 * comes back, once; never a backlog of several weeks. Without a last send (`lastSentAt` null, as
 * for a referent whose first follow-up starts) only this week's moment counts: an overview for a
 * week that is over would be followed by this week's a few days or minutes later.
 */
export function weeklyOverviewDue(now: Date, lastSentAt: Date | null, config: FollowUpConfig = DEFAULT_FOLLOW_UP_CONFIG): WeeklyOverviewSlot | null {
  if (isQuietMoment(now, config.quiet)) return null;
  const today = toBrusselsWallTime(now);
  const thisMonday = addCalendarDays(today.date, 1 - today.isoWeekday);
  const slotOf = (monday: string): WeeklyOverviewSlot => ({
    key: `weekly-overview:${isoWeekOf(monday)}`,
    isoWeek: isoWeekOf(monday),
    weekOf: monday,
    at: sendMoment(addCalendarDays(monday, config.weeklyOverview.isoWeekday - 1), config.weeklyOverview.time, config.quiet),
  });
  let slot = slotOf(thisMonday);
  if (slot.at.getTime() > now.getTime()) {
    if (lastSentAt === null) return null;
    slot = slotOf(addCalendarDays(thisMonday, -7));
  }
  if (slot.at.getTime() > now.getTime()) return null;
  if (lastSentAt !== null && lastSentAt.getTime() >= slot.at.getTime()) return null;
  return slot;
}

/**
 * The evaluation's notices. On the evaluation date the card goes to the organiser, the referent
 * and the named evaluator (report.evaluation.who, when another network entry than the referent).
 * While nobody records the evaluation, the case would stay in follow-up for ever and its personal
 * data would never reach retention: so, as for an overdue action, every N working days after the
 * date (FollowUpConfig.overdueEveryWorkingDays) the organiser and the evaluator get a reminder (the
 * evaluation card with a notice), and from the Kth reminder on (escalateFromOverdueNotice) the
 * coordinators are told too. Reminders go out at evaluationTime, out of quiet hours; only the
 * latest reminder whose moment has come is due (no backlog after a down time).
 */
export type EvaluationNoticeKind = 'card' | 'reminder' | 'escalation';

export interface EvaluationNotice {
  /**
   * The card: evaluation:<case id>:c<cycle>@<evaluation date>:<role>; a reminder or an escalation:
   * evaluation:<case id>:c<cycle>@<evaluation date>:<kind>:<n>:<role>. The caller adds the user id
   * (one message per coordinator).
   */
  key: string;
  kind: EvaluationNoticeKind;
  /** 0 for the card; the reminder's number (from 1) for a reminder and its escalation. */
  n: number;
  /** Card: organiser, referent (a referent without Teams: the organiser calls them), evaluator; reminder: organiser, evaluator; escalation: coordinator. */
  role: 'organiser' | 'referent' | 'evaluator' | 'coordinator';
  caseId: string;
  cycle: number;
  date: string;
  at: Date;
}

/** The evaluation still awaited: the report is sent, not yet evaluated, and names one. */
function awaitedEvaluation(report: Pick<MeetingReport, 'status' | 'evaluationOutcome' | 'evaluation'>): Evaluation | null {
  return report.status === 'sent' && !report.evaluationOutcome && report.evaluation ? report.evaluation : null;
}

function walkEvaluationReminders(evaluation: Evaluation, now: Date, config: FollowUpConfig, visit: (step: ScheduleStep) => boolean): void {
  // nothing at or before the card: a reminder that quiet hours would push onto it is dropped
  const cardAt = sendMoment(evaluation.date, config.evaluationTime, config.quiet);
  walkSchedule(overdueSteps(evaluation.date, brusselsDateOf(now), config), cardAt, config, visit, config.evaluationTime);
}

/** The evaluation's reminders, in time order, up to the first one after `now` (for cards and tests); none once evaluated. */
export function planEvaluationReminders(report: Pick<MeetingReport, 'status' | 'evaluationOutcome' | 'evaluation'>, now: Date, config: FollowUpConfig = DEFAULT_FOLLOW_UP_CONFIG): ScheduleStep[] {
  const evaluation = awaitedEvaluation(report);
  const kept: ScheduleStep[] = [];
  if (evaluation) {
    walkEvaluationReminders(evaluation, now, config, (step) => {
      kept.unshift(step);
      return true;
    });
  }
  return kept;
}

/** The latest evaluation reminder whose moment has come, or null (before the first one, or once evaluated). */
export function currentEvaluationReminder(report: Pick<MeetingReport, 'status' | 'evaluationOutcome' | 'evaluation'>, now: Date, config: FollowUpConfig = DEFAULT_FOLLOW_UP_CONFIG): ScheduleStep | null {
  const evaluation = awaitedEvaluation(report);
  let current: ScheduleStep | null = null;
  if (evaluation) {
    walkEvaluationReminders(evaluation, now, config, (step) => {
      if (step.at.getTime() > now.getTime()) return true;
      current = step;
      return false;
    });
  }
  return current;
}

/** The moment of the evaluation's next notice after `now` (its card, then its reminders), or null once evaluated. */
function nextEvaluationStepAt(report: MeetingReport, now: Date, config: FollowUpConfig): number | null {
  const evaluation = awaitedEvaluation(report);
  if (!evaluation) return null;
  const cardAt = sendMoment(evaluation.date, config.evaluationTime, config.quiet).getTime();
  if (cardAt > now.getTime()) return cardAt;
  let next: number | null = null;
  walkEvaluationReminders(evaluation, now, config, (step) => {
    if (step.at.getTime() <= now.getTime()) return false;
    next = step.at.getTime();
    return true;
  });
  return next;
}

/**
 * The evaluation notices due now, for a sent report not yet evaluated; each key once. The card is
 * due from its moment (on the evaluation date at 09:00 Brussels, moved out of quiet hours) until it
 * is sent; a reminder only while it is the latest one come (see EvaluationNotice).
 */
export function evaluationDue(
  report: MeetingReport,
  now: Date,
  options: { alreadySent?: ReadonlySet<string>; config?: FollowUpConfig } = {},
): EvaluationNotice[] {
  const config = options.config ?? DEFAULT_FOLLOW_UP_CONFIG;
  const evaluation = awaitedEvaluation(report);
  if (!evaluation || isQuietMoment(now, config.quiet)) return [];
  const at = sendMoment(evaluation.date, config.evaluationTime, config.quiet);
  if (at.getTime() > now.getTime()) return [];
  const base = `evaluation:${report.caseId}:c${report.cycle}@${evaluation.date}`;
  const notice = (kind: EvaluationNoticeKind, n: number, role: EvaluationNotice['role'], moment: Date): EvaluationNotice => ({
    key: kind === 'card' ? `${base}:${role}` : `${base}:${kind}:${n}:${role}`,
    kind,
    n,
    role,
    caseId: report.caseId,
    cycle: report.cycle,
    date: evaluation.date,
    at: moment,
  });
  const notices = [notice('card', 0, 'organiser', at), notice('card', 0, 'referent', at)];
  // the named evaluator, when someone else than the referent (who has the card anyway)
  if (evaluation.who !== report.referentEntryId) notices.push(notice('card', 0, 'evaluator', at));
  const reminder = currentEvaluationReminder(report, now, config);
  if (reminder) {
    notices.push(notice('reminder', reminder.n, 'organiser', reminder.at), notice('reminder', reminder.n, 'evaluator', reminder.at));
    if (reminder.n >= config.escalateFromOverdueNotice) notices.push(notice('escalation', reminder.n, 'coordinator', reminder.at));
  }
  return notices.filter((n) => !options.alreadySent?.has(n.key));
}
