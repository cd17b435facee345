import { CASE_ACTIONS, CASE_ROLES, authorize, canDo, isAllowed, rolesOnCase, type CaseAction, type CaseRole } from '../../domain/case/access';
import { DomainError } from '../../domain/errors';
import { makeCase } from '../support/fixtures';
import type { Case } from '../../domain/case/case';

/** The expected matrix, written out cell by cell: a change to the rules must change this table. */
const EXPECTED: Record<CaseAction, Record<CaseRole, boolean>> = {
  'case.view_summary': { requester: true, person: false, organiser: true, referent: true, participant: true, coordinator: true },
  'case.view_details': { requester: false, person: false, organiser: true, referent: true, participant: true, coordinator: true },
  'case.assign': { requester: false, person: false, organiser: false, referent: false, participant: false, coordinator: true },
  'assignment.answer': { requester: false, person: false, organiser: true, referent: false, participant: false, coordinator: false },
  'case.prepare': { requester: false, person: false, organiser: true, referent: false, participant: false, coordinator: false },
  'case.record_consent': { requester: false, person: false, organiser: true, referent: false, participant: false, coordinator: false },
  'case.view_audit': { requester: false, person: false, organiser: true, referent: false, participant: false, coordinator: true },
  'case.export': { requester: false, person: false, organiser: false, referent: false, participant: false, coordinator: true },
  'case.erase': { requester: false, person: false, organiser: false, referent: false, participant: false, coordinator: true },
  'referent.confirm': { requester: false, person: false, organiser: false, referent: true, participant: false, coordinator: false },
  'actions.confirm': { requester: false, person: false, organiser: true, referent: true, participant: false, coordinator: false },
  'poll.manage': { requester: false, person: false, organiser: true, referent: false, participant: false, coordinator: false },
  'poll.answer': { requester: false, person: false, organiser: false, referent: true, participant: true, coordinator: false },
  'report.write': { requester: false, person: false, organiser: true, referent: false, participant: false, coordinator: false },
  'report.view': { requester: false, person: false, organiser: true, referent: true, participant: true, coordinator: false },
  'actions.answer_own': { requester: false, person: false, organiser: false, referent: true, participant: true, coordinator: false },
};

const cells = CASE_ACTIONS.flatMap((action) => CASE_ROLES.map((role) => [role, action, EXPECTED[action][role]] as const));

describe('role x action matrix', () => {
  it.each(cells)('%s may %s: %s', (role, action, allowed) => {
    expect(isAllowed(role, action)).toBe(allowed);
  });
});

function caseWithNetwork(consentToShare: boolean): Case {
  const c = makeCase({ requesterId: 'req', organiserId: 'org', status: 'preparing' });
  return {
    ...c,
    preparation: {
      ...c.preparation,
      consent: consentToShare
        ? { recordedBy: 'org', recordedAt: new Date(), method: 'in_person', consultation: true, sharing: true }
        : null,
      network: [
        { id: 'e1', role: 'GP', name: 'Dr A', organisation: null, contact: null, userId: 'gp', mandate: 'decides', invited: true, notInvitedReason: null, isSupporter: false },
        { id: 'e2', role: 'Nurse', name: 'N', organisation: null, contact: null, userId: 'ref', mandate: 'advises', invited: true, notInvitedReason: null, isSupporter: false },
        { id: 'e3', role: 'Brother', name: 'B', organisation: null, contact: null, userId: 'brother', mandate: null, invited: false, notInvitedReason: 'the person does not want him', isSupporter: false },
      ],
      referentEntryId: 'e2',
    },
  };
}

describe('roles on a case', () => {
  it.each([
    ['req', false, ['requester']],
    ['org', false, ['organiser']],
    ['gp', false, ['participant']],
    ['ref', false, ['referent']],
    ['brother', false, []],
    ['stranger', false, []],
    ['stranger', true, ['coordinator']],
  ] as const)('%s (coordinator: %s) is %p', (user, coord, roles) => {
    expect(rolesOnCase(user, caseWithNetwork(true), coord)).toEqual(roles);
  });

  it.each([
    ['gp', false, false],
    ['gp', true, true],
    ['ref', false, false],
    ['org', false, true],
    ['coord', false, true],
  ] as const)('%s sees the details with consent %s: %s', (user, consent, sees) => {
    const c = caseWithNetwork(consent);
    expect(canDo(rolesOnCase(user, c, user === 'coord'), 'case.view_details', c)).toBe(sees);
  });

  it('never lets a member the person did not invite see anything, and refuses without saying the case exists', () => {
    const c = caseWithNetwork(true);
    expect(() => authorize('brother', c, 'case.view_summary', false)).toThrow(DomainError);
    const missing = (() => {
      try {
        authorize('brother', null, 'case.view_summary', false);
      } catch (e) {
        return (e as DomainError).code;
      }
      return null;
    })();
    const existing = (() => {
      try {
        authorize('brother', c, 'case.view_summary', false);
      } catch (e) {
        return (e as DomainError).code;
      }
      return null;
    })();
    expect(missing).toBe('access.denied');
    expect(existing).toBe(missing);
  });
});
