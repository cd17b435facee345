/** What one benchmark reports: its figures, its targets with PASS/FAIL, and what to know about it. */
export interface Target {
  name: string;
  measured: number;
  comparison: '<=' | '>=' | '<' | '==';
  limit: number;
  unit: string;
  pass: boolean;
}

export interface BenchResult {
  name: string;
  title: string;
  /** 'not-measured': listed with the reason, never with a number. */
  status: 'measured' | 'not-measured';
  figures: Record<string, number | string>;
  targets: Target[];
  notes: string[];
  durationMs: number;
}

export function checkTarget(name: string, measured: number, comparison: Target['comparison'], limit: number, unit: string): Target {
  const pass =
    comparison === '<=' ? measured <= limit : comparison === '>=' ? measured >= limit : comparison === '<' ? measured < limit : measured === limit;
  return { name, measured, comparison, limit, unit, pass };
}

/** p-th percentile (0..100) by nearest rank of an unsorted sample. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
