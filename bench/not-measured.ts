import type { BenchResult } from './bench-result';

/**
 * Benchmarks of issue 8 that are not written yet. They are listed, never measured: no number is
 * made up. Each note says why, what the benchmark will do, and what of this harness it uses.
 * (Empty today: every benchmark of the issue is measured.)
 */
export function listNotMeasured(): BenchResult[] {
  return [];
}
