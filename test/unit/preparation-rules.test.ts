import { DomainError } from '../../domain/errors';
import type { NetworkEntry, Preparation } from '../../domain/case/preparation';
import { entryInputSchema, goalsInputSchema, PREP_NETWORK_MAX, startPreparation } from '../../domain/case/preparation';
import {
  checklist,
  confirmReferent,
  confirmReferentOnBehalf,
  declineReferent,
  markSupporter,
  missingForPlanning,
  recordConsent,
  removeNetworkEntry,
  saveNetworkEntry,
  setGoals,
  setInvited,
  setReferent,
  startPlanning,
} from '../../domain/case/preparation-rules';
import { makeCase } from '../support/fixtures';

const NOW = new Date('2026-03-29T00:30:00Z'); // the night Brussels moves to summer time
const ORGANISER = 'org-1';

function entry(id: string, overrides: Partial<NetworkEntry> = {}): NetworkEntry {
  return {
    id,
    role: 'GP',
    name: `Member ${id}`,
    organisation: null,
    contact: null,
    userId: null,
    mandate: null,
    invited: true,
    notInvitedReason: null,
    isSupporter: false,
    ...overrides,
  };
}

/** A preparation with a GP on Teams (e1), a nurse without Teams (e2) and a brother not invited (e3). */
function prep(overrides: Partial<Preparation> = {}): Preparation {
  return {
    ...startPreparation([], () => 'unused'),
    network: [
      entry('e1', { userId: 'gp-user', organisation: 'Practice', mandate: 'decides' }),
      entry('e2', { role: 'Home nurse', organisation: 'Home care', mandate: 'advises' }),
      entry('e3', { role: 'Brother', invited: false, notInvitedReason: 'The person does not want him there' }),
    ],
    ...overrides,
  };
}

const CONSENTED = { recordedBy: ORGANISER, recordedAt: NOW, method: 'in_person' as const, consultation: true, sharing: true };

/** Everything required for planning is there. */
function complete(): Preparation {
  return prep({
    consent: CONSENTED,
    meetingGoal: 'Agree who helps with the move before the lease ends',
    personPreparedAt: NOW,
    personPreparedBy: ORGANISER,
    referentEntryId: 'e2',
    referentConfirmedAt: NOW,
    referentConfirmedBy: ORGANISER,
  });
}

