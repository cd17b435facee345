import mongoose, { type Connection } from 'mongoose';
import { transitionCase, type Case } from '../../domain/case/case';
import { computeFigures } from '../../domain/case/figures';
import { requestSchema } from '../../domain/case/request';
import type { CaseStatus } from '../../domain/case/status';
import { endedAt, findCasesToPurge, findDraftsToDelete, readExpiredDrafts, retentionCutoff } from '../../domain/case/retention';
import { purgePersonalData, PURGED } from '../../domain/case/person-data';
import { startPreparation } from '../../domain/case/preparation';
import { buildMongoModels, type MongoModels } from '../../models/mongo/mongo-models';
import { toStoredDoc } from '../../models/mongo/document-mapping';
import { makeCase, makeCompleteRequest, makeDraft } from '../support/fixtures';

const at = (iso: string) => new Date(iso);

/** A case that reached `status` at `endedAtIso` (its last history entry). */
function caseEndedAt(status: CaseStatus, endedAtIso: string, extra: Partial<Case> = {}): Case {
  const submitted = at('2020-01-06T09:00:00Z');
  return makeCase({
    status,
    submittedAt: submitted,
    statusHistory: [
      { from: null, to: 'submitted', at: submitted, by: 'user-1' },
      { from: 'submitted', to: status, at: at(endedAtIso), by: 'someone' },
    ],
    ...extra,
  });
}

describe('the retention cutoff, in Brussels calendar days', () => {
  it.each<[string, number, string]>([
    // the spring change lies in between: one calendar day is 23 hours
    ['2026-03-29T08:00:00Z', 1, '2026-03-28T09:00:00.000Z'],
    // the autumn change: one calendar day is 25 hours
    ['2026-10-25T09:00:00Z', 1, '2026-10-24T08:00:00.000Z'],
    ['2026-11-23T10:00:00Z', 730, '2024-11-23T10:00:00.000Z'],
    ['2026-07-01T10:00:00Z', 200, '2025-12-13T11:00:00.000Z'],
    ['2028-03-01T11:00:00Z', 365, '2027-03-02T11:00:00.000Z'],
  ])('from %s, %i day(s) back is %s', (now, days, cutoff) => {
    expect(retentionCutoff(at(now), days).toISOString()).toBe(cutoff);
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses %p days', (days) => {
    expect(() => retentionCutoff(at('2026-01-01T00:00:00Z'), days)).toThrow(RangeError);
  });
});

describe('which cases are purged', () => {
  const NOW = at('2026-11-23T10:00:00Z');
  const CUTOFF = '2024-11-23T10:00:00.000Z';

  it.each<[string, boolean, Case]>([
    ['closed 1 ms before the cutoff', true, caseEndedAt('closed', '2024-11-23T09:59:59.999Z')],
    ['closed exactly at the cutoff (not longer ago yet)', false, caseEndedAt('closed', CUTOFF)],
    ['closed after the cutoff', false, caseEndedAt('closed', '2025-06-01T00:00:00Z')],
    ['refused long ago', true, caseEndedAt('refused', '2020-01-06T09:00:00Z')],
    ['withdrawn long ago', true, caseEndedAt('withdrawn', '2021-01-01T00:00:00Z')],
    ['waiting for assignment since long ago', false, caseEndedAt('awaiting_assignment', '2020-01-06T09:00:00Z')],
    ['in follow-up since long ago', false, caseEndedAt('follow_up', '2021-01-01T00:00:00Z')],
    ['closed long ago but purged already', false, caseEndedAt('closed', '2021-01-01T00:00:00Z', { purgedAt: at('2023-01-01T00:00:00Z') })],
  ])('%s: purged %p', (_what, purged, c) => {
    expect(findCasesToPurge([c], NOW, 730).map((x) => x.id)).toEqual(purged ? [c.id] : []);
  });

  it('counts from the last change of status, not from the request', () => {
    const c = caseEndedAt('closed', '2025-01-01T00:00:00Z');
    expect(c.submittedAt.getTime()).toBeLessThan(at(CUTOFF).getTime());
    expect(endedAt(c)?.toISOString()).toBe('2025-01-01T00:00:00.000Z');
    expect(findCasesToPurge([c], NOW, 730)).toEqual([]);
  });

  it.each<[string, boolean]>([
    // one Brussels day before 10:00 CEST on 29 March 2026 is 10:00 CET on 28 March, i.e. 09:00 UTC;
    // 24 hours (08:00 UTC) would keep the 08:30 case one hour too long
    ['2026-03-28T08:30:00Z', true],
    ['2026-03-28T08:59:59.999Z', true],
    ['2026-03-28T09:00:00Z', false],
  ])('across the spring change, a case closed at %s is purged: %p', (ended, purged) => {
    const c = caseEndedAt('closed', ended);
    expect(findCasesToPurge([c], at('2026-03-29T08:00:00Z'), 1)).toHaveLength(purged ? 1 : 0);
  });
});

