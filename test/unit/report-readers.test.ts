import type { Case } from '../../domain/case/case';
import type { NetworkEntry } from '../../domain/case/preparation';
import type { MeetingReport } from '../../domain/report/report';
import { mayReadReport } from '../../domain/report/readers';
import { makeCase } from '../support/fixtures';

// Who reads a sent report in full (DOMAIN.md: the person decides who is invited; details only with
// the consent to share): the organiser, and members invited to THAT meeting while still invited.

const AT = new Date('2027-06-01T08:00:00Z');

function entry(id: string, userId: string | null, invited = true): NetworkEntry {
  return { id, role: 'r', name: id, organisation: null, contact: null, userId, mandate: null, invited, notInvitedReason: invited ? null : 'The person asked', isSupporter: false };
}

function caseWith(network: NetworkEntry[], sharing = true): Case {
  const c = makeCase({ id: 'case-1', status: 'follow_up', organiserId: 'u-org' });
  return { ...c, preparation: { ...c.preparation, network, consent: { recordedBy: 'u-org', recordedAt: AT, method: 'in_person', consultation: true, sharing } } };
}

/** The report of meeting 1: the GP and the social worker were invited (one line each). */
function report(overrides: Partial<MeetingReport> = {}): MeetingReport {
  return {
    caseId: 'case-1',
    cycle: 1,
    meetingId: 'm1',
    attendance: [
      { participantId: 'e-gp', name: 'GP', role: 'GP', status: 'present', mode: 'online' },
      { participantId: 'e-sw', name: 'SW', role: 'SW', status: 'excused', mode: null },
    ],
    whatGoesWell: null,
    situation: null,
    decisions: ['x'],
    actions: [],
    referentEntryId: 'e-sw',
    referentConfirmed: true,
    crisisPlan: null,
    evaluation: null,
    status: 'sent',
    sentAt: AT,
    sentBy: 'u-org',
    corrections: [],
    evaluationOutcome: null,
    createdAt: AT,
    updatedAt: AT,
    version: 3,
    ...overrides,
  };
}

const NETWORK = [entry('e-gp', 'u-gp'), entry('e-sw', 'u-sw'), entry('e-new', 'u-new'), entry('e-out', 'u-out', false)];

describe('mayReadReport', () => {
  // [who, user, case, report, may read]
  it.each<[string, string, Case, MeetingReport, boolean]>([
    ['the organiser', 'u-org', caseWith(NETWORK), report(), true],
    ['a participant present at the meeting', 'u-gp', caseWith(NETWORK), report(), true],
    ['a participant invited but excused (the report goes to every invited member)', 'u-sw', caseWith(NETWORK), report(), true],
    ['a member invited only for a later cycle', 'u-new', caseWith(NETWORK), report(), false],
    ['a member the person did not invite', 'u-out', caseWith(NETWORK), report(), false],
    ['a participant of that meeting no longer invited', 'u-gp', caseWith([entry('e-gp', 'u-gp', false), entry('e-sw', 'u-sw')]), report(), false],
    ['a participant after the consent to share was withdrawn', 'u-gp', caseWith(NETWORK, false), report(), false],
    ['the organiser after the consent to share was withdrawn', 'u-org', caseWith(NETWORK, false), report(), true],
    ['someone not on the case', 'u-stranger', caseWith(NETWORK), report(), false],
    ['a participant, of a draft', 'u-gp', caseWith(NETWORK), report({ status: 'draft', sentAt: null, sentBy: null }), false],
    ['the organiser, of another case’s report', 'u-org', caseWith(NETWORK), report({ caseId: 'case-2' }), false],
  ])('%s: %p', (_who, userId, c, r, expected) => {
    expect(mayReadReport(r, c, userId)).toBe(expected);
  });
});
