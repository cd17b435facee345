import type { LivingSituation, PersonInfo, RequestData } from './request';
import { parseCalendarDate, toBrusselsDate } from '../time';
import { BRUSSELS_MUNICIPALITIES, isBrusselsPostcode } from './postcodes';

/**
 * Whether the person may use a consultation organiser free of charge (DOMAIN.md, "Eligibility";
 * seeds/000). Pure: the request date is the Brussels calendar date of `now`, passed in.
 */

export const REFUSAL_REASONS = ['outside_brussels', 'minor', 'not_living_at_home', 'other_trajectory'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export const REQUIRED_FIELDS = [
  'requester.role',
  'requester.contact',
  'person.firstName',
  'person.lastName',
  'person.birthDate',
  'person.languages',
  // required only when "other" is among the languages: the organiser must know which one
  'person.otherLanguage',
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

const ADULT_AGE = 18;

// One reader per required field, so that adding a field without saying where it lives fails to
// compile. Health insurance is deliberately not here: it is never needed (seeds/000).
const READ_FIELD: Record<RequiredField, (request: RequestData, today: CalendarDate) => unknown> = {
  'requester.role': (r) => r.requester?.role,
  'requester.contact': (r) => r.requester?.contact,
  'person.firstName': (r) => r.person?.firstName,
  'person.lastName': (r) => r.person?.lastName,
  // A birth date that is not a real date, or lies in the future, is a typing error (2055 for 1955):
  // ask for it again rather than refuse the person as a minor.
  'person.birthDate': (r, today) => readValidBirthDate(r.person, today),
  'person.languages': (r) => r.person?.languages,
  'person.otherLanguage': (r) => (r.person?.languages?.includes('other') ? r.person.otherLanguage : 'not asked'),
  'person.interpreterNeeded': (r) => r.person?.interpreterNeeded,
  'person.residenceKind': (r) => r.person?.residenceKind,
  // where the person lives or stays: a postcode, or else one of the 19 municipalities chosen from
  // the list (a person without a fixed address often knows the municipality, not a postcode)
  'person.postcode': (r) => r.person?.postcode ?? knownMunicipality(r.person?.municipality),
  'person.livingSituation': (r) => r.person?.livingSituation,
  'person.otherTrajectory': (r) => r.person?.otherTrajectory,
  'situation.domains': (r) => r.situation?.domains,
  'situation.sectors': (r) => r.situation?.sectors,
  'situation.description': (r) => r.situation?.description,
  'situation.urgency': (r) => r.situation?.urgency,
  'network.consent': (r) => r.network?.consent,
};

function knownMunicipality(id: string | undefined): string | undefined {
  return id !== undefined && BRUSSELS_MUNICIPALITIES.some((m) => m.id === id) ? id : undefined;
}

function readValidBirthDate(person: PersonInfo | undefined, today: CalendarDate): string | undefined {
  const birthDate = person?.birthDate;
  const birth = birthDate === undefined ? null : parseCalendarDate(birthDate);
  return birth && compareCalendarDates(birth, today) <= 0 ? birthDate : undefined;
}

/** A date (YYYY-MM-DD) after the Brussels calendar date of `now`: a birth date that cannot be right. */
export function isAfterBrusselsToday(date: string, now: Date): boolean {
  const parsed = parseCalendarDate(date);
  return parsed !== null && compareCalendarDates(parsed, toBrusselsCalendarDate(now)) > 0;
}

function compareCalendarDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** The required fields the request still lacks on the Brussels date of `now`, in REQUIRED_FIELDS order. */
export function findMissingFields(request: RequestData, now: Date): RequiredField[] {
  const today = toBrusselsCalendarDate(now);
  return REQUIRED_FIELDS.filter((field) => isBlank(READ_FIELD[field](request, today)));
}

function isBlank(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

type CalendarDate = { year: number; month: number; day: number };

// The street counts as home: the criterion only excludes people living in an institution. A Record
// so that a new living situation cannot be added without deciding which side it falls on.
const COUNTS_AS_HOME: Record<LivingSituation, boolean> = {
  home: true,
  street: true,
  hospital: false,
  care_home: false,
  other_institution: false,
};

// Each check answers "does this reason apply?"; keyed by reason so that none can be forgotten.
const REASON_APPLIES: Record<RefusalReason, (person: PersonInfo, today: CalendarDate) => boolean> = {
  outside_brussels: (person) => !livesInBrussels(person),
  minor: (person, today) => !isAdultOn(person.birthDate ?? '', today),
  not_living_at_home: (person) => person.livingSituation === undefined || !COUNTS_AS_HOME[person.livingSituation],
  other_trajectory: (person) => person.otherTrajectory === 'yes',
};

/**
 * With a fixed address, the address's postcode decides (the municipality list is only for when the
 * postcode is unknown). Someone without a fixed address lives where they stay: a Brussels
 * municipality is enough, even when the postcode given is that of a reference address elsewhere.
 */
function livesInBrussels(person: PersonInfo): boolean {
  const postcodeInBrussels = person.postcode !== undefined && isBrusselsPostcode(person.postcode);
  const staysInBrussels = knownMunicipality(person.municipality) !== undefined;
  if (person.residenceKind === 'no_fixed_address') return postcodeInBrussels || staysInBrussels;
  return person.postcode !== undefined ? postcodeInBrussels : staysInBrussels;
}

/**
 * Incomplete when a required field is missing (checked first: a half-filled request is not refused);
 * otherwise refused with every reason that applies, or eligible.
 */
export function evaluateEligibility(request: RequestData, now: Date): EligibilityResult {
  const missing = findMissingFields(request, now);
  if (missing.length > 0) return { outcome: 'incomplete', missing };
  const person = request.person ?? {};
  const today = toBrusselsCalendarDate(now);
  const reasons = REFUSAL_REASONS.filter((reason) => REASON_APPLIES[reason](person, today));
  return reasons.length > 0 ? { outcome: 'refused', reasons } : { outcome: 'eligible' };
}

function toBrusselsCalendarDate(now: Date): CalendarDate {
  const today = parseCalendarDate(toBrusselsDate(now));
  if (!today) throw new RangeError('evaluateEligibility needs a valid `now`');
  return today;
}

/**
 * Adult from the 18th birthday itself. Comparing (month, day) means someone born on 29 February
 * becomes adult on 1 March in a non-leap year.
 */
function isAdultOn(birthDate: string, today: CalendarDate): boolean {
  const birth = parseCalendarDate(birthDate);
  if (!birth) return false;
  return ageOn(birth, today) >= ADULT_AGE;
}

function ageOn(birth: CalendarDate, today: CalendarDate): number {
  const birthdayPassed = today.month > birth.month || (today.month === birth.month && today.day >= birth.day);
  return today.year - birth.year - (birthdayPassed ? 0 : 1);
}
