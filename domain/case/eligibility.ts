import type { RequestData } from './request';

// Placeholder types so the rest compiles; the rule itself is being written (see issue 3).
export const REFUSAL_REASONS = ['outside_brussels', 'minor', 'not_living_at_home', 'other_trajectory'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const REQUIRED_FIELDS = [
  'requester.role',
  'requester.contact',
  'person.firstName',
  'person.lastName',
  'person.birthDate',
  'person.languages',
  'person.interpreterNeeded',
  'person.residenceKind',
  'person.postcode',
  'person.livingSituation',
  'person.otherTrajectory',
  'situation.domains',
  'situation.sectors',
  'situation.description',
  'situation.urgency',
  'network.consent',
] as const;
export type RequiredField = (typeof REQUIRED_FIELDS)[number];

export type EligibilityResult =
  | { outcome: 'eligible' }
  | { outcome: 'refused'; reasons: RefusalReason[] }
  | { outcome: 'incomplete'; missing: RequiredField[] };

export declare function evaluateEligibility(request: RequestData, now: Date): EligibilityResult;
