import { DEFAULT_FOLLOW_UP_CONFIG, followUpConfigSchema, isInQuietHours, type FollowUpConfig } from '../domain/followup/config';
import type { QuietHours } from '../domain/poll/quiet-hours';

/**
 * The follow-up's settings from the environment (when agreed actions are chased); each variable
 * may be left out for the default. Quiet hours are the product's (POLL_QUIET_HOURS, POLL_QUIET_DAYS,
 * POLL_PUBLIC_HOLIDAYS, POLL_CLOSED_DATES): the follow-up never sends at night, at weekends, on
 * public holidays or on closed days either, and those days are not working days for the overdue count.
 *   FOLLOWUP_REMIND_DAYS_BEFORE              days before the due date for reminders, 0 = on it, e.g. "3,0"
 *   FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS      after the due date, nag the referent every N working days, e.g. 2
 *                                            (after an unrecorded evaluation's date, the organiser and the evaluator)
 *   FOLLOWUP_ESCALATE_FROM_OVERDUE_NOTICE    from the Nth overdue notice on, the organiser is told too, e.g. 2
 *                                            (for an unrecorded evaluation, the coordinators: COORDINATOR_IDS)
 *   FOLLOWUP_NOTICE_TIME                     HH:mm Brussels for reminders and overdue notices, e.g. 09:00
 *   FOLLOWUP_WEEKLY_DAY / FOLLOWUP_WEEKLY_TIME  the referent's weekly overview: ISO weekday (1 = Monday) and HH:mm
 *   FOLLOWUP_EVALUATION_TIME                 HH:mm Brussels on the evaluation date for the evaluation card, and for its reminders
 */
export interface FollowUpEnv {
  FOLLOWUP_REMIND_DAYS_BEFORE?: string | undefined;
  FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS?: string | undefined;
  FOLLOWUP_ESCALATE_FROM_OVERDUE_NOTICE?: string | undefined;
  FOLLOWUP_NOTICE_TIME?: string | undefined;
  FOLLOWUP_WEEKLY_DAY?: string | undefined;
  FOLLOWUP_WEEKLY_TIME?: string | undefined;
  FOLLOWUP_EVALUATION_TIME?: string | undefined;
}

const blank = (value: string | undefined): value is undefined => value === undefined || value.trim() === '';
/** A whole number as typed ("2", " 2 "); anything else (2.5, "two", "") is NaN so the schema refuses it. */
const whole = (value: string): number => (/^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN);

const MESSAGES: Readonly<Record<string, string>> = {
  reminderDaysBefore: 'FOLLOWUP_REMIND_DAYS_BEFORE: must be up to 5 different whole numbers of days from 0 (the due date) to 60, e.g. 3,0',
  overdueEveryWorkingDays: 'FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS: must be a whole number of working days from 1 to 20, e.g. 2',
  escalateFromOverdueNotice: 'FOLLOWUP_ESCALATE_FROM_OVERDUE_NOTICE: must be a whole number from 1 (the first overdue notice) to 20, e.g. 2',
  noticeTime: 'FOLLOWUP_NOTICE_TIME: must be a time HH:mm, e.g. 09:00',
  isoWeekday: 'FOLLOWUP_WEEKLY_DAY: must be a weekday from 1 (Monday) to 7 (Sunday), e.g. 1',
  time: 'FOLLOWUP_WEEKLY_TIME: must be a time HH:mm, e.g. 09:00',
  evaluationTime: 'FOLLOWUP_EVALUATION_TIME: must be a time HH:mm, e.g. 09:00',
};

/** The configuration, or the problems that name each wrong variable and what is allowed. */
export function readFollowUpConfig(env: FollowUpEnv, quiet: QuietHours): { config: FollowUpConfig; problems: string[] } {
  const d = DEFAULT_FOLLOW_UP_CONFIG;
  const candidate = {
    reminderDaysBefore: blank(env.FOLLOWUP_REMIND_DAYS_BEFORE)
      ? [...d.reminderDaysBefore]
      : env.FOLLOWUP_REMIND_DAYS_BEFORE.split(',').map((s) => s.trim()).filter(Boolean).map(whole),
    overdueEveryWorkingDays: blank(env.FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS) ? d.overdueEveryWorkingDays : whole(env.FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS),
    escalateFromOverdueNotice: blank(env.FOLLOWUP_ESCALATE_FROM_OVERDUE_NOTICE) ? d.escalateFromOverdueNotice : whole(env.FOLLOWUP_ESCALATE_FROM_OVERDUE_NOTICE),
    noticeTime: blank(env.FOLLOWUP_NOTICE_TIME) ? d.noticeTime : env.FOLLOWUP_NOTICE_TIME.trim(),
    weeklyOverview: {
      isoWeekday: blank(env.FOLLOWUP_WEEKLY_DAY) ? d.weeklyOverview.isoWeekday : whole(env.FOLLOWUP_WEEKLY_DAY),
      time: blank(env.FOLLOWUP_WEEKLY_TIME) ? d.weeklyOverview.time : env.FOLLOWUP_WEEKLY_TIME.trim(),
    },
    evaluationTime: blank(env.FOLLOWUP_EVALUATION_TIME) ? d.evaluationTime : env.FOLLOWUP_EVALUATION_TIME.trim(),
    quiet: { ...quiet, days: [...quiet.days], closedDates: [...quiet.closedDates] },
  };
  const parsed = followUpConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const field = [...issue.path].reverse().map(String).find((p) => p in MESSAGES);
      // the quiet hours were checked (and named) by the poll reminders' settings
      return field ? MESSAGES[field]! : null;
    });
    return { config: d, problems: [...new Set(problems.filter((p): p is string => p !== null))] };
  }
  const config = parsed.data;
  // valid, but it would send nothing when it says: better said at start-up than found out in a month
  const problems: string[] = [];
  if (config.quiet.days.includes(config.weeklyOverview.isoWeekday)) {
    problems.push(`FOLLOWUP_WEEKLY_DAY: ${config.weeklyOverview.isoWeekday} is a day without messages (POLL_QUIET_DAYS); choose a working day, e.g. 1`);
  }
  const quietSpan = `${config.quiet.start}-${config.quiet.end}`;
  for (const [name, time] of [['FOLLOWUP_NOTICE_TIME', config.noticeTime], ['FOLLOWUP_WEEKLY_TIME', config.weeklyOverview.time], ['FOLLOWUP_EVALUATION_TIME', config.evaluationTime]] as const) {
    if (isInQuietHours(time, config.quiet)) problems.push(`${name}: ${time} is in the quiet hours (POLL_QUIET_HOURS ${quietSpan}); choose a time outside them, e.g. 09:00`);
  }
  return { config: problems.length ? d : config, problems };
}
