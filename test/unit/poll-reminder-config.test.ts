import { loadConfig, ConfigError } from '../../config/config';
import { readPollReminderConfig } from '../../config/poll-reminder-config';
import { DEFAULT_REMINDER_CONFIG } from '../../domain/poll/reminders';
import { isQuietMoment } from '../../domain/poll/quiet-hours';
import { assertScheduleAllowed } from '../../jobs/scheduler';
import { POLL_REMINDERS_SCHEDULE } from '../../jobs/poll-reminders-job';

// The poll reminders' settings from the environment, and the job's schedule.

describe('poll reminder configuration', () => {
  it('uses the defaults when nothing is set', () => {
    expect(readPollReminderConfig({})).toEqual({ config: DEFAULT_REMINDER_CONFIG, problems: [] });
    expect(loadConfig({}).pollReminders).toEqual(DEFAULT_REMINDER_CONFIG);
  });

  it('reads hours, quiet hours, quiet days and closed dates', () => {
    const read = readPollReminderConfig({ POLL_REMINDER_HOURS: '72, 24,4', POLL_QUIET_HOURS: '19:00-07:30', POLL_QUIET_DAYS: 'none', POLL_CLOSED_DATES: '2027-05-01,2027-07-21' });
    expect(read).toEqual({
      config: { offsetsHours: [72, 24, 4], quiet: { start: '19:00', end: '07:30', days: [], closedDates: ['2027-05-01', '2027-07-21'], publicHolidays: 'be' } },
      problems: [],
    });
  });

  it('knows Belgium’s public holidays by default; POLL_PUBLIC_HOLIDAYS=none turns them off', () => {
    expect(DEFAULT_REMINDER_CONFIG.quiet.publicHolidays).toBe('be');
    expect(loadConfig({}).pollReminders.quiet.publicHolidays).toBe('be');
    expect(loadConfig({ POLL_PUBLIC_HOLIDAYS: '' }).pollReminders.quiet.publicHolidays).toBe('be');
    expect(loadConfig({ POLL_PUBLIC_HOLIDAYS: 'be' }).pollReminders.quiet.publicHolidays).toBe('be');
    expect(loadConfig({ POLL_PUBLIC_HOLIDAYS: ' BE ' }).pollReminders.quiet.publicHolidays).toBe('be');
    const off = loadConfig({ POLL_PUBLIC_HOLIDAYS: 'none', POLL_CLOSED_DATES: '2027-11-15' });
    expect(off.pollReminders.quiet).toMatchObject({ publicHolidays: 'none', closedDates: ['2027-11-15'] });
    // the follow-up keeps the same quiet hours
    expect(off.followUp.quiet).toEqual(off.pollReminders.quiet);
    // Christmas Day 2025 at noon, Brussels
    expect(isQuietMoment(new Date('2025-12-25T11:00:00Z'), loadConfig({}).pollReminders.quiet)).toBe(true);
    expect(isQuietMoment(new Date('2025-12-25T11:00:00Z'), off.pollReminders.quiet)).toBe(false);
  });

  it.each([
    [{ POLL_REMINDER_HOURS: 'soon' }, /POLL_REMINDER_HOURS/],
    [{ POLL_QUIET_HOURS: '20:00' }, /POLL_QUIET_HOURS/],
    [{ POLL_QUIET_HOURS: '20:00-08:00-09:00' }, /POLL_QUIET_HOURS/],
    [{ POLL_QUIET_DAYS: '1,2,3,4,5,6,7' }, /POLL_QUIET_DAYS/],
    [{ POLL_CLOSED_DATES: '2027-02-30' }, /POLL_CLOSED_DATES/],
    [{ POLL_PUBLIC_HOLIDAYS: 'fr' }, /POLL_PUBLIC_HOLIDAYS: must be "be" \(no messages on Belgium's legal public holidays\) or "none"/],
    [{ POLL_PUBLIC_HOLIDAYS: 'yes' }, /POLL_PUBLIC_HOLIDAYS/],
    [{ POLL_PUBLIC_HOLIDAYS: 'be,none' }, /POLL_PUBLIC_HOLIDAYS/],
  ])('stops the start on %p, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('runs the job every ten minutes, never in the hour daylight saving skips or repeats', () => {
    expect(() => assertScheduleAllowed(POLL_REMINDERS_SCHEDULE)).not.toThrow();
  });
});
