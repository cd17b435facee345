import { z } from 'zod';
import { clockTimeSchema, isoWeekdaySchema } from '../poll/inputs';
import { DEFAULT_QUIET_HOURS, quietHoursSchema, type QuietHours } from '../poll/quiet-hours';

/**
 * When the follow-up chases agreed actions (issue 6, "nagging on deadlines"). Days are Brussels
 * calendar days and notices go out at a Brussels wall time, so the schedule is the same in summer
 * and winter time; quiet hours are the product-wide ones (the poll uses the same).
 */
export interface FollowUpConfig {
  /** Days before the due date on which the owner (on Teams) and the referent are reminded; 0 = on the due date. */
  reminderDaysBefore: readonly number[];
  /**
   * After the due date the referent is nagged every this many working days, until the action is answered;
   * after the evaluation date, the organiser and the evaluator likewise, until the evaluation is recorded.
   */
  overdueEveryWorkingDays: number;
  /** From this overdue notice on (1 = the first), the organiser gets an escalation notice too; for an evaluation, the coordinators. */
  escalateFromOverdueNotice: number;
  /** HH:mm Brussels: when a day's reminders and overdue notices go out. */
  noticeTime: string;
  /** The referent's weekly overview of open actions: ISO weekday (1 = Monday) and HH:mm Brussels. */
  weeklyOverview: { isoWeekday: number; time: string };
  /** HH:mm Brussels on the evaluation date: when the evaluation card goes out (and, on later working days, its reminders). */
  evaluationTime: string;
  /**
   * Nights, weekends, Belgium's public holidays (publicHolidays) and other closed dates (closedDates): nothing
   * is sent; a notice waits for the next allowed moment, and these days are not working days for the overdue count.
   */
  quiet: QuietHours;
}

export const DEFAULT_FOLLOW_UP_CONFIG: FollowUpConfig = {
  reminderDaysBefore: [3, 0],
  overdueEveryWorkingDays: 2,
  escalateFromOverdueNotice: 2,
  noticeTime: '09:00',
  weeklyOverview: { isoWeekday: 1, time: '09:00' },
  evaluationTime: '09:00',
  quiet: DEFAULT_QUIET_HOURS,
};

/** For configuration read from the environment or a file: bounded so a typo cannot silence or flood the follow-up. */
export const followUpConfigSchema = z
  .object({
    reminderDaysBefore: z
      .array(z.number().int().min(0).max(60))
      .max(5)
      .refine((d) => new Set(d).size === d.length, { message: 'repeated offset' }),
    overdueEveryWorkingDays: z.number().int().min(1).max(20),
    escalateFromOverdueNotice: z.number().int().min(1).max(20),
    noticeTime: clockTimeSchema,
    weeklyOverview: z.object({ isoWeekday: isoWeekdaySchema, time: clockTimeSchema }).strict(),
    evaluationTime: clockTimeSchema,
    quiet: quietHoursSchema,
  })
  .strict();

/**
 * Whether a daily HH:mm falls in the nightly quiet hours. A follow-up time set there is not wrong,
 * but every notice would wait for the morning: the configuration says so instead of surprising.
 */
export function isInQuietHours(time: string, quiet: Pick<QuietHours, 'start' | 'end'>): boolean {
  const minutes = (hhmm: string): number => {
    const [h, m] = hhmm.split(':').map(Number);
    return (h ?? 0) * 60 + (m ?? 0);
  };
  const [t, start, end] = [minutes(time), minutes(quiet.start), minutes(quiet.end)];
  if (start === end) return false;
  return start > end ? t >= start || t < end : t >= start && t < end;
}
