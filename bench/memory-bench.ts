import { openEmbeddedStores } from '../models/embedded/open-embedded-stores';
import { ChildBot } from '../test/crash/child-bot';
import { percentile, round, type BenchResult } from './bench-result';
import { insertCases } from './case-fixtures';
import { makeTempDir } from './temp-dir';

const CASES = 10_000;
const STARTS = 5;
/** After ready, the process settles (lazy module loads, the first outbox pass) before RSS is read. */
const SETTLE_MS = 2_000;

interface StartFigures {
  readyMs: number[];
  rssMb: number;
}

/**
 * Idle RSS and cold start of the bot as production runs it (`node dist/main.js`, its own process),
 * on an empty embedded store and on one holding 10,000 cases written through the CaseRepository.
 * The issue sets no target for these: they are figures to watch from run to run.
 */
export async function runMemoryBench(): Promise<BenchResult> {
  const started = performance.now();
  const empty = makeTempDir('empty');
  const full = makeTempDir('cases');
  try {
    const insertStarted = performance.now();
    const stores = await openEmbeddedStores(full.dir);
    await insertCases(stores, CASES, (k) => `bench-requester-${k % 50}`);
    await stores.close();
    const insertSeconds = (performance.now() - insertStarted) / 1000;

    const idle = await measureStarts(empty.dir);
    const loaded = await measureStarts(full.dir);
    return {
      name: 'memory',
      title: 'Memory and cold start of `node dist/main.js` (embedded store)',
      status: 'measured',
      figures: {
        idle_rss_mb: idle.rssMb,
        rss_with_10000_cases_mb: loaded.rssMb,
        cold_start_empty_p50_ms: round(percentile(idle.readyMs, 50), 0),
        cold_start_empty_max_ms: round(Math.max(...idle.readyMs), 0),
        cold_start_10000_cases_p50_ms: round(percentile(loaded.readyMs, 50), 0),
        cold_start_10000_cases_max_ms: round(Math.max(...loaded.readyMs), 0),
        insert_10000_cases_s: round(insertSeconds, 1),
        starts_each: STARTS,
      },
      targets: [],
      notes: [
        `RSS is VmRSS of the bot process ${SETTLE_MS / 1000} s after it was ready, with no traffic. Cold start = spawn to the first 200 of GET /readyz (polled every 5 ms), ${STARTS} starts each.`,
        `The ${CASES} cases are makeCase fixtures (a complete request each), inserted through the CaseRepository and compacted by the store's close, as a stopped bot leaves them.`,
        'Issue 8 sets no target for memory or cold start: no PASS/FAIL.',
      ],
      durationMs: performance.now() - started,
    };
  } finally {
    empty.remove();
    full.remove();
  }
}

async function measureStarts(dataDir: string): Promise<StartFigures> {
  const readyMs: number[] = [];
  let rssMb = 0;
  for (let i = 0; i < STARTS; i++) {
    const bot = await ChildBot.start({ dataDir, readyTimeoutMs: 60_000 });
    try {
      readyMs.push(bot.readyMs);
      if (i === 0) {
        await new Promise((r) => setTimeout(r, SETTLE_MS));
        rssMb = round(bot.rssKb() / 1024, 1);
      }
    } finally {
      const { code } = await bot.stop();
      if (code !== 0) throw new Error(`the bot did not stop cleanly (exit ${code}):\n${bot.output}`);
    }
  }
  return { readyMs, rssMb };
}
