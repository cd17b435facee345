import type { Job } from './scheduler';
import type { ReminderConfig } from '../domain/poll/reminders';
import { runPollReminders, type PollReminderDeps } from '../domain/poll/poll-reminder-run';

/**
 * Every 10 minutes, except in the 02:00-02:59 hour that daylight saving skips or repeats: closes the
 * polls whose deadline passed and queues the reminders and the organiser's notices that are due.
 * Nothing is lost in that hour: what falls due then goes at the 03:00 tick (and the default quiet
 * hours hold it back until the morning anyway).
 */
export const POLL_REMINDERS_SCHEDULE = '*/10 0,1,3-23 * * *';
export const POLL_REMINDERS_JOB = 'poll-reminders';

export function makePollRemindersJob(deps: PollReminderDeps, config: ReminderConfig, schedule = POLL_REMINDERS_SCHEDULE): Job {
  return {
    name: POLL_REMINDERS_JOB,
    schedule,
    run: (now) => runPollReminders(deps, now, config),
  };
}
