import { Writable } from 'node:stream';
import pino from 'pino';
import { assertScheduleAllowed, JobScheduler, ScheduleNotAllowedError, type Job } from '../../jobs/scheduler';
import { makeRetentionJob, RETENTION_SCHEDULE } from '../../jobs/retention-job';
import { DomainError } from '../../domain/errors';

function captureLogs() {
  const lines: any[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
      done();
    },
  });
  return { lines, logger: pino({ level: 'info' }, stream) };
}

const NOW = new Date('2026-03-29T01:30:00Z');
const clock = { now: () => NOW };
const flush = () => new Promise((r) => setImmediate(r));

describe('job schedules on Brussels time', () => {
  it.each([RETENTION_SCHEDULE, '0 3 * * *', '59 1 * * *', '0 0,4,23 * * *', '*/15 3-5 * * 1-5', '0 1 1 * *'])('allows %p', (schedule) => {
    expect(() => assertScheduleAllowed(schedule)).not.toThrow();
  });

  it.each<[string, RegExp]>([
    ['30 2 * * *', /02:00 and 02:59/],
    ['0 * * * *', /02:00 and 02:59/],
    ['*/10 1-3 * * *', /02:00 and 02:59/],
    ['0 0,2 * * *', /02:00 and 02:59/],
    ['0 */2 * * *', /02:00 and 02:59/],
    ['0 0 3 * * *', /five fields/],
    ['61 3 * * *', /not allowed/],
    ['every night', /five fields/],
  ])('refuses %p', (schedule, why) => {
    expect(() => assertScheduleAllowed(schedule)).toThrow(ScheduleNotAllowedError);
    expect(() => assertScheduleAllowed(schedule)).toThrow(why);
  });

  it('refuses to add a job that could run in the hour daylight saving skips or repeats', () => {
    const jobs = new JobScheduler({ clock, logger: captureLogs().logger });
    expect(() => jobs.add({ name: 'x', schedule: '15 2 * * 0', run: async () => ({}) })).toThrow(ScheduleNotAllowedError);
  });
});

describe('the job scheduler', () => {
  it('passes `now` from the clock and logs one line per run with counts only', async () => {
    const { lines, logger } = captureLogs();
    const seen: Date[] = [];
    const jobs = new JobScheduler({ clock, logger });
    jobs.add({ name: 'count', schedule: '0 4 * * *', run: async (now) => (seen.push(now), { done: 3 }) });
    expect(await jobs.runNow('count')).toEqual({ done: 3 });
    await flush();
    expect(seen).toEqual([NOW]);
    const jobLines = lines.filter((l) => l.msg === 'job');
    expect(jobLines).toEqual([expect.objectContaining({ job: 'count', outcome: 'ok', done: 3, ms: expect.any(Number) })]);
  });

  it('logs a failing run by its code, never by its message, and keeps going', async () => {
    const { lines, logger } = captureLogs();
    const jobs = new JobScheduler({ clock, logger });
    let calls = 0;
    jobs.add({
      name: 'fails',
      schedule: '0 4 * * *',
      run: async () => {
        calls++;
        if (calls === 1) throw new Error('duplicate key { name: "Marie Dubois" }');
        throw new DomainError('case.conflict');
      },
    });
    expect(await jobs.runNow('fails')).toBeNull();
    expect(await jobs.runNow('fails')).toBeNull();
    await flush();
    const all = JSON.stringify(lines);
    expect(all).not.toContain('Marie');
    expect(lines.filter((l) => l.msg === 'job').map((l) => [l.outcome, l.code])).toEqual([
      ['error', 'Error'],
      ['error', 'case.conflict'],
    ]);
  });

  it('runs a job once at a time: a run asked for meanwhile waits for the one in progress, then runs', async () => {
    const { logger } = captureLogs();
    const jobs = new JobScheduler({ clock, logger });
    let release!: () => void;
    let running = 0;
    let most = 0;
    let runs = 0;
    jobs.add({
      name: 'slow',
      schedule: '0 4 * * *',
      run: async () => {
        runs++;
        running++;
        most = Math.max(most, running);
        if (runs === 1) await new Promise<void>((r) => (release = r));
        running--;
        return {};
      },
    });
    const first = jobs.runNow('slow');
    await flush();
    const second = jobs.runNow('slow');
    await flush();
    expect(runs).toBe(1);
    release();
    await Promise.all([first, second]);
    expect(runs).toBe(2);
    expect(most).toBe(1);
  });

  it('starts cron tasks and stops them, waiting for the run in progress', async () => {
    const { logger } = captureLogs();
    const jobs = new JobScheduler({ clock, logger });
    let finished = false;
    jobs.add({
      name: 'stoppable',
      schedule: '0 4 * * *',
      run: async () => {
        await new Promise((r) => setTimeout(r, 20));
        finished = true;
        return {};
      },
    });
    jobs.start();
    const run = jobs.runNow('stoppable');
    await flush();
    await jobs.stop();
    expect(finished).toBe(true);
    expect(await jobs.runNow('stoppable')).toBeNull();
    await run;
  });

  it('knows no job by another name', async () => {
    const jobs = new JobScheduler({ clock, logger: captureLogs().logger });
    await expect(jobs.runNow('nope')).rejects.toThrow('no job named nope');
    const job: Job = { name: 'a', schedule: '0 4 * * *', run: async () => ({}) };
    jobs.add(job);
    expect(() => jobs.add(job)).toThrow(/twice/);
  });
});

describe('the retention job', () => {
  it('runs nightly outside the daylight-saving hour and reports counts', async () => {
    const calls: Date[] = [];
    const stores = {
      cases: { listAll: async () => (calls.push(new Date()), []) },
      drafts: { listOpen: async () => [] },
    } as never;
    const job = makeRetentionJob({ stores }, 730);
    expect(job.schedule).toBe('30 3 * * *');
    expect(() => assertScheduleAllowed(job.schedule)).not.toThrow();
    expect(await job.run(NOW)).toEqual({ retentionDays: 730, purgedCases: 0, deletedDrafts: 0, skipped: 0 });
    expect(calls).toHaveLength(1);
  });
});
