import type { RequestData, Domain, Urgency } from './request';
import type { CaseStatus } from './status';
import { assertTransition } from './status';
import type { RefusalReason } from './eligibility';
import type { AssignmentRecord } from './assignment';
import type { Preparation } from './preparation';

export interface StatusChange {
  from: CaseStatus | null;
  to: CaseStatus;
  at: Date;
  by: string;
  /**
   * On a change to held: when the meeting took place (the start of its chosen slot), when known.
   * `at` is when the organiser said so; the figures count the meeting in the year of this date.
   */
  meetingAt?: Date;
}

/** Where the case's thread lives in the cases channel, once posted. */
export interface CaseThread {
  conversationId: string;
  rootActivityId: string;
  serviceUrl: string;
}

export interface Case {
  id: string;
  /** Human reference, e.g. MKO-2026-0007; unique, numbered per Brussels year. */
  reference: string;
  year: number;
  seq: number;
  /** The draft it was submitted from: one draft makes at most one case. */
  draftId: string;
  requesterId: string;
  tenantId: string | null;
  status: CaseStatus;
  statusHistory: StatusChange[];
  request: RequestData;
  refusalReasons: RefusalReason[];
  /** Shown in the channel instead of the person's name. */
  pseudonym: string;
  domains: Domain[];
  urgency: Urgency | null;
  locale: string;
  thread: CaseThread | null;
  /** The organiser currently assigned (asked or accepted); null while waiting for assignment. */
  organiserId: string | null;
  /** Every assignment ever made, kept when an organiser declines or leaves. */
  assignments: AssignmentRecord[];
  preparation: Preparation;
  submittedAt: Date;
  updatedAt: Date;
  /**
   * When the personal data was purged (retention period over, or erased on request); null while
   * the case still holds it. A purged case keeps only what the anonymous figures need.
   */
  purgedAt: Date | null;
  /** Bumped on every write; writes are compare-and-set on it. */
  version: number;
}

/** Returns the case moved to `to`, or throws when the status table does not allow it. */
export function transitionCase(c: Case, to: CaseStatus, by: string, now: Date, details: Pick<StatusChange, 'meetingAt'> = {}): Case {
  assertTransition(c.status, to);
  const change: StatusChange = { from: c.status, to, at: now, by };
  if (details.meetingAt) change.meetingAt = details.meetingAt;
  return {
    ...c,
    status: to,
    statusHistory: [...c.statusHistory, change],
    updatedAt: now,
    version: c.version + 1,
  };
}

/**
 * A pseudonym for the channel: the person's initials only, never the full name, address or
 * date of birth (ARCHITECTURE.md, privacy by default).
 */
export function makePseudonym(firstName: string | undefined, lastName: string | undefined): string {
  const initial = (s: string | undefined): string => {
    const ch = s?.trim().charAt(0);
    return ch ? `${ch.toLocaleUpperCase()}.` : '';
  };
  const initials = [initial(firstName), initial(lastName)].filter(Boolean).join(' ');
  return initials || '?';
}
