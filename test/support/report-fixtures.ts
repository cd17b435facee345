import type { Case } from '../../domain/case/case';
import type { NetworkEntry } from '../../domain/case/preparation';
import { makeCase } from './fixtures';
import { DomainError } from '../../domain/errors';

/** The people of a scheduled case whose report is written: the organiser, a GP and the referent nurse. */
export const ORGANISER = 'organiser-1';
export const GP = 'gp-1';
export const NURSE = 'nurse-1';
export const T0 = new Date('2026-11-23T09:00:00Z');

export function entry(id: string, name: string, userId: string | null): NetworkEntry {
  return { id, role: 'role', name, organisation: null, contact: null, userId, mandate: userId ? 'decides' : null, invited: true, notInvitedReason: null, isSupporter: false };
}

/** A case with its meeting scheduled: accepted organiser, GP and nurse on Teams, a sister who is not, the nurse confirmed as referent. */
export function makeScheduledCase(): Case {
  const c = makeCase({
    status: 'scheduled',
    organiserId: ORGANISER,
    assignments: [{ organiserId: ORGANISER, organiserName: 'O', assignedBy: 'x', assignedAt: T0, overrideReason: null, outcome: 'accepted', decidedAt: T0 }],
  });
  c.preparation = { ...c.preparation, network: [entry('e-gp', 'GP', GP), entry('e-nurse', 'Nurse', NURSE), entry('e-sis', 'Sister', null)], referentEntryId: 'e-nurse', referentConfirmedAt: T0, referentConfirmedBy: NURSE };
  return c;
}

/** 'ok' when the use case succeeds, else the code of the DomainError it throws (anything else is rethrown). */
export async function settledCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}
