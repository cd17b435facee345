import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { buildFuzzWorld } from '../test/fuzz/fuzz-world';
import { checkBotAlive, listVerbProperties } from '../test/fuzz/verb-properties';

/** What one property's run came to, as the worker reports it to bench/fuzz.ts. */
export interface PropertyOutcome {
  name: string;
  runs: number;
  failed: boolean;
  /** The first failure, trimmed: what was sent and what went wrong. */
  failure: string | null;
  seconds: number;
}

export interface FuzzJob {
  properties: number[];
  runs: number;
  seed: number;
}

/**
 * Runs some of the fuzzing properties against a bot of its own, so that two workers use two CPUs.
 * The bot must still answer after each property.
 */
async function runJob(job: FuzzJob): Promise<PropertyOutcome[]> {
  const world = await buildFuzzWorld();
  const outcomes: PropertyOutcome[] = [];
  try {
    const all = listVerbProperties(world);
    for (const index of job.properties) {
      const { name, property } = all[index]!;
      const started = performance.now();
      const details = await fc.check(property, { numRuns: job.runs, seed: job.seed, endOnFailure: true });
      let failure = details.failed ? String(details.errorInstance ?? 'failed').slice(0, 1_500) : null;
      try {
        await checkBotAlive(world);
      } catch (err) {
        failure = `${failure ?? ''} then: ${String(err)}`;
      }
      outcomes.push({ name, runs: details.numRuns, failed: failure !== null, failure, seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    await world.h.stop();
  }
  return outcomes;
}

runJob(workerData as FuzzJob).then(
  (outcomes) => parentPort!.postMessage({ outcomes }),
  (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.stack ?? err.message : String(err) }),
);
