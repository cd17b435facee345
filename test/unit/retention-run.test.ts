import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stores } from '../../domain/ports';
import type { Case } from '../../domain/case/case';
import { runRetention } from '../../domain/case/retention';
import { startReport } from '../../domain/report/draft';
import { getFigures } from '../../domain/case/figures';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import { buildCounterPrefixFilter } from '../../models/mongo/counters';
import { buildOpenDraftClaimFilter } from '../../models/mongo/drafts';
import { makeCase, makeDraft } from '../support/fixtures';

// The retention use case against the real embedded store: what it purges, what it keeps, and that
// running it twice (or twice at once, as two instances would) does the work once.

const NOW = new Date('2026-11-23T02:00:00Z');
const LONG_AGO = new Date('2023-03-01T10:00:00Z');
const RECENT = new Date('2026-06-01T10:00:00Z');

function ended(id: string, status: Case['status'], when: Date): Case {
  return makeCase({
    id,
    reference: `MKO-2023-${id}`,
    draftId: `draft-of-${id}`,
    status,
    submittedAt: LONG_AGO,
    statusHistory: [
      { from: null, to: 'submitted', at: LONG_AGO, by: 'user-1' },
      { from: 'submitted', to: status, at: when, by: 'system' },
    ],
    refusalReasons: status === 'refused' ? ['outside_brussels'] : [],
  });
}

