import type { Job } from './scheduler';
import { runRetention, type RetentionDeps } from '../domain/case/retention';

/** Every night at 03:30 Brussels time: after the 02:00-02:59 hour that daylight saving skips or repeats. */
export const RETENTION_SCHEDULE = '30 3 * * *';

/** Purges the personal data of cases over for longer than the retention period, and old unfinished drafts. */
export function makeRetentionJob(deps: RetentionDeps, retentionDays: number, schedule = RETENTION_SCHEDULE): Job {
  return {
    name: 'retention',
    schedule,
    run: async (now) => ({ retentionDays, ...(await runRetention(deps, now, retentionDays)) }),
  };
}
