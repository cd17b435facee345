import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stores } from '../../domain/ports';
import type { Case } from '../../domain/case/case';
import { transitionCase } from '../../domain/case/case';
import type { CaseStatus } from '../../domain/case/status';
import { DomainError } from '../../domain/errors';
import {
  addPollSlot,
  castParticipantVotes,
  castProxyVotes,
  cancelCasePoll,
  changeCasePollDeadline,
  chooseMeetingSlot,
  closeCasePoll,
  createCasePoll,
  openPollFile,
  reopenCasePoll,
  type NewCasePoll,
  type PollDeps,
} from '../../domain/poll/poll-use-cases';
import { runPollReminders } from '../../domain/poll/poll-reminder-run';
import { DEFAULT_REMINDER_CONFIG } from '../../domain/poll/reminders';
import type { Delivery } from '../../domain/poll/poll-messages';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import { makePlanningCase, MEETING_GOAL, type NetworkMember } from '../support/poll-fixtures';

// The poll's use cases against the real embedded store: what they write, what they queue, and that
// answers given at the same moment are all kept.

const NOW = new Date('2026-11-23T09:00:00Z');
const ORGANISER = 'org-1';
const DELIVERY: Delivery = { reach: { serviceUrl: 'http://127.0.0.1:1/', botId: 'bot', tenantId: 't1' }, locale: 'nl-BE' };
const organiser = { userId: ORGANISER, isCoordinator: false };

/** 25 members on Teams (required: the GP and the referent) and a brother without Teams. */
const MEMBERS: NetworkMember[] = [
  { id: 'e-0', role: 'GP', name: 'Dr. Member 0', userId: 'user-0' },
  { id: 'e-1', role: 'Home nurse', name: 'Member 1', userId: 'user-1' },
  ...Array.from({ length: 23 }, (_, i) => ({ id: `e-${i + 2}`, role: 'Helper', name: `Member ${i + 2}`, userId: `user-${i + 2}` })),
  { id: 'e-brother', role: 'Brother', name: 'Karim Haddad', userId: null },
];

const NEW_POLL: NewCasePoll = {
  meetingGoal: MEETING_GOAL,
  slots: [
    { date: '2026-12-01', start: '10:00', end: '11:30', place: { kind: 'address', text: 'Rue Haute 12' } },
    { date: '2026-12-02', start: '14:00', end: '15:30', place: { kind: 'online', url: 'https://teams.microsoft.com/l/meetup-join/x' } },
  ],
  deadline: { date: '2026-11-27', time: '17:00' },
  options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: false },
  required: {},
};

