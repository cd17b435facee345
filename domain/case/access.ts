import { DomainError } from '../errors';
import type { Case } from './case';
import { pendingAssignment } from './assignment';

/**
 * Need-to-know access (ARCHITECTURE.md, privacy by default): who someone is on a case decides what
 * they may do with it. One table, walked cell by cell by its test.
 */
export const CASE_ROLES = ['requester', 'person', 'organiser', 'referent', 'participant', 'coordinator'] as const;
export type CaseRole = (typeof CASE_ROLES)[number];

export const CASE_ACTIONS = [
  'case.view_summary',
  'case.view_details',
  'case.assign',
  'assignment.answer',
  'case.prepare',
  'case.record_consent',
  'case.view_audit',
  'case.export',
  'case.erase',
  'referent.confirm',
  'actions.confirm',
  'poll.manage',
  'poll.answer',
  'report.write',
  'report.view',
  'actions.answer_own',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * Which roles may do what. "Details" are the person's details and the preparation; participants
 * and the referent only see them once the person's consent to share is recorded (see canDo).
 */
const MATRIX: Readonly<Record<CaseAction, readonly CaseRole[]>> = {
  'case.view_summary': ['requester', 'organiser', 'referent', 'participant', 'coordinator'],
  'case.view_details': ['organiser', 'referent', 'participant', 'coordinator'],
  'case.assign': ['coordinator'],
  'assignment.answer': ['organiser'],
  'case.prepare': ['organiser'],
  'case.record_consent': ['organiser'],
  'case.view_audit': ['organiser', 'coordinator'],
  'case.export': ['coordinator'],
  'case.erase': ['coordinator'],
  'referent.confirm': ['referent'],
  'actions.confirm': ['referent', 'organiser'],
  // the availability poll: the organiser runs it; invited members on Teams answer for themselves
  'poll.manage': ['organiser'],
  'poll.answer': ['referent', 'participant'],
  // the meeting report: the organiser writes it; every invited member on Teams receives and reads it
  'report.write': ['organiser'],
  'report.view': ['organiser', 'referent', 'participant'],
  // an owner on Teams answers for their own agreed actions (report/rules.ts decides which ones)
  'actions.answer_own': ['referent', 'participant'],
};

/** Roles that see details before the person's consent to share is recorded. */
const BEFORE_CONSENT: readonly CaseRole[] = ['organiser', 'coordinator'];

export function isAllowed(role: CaseRole, action: CaseAction): boolean {
  return MATRIX[action].includes(role);
}

/** The roles a Teams user has on a case. The person is never a Teams user here. */
export function rolesOnCase(userId: string, c: Case, isCoordinator: boolean): CaseRole[] {
  const roles: CaseRole[] = [];
  if (isCoordinator) roles.push('coordinator');
  if (c.requesterId === userId) roles.push('requester');
  const pending = pendingAssignment(c);
  if (c.organiserId === userId || pending?.organiserId === userId) roles.push('organiser');
  const entry = c.preparation.network.find((m) => m.userId === userId && m.invited);
  if (entry) roles.push(entry.id === c.preparation.referentEntryId ? 'referent' : 'participant');
  return roles;
}

export function canDo(roles: readonly CaseRole[], action: CaseAction, c: Case): boolean {
  const consentToShare = c.preparation.consent?.sharing === true;
  return roles.some((role) => isAllowed(role, action) && (action !== 'case.view_details' || consentToShare || BEFORE_CONSENT.includes(role)));
}

/**
 * Throws `access.denied` unless the user may do `action`. Adapters answer it exactly like a case
 * that does not exist, so a refusal never reveals that a case exists.
 */
export function authorize(userId: string, c: Case | null, action: CaseAction, isCoordinator: boolean): Case {
  if (!c || !canDo(rolesOnCase(userId, c, isCoordinator), action, c)) throw new DomainError('access.denied');
  return c;
}
