import type { Stores } from '../../domain/ports';
import type { Case } from '../../domain/case/case';
import type { Poll, Vote } from '../../domain/poll/poll';
import { makeCase, makeDraft } from '../support/fixtures';
import { startReport } from '../../domain/report/draft';

export type OpenStores = () => Promise<{ stores: Stores; cleanup: () => Promise<void> }>;

const T0 = new Date('2026-11-23T10:00:00Z');
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

/**
 * The one behaviour every store must have. Each store's test file calls this with a way to open a
 * fresh, empty store.
 */
export function describeStoreContract(name: string, open: OpenStores): void {
  describe(`store contract: ${name}`, () => {
    let stores: Stores;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ stores, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('is ready once open', () => {
      expect(stores.isReady()).toBe(true);
    });

    describe('drafts', () => {
      it('stores a draft with its dates and nested data intact', async () => {
        const draft = makeDraft({ data: { person: { firstName: 'Ana', languages: ['fr', 'ar'] } } });
        await stores.drafts.insert(draft);
        const found = await stores.drafts.findById(draft.id);
        expect(found).toEqual(draft);
        expect(found?.createdAt).toBeInstanceOf(Date);
      });

      it('replaces only when the version still matches (compare-and-set)', async () => {
        const draft = makeDraft();
        await stores.drafts.insert(draft);
        const first = { ...draft, step: 'person' as const, version: 2 };
        const second = { ...draft, step: 'situation' as const, version: 2 };
        expect(await stores.drafts.replaceIfVersion(first, 1)).toBe(true);
        expect(await stores.drafts.replaceIfVersion(second, 1)).toBe(false);
        expect((await stores.drafts.findById(draft.id))?.step).toBe('person');
      });

      it('lets exactly one of many concurrent writers of the same version win', async () => {
        const draft = makeDraft();
        await stores.drafts.insert(draft);
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) => stores.drafts.replaceIfVersion({ ...draft, data: { requester: { contact: `c${i}` } }, version: 2 }, 1)),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it('lists the open drafts of one owner, newest first', async () => {
        await stores.drafts.insert(makeDraft({ id: 'a', ownerId: 'u1', updatedAt: at(1) }));
        await stores.drafts.insert(makeDraft({ id: 'b', ownerId: 'u1', updatedAt: at(5) }));
        await stores.drafts.insert(makeDraft({ id: 'c', ownerId: 'u1', status: 'submitted' }));
        await stores.drafts.insert(makeDraft({ id: 'd', ownerId: 'u2' }));
        expect((await stores.drafts.listOpenByOwner('u1')).map((d) => d.id)).toEqual(['b', 'a']);
        expect(await stores.drafts.countOpen()).toBe(3);
      });

      it('deletes a draft', async () => {
        const draft = makeDraft();
        await stores.drafts.insert(draft);
        await stores.drafts.delete(draft.id);
        expect(await stores.drafts.findById(draft.id)).toBeNull();
      });
    });

    describe('cases', () => {
      it('stores a case and finds it by id, by draft and by requester', async () => {
        const c = makeCase({ requesterId: 'req-1' });
        expect(await stores.cases.insert(c)).toBe('inserted');
        expect(await stores.cases.findById(c.id)).toEqual(c);
        expect((await stores.cases.findByDraftId(c.draftId))?.id).toBe(c.id);
        expect((await stores.cases.listByRequester('req-1')).map((x) => x.id)).toEqual([c.id]);
      });

      it('refuses a second case for the same draft or with the same reference', async () => {
        const c = makeCase();
        await stores.cases.insert(c);
        expect(await stores.cases.insert(makeCase({ draftId: c.draftId }))).toBe('duplicate');
        expect(await stores.cases.insert(makeCase({ reference: c.reference }))).toBe('duplicate');
      });

      it('replaces only when the version still matches', async () => {
        const c = makeCase();
        await stores.cases.insert(c);
        expect(await stores.cases.replaceIfVersion({ ...c, status: 'assigned', version: 2 }, 1)).toBe(true);
        expect(await stores.cases.replaceIfVersion({ ...c, status: 'withdrawn', version: 2 }, 1)).toBe(false);
        expect((await stores.cases.findById(c.id))?.status).toBe('assigned');
      });
    });

    describe('cases per organiser and in all', () => {
      it('counts the open cases of each organiser, not the closed or refused ones', async () => {
        await stores.cases.insert(makeCase({ organiserId: 'o1', status: 'preparing' }));
        await stores.cases.insert(makeCase({ organiserId: 'o1', status: 'planning' }));
        await stores.cases.insert(makeCase({ organiserId: 'o1', status: 'closed' }));
        await stores.cases.insert(makeCase({ organiserId: 'o2', status: 'assigned' }));
        await stores.cases.insert(makeCase({ organiserId: null, status: 'awaiting_assignment' }));
        expect(Object.fromEntries(await stores.cases.countOpenByOrganiser())).toEqual({ o1: 2, o2: 1 });
        expect(await stores.cases.listAll()).toHaveLength(5);
      });
    });

    describe('open cases involving a user ("My cases")', () => {
      const member = (id: string, userId: string | null, invited = true) => ({
        id,
        role: 'GP',
        name: 'A. Member',
        organisation: null,
        contact: null,
        userId,
        mandate: null,
        invited,
        notInvitedReason: null,
        isSupporter: false,
      });
      const withNetwork = (reference: string, status: Case['status'], organiserId: string | null, members: ReturnType<typeof member>[]) => {
        const c = makeCase({ reference, status, organiserId });
        return { ...c, preparation: { ...c.preparation, network: members } };
      };

      it('finds the open cases a user organises or is in the network of, once each, by reference', async () => {
        const cases = [
          withNetwork('MKO-2026-0005', 'preparing', 'u1', []),
          withNetwork('MKO-2026-0002', 'planning', 'o2', [member('e1', null), member('e2', 'u1')]),
          // not invited (yet): still found, the access rules decide what is shown
          withNetwork('MKO-2026-0003', 'scheduled', 'o2', [member('e1', 'u1', false)]),
          // organiser and in the network: one case, listed once
          withNetwork('MKO-2026-0001', 'follow_up', 'u1', [member('e1', 'u1')]),
          // asked to organise, not yet accepted: found too
          withNetwork('MKO-2026-0004', 'assigned', 'u1', []),
          withNetwork('MKO-2026-0006', 'closed', 'u1', [member('e1', 'u1')]),
          withNetwork('MKO-2026-0007', 'withdrawn', 'o2', [member('e1', 'u1')]),
          withNetwork('MKO-2026-0008', 'refused', null, [member('e1', 'u1')]),
          withNetwork('MKO-2026-0009', 'preparing', 'o2', [member('e1', 'u2'), member('e2', null)]),
          withNetwork('MKO-2026-0010', 'awaiting_assignment', null, []),
        ];
        for (const c of cases) await stores.cases.insert(c);
        const found = await stores.cases.listOpenInvolving('u1');
        expect(found.map((c) => c.reference)).toEqual(['MKO-2026-0001', 'MKO-2026-0002', 'MKO-2026-0003', 'MKO-2026-0004', 'MKO-2026-0005']);
        expect(found.find((c) => c.reference === 'MKO-2026-0002')).toEqual(cases[1]);
        expect((await stores.cases.listOpenInvolving('u2')).map((c) => c.reference)).toEqual(['MKO-2026-0009']);
        expect(await stores.cases.listOpenInvolving('nobody')).toEqual([]);
      });

      it('follows a case as it changes: a member added, the case closed', async () => {
        const c = withNetwork('MKO-2026-0011', 'preparing', 'o2', []);
        await stores.cases.insert(c);
        expect(await stores.cases.listOpenInvolving('u3')).toEqual([]);
        const added = { ...c, preparation: { ...c.preparation, network: [member('e1', 'u3')] }, version: 2 };
        expect(await stores.cases.replaceIfVersion(added, 1)).toBe(true);
        expect((await stores.cases.listOpenInvolving('u3')).map((x) => x.id)).toEqual([c.id]);
        expect(await stores.cases.replaceIfVersion({ ...added, status: 'closed', version: 3 }, 2)).toBe(true);
        expect(await stores.cases.listOpenInvolving('u3')).toEqual([]);
      });
    });

    describe('organisers', () => {
      const organiser = (id: string, name: string, status: 'active' | 'paused' | 'removed' = 'active') => ({
        id,
        name,
        email: null,
        languages: ['fr' as const, 'nl' as const],
        background: 'social_worker' as const,
        status,
        addedBy: 'coord',
        addedAt: T0,
        updatedAt: T0,
        version: 1,
      });

      it('keeps the pool by name, without removed organisers', async () => {
        await stores.organisers.upsert(organiser('b', 'Zoë'));
        await stores.organisers.upsert(organiser('a', 'Anne', 'paused'));
        await stores.organisers.upsert(organiser('c', 'Carl', 'removed'));
        expect((await stores.organisers.listPool()).map((o) => o.id)).toEqual(['a', 'b']);
        expect(await stores.organisers.findById('c')).toMatchObject({ status: 'removed', languages: ['fr', 'nl'] });
      });

      it('updates an organiser with compare-and-set', async () => {
        await stores.organisers.upsert(organiser('a', 'Anne'));
        expect(await stores.organisers.replaceIfVersion({ ...organiser('a', 'Anne', 'paused'), version: 2 }, 1)).toBe(true);
        expect(await stores.organisers.replaceIfVersion({ ...organiser('a', 'Anne', 'removed'), version: 2 }, 1)).toBe(false);
        expect((await stores.organisers.findById('a'))?.status).toBe('paused');
      });
    });

    describe('counters', () => {
      it('counts from 1 and never hands out a number twice, even concurrently', async () => {
        expect(await stores.counters.next('case-ref-2026')).toBe(1);
        const many = await Promise.all(Array.from({ length: 50 }, () => stores.counters.next('case-ref-2026')));
        expect(new Set(many).size).toBe(50);
        expect(Math.max(...many)).toBe(51);
        expect(await stores.counters.next('case-ref-2027')).toBe(1);
      });
    });

    describe('conversation references', () => {
      it('keeps the latest reference per user', async () => {
        const ref = {
          userId: 'u1',
          tenantId: 't1',
          serviceUrl: 'http://127.0.0.1:1/',
          conversationId: 'conv-1',
          channelId: 'msteams',
          botId: 'bot',
          botName: 'MKO',
          locale: 'fr-BE',
          updatedAt: T0,
        };
        await stores.conversations.upsert(ref);
        await stores.conversations.upsert({ ...ref, conversationId: 'conv-2', updatedAt: at(10) });
        expect(await stores.conversations.findByUser('u1')).toEqual({ ...ref, conversationId: 'conv-2', updatedAt: at(10) });
        expect(await stores.conversations.findByUser('nobody')).toBeNull();
      });
    });

    describe('settings', () => {
      it('remembers the cases channel', async () => {
        expect(await stores.settings.getCasesChannel()).toBeNull();
        const channel = {
          teamId: 'team-1',
          channelId: 'chan-1',
          tenantId: 't1',
          serviceUrl: 'http://127.0.0.1:1/',
          botId: 'bot',
          locale: 'fr-BE',
          setBy: 'coord',
          setAt: T0,
        };
        await stores.settings.setCasesChannel(channel);
        await stores.settings.setCasesChannel({ ...channel, channelId: 'chan-2' });
        expect(await stores.settings.getCasesChannel()).toEqual({ ...channel, channelId: 'chan-2' });
      });
    });

    describe('outbox', () => {
      const message = (key: string) => ({ key, kind: 'direct_card' as const, caseId: null, userId: 'u1', payload: { card: 'x' } });

      it('queues a message once per idempotency key', async () => {
        expect(await stores.outbox.enqueue(message('k1'), T0)).toBe('queued');
        expect(await stores.outbox.enqueue(message('k1'), T0)).toBe('duplicate');
        const found = await stores.outbox.findByKey('k1');
        expect(found).toMatchObject({ key: 'k1', status: 'pending', attempts: 0, payload: { card: 'x' } });
      });

      it('does not queue a message whose coalesce key is on one still waiting to be sent, and queues it again once that one is claimed', async () => {
        const update = (key: string) => ({ ...message(key), coalesce: 'poll:p1:summary:update' });
        expect(await stores.outbox.enqueue(update('u1'), T0)).toBe('queued');
        expect(await stores.outbox.enqueue(update('u2'), at(1))).toBe('duplicate');
        expect(await stores.outbox.findByKey('u2')).toBeNull();
        // another card's updates are not held back, nor are messages without a coalesce key
        expect(await stores.outbox.enqueue({ ...message('v1'), coalesce: 'poll:p2:summary:update' }, at(1))).toBe('queued');
        expect(await stores.outbox.enqueue(message('w1'), at(1))).toBe('queued');
        // once claimed the waiting one is being rendered: a later change needs its own update
        const claimed = await stores.outbox.claimDue(at(2), 30_000, 10);
        expect(claimed.map((m) => m.key).sort()).toEqual(['u1', 'v1', 'w1']);
        expect(claimed.find((m) => m.key === 'u1')).toMatchObject({ coalesce: 'poll:p1:summary:update' });
        expect(await stores.outbox.enqueue(update('u3'), at(3))).toBe('queued');
        // deferred (back to waiting, e.g. by the rate limit): it holds the next one back again
        await stores.outbox.defer(claimed.find((m) => m.key === 'u1')!.id, at(60), at(3));
        expect(await stores.outbox.enqueue(update('u4'), at(4))).toBe('duplicate');
        expect((await stores.outbox.findByKey('w1'))!.coalesce).toBeNull();
      });

      it('claims due messages once, even with two dispatchers claiming at the same moment', async () => {
        for (let i = 0; i < 10; i++) await stores.outbox.enqueue(message(`k${i}`), T0);
        const [a, b] = await Promise.all([stores.outbox.claimDue(at(1), 30_000, 10), stores.outbox.claimDue(at(1), 30_000, 10)]);
        const ids = [...a, ...b].map((m) => m.id);
        expect(ids).toHaveLength(10);
        expect(new Set(ids).size).toBe(10);
        expect(await stores.outbox.claimDue(at(2), 30_000, 10)).toEqual([]);
      });

      it('defers a message without counting an attempt', async () => {
        await stores.outbox.enqueue(message('k'), T0);
        const [m] = await stores.outbox.claimDue(T0, 30_000, 5);
        await stores.outbox.defer(m!.id, at(30), at(1));
        expect(await stores.outbox.claimDue(at(29), 30_000, 5)).toEqual([]);
        expect(await stores.outbox.claimDue(at(30), 30_000, 5)).toMatchObject([{ key: 'k', attempts: 0 }]);
      });

      it('gives a claimed message back after its lease expires (the claimer crashed)', async () => {
        await stores.outbox.enqueue(message('k'), T0);
        expect(await stores.outbox.claimDue(T0, 30_000, 5)).toHaveLength(1);
        expect(await stores.outbox.claimDue(at(29), 30_000, 5)).toHaveLength(0);
        expect(await stores.outbox.claimDue(at(31), 30_000, 5)).toHaveLength(1);
      });

      it('does not claim a message before its retry time, nor a sent, failed or parked one', async () => {
        await stores.outbox.enqueue(message('retry'), T0);
        await stores.outbox.enqueue(message('sent'), T0);
        await stores.outbox.enqueue(message('failed'), T0);
        await stores.outbox.enqueue(message('parked'), T0);
        const claimed = await stores.outbox.claimDue(T0, 30_000, 10);
        const byKey = new Map(claimed.map((m) => [m.key, m.id]));
        await stores.outbox.reschedule(byKey.get('retry')!, at(60), 'HTTP 503', at(1));
        await stores.outbox.markSent(byKey.get('sent')!, 'activity-1', at(1));
        await stores.outbox.markFailed(byKey.get('failed')!, 'HTTP 403', at(1));
        await stores.outbox.parkUntilChannel(byKey.get('parked')!, at(1));
        expect(await stores.outbox.claimDue(at(59), 30_000, 10)).toEqual([]);
        expect((await stores.outbox.claimDue(at(60), 30_000, 10)).map((m) => m.key)).toEqual(['retry']);
        expect(await stores.outbox.findByKey('sent')).toMatchObject({ status: 'sent', sentActivityId: 'activity-1', attempts: 1 });
        expect(await stores.outbox.findByKey('failed')).toMatchObject({ status: 'failed', lastError: 'HTTP 403' });
        expect(await stores.outbox.countByStatus()).toEqual({ pending: 0, sending: 1, waiting_channel: 1, sent: 1, failed: 1 });
        expect(await stores.outbox.releaseParked(at(70))).toBe(1);
        expect((await stores.outbox.claimDue(at(70), 30_000, 10)).map((m) => m.key)).toEqual(['parked']);
      });

      it('claims the oldest created first among the due ones: a retry goes before newer messages', async () => {
        await stores.outbox.enqueue(message('retried'), T0);
        const [first] = await stores.outbox.claimDue(T0, 30_000, 5);
        await stores.outbox.reschedule(first!.id, at(60), 'HTTP 429', at(1));
        for (let i = 1; i <= 4; i++) await stores.outbox.enqueue(message(`new-${i}`), at(10 + i));
        await stores.outbox.enqueue(message('not-due'), at(61));
        expect((await stores.outbox.claimDue(at(60), 30_000, 2)).map((m) => m.key)).toEqual(['retried', 'new-1']);
        expect((await stores.outbox.claimDue(at(60), 30_000, 10)).map((m) => m.key)).toEqual(['new-2', 'new-3', 'new-4']);
      });

      it('records a delivery under the lease of the claim that sent it, and keeps it for the next claim', async () => {
        await stores.outbox.enqueue(message('k'), T0);
        const [claimed] = await stores.outbox.claimDue(T0, 30_000, 5);
        expect(claimed).toMatchObject({ deliveredAt: null, sentActivityId: null, sentConversationId: null });
        const delivery = { activityId: 'act-1', conversationId: 'a:chat-1' };
        expect(await stores.outbox.recordDelivery(claimed!.id, claimed!.leaseUntil!, delivery, at(1))).toBe(true);
        expect(await stores.outbox.findByKey('k')).toMatchObject({ status: 'sending', sentActivityId: 'act-1', sentConversationId: 'a:chat-1', deliveredAt: at(1), attempts: 0 });
        // the claimer died before marking it sent: the next claim sees what Teams answered
        const [again] = await stores.outbox.claimDue(at(31), 30_000, 5);
        expect(again).toMatchObject({ key: 'k', sentActivityId: 'act-1', sentConversationId: 'a:chat-1', deliveredAt: at(1) });
        // the first claim's lease is gone: it may no longer write a delivery
        expect(await stores.outbox.recordDelivery(claimed!.id, claimed!.leaseUntil!, { activityId: 'act-2', conversationId: null }, at(32))).toBe(false);
        await stores.outbox.markSent(again!.id, again!.sentActivityId, at(33));
        expect(await stores.outbox.findByKey('k')).toMatchObject({ status: 'sent', sentActivityId: 'act-1', deliveredAt: at(1), attempts: 1 });
        expect(await stores.outbox.claimDue(at(120), 30_000, 5)).toEqual([]);
      });

      it('keeps a recorded delivery when the message is rescheduled', async () => {
        await stores.outbox.enqueue(message('k'), T0);
        const [claimed] = await stores.outbox.claimDue(T0, 30_000, 5);
        await stores.outbox.recordDelivery(claimed!.id, claimed!.leaseUntil!, { activityId: 'act-1', conversationId: null }, at(1));
        await stores.outbox.reschedule(claimed!.id, at(10), 'bookkeeping failed', at(2));
        expect(await stores.outbox.claimDue(at(10), 30_000, 5)).toMatchObject([{ key: 'k', sentActivityId: 'act-1', deliveredAt: at(1), attempts: 1 }]);
      });

      it('tells when the next message falls due: a pending one at its time, a sending one at its lease end', async () => {
        expect(await stores.outbox.nextDueAt()).toBeNull();
        await stores.outbox.enqueue(message('a'), T0);
        expect(await stores.outbox.nextDueAt()).toEqual(T0);
        const [a] = await stores.outbox.claimDue(T0, 30_000, 5);
        expect(await stores.outbox.nextDueAt()).toEqual(at(30));
        await stores.outbox.enqueue(message('b'), at(5));
        const [b] = await stores.outbox.claimDue(at(5), 30_000, 5);
        await stores.outbox.defer(b!.id, at(20), at(6));
        expect(await stores.outbox.nextDueAt()).toEqual(at(20));
        await stores.outbox.markSent(a!.id, null, at(7));
        await stores.outbox.parkUntilChannel(b!.id, at(7));
        expect(await stores.outbox.nextDueAt()).toBeNull();
      });
    });

    describe('figures and retention support', () => {
      it('lists every open draft, oldest first, and no submitted one', async () => {
        await stores.drafts.insert(makeDraft({ id: 'late', ownerId: 'u1', createdAt: at(9) }));
        await stores.drafts.insert(makeDraft({ id: 'early', ownerId: 'u2', createdAt: at(1) }));
        await stores.drafts.insert(makeDraft({ id: 'done', status: 'submitted', createdAt: at(0) }));
        expect((await stores.drafts.listOpen()).map((d) => d.id)).toEqual(['early', 'late']);
      });

      it('deletes a draft only while it is open at the expected version (one of two claimers wins)', async () => {
        const draft = makeDraft({ version: 3 });
        await stores.drafts.insert(draft);
        expect(await stores.drafts.deleteIfVersion(draft.id, 2)).toBe(false);
        expect(await stores.drafts.findById(draft.id)).not.toBeNull();
        const results = await Promise.all([stores.drafts.deleteIfVersion(draft.id, 3), stores.drafts.deleteIfVersion(draft.id, 3)]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(await stores.drafts.findById(draft.id)).toBeNull();
        const submitted = makeDraft({ status: 'submitted' });
        await stores.drafts.insert(submitted);
        expect(await stores.drafts.deleteIfVersion(submitted.id, 1)).toBe(false);
      });

      it('finds a case by its reference, and nothing for an unknown one', async () => {
        const c = makeCase({ reference: 'MKO-2021-0007', purgedAt: at(5) });
        await stores.cases.insert(c);
        await stores.cases.insert(makeCase({ reference: 'MKO-2021-0008' }));
        expect(await stores.cases.findByReference('MKO-2021-0007')).toEqual(c);
        expect(await stores.cases.findByReference('MKO-2021-0070')).toBeNull();
      });

      it('reads the counters of one prefix without changing them, taking the prefix literally', async () => {
        await stores.counters.next('expired-drafts-2021');
        await stores.counters.next('expired-drafts-2021');
        await stores.counters.next('expired-drafts-2022');
        await stores.counters.next('case-ref-2021');
        await stores.counters.next('expired-draftsX2021');
        const read = Object.fromEntries(await stores.counters.listByPrefix('expired-drafts-'));
        expect(read).toEqual({ 'expired-drafts-2021': 2, 'expired-drafts-2022': 1 });
        expect(Object.fromEntries(await stores.counters.listByPrefix('expired-drafts-'))).toEqual(read);
        expect((await stores.counters.listByPrefix('.*')).size).toBe(0);
      });
    });

    describe('polls and votes', () => {
      const slot = (id: string, hours: number) => ({
        id,
        start: at(hours * 3600),
        end: at(hours * 3600 + 5400),
        place: { kind: 'address' as const, text: 'Rue Haute 12' },
        proposedBy: null,
        accepted: true,
      });
      const poll = (id: string, caseId: string, overrides: Partial<Poll> = {}): Poll => ({
        id,
        caseId,
        cycle: 1,
        organiserId: 'org',
        meetingGoal: 'Agree who helps with the move',
        slots: [slot('s1', 200), { ...slot('s2', 224), place: { kind: 'online', url: 'https://teams.microsoft.com/l/meetup-join/x' }, proposedBy: 'p2', accepted: false }],
        participants: [
          { id: 'person', userId: null, name: 'M. D.', role: 'person', required: true },
          { id: 'p2', userId: 'u2', name: 'Dr. A', role: 'GP', required: false },
        ],
        deadline: at(100),
        options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: true },
        status: 'open',
        finalSlotId: null,
        icsUid: `mko-${caseId}-1@mko-bot`,
        icsSequence: 0,
        calendarEntry: null,
        openedAt: T0,
        createdAt: T0,
        version: 1,
        ...overrides,
      });
      const vote = (participantId: string, slotId: string, answer: Vote['answer'], seconds: number, pollId = 'poll-1'): Vote => ({
        pollId,
        participantId,
        slotId,
        answer,
        recordedBy: participantId === 'person' ? 'org' : 'u2',
        recordedAt: at(seconds),
      });

      it('stores a poll with its dates and nested slots intact, once per id', async () => {
        const p = poll('poll-1', 'c1', { calendarEntry: { slot: slot('s1', 200), cancelled: false }, finalSlotId: 's1', status: 'finalised' });
        expect(await stores.polls.insert(p)).toBe('inserted');
        expect(await stores.polls.insert(poll('poll-1', 'c2'))).toBe('duplicate');
        const found = await stores.polls.findById('poll-1');
        expect(found).toEqual(p);
        expect(found?.slots[0]?.start).toBeInstanceOf(Date);
        expect(found?.calendarEntry?.slot.end).toBeInstanceOf(Date);
        expect(await stores.polls.findById('nope')).toBeNull();
      });

      it('deletes every poll of a case and their votes, and nothing of another case', async () => {
        await stores.polls.insert(poll('poll-1', 'c1'));
        await stores.polls.insert(poll('poll-2', 'c1'));
        await stores.polls.insert(poll('poll-3', 'c2'));
        await stores.votes.upsert(vote('p2', 's1', 'yes', 1, 'poll-1'));
        await stores.votes.upsert(vote('p2', 's1', 'yes', 1, 'poll-3'));
        expect((await stores.polls.deleteByCase('c1')).sort()).toEqual(['poll-1', 'poll-2']);
        await stores.votes.deleteByPolls(['poll-1', 'poll-2']);
        expect(await stores.polls.listByCase('c1')).toEqual([]);
        expect(await stores.votes.listByPoll('poll-1')).toEqual([]);
        expect(await stores.polls.findById('poll-3')).not.toBeNull();
        expect(await stores.votes.listByPoll('poll-3')).toHaveLength(1);
      });

      it('replaces a poll only when the version still matches (compare-and-set)', async () => {
        const p = poll('poll-1', 'c1');
        await stores.polls.insert(p);
        const results = await Promise.all([
          stores.polls.replaceIfVersion({ ...p, status: 'closed', version: 2 }, 1),
          stores.polls.replaceIfVersion({ ...p, status: 'cancelled', version: 2 }, 1),
        ]);
        expect(results.filter(Boolean)).toHaveLength(1);
        expect((await stores.polls.findById('poll-1'))?.version).toBe(2);
      });

      it('lists the polls of a case oldest first, and the polls in progress by deadline', async () => {
        await stores.polls.insert(poll('b', 'c1', { createdAt: at(5), status: 'cancelled' }));
        await stores.polls.insert(poll('a', 'c1', { createdAt: at(9), deadline: at(300) }));
        await stores.polls.insert(poll('c', 'c2', { status: 'closed', deadline: at(200) }));
        await stores.polls.insert(poll('d', 'c3', { status: 'finalised' }));
        expect((await stores.polls.listByCase('c1')).map((p) => p.id)).toEqual(['b', 'a']);
        expect((await stores.polls.listInProgress()).map((p) => p.id)).toEqual(['c', 'a']);
      });

      it('keeps one answer per participant and slot: a later answer replaces the earlier one', async () => {
        await stores.votes.upsert(vote('p2', 's1', 'no', 1));
        await stores.votes.upsert(vote('p2', 's1', 'if_need_be', 2));
        await stores.votes.upsert(vote('person', 's1', 'yes', 3));
        await stores.votes.upsert(vote('p2', 's1', 'yes', 4, 'poll-2'));
        expect(await stores.votes.listByPoll('poll-1')).toEqual([vote('p2', 's1', 'if_need_be', 2), vote('person', 's1', 'yes', 3)]);
        expect(await stores.votes.listByPoll('poll-2')).toEqual([vote('p2', 's1', 'yes', 4, 'poll-2')]);
      });

      it('gives back votes of the reader\'s own: changing one changes nothing stored', async () => {
        await stores.votes.upsert(vote('p2', 's1', 'no', 1));
        const [read] = await stores.votes.listByPoll('poll-1');
        read!.answer = 'yes';
        read!.recordedAt.setTime(0);
        (read as unknown as Record<string, unknown>).extra = true;
        expect(await stores.votes.listByPoll('poll-1')).toEqual([vote('p2', 's1', 'no', 1)]);
      });

      it('stores every one of 50 answers given at the same moment, and one document per key even when they race', async () => {
        const many = Array.from({ length: 50 }, (_, i) => vote(`p${i % 25}`, `s${i % 2}`, 'yes', i));
        await Promise.all(many.map((v) => stores.votes.upsert(v)));
        expect(await stores.votes.listByPoll('poll-1')).toHaveLength(50);
        await Promise.all(Array.from({ length: 20 }, (_, i) => stores.votes.upsert(vote('p0', 's0', i % 2 ? 'no' : 'if_need_be', 100 + i))));
        const p0s0 = (await stores.votes.listByPoll('poll-1')).filter((v) => v.participantId === 'p0' && v.slotId === 's0');
        expect(p0s0).toHaveLength(1);
        expect(['no', 'if_need_be']).toContain(p0s0[0]!.answer);
      });
    });

    describe('audit trail', () => {
      it('lists the entries of one case in time order', async () => {
        await stores.audit.append({ caseId: 'c1', at: at(2), actorId: 'u1', action: 'case.viewed' });
        await stores.audit.append({ caseId: 'c1', at: at(1), actorId: 'u1', action: 'case.created' });
        await stores.audit.append({ caseId: 'c2', at: at(1), actorId: 'u2', action: 'case.created' });
        expect((await stores.audit.listByCase('c1')).map((e) => e.action)).toEqual(['case.created', 'case.viewed']);
      });
    });

    describe('reports', () => {
      const draft = (caseId: string, cycle: number) =>
        startReport({ caseId, cycle, meetingId: `m-${caseId}-${cycle}` }, { referentEntryId: 'e1', referentConfirmedAt: T0 }, T0);

      it('stores one report per case and cycle, dates intact, and refuses a duplicate', async () => {
        const r = draft('c1', 1);
        expect(await stores.reports.insert(r)).toBe('inserted');
        expect(await stores.reports.insert(r)).toBe('duplicate');
        expect(await stores.reports.find('c1', 1)).toEqual(r);
        expect(await stores.reports.find('c1', 2)).toBeNull();
      });

      it('deletes the reports of one case only', async () => {
        await stores.reports.insert(draft('c1', 1));
        await stores.reports.insert(draft('c1', 2));
        await stores.reports.insert(draft('c2', 1));
        await stores.reports.deleteByCase('c1');
        expect(await stores.reports.listByCase('c1')).toEqual([]);
        expect(await stores.reports.listByCase('c2')).toHaveLength(1);
      });

      it('writes compare-and-set on the version and lists the reports being followed up', async () => {
        const r = draft('c1', 1);
        await stores.reports.insert(r);
        await stores.reports.insert(draft('c1', 2));
        await stores.reports.insert(draft('c2', 1));
        const sent = { ...r, status: 'sent' as const, sentAt: at(5), sentBy: 'u1', version: 2 };
        expect(await stores.reports.replaceIfVersion(sent, 1)).toBe(true);
        expect(await stores.reports.replaceIfVersion({ ...sent, version: 3 }, 1)).toBe(false);
        expect((await stores.reports.listFollowingUp()).map((x) => `${x.caseId}:${x.cycle}`)).toEqual(['c1:1']);
        expect((await stores.reports.listByCase('c1')).map((x) => x.cycle)).toEqual([1, 2]);
        const evaluated = { ...sent, evaluationOutcome: { at: at(9), by: 'u1', agreementsMet: 'all' as const, enough: true, decision: 'close' as const, reason: null }, version: 3 };
        expect(await stores.reports.replaceIfVersion(evaluated, 2)).toBe(true);
        expect(await stores.reports.listFollowingUp()).toEqual([]);
      });

      it('lists the reports whose follow-up check is due; every write makes it due at once, the check itself is compare-and-set', async () => {
        const key = (x: { caseId: string; cycle: number }) => `${x.caseId}:${x.cycle}`;
        const sent = (caseId: string) => ({ ...draft(caseId, 1), status: 'sent' as const, sentAt: at(5), sentBy: 'u1' });
        await stores.reports.insert(sent('c1'));
        await stores.reports.insert(sent('c2'));
        await stores.reports.insert(draft('c3', 1));
        // a new report being followed up is due whatever the clock says; a draft never is
        expect((await stores.reports.listFollowUpDue(at(0))).map(key)).toEqual(['c1:1', 'c2:1']);
        const v = sent('c1').version;
        expect(await stores.reports.setFollowUpCheck('c1', 1, v, at(60))).toBe(true);
        expect(await stores.reports.setFollowUpCheck('c2', 1, v, null)).toBe(true);
        expect(await stores.reports.setFollowUpCheck('c3', 1, v, at(1))).toBe(false);
        expect(await stores.reports.setFollowUpCheck('c1', 1, 7, at(1))).toBe(false);
        expect((await stores.reports.listFollowUpDue(at(59))).map(key)).toEqual([]);
        expect((await stores.reports.listFollowUpDue(at(60))).map(key)).toEqual(['c1:1']);
        // the check is the job's bookkeeping: the report itself is unchanged
        expect(await stores.reports.find('c1', 1)).toEqual(sent('c1'));
        // a change of the report makes its check due again
        const changed = { ...sent('c2'), version: v + 1 };
        expect(await stores.reports.replaceIfVersion(changed, v)).toBe(true);
        expect((await stores.reports.listFollowUpDue(at(59))).map(key)).toEqual(['c2:1']);
        const evaluated = { ...changed, evaluationOutcome: { at: at(9), by: 'u1', agreementsMet: 'all' as const, enough: true, decision: 'close' as const, reason: null }, version: v + 2 };
        expect(await stores.reports.replaceIfVersion(evaluated, v + 1)).toBe(true);
        expect((await stores.reports.listFollowUpDue(at(10_000))).map(key)).toEqual(['c1:1']);
      });
    });
  });
}
