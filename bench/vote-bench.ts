import { BotHarness, cardText, CASES_CHANNEL, COORDINATOR, ORGANISER, type User } from '../test/support/bot-harness';
import { makePlanningCase, MEETING_GOAL } from '../test/support/poll-fixtures';
import { checkTarget, percentile, round, type BenchResult } from './bench-result';

const MEMBERS = 25;
/** 25 members × 8 slots = 200 votes, each its own click, as Teams sends one invoke per answer. */
const SLOT_DATES = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'];
const ANSWERS = ['yes', 'if_need_be', 'no'] as const;

/**
 * 200 votes on one availability poll, all sent at the same moment over HTTP to the real bot
 * (embedded store, in this process, the poll's invitations going out through the outbox meanwhile):
 * every vote must be stored, and the slowest answers must still come quickly.
 */
export async function runVoteBench(): Promise<BenchResult> {
  const started = performance.now();
  const h = await BotHarness.start();
  try {
    await h.sayInChannel(COORDINATOR, 'cases channel');
    const members: User[] = Array.from({ length: MEMBERS }, (_, i) => ({
      id: `29:bench-member-${i}`,
      aadObjectId: `40404040-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name: `Member ${i}`,
    }));
    const c = makePlanningCase(
      ORGANISER.aadObjectId,
      members.map((m, i) => ({ id: `e-${i}`, role: i === 0 ? 'GP' : 'Helper', name: m.name, userId: m.aadObjectId })),
      { thread: { conversationId: `${CASES_CHANNEL};messageid=root-1`, rootActivityId: 'root-1', serviceUrl: h.connector.url } },
    );
    await h.bot.stores.cases.insert(c);
    const created = await h.click(ORGANISER, 'poll.create', {
      caseId: c.id,
      draft: JSON.stringify(SLOT_DATES.map((date) => ({ date, start: '10:00', end: '11:30', place: { kind: 'address', text: 'Rue Haute 12' } }))),
      'poll.goal': MEETING_GOAL,
      'deadline.date': '2026-11-30',
      'deadline.time': '17:00',
      'poll.options': '',
    });
    const [poll] = await h.bot.stores.polls.listByCase(c.id);
    if (!poll || poll.slots.length !== SLOT_DATES.length) {
      throw new Error(`the poll was not created: ${created.status} ${cardText(created.body?.value).slice(0, 300)}`);
    }

    const timedClick = async (member: User, slotId: string, answer: string) => {
      const t0 = performance.now();
      const res = await h.click(member, 'poll.vote', { pollId: poll.id, [`vote.${slotId}`]: answer });
      return { ms: performance.now() - t0, ok: res.status === 200 && res.body?.type === 'application/vnd.microsoft.card.adaptive' };
    };
    const clicks = members.flatMap((m, i) => poll.slots.map((slot, j) => timedClick(m, slot.id, ANSWERS[(i + j) % 3]!)));
    const sentAt = performance.now();
    const answers = await Promise.all(clicks);
    const allAnsweredMs = performance.now() - sentAt;
    const stored = (await h.bot.stores.votes.listByPoll(poll.id)).length;
    const latencies = answers.map((a) => a.ms);
    const p99 = percentile(latencies, 99);
    return {
      name: 'poll-votes',
      title: `${clicks.length} concurrent votes on one poll`,
      status: 'measured',
      figures: {
        votes_sent: clicks.length,
        answered_with_a_card: answers.filter((a) => a.ok).length,
        votes_stored: stored,
        p50_ms: round(percentile(latencies, 50), 1),
        p99_ms: round(p99, 1),
        all_answered_after_ms: round(allAnsweredMs, 0),
      },
      targets: [
        checkTarget('votes stored', stored, '==', clicks.length, 'votes'),
        checkTarget('p99 answer time', round(p99, 1), '<', 500, 'ms'),
      ],
      notes: [
        `${MEMBERS} network members on Teams answer each of ${SLOT_DATES.length} slots with its own click, all ${clicks.length} invokes sent at once; the time is each click's, from sending to its answer card.`,
        'The real bot (BotHarness: restify, CloudAdapter, embedded store, outbox to a fake connector) runs in this process, so the client shares its CPU; its fetch (undici) costs ~0.7–1 ms of CPU per request.',
        'With every invoke sent at once the process is CPU-bound for the whole window, so p99 is close to the total work. One vote alone (2026-11-23) takes ~2–3.5 ms end to end: read the poll and the case, upsert the vote, append the audit entry, queue the thread summary update, read the poll\'s votes back, tally and render the participant\'s card (~0.35 ms), plus HTTP and botbuilder.',
        'Meanwhile the outbox works too. Each vote used to queue its own update of the case thread\'s summary card (200 renders and sends of one card); since 4 December 2026 an update that still waits to be sent stands for the next ones (it renders the tally when sent), so a burst of votes costs a few updates: p99 went from ~1.48 s to ~1.2–1.36 s on this machine. The rest is the votes\' own work (HTTP, botbuilder, the writes, the answer card) on a CPU shared with the client; under 500 ms needs a cheaper turn still.',
      ],
      durationMs: performance.now() - started,
    };
  } finally {
    await h.stop();
  }
}
