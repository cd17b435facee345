import { formatCaseReference, parseCaseReference, referenceCounterName } from '../../domain/case/reference';
import { makePseudonym } from '../../domain/case/case';

describe('case references', () => {
  it.each([
    [2026, 7, 'MKO-2026-0007'],
    [2026, 1, 'MKO-2026-0001'],
    [2027, 1234, 'MKO-2027-1234'],
    [2027, 12345, 'MKO-2027-12345'],
  ])('%i #%i is %s', (year, seq, ref) => {
    expect(formatCaseReference(year, seq)).toBe(ref);
    expect(parseCaseReference(ref)).toEqual({ year, seq });
  });

  it.each([[0], [-1], [1.5]])('refuses sequence %p', (seq) => {
    expect(() => formatCaseReference(2026, seq)).toThrow(RangeError);
  });

  it.each([['MKO-26-0001'], ['ABC-2026-0001'], ['MKO-2026-01'], ['']])('does not parse %p', (value) => {
    expect(parseCaseReference(value)).toBeNull();
  });

  it('parses what a user types loosely (case, spaces)', () => {
    expect(parseCaseReference(' mko-2026-0042 ')).toEqual({ year: 2026, seq: 42 });
  });

  it('counts per year', () => {
    expect(referenceCounterName(2026)).not.toBe(referenceCounterName(2027));
  });
});

describe('pseudonyms', () => {
  it.each([
    ['Marie', 'Dubois', 'M. D.'],
    ['élodie', 'van den Berg', 'É. V.'],
    ['Ahmed', undefined, 'A.'],
    [undefined, undefined, '?'],
    ['  ', ' ', '?'],
  ])('%p %p -> %p', (first, last, expected) => {
    expect(makePseudonym(first, last)).toBe(expected);
  });
});
