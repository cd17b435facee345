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
  };
}
