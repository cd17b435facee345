import { transitionCase } from '../../domain/case/case';
import { computeFigures, getFigures, outcomeOfStatus, statusAt, type Figures } from '../../domain/case/figures';
import type { CaseStatus } from '../../domain/case/status';
import { DomainError } from '../../domain/errors';
import { makeDraft } from '../support/fixtures';

/** A request the requester began: only those count as incomplete requests. */
const STARTED = { requester: { role: 'professional' as const } };
import { ASSIGNED, caseThrough, enterReport, HELD_ONCE, makeOrganiser, POOL_2021, PREPARED, REPORT_2021 } from '../support/report-2021';

const POOL = POOL_2021;
const organiser = makeOrganiser;
const enter = enterReport;

const REPORT_WRITTEN = new Date('2022-02-15T10:00:00Z');

describe('coordinator figures: the 2021 activity report', () => {
  const { cases, drafts } = enter(REPORT_2021);

  it('enters exactly the ten requests of the report', () => {
    expect(cases.length + drafts.length).toBe(10);
  });

  it.each([null, 2021])('matches the report table (year filter %p)', (year) => {
    const f = computeFigures(cases, drafts, REPORT_WRITTEN, { pool: POOL, year });
    expect(f.requests).toBe(10);
    expect(f.byOutcome).toEqual({ followed: 6, incomplete: 2, refused: 1, awaiting_assignment: 1, withdrawn: 0 });
    expect(f.refusedByReason).toEqual({ outside_brussels: 1, minor: 0, not_living_at_home: 0, other_trajectory: 0 });
    expect(f.organisersInPool).toBe(6);
  });

  it('counts the submitted requests by sector and domain (several per request)', () => {
    const f = computeFigures(cases, drafts, REPORT_WRITTEN, { pool: POOL });
    expect(f.bySector).toMatchObject({ mental_health: 3, poverty: 2, addiction: 2, chronic_illness: 2, palliative_care: 0, not_given: 0 });
    expect(f.byDomain).toMatchObject({ social: 8, psychic: 8, somatic: 0, not_given: 0 });
  });

  it('counts consultations per meeting: a case with two meetings counts twice', () => {
    const f = computeFigures(cases, drafts, REPORT_WRITTEN, { pool: POOL });
    expect(f.consultationsHeld).toBe(4);
    expect(f.casesWithConsultation).toBe(3);
  });

  it('gives one row for 2021 in the by-year table', () => {
    const f = computeFigures(cases, drafts, REPORT_WRITTEN, { pool: POOL });
    expect(f.byYear).toEqual([
      { year: 2021, requests: 10, byOutcome: { followed: 6, incomplete: 2, refused: 1, awaiting_assignment: 1, withdrawn: 0 }, consultationsHeld: 4 },
    ]);
  });

  it('shows the open cases per organiser, names from the pool, idle organisers with 0', () => {
    const f = computeFigures(cases, drafts, REPORT_WRITTEN, { pool: POOL });
    expect(f.openCasesByOrganiser.map((o) => [o.name, o.openCases])).toEqual([
      ['Chloé Social', 2],
      ['Anne Wijkverpleging', 1],
      ['Bram Ergo', 1],
      ['David Diabète', 1],
      ['Eva Psy', 0],
      ['Fatima Centre', 0],
    ]);
    expect(f.poolByBackground).toMatchObject({ community_nurse: 1, occupational_therapist: 1, social_worker: 1, diabetes_educator: 1, psychologist: 1, coordination_centre: 1, other: 0 });
  });

  it('has nothing for another year, while the by-year table still shows 2021', () => {
    const f = computeFigures(cases, drafts, REPORT_WRITTEN, { pool: POOL, year: 2022 });
    expect(f.requests).toBe(0);
    expect(f.consultationsHeld).toBe(0);
    expect(f.byYear.map((y) => y.year)).toEqual([2021]);
  });

  it.each([
    ['never touched', {}, 0],
    ['a step saved with nothing in it', { requester: {}, network: { members: [] } }, 0],
    ['one answer given', { person: { firstName: 'Ahmed' } }, 1],
  ])('counts an open draft as an incomplete request only once something is answered: %s', (_label, data, incomplete) => {
    const f = computeFigures([], [makeDraft({ createdAt: new Date('2021-05-01T10:00:00Z'), data })], new Date('2021-06-01T00:00:00Z'));
    expect(f.byOutcome.incomplete).toBe(incomplete);
    expect(f.requests).toBe(incomplete);
  });

  it('counts drafts the retention job deleted as still incomplete in their year', () => {
    const f = computeFigures(cases, [], REPORT_WRITTEN, { pool: POOL, expiredDrafts: new Map([[2021, 2]]) });
    expect(f.requests).toBe(10);
    expect(f.byOutcome.incomplete).toBe(2);
    expect(f.byYear[0]?.byOutcome.incomplete).toBe(2);
  });
});

describe('what became of a request, per status', () => {
  it.each<[CaseStatus, string]>([
    ['submitted', 'awaiting_assignment'],
    ['refused', 'refused'],
    ['awaiting_assignment', 'awaiting_assignment'],
    ['assigned', 'followed'],
    ['preparing', 'followed'],
    ['planning', 'followed'],
    ['scheduled', 'followed'],
    ['held', 'followed'],
    ['follow_up', 'followed'],
    ['closed', 'followed'],
    ['withdrawn', 'withdrawn'],
  ])('%s counts as %s', (status, outcome) => {
    expect(outcomeOfStatus(status)).toBe(outcome);
  });
});

