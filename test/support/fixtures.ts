import type { Case } from '../../domain/case/case';
import type { RequestData } from '../../domain/case/request';
import type { Draft } from '../../domain/ports';
import { startPreparation } from '../../domain/case/preparation';

/** A complete, eligible request (fictional person). */
export function makeCompleteRequest(overrides: Partial<RequestData> = {}): RequestData {
  return {
    requester: { role: 'professional', organisation: 'Home nursing Brussels', contact: 'nurse@example.org' },
    person: {
      firstName: 'Jan',
      lastName: 'Peeters',
      birthDate: '1956-04-12',
      languages: ['nl'],
      interpreterNeeded: 'no',
      residenceKind: 'address',
      postcode: '1030',
      municipality: 'Schaarbeek',
      livingSituation: 'home',
      insurance: 'in_order',
      otherTrajectory: 'no',
    },
    situation: {
      domains: ['somatic', 'social'],
      sectors: ['chronic_illness'],
      description: 'Many helpers, nobody coordinates.',
      urgency: 'normal',
    },
    network: { members: [{ role: 'GP', name: 'Dr. A', organisation: 'Practice', contact: '02 000 00 00' }], consent: 'yes' },
    ...overrides,
  };
}

export function makeDraft(overrides: Partial<Draft> = {}): Draft {
  const now = new Date('2026-11-23T10:00:00Z');
  return {
    id: `draft-${Math.random().toString(36).slice(2)}`,
    ownerId: 'user-1',
    tenantId: 'tenant-1',
    step: 'requester',
    data: {},
    status: 'open',
    caseId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
    ...overrides,
  };
}

export function makeCase(overrides: Partial<Case> = {}): Case {
  const now = new Date('2026-11-23T10:00:00Z');
  const seq = Math.floor(Math.random() * 1e6);
  return {
    id: `case-${Math.random().toString(36).slice(2)}`,
    reference: `MKO-2026-${seq}`,
    year: 2026,
    seq,
    draftId: `draft-${Math.random().toString(36).slice(2)}`,
    requesterId: 'user-1',
    tenantId: 'tenant-1',
    status: 'awaiting_assignment',
    statusHistory: [{ from: null, to: 'submitted', at: now, by: 'user-1' }],
    request: makeCompleteRequest(),
    refusalReasons: [],
    pseudonym: 'J. P.',
    domains: ['somatic'],
    urgency: 'normal',
    locale: 'nl-BE',
    thread: null,
    organiserId: null,
    assignments: [],
    preparation: startPreparation([], () => 'entry-1'),
    submittedAt: now,
    updatedAt: now,
    purgedAt: null,
    version: 1,
    ...overrides,
  };
}