describe('which drafts are deleted', () => {
  const NOW = at('2026-11-23T10:00:00Z');
  it.each<[string, boolean, ReturnType<typeof makeDraft>]>([
    ['open, untouched since before the cutoff', true, makeDraft({ updatedAt: at('2024-11-23T09:59:59Z') })],
    ['open, touched exactly at the cutoff', false, makeDraft({ updatedAt: at('2024-11-23T10:00:00Z') })],
    ['open, created long ago but resumed recently', false, makeDraft({ createdAt: at('2021-01-01T00:00:00Z'), updatedAt: at('2026-01-01T00:00:00Z') })],
    ['submitted long ago (its case decides)', false, makeDraft({ status: 'submitted', updatedAt: at('2021-01-01T00:00:00Z') })],
  ])('%s: deleted %p', (_what, deleted, d) => {
    expect(findDraftsToDelete([d], NOW, 730)).toHaveLength(deleted ? 1 : 0);
  });
});

describe('the expired-drafts counters', () => {
  it('read back per year, ignoring other names', () => {
    const read = readExpiredDrafts(new Map([['expired-drafts-2021', 2], ['expired-drafts-2022', 1], ['expired-drafts-x', 5], ['case-ref-2021', 9]]));
    expect([...read]).toEqual([[2021, 2], [2022, 1]]);
  });
});