describe('the retention run', () => {
  let dir: string;
  let stores: Stores;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-retention-'));
    stores = await openEmbeddedStores(dir);
    for (const c of [ended('old-closed', 'closed', LONG_AGO), ended('old-refused', 'refused', LONG_AGO), ended('new-closed', 'closed', RECENT), ended('running', 'preparing', LONG_AGO)]) {
      await stores.cases.insert(c);
      await stores.drafts.insert(makeDraft({ id: c.draftId, status: 'submitted', caseId: c.id, data: c.request, createdAt: LONG_AGO, updatedAt: LONG_AGO }));
    }
    await stores.drafts.insert(makeDraft({ id: 'stale', createdAt: new Date('2022-05-01T10:00:00Z'), updatedAt: LONG_AGO, data: { person: { firstName: 'Stale' } } }));
    await stores.drafts.insert(makeDraft({ id: 'fresh', createdAt: RECENT, updatedAt: RECENT, data: { requester: { role: 'professional' } } }));
  });
  afterEach(async () => {
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const coordinator = { userId: 'coord', isCoordinator: true };

  it("deletes the purged cases' polls, votes and reports, which name the network", async () => {
    const poll = { id: 'poll-old', caseId: 'old-closed', cycle: 1, organiserId: 'org', meetingGoal: 'Goal', slots: [], participants: [], deadline: LONG_AGO, options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: false }, status: 'finalised' as const, finalSlotId: null, icsUid: 'u', icsSequence: 0, calendarEntry: null, openedAt: LONG_AGO, createdAt: LONG_AGO, version: 1 };
    await stores.polls.insert(poll);
    await stores.polls.insert({ ...poll, id: 'poll-new', caseId: 'new-closed' });
    await stores.votes.upsert({ pollId: 'poll-old', participantId: 'p', slotId: 's', answer: 'yes', recordedBy: 'u', recordedAt: LONG_AGO });
    await stores.reports.insert(startReport({ caseId: 'old-closed', cycle: 1, meetingId: 'm' }, { referentEntryId: null, referentConfirmedAt: null }, LONG_AGO));
    await runRetention({ stores }, NOW, 730);
    expect(await stores.polls.listByCase('old-closed')).toEqual([]);
    expect(await stores.votes.listByPoll('poll-old')).toEqual([]);
    expect(await stores.reports.listByCase('old-closed')).toEqual([]);
    expect(await stores.polls.listByCase('new-closed')).toHaveLength(1);
  });

  it('deletes a stale draft nobody answered anything in without counting it as an incomplete request', async () => {
    await stores.drafts.insert(makeDraft({ id: 'empty', createdAt: new Date('2022-05-01T10:00:00Z'), updatedAt: LONG_AGO }));
    const before = await getFigures({ stores }, coordinator, 2022, NOW);
    expect(await runRetention({ stores }, NOW, 730)).toMatchObject({ deletedDrafts: 2 });
    expect(await stores.drafts.findById('empty')).toBeNull();
    const after = await getFigures({ stores }, coordinator, 2022, NOW);
    expect(after.byOutcome.incomplete).toBe(before.byOutcome.incomplete);
  });

  it('purges exactly the expired cases, deletes stale drafts, and keeps the figures', async () => {
    const before = await getFigures({ stores }, coordinator, null, NOW);
    expect(await runRetention({ stores }, NOW, 730)).toEqual({ purgedCases: 2, deletedDrafts: 1, skipped: 0 });

    const purged = (await stores.cases.listAll()).filter((c) => c.purgedAt).map((c) => c.id).sort();
    expect(purged).toEqual(['old-closed', 'old-refused']);
    expect((await stores.cases.findById('new-closed'))?.pseudonym).toBe('J. P.');
    expect((await stores.cases.findById('running'))?.request.person?.firstName).toBe('Jan');
    // the submitted drafts of purged cases held a copy of the request: gone too
    expect(await stores.drafts.findById('draft-of-old-closed')).toBeNull();
    expect(await stores.drafts.findById('draft-of-new-closed')).not.toBeNull();
    expect(await stores.drafts.findById('stale')).toBeNull();
    expect(await stores.drafts.findById('fresh')).not.toBeNull();

    expect((await stores.audit.listByCase('old-closed')).map((e) => [e.action, e.actorId])).toEqual([['case.purged', 'system']]);
    expect(await stores.outbox.findByKey('case:old-closed:refresh:v2')).toMatchObject({ kind: 'case_thread_refresh' });

    const after = await getFigures({ stores }, coordinator, null, NOW);
    expect(after).toEqual(before);
    expect(after.byOutcome).toEqual({ followed: 3, incomplete: 2, refused: 1, awaiting_assignment: 0, withdrawn: 0 });
  });

  it('does nothing the second time', async () => {
    await runRetention({ stores }, NOW, 730);
    const snapshot = JSON.stringify(await stores.cases.listAll());
    expect(await runRetention({ stores }, NOW, 730)).toEqual({ purgedCases: 0, deletedDrafts: 0, skipped: 0 });
    expect(JSON.stringify(await stores.cases.listAll())).toBe(snapshot);
    expect((await stores.audit.listByCase('old-closed')).filter((e) => e.action === 'case.purged')).toHaveLength(1);
  });

  it('does each item once when two instances run at the same moment', async () => {
    const [a, b] = await Promise.all([runRetention({ stores }, NOW, 730), runRetention({ stores }, NOW, 730)]);
    expect(a.purgedCases + b.purgedCases).toBe(2);
    expect(a.deletedDrafts + b.deletedDrafts).toBe(1);
    expect(a.skipped + b.skipped).toBe(3);
    for (const id of ['old-closed', 'old-refused']) {
      expect((await stores.audit.listByCase(id)).filter((e) => e.action === 'case.purged')).toHaveLength(1);
    }
    expect(Object.fromEntries(await stores.counters.listByPrefix('expired-drafts-'))).toEqual({ 'expired-drafts-2022': 1 });
  });

  it('leaves a draft alone when its owner touched it between the read and the delete', async () => {
    const stale = (await stores.drafts.findById('stale'))!;
    expect(await stores.drafts.replaceIfVersion({ ...stale, version: stale.version + 1 }, stale.version)).toBe(true);
    expect(await stores.drafts.deleteIfVersion(stale.id, stale.version)).toBe(false);
    expect(await stores.drafts.findById('stale')).not.toBeNull();
  });
});

describe('the MongoDB queries of retention', () => {
  it('claims a draft only while open at the version read', () => {
    expect(buildOpenDraftClaimFilter('d-1', 4)).toEqual({ _id: 'd-1', status: 'open', version: 4 });
  });

  it.each<[string, string, boolean]>([
    ['expired-drafts-', 'expired-drafts-2021', true],
    ['expired-drafts-', 'xexpired-drafts-2021', false],
    ['a.b', 'a.b1', true],
    ['a.b', 'axb1', false],
    ['(x)*', '(x)*1', true],
    ['(x)*', 'xx', false],
  ])('prefix %p %s matches %p, taken literally and anchored', (prefix, name, matches) => {
    const { $regex } = buildCounterPrefixFilter(prefix)._id;
    expect(new RegExp($regex).test(name)).toBe(matches);
  });
});
