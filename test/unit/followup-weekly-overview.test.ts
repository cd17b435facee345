import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import type { Stores } from '../../domain/ports';
import type { Case } from '../../domain/case/case';
import type { NetworkEntry } from '../../domain/case/preparation';
import { answerCaseAction, markMeetingHeld, saveReportDraft, sendCaseReport } from '../../domain/report/report-use-cases';
import { loadFollowedUpCases, runFollowUp, viewWeeklyOverview } from '../../domain/followup/followup-use-cases';
import { weeklyOverviews } from '../../domain/followup/weekly-overview';
import { makeReportDirectViews } from '../../bot/outbox/report-direct-views';
import { makeTranslator } from '../../adaptive-cards/i18n';
import { makeCase } from '../support/fixtures';
import { makeFollowUpJob } from '../../jobs/followup-job';
import { loadConfig } from '../../config/config';

// The referent's weekly overview: ONE card per referent and ISO week for all their cases.
// The tests run in Auckland; instants are UTC with the Brussels time beside them.

const ORGANISER = 'organiser-1';
const GP = 'gp-1';
const NURSE = 'nurse-1';
const actor = (userId: string) => ({ userId, isCoordinator: false });
const reach = { serviceUrl: 'https://smba.example/', botId: 'bot', tenantId: 't' };
/** Monday 23 November 2026, 10:00 Brussels: the meetings and the reports. */
const T0 = new Date('2026-11-23T09:00:00Z');
/** Monday 30 November 2026, 09:00 Brussels (ISO week 2026-W49): the weekly overview is due. */
const MONDAY = new Date('2026-11-30T08:00:00Z');

function entry(id: string, name: string, userId: string | null): NetworkEntry {
  return { id, role: 'role', name, organisation: null, contact: null, userId, mandate: userId ? 'decides' : null, invited: true, notInvitedReason: null, isSupporter: false };
}

interface ActionSpec {
  what: string;
  owner: string;
  due: string;
}

