import { DomainError } from '../errors';

/**
 * The case life cycle: the one table of allowed status changes. A change the table does not list
 * is an error (never a silent no-op), so a late or duplicate click can never move a case backwards.
 */
export const CASE_STATUSES = [
  'submitted',
  'refused',
  'awaiting_assignment',
  'assigned',
  'preparing',
  'planning',
  'scheduled',
  'held',
  'follow_up',
  'closed',
  'withdrawn',
] as const;

export type CaseStatus = (typeof CASE_STATUSES)[number];

const ALLOWED: Readonly<Record<CaseStatus, readonly CaseStatus[]>> = {
  submitted: ['awaiting_assignment', 'refused', 'withdrawn'],
  refused: [],
  awaiting_assignment: ['assigned', 'withdrawn'],
  // an organiser who declines or leaves sends the case back to the pool
  assigned: ['preparing', 'awaiting_assignment', 'withdrawn'],
  preparing: ['planning', 'awaiting_assignment', 'withdrawn'],
  planning: ['scheduled', 'preparing', 'withdrawn'],
  // a cancelled meeting goes back to planning
  scheduled: ['held', 'planning', 'withdrawn'],
  // a coordinator erasing the person's data on request withdraws a running case, held ones too
  held: ['follow_up', 'withdrawn'],
  // a new consultation cycle starts again from preparation; history is kept on the case
  follow_up: ['preparing', 'closed', 'withdrawn'],
  closed: [],
  withdrawn: [],
};

export function canTransition(from: CaseStatus, to: CaseStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function allowedTransitions(from: CaseStatus): readonly CaseStatus[] {
  return ALLOWED[from];
}

/** Throws `case.transition_not_allowed` unless the table allows `from -> to`. */
export function assertTransition(from: CaseStatus, to: CaseStatus): void {
  if (!canTransition(from, to)) {
    throw new DomainError('case.transition_not_allowed', { from, to });
  }
}

/** Statuses in which a case is over: nothing more happens to it. */
export function isFinalStatus(status: CaseStatus): boolean {
  return ALLOWED[status].length === 0;
}
