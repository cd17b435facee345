import type { NetworkEntry } from '../../domain/case/preparation';
import { coalesceNotices, digest, noticeMarker, singleNoticeKey } from '../../domain/followup/coalesce';
import { dueNotices, type ActionNotice, type FollowUpContext } from '../../domain/followup/schedule';
import type { AgreedAction } from '../../domain/report/report';

/**
 * Several actions of one case due the same day: each used to be its own message, and the referent
 * got as many identical cards (the card shows every open action). One message per person, case and
 * kind of notice now, under a key that any instance seeing the same due notices computes alike.
 */
const at = (iso: string): Date => new Date(iso);
const ORGANISER = 'u-org';

function entry(id: string, userId: string | null): Pick<NetworkEntry, 'id' | 'userId'> {
  return { id, userId };
}

const CTX: FollowUpContext = {
  caseId: 'case-7',
  cycle: 1,
  organiserId: ORGANISER,
  referentEntryId: 'e-sw',
  network: [entry('e-gp', 'u-gp'), entry('e-sw', 'u-sw'), entry('e-person', null), entry('e-sis', null)],
  alreadySent: new Set(),
};

function action(id: string, owner: AgreedAction['owner']): AgreedAction {
  return {
    id,
    what: `Action ${id}`,
    owner,
    ownerMandate: null,
    dueDate: '2027-06-18',
    status: 'open',
    history: [],
    reassignments: [],
    revision: 0,
    revisedAt: at('2027-06-01T08:00:00Z'),
  };
}

/** Four actions due Friday 18 June 2027: two of the GP's, the person's, the sister's. */
const FOUR = [
  action('a1', { kind: 'participant', entryId: 'e-gp', name: 'GP' }),
  action('a2', { kind: 'participant', entryId: 'e-gp', name: 'GP' }),
  action('a3', { kind: 'person', entryId: 'e-person', name: 'P' }),
  action('a4', { kind: 'relative', entryId: 'e-sis', name: 'Sister' }),
];

const summary = (notices: ActionNotice[]) => coalesceNotices(notices).map((g) => [g.userId, g.kind, g.notices.map((n) => n.actionId)]);

describe('coalesceNotices: one message per person, case and kind', () => {
  // [why, now, expected groups: user, kind, actions]
  it.each<[string, string, [string, string, string[]][]]>([
    // Tuesday 15 June 09:00 Brussels: 3 days before; the GP's card lists their two actions, the referent's all four
    ['the reminder 3 days before', '2027-06-15T07:00:00Z', [['u-gp', 'reminder', ['a1', 'a2']], ['u-sw', 'reminder', ['a1', 'a2', 'a3', 'a4']]]],
    // Tuesday 22 June: the 2nd working day after the date: the referent's overdue notice
    ['the 1st overdue notice', '2027-06-22T07:00:00Z', [['u-sw', 'overdue', ['a1', 'a2', 'a3', 'a4']]]],
    // Thursday 24 June: the 2nd overdue notice, and from it the organiser's escalation: one each, not four
    ['the 2nd overdue notice and the escalation', '2027-06-24T07:00:00Z', [['u-org', 'escalation', ['a1', 'a2', 'a3', 'a4']], ['u-sw', 'overdue', ['a1', 'a2', 'a3', 'a4']]]],
  ])('%s', (_why, now, expected) => {
    expect(summary(dueNotices(FOUR, CTX, at(now)))).toEqual(expected);
  });

  it('keeps notices of different kinds for the same person apart (their cards say different things)', () => {
    // no referent on Teams: the organiser stands in for them (overdue) and is escalated to as well
    const noReferent = { ...CTX, referentEntryId: 'e-sis' };
    const early = { ...action('a5', { kind: 'person', entryId: 'e-person', name: 'P' }), dueDate: '2027-06-22' };
    expect(summary(dueNotices([...FOUR, early], noReferent, at('2027-06-24T07:00:00Z')))).toEqual([
      ['u-org', 'escalation', ['a1', 'a2', 'a3', 'a4']],
      ['u-org', 'overdue', ['a5']],
    ]);
  });

  it('names a group by its notices whatever their order; one notice keeps the key it always had', () => {
    const notices = dueNotices(FOUR, CTX, at('2027-06-15T07:00:00Z'));
    const keys = coalesceNotices(notices).map((g) => g.key);
    expect(coalesceNotices([...notices].reverse()).map((g) => g.key).sort()).toEqual([...keys].sort());
    expect(keys[0]).toMatch(/^followup:case-7:reminder:u-gp:2x[0-9a-f]{16}$/);
    // another set of notices (an action answered meanwhile) is another message
    expect(coalesceNotices(notices.filter((n) => n.actionId !== 'a4')).map((g) => g.key)).not.toEqual(keys);
    const [alone] = coalesceNotices(dueNotices([FOUR[0]!], CTX, at('2027-06-15T07:00:00Z')));
    expect(alone!.key).toBe('followup:case-7:action:a1:r0:reminder:3:owner');
    expect(alone!.key).toBe(singleNoticeKey(alone!.notices[0]!));
    expect(noticeMarker(alone!.notices[0]!)).toBe('followup-sent:case-7:action:a1:r0:reminder:3:owner');
  });

  it('digest is stable and short', () => {
    expect(digest('')).toBe('cbf29ce484222325');
    expect(digest('a')).toBe('af63dc4c8601ec8c');
    expect(digest('a\nb')).not.toBe(digest('b\na'));
  });
});
