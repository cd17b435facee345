import type { BenchResult } from './bench-result';

/**
 * Benchmarks of issue 8 whose code path does not exist yet. They are listed, never measured: no
 * number is made up. Each note says what the benchmark will do and what of this harness it uses,
 * so that it is written together with its feature.
 */
export function listAwaitingFeatures(): BenchResult[] {
  return [
    {
      name: 'poll-votes',
      title: '200 concurrent votes on one poll (target: all 200 stored, p99 < 500 ms)',
      status: 'awaiting-feature',
      figures: {},
      targets: [],
      notes: [
        'Awaits the availability poll in Teams (a vote verb in adaptive-cards/verbs.ts and its handler). Not measured.',
        'To add: start the bot as turn-bench.ts does, open a poll for one case with 200 invited users, send their 200 vote invokes at once ' +
          '(Promise.all over http-client.ts postJson with test/crash/teams-activities.ts makeCardAction), then count the stored votes through the repository.',
      ],
      durationMs: 0,
    },
    {
      name: 'reminder-tick',
      title: 'Reminder tick: 1,000 due actions among 10,000 vs among the largest total that fits (target: <= 1.5x)',
      status: 'awaiting-feature',
      figures: {},
      targets: [],
      notes: [
        'Awaits the follow-up feature (stored actions with deadlines and the job that sends their reminders). Not measured.',
        'To add: fill a temp DATA_DIR with actions through their repository (as case-fixtures.ts does for cases), run one tick with a fixed `now` ' +
          'for each total, and compare the two tick times; on the embedded store, say which total was the largest that fitted in memory.',
      ],
      durationMs: 0,
    },
  ];
}
