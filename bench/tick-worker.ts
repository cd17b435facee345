import { openEmbeddedStores } from '../models/embedded/open-embedded-stores';
import { runFollowUp, type FollowUpRun } from '../domain/followup/followup-use-cases';
import { insertFollowUps, reviseDueActions, TICK_NOW } from '../test/crash/followup-fixtures';
import { makeTempDir } from './temp-dir';


/** Monday 23 November 2026, 14:00 Brussels: the day before TICK_NOW, after the weekly overview's moment. */
const FIRST_TICK = new Date('2026-11-23T13:00:00Z');

/** What bench/tick-bench.ts asks of one child process: a store of `totalActions`, then `ticks` ticks. */
export interface TickJob {
  totalActions: number;
  dueActions: number;
  ticks: number;
}

export interface TickOutcome {
  totalActions: number;
  insertSeconds: number;
  /** The first tick after a start (every report looked at, the weekly overviews queued), the day before. */
  firstTickMs: number;
  firstRun: FollowUpRun;
  /** The measured ticks: each finds the due actions' reminders owed and queues them. */
  tickMs: number[];
  runs: FollowUpRun[];
  rssMb: number;
}

/**
 * One store size in a process of its own: nedb holds every document in memory, so a large store
 * must not share a heap with the other benchmarks, and its RSS is then its own.
 */
async function runJob(job: TickJob): Promise<TickOutcome> {
  const temp = makeTempDir('tick');
  const stores = await openEmbeddedStores(temp.dir);
  try {
    const inserted = performance.now();
    await insertFollowUps(stores, job.totalActions, job.dueActions);
    const insertSeconds = (performance.now() - inserted) / 1000;
    const timeTick = async (now: Date, everyReport = false) => {
      const started = performance.now();
      const run = await runFollowUp({ stores }, now, { everyReport });
      return { ms: performance.now() - started, run };
    };
    // the first tick after a start looks at every report (and, on a Monday after 09:00, sends the weekly overviews)
    const first = await timeTick(FIRST_TICK, true);
    const tickMs: number[] = [];
    const runs: FollowUpRun[] = [];
    for (let k = 0; k < job.ticks; k++) {
      // the first measured tick finds the reminders due by the clock; each later one finds them due
      // again because their actions were revised (a write), as when owners answer "not done yet"
      if (k > 0) await reviseDueActions(stores, job.totalActions, job.dueActions);
      const { ms, run } = await timeTick(new Date(TICK_NOW.getTime() + k * 60_000));
      tickMs.push(ms);
      runs.push(run);
    }
    return { totalActions: job.totalActions, insertSeconds, firstTickMs: first.ms, firstRun: first.run, tickMs, runs, rssMb: process.memoryUsage().rss / 2 ** 20 };
  } finally {
    await stores.close();
    temp.remove();
  }
}

process.once('message', (job: TickJob) => {
  runJob(job).then(
    (outcome) => process.send!({ outcome }, () => process.exit(0)),
    (err: unknown) => process.send!({ error: err instanceof Error ? err.stack ?? err.message : String(err) }, () => process.exit(1)),
  );
});