describe('figures at an instant', () => {
  const submitted = new Date('2021-03-01T10:00:00Z');
  const c = caseThrough('late', submitted, [...HELD_ONCE, 'follow_up', 'closed']);

  it.each<[string, string, CaseStatus | null]>([
    ['before the request', '2021-02-28T10:00:00Z', null],
    ['the day it was submitted', '2021-03-01T10:00:00Z', 'submitted'],
    ['while being prepared', '2021-03-04T12:00:00Z', 'preparing'],
    ['after the meeting', '2021-03-07T12:00:00Z', 'held'],
    ['long after', '2023-01-01T00:00:00Z', 'closed'],
  ])('uses the status the case had %s', (_what, now, expected) => {
    expect(statusAt(c, new Date(now))).toBe(expected);
  });

  it('leaves out requests made and meetings held after `now`', () => {
    const f = computeFigures([c], [makeDraft({ createdAt: new Date('2021-06-01T00:00:00Z'), data: STARTED })], new Date('2021-03-04T12:00:00Z'));
    expect(f.requests).toBe(1);
    expect(f.byOutcome.followed).toBe(1);
    expect(f.consultationsHeld).toBe(0);
  });
});

describe('the Brussels year of a request', () => {
  // 23:30 UTC on 31 December is already 00:30 on 1 January in Brussels (UTC+1 in winter)
  it.each<[string, number]>([
    ['2021-12-31T22:59:59Z', 2021],
    ['2021-12-31T23:00:00Z', 2022],
    ['2022-01-01T00:30:00Z', 2022],
  ])('a request made at %s counts in %i', (at, year) => {
    const when = new Date(at);
    const f = computeFigures([caseThrough('y', when, ['awaiting_assignment'])], [makeDraft({ createdAt: when, data: STARTED })], new Date('2023-01-01T00:00:00Z'));
    expect(f.byYear).toEqual([expect.objectContaining({ year, requests: 2 })]);
  });

  it('counts a meeting held on New Year\'s night in the Brussels year of the meeting', () => {
    let c = caseThrough('ny', new Date('2021-12-01T10:00:00Z'), PREPARED);
    c = transitionCase(c, 'held', 'o1', new Date('2021-12-31T23:15:00Z'));
    const f = computeFigures([c], [], new Date('2022-06-01T00:00:00Z'), { year: 2022 });
    expect(f.requests).toBe(0);
    expect(f.consultationsHeld).toBe(1);
    expect(f.byYear).toEqual([expect.objectContaining({ year: 2021, consultationsHeld: 0 }), expect.objectContaining({ year: 2022, requests: 0, consultationsHeld: 1 })]);
  });
});

describe('organisers who left the pool', () => {
  it('keep their open cases under the name of their last assignment, or a short id', () => {
    const now = new Date('2021-06-01T00:00:00Z');
    const named = caseThrough('n', new Date('2021-05-01T00:00:00Z'), ASSIGNED, {
      assignments: [{ organiserId: 'gone-1', organiserName: 'Gina Gone', assignedBy: 'c', assignedAt: now, overrideReason: null, outcome: 'accepted', decidedAt: now }],
    });
    const f = computeFigures([{ ...named, organiserId: 'gone-1' }, { ...named, id: 'x', organiserId: '29:abcdef1234567' }], [], now, { pool: [organiser('r', 'Removed Rita', 'other', 'removed')] });
    expect(f.organisersInPool).toBe(0);
    expect(f.openCasesByOrganiser).toEqual([
      { organiserId: '29:abcdef1234567', name: 'abcdef12', openCases: 1, inPool: false },
      { organiserId: 'gone-1', name: 'Gina Gone', openCases: 1, inPool: false },
    ]);
  });
});

describe('getFigures', () => {
  it('is for coordinators only', async () => {
    const stores = { cases: {}, drafts: {}, organisers: {}, counters: {} } as never;
    await expect(getFigures({ stores }, { userId: 'u', isCoordinator: false }, null, REPORT_WRITTEN)).rejects.toBeInstanceOf(DomainError);
    await expect(getFigures({ stores }, { userId: 'u', isCoordinator: false }, null, REPORT_WRITTEN)).rejects.toMatchObject({ code: 'access.denied' });
  });

  it('adds the drafts the retention job deleted, read from their counters', async () => {
    const { cases, drafts } = enter(REPORT_2021);
    const stores = {
      cases: { listAll: async () => cases },
      drafts: { listOpen: async () => drafts.slice(1) },
      organisers: { listPool: async () => POOL },
      counters: { listByPrefix: async () => new Map([['expired-drafts-2021', 1]]) },
    } as never;
    const f: Figures = await getFigures({ stores }, { userId: 'u', isCoordinator: true }, 2021, REPORT_WRITTEN);
    expect(f.byOutcome).toEqual({ followed: 6, incomplete: 2, refused: 1, awaiting_assignment: 1, withdrawn: 0 });
  });
});