describe('the weekly overview: one card per referent for all their cases', () => {
  let stores: Stores;
  let dir: string;
  let n = 0;
  const ids = { newId: () => `id-${++n}` };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-weekly-'));
    stores = await openEmbeddedStores(dir);
  });
  afterEach(async () => {
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A case in follow-up whose sent report has these actions and this referent. */
  async function sentCase(seq: number, referent: 'e-gp' | 'e-nurse' | 'e-sis', actions: ActionSpec[]): Promise<Case> {
    const c = makeCase({
      id: `case-${seq}`,
      reference: `MKO-2026-${String(seq).padStart(4, '0')}`,
      seq,
      pseudonym: `P. ${seq}.`,
      status: 'scheduled',
      organiserId: ORGANISER,
      assignments: [{ organiserId: ORGANISER, organiserName: 'O', assignedBy: 'x', assignedAt: T0, overrideReason: null, outcome: 'accepted', decidedAt: T0 }],
    });
    c.preparation = {
      ...c.preparation,
      consent: { recordedBy: ORGANISER, recordedAt: T0, method: 'in_person', consultation: true, sharing: true },
      network: [entry('e-gp', 'GP', GP), entry('e-nurse', 'Nurse', NURSE), entry('e-sis', 'Sister', null)],
      referentEntryId: referent,
      referentConfirmedAt: T0,
      referentConfirmedBy: ORGANISER,
    };
    await stores.cases.insert(c);
    const deps = { stores, ids };
    await markMeetingHeld(deps, actor(ORGANISER), c.id, T0);
    const write = (change: Parameters<typeof saveReportDraft>[3]) => saveReportDraft(deps, actor(ORGANISER), c.id, change, T0);
    await write({ section: 'attendance', input: { lines: ['e-gp', 'e-nurse', 'e-sis'].map((participantId) => ({ participantId, status: 'present', mode: 'in_person' })) } });
    await write({ section: 'narrative', input: { decisions: ['Home care'] } });
    for (const a of actions) await write({ section: 'action_add', input: { what: a.what, owner: { kind: 'participant', entryId: a.owner }, dueDate: a.due } });
    await write({ section: 'crisis_plan', input: { warningSigns: 'x', whatToDo: 'y', contacts: [{ entryId: 'e-gp', how: '02', inOfficeHours: true, outOfOfficeHours: true }] } });
    await write({ section: 'evaluation', input: { who: referent, how: 'call', date: '2027-02-15' } });
    await sendCaseReport(deps, actor(ORGANISER), c.id, reach, T0);
    return (await stores.cases.findById(c.id))!;
  }

  /** Three cases: the nurse is the referent of two, the GP of one. */
  async function threeCases(): Promise<Case[]> {
    return [
      await sentCase(2, 'e-nurse', [
        { what: 'Physio', owner: 'e-gp', due: '2026-11-27' },
        { what: 'Home help', owner: 'e-nurse', due: '2026-12-11' },
      ]),
      await sentCase(1, 'e-nurse', [{ what: 'Meals', owner: 'e-sis', due: '2026-12-04' }]),
      await sentCase(3, 'e-gp', [{ what: 'Rent', owner: 'e-nurse', due: '2026-12-04' }]),
    ];
  }

  const weeklyKeys = async (): Promise<string[]> => {
    const keys: string[] = [];
    for (const user of [NURSE, GP, ORGANISER]) {
      for (const week of ['2026-W48', '2026-W49', '2026-W50']) {
        const m = await stores.outbox.findByKey(`followup:weekly-overview:${week}:${user}`);
        if (m) keys.push(`${week}:${user}`);
      }
    }
    return keys;
  };

  it('groups the open actions by case, sorted by reference, with the overdue ones marked', async () => {
    await threeCases();
    const overviews = weeklyOverviews(await loadFollowedUpCases(stores), MONDAY);
    expect(
      overviews.map((o) => ({
        userId: o.userId,
        open: o.open,
        overdue: o.overdue,
        cases: o.cases.map((g) => [g.c.reference, g.actions.map((a) => `${a.n}. ${a.action.what}${a.overdue ? ' (overdue)' : ''}`)]),
      })),
    ).toEqual([
      { userId: GP, open: 1, overdue: 0, cases: [['MKO-2026-0003', ['1. Rent']]] },
      {
        userId: NURSE,
        open: 3,
        overdue: 1,
        cases: [
          ['MKO-2026-0001', ['1. Meals']],
          ['MKO-2026-0002', ['1. Physio (overdue)', '2. Home help']],
        ],
      },
    ]);
  });

  it('queues one card per referent per ISO week, never per case, and never twice', async () => {
    await threeCases();
    const [a, b] = await Promise.all([runFollowUp({ stores }, MONDAY), runFollowUp({ stores }, MONDAY)]);
    expect(a.weekly + b.weekly).toBe(2);
    expect(await weeklyKeys()).toEqual(['2026-W49:nurse-1', '2026-W49:gp-1']);
    // later in the same week: nothing again
    expect((await runFollowUp({ stores }, new Date('2026-12-02T10:00:00Z'))).weekly).toBe(0);
    // the next Monday: the next week's card
    expect((await runFollowUp({ stores }, new Date('2026-12-07T08:00:00Z'))).weekly).toBe(2);
    expect(await weeklyKeys()).toEqual(['2026-W49:nurse-1', '2026-W50:nurse-1', '2026-W49:gp-1', '2026-W50:gp-1']);
    const message = await stores.outbox.findByKey('followup:weekly-overview:2026-W49:nurse-1');
    // the message names only the view: the card is rendered from the reports when it is sent
    expect(message).toMatchObject({ kind: 'direct_card', userId: NURSE, caseId: 'case-1', payload: { view: 'weekly_overview', teamsUserId: NURSE } });
  });

  // [what, now]: the weekly moment is Monday 09:00 Brussels; quiet hours and weekends wait
  it.each([
    ['Monday 08:59 Brussels: not yet', '2026-11-30T07:59:00Z'],
    ['Saturday noon', '2026-12-05T11:00:00Z'],
    ['Tuesday 21:00 Brussels (night)', '2026-12-01T20:00:00Z'],
  ])('sends no overview on %s', async (_what, now) => {
    await threeCases();
    // nothing was sent in week 48 either, so only the moment decides
    await runFollowUp({ stores }, new Date('2026-11-23T09:00:00Z'));
    const before = await weeklyKeys();
    expect((await runFollowUp({ stores }, new Date(now))).weekly).toBe(0);
    expect(await weeklyKeys()).toEqual(before);
  });

  it('follows the configured weekly day and time (FOLLOWUP_WEEKLY_DAY / FOLLOWUP_WEEKLY_TIME), through the job', async () => {
    await threeCases();
    const job = makeFollowUpJob({ stores, config: loadConfig({ FOLLOWUP_WEEKLY_DAY: '3', FOLLOWUP_WEEKLY_TIME: '14:00' }).followUp });
    // Wednesday 25 November 2026 13:59 and 14:00 Brussels: the moment of week 48
    expect(await job.run(new Date('2026-11-25T12:59:00Z'))).toMatchObject({ weekly: 0 });
    expect(await job.run(new Date('2026-11-25T13:00:00Z'))).toMatchObject({ weekly: 2 });
    expect(await job.run(MONDAY)).toMatchObject({ weekly: 0 });
    expect(await weeklyKeys()).toEqual(['2026-W48:nurse-1', '2026-W48:gp-1']);
  });

  it('sends no card to a referent with nothing open, nor to a referent without Teams', async () => {
    const [caseA, caseB] = await threeCases();
    await sentCase(4, 'e-sis', [{ what: 'Shopping', owner: 'e-gp', due: '2026-12-04' }]);
    for (const c of [caseA!, caseB!]) {
      for (const action of (await stores.reports.listByCase(c.id))[0]!.actions) {
        await answerCaseAction({ stores, ids }, actor(NURSE), c.id, action.id, { answer: 'done' }, reach, T0);
      }
    }
    const run = await runFollowUp({ stores }, MONDAY);
    expect(run.weekly).toBe(1);
    expect(await weeklyKeys()).toEqual(['2026-W49:gp-1']);
  });

  it('renders the card when sent: every case of the referent, their answers, nobody else’s cases', async () => {
    const [caseA] = await threeCases();
    const view = makeReportDirectViews({ stores }).weekly_overview!;
    const t = makeTranslator('en');
    const card = await view({ t, lang: 'en', c: caseA!, payload: { view: 'weekly_overview' }, userId: NURSE, now: MONDAY });
    const json = JSON.stringify(card);
    expect(json).toContain('MKO-2026-0001 (P. 1.): 1 open');
    expect(json).toContain('MKO-2026-0002 (P. 2.): 2 open');
    expect(json).toContain('Past its date');
    expect(json).not.toContain('MKO-2026-0003');
    expect(json).not.toContain('Rent');
    // the same answers as the case's card, marked so that the answer shows the overview again
    expect(json.match(/"verb":"action.answer"/g)!.length).toBeGreaterThanOrEqual(9);
    expect(json).toContain('"from":"weekly"');
    // the nurse owns "Home help": "not mine" is offered for it only
    expect(json.match(/"answer":"not_mine"/g)).toHaveLength(1);
  });

  it('audits the opening of the overview once per listed case', async () => {
    const [caseA, caseB, caseC] = await threeCases();
    const overview = await viewWeeklyOverview(stores, actor(NURSE), MONDAY);
    expect(overview?.cases.map((g) => g.c.id)).toEqual([caseB!.id, caseA!.id]);
    const viewed = async (c: Case) => (await stores.audit.listByCase(c.id)).filter((e) => e.action === 'actions.viewed' && e.actorId === NURSE).length;
    expect([await viewed(caseA!), await viewed(caseB!), await viewed(caseC!)]).toEqual([1, 1, 0]);
    // someone who is nobody's referent has nothing open, and reads nothing
    expect(await viewWeeklyOverview(stores, actor('stranger'), MONDAY)).toBeNull();
  });

  it('leaves out cases no longer followed up: evaluated, purged or another status', async () => {
    const [caseA, caseB] = await threeCases();
    const items = await loadFollowedUpCases(stores);
    const changed = items.map((item) =>
      item.c.id === caseA!.id ? { ...item, c: { ...item.c, purgedAt: T0 } } : item.c.id === caseB!.id ? { ...item, report: { ...item.report, evaluationOutcome: { at: T0, by: NURSE, agreementsMet: 'all' as const, enough: true, decision: 'close' as const, reason: null } } } : item,
    );
    expect(weeklyOverviews(changed, MONDAY).map((o) => o.userId)).toEqual([GP]);
    const closed = items.map((item) => ({ ...item, c: { ...item.c, status: 'closed' as const } }));
    expect(weeklyOverviews(closed, MONDAY)).toEqual([]);
  });
});
