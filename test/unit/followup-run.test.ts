import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import type { OutboxMessage, Stores } from '../../domain/ports';
import type { Case } from '../../domain/case/case';
import { endedAt } from '../../domain/case/retention';
import { settledCode } from '../support/report-fixtures';
import { answerCaseAction, evaluateCase, markMeetingHeld, openEvaluation, saveReportDraft, sendCaseReport } from '../../domain/report/report-use-cases';
import { runFollowUp } from '../../domain/followup/followup-use-cases';
import { toBrusselsWallTime } from '../../domain/poll/wall-clock';
import { makeReportDirectViews } from '../../bot/outbox/report-direct-views';
import { makeTranslator } from '../../adaptive-cards/i18n';
import { GP, NURSE, ORGANISER, T0, makeScheduledCase } from '../support/report-fixtures';

/**
 * The follow-up job on the embedded store, as the bot runs it (only the reports whose check is due):
 * an evaluation nobody records is reminded and escalated (A); the evaluator the report names gets the
 * card and may record it (B); several actions due the same day bring each person one card (C).
 */
const actor = (userId: string) => ({ userId, isCoordinator: false });
const reach = { serviceUrl: 'https://smba.example/', botId: 'bot', tenantId: 't' };
const COORDINATORS = ['coord-1', 'coord-2'];
/** Tuesday 15 December 2026: the evaluation date. */
const EVALUATION_DATE = '2026-12-15';

