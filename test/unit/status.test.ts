import { CASE_STATUSES, assertTransition, canTransition, isFinalStatus, type CaseStatus } from '../../domain/case/status';
import { transitionCase } from '../../domain/case/case';
import { DomainError } from '../../domain/errors';
import { makeCase } from '../support/fixtures';

const ALLOWED: [CaseStatus, CaseStatus][] = [
  ['submitted', 'awaiting_assignment'],
  ['submitted', 'refused'],
  ['submitted', 'withdrawn'],
  ['awaiting_assignment', 'assigned'],
  ['awaiting_assignment', 'withdrawn'],
  ['assigned', 'preparing'],
  ['assigned', 'awaiting_assignment'],
  ['assigned', 'withdrawn'],
  ['preparing', 'planning'],
  ['preparing', 'awaiting_assignment'],
  ['preparing', 'withdrawn'],
  ['planning', 'scheduled'],
  ['planning', 'preparing'],
  ['planning', 'withdrawn'],
  ['scheduled', 'held'],
  ['scheduled', 'planning'],
  ['scheduled', 'withdrawn'],
  ['held', 'follow_up'],
  // an erasure on request withdraws a held case too
  ['held', 'withdrawn'],
  ['follow_up', 'preparing'],
  ['follow_up', 'closed'],
  ['follow_up', 'withdrawn'],
];

describe('case status table', () => {
  const every = CASE_STATUSES.flatMap((from) => CASE_STATUSES.map((to) => [from, to] as [CaseStatus, CaseStatus]));
  const isAllowed = (from: CaseStatus, to: CaseStatus) => ALLOWED.some(([f, t]) => f === from && t === to);

  it.each(every)('%s -> %s is allowed exactly when the table says so', (from, to) => {
    expect(canTransition(from, to)).toBe(isAllowed(from, to));
    if (isAllowed(from, to)) expect(() => assertTransition(from, to)).not.toThrow();
    else expect(() => assertTransition(from, to)).toThrow(DomainError);
  });

  it.each([['refused'], ['closed'], ['withdrawn']] as [CaseStatus][])('%s is final', (status) => {
    expect(isFinalStatus(status)).toBe(true);
  });

  it('records who changed the status and when, and bumps the version', () => {
    const c = makeCase({ status: 'awaiting_assignment', version: 3 });
    const now = new Date('2026-11-24T08:00:00Z');
    const next = transitionCase(c, 'assigned', 'coord-1', now);
    expect(next).toMatchObject({ status: 'assigned', version: 4, updatedAt: now });
    expect(next.statusHistory.at(-1)).toEqual({ from: 'awaiting_assignment', to: 'assigned', at: now, by: 'coord-1' });
    expect(c.status).toBe('awaiting_assignment');
  });

  it('refuses a change the table does not allow with a coded error, never silently', () => {
    const c = makeCase({ status: 'closed' });
    try {
      transitionCase(c, 'preparing', 'x', new Date());
      throw new Error('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('case.transition_not_allowed');
      expect((err as DomainError).params).toEqual({ from: 'closed', to: 'preparing' });
    }
  });
});
