import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import type { Stores } from '../../domain/ports';
import type { Case } from '../../domain/case/case';
import type { Poll, Slot } from '../../domain/poll/poll';
import { evaluateCase, markMeetingHeld, openReport, saveReportDraft, sendCaseReport, type ReportDeps } from '../../domain/report/report-use-cases';
import { assertMeetingStarted } from '../../domain/report/meeting-held';
import { runFollowUp } from '../../domain/followup/followup-use-cases';
import { computeFigures } from '../../domain/case/figures';
import { erasePersonData } from '../../domain/case/person-data';
import { DomainError } from '../../domain/errors';
import { settledCode } from '../support/report-fixtures';
import { describeError } from '../../bot/handlers/error-cards';
import { renderEvaluationCard, renderReportCard } from '../../adaptive-cards/views/report-views';
import { VERBS } from '../../adaptive-cards/verbs';
import { makeTranslator } from '../../adaptive-cards/i18n';
import { GP, NURSE, ORGANISER, T0, entry, makeScheduledCase } from '../support/report-fixtures';

// "A crash or restart loses no data and sends nothing twice": the use cases that write the case and
// its report one after the other are cut between two writes (a store that throws once, as a killed
// process would), then the same click comes again on the stores as they were left.

const COORDINATOR = 'coord-1';
const actor = (userId: string, isCoordinator = false) => ({ userId, isCoordinator });
const reach = { serviceUrl: 'https://smba.example/', botId: 'bot', tenantId: 't' };
/** Monday 23 November 2026, 10:00 Brussels. */


/** The stores with `repo.method` throwing once, on its (skip + 1)-th call: the process dies there. */
function crashOnce<R extends keyof Stores>(stores: Stores, repo: R, method: string, skip = 0): Stores {
  let calls = 0;
  let crashed = false;
  const target = stores[repo] as object;
  const wrapped = new Proxy(target, {
    get(t, k) {
      const v = Reflect.get(t, k) as unknown;
      if (typeof v !== 'function') return v;
      if (k !== method) return v.bind(t);
      return async (...args: unknown[]) => {
        if (!crashed && calls++ === skip) {
          crashed = true;
          throw new Error('process killed');
        }
        return v.apply(t, args);
      };
    },
  });
  return new Proxy(stores, {
    get(t, k) {
      if (k === repo) return wrapped;
      const v = Reflect.get(t, k) as unknown;
      return typeof v === 'function' ? v.bind(t) : v;
    },
  });
}

