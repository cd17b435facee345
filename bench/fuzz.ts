import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkTarget, round, type BenchResult } from './bench-result';
import type { FuzzJob, PropertyOutcome, Suite } from './fuzz-worker';

const RUNS = Number(process.env.BENCH_FUZZ_RUNS ?? 10_000);
/**
 * The properties of each suite (bench/fuzz-worker.ts SUITE_SIZES; the worker checks the count), shared
 * out between the two workers so that the slow ones (any verb; refused payloads; the writes) are apart.
 */
const HALVES: { suite: Suite; index: number }[][] = [
  [{ suite: 'verbs', index: 0 }, { suite: 'verbs', index: 2 }, { suite: 'writes', index: 0 }, { suite: 'tab', index: 0 }],
  [{ suite: 'verbs', index: 1 }, { suite: 'verbs', index: 3 }, { suite: 'writes', index: 1 }, { suite: 'tab', index: 1 }],
];
const PROPERTIES = HALVES.flat().length;

/**
 * The fuzzing properties of test/fuzz at full strength: 10,000 runs each with a fresh seed (printed,
 * so that a failure can be replayed with the test suite's code), in two workers with bots of their
 * own: card verbs and commands, the organiser's allowed writes, and the tab's API.
 */
export async function runFuzzBench(): Promise<BenchResult> {
  const started = performance.now();
  const seed = Number(process.env.BENCH_FUZZ_SEED ?? Date.now() % 2_147_483_647);
  const outcomes = (await Promise.all(HALVES.map((properties) => runWorker({ properties, runs: RUNS, seed })))).flat();
  if (outcomes.length !== PROPERTIES) throw new Error(`expected ${PROPERTIES} properties, got ${outcomes.length}`);
  const figures: Record<string, number | string> = { runs_per_property: RUNS, seed };
  for (const o of outcomes) {
    figures[`${o.name} — runs`] = o.runs;
    figures[`${o.name} — seconds`] = round(o.seconds, 1);
  }
  return {
    name: 'fuzz',
    title: `Fuzzing card verbs, typed commands, allowed writes and the tab API over HTTP (${RUNS} runs per property)`,
    status: 'measured',
    figures,
    targets: outcomes.map((o) => checkTarget(`no failure: ${o.name}`, o.failed ? 1 : 0, '==', 0, 'failures')),
    notes: [
      `Replay with BENCH_FUZZ_SEED=${seed}. Properties and payloads are those of test/fuzz (verb-properties.ts, write-properties.ts, tab-properties.ts), which runs them with a fixed seed and fewer runs.`,
      'The tab API property takes its routes from the server itself: a new route is fuzzed without a change here.',
      ...outcomes.filter((o) => o.failure).map((o) => `FAILED ${o.name}: ${o.failure}`),
      'Not fuzzed yet: the coordinator\'s allowed writes (pool, assignment) and the poll verbs with a poll in progress.',
    ],
    durationMs: performance.now() - started,
  };
}

function runWorker(job: FuzzJob): Promise<PropertyOutcome[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'fuzz-worker.js'), { workerData: job });
    worker.once('message', (m: { outcomes?: PropertyOutcome[]; error?: string }) => (m.outcomes ? resolve(m.outcomes) : reject(new Error(m.error))));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`fuzz worker exited with ${code}`)));
  });
}
