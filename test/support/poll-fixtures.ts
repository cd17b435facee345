import type { Case } from '../../domain/case/case';
import type { NetworkEntry } from '../../domain/case/preparation';
import { makeCase } from './fixtures';

/**
 * A case ready for its availability poll: prepared (consent to share, meeting goal, referent
 * confirmed) and in 'planning', put straight into the store instead of driving the preparation.
 * Fictional people.
 */
export const ORGANISER_NAME = 'Amina El Idrissi';
export const MEETING_GOAL = 'Agree who helps with the move before the lease ends';

export interface NetworkMember {
  id: string;
  role: string;
  name: string;
  userId: string | null;
  invited?: boolean;
}

export function networkEntry(m: NetworkMember): NetworkEntry {
  return {
    id: m.id,
    role: m.role,
    name: m.name,
    organisation: null,
    contact: null,
    userId: m.userId,
    mandate: null,
    invited: m.invited ?? true,
    notInvitedReason: m.invited === false ? 'The person does not want him there' : null,
    isSupporter: false,
  };
}

export function makePlanningCase(organiserId: string, members: readonly NetworkMember[], overrides: Partial<Case> = {}): Case {
  const at = new Date('2026-11-20T10:00:00Z');
  const base = makeCase({ status: 'planning', organiserId, pseudonym: 'M. D.', locale: 'fr-BE' });
  const referent = members.find((m) => m.role === 'Home nurse') ?? null;
  return {
    ...base,
    statusHistory: [
      { from: null, to: 'submitted', at, by: 'user-1' },
      { from: 'preparing', to: 'planning', at, by: organiserId },
    ],
    assignments: [
      { organiserId, organiserName: ORGANISER_NAME, assignedBy: 'coordinator', assignedAt: at, overrideReason: null, outcome: 'accepted', decidedAt: at },
    ],
    preparation: {
      ...base.preparation,
      consent: { recordedBy: organiserId, recordedAt: at, method: 'in_person', consultation: true, sharing: true },
      meetingGoal: MEETING_GOAL,
      personPreparedAt: at,
      personPreparedBy: organiserId,
      network: members.map(networkEntry),
      referentEntryId: referent?.id ?? null,
      referentConfirmedAt: referent ? at : null,
      referentConfirmedBy: referent?.userId ?? null,
    },
    ...overrides,
  };
}
