import { z } from 'zod';
import { parseCalendarDate } from '../time';

/**
 * What a requester tells us when opening a consultation request (DOMAIN.md, process step 1).
 * Every field is optional here because a request is filled in over several steps and may be saved
 * half-way; `findMissingFields` (eligibility.ts) says what a complete request still needs.
 */

export const REQUESTER_ROLES = ['professional', 'person', 'family_carer'] as const;
export const LIVING_SITUATIONS = ['home', 'street', 'hospital', 'care_home', 'other_institution'] as const;
export const RESIDENCE_KINDS = ['address', 'no_fixed_address'] as const;
export const INSURANCE_STATUSES = ['in_order', 'not_in_order', 'unknown'] as const;
export const YES_NO = ['yes', 'no'] as const;
export const DOMAINS = ['somatic', 'psychic', 'social'] as const;
export const SECTORS = [
  'mental_health',
  'poverty',
  'addiction',
  'chronic_illness',
  'palliative_care',
  'disability',
  'other',
] as const;
export const URGENCIES = ['low', 'normal', 'high'] as const;
export const CONSENTS = ['yes', 'not_yet_asked', 'no'] as const;
/** Languages offered in the card; anything else goes in `otherLanguage`. */
export const LANGUAGES = ['nl', 'fr', 'en', 'ar', 'tr', 'es', 'pt', 'pl', 'ro', 'ru', 'other'] as const;

export type RequesterRole = (typeof REQUESTER_ROLES)[number];
export type LivingSituation = (typeof LIVING_SITUATIONS)[number];
export type Domain = (typeof DOMAINS)[number];
export type Sector = (typeof SECTORS)[number];
export type Urgency = (typeof URGENCIES)[number];
export type Consent = (typeof CONSENTS)[number];

/** Free text is bounded so that one payload can never bloat the store. */
export const SHORT_TEXT_MAX = 200;
export const LONG_TEXT_MAX = 4000;
export const NETWORK_MAX = 30;

// control characters have no place in a name or a note and can break what shows them later
const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
const shortText = z.string().trim().min(1).max(SHORT_TEXT_MAX).regex(NO_CONTROL_CHARS, 'contains control characters');
const longText = z.string().trim().min(1).max(LONG_TEXT_MAX).regex(NO_CONTROL_CHARS, 'contains control characters');
export const calendarDate = z
  .string()
  .refine((v) => parseCalendarDate(v) !== null, { message: 'not a calendar date (YYYY-MM-DD)' });
/** Nobody alive was born before 1900: an earlier year is a typing error ("0055" for 1955). */
const EARLIEST_BIRTH_YEAR = 1900;
const birthDate = calendarDate.refine((v) => (parseCalendarDate(v)?.year ?? 0) >= EARLIEST_BIRTH_YEAR, {
  message: `a birth year from ${EARLIEST_BIRTH_YEAR} on`,
});
export const postcode = z.string().regex(/^\d{4}$/, 'a Belgian postcode has four digits');

export const requesterSchema = z
  .object({
    role: z.enum(REQUESTER_ROLES),
    organisation: shortText,
    contact: shortText,
  })
  .partial()
  .strict();

export const personSchema = z
  .object({
    firstName: shortText,
    lastName: shortText,
    birthDate,
    languages: z.array(z.enum(LANGUAGES)).min(1).max(LANGUAGES.length),
    otherLanguage: shortText,
    interpreterNeeded: z.enum(YES_NO),
    residenceKind: z.enum(RESIDENCE_KINDS),
    postcode,
    municipality: shortText,
    whereStaying: shortText,
    livingSituation: z.enum(LIVING_SITUATIONS),
    insurance: z.enum(INSURANCE_STATUSES),
    otherTrajectory: z.enum(YES_NO),
  })
  .partial()
  .strict();

export const situationSchema = z
  .object({
    domains: z.array(z.enum(DOMAINS)).min(1).max(DOMAINS.length),
    sectors: z.array(z.enum(SECTORS)).min(1).max(SECTORS.length),
    description: longText,
    tried: longText,
    whyNow: longText,
    urgency: z.enum(URGENCIES),
  })
  .partial()
  .strict();

export const networkMemberSchema = z
  .object({
    role: shortText,
    name: shortText,
    organisation: shortText.optional(),
    contact: shortText.optional(),
  })
  .strict();

export const networkSchema = z
  .object({
    members: z.array(networkMemberSchema).max(NETWORK_MAX),
    consent: z.enum(CONSENTS),
  })
  .partial()
  .strict();

export const requestSchema = z
  .object({
    requester: requesterSchema,
    person: personSchema,
    situation: situationSchema,
    network: networkSchema,
  })
  .partial()
  .strict();

export type RequesterInfo = z.infer<typeof requesterSchema>;
export type PersonInfo = z.infer<typeof personSchema>;
export type SituationInfo = z.infer<typeof situationSchema>;
export type NetworkMember = z.infer<typeof networkMemberSchema>;
export type NetworkInfo = z.infer<typeof networkSchema>;
export type RequestData = z.infer<typeof requestSchema>;

/**
 * Nothing answered yet: a request opened and left. It is not counted as an incomplete request, and
 * "new request" reuses it instead of piling up identical drafts.
 */
export function isUntouchedRequest(data: RequestData): boolean {
  return Object.values(data).every((section) => section === undefined || Object.values(section).every(isUnanswered));
}

function isUnanswered(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}
