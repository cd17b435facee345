import { fork } from 'node:child_process';
import path from 'node:path';
import nodeFlags from '../config/node-flags.json';
import { checkTarget, percentile, round, type BenchResult } from './bench-result';
import { ACTIONS_PER_REPORT } from '../test/crash/followup-fixtures';
import type { TickJob, TickOutcome } from './tick-worker';

const DUE = 1_000;
const SMALL = 10_000;
/** The large store (BENCH_TICK_TOTAL overrides it). */
const LARGE = Number(process.env.BENCH_TICK_TOTAL ?? 1_000_000);
const TICKS = Number(process.env.BENCH_TICK_TICKS ?? 11);
const LIMIT = 1.5;

/**
 * Reminder tick (jobs/followup-job.ts -> runFollowUp with `now`): 1,000 actions due among 10,000
 * stored vs among LARGE stored, on the embedded store. Each size runs in a child process of its own.
 */
export async function runTickBench(): Promise<BenchResult> {
  const started = performance.now();
  const small = await runSize({ totalActions: SMALL, dueActions: DUE, ticks: TICKS });
  const large = await runSize({ totalActions: LARGE, dueActions: DUE, ticks: TICKS });
  const p50 = (o: TickOutcome) => percentile(o.tickMs, 50);
  const p99 = (o: TickOutcome) => percentile(o.tickMs, 99);
  const ratio = round(p50(large) / p50(small));
  const figures: Record<string, number | string> = {
    actions_per_report: ACTIONS_PER_REPORT,
    ticks_measured_each: TICKS,
    reports_read_per_measured_tick: `${small.runs.map((r) => r.reports).join('/')} (10,000) / ${large.runs.map((r) => r.reports).join('/')} (${LARGE})`,
    reminders_queued_per_measured_tick: `${small.runs.map((r) => r.reminders).join('/')} (10,000) / ${large.runs.map((r) => r.reminders).join('/')} (${LARGE})`,
    weekly_overviews_queued_by_first_tick: `${small.firstRun.weekly} (10,000) / ${large.firstRun.weekly} (${LARGE})`,
  };
  for (const o of [small, large]) {
    const n = o.totalActions;
    figures[`${n} actions: tick p50 ms`] = round(p50(o), 1);
    figures[`${n} actions: tick p99 ms`] = round(p99(o), 1);
    figures[`${n} actions: first tick after a start (every report) ms`] = round(o.firstTickMs, 1);
    figures[`${n} actions: insert s`] = round(o.insertSeconds, 1);
    figures[`${n} actions: process RSS MB`] = round(o.rssMb, 0);
  }
  figures['ratio p99'] = round(p99(large) / p99(small));
  figures['ratio first tick'] = round(large.firstTickMs / small.firstTickMs);
  return {
    name: 'tick',
    title: `Reminder tick: 1,000 due actions among 10,000 vs among ${LARGE.toLocaleString('en')} stored (embedded store)`,
    status: 'measured',
    figures,
    targets: [checkTarget(`tick p50 with ${LARGE} stored / with ${SMALL} stored`, ratio, '<=', LIMIT, 'x')],
    notes: [
      `Each store holds open actions, ${ACTIONS_PER_REPORT} per sent report of a case in follow-up; 1,000 of them (100 reports spread over the store) have their "3 days before" reminder due at the first measured tick, the others are due months later.`,
      'A tick is one runFollowUp call with `now`, as jobs/followup-job.ts makes it. It reads only the reports whose follow-up check is due, by a range over an index on that time: every write of a report makes its check due at once, and each tick sets the next one (the earliest next step of its open actions, or its evaluation).',
      'The first tick after a start (the day before, Monday 14:00 Brussels) looks at every report, as the job does after a start (the timing may have changed with FOLLOWUP_*), and queues the weekly overviews: its time, shown apart, grows with the store; it runs once per start.',
      `The first measured tick (Tuesday 10:00 Brussels) finds the 1,000 actions due by the clock; before each later one the due actions get a new revision through the repository (as a "not done yet" answer would write them), so every measured tick reads and queues the same due work, new notices each time. p99 over ${TICKS} ticks is their slowest.`,
      'What grows with the store is garbage collection, not the tick\'s reads: on the embedded store every document lives in the JS heap (about 1.5 GB at 1,000,000 actions), and there each young-generation collection takes 10-27 ms instead of about 1 ms, with incremental marking running alongside (node --trace-gc, 4 December 2026). A CPU profile of the same ticks shows the same functions at both sizes. Forcing a full collection before each tick made it worse (the ticks then took 340-550 ms), so the bench does not. MongoDB keeps the documents out of the bot\'s heap.',
      'Before the index on the check time (December 2026) a tick read every report being followed up and planned every action: 0.9 s at 10,000 actions and 8.8 s at 100,000 (ratio 9.5).',
    ],
    durationMs: performance.now() - started,
  };
}

function runSize(job: TickJob): Promise<TickOutcome> {
  return new Promise((resolve, reject) => {
    // room for the large store: nedb keeps it all in memory
    const child = fork(path.join(__dirname, 'tick-worker.js'), { execArgv: ['--max-old-space-size=12288', ...nodeFlags.flags] });
    child.once('message', (m: { outcome?: TickOutcome; error?: string }) => (m.outcome ? resolve(m.outcome) : reject(new Error(m.error))));
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`tick worker for ${job.totalActions} actions exited with ${code}`)));
    child.send(job);
  });
}