describe('purging a case', () => {
  const NOW = at('2026-11-23T10:00:00Z');
  const request = makeCompleteRequest({
    situation: { domains: ['psychic', 'social'], sectors: ['mental_health', 'poverty'], description: 'Lives alone since the fire.', tried: 'Home help', whyNow: 'Eviction notice', urgency: 'high' },
  });
  const preparation = {
    ...startPreparation([{ role: 'Neighbour', name: 'Rosa Verhulst', contact: 'rosa@example.org' }], () => 'e1'),
    personGoals: 'Stay in her flat',
    strengths: 'Her daughter visits daily',
    meetingGoal: 'Agree who does the shopping',
    referentEntryId: 'e1',
    personPreparedAt: at('2024-01-02T10:00:00Z'),
    personPreparedBy: 'org-1',
  };
  const before = caseEndedAt('closed', '2024-02-01T10:00:00Z', {
    requesterId: 'requester-aad-id',
    request,
    pseudonym: 'J. P.',
    domains: ['psychic', 'social'],
    urgency: 'high',
    refusalReasons: [],
    organiserId: 'org-1',
    assignments: [
      { organiserId: 'org-1', organiserName: 'Amina El Idrissi', assignedBy: 'coord-1', assignedAt: at('2023-06-01T10:00:00Z'), overrideReason: 'Knows Rosa Verhulst from school', outcome: 'accepted', decidedAt: at('2023-06-02T10:00:00Z') },
    ],
    preparation,
    statusHistory: [
      { from: null, to: 'submitted', at: at('2023-05-01T10:00:00Z'), by: 'requester-aad-id' },
      { from: 'submitted', to: 'closed', at: at('2024-02-01T10:00:00Z'), by: 'org-1' },
    ],
    version: 7,
  });
  const after = purgePersonalData(before, NOW);
  const stored = JSON.stringify(after);

  it.each([
    'Jan', 'Peeters', '1956-04-12', 'nurse@example.org', 'Home nursing Brussels', 'Schaarbeek', 'Lives alone', 'Home help', 'Eviction',
    'Dr. A', '02 000 00 00', 'Rosa Verhulst', 'rosa@example.org', 'Stay in her flat', 'daughter', 'shopping', 'Amina', 'from school',
    'requester-aad-id', 'J. P.',
  ])('removes %p', (secret) => {
    expect(stored).not.toContain(secret);
  });

  it('keeps what the anonymous figures need', () => {
    expect(after).toMatchObject({
      id: before.id,
      reference: before.reference,
      year: before.year,
      status: 'closed',
      domains: ['psychic', 'social'],
      urgency: 'high',
      refusalReasons: [],
      submittedAt: before.submittedAt,
      request: { situation: { domains: ['psychic', 'social'], sectors: ['mental_health', 'poverty'], urgency: 'high' }, requester: { role: 'professional' } },
      pseudonym: PURGED,
      requesterId: PURGED,
      purgedAt: NOW,
      updatedAt: NOW,
      version: 8,
    });
    expect(after.statusHistory.map((h) => [h.to, h.at, h.by])).toEqual([
      ['submitted', at('2023-05-01T10:00:00Z'), PURGED],
      ['closed', at('2024-02-01T10:00:00Z'), 'org-1'],
    ]);
    expect(after.assignments).toEqual([
      { organiserId: 'org-1', organiserName: PURGED, assignedBy: 'coord-1', assignedAt: at('2023-06-01T10:00:00Z'), overrideReason: null, outcome: 'accepted', decidedAt: at('2023-06-02T10:00:00Z') },
    ]);
    expect(after.preparation).toMatchObject({ network: [], personGoals: null, strengths: null, meetingGoal: null, referentEntryId: null, personPreparedAt: preparation.personPreparedAt });
  });

  it('leaves a request the domain still accepts', () => {
    expect(requestSchema.safeParse(after.request).success).toBe(true);
  });

  it('gives the same figures before and after', () => {
    const others = [caseEndedAt('refused', '2021-05-01T00:00:00Z', { refusalReasons: ['outside_brussels'] }), caseEndedAt('awaiting_assignment', '2021-05-01T00:00:00Z')];
    const withHeld = transitionCase(transitionCase(transitionCase({ ...before, status: 'scheduled' }, 'held', 'org-1', at('2024-01-10T10:00:00Z')), 'follow_up', 'org-1', at('2024-01-11T10:00:00Z')), 'closed', 'org-1', at('2024-02-01T10:00:00Z'));
    const all = [withHeld, ...others];
    const figuresOf = (cases: Case[]) => computeFigures(cases, [makeDraft()], NOW, { year: null });
    const purgedAll = all.map((c) => (findCasesToPurge([c], NOW, 730).length ? purgePersonalData(c, NOW) : c));
    expect(purgedAll.filter((c) => c.purgedAt)).toHaveLength(2);
    expect(figuresOf(purgedAll)).toEqual(figuresOf(all));
    expect(figuresOf(all).consultationsHeld).toBe(1);
  });

  describe('the stored shape (mongo schema)', () => {
    let connection: Connection;
    let models: MongoModels;
    beforeAll(() => {
      connection = mongoose.createConnection();
      connection.set('autoCreate', false);
      connection.set('autoIndex', false);
      models = buildMongoModels(connection);
    });
    afterAll(async () => {
      await connection.close();
    });

    it('is still a valid case document, with its purge date', () => {
      const doc = new models.cases(toStoredDoc(after) as never);
      expect(doc.validateSync()).toBeUndefined();
      expect((doc.toObject() as { purgedAt: Date }).purgedAt).toEqual(NOW);
    });
  });
});
