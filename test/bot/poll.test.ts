import { BotHarness, cardText, CASES_CHANNEL, COORDINATOR, findAction, invokeCard, ORGANISER, SOCIAL_WORKER, type User } from '../support/bot-harness';
import { clickButton } from '../support/intake-driver';
import { makePlanningCase, MEETING_GOAL, ORGANISER_NAME } from '../support/poll-fixtures';
import type { Case } from '../../domain/case/case';
import { transitionCase } from '../../domain/case/case';
import type { CaseStatus } from '../../domain/case/status';
import type { Poll } from '../../domain/poll/poll';
import { POLL_REMINDERS_JOB } from '../../jobs/poll-reminders-job';

/** Network members with a Teams account (fictional people). */
const GP: User = { id: '29:gp', aadObjectId: '12121212-0000-4000-8000-000000000012', name: 'GP' };
const HOME_NURSE: User = { id: '29:homenurse', aadObjectId: '14141414-0000-4000-8000-000000000014', name: 'Home nurse' };
/** Not in the network at all. */
const STRANGER = SOCIAL_WORKER;

const MEMBERS = [
  { id: 'e-gp', role: 'GP', name: 'Dr. Sarah Janssens', userId: GP.aadObjectId },
  { id: 'e-nurse', role: 'Home nurse', name: 'Sofie Maes', userId: HOME_NURSE.aadObjectId },
  { id: 'e-brother', role: 'Brother', name: 'Karim Haddad', userId: null },
  { id: 'e-neighbour', role: 'Neighbour', name: 'Mr. Benali', userId: null, invited: false },
];

/** What must never reach the cases channel: names and the meeting place. */
const NOT_IN_CHANNEL = ['Janssens', 'Maes', 'Haddad', 'Benali', 'Rue Haute', 'meetup-join', MEETING_GOAL];

const OFFICE = 'Maison médicale, Rue Haute 12';
const ONLINE = 'https://teams.microsoft.com/l/meetup-join/abc';

/** Clicks a card's button the way Teams does (its data plus the inputs given). */
async function press(h: BotHarness, user: User, card: any, title: string, inputs: Record<string, string> = {}, locale = 'en-US') {
  return invokeCard(await clickButton(h, user, card, title, inputs, locale));
}

