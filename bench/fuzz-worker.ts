import { parentPort, workerData } from 'node:worker_threads';
import fc from 'fast-check';
import { buildFuzzWorld } from '../test/fuzz/fuzz-world';
import { checkBotAlive, listVerbProperties } from '../test/fuzz/verb-properties';
import { buildWritesWorld } from '../test/fuzz/writes-world';
import { listWriteProperties } from '../test/fuzz/write-properties';
import { buildTabWorld } from '../test/fuzz/tab-world';
import { checkTabAlive, listTabProperties } from '../test/fuzz/tab-properties';

/** What one property's run came to, as the worker reports it to bench/fuzz.ts. */
export interface PropertyOutcome {
  name: string;
  runs: number;
  failed: boolean;
  /** The first failure, trimmed: what was sent and what went wrong. */
  failure: string | null;
  seconds: number;
}

/** The fuzzing suites of test/fuzz: each builds its own world (a running bot) and lists its properties. */
export const SUITES = ['verbs', 'writes', 'tab'] as const;
export type Suite = (typeof SUITES)[number];

export interface FuzzJob {
  /** Properties by suite and index in that suite's list. */
  properties: { suite: Suite; index: number }[];
  runs: number;
  seed: number;
}

interface OpenSuite {
  properties: { name: string; property: fc.IAsyncProperty<any> }[];
  /** Throws when the bot or the API no longer answers. */
  checkAlive(): Promise<void>;
  stop(): Promise<void>;
}

async function openSuite(suite: Suite): Promise<OpenSuite> {
  if (suite === 'verbs') {
    const world = await buildFuzzWorld();
    return { properties: listVerbProperties(world), checkAlive: () => checkBotAlive(world), stop: () => world.h.stop() };
  }
  if (suite === 'writes') {
    const world = await buildWritesWorld();
    const checkAlive = async () => {
      const health = await fetch(`${world.h.bot.url}/healthz`);
      if (health.status !== 200) throw new Error(`GET /healthz answered ${health.status}`);
    };
    return { properties: listWriteProperties(world), checkAlive, stop: () => world.h.stop() };
  }
  const world = await buildTabWorld();
  return { properties: listTabProperties(world), checkAlive: () => checkTabAlive(world), stop: () => world.stop() };
}

/** How many properties each suite has, for bench/fuzz.ts to share them out without building a world. */
export const SUITE_SIZES: Readonly<Record<Suite, number>> = { verbs: 4, writes: 2, tab: 2 };

/**
 * Runs some of the fuzzing properties against worlds of its own, so that two workers use two CPUs.
 * The bot (or the tab API) must still answer after each property.
 */
async function runJob(job: FuzzJob): Promise<PropertyOutcome[]> {
  const open = new Map<Suite, OpenSuite>();
  const outcomes: PropertyOutcome[] = [];
  try {
    for (const { suite, index } of job.properties) {
      if (!open.has(suite)) open.set(suite, await openSuite(suite));
      const s = open.get(suite)!;
      if (s.properties.length !== SUITE_SIZES[suite]) throw new Error(`suite ${suite} has ${s.properties.length} properties, SUITE_SIZES says ${SUITE_SIZES[suite]}`);
      const { name, property } = s.properties[index]!;
      const started = performance.now();
      const details = await fc.check(property, { numRuns: job.runs, seed: job.seed, endOnFailure: true });
      let failure = details.failed ? String(details.errorInstance ?? 'failed').slice(0, 1_500) : null;
      try {
        await s.checkAlive();
      } catch (err) {
        failure = `${failure ?? ''} then: ${String(err)}`;
      }
      outcomes.push({ name: `${suite}: ${name}`, runs: details.numRuns, failed: failure !== null, failure, seconds: (performance.now() - started) / 1000 });
    }
  } finally {
    for (const s of open.values()) await s.stop();
  }
  return outcomes;
}

runJob(workerData as FuzzJob).then(
  (outcomes) => parentPort!.postMessage({ outcomes }),
  (err: unknown) => parentPort!.postMessage({ error: err instanceof Error ? err.stack ?? err.message : String(err) }),
);
