import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import type { Stores } from '../../domain/ports';
import { markMeetingHeld, saveReportDraft, sendCaseReport, answerCaseAction } from '../../domain/report/report-use-cases';
import { runFollowUp } from '../../domain/followup/followup-use-cases';
import { exportPersonData } from '../../domain/case/person-data';
import { GP, NURSE, ORGANISER, T0, entry, makeScheduledCase } from '../support/report-fixtures';

const actor = (userId: string) => ({ userId, isCoordinator: false });
const reach = { serviceUrl: 'https://smba.example/', botId: 'bot', tenantId: 't' };
/** Monday 23 November 2026, 10:00 Brussels. */


describe('report and follow-up use cases on the embedded store', () => {
  let stores: Stores;
  let dir: string;
  let n = 0;
  const ids = { newId: () => `id-${++n}` };

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-report-'));
    stores = await openEmbeddedStores(dir);
  });
  afterEach(async () => {
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function sentCase(): Promise<string> {
    const c = makeScheduledCase();
    await stores.cases.insert(c);
    const deps = { stores, ids };
    await markMeetingHeld(deps, actor(ORGANISER), c.id, T0);
    const write = (change: Parameters<typeof saveReportDraft>[3]) => saveReportDraft(deps, actor(ORGANISER), c.id, change, T0);
    await write({ section: 'attendance', input: { lines: ['e-gp', 'e-nurse', 'e-sis'].map((participantId) => ({ participantId, status: 'present', mode: 'in_person' })) } });
    await write({ section: 'narrative', input: { decisions: ['Home care'] } });
    await write({ section: 'action_add', input: { what: 'Physio', owner: { kind: 'participant', entryId: 'e-gp' }, dueDate: '2026-11-27' } });
    await write({ section: 'action_add', input: { what: 'Visit', owner: { kind: 'relative', entryId: 'e-sis' }, dueDate: '2026-11-27' } });
    await write({ section: 'crisis_plan', input: { warningSigns: 'x', whatToDo: 'y', contacts: [{ entryId: 'e-gp', how: '02', inOfficeHours: true, outOfOfficeHours: true }] } });
    await write({ section: 'evaluation', input: { who: 'e-nurse', how: 'call', date: '2027-01-15' } });
    await sendCaseReport(deps, actor(ORGANISER), c.id, reach, T0);
    return c.id;
  }

  it("exports the case's meeting reports and polls with the person's data: situation, actions, crisis plan, attendance, answers", async () => {
    const caseId = await sentCase();
    const poll = { id: 'poll-1', caseId, cycle: 1, organiserId: ORGANISER, meetingGoal: 'Agree on home care', slots: [], participants: [{ id: 'e-gp', userId: GP, name: 'GP', role: 'gp', required: true }], deadline: T0, options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: false }, status: 'finalised' as const, finalSlotId: null, icsUid: 'u', icsSequence: 0, calendarEntry: null, openedAt: T0, createdAt: T0, version: 1 };
    await stores.polls.insert(poll);
    await stores.votes.upsert({ pollId: 'poll-1', participantId: 'e-gp', slotId: 's1', answer: 'yes', recordedBy: GP, recordedAt: T0 });
    const { data } = await exportPersonData({ stores, isCoordinator: (id) => id === 'coord' }, { userId: 'coord', isCoordinator: true }, caseId, T0);
    const text = JSON.stringify(data);
    for (const held of ['Home care', 'Physio', 'Visit', 'warningSigns', 'Agree on home care', '"answer":"yes"', 'e-sis']) expect(text).toContain(held);
    expect(data.reports).toHaveLength(1);
    expect(data.polls).toEqual([expect.objectContaining({ id: 'poll-1', votes: [expect.objectContaining({ participantId: 'e-gp', answer: 'yes' })] })]);
  });

  it('sends a report once: a second send is refused and queues nothing', async () => {
    const caseId = await sentCase();
    const queued = await stores.outbox.countByStatus();
    await expect(sendCaseReport({ stores, ids }, actor(ORGANISER), caseId, reach, T0)).rejects.toMatchObject({ code: 'report.already_sent' });
    expect(await stores.outbox.countByStatus()).toEqual(queued);
    expect((await stores.cases.findById(caseId))!.status).toBe('follow_up');
  });

  it('refuses an answer from someone not on the case as if the case did not exist', async () => {
    const caseId = await sentCase();
    const [action] = (await stores.reports.listByCase(caseId))[0]!.actions;
    await expect(answerCaseAction({ stores, ids }, actor('stranger'), caseId, action!.id, { answer: 'done' }, reach, T0)).rejects.toMatchObject({ code: 'access.denied' });
  });

  it('queues each reminder once, however many ticks and instances run', async () => {
    await sentCase();
    // Tuesday 24 November 10:00 Brussels: three days before the due date (Friday 27)
    const now = new Date('2026-11-24T09:00:00Z');
    const [a, b] = await Promise.all([runFollowUp({ stores }, now), runFollowUp({ stores }, now)]);
    // the owner on Teams (the GP, for theirs) and the referent, one card for both actions
    expect(a.reminders + b.reminders).toBe(2);
    // and this week's overview to the referent, once
    expect(a.weekly + b.weekly).toBe(1);
    // what the other run found queued or booked already
    expect(a.duplicates + b.duplicates).toBe(3);
    expect((await runFollowUp({ stores }, new Date(now.getTime() + 15 * 60_000))).reminders).toBe(0);
  });

  it('looks only at the reports whose check is due: none until the next step, at once after a change', async () => {
    const caseId = await sentCase();
    const tuesday = new Date('2026-11-24T09:00:00Z');
    expect(await runFollowUp({ stores }, tuesday)).toMatchObject({ reports: 1, reminders: 2 });
    // nothing comes due before the reminder on the due date (Friday 27, 09:00): the tick reads no report
    expect(await runFollowUp({ stores }, new Date('2026-11-26T15:00:00Z'))).toMatchObject({ reports: 0, reminders: 0 });
    // the GP answers "not done yet, new date": the next tick looks at the report again
    const [physio] = (await stores.reports.listByCase(caseId))[0]!.actions;
    await answerCaseAction({ stores, ids }, actor(GP), caseId, physio!.id, { answer: 'not_done_yet', newDueDate: '2026-12-04' }, reach, new Date('2026-11-26T15:05:00Z'));
    expect(await runFollowUp({ stores }, new Date('2026-11-26T15:15:00Z'))).toMatchObject({ reports: 1, reminders: 0 });
    // Friday 09:00 Brussels: the due-date reminder of the other action, not of the moved one
    const friday = await runFollowUp({ stores }, new Date('2026-11-27T08:00:00Z'));
    expect(friday).toMatchObject({ reports: 1, reminders: 1 });
    // and after a start every report is looked at once, whatever its check says
    expect(await runFollowUp({ stores }, new Date('2026-11-27T08:15:00Z'))).toMatchObject({ reports: 0 });
    expect(await runFollowUp({ stores }, new Date('2026-11-27T08:15:00Z'), { everyReport: true })).toMatchObject({ reports: 1, reminders: 0 });
  });

  it('looks again within the hour at a report read while its case had not yet moved to follow-up', async () => {
    const caseId = await sentCase();
    const inFollowUp = (await stores.cases.findById(caseId))!;
    // the moment between the report's send and the case's move: the case is still scheduled
    await stores.cases.replaceIfVersion({ ...inFollowUp, status: 'scheduled', version: inFollowUp.version + 1 }, inFollowUp.version);
    const tuesday = new Date('2026-11-24T09:00:00Z');
    expect(await runFollowUp({ stores }, tuesday)).toMatchObject({ reports: 0, reminders: 0 });
    const moved = (await stores.cases.findById(caseId))!;
    await stores.cases.replaceIfVersion({ ...moved, status: 'follow_up', version: moved.version + 1 }, moved.version);
    expect(await runFollowUp({ stores }, new Date(tuesday.getTime() + 45 * 60_000))).toMatchObject({ reports: 0 });
    expect(await runFollowUp({ stores }, new Date(tuesday.getTime() + 60 * 60_000))).toMatchObject({ reports: 1, reminders: 2 });
  });

  it('sends nothing at night or at the weekend', async () => {
    await sentCase();
    expect(await runFollowUp({ stores }, new Date('2026-11-28T10:00:00Z'))).toMatchObject({ reminders: 0, overdue: 0, escalations: 0, weekly: 0 });
    expect(await runFollowUp({ stores }, new Date('2026-11-25T23:30:00Z'))).toMatchObject({ reminders: 0, overdue: 0, escalations: 0 });
  });
});