function codeOf(f: () => unknown): string | null {
  try {
    f();
    return null;
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
}

describe('missingForPlanning', () => {
  it.each<[string, Preparation, string[]]>([
    ['a new preparation', startPreparation([], () => 'x'), ['consent', 'meeting_goal', 'participants', 'person_prepared', 'referent']],
    ['everything there', complete(), []],
    ['consent to the consultation but not to sharing', { ...complete(), consent: { ...CONSENTED, sharing: false } }, ['consent']],
    ['consent to sharing but not to the consultation', { ...complete(), consent: { ...CONSENTED, consultation: false } }, ['consent']],
    ['a blank meeting goal', { ...complete(), meetingGoal: '   ' }, ['meeting_goal']],
    ['nobody invited', { ...complete(), network: complete().network.map((e) => ({ ...e, invited: false })) }, ['participants', 'referent']],
    ['the person not prepared', { ...complete(), personPreparedAt: null, personPreparedBy: null }, ['person_prepared']],
    ['a referent who has not confirmed', { ...complete(), referentConfirmedAt: null, referentConfirmedBy: null }, ['referent_confirmed']],
    ['no referent', { ...complete(), referentEntryId: null, referentConfirmedAt: null }, ['referent']],
    ['a referent no longer in the list', { ...complete(), referentEntryId: 'gone' }, ['referent']],
  ])('%s', (_what, p, missing) => {
    expect(missingForPlanning(p)).toEqual(missing);
  });
});

describe('checklist', () => {
  it('marks what is required and what is only recommended, and does not count an absent referent as confirmed', () => {
    const lines = checklist(prep({ consent: CONSENTED, strengths: 'Loves cooking' }));
    expect(lines.map((l) => [l.item, l.done, l.required])).toEqual([
      ['consent', true, true],
      ['person_goals', false, false],
      ['strengths', true, false],
      ['meeting_goal', false, true],
      ['participants', true, true],
      ['mandates', true, false],
      ['person_prepared', false, true],
      ['referent', false, true],
      ['referent_confirmed', false, true],
    ]);
  });

  it('asks for the mandate of every invited member who works for an organisation', () => {
    const p = prep({ network: [entry('e1', { organisation: 'CPAS', mandate: null }), entry('e2', { organisation: null, mandate: null })] });
    expect(checklist(p).find((l) => l.item === 'mandates')?.done).toBe(false);
    expect(checklist({ ...p, network: [p.network[1]!] }).find((l) => l.item === 'mandates')?.done).toBe(true);
  });
});

describe('setInvited', () => {
  it.each<[string, string, boolean, string | null, Partial<NetworkEntry> | string]>([
    ['invites a member who was not invited, forgetting the reason', 'e3', true, null, { invited: true, notInvitedReason: null }],
    ['does not invite, with a reason (trimmed)', 'e1', false, '  The person prefers not  ', { invited: false, notInvitedReason: 'The person prefers not' }],
    ['refuses "not invited" without a reason', 'e1', false, null, 'preparation.reason_required'],
    ['refuses "not invited" with a blank reason', 'e1', false, '   ', 'preparation.reason_required'],
    ['refuses to leave the referent out', 'e2', false, 'No', 'preparation.is_referent'],
    ['refuses an unknown member', 'nope', true, null, 'preparation.entry_not_found'],
  ])('%s', (_what, id, invited, reason, expected) => {
    const p = prep({ consent: CONSENTED, referentEntryId: 'e2' });
    if (typeof expected === 'string') {
      expect(codeOf(() => setInvited(p, id, invited, reason))).toBe(expected);
      return;
    }
    const after = setInvited(p, id, invited, reason);
    expect(after.network.find((e) => e.id === id)).toMatchObject(expected);
    expect(after.network.filter((e) => e.id !== id)).toEqual(p.network.filter((e) => e.id !== id));
    expect(p.network.find((e) => e.id === id)).not.toMatchObject(expected);
  });
});

describe('markSupporter', () => {
  it.each<[string, string, boolean, string | null, Partial<NetworkEntry> | string]>([
    ['a supporter is invited even if they were not', 'e3', true, null, { isSupporter: true, invited: true, notInvitedReason: null }],
    ['unless the person says otherwise, with a reason', 'e1', true, 'Not this time', { isSupporter: true, invited: false, notInvitedReason: 'Not this time' }],
    ['a blank reason does not count as the person saying otherwise', 'e3', true, '  ', { isSupporter: true, invited: true }],
    ['unmarking leaves the invitation as it was', 'e3', false, null, { isSupporter: false, invited: false, notInvitedReason: 'The person does not want him there' }],
    ['the referent cannot be left out as a supporter either', 'e2', true, 'No', 'preparation.is_referent'],
    ['an unknown member', 'nope', true, null, 'preparation.entry_not_found'],
  ])('%s', (_what, id, isSupporter, reason, expected) => {
    const p = prep({ consent: CONSENTED, referentEntryId: 'e2' });
    if (typeof expected === 'string') {
      expect(codeOf(() => markSupporter(p, id, isSupporter, reason))).toBe(expected);
      return;
    }
    expect(markSupporter(p, id, isSupporter, reason).network.find((e) => e.id === id)).toMatchObject(expected);
  });
});

describe('setReferent', () => {
  it.each<[string, Partial<Preparation>, string, Partial<Preparation> | string]>([
    ['waits for consent', {}, 'e1', 'preparation.consent_required'],
    ['waits for consent to share, not only to the consultation', { consent: { ...CONSENTED, sharing: false } }, 'e1', 'preparation.consent_required'],
    ['is an invited member', { consent: CONSENTED }, 'e3', 'preparation.referent_must_be_invited'],
    ['is a member of the list', { consent: CONSENTED }, 'nope', 'preparation.entry_not_found'],
    ['is designated unconfirmed', { consent: CONSENTED }, 'e1', { referentEntryId: 'e1', referentConfirmedAt: null }],
    [
      'another referent resets the confirmation',
      { consent: CONSENTED, referentEntryId: 'e2', referentConfirmedAt: NOW, referentConfirmedBy: ORGANISER },
      'e1',
      { referentEntryId: 'e1', referentConfirmedAt: null, referentConfirmedBy: null },
    ],
    ['asking the same referent again keeps them', { consent: CONSENTED, referentEntryId: 'e1' }, 'e1', { referentEntryId: 'e1', referentConfirmedAt: null }],
    ['a confirmed referent is not asked again', { consent: CONSENTED, referentEntryId: 'e1', referentConfirmedAt: NOW }, 'e1', 'referent.already_confirmed'],
  ])('%s', (_what, overrides, id, expected) => {
    const p = prep(overrides);
    if (typeof expected === 'string') expect(codeOf(() => setReferent(p, id))).toBe(expected);
    else expect(setReferent(p, id)).toMatchObject(expected);
  });
});

describe('the referent confirms or declines', () => {
  const asked = (id: string) => prep({ consent: CONSENTED, referentEntryId: id });

  it.each<[string, () => Preparation, Partial<Preparation> | string]>([
    ['the referent confirms themself', () => confirmReferent(asked('e1'), 'gp-user', NOW), { referentConfirmedAt: NOW, referentConfirmedBy: 'gp-user' }],
    ['nobody to confirm', () => confirmReferent(prep(), 'gp-user', NOW), 'referent.not_designated'],
    ['a second confirmation', () => confirmReferent(confirmReferent(asked('e1'), 'gp-user', NOW), 'gp-user', NOW), 'referent.already_confirmed'],
    ['the organiser records it for someone without Teams', () => confirmReferentOnBehalf(asked('e2'), ORGANISER, NOW), { referentConfirmedBy: ORGANISER, referentConfirmedAt: NOW }],
    ['but not for someone on Teams', () => confirmReferentOnBehalf(asked('e1'), ORGANISER, NOW), 'referent.on_teams'],
    ['a decline leaves no referent', () => declineReferent(asked('e1')), { referentEntryId: null, referentConfirmedAt: null }],
    ['no decline after a confirmation', () => declineReferent(confirmReferent(asked('e1'), 'gp-user', NOW)), 'referent.already_confirmed'],
  ])('%s', (_what, run, expected) => {
    if (typeof expected === 'string') expect(codeOf(run)).toBe(expected);
    else expect(run()).toMatchObject(expected);
  });
});

describe('saveNetworkEntry', () => {
  const base = { role: 'Daughter', name: 'Sofia', invited: true, isSupporter: false } as const;
  let n = 0;
  const newId = () => `new-${++n}`;

  it.each<[string, string | null, Record<string, unknown>, Partial<NetworkEntry> | string]>([
    ['adds an invited member', null, base, { role: 'Daughter', name: 'Sofia', invited: true, isSupporter: false, userId: null }],
    ['adds a member the person does not invite, with the reason', null, { ...base, invited: false, notInvitedReason: 'Conflict' }, { invited: false, notInvitedReason: 'Conflict' }],
    ['refuses "not invited" without a reason', null, { ...base, invited: false }, 'preparation.reason_required'],
    ['refuses a supporter marked "not invited" without a reason', null, { ...base, invited: false, isSupporter: true }, 'preparation.reason_required'],
    ['adds a supporter, invited', null, { ...base, isSupporter: true }, { isSupporter: true, invited: true }],
    ['adds a supporter the person does not invite', null, { ...base, isSupporter: true, invited: false, notInvitedReason: 'Not now' }, { isSupporter: true, invited: false }],
    ['links a Teams user', null, { ...base, userId: 'daughter-user', mandate: 'advises' }, { userId: 'daughter-user', mandate: 'advises' }],
    ['never links the organiser (neutrality)', null, { ...base, userId: ORGANISER }, 'preparation.organiser_in_network'],
    ['never links one Teams user twice', null, { ...base, userId: 'gp-user' }, 'preparation.duplicate_user'],
    ['edits a member, keeping their own link', 'e1', { role: 'GP', name: 'Dr Janssens', userId: 'gp-user', invited: true, isSupporter: false }, { id: 'e1', name: 'Dr Janssens', userId: 'gp-user' }],
    ['invites someone the person now wants there', 'e3', { role: 'Brother', name: 'Member e3', invited: true, isSupporter: false }, { invited: true, notInvitedReason: null }],
    ['does not leave the referent out', 'e2', { role: 'Home nurse', name: 'N', invited: false, notInvitedReason: 'x', isSupporter: false }, 'preparation.is_referent'],
    ['refuses an unknown member', 'nope', base, 'preparation.entry_not_found'],
  ])('%s', (_what, id, input, expected) => {
    const p = prep({ consent: CONSENTED, referentEntryId: 'e2' });
    const run = () => saveNetworkEntry(p, id, entryInputSchema.parse(input), newId, ORGANISER);
    if (typeof expected === 'string') {
      expect(codeOf(run)).toBe(expected);
      return;
    }
    const saved = run();
    expect(saved.preparation.network.find((e) => e.id === saved.entryId)).toMatchObject(expected);
    expect(saved.preparation.network).toHaveLength(id ? p.network.length : p.network.length + 1);
  });

  it('resets the confirmation when the referent entry is linked to another Teams user', () => {
    const p = prep({ consent: CONSENTED, referentEntryId: 'e1', referentConfirmedAt: NOW, referentConfirmedBy: 'gp-user' });
    const input = entryInputSchema.parse({ role: 'GP', name: 'Locum', userId: 'locum-user', invited: true, isSupporter: false });
    expect(saveNetworkEntry(p, 'e1', input, newId, ORGANISER).preparation).toMatchObject({ referentEntryId: 'e1', referentConfirmedAt: null, referentConfirmedBy: null });
    const sameUser = entryInputSchema.parse({ role: 'GP', name: 'Dr Janssens', userId: 'gp-user', invited: true, isSupporter: false });
    expect(saveNetworkEntry(p, 'e1', sameUser, newId, ORGANISER).preparation.referentConfirmedAt).toEqual(NOW);
  });

  it.each<[string, Record<string, unknown>]>([
    ['by name, titles and word order aside', { ...base, name: 'Mme El Idrissi Amina' }],
    ['by e-mail address', { ...base, name: 'A. E.', contact: 'Amina.El-Idrissi@cosy.example' }],
    ['by e-mail address among other contact details', { ...base, name: 'Social worker', contact: 'CPAS, 02 123 45 67, amina.el-idrissi@cosy.example' }],
  ])('never takes the organiser into the network %s, as the assignment matches them', (_what, input) => {
    const p = prep({ consent: CONSENTED });
    const organiser = { id: ORGANISER, name: 'Amina El Idrissi', email: 'amina.el-idrissi@cosy.example' };
    expect(codeOf(() => saveNetworkEntry(p, null, entryInputSchema.parse(input), newId, organiser))).toBe('preparation.organiser_in_network');
    expect(codeOf(() => saveNetworkEntry(p, 'e3', entryInputSchema.parse(input), newId, organiser))).toBe('preparation.organiser_in_network');
    // with only the organiser's Teams id known there is no name or address to match
    expect(saveNetworkEntry(p, null, entryInputSchema.parse(input), newId, ORGANISER).preparation.network).toHaveLength(p.network.length + 1);
  });

  it(`keeps the list at ${PREP_NETWORK_MAX} members`, () => {
    const full = prep({ network: Array.from({ length: PREP_NETWORK_MAX }, (_, i) => entry(`m${i}`)) });
    expect(codeOf(() => saveNetworkEntry(full, null, entryInputSchema.parse(base), newId, ORGANISER))).toBe('preparation.network_full');
    expect(saveNetworkEntry(full, 'm0', entryInputSchema.parse(base), newId, ORGANISER).preparation.network).toHaveLength(PREP_NETWORK_MAX);
  });
});

describe('removeNetworkEntry', () => {
  it.each<[string, string, number | string]>([
    ['removes a member', 'e3', 2],
    ['keeps the referent until another is chosen', 'e2', 'preparation.is_referent'],
    ['refuses an unknown member', 'nope', 'preparation.entry_not_found'],
  ])('%s', (_what, id, expected) => {
    const p = prep({ consent: CONSENTED, referentEntryId: 'e2' });
    if (typeof expected === 'string') expect(codeOf(() => removeNetworkEntry(p, id))).toBe(expected);
    else expect(removeNetworkEntry(p, id).network.map((e) => e.id)).toEqual(['e1', 'e2']);
  });
});

describe('consent and goals', () => {
  it('records who, when and how', () => {
    expect(recordConsent(prep(), { consultation: true, sharing: false, method: 'phone' }, ORGANISER, NOW).consent).toEqual({
      recordedBy: ORGANISER,
      recordedAt: NOW,
      method: 'phone',
      consultation: true,
      sharing: false,
    });
  });

  it('keeps goals trimmed and forgets blank ones', () => {
    expect(setGoals(prep({ personGoals: 'old' }), { personGoals: '  ', strengths: ' Cooks for her neighbour ', meetingGoal: ' One goal ' })).toMatchObject({
      personGoals: null,
      strengths: 'Cooks for her neighbour',
      meetingGoal: 'One goal',
    });
  });

  it.each<[string, boolean, Record<string, unknown>]>([
    ['one line', true, { meetingGoal: 'Agree on who visits daily' }],
    ['no meeting goal', false, { personGoals: 'Stay at home' }],
    ['two goals on two lines', false, { meetingGoal: 'Housing\nMoney' }],
    ['a meeting goal of 301 characters', false, { meetingGoal: 'x'.repeat(301) }],
    ['control characters', false, { meetingGoal: 'Goal\u0000' }],
    ['a bidirectional override that disguises text', false, { meetingGoal: 'Goal \u202e evil' }],
    ['person goals of 4000 characters', true, { meetingGoal: 'Goal', personGoals: 'y'.repeat(4000) }],
    ['person goals of 4001 characters', false, { meetingGoal: 'Goal', personGoals: 'y'.repeat(4001) }],
    ['a field the card does not have', false, { meetingGoal: 'Goal', isAdmin: 'true' }],
  ])('the goals form with %s: accepted %s', (_what, ok, input) => {
    expect(goalsInputSchema.safeParse(input).success).toBe(ok);
  });
});

describe('startPlanning', () => {
  it('moves a prepared case to planning, with history', () => {
    const c = makeCase({ status: 'preparing', organiserId: ORGANISER, preparation: complete() });
    const after = startPlanning(c, ORGANISER, NOW);
    expect(after.status).toBe('planning');
    expect(after.version).toBe(c.version + 1);
    expect(after.statusHistory.at(-1)).toEqual({ from: 'preparing', to: 'planning', at: NOW, by: ORGANISER });
  });

  it('says what is missing instead of moving', () => {
    const c = makeCase({ status: 'preparing', preparation: { ...complete(), personPreparedAt: null, referentConfirmedAt: null } });
    let err: unknown = null;
    try {
      startPlanning(c, ORGANISER, NOW);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).code).toBe('preparation.incomplete');
    expect((err as DomainError).params.missing).toEqual(['person_prepared', 'referent_confirmed']);
  });

  it('follows the status table: a case not being prepared does not move', () => {
    const c = makeCase({ status: 'assigned', preparation: complete() });
    expect(codeOf(() => startPlanning(c, ORGANISER, NOW))).toBe('case.transition_not_allowed');
  });
});
