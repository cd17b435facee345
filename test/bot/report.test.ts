import { BotHarness, cardText, CASES_CHANNEL, COORDINATOR, findAction, invokeCard, NURSE, ORGANISER, SOCIAL_WORKER, type User } from '../support/bot-harness';
import { clickButton } from '../support/intake-driver';
import { makeCase } from '../support/fixtures';
import type { Case } from '../../domain/case/case';
import type { NetworkEntry } from '../../domain/case/preparation';

/** Network members on Teams (fictional people). */
const GP: User = { id: '29:gp', aadObjectId: '12121212-0000-4000-8000-000000000012', name: 'GP' };
const REFERENT = SOCIAL_WORKER;
/** Personal details that must never reach the cases channel. */
const PERSONAL = ['Jan', 'Peeters', 'Rosa', 'Dr. Sarah Janssens', 'Karim Haddad', 'moving out', 'hospital'];

function entry(id: string, name: string, role: string, userId: string | null, mandate: NetworkEntry['mandate'] = null): NetworkEntry {
  return { id, role, name, organisation: null, contact: null, userId, mandate, invited: true, notInvitedReason: null, isSupporter: false };
}

describe('the meeting report, confirming actions and the follow-up (over HTTP)', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await BotHarness.start();
    await h.sayInChannel({ id: '29:coordinator', aadObjectId: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Coordinator' }, 'cases channel');
  });
  afterEach(async () => {
    await h.stop();
  });

  const caseNow = async (id: string): Promise<Case> => (await h.bot.stores.cases.findById(id))!;
  const reportNow = async (id: string) => (await h.bot.stores.reports.listByCase(id)).at(-1)!;
  const auditActions = async (caseId: string) => (await h.bot.stores.audit.listByCase(caseId)).map((e) => e.action);
  const threadTexts = () => h.connector.calls.filter((x) => x.conversationId.startsWith(CASES_CHANNEL) && x.method !== 'update').map((x) => String(x.body?.text ?? ''));

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

  /** Cards the bot sent into the 1:1 chat it opened with `user` (who never wrote to it). */
  function cardsTo(user: User): any[] {
    const opened = new Set(h.connector.calls.filter((x) => x.method === 'createConversation' && x.body?.members?.[0]?.id === user.aadObjectId).map((x) => x.conversationId));
    return h.connector.cards((x) => opened.has(x.conversationId) || x.conversationId === h.personalConversation(user));
  }

  /** A case straight into 'scheduled': prepared network, confirmed referent, posted thread. */
  async function scheduledCase(): Promise<Case> {
    const now = h.clock.now();
    const c = makeCase({
      status: 'scheduled',
      requesterId: NURSE.aadObjectId,
      organiserId: ORGANISER.aadObjectId,
      assignments: [{ organiserId: ORGANISER.aadObjectId, organiserName: 'Amina El Idrissi', assignedBy: 'x', assignedAt: now, overrideReason: null, outcome: 'accepted', decidedAt: now }],
      thread: { conversationId: `${CASES_CHANNEL};messageid=root-1`, rootActivityId: 'root-1', serviceUrl: h.connector.url },
      locale: 'en-US',
    });
    c.preparation = {
      ...c.preparation,
      consent: { recordedBy: ORGANISER.aadObjectId, recordedAt: now, method: 'in_person', consultation: true, sharing: true },
      meetingGoal: 'Agree who helps',
      network: [
        entry('e-person', 'Jan Peeters', 'The person', null),
        entry('e-gp', 'Dr. Sarah Janssens', 'GP', GP.aadObjectId, 'decides'),
        entry('e-ref', 'Karim Haddad', 'Home nurse', REFERENT.aadObjectId, 'advises'),
      ],
      referentEntryId: 'e-ref',
      referentConfirmedAt: now,
      referentConfirmedBy: REFERENT.aadObjectId,
    };
    await h.bot.stores.cases.insert(c);
    return c;
  }

  const open = async (caseId: string) => invokeCard(await h.click(ORGANISER, 'report.open', { caseId }));

  async function save(card: any, inputs: Record<string, string>, title = 'Save') {
    return invokeCard(await clickButton(h, ORGANISER, card, title, inputs));
  }

  async function section(caseId: string, name: string) {
    return invokeCard(await h.click(ORGANISER, 'report.section', { caseId, section: name }));
  }

  /** Writes a complete report, except what `skip` leaves out. */
  async function writeReport(caseId: string): Promise<void> {
    await save(await section(caseId, 'attendance'), { 'att.e-person': 'in_person', 'att.e-gp': 'online', 'att.e-ref': 'in_person' });
    await save(await section(caseId, 'narrative'), { 'narr.whatGoesWell': 'Jan cooks again', 'narr.situation': 'Jan is moving out of hospital', 'narr.decisions': 'Home care three times a week\nMonthly GP visit' });
    const actions = await section(caseId, 'actions');
    await save(actions, { 'act.what': 'Prescribe physiotherapy', 'act.owner': 'participant:e-gp', 'act.name': '', 'act.due': '2026-12-01' }, 'Add the action');
    await save(actions, { 'act.what': 'Visit weekly', 'act.owner': 'relative', 'act.name': 'Aunt Rosa', 'act.due': '2026-12-04' }, 'Add the action');
    await save(await section(caseId, 'referent'), { 'ref.entryId': 'e-ref', 'ref.confirmed': 'yes' });
    await save(await section(caseId, 'evaluation'), { 'eval.who': 'e-ref', 'eval.how': 'Phone round', 'eval.date': '2026-12-15' });
  }

  const crisisInputs = (hours: string) => ({
    'crisis.warningSigns': 'Stops eating',
    'crisis.whatToDo': 'Call the GP',
    'crisis.c1.who': 'e-gp',
    'crisis.c1.name': '',
    'crisis.c1.how': '02 000 00 00',
    'crisis.c1.hours': hours,
    'crisis.c2.who': '',
    'crisis.c2.name': '',
    'crisis.c2.how': '',
    'crisis.c2.hours': '',
  });

  it('report -> send once -> confirm -> overdue -> escalation -> evaluation -> new cycle', async () => {
    const c = await scheduledCase();

    // the organiser marks the meeting held: scheduled -> held, a draft report is stored
    // the organiser types "report <reference>" in their 1:1 chat; in the channel it is refused
    const [typed] = await h.say(ORGANISER, `report ${c.reference}`);
    const first = typed.attachments[0].content;
    expect(cardText(first)).toContain(`Report of the consultation ${c.reference}`);
    const [inChannel] = await h.sayInChannel(ORGANISER, `report ${c.reference}`);
    expect(JSON.stringify(inChannel)).not.toContain(c.reference);
    const [usage] = await h.say(ORGANISER, 'rapport', 'fr-BE');
    expect(usage.text).toContain('Tapez «\u00a0rapport\u00a0»');
    const held = invokeCard(await clickButton(h, ORGANISER, first, 'The meeting was held'));
    expect(cardText(held)).toContain('The meeting is marked as held.');
    expect((await caseNow(c.id)).status).toBe('held');
    expect((await reportNow(c.id)).status).toBe('draft');

    // sending an empty report: the problems, localised; nothing changes
    const tooEarly = invokeCard(await clickButton(h, ORGANISER, held, 'Send the report'));
    expect(cardText(tooEarly)).toMatch(/cannot be sent yet: attendance is not recorded for everyone invited/);
    expect((await caseNow(c.id)).status).toBe('held');

    // a due date in the past is refused when written, what was typed is kept
    const actions = await section(c.id, 'actions');
    const past = await save(actions, { 'act.what': 'Call the landlord', 'act.owner': 'participant:e-gp', 'act.name': '', 'act.due': '2026-11-20' }, 'Add the action');
    expect(cardText(past)).toContain('The due date has passed');
    expect(JSON.stringify(past)).toContain('Call the landlord');
    expect((await reportNow(c.id)).actions).toHaveLength(0);

    await writeReport(c.id);
    const draft = await reportNow(c.id);
    expect(draft.attendance.map((a) => [a.participantId, a.status, a.mode])).toEqual([
      ['e-person', 'present', 'in_person'],
      ['e-gp', 'present', 'online'],
      ['e-ref', 'present', 'in_person'],
    ]);
    expect(draft.actions.map((a) => [a.owner.name, a.ownerMandate])).toEqual([
      ['Dr. Sarah Janssens', 'decides'],
      ['Aunt Rosa', null],
    ]);

    // a crisis plan without anyone to act: saved as a draft, but the report is not sent
    await save(await section(c.id, 'crisis_plan'), crisisInputs(''));
    const noOne = invokeCard(await h.click(ORGANISER, 'report.send', { caseId: c.id }));
    expect(cardText(noOne)).toContain('the crisis plan names no one to act');
    expect((await caseNow(c.id)).status).toBe('held');
    expect((await reportNow(c.id)).status).toBe('draft');

    await save(await section(c.id, 'crisis_plan'), crisisInputs('in_office,out_of_office'));
    const sent = invokeCard(await h.click(ORGANISER, 'report.send', { caseId: c.id }));
    expect(cardText(sent)).toContain('The report is sent to the participants');
    const printLink = sent.actions.find((a: any) => a.type === 'Action.OpenUrl' && a.title === 'Printable report').url as string;
    const sheetLink = sent.actions.find((a: any) => a.type === 'Action.OpenUrl' && a.title === 'Attendance sheet').url as string;
    expect(printLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/report\.html\?token=/);
    expect((await caseNow(c.id)).status).toBe('follow_up');
    await deliverAll();

    // the thread: a summary with counts, no personal details
    expect(threadTexts().join('\n')).toContain('The report is sent: 2 decision(s), 2 agreed action(s).');
    for (const secret of PERSONAL) expect(JSON.stringify(h.connector.calls.filter((x) => x.conversationId.startsWith(CASES_CHANNEL)))).not.toContain(secret);
    // the report to every invited member on Teams; the GP also gets their own action; the referent the list
    expect(cardsTo(GP).map(cardText).join('\n')).toContain('Report of the consultation');
    expect(cardsTo(GP).map(cardText).join('\n')).toContain('Prescribe physiotherapy');
    const gpActions = cardsTo(GP).find((x) => cardText(x).startsWith('Agreed actions'));
    expect(cardText(gpActions)).not.toContain('Visit weekly');
    expect(cardsTo(REFERENT).map(cardText).join('\n')).toContain('Visit weekly');

    // the printable report and the attendance sheet, behind the signed link
    const page = await fetch(printLink);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Prescribe physiotherapy');
    const sheet = await (await fetch(sheetLink)).text();
    expect(sheet).toContain('Dr. Sarah Janssens');
    expect(sheet).toContain('present online');
    expect((await fetch(printLink.replace(/token=.{4}/, 'token=AAAA'))).status).toBe(403);

    // a second send sends nothing
    const before = h.connector.calls.length;
    const outboxBefore = await h.bot.stores.outbox.countByStatus();
    const again = invokeCard(await h.click(ORGANISER, 'report.send', { caseId: c.id }));
    expect(cardText(again)).toContain('This report was sent already');
    await deliverAll();
    expect(h.connector.calls.length).toBe(before);
    expect(await h.bot.stores.outbox.countByStatus()).toEqual(outboxBefore);

    // attendance is funded: after sending, a correction needs a reason and is kept with it
    const noCorrectionReason = invokeCard(await clickButton(h, ORGANISER, sent, 'Correct', { 'corr.participantId': 'e-gp', 'corr.status': 'in_person', 'corr.reason': '' }));
    expect(cardText(noCorrectionReason)).toContain('Please give a reason.');
    expect((await reportNow(c.id)).corrections).toHaveLength(0);
    const corrected = invokeCard(await clickButton(h, ORGANISER, sent, 'Correct', { 'corr.participantId': 'e-gp', 'corr.status': 'in_person', 'corr.reason': 'Came in person after all' }));
    expect(cardText(corrected)).toContain('The attendance is corrected');
    expect((await reportNow(c.id)).corrections.map((x) => [x.before?.mode, x.after.mode, x.reason])).toEqual([['online', 'in_person', 'Came in person after all']]);
    expect(await auditActions(c.id)).toContain('report.attendance_corrected');

    // confirming: the GP may not answer the relative's action, nor give a date in the past
    const [a1, a2] = (await reportNow(c.id)).actions;
    const version = (await reportNow(c.id)).version;
    const notYours = invokeCard(await h.click(GP, 'action.answer', { caseId: c.id, actionId: a2!.id, answer: 'done' }));
    expect(cardText(notYours)).toContain('This action is not yours to answer.');
    const pastDate = invokeCard(await h.click(GP, 'action.answer', { caseId: c.id, actionId: a1!.id, answer: 'not_done_yet', [`due.${a1!.id}`]: '2026-11-01' }));
    expect(cardText(pastDate)).toContain('The new date must be after today.');
    const inFrench = invokeCard(await h.click(GP, 'action.answer', { caseId: c.id, actionId: a2!.id, answer: 'done' }, { locale: 'fr-BE' }));
    expect(cardText(inFrench)).toContain('Il ne vous revient pas de répondre à cette action.');
    expect((await reportNow(c.id)).version).toBe(version);

    // the GP confirms their own action: the thread, the referent's view, the audit trail
    const done = invokeCard(await h.click(GP, 'action.answer', { caseId: c.id, actionId: a1!.id, answer: 'done' }));
    expect(cardText(done)).toContain('Your answer is recorded.');
    await deliverAll();
    expect(threadTexts().join('\n')).toContain('Agreed action 1 is done.');
    expect(await auditActions(c.id)).toEqual(expect.arrayContaining(['report.meeting_held', 'report.sent', 'action.answered']));
    const referentView = invokeCard(await h.click(REFERENT, 'actions.list', { caseId: c.id }));
    expect(cardText(referentView)).toContain('Every open action of the case');
    expect(cardText(referentView)).toContain('Visit weekly');
    expect(cardText(referentView)).not.toContain('Prescribe physiotherapy');

    // overdue: the relative's action (due Friday 4 December) is not confirmed; the job nags and escalates
    h.clock.current = new Date('2026-12-10T09:30:00Z');
    const run = await h.bot.jobs.runNow('followup');
    expect(run).toMatchObject({ reports: 1, escalations: 1, overdue: 1 });
    await deliverAll();
    expect(cardsTo(ORGANISER).map(cardText).join('\n')).toContain('An agreed action is still not confirmed, well after its date.');
    expect(cardsTo(REFERENT).map(cardText).join('\n')).toContain('An agreed action is past its date and nobody confirmed it.');
    // a second run sends nothing again
    const rerun = await h.bot.jobs.runNow('followup');
    expect(rerun).toMatchObject({ escalations: 0, overdue: 0 });

    // the organiser reassigns it to the GP with a new date
    const form = invokeCard(await h.click(ORGANISER, 'action.reassignForm', { caseId: c.id, actionId: a2!.id }));
    const reassigned = invokeCard(await clickButton(h, ORGANISER, form, 'Reassign', { 're.owner': 'participant:e-gp', 're.name': '', 're.due': '2026-12-14' }));
    expect(cardText(reassigned)).toContain('The action is reassigned.');
    expect((await reportNow(c.id)).actions[1]!.owner.name).toBe('Dr. Sarah Janssens');
    await deliverAll();
    expect(threadTexts().join('\n')).toContain('Agreed action 2 was reassigned.');
    // the referent answers on behalf
    invokeCard(await h.click(REFERENT, 'action.answer', { caseId: c.id, actionId: a2!.id, answer: 'done' }));
    expect((await reportNow(c.id)).actions[1]!.history.at(-1)!.onBehalfOf).toBe('e-gp');

    // the evaluation date: the organiser and the referent get the evaluation card
    h.clock.current = new Date('2026-12-15T08:30:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ evaluations: 2 });
    await deliverAll();
    const evaluationCard = cardsTo(REFERENT).find((x) => cardText(x).startsWith('Evaluation of the agreements'));
    expect(evaluationCard).toBeDefined();
    // a decision against the answers needs a reason
    const noReason = invokeCard(await clickButton(h, REFERENT, evaluationCard, 'Record the evaluation', { 'out.met': 'all', 'out.enough': 'yes', 'out.decision': 'new_cycle', 'out.reason': '' }));
    expect(cardText(noReason)).toContain('please say why');
    expect((await caseNow(c.id)).status).toBe('follow_up');
    const evaluated = invokeCard(await clickButton(h, REFERENT, evaluationCard, 'Record the evaluation', { 'out.met': 'partly', 'out.enough': 'no', 'out.decision': 'new_cycle', 'out.reason': '' }));
    expect(cardText(evaluated)).toContain('a new consultation cycle starts');
    const after = await caseNow(c.id);
    expect(after.status).toBe('preparing');
    expect(after.statusHistory.map((s) => s.to).slice(-3)).toEqual(['held', 'follow_up', 'preparing']);
    const reports = await h.bot.stores.reports.listByCase(c.id);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.evaluationOutcome).toMatchObject({ agreementsMet: 'partly', decision: 'new_cycle' });
    await deliverAll();
    expect(threadTexts().join('\n')).toContain('consultation cycle 2 starts with a new preparation');
    // the follow-up of that cycle is over
    h.clock.current = new Date('2026-12-21T09:30:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ reports: 0 });

    // the new cycle keeps the consent and the network, but asks again what belonged to the last meeting
    const cycle2 = await caseNow(c.id);
    expect(cycle2.preparation.consent).toMatchObject({ consultation: true, sharing: true });
    expect(cycle2.preparation.network.map((e) => [e.id, e.invited])).toEqual([['e-person', true], ['e-gp', true], ['e-ref', true]]);
    expect(cycle2.preparation).toMatchObject({ meetingGoal: null, personPreparedAt: null, referentEntryId: 'e-ref', referentConfirmedAt: null, referentConfirmedBy: null });
    const notReady = invokeCard(await h.click(ORGANISER, 'prep.startPlanning', { caseId: c.id }));
    expect(cardText(notReady)).toMatch(/not complete yet/);
    expect(cardText(notReady)).toContain('The referent has confirmed.');
    expect((await caseNow(c.id)).status).toBe('preparing');
    // the organiser gets the preparation card, the referent is asked to confirm the role for the new plan
    expect(cardsTo(ORGANISER).map(cardText).join('\n')).toContain(`Preparing ${c.reference}`);
    const askedAgain = cardsTo(REFERENT).filter((x) => cardText(x).includes(`Will you be the referent for ${c.reference}?`)).at(-1);
    expect(askedAgain).toBeDefined();
    expect(cardText(invokeCard(await clickButton(h, REFERENT, askedAgain, 'Confirm')))).toContain(`Thank you: you are the referent for ${c.reference}.`);
    expect((await caseNow(c.id)).preparation.referentConfirmedBy).toBe(REFERENT.aadObjectId);
    // no report of cycle 2 before its meeting; the sent report of cycle 1 is kept
    expect(cardText(await open(c.id))).toContain('There is no report to write: the meeting is not scheduled or held.');
    expect((await h.bot.stores.reports.listByCase(c.id)).map((r) => [r.cycle, r.status])).toEqual([[1, 'sent']]);
  });

  it('several actions due the same day: one reminder card for the referent, one escalation card for the organiser', async () => {
    const c = await scheduledCase();
    await h.click(ORGANISER, 'report.held', { caseId: c.id });
    await save(await section(c.id, 'attendance'), { 'att.e-person': 'in_person', 'att.e-gp': 'online', 'att.e-ref': 'in_person' });
    await save(await section(c.id, 'narrative'), { 'narr.whatGoesWell': 'cooks', 'narr.situation': 's', 'narr.decisions': 'Home care' });
    const actions = await section(c.id, 'actions');
    for (const [what, owner, name] of [['Physio', 'participant:e-gp', ''], ['Visit weekly', 'relative', 'Aunt Rosa'], ['Call CPAS', 'person', 'Jan'], ['Meals', 'relative', 'Neighbour Ali']]) {
      await save(actions, { 'act.what': what!, 'act.owner': owner!, 'act.name': name!, 'act.due': '2026-12-04' }, 'Add the action');
    }
    await save(await section(c.id, 'referent'), { 'ref.entryId': 'e-ref', 'ref.confirmed': 'yes' });
    await save(await section(c.id, 'crisis_plan'), crisisInputs('in_office,out_of_office'));
    await save(await section(c.id, 'evaluation'), { 'eval.who': 'e-ref', 'eval.how': 'Phone round', 'eval.date': '2026-12-22' });
    invokeCard(await h.click(ORGANISER, 'report.send', { caseId: c.id }));
    expect((await reportNow(c.id)).actions).toHaveLength(4);
    await deliverAll();
    // the cards about this case's actions (the referent's weekly overview of the week is another matter)
    const since = (user: User, mark: number) => cardsTo(user).slice(mark).map(cardText).filter((x) => !x.startsWith('Your agreed actions this week'));

    // Tuesday 1 December 09:10 Brussels, 3 days before: one card for the referent, one for the GP
    const [refMark, gpMark] = [cardsTo(REFERENT).length, cardsTo(GP).length];
    h.clock.current = new Date('2026-12-01T08:10:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ reminders: 2 });
    await deliverAll();
    expect(since(REFERENT, refMark)).toHaveLength(1);
    expect(since(REFERENT, refMark)[0]).toContain('4 agreed actions are due soon or today.');
    expect(since(GP, gpMark)).toHaveLength(1);
    expect(since(GP, gpMark)[0]).toContain('An agreed action is due soon or today.');

    // Thursday 10 December, the 2nd overdue notice: one escalation card for the organiser, one overdue card for the referent
    const [orgMark, refMark2] = [cardsTo(ORGANISER).length, cardsTo(REFERENT).length];
    h.clock.current = new Date('2026-12-10T08:10:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ escalations: 1, overdue: 1 });
    await deliverAll();
    expect(since(ORGANISER, orgMark)).toHaveLength(1);
    expect(since(ORGANISER, orgMark)[0]).toContain('4 agreed actions are still not confirmed, well after their date.');
    expect(since(REFERENT, refMark2)).toHaveLength(1);
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ escalations: 0, overdue: 0 });
  });

  it('an evaluation named to the GP: the GP gets the card and records it; unrecorded, the coordinators hear of it', async () => {
    const c = await scheduledCase();
    await h.click(ORGANISER, 'report.held', { caseId: c.id });
    await writeReport(c.id);
    await save(await section(c.id, 'evaluation'), { 'eval.who': 'e-gp', 'eval.how': 'Phone round', 'eval.date': '2026-12-15' });
    await save(await section(c.id, 'crisis_plan'), crisisInputs('in_office,out_of_office'));
    invokeCard(await h.click(ORGANISER, 'report.send', { caseId: c.id }));
    for (const a of (await reportNow(c.id)).actions) await h.click(REFERENT, 'action.answer', { caseId: c.id, actionId: a.id, answer: 'done' });
    await deliverAll();

    // the evaluation date: the organiser, the referent and the GP
    h.clock.current = new Date('2026-12-15T08:30:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ evaluations: 3 });
    await deliverAll();
    const gpCard = cardsTo(GP).find((x) => cardText(x).startsWith('Evaluation of the agreements'));
    expect(gpCard).toBeDefined();

    // nobody records it: Thursday 17 the 1st reminder, Monday 21 the 2nd and the coordinators' card
    h.clock.current = new Date('2026-12-17T08:30:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ evaluationReminders: 2, evaluationEscalations: 0 });
    h.clock.current = new Date('2026-12-21T08:30:00Z');
    expect(await h.bot.jobs.runNow('followup')).toMatchObject({ evaluationReminders: 2, evaluationEscalations: 2 });
    await deliverAll();
    const coordinatorCards = cardsTo(COORDINATOR).map(cardText).filter((x) => x.startsWith('Evaluation overdue'));
    expect(coordinatorCards).toHaveLength(1);
    expect(coordinatorCards[0]).toContain(c.reference);
    for (const secret of PERSONAL) expect(coordinatorCards[0]).not.toContain(secret);
    expect(cardsTo(GP).map(cardText).join('\n')).toContain('nobody has recorded the evaluation yet');

    // the GP records it from the card
    const evaluated = invokeCard(await clickButton(h, GP, gpCard, 'Record the evaluation', { 'out.met': 'all', 'out.enough': 'yes', 'out.decision': 'close', 'out.reason': '' }));
    expect(cardText(evaluated)).not.toContain('not allowed');
    expect((await caseNow(c.id)).status).toBe('closed');
    expect((await reportNow(c.id)).evaluationOutcome?.by).toBe(GP.aadObjectId);
  });

  it('lets the organiser edit an agreed action of the draft, with the same checks as adding one', async () => {
    const c = await scheduledCase();
    await h.click(ORGANISER, 'report.held', { caseId: c.id });
    const actions = await section(c.id, 'actions');
    await save(actions, { 'act.what': 'Prescribe physiotherapy', 'act.owner': 'participant:e-gp', 'act.name': '', 'act.due': '2026-12-01' }, 'Add the action');
    const [added] = (await reportNow(c.id)).actions;
    const withAction = await section(c.id, 'actions');

    // the form shows the action as it is
    const form = invokeCard(await clickButton(h, ORGANISER, withAction, 'Edit action 1'));
    expect(cardText(form)).toContain(`Edit agreed action 1 — ${c.reference}`);
    const inputs = JSON.stringify(form);
    expect(inputs).toContain('"value":"Prescribe physiotherapy"');
    expect(inputs).toContain('"value":"participant:e-gp"');
    expect(inputs).toContain('"value":"2026-12-01"');

    // a date in the past, a missing owner: refused, what was typed is kept, nothing changes
    const version = (await reportNow(c.id)).version;
    const past = invokeCard(await clickButton(h, ORGANISER, form, 'Save the action', { 'act.what': 'Prescribe physio twice a week', 'act.owner': 'participant:e-gp', 'act.name': '', 'act.due': '2026-11-20' }));
    expect(cardText(past)).toContain('The due date has passed');
    expect(JSON.stringify(past)).toContain('Prescribe physio twice a week');
    const noOwner = invokeCard(await clickButton(h, ORGANISER, form, 'Save the action', { 'act.what': 'Prescribe physio', 'act.owner': '', 'act.name': '', 'act.due': '2026-12-02' }));
    expect(cardText(noOwner)).toContain('Edit agreed action 1');
    expect(cardText(noOwner)).not.toContain('The action is changed.');
    expect((await reportNow(c.id)).version).toBe(version);

    // a good change: the same action (same id), another owner and date; audited
    const edited = invokeCard(await clickButton(h, ORGANISER, form, 'Save the action', { 'act.what': 'Visit weekly', 'act.owner': 'relative', 'act.name': 'Aunt Rosa', 'act.due': '2026-12-08' }));
    expect(cardText(edited)).toContain('The action is changed.');
    const [after] = (await reportNow(c.id)).actions;
    expect(after).toMatchObject({ id: added!.id, what: 'Visit weekly', owner: { kind: 'relative', entryId: null, name: 'Aunt Rosa' }, ownerMandate: null, dueDate: '2026-12-08', status: 'open' });
    expect(await auditActions(c.id)).toContain('report.action_edited');

    // in French, typography included
    const fr = invokeCard(await h.click(ORGANISER, 'report.actionEditForm', { caseId: c.id, actionId: added!.id }, { locale: 'fr-BE' }));
    expect(cardText(fr)).toContain(`Modifier l’action convenue 1 — ${c.reference}`);
    const frPast = invokeCard(await clickButton(h, ORGANISER, fr, 'Enregistrer l’action', { 'act.what': 'x', 'act.owner': 'relative', 'act.name': 'Rosa', 'act.due': '2026-11-01' }, 'fr-BE'));
    expect(cardText(frPast)).toMatch(/\u00a0/);

    // only the organiser, and only while it is a draft
    const stranger = invokeCard(await h.click(GP, 'report.actionEdit', { caseId: c.id, actionId: added!.id, 'act.what': 'Mine now', 'act.owner': 'participant:e-gp', 'act.due': '2026-12-09' }));
    expect(cardText(stranger)).not.toContain(c.reference);
    expect((await reportNow(c.id)).actions[0]!.what).toBe('Visit weekly');
    const unknown = invokeCard(await h.click(ORGANISER, 'report.actionEditForm', { caseId: c.id, actionId: 'no-such-action' }));
    expect(cardText(unknown)).toContain('This action does not exist (any more).');
  });

  it('names the refused answers of a report card with the words of its inputs, never their codes', async () => {
    const c = await scheduledCase();
    await h.click(ORGANISER, 'report.held', { caseId: c.id });
    const version = (await reportNow(c.id)).version;

    // no text, a relative without a name, a day that does not exist
    const actions = await section(c.id, 'actions');
    const bad = { 'act.what': '', 'act.owner': 'relative', 'act.name': '', 'act.due': '2026-02-30' };
    const refused = cardText(await save(actions, bad, 'Add the action'));
    expect(refused).toContain('Some answers could not be accepted: What will be done, Who does it, By when');
    expect(refused).not.toMatch(/report\.|dueDate/);
    const fr = cardText(invokeCard(await h.click(ORGANISER, 'report.save', { caseId: c.id, section: 'actions', ...bad }, { locale: 'fr-BE' })));
    expect(fr).toContain('Certaines réponses n’ont pas pu être acceptées\u00a0: Ce qui sera fait, Qui le fait, Pour quand');
    const nl = cardText(invokeCard(await h.click(ORGANISER, 'report.save', { caseId: c.id, section: 'actions', ...bad }, { locale: 'nl-BE' })));
    expect(nl).toContain('Sommige antwoorden konden niet worden aanvaard: Wat er gebeurt, Wie het doet, Tegen wanneer');

    // a crisis contact without a way to reach them: the contact's label, without its position in the list
    const crisis = cardText(await save(await section(c.id, 'crisis_plan'), { ...crisisInputs('in_office'), 'crisis.c1.how': '' }));
    expect(crisis).toContain('Some answers could not be accepted: Contact: how to reach them');
    expect(crisis).not.toMatch(/report\.|contacts/);
    expect((await reportNow(c.id)).version).toBe(version);
  });

  it('shows a sent report only to the organiser and the members invited to that meeting, while consent stands', async () => {
    const c = await scheduledCase();
    await h.click(ORGANISER, 'report.held', { caseId: c.id });
    await writeReport(c.id);
    await save(await section(c.id, 'crisis_plan'), crisisInputs('in_office,out_of_office'));
    invokeCard(await h.click(ORGANISER, 'report.send', { caseId: c.id }));
    const reads = async (user: User) => cardText(invokeCard(await h.click(user, 'report.view', { caseId: c.id })));
    expect(await reads(GP)).toContain('Prescribe physiotherapy');
    expect(await reads(REFERENT)).toContain('Prescribe physiotherapy');
    expect(await reads(ORGANISER)).toContain('Prescribe physiotherapy');
    // the requester, not in the network, reads nothing
    expect(await reads(NURSE)).not.toContain('Prescribe physiotherapy');

    // a later cycle invites someone new: they were not part of that meeting, they do not read its report
    const NEIGHBOUR: User = { id: '29:neighbour', aadObjectId: '34343434-0000-4000-8000-000000000034', name: 'Neighbour' };
    const before = await caseNow(c.id);
    const newcomer = entry('e-new', 'Neighbour', 'Neighbour', NEIGHBOUR.aadObjectId);
    await h.bot.stores.cases.replaceIfVersion({ ...before, status: 'preparing', preparation: { ...before.preparation, network: [...before.preparation.network, newcomer] }, version: before.version + 1 }, before.version);
    const denied = await reads(NEIGHBOUR);
    expect(denied).not.toContain('Prescribe physiotherapy');
    expect(denied).not.toContain(c.reference);
    expect(await reads(GP)).toContain('Prescribe physiotherapy');

    // the person withdraws the consent to share: only the organiser still reads it
    const now = await caseNow(c.id);
    const consent = { ...now.preparation.consent!, sharing: false };
    await h.bot.stores.cases.replaceIfVersion({ ...now, preparation: { ...now.preparation, consent }, version: now.version + 1 }, now.version);
    expect(await reads(GP)).not.toContain('Prescribe physiotherapy');
    expect(await reads(REFERENT)).not.toContain('Prescribe physiotherapy');
    expect(await reads(ORGANISER)).toContain('Prescribe physiotherapy');
    // every read that was allowed is in the audit trail
    expect((await auditActions(c.id)).filter((a) => a === 'report.viewed').length).toBeGreaterThanOrEqual(5);
  });

  it('refuses strangers and the wrong people without writing anything', async () => {
    const c = await scheduledCase();
    // only the organiser writes the report; the answer never says whether the case exists
    const stranger = await h.click(NURSE, 'report.held', { caseId: c.id });
    expect(cardText(invokeCard(stranger))).not.toContain(c.reference);
    expect((await caseNow(c.id)).status).toBe('scheduled');
    // a bad payload is answered, not crashed on
    const bad = invokeCard(await h.click(ORGANISER, 'report.section', { caseId: c.id, section: 'nonsense' }));
    expect(cardText(bad)).toContain('Nothing was changed.');
    // no report before the meeting was held
    const early = invokeCard(await h.click(ORGANISER, 'report.send', { caseId: c.id }));
    expect(cardText(early)).toContain('The meeting was held');
    expect(findAction(early, 'The meeting was held')).toBeDefined();
    expect(cardText(await open(c.id))).toContain('Once the meeting has taken place');
    expect((await h.bot.stores.reports.listByCase(c.id))).toHaveLength(0);
  });
});
