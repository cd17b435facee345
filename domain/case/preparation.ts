import { z } from 'zod';
import type { NetworkMember } from './request';

/**
 * What the organiser prepares with the person before the meeting (DOMAIN.md, process step 3; seed
 * 003): consent, the person's goals and strengths, one clear meeting goal, the network with who is
 * and who is NOT invited (the person decides), mandates, the supporter, and the referent.
 */
export const CONSENT_METHODS = ['in_person', 'phone', 'written'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];
export const MANDATES = ['decides', 'advises'] as const;
export type Mandate = (typeof MANDATES)[number];

export interface ConsentRecord {
  recordedBy: string;
  recordedAt: Date;
  method: ConsentMethod;
  /** Consent to the consultation itself and to sharing information with the invited network. */
  consultation: boolean;
  sharing: boolean;
}

export interface NetworkEntry {
  id: string;
  role: string;
  name: string;
  organisation: string | null;
  contact: string | null;
  /** Entra object id when the member is on Teams; null for the person, relatives and others. */
  userId: string | null;
  mandate: 'decides' | 'advises' | null;
  invited: boolean;
  /** Seen by the organiser only. */
  notInvitedReason: string | null;
  isSupporter: boolean;
}

export interface Preparation {
  consent: ConsentRecord | null;
  personGoals: string | null;
  strengths: string | null;
  meetingGoal: string | null;
  personPreparedAt: Date | null;
  personPreparedBy: string | null;
  network: NetworkEntry[];
  referentEntryId: string | null;
  referentConfirmedAt: Date | null;
  /**
   * Who recorded the referent's confirmation: the referent themself (on Teams), or the organiser
   * on their behalf when they are not on Teams.
   */
  referentConfirmedBy: string | null;
}

/** The preparation a case starts with: the network the requester knew, everyone invited so far. */
export function startPreparation(members: readonly NetworkMember[], newId: () => string): Preparation {
  return {
    consent: null,
    personGoals: null,
    strengths: null,
    meetingGoal: null,
    personPreparedAt: null,
    personPreparedBy: null,
    network: members.map((m) => ({
      id: newId(),
      role: m.role,
      name: m.name,
      organisation: m.organisation ?? null,
      contact: m.contact ?? null,
      userId: null,
      mandate: null,
      invited: true,
      notInvitedReason: null,
      isSupporter: false,
    })),
    referentEntryId: null,
    referentConfirmedAt: null,
    referentConfirmedBy: null,
  };
}

/** Free text is bounded so that one payload can never bloat the store. */
export const PREP_SHORT_MAX = 200;
export const PREP_REASON_MAX = 500;
export const PREP_LONG_MAX = 4000;
/** One clear, concrete goal (seed 003 point 1): one line, short enough to read at a glance. */
export const MEETING_GOAL_MAX = 300;
export const PREP_NETWORK_MAX = 30;

// control and bidirectional-override characters have no place in a name or a note: they can
// break, or disguise, what other people are shown later
const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069]*$/;
const text = (max: number) => z.string().trim().min(1).max(max).regex(NO_CONTROL_CHARS, 'contains control characters');
const oneLine = (max: number) => text(max).regex(/^[^\r\n]*$/, 'one line only');

/** An Entra object id (what the Teams people picker gives) or another Teams user id. */
export const teamsUserId = z.string().trim().min(1).max(100).regex(/^[\w:.@-]+$/, 'not a Teams user id');

export const consentInputSchema = z
  .object({
    consultation: z.boolean(),
    sharing: z.boolean(),
    method: z.enum(CONSENT_METHODS),
  })
  .strict();
export type ConsentInput = z.infer<typeof consentInputSchema>;

export const goalsInputSchema = z
  .object({
    personGoals: text(PREP_LONG_MAX).optional(),
    strengths: text(PREP_LONG_MAX).optional(),
    meetingGoal: oneLine(MEETING_GOAL_MAX),
  })
  .strict();
export type GoalsInput = z.infer<typeof goalsInputSchema>;

/** Who a network member is; invitation and supporter are decided by the rules that follow. */
export const entryDetailsSchema = z
  .object({
    role: oneLine(PREP_SHORT_MAX),
    name: oneLine(PREP_SHORT_MAX),
    organisation: oneLine(PREP_SHORT_MAX).optional(),
    contact: oneLine(PREP_SHORT_MAX).optional(),
    userId: teamsUserId.optional(),
    mandate: z.enum(MANDATES).optional(),
  })
  .strict();
export type EntryDetails = z.infer<typeof entryDetailsSchema>;

export const entryInputSchema = entryDetailsSchema
  .extend({
    invited: z.boolean(),
    notInvitedReason: text(PREP_REASON_MAX).optional(),
    isSupporter: z.boolean(),
  })
  .strict();
export type EntryInput = z.infer<typeof entryInputSchema>;

/** Seed 003 points 3a and 3b: the person was told what the meeting is and why it is held. */
export const preparedInputSchema = z.object({ explainedWhat: z.literal(true), explainedWhy: z.literal(true) }).strict();
export type PreparedInput = z.infer<typeof preparedInputSchema>;
