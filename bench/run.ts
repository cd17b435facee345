import path from 'node:path';
import type { BenchResult } from './bench-result';
import { listNotMeasured } from './not-measured';
import { runFuzzBench } from './fuzz';
import { readLoadAverage, readMachineFacts } from './machine';
import { runMemoryBench } from './memory-bench';
import { runOutboxBench } from './outbox-bench';
import { runTickBench } from './tick-bench';
import { describeTarget, writeResults } from './results-files';
import { runTurnBench } from './turn-bench';
import { runVoteBench } from './vote-bench';

/**
 * `npm run bench`: every benchmark of issue 8, one after the other (so they do not compete for the
 * machine), the results in bench/results/latest.{json,md}, a PASS/FAIL line per target. A new
 * benchmark is one more entry here: a function that returns a BenchResult.
 * BENCH_ONLY=turn,outbox runs some of them (the results then hold only those); BENCH_FUZZ_RUNS and
 * BENCH_FUZZ_SEED set the fuzzing's runs per property and seed; BENCH_LOG_LEVEL the outbox's log;
 * BENCH_TICK_TOTAL the reminder tick's large store (actions).
 */
const BENCHMARKS: { name: string; run: () => Promise<BenchResult> }[] = [
  { name: 'turn', run: runTurnBench },
  { name: 'votes', run: runVoteBench },
  { name: 'outbox', run: runOutboxBench },
  { name: 'tick', run: runTickBench },
  { name: 'memory', run: runMemoryBench },
  { name: 'fuzz', run: runFuzzBench },
];

const RESULTS_DIR = path.resolve(__dirname, '..', '..', 'bench', 'results');

async function runAll(): Promise<number> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const machine = readMachineFacts();
  console.log(`bench on ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node.js ${machine.node}, load ${machine.loadAverageStart}`);
  const results: BenchResult[] = [];
  for (const b of BENCHMARKS) {
    if (only && !only.includes(b.name)) continue;
    console.log(`\n${b.name}...`);
    const result = await b.run();
    results.push(result);
    for (const [k, v] of Object.entries(result.figures)) console.log(`  ${k}: ${v}`);
    for (const t of result.targets) console.log(`  ${describeTarget(t)}`);
  }
  if (!only) {
    for (const r of listNotMeasured()) {
      results.push(r);
      console.log(`\n${r.name}: NOT MEASURED (${r.notes[0]})`);
    }
  }
  machine.loadAverageEnd = readLoadAverage();
  const files = writeResults(RESULTS_DIR, { machine, results });
  const targets = results.flatMap((r) => r.targets);
  const failed = targets.filter((t) => !t.pass).length;
  console.log(`\n${targets.length - failed} targets PASS, ${failed} FAIL; results in ${path.relative(process.cwd(), files.json)} and ${path.relative(process.cwd(), files.markdown)}`);
  return failed === 0 ? 0 : 1;
}

runAll().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.stack : err);
    process.exit(2);
  },
);
