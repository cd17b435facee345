import type { BenchResult } from './bench-result';

/**
 * Benchmarks of issue 8 that are not written yet. They are listed, never measured: no number is
 * made up. Each note says why, what the benchmark will do, and what of this harness it uses.
 */
export function listNotMeasured(): BenchResult[] {
  return [
    {
      name: 'reminder-tick',
      title: 'Reminder tick: 1,000 due actions among 10,000 vs among the largest total that fits (target: <= 1.5x)',
      status: 'not-measured',
      figures: {},
      targets: [],
      notes: [
        'Not measured: the follow-up job (jobs/followup-job.ts, runFollowUp) landed while this harness was being written; its benchmark is still to be written.',
        'To add: fill a temp DATA_DIR with actions through their repository (as case-fixtures.ts does for cases), run one tick with a fixed `now` ' +
          'for each total, and compare the two tick times; on the embedded store, say which total was the largest that fitted in memory.',
      ],
      durationMs: 0,
    },
  ];
}
