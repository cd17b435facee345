import { BotHarness, cardText, CASES_CHANNEL, invokeCard, NURSE, ORGANISER, SOCIAL_WORKER, type User } from '../support/bot-harness';
import { clickButton } from '../support/intake-driver';
import { makeCase } from '../support/fixtures';
import type { Case } from '../../domain/case/case';
import type { NetworkEntry } from '../../domain/case/preparation';
import { addAction, recordAttendance, setCrisisPlan, setEvaluation, setNarrative, startReport } from '../../domain/report/draft';
import { sendReport } from '../../domain/report/rules';
import { reportContextOf } from '../../domain/report/report-use-cases';

/** The referent of two cases (fictional people). */
const REFERENT = SOCIAL_WORKER;
const GP: User = { id: '29:gp', aadObjectId: '12121212-0000-4000-8000-000000000012', name: 'GP' };

function entry(id: string, name: string, userId: string | null): NetworkEntry {
  return { id, role: 'role', name, organisation: null, contact: null, userId, mandate: userId ? 'decides' : null, invited: true, notInvitedReason: null, isSupporter: false };
}

describe('the referent’s weekly overview (over HTTP)', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await BotHarness.start();
    await h.sayInChannel({ id: '29:coordinator', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Coordinator' }, 'cases channel');
  });
  afterEach(async () => {
    await h.stop();
  });

  async function deliverAll(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      await h.settleOutbox();
      const counts = await h.bot.stores.outbox.countByStatus();
      if (counts.pending === 0 && counts.sending === 0) return;
      h.clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 60));
    }
    throw new Error('outbox did not settle');
  }

  function cardsTo(user: User): any[] {
    const opened = new Set(h.connector.calls.filter((x) => x.method === 'createConversation' && x.body?.members?.[0]?.id === user.aadObjectId).map((x) => x.conversationId));
    return h.connector.cards((x) => opened.has(x.conversationId) || x.conversationId === h.personalConversation(user));
  }

  /** A case in follow-up with a sent report: the referent of it and its actions (what, due date). */
  async function followedCase(seq: number, pseudonym: string, actions: [string, string][]): Promise<Case> {
    const T = h.clock.now();
    const c = makeCase({
      status: 'follow_up',
      reference: `MKO-2026-${String(seq).padStart(4, '0')}`,
      seq,
      pseudonym,
      requesterId: NURSE.aadObjectId,
      organiserId: ORGANISER.aadObjectId,
      thread: { conversationId: `${CASES_CHANNEL};messageid=root-${pseudonym}`, rootActivityId: `root-${pseudonym}`, serviceUrl: h.connector.url },
      locale: 'en-US',
    });
    c.preparation = {
      ...c.preparation,
      consent: { recordedBy: ORGANISER.aadObjectId, recordedAt: T, method: 'in_person', consultation: true, sharing: true },
      network: [entry('e-gp', 'Dr. Sarah Janssens', GP.aadObjectId), entry('e-ref', 'Karim Haddad', REFERENT.aadObjectId), entry('e-sis', 'Rosa', null)],
      referentEntryId: 'e-ref',
      referentConfirmedAt: T,
      referentConfirmedBy: REFERENT.aadObjectId,
    };
    await h.bot.stores.cases.insert(c);
    const ctx = reportContextOf(c);
    let r = startReport({ caseId: c.id, cycle: 1, meetingId: `${c.id}:m1` }, c.preparation, T);
    r = recordAttendance(r, { lines: ['e-gp', 'e-ref', 'e-sis'].map((participantId) => ({ participantId, status: 'present' as const, mode: 'in_person' as const })) }, ctx, T);
    r = setNarrative(r, { decisions: ['Home care'] }, T);
    actions.forEach(([what, due], i) => {
      r = addAction(r, `${c.id}-a${i + 1}`, { what, owner: { kind: 'participant', entryId: 'e-sis' }, dueDate: due }, ctx, T);
    });
    r = setCrisisPlan(r, { warningSigns: 'x', whatToDo: 'y', contacts: [{ entryId: 'e-gp', how: '02', inOfficeHours: true, outOfOfficeHours: true }] }, ctx, T);
    r = setEvaluation(r, { who: 'e-ref', how: 'call', date: '2027-03-01' }, ctx, T);
    await h.bot.stores.reports.insert(sendReport(r, ctx, ORGANISER.aadObjectId, T));
    return c;
  }

  it('sends one card a week for all the referent’s cases, answerable in place', async () => {
    const first = await followedCase(101, 'A. B.', [['Ask for a home help', '2026-11-25'], ['Book the physio', '2026-12-09']]);
    const second = await followedCase(102, 'C. D.', [['Renew the lease', '2026-12-11']]);
    // Monday 30 November 2026, 09:30 Brussels
    h.clock.current = new Date('2026-11-30T08:30:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ weekly: 1 });
    await deliverAll();
    const weekly = cardsTo(REFERENT).filter((x) => cardText(x).startsWith('Your agreed actions this week'));
    expect(weekly).toHaveLength(1);
    const text = cardText(weekly[0]);
    expect(text).toContain(`${first.reference} (A. B.): 2 open`);
    expect(text).toContain(`${second.reference} (C. D.): 1 open`);
    expect(text).toContain('3 open action(s) in 2 case(s) where you are the referent; 1 past their date.');
    expect(text).toContain('Past its date');
    // no personal details of the person in the weekly card: pseudonyms only
    expect(JSON.stringify(weekly[0])).not.toContain('Jan');

    // the referent answers for the owner (not on Teams) on the overview: the overview again, one less
    const answered = invokeCard(await clickButton(h, REFERENT, weekly[0], 'Done'));
    expect(cardText(answered)).toContain('Your answer is recorded.');
    expect(cardText(answered)).not.toContain('Ask for a home help');
    const again = invokeCard(await h.click(REFERENT, 'action.answer', { caseId: first.id, actionId: `${first.id}-a1`, answer: 'done', from: 'weekly' }));
    // answered twice (a double click): refused, on the overview, nothing changed
    expect(cardText(again)).toContain('Your agreed actions this week');
    expect(cardText(again)).toContain('2 open action(s) in 2 case(s)');
    // a refused answer (a date in the past) stays on the overview too
    const refused = invokeCard(await h.click(REFERENT, 'action.answer', { caseId: second.id, actionId: `${second.id}-a1`, answer: 'not_done_yet', from: 'weekly', [`due.${second.id}-a1`]: '2026-11-01' }));
    expect(cardText(refused)).toContain('The new date must be after today.');
    expect(cardText(refused)).toContain('Your agreed actions this week');
    // the overview is audited as a read of each case it shows
    expect((await h.bot.stores.audit.listByCase(second.id)).map((e) => e.action)).toContain('actions.viewed');

    // later that week: no second card; the next Monday: the next one
    h.clock.current = new Date('2026-12-02T10:00:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ weekly: 0 });
    h.clock.current = new Date('2026-12-07T08:30:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ weekly: 1 });
    // someone who is nobody's referent opens it and has nothing open
    expect(cardText(invokeCard(await h.click(GP, 'actions.weekly', {})))).toContain('No open action in the cases where you are the referent.');
  });
});