describe('a crash between two writes of the report use cases, then the same click again', () => {
  let stores: Stores;
  let dir: string;
  let n = 0;
  const ids = { newId: () => `id-${++n}` };
  let deps: ReportDeps;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-report-crash-'));
    stores = await openEmbeddedStores(dir);
    deps = { stores, ids };
  });
  afterEach(async () => {
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function scheduledCase(): Promise<Case> {
    const c = makeScheduledCase();
    await stores.cases.insert(c);
    return c;
  }

  async function writeReport(caseId: string): Promise<void> {
    const write = (change: Parameters<typeof saveReportDraft>[3]) => saveReportDraft(deps, actor(ORGANISER), caseId, change, T0);
    await write({ section: 'attendance', input: { lines: ['e-gp', 'e-nurse', 'e-sis'].map((participantId) => ({ participantId, status: 'present', mode: 'in_person' })) } });
    await write({ section: 'narrative', input: { decisions: ['Home care'] } });
    await write({ section: 'action_add', input: { what: 'Physio', owner: { kind: 'participant', entryId: 'e-gp' }, dueDate: '2026-11-27' } });
    await write({ section: 'crisis_plan', input: { warningSigns: 'x', whatToDo: 'y', contacts: [{ entryId: 'e-gp', how: '02', inOfficeHours: true, outOfOfficeHours: true }] } });
    await write({ section: 'evaluation', input: { who: 'e-nurse', how: 'call', date: '2026-12-15' } });
  }

  /** Every message queued, by key (claimed far in the future: every one is due). */
  async function queuedKeys(): Promise<string[]> {
    const claimed = await stores.outbox.claimDue(new Date('2030-01-01T00:00:00Z'), 60_000, 1_000);
    return claimed.map((m) => m.key).sort();
  }

  const auditCount = async (caseId: string, action: string) => (await stores.audit.listByCase(caseId)).filter((e) => e.action === action).length;
  const transitions = (c: Case, to: string) => c.statusHistory.filter((h) => h.to === to).length;
  const caseNow = async (id: string) => (await stores.cases.findById(id))!;

  const codeOf = settledCode;

  it('"held" again on a held case without its report creates the report, once, and answers as the first click', async () => {
    const c = await scheduledCase();
    // the case is written held, the process dies before the report is inserted
    await expect(markMeetingHeld({ stores: crashOnce(stores, 'reports', 'insert'), ids }, actor(ORGANISER), c.id, T0)).rejects.toThrow('process killed');
    expect((await caseNow(c.id)).status).toBe('held');
    expect(await stores.reports.listByCase(c.id)).toHaveLength(0);

    const retried = await markMeetingHeld(deps, actor(ORGANISER), c.id, new Date(T0.getTime() + 60_000));
    expect(retried.report).toMatchObject({ caseId: c.id, cycle: 1, status: 'draft' });
    const after = await caseNow(c.id);
    expect(transitions(after, 'held')).toBe(1);
    expect(after.version).toBe(c.version + 1);
    expect(await stores.reports.listByCase(c.id)).toHaveLength(1);
    expect(await auditCount(c.id, 'report.meeting_held')).toBe(1);
    // the report can be written now
    await writeReport(c.id);
    // and a third click finds everything done: refused, nothing new
    expect(await codeOf(markMeetingHeld(deps, actor(ORGANISER), c.id, T0))).toBe('case.transition_not_allowed');
    expect(await stores.reports.listByCase(c.id)).toHaveLength(1);
    expect(await auditCount(c.id, 'report.meeting_held')).toBe(1);
    expect(await queuedKeys()).toEqual([`case:${c.id}:notice:held:c1`, `case:${c.id}:refresh:v${after.version}`].sort());
  });

  it('"held" again after a crash before the messages were queued queues them, each once', async () => {
    const c = await scheduledCase();
    await expect(markMeetingHeld({ stores: crashOnce(stores, 'outbox', 'enqueue'), ids }, actor(ORGANISER), c.id, T0)).rejects.toThrow('process killed');
    expect(await stores.reports.listByCase(c.id)).toHaveLength(1);
    const retried = await markMeetingHeld(deps, actor(ORGANISER), c.id, T0);
    expect(retried.case.status).toBe('held');
    expect(await stores.reports.listByCase(c.id)).toHaveLength(1);
    expect(await auditCount(c.id, 'report.meeting_held')).toBe(1);
    expect(await codeOf(markMeetingHeld(deps, actor(ORGANISER), c.id, T0))).toBe('case.transition_not_allowed');
    expect(await queuedKeys()).toEqual([`case:${c.id}:notice:held:c1`, `case:${c.id}:refresh:v${retried.case.version}`].sort());
  });

  /** What sending the report of this case queues (besides the "held" messages). */
  function sendKeys(caseId: string, followUpVersion: number): string[] {
    const tag = `report:${caseId}:c1`;
    return [`case:${caseId}:notice:report_sent:c1`, `${tag}:sent:e-gp`, `${tag}:sent:e-nurse`, `${tag}:actions:${GP}`, `${tag}:referent`, `case:${caseId}:refresh:v${followUpVersion}`];
  }

  it('"send" again on a report marked sent whose case is still held moves the case and queues every message once', async () => {
    const c = await scheduledCase();
    const held = await markMeetingHeld(deps, actor(ORGANISER), c.id, T0);
    await writeReport(c.id);
    // the report is written sent, the process dies before the case moves to follow-up
    await expect(sendCaseReport({ stores: crashOnce(stores, 'cases', 'replaceIfVersion'), ids }, actor(ORGANISER), c.id, reach, T0)).rejects.toThrow('process killed');
    expect((await caseNow(c.id)).status).toBe('held');
    expect((await stores.reports.listByCase(c.id))[0]!.status).toBe('sent');

    const retried = await sendCaseReport(deps, actor(ORGANISER), c.id, reach, T0);
    expect(retried.case.status).toBe('follow_up');
    expect(retried.report.status).toBe('sent');
    const after = await caseNow(c.id);
    expect(after.status).toBe('follow_up');
    expect(transitions(after, 'follow_up')).toBe(1);
    expect(await stores.reports.listByCase(c.id)).toHaveLength(1);
    expect(await auditCount(c.id, 'report.sent')).toBe(1);

    // a third send: everything is done, nothing again
    expect(await codeOf(sendCaseReport(deps, actor(ORGANISER), c.id, reach, T0))).toBe('report.already_sent');
    expect(await auditCount(c.id, 'report.sent')).toBe(1);
    expect(await queuedKeys()).toEqual([`case:${c.id}:notice:held:c1`, `case:${c.id}:refresh:v${held.case.version}`, ...sendKeys(c.id, after.version)].sort());

    // the follow-up runs, and the evaluation can be recorded
    expect(await runFollowUp({ stores }, new Date('2026-11-24T09:00:00Z'))).toMatchObject({ reports: 1 });
    const evaluated = await evaluateCase(deps, actor(ORGANISER), c.id, { agreementsMet: 'all', enough: true, decision: 'close' }, new Date('2026-12-15T09:00:00Z'));
    expect(evaluated.case.status).toBe('closed');
  });

  it('"send" again after a crash while the messages were queued queues the rest, each once', async () => {
    const c = await scheduledCase();
    const held = await markMeetingHeld(deps, actor(ORGANISER), c.id, T0);
    await writeReport(c.id);
    // the report and the case are written; the process dies at the third message
    await expect(sendCaseReport({ stores: crashOnce(stores, 'outbox', 'enqueue', 2), ids }, actor(ORGANISER), c.id, reach, T0)).rejects.toThrow('process killed');
    const moved = await caseNow(c.id);
    expect(moved.status).toBe('follow_up');

    const retried = await sendCaseReport(deps, actor(ORGANISER), c.id, reach, T0);
    expect(retried.case.status).toBe('follow_up');
    expect(await codeOf(sendCaseReport(deps, actor(ORGANISER), c.id, reach, T0))).toBe('report.already_sent');
    expect(transitions(await caseNow(c.id), 'follow_up')).toBe(1);
    expect(await auditCount(c.id, 'report.sent')).toBe(1);
    expect(await queuedKeys()).toEqual([`case:${c.id}:notice:held:c1`, `case:${c.id}:refresh:v${held.case.version}`, ...sendKeys(c.id, moved.version)].sort());
  });

  it.each<[string, 'closed' | 'preparing', object]>([
    ['closes the case', 'closed', { agreementsMet: 'all', enough: true, decision: 'close' }],
    ['starts the new cycle', 'preparing', { agreementsMet: 'partly', enough: false, decision: 'new_cycle' }],
  ])('"evaluate" again on an evaluated report whose case is still in follow-up %s, once', async (_what, to, input) => {
    const c = await scheduledCase();
    await markMeetingHeld(deps, actor(ORGANISER), c.id, T0);
    await writeReport(c.id);
    await sendCaseReport(deps, actor(ORGANISER), c.id, reach, T0);
    await queuedKeys();
    const at = new Date('2026-12-15T09:00:00Z');
    // the outcome is written on the report, the process dies before the case moves
    await expect(evaluateCase({ stores: crashOnce(stores, 'cases', 'replaceIfVersion'), ids }, actor(ORGANISER), c.id, input, at, reach)).rejects.toThrow('process killed');
    expect((await caseNow(c.id)).status).toBe('follow_up');

    // the same click again (whatever it says now, the outcome recorded first is applied)
    const retried = await evaluateCase(deps, actor(ORGANISER), c.id, { agreementsMet: 'all', enough: true, decision: 'close' }, at, reach);
    expect(retried.case.status).toBe(to);
    const after = await caseNow(c.id);
    expect(transitions(after, to)).toBe(1);
    expect(await auditCount(c.id, 'evaluation.recorded')).toBe(1);
    expect(await codeOf(evaluateCase(deps, actor(ORGANISER), c.id, input, at, reach))).toBe('report.evaluated');
    expect(await auditCount(c.id, 'evaluation.recorded')).toBe(1);
    const newCycle = to === 'preparing' ? [`case:${c.id}:preparation:c2`, `case:${c.id}:referent_request:c2`] : [];
    expect(await queuedKeys()).toEqual([`case:${c.id}:notice:evaluation:c1`, `case:${c.id}:refresh:v${after.version}`, ...newCycle].sort());
    if (to === 'preparing') expect(after.preparation.meetingGoal).toBeNull();
  });

  it('the cards offer the same button again in the half-written states', async () => {
    const t = makeTranslator('en');
    const c = await scheduledCase();
    const heldNoReport: Case = { ...c, status: 'held' };
    expect(JSON.stringify(renderReportCard(t, 'en', heldNoReport, null, []))).toContain(VERBS.reportHeld);
    const { report } = await markMeetingHeld(deps, actor(ORGANISER), c.id, T0);
    const sent = { ...report, status: 'sent' as const, sentAt: T0, sentBy: ORGANISER };
    expect(JSON.stringify(renderReportCard(t, 'en', heldNoReport, sent, []))).toContain(VERBS.reportSend);
    expect(JSON.stringify(renderReportCard(t, 'en', { ...c, status: 'follow_up' }, sent, []))).not.toContain(VERBS.reportSend);
    const evaluated = { ...sent, evaluationOutcome: { at: T0, by: ORGANISER, agreementsMet: 'all' as const, enough: true, decision: 'close' as const, reason: null } };
    expect(JSON.stringify(renderEvaluationCard(t, 'en', { ...c, status: 'follow_up' }, evaluated))).toContain(VERBS.evaluationSave);
    expect(JSON.stringify(renderEvaluationCard(t, 'en', { ...c, status: 'closed' }, evaluated))).not.toContain(VERBS.evaluationSave);
  });

  describe('the meeting date', () => {
    /** Friday 18 December 2026, 14:00-15:30 Brussels. */
    const SLOT: Slot = { id: 's1', start: new Date('2026-12-18T13:00:00Z'), end: new Date('2026-12-18T14:30:00Z'), place: { kind: 'address', text: 'x' }, proposedBy: null, accepted: true };

    async function withFinalisedPoll(c: Case): Promise<void> {
      const poll: Poll = {
        id: `${c.id}:1:1`,
        caseId: c.id,
        cycle: 1,
        organiserId: ORGANISER,
        meetingGoal: 'g',
        slots: [SLOT],
        participants: [],
        deadline: new Date('2026-12-01T10:00:00Z'),
        options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: false },
        status: 'finalised',
        finalSlotId: 's1',
        icsUid: 'u',
        icsSequence: 1,
        calendarEntry: { slot: SLOT, cancelled: false },
        openedAt: new Date('2026-11-20T10:00:00Z'),
        createdAt: new Date('2026-11-20T10:00:00Z'),
        version: 3,
      };
      await stores.polls.insert(poll);
    }

    it('refuses "held" before the chosen slot starts, in Brussels time and in every language; nothing is written', async () => {
      const c = await scheduledCase();
      await withFinalisedPoll(c);
      let refused: unknown = null;
      await markMeetingHeld(deps, actor(ORGANISER), c.id, new Date('2026-12-18T12:59:59Z')).catch((err: unknown) => (refused = err));
      expect(refused).toBeInstanceOf(DomainError);
      expect(refused).toMatchObject({ code: 'report.meeting_not_started', params: { start: '18/12/2026 14:00' } });
      expect((await caseNow(c.id)).status).toBe('scheduled');
      expect(await stores.reports.listByCase(c.id)).toHaveLength(0);
      expect(describeError(makeTranslator('en'), refused)).toBe('The meeting starts on 18/12/2026 14:00 (Brussels time). It can be marked as held once it has started.');
      expect(describeError(makeTranslator('nl'), refused)).toBe('Het overleg begint op 18/12/2026 14:00 (Brusselse tijd). U kunt het als gehouden aanduiden zodra het begonnen is.');
      expect(describeError(makeTranslator('fr'), refused)).toBe('La réunion commence le 18/12/2026 14:00 (heure de Bruxelles). Elle pourra être indiquée comme tenue une fois commencée.');
      // from its start on, it can be marked held
      const held = await markMeetingHeld(deps, actor(ORGANISER), c.id, SLOT.start);
      expect(held.case.statusHistory.at(-1)).toEqual({ from: 'scheduled', to: 'held', at: SLOT.start, by: ORGANISER, meetingAt: SLOT.start });
    });

    it('counts a December meeting marked held in January in December\'s year, also once the data is erased', async () => {
      const c = await scheduledCase();
      await withFinalisedPoll(c);
      await markMeetingHeld(deps, actor(ORGANISER), c.id, new Date('2027-01-04T09:00:00Z'));
      const figures = async (year: number) => computeFigures(await stores.cases.listAll(), [], new Date('2027-02-01T00:00:00Z'), { year }).consultationsHeld;
      expect(await figures(2026)).toBe(1);
      expect(await figures(2027)).toBe(0);
      // the meeting date is kept with the status history when the person's data is erased
      const erased = await erasePersonData({ stores, isCoordinator: (id) => id === COORDINATOR }, actor(COORDINATOR, true), c.id, c.reference, new Date('2027-01-05T09:00:00Z'));
      expect(erased.case.status).toBe('withdrawn');
      expect(await figures(2026)).toBe(1);
      expect(await figures(2027)).toBe(0);
    });

    it('is a pure rule on instants: refused one millisecond before the start, in summer time too', () => {
      const start = new Date('2027-06-18T12:00:00Z');
      expect(() => assertMeetingStarted({ start }, new Date(start.getTime() - 1))).toThrow(expect.objectContaining({ code: 'report.meeting_not_started', params: { start: '18/06/2027 14:00' } }));
      expect(() => assertMeetingStarted({ start }, start)).not.toThrow();
      expect(() => assertMeetingStarted(null, new Date(0))).not.toThrow();
    });
  });

  it('erases the person\'s data of a held case: withdrawn, purged, the report gone, the meeting still counted', async () => {
    const c = await scheduledCase();
    await markMeetingHeld(deps, actor(ORGANISER), c.id, T0);
    const { case: erased, alreadyErased } = await erasePersonData({ stores, isCoordinator: (id) => id === COORDINATOR }, actor(COORDINATOR, true), c.id, c.reference, new Date('2026-11-24T09:00:00Z'));
    expect(alreadyErased).toBe(false);
    expect(erased.status).toBe('withdrawn');
    expect(erased.purgedAt).not.toBeNull();
    expect(erased.pseudonym).toBe('—');
    expect(await stores.reports.listByCase(c.id)).toHaveLength(0);
    const stored = await caseNow(c.id);
    expect(stored.statusHistory.map((h) => h.to).slice(-2)).toEqual(['held', 'withdrawn']);
    expect((await stores.audit.listByCase(c.id)).map((e) => e.action).slice(-2)).toEqual(['case.withdrawn', 'person.erased']);
    const f = computeFigures([stored], [], new Date('2026-12-01T00:00:00Z'), { year: 2026 });
    expect(f).toMatchObject({ requests: 1, consultationsHeld: 1, casesWithConsultation: 1 });
    expect(f.byOutcome).toMatchObject({ withdrawn: 1, followed: 0 });
    // the report is gone with the rest, and the withdrawn case is not held again
    expect((await openReport(deps, actor(ORGANISER), c.id, T0)).report).toBeNull();
    expect(await codeOf(markMeetingHeld(deps, actor(ORGANISER), c.id, T0))).toBe('case.transition_not_allowed');
  });
});
