import { createTask, validateDetailed, type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../domain/ports';
import { BRUSSELS_TZ } from '../domain/time';
import { isDomainError } from '../domain/errors';

/**
 * A small scheduler around node-cron. Every job runs on Brussels time and each tick calls one
 * domain use case with `now` from the clock; the job claims its own work atomically, so two bot
 * instances ticking together do no harm.
 */

/** What a run reports for its log line: counts and codes only, never personal data. */
export type JobSummary = Readonly<Record<string, number>>;

export interface Job {
  name: string;
  /** A five-field cron expression on Brussels time (minute hour day month weekday). */
  schedule: string;
  run(now: Date): Promise<JobSummary>;
}

export class ScheduleNotAllowedError extends Error {
  constructor(readonly schedule: string, reason: string) {
    super(`schedule "${schedule}" is not allowed: ${reason}`);
    this.name = 'ScheduleNotAllowedError';
  }
}

/** The hour that does not exist on the spring change (02:00 -> 03:00) and happens twice in autumn. */
const DST_HOUR = 2;

/**
 * Throws unless `schedule` is a valid five-field cron expression that can never fire between 02:00
 * and 02:59 Brussels time: a job there would be skipped once a year and run twice once a year.
 */
export function assertScheduleAllowed(schedule: string): void {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5) throw new ScheduleNotAllowedError(schedule, 'use five fields: minute hour day month weekday');
  const checked = validateDetailed(schedule);
  if (!checked.valid || !checked.fields) {
    throw new ScheduleNotAllowedError(schedule, checked.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'not a cron expression');
  }
  if (checked.fields.hour.includes(DST_HOUR)) {
    throw new ScheduleNotAllowedError(schedule, 'it may run between 02:00 and 02:59 Europe/Brussels, an hour that daylight saving skips or repeats');
  }
}

export interface JobSchedulerDeps {
  clock: Clock;
  logger: Logger;
}

export class JobScheduler {
  private readonly jobs = new Map<string, Job>();
  private readonly tasks: ScheduledTask[] = [];
  private readonly inFlight = new Map<string, Promise<JobSummary | null>>();
  private stopped = false;

  constructor(private readonly deps: JobSchedulerDeps) {}

  add(job: Job): void {
    assertScheduleAllowed(job.schedule);
    if (this.jobs.has(job.name)) throw new Error(`job ${job.name} is added twice`);
    this.jobs.set(job.name, job);
  }

  start(): void {
    this.stopped = false;
    const { logger } = this.deps;
    for (const job of this.jobs.values()) {
      const task = createTask(job.schedule, () => this.tick(job), {
        name: job.name,
        timezone: BRUSSELS_TZ,
        noOverlap: true,
        // a scheduled job must not keep a stopping process (or a test run) alive
        unref: true,
        logger: {
          info: (message) => logger.debug({ job: job.name }, message),
          warn: (message) => logger.warn({ job: job.name }, message),
          error: (message) => logger.error({ job: job.name, error: message instanceof Error ? message.name : 'cron' }, 'cron error'),
          debug: () => undefined,
        },
      });
      void task.start();
      this.tasks.push(task);
    }
  }

  /** Runs the job now, as a tick would (operators and tests). Waits for a run already in progress. */
  async runNow(name: string): Promise<JobSummary | null> {
    const job = this.jobs.get(name);
    if (!job) throw new Error(`no job named ${name}`);
    await this.inFlight.get(name);
    return this.tick(job);
  }

  /** No new ticks; the runs in progress finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const task of this.tasks.splice(0)) await task.destroy();
    await Promise.all(this.inFlight.values());
  }

  /** One run with its one log line; a failure is logged, never thrown into node-cron. */
  private tick(job: Job): Promise<JobSummary | null> {
    const running = this.inFlight.get(job.name);
    if (running) return running;
    if (this.stopped) return Promise.resolve(null);
    // registered before the job starts, so that a tick arriving meanwhile joins this run
    const run = Promise.resolve().then(() => this.execute(job));
    this.inFlight.set(job.name, run);
    void run.finally(() => {
      if (this.inFlight.get(job.name) === run) this.inFlight.delete(job.name);
    });
    return run;
  }

  private async execute(job: Job): Promise<JobSummary | null> {
    const started = performance.now();
    try {
      const summary = await job.run(this.deps.clock.now());
      this.deps.logger.info({ job: job.name, outcome: 'ok', ...summary, ms: Math.round(performance.now() - started) }, 'job');
      return summary;
    } catch (err) {
      // the error's message may quote stored values; its name or domain code is enough to look further
      const code = isDomainError(err) ? err.code : err instanceof Error ? err.name : 'unknown';
      this.deps.logger.error({ job: job.name, outcome: 'error', code, ms: Math.round(performance.now() - started) }, 'job');
      return null;
    }
  }
}
