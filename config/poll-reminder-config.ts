import { DEFAULT_REMINDER_CONFIG, reminderConfigSchema, type ReminderConfig } from '../domain/poll/reminders';

/**
 * The poll reminders' settings from the environment; each variable may be left out for the default:
 *   POLL_REMINDER_HOURS  hours before the deadline, e.g. "48,24"
 *   POLL_QUIET_HOURS     no messages from..to, Brussels time, e.g. "20:00-08:00"
 *   POLL_QUIET_DAYS      ISO weekdays without messages (1 = Monday), e.g. "6,7", or "none"
 *   POLL_PUBLIC_HOLIDAYS be (default): Belgium's ten legal public holidays, every year, are days without
 *                        messages (1 January, Easter Monday, 1 May, Ascension, Whit Monday, 21 July,
 *                        15 August, 1 November, 11 November, 25 December); none: only POLL_CLOSED_DATES
 *   POLL_CLOSED_DATES    other days without messages besides those, e.g. regional holidays or office
 *                        closures: "2027-11-15,2027-12-24"
 */
export interface PollReminderEnv {
  POLL_REMINDER_HOURS?: string | undefined;
  POLL_QUIET_HOURS?: string | undefined;
  POLL_QUIET_DAYS?: string | undefined;
  POLL_CLOSED_DATES?: string | undefined;
  POLL_PUBLIC_HOLIDAYS?: string | undefined;
}

const list = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);
const blank = (value: string | undefined): value is undefined => value === undefined || value.trim() === '';

/** The configuration, or the problems that name each wrong variable and what is allowed. */
export function readPollReminderConfig(env: PollReminderEnv): { config: ReminderConfig; problems: string[] } {
  const problems: string[] = [];
  const d = DEFAULT_REMINDER_CONFIG;
  const [start, end, extra] = blank(env.POLL_QUIET_HOURS) ? [d.quiet.start, d.quiet.end] : env.POLL_QUIET_HOURS.split('-').map((s) => s.trim());
  if (extra !== undefined) problems.push('POLL_QUIET_HOURS: must be two times, from-to, e.g. 20:00-08:00');
  const candidate = {
    offsetsHours: blank(env.POLL_REMINDER_HOURS) ? [...d.offsetsHours] : list(env.POLL_REMINDER_HOURS).map(Number),
    quiet: {
      start: start ?? '',
      end: end ?? '',
      days: blank(env.POLL_QUIET_DAYS) ? [...d.quiet.days] : env.POLL_QUIET_DAYS.trim() === 'none' ? [] : list(env.POLL_QUIET_DAYS).map(Number),
      closedDates: blank(env.POLL_CLOSED_DATES) ? [...d.quiet.closedDates] : list(env.POLL_CLOSED_DATES),
      publicHolidays: blank(env.POLL_PUBLIC_HOLIDAYS) ? d.quiet.publicHolidays : env.POLL_PUBLIC_HOLIDAYS.trim().toLowerCase(),
    },
  };
  const parsed = reminderConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    const names: Record<string, string> = {
      offsetsHours: 'POLL_REMINDER_HOURS: must be up to 5 whole numbers of hours (1 to 720), e.g. 48,24',
      start: 'POLL_QUIET_HOURS: must be two times, from-to, e.g. 20:00-08:00',
      end: 'POLL_QUIET_HOURS: must be two times, from-to, e.g. 20:00-08:00',
      days: 'POLL_QUIET_DAYS: must be up to 6 different weekdays from 1 (Monday) to 7 (Sunday), e.g. 6,7, or none',
      closedDates: 'POLL_CLOSED_DATES: must be dates YYYY-MM-DD separated by commas',
      publicHolidays: 'POLL_PUBLIC_HOLIDAYS: must be "be" (no messages on Belgium\'s legal public holidays) or "none"',
    };
    for (const issue of parsed.error.issues) {
      const field = issue.path.map(String).find((p) => p in names);
      problems.push(names[field ?? 'offsetsHours']!);
    }
  }
  return { config: parsed.success ? parsed.data : DEFAULT_REMINDER_CONFIG, problems: [...new Set(problems)] };
}
