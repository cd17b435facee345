import { assignOrganiser, isInNetwork, isSamePerson, rankOrganisers } from '../../domain/case/assignment';
import type { Case } from '../../domain/case/case';
import type { Organiser } from '../../domain/case/organisers';
import { DomainError } from '../../domain/errors';
import { makeCase } from '../support/fixtures';

// The organiser is a neutral third party (DOMAIN.md, step 2): not in the person's network, and not
// the one who asked for the consultation. One match decides it, for assignment and preparation alike.

const NOW = new Date('2026-11-23T10:00:00Z');

function organiser(overrides: Partial<Organiser> = {}): Organiser {
  return {
    id: 'org-tom',
    name: 'Tom Meyer',
    email: 'tom.meyer@cosy.example',
    languages: ['fr'],
    background: 'social_worker',
    status: 'active',
    addedBy: 'coordinator',
    addedAt: NOW,
    updatedAt: NOW,
    version: 1,
    ...overrides,
  };
}

/** A case requested by the Teams user `user-1`, who gave `contact` as their contact details. */
function requestedBy(contact: string | undefined): Case {
  const c = makeCase();
  return { ...c, requesterId: 'user-1', request: { ...c.request, requester: { role: 'professional', organisation: 'Home nursing Brussels', ...(contact ? { contact } : {}) } } };
}

const codeOf = (run: () => unknown): string => {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  return 'no error';
};

describe('the requester counts as part of the network (neutrality)', () => {
  it.each<[string, Partial<Organiser>, string | undefined, boolean]>([
    ["the requester's own Teams account", { id: 'user-1' }, '02 123 45 67', true],
    ['the e-mail address the requester gave as contact', { email: 'nora.peeters@thuiszorg.example' }, 'nora.peeters@thuiszorg.example', true],
    ['that address among other contact details, in other capitals', { email: 'Nora.Peeters@Thuiszorg.example' }, 'Nora Peeters, 02 123 45 67, nora.peeters@thuiszorg.example', true],
    ['an organiser who is neither', {}, 'nora.peeters@thuiszorg.example', false],
    ['an organiser whose address only contains the contact', { email: 'xnora.peeters@thuiszorg.example' }, 'nora.peeters@thuiszorg.example', false],
    ['no contact details at all', { email: 'nora.peeters@thuiszorg.example' }, undefined, false],
  ])('%s: in the network = %s', (_what, who, contact, expected) => {
    expect(isInNetwork(organiser(who), requestedBy(contact))).toBe(expected);
  });

  it('is never suggested as neutral, and is assigned only with a reason', () => {
    const c = { ...requestedBy('02 123 45 67'), status: 'awaiting_assignment' as const };
    const requester = organiser({ id: 'user-1', name: 'Nora Peeters', email: null });
    const neutral = organiser();
    const ranked = rankOrganisers([requester, neutral], c, new Map());
    expect(ranked.suggested.map((s) => s.organiser.id)).toEqual(['org-tom']);
    expect(ranked.inNetwork.map((s) => s.organiser.id)).toEqual(['user-1']);
    expect(codeOf(() => assignOrganiser(c, requester, 'coordinator', null, NOW))).toBe('assignment.override_required');
    expect(assignOrganiser(c, requester, 'coordinator', 'Only Dutch speaker free', NOW).assignments.at(-1)).toMatchObject({ organiserId: 'user-1', overrideReason: 'Only Dutch speaker free' });
  });
});

describe('isSamePerson: the one match of the neutrality check', () => {
  const amina = { id: 'org-1', name: 'Amina El Idrissi', email: 'amina@cosy.example' };
  it.each<[string, { userId: string | null; name: string | null; contact: string | null }, boolean]>([
    ['the same Teams account', { userId: 'org-1', name: 'Someone else', contact: null }, true],
    ['the same name, titles, accents and word order aside', { userId: null, name: 'Mme EL IDRISSI Amína', contact: null }, true],
    ['the same e-mail address', { userId: null, name: 'A. E.', contact: 'AMINA@cosy.example' }, true],
    ['another person', { userId: 'user-9', name: 'Amina Peeters', contact: 'amina.peeters@cosy.example' }, false],
    ['an entry with nothing to compare', { userId: null, name: null, contact: null }, false],
  ])('%s: %s', (_what, entry, expected) => {
    expect(isSamePerson(amina, entry)).toBe(expected);
  });
});