function openUrls(card: any): string[] {
  const urls: string[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.OpenUrl') urls.push(node.url);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return urls;
}

describe('availability poll in Teams', () => {
  let h: BotHarness;
  let c: Case;

  beforeEach(async () => {
    h = await BotHarness.start();
    await h.sayInChannel(COORDINATOR, 'cases channel');
    c = makePlanningCase(ORGANISER.aadObjectId, MEMBERS, {
      thread: { conversationId: `${CASES_CHANNEL};messageid=root-1`, rootActivityId: 'root-1', serviceUrl: h.connector.url },
    });
    await h.bot.stores.cases.insert(c);
    // the organiser has used the bot before: their chat is known
    await h.say(ORGANISER, 'help');
  });
  afterEach(async () => {
    await h.stop();
  });

  /**
   * Delivers everything queued. The outbox keeps to Teams' rate limits in real seconds and puts a
   * message held back by them due again on the business clock, which the tests freeze: moving it a
   * second at a time lets everything out.
   */
  async function deliverAll(): Promise<void> {
    for (let i = 0; i < 200; i++) {
      await h.settleOutbox();
      const counts = await h.bot.stores.outbox.countByStatus();
      if (counts.pending === 0 && counts.sending === 0) return;
      h.clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('outbox did not settle');
  }

  /** Every card sent to `user` in 1:1: in a chat the bot opened, or the chat they wrote from. */
  function cardsTo(user: User): any[] {
    const opened = new Set(h.connector.calls.filter((x) => x.method === 'createConversation' && x.body?.members?.[0]?.id === user.aadObjectId).map((x) => x.conversationId));
    return h.connector.cards((x) => x.method !== 'createConversation' && (opened.has(x.conversationId) || x.conversationId === h.personalConversation(user)));
  }

  const channelCalls = () => h.connector.calls.filter((x) => x.conversationId.startsWith(CASES_CHANNEL));
  const pollNow = async (id: string): Promise<Poll> => (await h.bot.stores.polls.findById(id))!;
  const caseNow = async (): Promise<Case> => (await h.bot.stores.cases.findById(c.id))!;
  const slotsByStart = (poll: Poll) => [...poll.slots].sort((a, b) => a.start.getTime() - b.start.getTime()).map((s) => s.id);

  /** The organiser drafts and sends the poll: one slot typed, two from a pattern; the brother optional. */
  async function sendPoll(options = 'allowProposals'): Promise<{ poll: Poll; card: any }> {
    const draft = invokeCard(await h.click(ORGANISER, 'poll.start', { caseId: c.id }));
    let card = await press(h, ORGANISER, draft, 'Add this date', { 'slot.date': '2026-12-01', 'slot.start': '10:00', 'slot.end': '11:30', 'slot.place': OFFICE });
    card = await press(h, ORGANISER, card, 'Add these dates', {
      'pattern.from': '2026-12-07',
      'pattern.until': '2026-12-11',
      'pattern.weekdays': '1,3',
      'pattern.start': '14:00',
      'pattern.end': '15:30',
      'pattern.place': ONLINE,
    });
    const sent = await press(h, ORGANISER, card, 'Send the poll', {
      'poll.goal': MEETING_GOAL,
      'deadline.date': '2026-11-27',
      'deadline.time': '17:00',
      'poll.options': options,
      'req.e-brother': 'optional',
    });
    const [poll] = await h.bot.stores.polls.listByCase(c.id);
    if (!poll) throw new Error(`no poll was created: ${cardText(sent)}`);
    return { poll, card: sent };
  }

  it('creates a poll from slots added one by one and as a pattern; everyone on Teams gets it with the goal; the thread gets a summary without names', async () => {
    const draft = invokeCard(await h.click(ORGANISER, 'poll.start', { caseId: c.id }));
    const draftText = cardText(draft);
    expect(draftText).toContain(`Plan the meeting for ${c.reference}`);
    expect(draftText).toContain('Dr. Sarah Janssens · GP · on Teams');
    expect(draftText).toContain('Karim Haddad · Brother · not on Teams: you answer for them');
    expect(draftText).toContain('M. D. · the person · not on Teams: you answer for them');
    expect(draftText).not.toContain('Mr. Benali');

    const withSlot = await press(h, ORGANISER, draft, 'Add this date', { 'slot.date': '2026-12-01', 'slot.start': '10:00', 'slot.end': '11:30', 'slot.place': OFFICE });
    expect(cardText(withSlot)).toContain('1 date(s) added.');
    expect(cardText(withSlot)).toContain('Tuesday 1 December 2026, 10:00–11:30');
    const refused = await press(h, ORGANISER, withSlot, 'Add this date', { 'slot.date': '2026-12-01', 'slot.start': '10:00', 'slot.end': '11:30', 'slot.place': OFFICE });
    expect(cardText(refused)).toContain('This date is already offered.');
    expect(cardText(refused)).toContain('Tuesday 1 December 2026, 10:00–11:30');

    const { poll, card } = await sendPoll();
    expect(cardText(card)).toContain('The poll is sent to 2 participant(s) on Teams.');
    expect(poll).toMatchObject({ status: 'open', meetingGoal: MEETING_GOAL, organiserId: ORGANISER.aadObjectId, cycle: 1 });
    expect(poll.options).toEqual({ resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: true });
    expect(poll.slots.map((s) => s.start.toISOString()).sort()).toEqual(['2026-12-01T09:00:00.000Z', '2026-12-07T13:00:00.000Z', '2026-12-09T13:00:00.000Z']);
    expect(poll.participants.map((p) => [p.id, p.required])).toEqual([
      ['person', true],
      ['e-gp', true],
      ['e-nurse', true],
      ['e-brother', false],
    ]);
    expect(poll.deadline.toISOString()).toBe('2026-11-27T16:00:00.000Z');

    await deliverAll();
    for (const user of [GP, HOME_NURSE]) {
      const [pollCard] = cardsTo(user);
      const text = cardText(pollCard);
      expect(text).toContain(`When can you come? Consultation ${c.reference}`);
      expect(text).toContain(`Goal of the meeting: ${MEETING_GOAL}`);
      expect(text).toContain(`Organised by ${ORGANISER_NAME}.`);
      expect(text).toContain('You are invited to a consultation.');
      expect(text).toContain('Tuesday 1 December 2026, 10:00–11:30');
      expect(pollCard.refresh.action).toMatchObject({ type: 'Action.Execute', verb: 'poll.show', data: { pollId: poll.id } });
      expect(findAction(pollCard, 'Save my answers').verb).toBe('poll.vote');
    }
    const summary = h.connector.cards((x) => x.conversationId === c.thread!.conversationId && (x.method === 'send' || x.method === 'reply'));
    expect(summary.map((x) => cardText(x))).toEqual([expect.stringContaining('0 of 4 participant(s) answered every date (0 of 3 required).')]);
    const channel = JSON.stringify(channelCalls());
    for (const secret of NOT_IN_CHANNEL) expect(channel).not.toContain(secret);
    expect((await h.bot.stores.audit.listByCase(c.id)).map((e) => e.action)).toContain('poll.created');
  });

  it('gives the organiser the poll draft in their chat once the preparation is complete ("Ready for planning")', async () => {
    const current = (await h.bot.stores.cases.findById(c.id))!;
    await h.bot.stores.cases.replaceIfVersion({ ...current, status: 'preparing', version: current.version + 1 }, current.version);
    await h.click(ORGANISER, 'prep.startPlanning', { caseId: c.id });
    expect((await caseNow()).status).toBe('planning');
    await deliverAll();
    const draft = cardsTo(ORGANISER).find((x) => cardText(x).startsWith(`Plan the meeting for ${c.reference}`));
    expect(draft).toBeDefined();
    const withSlot = await press(h, ORGANISER, draft, 'Add this date', { 'slot.date': '2026-12-01', 'slot.start': '10:00', 'slot.end': '11:30', 'slot.place': OFFICE });
    expect(cardText(withSlot)).toContain('Tuesday 1 December 2026, 10:00–11:30');
  });

  it('stores a vote, lets the voter change it, updates their card in place and the thread summary with counts only', async () => {
    const { poll } = await sendPoll();
    const [s1, s2, s3] = slotsByStart(poll);
    await deliverAll();

    const voted = invokeCard(await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'yes', [`vote.${s2}`]: 'no', [`vote.${s3}`]: '' }));
    let text = cardText(voted);
    expect(text).toContain('Your answers are saved.');
    expect(text).toMatch(/Tuesday 1 December 2026, 10:00–11:30\n[^\n]*\nYour answer: Yes/);
    expect(text).toMatch(/Monday 7 December 2026, 14:00–15:30\n[^\n]*\nYour answer: No/);
    expect(text).toContain('Not answered yet');
    expect(voted.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'poll.show', data: { pollId: poll.id } }, userIds: [GP.id] });

    const changed = invokeCard(await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s2}`]: 'if_need_be', [`vote.${s3}`]: 'yes' }));
    text = cardText(changed);
    expect(text).toMatch(/Monday 7 December 2026, 14:00–15:30\n[^\n]*\nYour answer: If need be/);
    expect(text).toContain('So far: 1 yes · 0 if need be · 0 no · 3 not answered');
    const votes = await h.bot.stores.votes.listByPoll(poll.id);
    expect(votes.map((v) => [v.slotId, v.answer, v.recordedBy]).sort()).toEqual(
      [
        [s1, 'yes', GP.aadObjectId],
        [s2, 'if_need_be', GP.aadObjectId],
        [s3, 'yes', GP.aadObjectId],
      ].sort(),
    );

    // the refresh Teams runs when the card is shown gives the same answers
    expect(cardText(invokeCard(await h.click(GP, 'poll.show', { pollId: poll.id })))).toMatch(/Monday 7 December 2026, 14:00–15:30\n[^\n]*\nYour answer: If need be/);

    await deliverAll();
    const posted = h.connector.calls.find((x) => x.conversationId === c.thread!.conversationId && (x.method === 'send' || x.method === 'reply') && cardText(x.body.attachments?.[0]?.content).includes('Availability poll'))!;
    const updates = h.connector.calls.filter((x) => x.method === 'update' && x.activityId === posted.activityId);
    // updated in place; two quick votes may share one update (one still waiting stands for the next)
    expect(updates.length).toBeGreaterThanOrEqual(1);
    const latest = cardText(updates.at(-1)!.body.attachments[0].content);
    expect(latest).toContain('1 of 4 participant(s) answered every date (1 of 3 required).');
    expect(latest).toContain('Monday 7 December 2026, 14:00–15:30: 1 can come (0 yes, 1 if need be), 0 no, 3 not answered');
    const channel = JSON.stringify(channelCalls());
    for (const secret of NOT_IN_CHANNEL) expect(channel).not.toContain(secret);
  });

  it('keeps the counts to the organiser when the poll says so: participants and the thread see none', async () => {
    const { poll } = await sendPoll('hideResults');
    const [s1] = slotsByStart(poll);
    const card = invokeCard(await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'yes' }));
    expect(cardText(card)).toContain('Only the organiser sees the answers of others.');
    expect(cardText(card)).not.toContain('So far:');
    expect(() => findAction(card, 'Propose this date')).toThrow();
    await deliverAll();
    const threadCards = h.connector.calls.filter((x) => x.conversationId === c.thread!.conversationId && (x.method === 'send' || x.method === 'update') && x.activityId !== 'root-1');
    expect(threadCards.length).toBeGreaterThan(0);
    for (const x of threadCards) {
      const text = cardText(x.body.attachments?.[0]?.content);
      expect(text).toContain('The answers are visible to the organiser only.');
      expect(text).not.toMatch(/can come/);
    }
    const manage = invokeCard(await h.click(ORGANISER, 'poll.manage', { pollId: poll.id }));
    expect(cardText(manage)).toContain('Required: 1 of 3 can come (1 yes, 0 if need be), 0 no, 2 not answered');
  });

  it('lets the organiser record answers for people without Teams, marked as recorded by the organiser', async () => {
    const { poll, card } = await sendPoll();
    const [s1, s2, s3] = slotsByStart(poll);
    const form = await press(h, ORGANISER, card, 'Record answers for Karim Haddad');
    expect(cardText(form)).toContain(`Answers of Karim Haddad for ${c.reference}`);
    expect(cardText(form)).toContain('recorded by the organiser');
    const after = await press(h, ORGANISER, form, 'Save these answers', { [`vote.${s1}`]: 'yes', [`vote.${s2}`]: 'no', [`vote.${s3}`]: 'if_need_be' });
    expect(cardText(after)).toContain('The answers of Karim Haddad are saved.');
    expect(cardText(after)).toMatch(/Karim Haddad · Brother · optional · answered 3 of 3\nanswers recorded by you/);
    const brother = (await h.bot.stores.votes.listByPoll(poll.id)).filter((v) => v.participantId === 'e-brother');
    expect(brother).toHaveLength(3);
    expect(brother.every((v) => v.recordedBy === ORGANISER.aadObjectId)).toBe(true);

    // the organiser may also record for someone on Teams who answered by phone; their card says so
    await h.click(ORGANISER, 'poll.proxyVote', { pollId: poll.id, participantId: 'e-nurse', [`vote.${s1}`]: 'yes' });
    const nurseCard = cardText(invokeCard(await h.click(HOME_NURSE, 'poll.show', { pollId: poll.id })));
    expect(nurseCard).toContain('Yes (recorded by the organiser)');

    // nobody else records for others: a participant gets a clear answer and nothing is stored
    const refusedProxy = invokeCard(await h.click(GP, 'poll.proxyVote', { pollId: poll.id, participantId: 'e-brother', [`vote.${s1}`]: 'no' }));
    expect(cardText(refusedProxy)).toContain('This item is not available.');
    expect((await h.bot.stores.votes.listByPoll(poll.id)).filter((v) => v.participantId === 'e-brother').find((v) => v.slotId === s1)?.answer).toBe('yes');
  });

  it('lets a participant propose a slot, which the organiser accepts into the poll', async () => {
    const { poll } = await sendPoll();
    const proposed = invokeCard(
      await h.click(HOME_NURSE, 'poll.propose', { pollId: poll.id, 'propose.date': '2026-12-03', 'propose.start': '09:00', 'propose.end': '10:00', 'propose.place': OFFICE }),
    );
    expect(cardText(proposed)).toContain('Thank you: the organiser decides whether to add your date.');
    expect(cardText(proposed)).toContain('Proposed, waiting for the organiser: Thursday 3 December 2026, 09:00–10:00');
    await deliverAll();
    const ask = cardsTo(ORGANISER).find((x) => cardText(x).includes('Sofie Maes proposed another date.'));
    expect(ask).toBeDefined();
    const added = await press(h, ORGANISER, ask, 'Add to the poll');
    expect(cardText(added)).toContain('The date is added; the participants are asked about it.');
    expect((await pollNow(poll.id)).slots.filter((s) => s.accepted)).toHaveLength(4);
    await deliverAll();
    expect(cardsTo(GP).some((x) => cardText(x).includes('A date was added: please answer for it too.'))).toBe(true);
  });

  it('reminds only those who have not answered, once, outside quiet hours, and tells the organiser at the deadline', async () => {
    const { poll } = await sendPoll();
    const [s1, s2, s3] = slotsByStart(poll);
    await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'yes', [`vote.${s2}`]: 'yes', [`vote.${s3}`]: 'no' });
    await deliverAll();
    const before = { gp: cardsTo(GP).length, nurse: cardsTo(HOME_NURSE).length, organiser: cardsTo(ORGANISER).length };

    // Wednesday 20:30 in Brussels: the first reminder is due (48 h before Friday 17:00) but it is night
    h.clock.current = new Date('2026-11-25T19:30:00Z');
    expect(await h.bot.jobs.runNow(POLL_REMINDERS_JOB)).toMatchObject({ polls: 1, reminders: 0, notices: 0 });

    // Thursday 08:10: it goes out, to the nurse and (for the person and the brother) to the organiser
    h.clock.current = new Date('2026-11-26T07:10:00Z');
    expect(await h.bot.jobs.runNow(POLL_REMINDERS_JOB)).toMatchObject({ polls: 1, reminders: 3, notices: 0 });
    expect(await h.bot.jobs.runNow(POLL_REMINDERS_JOB)).toMatchObject({ reminders: 0 });
    await deliverAll();
    expect(cardsTo(GP)).toHaveLength(before.gp);
    const nurseCards = cardsTo(HOME_NURSE).slice(before.nurse);
    expect(nurseCards.map((x) => cardText(x))).toEqual([expect.stringContaining('Reminder: you have not answered every date yet.')]);
    const toOrganiser = cardsTo(ORGANISER).slice(before.organiser).map((x) => cardText(x));
    expect(toOrganiser).toEqual(
      expect.arrayContaining([
        expect.stringContaining('M. D. is not on Teams and has not answered every date'),
        expect.stringContaining('Karim Haddad is not on Teams and has not answered every date'),
      ]),
    );
    expect(toOrganiser).toHaveLength(2);

    // after the deadline: the poll closes, the organiser is told, and nobody is reminded any more
    h.clock.current = new Date('2026-11-27T16:10:00Z');
    expect(await h.bot.jobs.runNow(POLL_REMINDERS_JOB)).toMatchObject({ polls: 1, closed: 1, reminders: 0, notices: 1 });
    expect(await h.bot.jobs.runNow(POLL_REMINDERS_JOB)).toMatchObject({ polls: 1, closed: 0, reminders: 0, notices: 0 });
    expect((await pollNow(poll.id)).status).toBe('closed');
    await deliverAll();
    expect(cardText(cardsTo(ORGANISER).at(-1))).toContain('The deadline has passed. Choose the date, or reopen the poll.');
    const late = invokeCard(await h.click(HOME_NURSE, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'yes' }));
    expect(cardText(late)).toContain('This poll is closed: answers can no longer be given or changed.');
    expect((await h.bot.stores.votes.listByPoll(poll.id)).filter((v) => v.participantId === 'e-nurse')).toEqual([]);
  });

  it('tells the organiser when every required participant has answered', async () => {
    const { poll } = await sendPoll();
    const all = Object.fromEntries(slotsByStart(poll).map((s) => [`vote.${s}`, 'yes']));
    await h.click(GP, 'poll.vote', { pollId: poll.id, ...all });
    await h.click(HOME_NURSE, 'poll.vote', { pollId: poll.id, ...all });
    await h.click(ORGANISER, 'poll.proxyVote', { pollId: poll.id, participantId: 'person', ...all });
    h.clock.current = new Date('2026-11-24T09:00:00Z');
    expect(await h.bot.jobs.runNow(POLL_REMINDERS_JOB)).toMatchObject({ notices: 1 });
    await deliverAll();
    expect(cardText(cardsTo(ORGANISER).at(-1))).toContain('Every required participant has answered. You can choose the date.');
  });

  /** Finalises the poll on its first slot after the nurse said no to it; answers the invitation cards. */
  async function finalise(poll: Poll, manage: any) {
    const [s1, s2, s3] = slotsByStart(poll);
    await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'yes', [`vote.${s2}`]: 'yes', [`vote.${s3}`]: 'yes' });
    await h.click(HOME_NURSE, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'no', [`vote.${s2}`]: 'if_need_be', [`vote.${s3}`]: 'yes' });
    const fresh = await press(h, ORGANISER, manage, 'Refresh');
    // best first: more required people available, then "yes" over "if need be"; the slot a required
    // participant said no to comes last
    expect(cardText(fresh)).toMatch(/1\. Wednesday 9 December 2026, 14:00–15:30[\s\S]*2\. Monday 7 December 2026, 14:00–15:30[\s\S]*3\. Tuesday 1 December 2026, 10:00–11:30/);
    expect(cardText(fresh)).toContain('Missing: M. D. (not answered), Sofie Maes (no)');
    const confirm = invokeCard(await h.click(ORGANISER, 'poll.finalise', { pollId: poll.id, slotId: s1 }));
    expect(cardText(confirm)).toContain('Choose this date anyway?');
    expect(cardText(confirm)).toContain('Required participants who said no for Tuesday 1 December 2026, 10:00–11:30: Sofie Maes.');
    expect((await pollNow(poll.id)).status).toBe('open');
    const done = await press(h, ORGANISER, confirm, 'Yes, choose this date');
    expect(cardText(done)).toContain('The meeting is set: Tuesday 1 December 2026, 10:00–11:30. The invitations are on their way.');
    return { done, s1, s2, s3 };
  }

  it('finalises: the case is scheduled, everyone on Teams gets the invitation with a working .ics link, the thread gets a reply and the root card updates', async () => {
    const { poll, card } = await sendPoll();
    const { done } = await finalise(poll, card);
    expect((await caseNow()).status).toBe('scheduled');
    expect(await pollNow(poll.id)).toMatchObject({ status: 'finalised', icsSequence: 0 });
    await deliverAll();

    const invitation = cardsTo(HOME_NURSE).find((x) => cardText(x).startsWith(`Invitation: consultation ${c.reference}`));
    expect(invitation).toBeDefined();
    const text = cardText(invitation);
    expect(text).toContain('Tuesday 1 December 2026, 10:00–11:30 (Brussels time)');
    expect(text).toContain(OFFICE);
    expect(text).toContain(MEETING_GOAL);
    expect(text).toContain(ORGANISER_NAME);
    expect(invitation.refresh.action.verb).toBe('poll.invitation');
    const [icsUrl] = openUrls(invitation);
    const res = await fetch(icsUrl!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8; method=REQUEST');
    const ics = await res.text();
    expect(ics).toContain('BEGIN:VCALENDAR\r\n');
    expect(ics).toContain('METHOD:REQUEST\r\n');
    expect(ics).toContain(`UID:mko-${c.id}-1@mko-bot\r\n`);
    expect(ics).toContain('SEQUENCE:0\r\n');
    expect(ics).toContain('DTSTART;TZID=Europe/Brussels:20261201T100000\r\n');
    expect(ics).toContain('DTEND;TZID=Europe/Brussels:20261201T113000\r\n');
    expect(ics).toContain('LOCATION:Maison médicale\\, Rue Haute 12\r\n');
    expect(ics).toContain('TZID:Europe/Brussels\r\n');
    expect(ics).toContain('STATUS:CONFIRMED\r\n');

    // the organiser's card links the .ics and the printable invitation for people without Teams
    const [organiserIcs, printUrl] = openUrls(done);
    expect(await (await fetch(organiserIcs!)).text()).toContain(`UID:mko-${c.id}-1@mko-bot`);
    const page = await fetch(printUrl!);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('Invitation to a consultation');
    expect(html).toContain('Tuesday 1 December 2026, 10:00–11:30 (Brussels time)');
    expect(html).toContain('Maison médicale, Rue Haute 12');
    expect(html).not.toContain('Karim Haddad');
    // a participant's link gives no printable page, and a stranger's forged token nothing at all
    expect((await fetch(icsUrl!.replace('/api/poll.ics', '/api/poll-invitation'))).status).toBe(403);
    expect((await fetch(`${icsUrl!.slice(0, -4)}AAAA`)).status).toBe(403);

    const replies = h.connector.calls.filter((x) => x.conversationId === c.thread!.conversationId && (x.method === 'send' || x.method === 'reply')).map((x) => cardText(x.body.attachments?.[0]?.content));
    expect(replies).toContain('Availability poll\nThe meeting is set: Tuesday 1 December 2026, 10:00–11:30 (Brussels time).');
    const rootUpdates = h.connector.calls.filter((x) => x.method === 'update' && x.activityId === 'root-1');
    expect(cardText(rootUpdates.at(-1)!.body.attachments[0].content)).toContain('Meeting scheduled');
    const channel = JSON.stringify(channelCalls());
    for (const secret of NOT_IN_CHANNEL) expect(channel).not.toContain(secret);

    // the link is short-lived; the card's refresh gives a new one
    h.clock.advance(25 * 3600_000);
    expect((await fetch(icsUrl!)).status).toBe(403);
    const refreshed = invokeCard(await h.click(HOME_NURSE, 'poll.invitation', { pollId: poll.id }));
    expect((await fetch(openUrls(refreshed)[0]!)).status).toBe(200);
  });

  it('reschedules (same UID, higher SEQUENCE) and cancels (a cancellation .ics), with notice to everyone; the case goes back to planning', async () => {
    const { poll, card } = await sendPoll();
    const { s3 } = await finalise(poll, card);
    await deliverAll();
    const moved = invokeCard(await h.click(ORGANISER, 'poll.finalise', { pollId: poll.id, slotId: s3 }));
    expect(cardText(moved)).toContain('The meeting moved to Wednesday 9 December 2026, 14:00–15:30. Everyone gets the updated invitation.');
    expect(await pollNow(poll.id)).toMatchObject({ status: 'finalised', finalSlotId: s3, icsSequence: 1 });
    expect((await caseNow()).status).toBe('scheduled');
    await deliverAll();
    const update = cardsTo(GP).find((x) => cardText(x).startsWith(`New date: consultation ${c.reference}`));
    expect(cardText(update)).toContain('Wednesday 9 December 2026, 14:00–15:30 (Brussels time)');
    expect(cardText(update)).toContain(ONLINE);
    const ics = await (await fetch(openUrls(update).find((u) => u.includes('/api/poll.ics'))!)).text();
    expect(ics).toContain(`UID:mko-${c.id}-1@mko-bot\r\n`);
    expect(ics).toContain('SEQUENCE:1\r\n');
    expect(ics).toContain('DTSTART;TZID=Europe/Brussels:20261209T140000\r\n');
    expect(ics).toContain(`URL:${ONLINE}\r\n`);
    const threadTexts = () => h.connector.calls.filter((x) => x.conversationId === c.thread!.conversationId && (x.method === 'send' || x.method === 'reply')).map((x) => cardText(x.body.attachments?.[0]?.content));
    expect(threadTexts()).toContain('Availability poll\nThe meeting moved to Wednesday 9 December 2026, 14:00–15:30 (Brussels time).');

    const ask = invokeCard(await h.click(ORGANISER, 'poll.cancel', { pollId: poll.id }));
    expect(cardText(ask)).toContain(`Cancel the poll for ${c.reference}?`);
    expect((await pollNow(poll.id)).status).toBe('finalised');
    const cancelled = await press(h, ORGANISER, ask, 'Yes, cancel');
    expect(cardText(cancelled)).toContain('The poll is cancelled; everyone invited is told.');
    expect(await pollNow(poll.id)).toMatchObject({ status: 'cancelled', icsSequence: 2, calendarEntry: { cancelled: true } });
    expect((await caseNow()).status).toBe('planning');
    await deliverAll();
    for (const user of [GP, HOME_NURSE]) {
      const notice = cardsTo(user).find((x) => cardText(x).startsWith(`Cancelled: consultation ${c.reference}`));
      expect(notice).toBeDefined();
      const cancel = await (await fetch(openUrls(notice)[0]!)).text();
      expect(cancel).toContain('METHOD:CANCEL\r\n');
      expect(cancel).toContain('STATUS:CANCELLED\r\n');
      expect(cancel).toContain(`UID:mko-${c.id}-1@mko-bot\r\n`);
      expect(cancel).toContain('SEQUENCE:2\r\n');
    }
    expect(threadTexts()).toContain('Availability poll\nThe meeting was cancelled.');
    // planning again: a new poll for the same meeting may go out
    expect(findAction(cancelled, 'Plan a new poll')).toMatchObject({ verb: 'poll.start', data: { caseId: c.id } });
  });

  it('reopens a finalised poll: the case goes back to planning and everyone may answer again', async () => {
    const { poll, card } = await sendPoll();
    await finalise(poll, card);
    const reopened = invokeCard(await h.click(ORGANISER, 'poll.reopen', { pollId: poll.id, 'reopen.date': '2026-11-30', 'reopen.time': '12:00' }));
    expect(cardText(reopened)).toMatch(/The poll is open again until 30 Nov 2026, 12:00/);
    expect(await pollNow(poll.id)).toMatchObject({ status: 'open', finalSlotId: null });
    expect((await caseNow()).status).toBe('planning');
    await deliverAll();
    expect(cardsTo(GP).some((x) => cardText(x).includes('The poll is open again: you can answer or change your answers.'))).toBe(true);

    // the organiser adds a date to the reopened poll; everyone on Teams is asked about it
    const added = await press(h, ORGANISER, reopened, 'Add this date', { 'add.date': '2026-12-10', 'add.start': '09:00', 'add.end': '10:00', 'add.place': OFFICE });
    expect(cardText(added)).toContain('Thursday 10 December 2026, 09:00–10:00');
    expect((await pollNow(poll.id)).slots).toHaveLength(4);
    await deliverAll();
    expect(cardsTo(HOME_NURSE).some((x) => cardText(x).includes('A date was added: please answer for it too.'))).toBe(true);
  });

  it('moves the deadline of an open poll: participants get their card again; a past or nonexistent time, or anyone but the organiser, changes nothing', async () => {
    const { poll, card } = await sendPoll();
    await deliverAll();
    const before = cardsTo(GP).length;
    // the card shows the deadline as it is, ready to be changed
    expect(JSON.stringify(card)).toContain('"id":"deadline.date","label":"Answers until (date)","value":"2026-11-27"');
    const moved = await press(h, ORGANISER, card, 'Change the deadline', { 'deadline.date': '2026-11-30', 'deadline.time': '12:00' });
    expect(cardText(moved)).toContain('Answers are now possible until 30 Nov 2026, 12:00.');
    const stored = await pollNow(poll.id);
    expect(stored).toMatchObject({ status: 'open', deadline: new Date('2026-11-30T11:00:00Z'), version: poll.version + 1 });
    await deliverAll();
    const gpCards = cardsTo(GP).slice(before);
    expect(gpCards.map(cardText).filter((x) => x.includes('The organiser changed the deadline for answers: see below.'))).toHaveLength(1);
    expect(cardText(gpCards[0])).toContain('Open for answers until 30 Nov 2026, 12:00.');
    const trail = await h.bot.stores.audit.listByCase(c.id);
    expect(trail.filter((e) => e.action === 'poll.deadline_changed')).toHaveLength(1);

    // a deadline in the past, or an hour that does not exist in Brussels, changes nothing
    const past = await press(h, ORGANISER, moved, 'Change the deadline', { 'deadline.date': '2026-11-01', 'deadline.time': '12:00' });
    expect(cardText(past)).toContain('The deadline for answers must be in the future.');
    const again = await press(h, ORGANISER, moved, 'Change the deadline', { 'deadline.date': '2027-03-28', 'deadline.time': '02:30' });
    expect(cardText(again)).not.toContain('Answers are now possible until');
    // only the organiser may move it
    const byGp = invokeCard(await h.click(GP, 'poll.deadline', { pollId: poll.id, 'deadline.date': '2026-12-05', 'deadline.time': '12:00' }));
    expect(cardText(byGp)).not.toContain('Answers are now possible until');
    expect(await pollNow(poll.id)).toMatchObject({ deadline: new Date('2026-11-30T11:00:00Z'), version: poll.version + 1 });
  });

  it('refuses a deadline after a proposed date, says why, and changes nothing', async () => {
    const { poll, card } = await sendPoll();
    // the first date is Monday 7 December 2026, 14:00
    const late = await press(h, ORGANISER, card, 'Change the deadline', { 'deadline.date': '2026-12-08', 'deadline.time': '12:00' });
    expect(cardText(late)).toContain('The deadline for answers must come before every proposed date');
    expect(await pollNow(poll.id)).toMatchObject({ deadline: poll.deadline, version: poll.version });
  });

  it('answers bad input clearly and changes nothing: a missing slot, someone not invited, a malformed payload, another channel', async () => {
    const { poll } = await sendPoll();
    const [s1] = slotsByStart(poll);
    const noSlot = invokeCard(await h.click(GP, 'poll.vote', { pollId: poll.id, 'vote.no-such-slot': 'yes' }));
    expect(cardText(noSlot)).toContain('This date is not in the poll (any more).');
    const stranger = invokeCard(await h.click(STRANGER, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'yes' }));
    expect(cardText(stranger)).toContain('This item is not available.');
    const malformed = invokeCard(await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'maybe' }));
    expect(cardText(malformed)).toContain('The card sent something I cannot read. Nothing was changed.');
    const huge = invokeCard(await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'y'.repeat(1_000_000) }));
    expect(cardText(huge)).toContain('Nothing was changed');
    const nothing = invokeCard(await h.click(GP, 'poll.vote', { pollId: poll.id }));
    expect(cardText(nothing)).toContain('Some answers could not be accepted: An answer for at least one date');
    const unknownPoll = invokeCard(await h.click(GP, 'poll.vote', { pollId: 'nope', [`vote.${s1}`]: 'yes' }));
    expect(cardText(unknownPoll)).toContain('This item is not available.');
    const inChannel = await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'yes' }, { inChannel: true });
    expect(inChannel.body.type).toBe('application/vnd.microsoft.activity.message');
    const notOrganiser = invokeCard(await h.click(GP, 'poll.finalise', { pollId: poll.id, slotId: s1 }));
    expect(cardText(notOrganiser)).toContain('This item is not available.');
    const badDraft = invokeCard(await h.click(ORGANISER, 'poll.create', { caseId: c.id, draft: '{"not":"a list"}' }));
    expect(cardText(badDraft)).toContain('The card sent something I cannot read.');
    expect(await h.bot.stores.votes.listByPoll(poll.id)).toEqual([]);
    expect(await pollNow(poll.id)).toEqual(poll);
  });

  it('refuses a second poll for the same meeting and shows the running one', async () => {
    const { poll } = await sendPoll();
    const again = invokeCard(await h.click(ORGANISER, 'poll.start', { caseId: c.id }));
    expect(cardText(again)).toContain('A poll for this meeting is already running.');
    expect(cardText(again)).toContain(`Availability poll for ${c.reference}`);
    const create = invokeCard(await h.click(ORGANISER, 'poll.create', { caseId: c.id, draft: '[]', 'deadline.date': '2026-11-27', 'deadline.time': '17:00' }));
    expect(cardText(create)).toContain('A poll for this meeting is already running.');
    expect(await h.bot.stores.polls.listByCase(c.id)).toEqual([poll]);
  });

  it('shows the slots on both 2027 daylight-saving change days at the Brussels time chosen, in every language', async () => {
    const draft = invokeCard(await h.click(ORGANISER, 'poll.start', { caseId: c.id }));
    const gap = await press(h, ORGANISER, draft, 'Add this date', { 'slot.date': '2027-03-28', 'slot.start': '02:30', 'slot.end': '03:30', 'slot.place': OFFICE });
    expect(cardText(gap)).toContain('This time does not exist on that day: the clocks go forward an hour that night.');
    let card = await press(h, ORGANISER, gap, 'Add this date', { 'slot.date': '2027-03-28', 'slot.start': '10:00', 'slot.end': '11:00', 'slot.place': OFFICE });
    card = await press(h, ORGANISER, card, 'Add this date', { 'slot.date': '2027-10-31', 'slot.start': '10:00', 'slot.end': '11:00', 'slot.place': OFFICE });
    await press(h, ORGANISER, card, 'Send the poll', { 'poll.goal': MEETING_GOAL, 'deadline.date': '2027-03-01', 'deadline.time': '12:00', 'poll.options': '' });
    const [poll] = await h.bot.stores.polls.listByCase(c.id);
    expect(poll!.slots.map((s) => [s.start.toISOString(), s.end.toISOString()])).toEqual([
      ['2027-03-28T08:00:00.000Z', '2027-03-28T09:00:00.000Z'],
      ['2027-10-31T09:00:00.000Z', '2027-10-31T10:00:00.000Z'],
    ]);
    const shown = {
      'en-US': ['Sunday 28 March 2027, 10:00–11:00', 'Sunday 31 October 2027, 10:00–11:00'],
      'nl-BE': ['zondag 28 maart 2027, 10:00–11:00', 'zondag 31 oktober 2027, 10:00–11:00'],
      'fr-BE': ['dimanche 28 mars 2027, 10:00–11:00', 'dimanche 31 octobre 2027, 10:00–11:00'],
    };
    for (const [locale, texts] of Object.entries(shown)) {
      const res = await h.click(GP, 'poll.show', { pollId: poll!.id }, { locale });
      for (const text of texts) expect(cardText(invokeCard(res))).toContain(text);
    }
    const fr = cardText(invokeCard(await h.click(GP, 'poll.show', { pollId: poll!.id }, { locale: 'fr-BE' })));
    expect(fr).toContain(`Quand pouvez-vous venir\u00a0? Concertation ${c.reference}`);
    await deliverAll();
    const summary = h.connector.cards((x) => x.conversationId === c.thread!.conversationId && (x.method === 'send' || x.method === 'reply')).map((x) => cardText(x));
    // the channel's language is its coordinator's (en-US here)
    expect(summary.join('\n')).toContain('Sunday 28 March 2027, 10:00–11:00: 0 can come');
  });
  describe('a poll whose meeting is no longer being planned', () => {
    /** The verbs of every button on a card. */
    function verbsOf(card: any): string[] {
      const verbs: string[] = [];
      const walk = (node: any) => {
        if (Array.isArray(node)) return node.forEach(walk);
        if (!node || typeof node !== 'object') return;
        if (node.type === 'Action.Execute' && node !== card.refresh?.action) verbs.push(node.verb);
        Object.values(node).forEach(walk);
      };
      walk(card.body);
      walk(card.actions ?? []);
      return verbs;
    }

    async function moveCaseAlong(path: readonly CaseStatus[]): Promise<void> {
      for (const to of path) {
        const current = await caseNow();
        expect(await h.bot.stores.cases.replaceIfVersion(transitionCase(current, to, ORGANISER.aadObjectId, h.clock.now()), current.version)).toBe(true);
      }
    }

    const outboxTotal = async () => Object.values(await h.bot.stores.outbox.countByStatus()).reduce((a, b) => a + b, 0);

    it('after the meeting was held, the organiser is offered no move, reopen or cancel, and a stale button changes and sends nothing', async () => {
      const { poll, card } = await sendPoll();
      const { s3 } = await finalise(poll, card);
      await deliverAll();
      // Tuesday 1 December 2026, 12:00 Brussels: the meeting (10:00-11:30) took place
      h.clock.current = new Date('2026-12-01T11:00:00Z');
      await moveCaseAlong(['held']);
      const set = await pollNow(poll.id);
      const queued = await outboxTotal();

      const manage = invokeCard(await h.click(ORGANISER, 'poll.manage', { pollId: poll.id }));
      expect(verbsOf(manage)).toEqual(['poll.manage']);
      expect(cardText(manage)).toContain('This meeting is no longer being planned: the poll is kept as it is and can no longer be changed.');

      // buttons of a card shown before the meeting
      const moved = invokeCard(await h.click(ORGANISER, 'poll.finalise', { pollId: poll.id, slotId: s3 }));
      expect(cardText(moved)).toContain("This step is not possible in the case's current status.");
      expect(verbsOf(moved)).toEqual(['poll.manage']);
      const reopened = invokeCard(await h.click(ORGANISER, 'poll.reopen', { pollId: poll.id, 'reopen.date': '2026-12-10', 'reopen.time': '17:00' }));
      expect(cardText(reopened)).toContain("This step is not possible in the case's current status.");
      // no "are you sure?" for a cancellation that would be refused; in the organiser's language
      const ask = invokeCard(await h.click(ORGANISER, 'poll.cancel', { pollId: poll.id }, { locale: 'fr-BE' }));
      expect(cardText(ask)).toContain('son sondage ne peut plus être modifié. Rien n’a été modifié.');
      expect(verbsOf(ask)).toEqual(['poll.manage']);
      const cancelled = invokeCard(await h.click(ORGANISER, 'poll.cancel', { pollId: poll.id, confirm: 'yes' }, { locale: 'nl-BE' }));
      expect(cardText(cancelled)).toContain('Deze stap is niet mogelijk in de huidige status van het dossier.');
      const vote = invokeCard(await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s3}`]: 'no' }));
      expect(verbsOf(vote)).not.toContain('poll.vote');

      expect(await pollNow(poll.id)).toEqual(set);
      expect((await caseNow()).status).toBe('held');
      expect(await outboxTotal()).toBe(queued);
    });

    it('an open poll of a withdrawn case offers nothing to answer or change, to participants and organiser alike', async () => {
      const { poll } = await sendPoll();
      const [s1] = slotsByStart(poll);
      await deliverAll();
      const before = invokeCard(await h.click(GP, 'poll.show', { pollId: poll.id }));
      expect(verbsOf(before)).toContain('poll.vote');
      await moveCaseAlong(['withdrawn']);
      const queued = await outboxTotal();

      const shown = invokeCard(await h.click(GP, 'poll.show', { pollId: poll.id }));
      expect(verbsOf(shown)).not.toContain('poll.vote');
      expect(verbsOf(shown)).not.toContain('poll.propose');
      const vote = invokeCard(await h.click(GP, 'poll.vote', { pollId: poll.id, [`vote.${s1}`]: 'yes' }));
      expect(cardText(vote)).toContain('This meeting is no longer being planned');
      const manage = invokeCard(await h.click(ORGANISER, 'poll.manage', { pollId: poll.id }));
      expect(verbsOf(manage)).toEqual(['poll.manage']);

      expect(await h.bot.stores.votes.listByPoll(poll.id)).toEqual([]);
      expect(await outboxTotal()).toBe(queued);
    });
  });
});
