import { BotHarness, cardText, CASES_CHANNEL, COORDINATOR, invokeCard, ORGANISER, type User } from '../support/bot-harness';
import { makePlanningCase, MEETING_GOAL } from '../support/poll-fixtures';
import type { Answer } from '../../domain/poll/poll';

/** 25 network members on Teams (fictional), the most a poll takes with the person and a few more. */
const MEMBERS: User[] = Array.from({ length: 25 }, (_, i) => ({
  id: `29:member-${i}`,
  aadObjectId: `30303030-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Member ${i}`,
}));

describe('availability poll under load', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await BotHarness.start();
    await h.sayInChannel(COORDINATOR, 'cases channel');
  });
  afterEach(async () => {
    await h.stop();
  });

  it('stores all 50 votes sent at the same moment to one poll, each as the voter gave it', async () => {
    const c = makePlanningCase(
      ORGANISER.aadObjectId,
      MEMBERS.map((m, i) => ({ id: `e-${i}`, role: i === 0 ? 'GP' : 'Helper', name: m.name, userId: m.aadObjectId })),
      { thread: { conversationId: `${CASES_CHANNEL};messageid=root-1`, rootActivityId: 'root-1', serviceUrl: h.connector.url } },
    );
    await h.bot.stores.cases.insert(c);
    const created = await h.click(ORGANISER, 'poll.create', {
      caseId: c.id,
      draft: JSON.stringify([
        { date: '2026-12-01', start: '10:00', end: '11:30', place: { kind: 'address', text: 'Rue Haute 12' } },
        { date: '2026-12-02', start: '14:00', end: '15:30', place: { kind: 'address', text: 'Rue Haute 12' } },
      ]),
      'poll.goal': MEETING_GOAL,
      'deadline.date': '2026-11-30',
      'deadline.time': '17:00',
      'poll.options': '',
    });
    expect(cardText(invokeCard(created))).toContain('The poll is sent to 25 participant(s) on Teams.');
    const [poll] = await h.bot.stores.polls.listByCase(c.id);
    const slots = poll!.slots.map((s) => s.id);

    // every member answers each slot with its own click, all 50 clicks at once
    const answerOf = (member: number, slot: number): Answer => (['yes', 'if_need_be', 'no'] as const)[(member + slot) % 3]!;
    const clicks = MEMBERS.flatMap((m, i) => slots.map((slotId, j) => h.click(m, 'poll.vote', { pollId: poll!.id, [`vote.${slotId}`]: answerOf(i, j) })));
    expect(clicks).toHaveLength(50);
    const answers = await Promise.all(clicks);
    for (const res of answers) expect(cardText(invokeCard(res))).toContain('Your answers are saved.');

    const votes = await h.bot.stores.votes.listByPoll(poll!.id);
    expect(votes).toHaveLength(50);
    for (const [i, m] of MEMBERS.entries()) {
      for (const [j, slotId] of slots.entries()) {
        const vote = votes.filter((v) => v.participantId === `e-${i}` && v.slotId === slotId);
        expect(vote).toEqual([expect.objectContaining({ answer: answerOf(i, j), recordedBy: m.aadObjectId })]);
      }
    }
    // the poll document itself was not written by any vote
    expect(await h.bot.stores.polls.findById(poll!.id)).toEqual(poll);
    const manage = cardText(invokeCard(await h.click(ORGANISER, 'poll.manage', { pollId: poll!.id })));
    expect(manage).toContain('Member 24 · Helper · optional · answered 2 of 2');
  });
});
