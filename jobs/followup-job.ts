import type { Job } from './scheduler';
import { runFollowUp, type FollowUpDeps } from '../domain/followup/followup-use-cases';

/**
 * Every 15 minutes, except between 02:00 and 02:59 Brussels (the hour daylight saving skips or
 * repeats). The rules keep notices out of nights and weekends themselves; the ticks only need to be
 * often enough for a notice to go out close to its moment.
 */
export const FOLLOW_UP_SCHEDULE = '*/15 0-1,3-23 * * *';

/**
 * Reminders, escalations, weekly overviews and evaluation cards of the reports being followed up.
 * `deps.config` holds the offsets and times read from the environment (config/followup-config.ts,
 * FOLLOWUP_*); without it the defaults of domain/followup/config.ts apply.
 */
export function makeFollowUpJob(deps: FollowUpDeps, schedule = FOLLOW_UP_SCHEDULE): Job {
  // the first run of this process looks at every report (the timing may have changed since the
  // last start); the ones after it only at the reports whose check is due
  let everyReport = true;
  return {
    name: 'followup',
    schedule,
    run: async (now) => {
      const run = await runFollowUp(deps, now, { everyReport });
      if (!run.quiet) everyReport = false;
      return { ...run };
    },
  };
}