describe('the follow-up job: evaluation reminders, the named evaluator, one card per person', () => {
  let stores: Stores;
  let dir: string;
  let n = 0;
  const ids = { newId: () => `id-${++n}` };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-followup-run-'));
    stores = await openEmbeddedStores(dir);
  });
  afterEach(async () => {
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  interface Options {
    evaluator?: string;
    /** [what, owner entry, due date] */
    actions?: [string, string, string][];
  }

  /** A case of the report fixtures (GP and referent nurse on Teams, sister not), its report sent, the person's consent to share recorded. */
  async function sentCase(options: Options = {}): Promise<Case> {
    const c = makeScheduledCase();
    c.preparation = { ...c.preparation, consent: { recordedBy: ORGANISER, recordedAt: T0, method: 'in_person', consultation: true, sharing: true } };
    await stores.cases.insert(c);
    const deps = { stores, ids };
    await markMeetingHeld(deps, actor(ORGANISER), c.id, T0);
    const write = (change: Parameters<typeof saveReportDraft>[3]) => saveReportDraft(deps, actor(ORGANISER), c.id, change, T0);
    await write({ section: 'attendance', input: { lines: ['e-gp', 'e-nurse', 'e-sis'].map((participantId) => ({ participantId, status: 'present', mode: 'in_person' })) } });
    await write({ section: 'narrative', input: { decisions: ['Home care'] } });
    for (const [what, owner, dueDate] of options.actions ?? [['Physio', 'e-gp', '2026-11-27']]) {
      const ownerInput = owner === 'e-sis' ? { kind: 'relative' as const, entryId: owner } : { kind: 'participant' as const, entryId: owner };
      await write({ section: 'action_add', input: { what, owner: ownerInput, dueDate } });
    }
    await write({ section: 'crisis_plan', input: { warningSigns: 'x', whatToDo: 'y', contacts: [{ entryId: 'e-gp', how: '02', inOfficeHours: true, outOfOfficeHours: true }] } });
    await write({ section: 'evaluation', input: { who: options.evaluator ?? 'e-nurse', how: 'call', date: EVALUATION_DATE } });
    await sendCaseReport(deps, actor(ORGANISER), c.id, reach, T0);
    return (await stores.cases.findById(c.id))!;
  }

  async function answerAllDone(c: Case, at: Date): Promise<void> {
    for (const a of (await stores.reports.listByCase(c.id))[0]!.actions) {
      await answerCaseAction({ stores, ids }, actor(NURSE), c.id, a.id, { answer: 'done' }, reach, at);
    }
  }

  /** The messages queued since the last call (each claimed once, far in the future). */
  async function newMessages(): Promise<OutboxMessage[]> {
    return stores.outbox.claimDue(new Date('2100-01-01T00:00:00Z'), 60_000, 10_000);
  }

  const codeOf = settledCode;

  /** Runs two instances of the job at once on every tick from `from` to `to`, as the bot would. */
  async function tickTwice(from: string, to: string, everyMinutes: number): Promise<void> {
    for (let t = new Date(from).getTime(); t <= new Date(to).getTime(); t += everyMinutes * 60_000) {
      const deps = { stores, coordinatorIds: COORDINATORS };
      await Promise.all([runFollowUp(deps, new Date(t)), runFollowUp(deps, new Date(t))]);
    }
  }

  describe('A: an evaluation nobody records', () => {
    it('reminds the organiser and the evaluator every 2 working days, escalates to the coordinators from the 2nd reminder, each once', async () => {
      const c = await sentCase();
      await answerAllDone(c, new Date('2026-11-26T10:00:00Z'));
      await newMessages();
      // every hour for three weeks from the day before the evaluation date, two instances at once
      await tickTwice('2026-12-14T00:00:00Z', '2027-01-05T00:00:00Z', 60);
      const prefix = `followup:evaluation:${c.id}:c1@${EVALUATION_DATE}:`;
      const log = (await newMessages())
        .filter((m) => m.key.startsWith(prefix))
        .map((m) => [toBrusselsWallTime(m.createdAt).date, m.key.slice(prefix.length), m.payload.view])
        .sort((a, b) => String(a).localeCompare(String(b)));
      const reminder = (date: string, k: number) => [
        [date, `reminder:${k}:evaluator:${NURSE}`, 'evaluation_reminder'],
        [date, `reminder:${k}:organiser:${ORGANISER}`, 'evaluation_reminder'],
      ];
      const escalation = (date: string, k: number) => COORDINATORS.map((u) => [date, `escalation:${k}:coordinator:${u}`, 'evaluation_escalation']);
      expect(log).toEqual(
        [
          [EVALUATION_DATE, `organiser:${ORGANISER}`, 'evaluation'],
          [EVALUATION_DATE, `referent:${NURSE}`, 'evaluation'],
          ...reminder('2026-12-17', 1),
          ...escalation('2026-12-21', 2),
          ...reminder('2026-12-21', 2),
          ...escalation('2026-12-23', 3),
          ...reminder('2026-12-23', 3),
          // Friday 25 December is Christmas: Monday 28 is the 8th working day
          ...escalation('2026-12-28', 4),
          ...reminder('2026-12-28', 4),
          ...escalation('2026-12-30', 5),
          ...reminder('2026-12-30', 5),
          // Friday 1 January is New Year's Day: Monday 4 is the 12th working day
          ...escalation('2027-01-04', 6),
          ...reminder('2027-01-04', 6),
        ].sort((a, b) => String(a).localeCompare(String(b))),
      );
      // the report stays due for a check while the evaluation waits
      expect((await stores.reports.listFollowUpDue(new Date('2027-01-06T08:00:00Z'))).map((r) => r.caseId)).toEqual([c.id]);

      // the organiser records it (from the reminder): the case closes, its retention clock starts, nothing more is sent
      await evaluateCase({ stores, ids }, actor(ORGANISER), c.id, { agreementsMet: 'all', enough: true, decision: 'close' }, new Date('2027-01-05T09:00:00Z'));
      const closed = (await stores.cases.findById(c.id))!;
      expect(closed.status).toBe('closed');
      expect(endedAt(closed)).not.toBeNull();
      await newMessages();
      await tickTwice('2027-01-05T10:00:00Z', '2027-01-12T00:00:00Z', 60);
      expect((await newMessages()).filter((m) => m.key.startsWith('followup:'))).toEqual([]);
    });

    it('renders the reminder as the evaluation form with a notice, and the coordinators’ card with the reference and date only', async () => {
      const c = await sentCase();
      const views = makeReportDirectViews({ stores });
      const t = makeTranslator('en');
      const now = new Date('2026-12-17T09:00:00Z');
      const reminder = JSON.stringify(await views.evaluation_reminder!({ t, lang: 'en', c, payload: { view: 'evaluation_reminder' }, userId: ORGANISER, now }));
      expect(reminder).toContain('nobody has recorded the evaluation yet');
      expect(reminder).toContain('Record the evaluation');
      const escalation = JSON.stringify(await views.evaluation_escalation!({ t, lang: 'en', c, payload: { view: 'evaluation_escalation' }, userId: 'coord-1', now }));
      expect(escalation).toContain(`Evaluation overdue ${c.reference}`);
      expect(escalation).toContain('case.details');
      expect(escalation).not.toContain('Physio');
      const fr = JSON.stringify(await views.evaluation_escalation!({ t: makeTranslator('fr'), lang: 'fr', c, payload: {}, userId: 'coord-1', now }));
      expect(fr).toContain('Évaluation en retard');
      const nl = JSON.stringify(await views.evaluation_reminder!({ t: makeTranslator('nl'), lang: 'nl', c, payload: {}, userId: ORGANISER, now }));
      expect(nl).toContain('nog niemand heeft de evaluatie geregistreerd');
    });
  });

  describe('B: the evaluator the report names (the GP, not the referent)', () => {
    it('gets the evaluation card with the organiser and the referent, and may record the evaluation', async () => {
      const c = await sentCase({ evaluator: 'e-gp' });
      await answerAllDone(c, new Date('2026-11-26T10:00:00Z'));
      await newMessages();
      expect(await runFollowUp({ stores }, new Date('2026-12-15T08:30:00Z'))).toMatchObject({ evaluations: 3 });
      expect((await newMessages()).filter((m) => m.payload.view === 'evaluation').map((m) => m.userId).sort()).toEqual([GP, NURSE, ORGANISER].sort());
      const card = JSON.stringify(await makeReportDirectViews({ stores }).evaluation!({ t: makeTranslator('en'), lang: 'en', c, payload: {}, userId: GP, now: new Date('2026-12-15T08:30:00Z') }));
      expect(card).toContain('Record the evaluation');
      expect((await openEvaluation({ stores, ids }, actor(GP), c.id)).report.evaluation?.who).toBe('e-gp');
      const { case: after, report } = await evaluateCase({ stores, ids }, actor(GP), c.id, { agreementsMet: 'all', enough: true, decision: 'close' }, new Date('2026-12-15T09:00:00Z'));
      expect(after.status).toBe('closed');
      expect(report.evaluationOutcome?.by).toBe(GP);
      expect((await stores.audit.listByCase(c.id)).filter((e) => e.action === 'evaluation.recorded').map((e) => e.actorId)).toEqual([GP]);
    });

    it('does not take the evaluation from the referent: the organiser-and-referent decision (DOMAIN.md step 7)', async () => {
      const c = await sentCase({ evaluator: 'e-gp' });
      const { case: after } = await evaluateCase({ stores, ids }, actor(NURSE), c.id, { agreementsMet: 'partly', enough: false, decision: 'new_cycle' }, new Date('2026-12-15T09:00:00Z'));
      expect(after.status).toBe('preparing');
      // the evaluator then finds it recorded
      expect(await codeOf(evaluateCase({ stores, ids }, actor(GP), c.id, { agreementsMet: 'all', enough: true, decision: 'close' }, new Date('2026-12-15T09:10:00Z')))).toBe('report.evaluated');
    });

    it('refuses the named evaluator once the person withdrew the consent to share, and nobody else than the three', async () => {
      const c = await sentCase({ evaluator: 'e-gp' });
      const withdrawn = { ...c, preparation: { ...c.preparation, consent: { ...c.preparation.consent!, sharing: false } }, version: c.version + 1 };
      await stores.cases.replaceIfVersion(withdrawn, c.version);
      expect(await codeOf(openEvaluation({ stores, ids }, actor(GP), c.id))).toBe('access.denied');
      expect(await codeOf(evaluateCase({ stores, ids }, actor(GP), c.id, { agreementsMet: 'all', enough: true, decision: 'close' }, new Date('2026-12-15T09:00:00Z')))).toBe('access.denied');
      const card = JSON.stringify(await makeReportDirectViews({ stores }).evaluation!({ t: makeTranslator('en'), lang: 'en', c: withdrawn, payload: {}, userId: GP, now: new Date('2026-12-15T09:00:00Z') }));
      expect(card).not.toContain('Record the evaluation');
      expect(card).not.toContain('Physio');
      // the organiser and the referent still may
      expect(await codeOf(openEvaluation({ stores, ids }, actor(NURSE), c.id))).toBe('ok');
      expect(await codeOf(openEvaluation({ stores, ids }, actor('stranger'), c.id))).toBe('access.denied');
    });
  });

  describe('C: four actions due the same day', () => {
    const FOUR: [string, string, string][] = [
      ['Physio', 'e-gp', '2026-12-04'],
      ['Prescription', 'e-gp', '2026-12-04'],
      ['Visit', 'e-sis', '2026-12-04'],
      ['Shopping', 'e-sis', '2026-12-04'],
    ];
    const byUser = (messages: OutboxMessage[], view: string) => messages.filter((m) => m.payload.view === view).map((m) => [m.userId, m.payload.notices ?? 1]).sort();

    it('the referent gets one reminder card, the GP one for their two; later the organiser one escalation card', async () => {
      const c = await sentCase({ actions: FOUR });
      await newMessages();
      // Tuesday 1 December 09:10 Brussels, 3 days before: two instances at once
      const deps = { stores, coordinatorIds: COORDINATORS };
      const [a, b] = await Promise.all([runFollowUp(deps, new Date('2026-12-01T08:10:00Z')), runFollowUp(deps, new Date('2026-12-01T08:10:00Z'))]);
      expect(a.reminders + b.reminders).toBe(2);
      expect(byUser(await newMessages(), 'action_reminder')).toEqual([
        [GP, 2],
        [NURSE, 4],
      ]);
      // what the card says for four
      const card = JSON.stringify(await makeReportDirectViews({ stores }).action_reminder!({ t: makeTranslator('en'), lang: 'en', c, payload: { notices: 4 }, userId: NURSE, now: new Date('2026-12-01T08:10:00Z') }));
      expect(card).toContain('4 agreed actions are due soon or today.');

      // the referent answers one of them: the others' reminders are booked, nothing is sent again
      const visit = (await stores.reports.listByCase(c.id))[0]!.actions[2]!;
      await answerCaseAction({ stores, ids }, actor(NURSE), c.id, visit.id, { answer: 'done' }, reach, new Date('2026-12-01T09:00:00Z'));
      await newMessages();
      expect(await runFollowUp(deps, new Date('2026-12-01T09:15:00Z'))).toMatchObject({ reminders: 0 });
      expect(await runFollowUp(deps, new Date('2026-12-01T09:30:00Z'), { everyReport: true })).toMatchObject({ reminders: 0, duplicates: 2 });
      expect((await newMessages()).filter((m) => m.key.startsWith('followup:'))).toEqual([]);

      // Friday 4 December, the due date: one card each again
      await runFollowUp(deps, new Date('2026-12-04T08:10:00Z'));
      expect(byUser(await newMessages(), 'action_reminder')).toEqual([
        [GP, 2],
        [NURSE, 3],
      ]);
      // Tuesday 8 December, the 2nd working day after: one overdue card for the referent
      await runFollowUp(deps, new Date('2026-12-08T08:10:00Z'));
      const overdue = await newMessages();
      expect(byUser(overdue, 'action_overdue')).toEqual([[NURSE, 3]]);
      expect(byUser(overdue, 'action_escalation')).toEqual([]);
      // Thursday 10 December, the 2nd overdue notice: one escalation card for the organiser, one overdue card for the referent
      const [x, y] = await Promise.all([runFollowUp(deps, new Date('2026-12-10T08:10:00Z')), runFollowUp(deps, new Date('2026-12-10T08:10:00Z'))]);
      expect(x.escalations + y.escalations).toBe(1);
      const escalated = await newMessages();
      expect(byUser(escalated, 'action_escalation')).toEqual([[ORGANISER, 3]]);
      expect(byUser(escalated, 'action_overdue')).toEqual([[NURSE, 3]]);
    });

    it('a crash between the message and its booking: the re-run computes the same key and sends nothing twice', async () => {
      await sentCase({ actions: FOUR });
      await newMessages();
      let crashed = false;
      const counters = stores.counters;
      const failing: Stores = {
        ...stores,
        counters: {
          next: async (name: string) => {
            if (!crashed) {
              crashed = true;
              throw new Error('process killed');
            }
            return counters.next(name);
          },
          listByPrefix: (prefix: string) => counters.listByPrefix(prefix),
        },
      };
      const now = new Date('2026-12-01T08:10:00Z');
      await expect(runFollowUp({ stores: failing }, now)).rejects.toThrow('process killed');
      // the check stayed due: the next tick looks again
      await runFollowUp({ stores }, new Date(now.getTime() + 15 * 60_000));
      expect(byUser(await newMessages(), 'action_reminder')).toEqual([
        [GP, 2],
        [NURSE, 4],
      ]);
      expect(await runFollowUp({ stores }, new Date(now.getTime() + 30 * 60_000), { everyReport: true })).toMatchObject({ reminders: 0 });
      expect((await newMessages()).filter((m) => m.key.startsWith('followup:'))).toEqual([]);
    });
  });
});
