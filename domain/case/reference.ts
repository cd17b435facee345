/**
 * Human case references: MKO-<Brussels year>-<sequence>, sequence per year from 1, at least four
 * digits (MKO-2026-0007) so that they sort and read well in Teams.
 */
const REFERENCE = /^MKO-(\d{4})-(\d{4,})$/;

export function formatCaseReference(year: number, seq: number): string {
  if (!Number.isInteger(year) || !Number.isInteger(seq) || seq < 1) {
    throw new RangeError(`invalid reference parts ${year}/${seq}`);
  }
  return `MKO-${year}-${String(seq).padStart(4, '0')}`;
}

export function parseCaseReference(value: string): { year: number; seq: number } | null {
  const m = REFERENCE.exec(value.trim().toUpperCase());
  if (!m) return null;
  return { year: Number(m[1]), seq: Number(m[2]) };
}

/** The counter that numbers the cases of one year. */
export function referenceCounterName(year: number): string {
  return `case-ref-${year}`;
}