describe('poll use cases', () => {
  let dir: string;
  let stores: Stores;
  let deps: PollDeps;
  let c: Case;
  let queued: string[];
  let n = 0;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-poll-'));
    stores = await openEmbeddedStores(dir);
    deps = { stores, ids: { newId: () => `id-${++n}` } };
    c = makePlanningCase(ORGANISER, MEMBERS);
    await stores.cases.insert(c);
    queued = [];
    const enqueue = stores.outbox.enqueue.bind(stores.outbox);
    stores.outbox.enqueue = async (message, at) => {
      const result = await enqueue(message, at);
      if (result === 'queued') queued.push(message.key);
      return result;
    };
  });
  afterEach(async () => {
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const slotIds = async (pollId: string) => (await stores.polls.findById(pollId))!.slots.map((s) => s.id);
  /** The keys of the messages queued (not refused as duplicates) that start with `prefix`. */
  const keys = async (prefix: string) => queued.filter((k) => k.startsWith(prefix)).sort();

  it('sends the poll to everyone on Teams and the summary to the thread, with no personal data in the outbox', async () => {
    const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
    expect(poll.participants).toHaveLength(27);
    expect(poll.participants.filter((p) => p.required).map((p) => p.id)).toEqual(['person', 'e-0', 'e-1']);
    const cards = await keys(`poll:${poll.id}:`);
    expect(cards).toContain(`poll:${poll.id}:summary`);
    expect(cards.filter((k) => k.includes(':card:'))).toHaveLength(25);
    const payloads = JSON.stringify(await stores.outbox.findByKey(`poll:${poll.id}:card:e-0:round:v1`));
    expect(payloads).toContain('"view":"poll_vote"');
    for (const secret of ['Member', 'Haddad', MEETING_GOAL, 'Rue Haute']) expect(payloads).not.toContain(secret);
    expect((await stores.audit.listByCase(c.id)).map((e) => e.action)).toEqual(['poll.created']);
  });

  it('keeps all 50 answers given at the same moment by 25 people on 2 slots: one atomic write each, the poll untouched', async () => {
    const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
    const [s1, s2] = await slotIds(poll.id);
    const clicks = MEMBERS.filter((m) => m.userId).flatMap((m, i) =>
      [s1!, s2!].map((slotId, j) =>
        castParticipantVotes(deps, { userId: m.userId!, isCoordinator: false }, poll.id, [{ slotId, answer: (i + j) % 3 === 0 ? 'no' : 'yes' }], `click-${m.id}-${j}`, NOW),
      ),
    );
    expect(clicks).toHaveLength(50);
    await Promise.all(clicks);
    const votes = await stores.votes.listByPoll(poll.id);
    expect(votes).toHaveLength(50);
    expect(new Set(votes.map((v) => `${v.participantId}/${v.slotId}`)).size).toBe(50);
    expect(votes.find((v) => v.participantId === 'e-0' && v.slotId === s1)?.answer).toBe('no');
    expect(votes.find((v) => v.participantId === 'e-0' && v.slotId === s2)?.answer).toBe('yes');
    expect(await stores.polls.findById(poll.id)).toEqual(poll);
    expect((await stores.audit.listByCase(c.id)).filter((e) => e.action === 'poll.voted')).toHaveLength(50);
    // the thread's summary card is brought up to date; the votes share the update that waits to be
    // sent (it renders the tally when sent), except where two enqueues raced
    const updates = (await keys(`poll:${poll.id}:summary:update:vote:`)).length;
    expect(updates).toBeGreaterThanOrEqual(1);
    expect(updates).toBeLessThan(50);
  });

  it('schedules the case when the date is set, keeps it scheduled on a move, and sends it back to planning on a cancel', async () => {
    const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
    const [s1, s2] = await slotIds(poll.id);
    const set = await chooseMeetingSlot(deps, organiser, poll.id, { slotId: s1! }, DELIVERY, NOW);
    expect(set).toMatchObject({ moved: false, c: { status: 'scheduled' }, poll: { status: 'finalised', icsSequence: 0 } });
    const moved = await chooseMeetingSlot(deps, organiser, poll.id, { slotId: s2! }, DELIVERY, NOW);
    expect(moved).toMatchObject({ moved: true, c: { status: 'scheduled' }, poll: { icsSequence: 1, finalSlotId: s2 } });
    const cancelled = await cancelCasePoll(deps, organiser, poll.id, DELIVERY, NOW);
    expect(cancelled).toMatchObject({ c: { status: 'planning' }, poll: { status: 'cancelled', icsSequence: 2, calendarEntry: { cancelled: true } } });
    const history = (await stores.cases.findById(c.id))!.statusHistory.map((s) => s.to);
    expect(history.slice(-3)).toEqual(['planning', 'scheduled', 'planning']);
    // each .ics went out once per participant on Teams: the invitation, its update, the cancellation
    const invitations = await keys(`poll:${poll.id}:invitation:e-0:`);
    expect(invitations).toEqual([`poll:${poll.id}:invitation:e-0:cancel:seq2`, `poll:${poll.id}:invitation:e-0:request:seq0`, `poll:${poll.id}:invitation:e-0:request:seq1`]);

    // the next poll for the same meeting takes over the calendar entry: same UID, the sequence goes on
    const next = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
    expect(next.poll).toMatchObject({ id: `${c.id}:1:2`, icsUid: poll.icsUid, icsSequence: 2 });
    const again = await chooseMeetingSlot(deps, organiser, next.poll.id, { slotId: (await slotIds(next.poll.id))[0]! }, DELIVERY, NOW);
    expect(again.poll.icsSequence).toBe(3);
  });

  it('refuses to set a date for a case that cannot be scheduled, and writes nothing', async () => {
    const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
    const [s1] = await slotIds(poll.id);
    const current = (await stores.cases.findById(c.id))!;
    await stores.cases.replaceIfVersion({ ...current, status: 'preparing', version: current.version + 1 }, current.version);
    await expect(chooseMeetingSlot(deps, organiser, poll.id, { slotId: s1! }, DELIVERY, NOW)).rejects.toMatchObject({ code: 'case.transition_not_allowed' });
    expect(await stores.polls.findById(poll.id)).toEqual(poll);
  });

  it('reopens a set meeting: the case is planning again and everyone on Teams is asked again', async () => {
    const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
    await chooseMeetingSlot(deps, organiser, poll.id, { slotId: (await slotIds(poll.id))[0]! }, DELIVERY, NOW);
    const reopened = await reopenCasePoll(deps, organiser, poll.id, { date: '2026-11-30', time: '12:00' }, DELIVERY, NOW);
    expect(reopened).toMatchObject({ c: { status: 'planning' }, poll: { status: 'open', finalSlotId: null } });
    expect((await keys(`poll:${poll.id}:card:e-0:`)).length).toBe(2);
  });

  it('lets only the organiser and the participants download the calendar file, and only the organiser the printable invitation', async () => {
    const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
    await expect(openPollFile(deps, ORGANISER, poll.id, 'ics', NOW)).rejects.toMatchObject({ code: 'poll.no_calendar_entry' });
    await chooseMeetingSlot(deps, organiser, poll.id, { slotId: (await slotIds(poll.id))[0]! }, DELIVERY, NOW);
    expect((await openPollFile(deps, ORGANISER, poll.id, 'print', NOW)).poll.id).toBe(poll.id);
    expect((await openPollFile(deps, 'user-3', poll.id, 'ics', NOW)).poll.id).toBe(poll.id);
    for (const [user, kind] of [['user-3', 'print'], ['stranger', 'ics'], ['stranger', 'print']] as const) {
      await expect(openPollFile(deps, user, poll.id, kind, NOW)).rejects.toEqual(new DomainError('access.denied'));
    }
    expect((await stores.audit.listByCase(c.id)).filter((e) => e.action === 'poll.file_downloaded')).toHaveLength(2);
  });

  it('queues each reminder once, even when two instances run the job at the same moment', async () => {
    const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
    const [s1, s2] = await slotIds(poll.id);
    await castParticipantVotes(deps, { userId: 'user-0', isCoordinator: false }, poll.id, [{ slotId: s1!, answer: 'yes' }, { slotId: s2!, answer: 'no' }], 'click', NOW);
    const thursday = new Date('2026-11-26T07:10:00Z');
    const reminderDeps = { stores };
    const [a, b] = await Promise.all([runPollReminders(reminderDeps, thursday, DEFAULT_REMINDER_CONFIG), runPollReminders(reminderDeps, thursday, DEFAULT_REMINDER_CONFIG)]);
    // 24 on Teams who have not answered, plus the organiser for the person and the brother
    expect(a.reminders + b.reminders).toBe(26);
    const reminders = await keys(`poll:${poll.id}:remind:`);
    expect(reminders).toHaveLength(26);
    expect(reminders).not.toContain(expect.stringContaining(':e-0:'));
    expect(await stores.outbox.findByKey(reminders.find((k) => k.includes(':person:'))!)).toMatchObject({ userId: ORGANISER, payload: { view: 'poll_manage', notice: 'call_participant', participantId: 'person' } });
  });

  it('sends nothing more about the poll of a case withdrawn meanwhile', async () => {
    await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
    const current = (await stores.cases.findById(c.id))!;
    await stores.cases.replaceIfVersion({ ...current, status: 'withdrawn', version: current.version + 1 }, current.version);
    const thursday = new Date('2026-11-26T07:10:00Z');
    expect(await runPollReminders({ stores }, thursday, DEFAULT_REMINDER_CONFIG)).toEqual({ polls: 0, closed: 0, reminders: 0, notices: 0 });
  });

  describe('the poll of a meeting no longer being planned is frozen: a refused change writes and queues nothing', () => {
    const AFTER_MEETING = new Date('2026-12-01T11:00:00Z');

    /** Moves the stored case along `path`, as the status table allows (the meeting held, follow-up...). */
    async function moveCaseAlong(path: readonly CaseStatus[]): Promise<Case> {
      let current = (await stores.cases.findById(c.id))!;
      for (const to of path) {
        const next = transitionCase(current, to, ORGANISER, AFTER_MEETING);
        expect(await stores.cases.replaceIfVersion(next, current.version)).toBe(true);
        current = next;
      }
      return current;
    }

    /** Runs every change of the poll; each must be refused with `code`, leaving poll, votes, case, audit and outbox as they were. */
    async function expectAllRefused(pollId: string, codes: Record<string, string>) {
      const before = { poll: await stores.polls.findById(pollId), votes: await stores.votes.listByPoll(pollId), c: await stores.cases.findById(c.id), audit: (await stores.audit.listByCase(c.id)).length, queued: queued.length };
      const [s1, s2] = await slotIds(pollId);
      const changes: Record<string, () => Promise<unknown>> = {
        move: () => chooseMeetingSlot(deps, organiser, pollId, { slotId: s2!, confirmRequiredNo: true }, DELIVERY, AFTER_MEETING),
        reopen: () => reopenCasePoll(deps, organiser, pollId, { date: '2026-12-10', time: '17:00' }, DELIVERY, AFTER_MEETING),
        cancel: () => cancelCasePoll(deps, organiser, pollId, DELIVERY, AFTER_MEETING),
        vote: () => castParticipantVotes(deps, { userId: 'user-1', isCoordinator: false }, pollId, [{ slotId: s1!, answer: 'no' }], 'late-click', AFTER_MEETING),
        proxyVote: () => castProxyVotes(deps, organiser, pollId, 'e-brother', [{ slotId: s1!, answer: 'no' }], 'late-proxy', AFTER_MEETING),
        addSlot: () => addPollSlot(deps, organiser, pollId, { date: '2026-12-20', start: '10:00', end: '11:00', place: { kind: 'address', text: 'CPAS' } }, DELIVERY, AFTER_MEETING),
        close: () => closeCasePoll(deps, organiser, pollId, AFTER_MEETING),
        deadline: () => changeCasePollDeadline(deps, organiser, pollId, { date: '2026-12-10', time: '17:00' }, DELIVERY, AFTER_MEETING),
      };
      for (const [name, change] of Object.entries(changes)) {
        await expect(change().then(() => `${name}: accepted`)).rejects.toMatchObject({ code: codes[name] ?? 'poll.frozen' });
      }
      expect(await stores.polls.findById(pollId)).toEqual(before.poll);
      expect(await stores.votes.listByPoll(pollId)).toEqual(before.votes);
      expect(await stores.cases.findById(c.id)).toEqual(before.c);
      expect((await stores.audit.listByCase(c.id)).length).toBe(before.audit);
      expect(queued.slice(before.queued)).toEqual([]);
    }

    it('after the meeting was held: no move, reopen, cancel or answer; the case-status ones say the status table refuses them', async () => {
      const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
      await chooseMeetingSlot(deps, organiser, poll.id, { slotId: (await slotIds(poll.id))[0]! }, DELIVERY, NOW);
      await moveCaseAlong(['held']);
      // moving or reopening would take the case from held back to scheduled or planning
      await expectAllRefused(poll.id, { move: 'case.transition_not_allowed', reopen: 'case.transition_not_allowed', cancel: 'case.transition_not_allowed' });
    });

    it('in follow-up and once closed, likewise', async () => {
      const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
      await chooseMeetingSlot(deps, organiser, poll.id, { slotId: (await slotIds(poll.id))[0]! }, DELIVERY, NOW);
      const codes = { move: 'case.transition_not_allowed', reopen: 'case.transition_not_allowed', cancel: 'case.transition_not_allowed' };
      await moveCaseAlong(['held', 'follow_up']);
      await expectAllRefused(poll.id, codes);
      await moveCaseAlong(['closed']);
      await expectAllRefused(poll.id, codes);
    });

    it("in the next consultation cycle, the earlier meeting's poll stays as it was, though the case is planning again", async () => {
      const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
      await chooseMeetingSlot(deps, organiser, poll.id, { slotId: (await slotIds(poll.id))[0]! }, DELIVERY, NOW);
      await moveCaseAlong(['held', 'follow_up', 'preparing', 'planning']);
      await expectAllRefused(poll.id, {});
    });

    it('an open poll of a case sent back to preparation takes no answers and sends no reminders', async () => {
      const { poll } = await createCasePoll(deps, organiser, c.id, NEW_POLL, DELIVERY, NOW);
      await moveCaseAlong(['preparing']);
      await expectAllRefused(poll.id, { move: 'case.transition_not_allowed' });
      const thursday = new Date('2026-11-26T07:10:00Z');
      expect(await runPollReminders({ stores }, thursday, DEFAULT_REMINDER_CONFIG)).toEqual({ polls: 0, closed: 0, reminders: 0, notices: 0 });
    });
  });
});
