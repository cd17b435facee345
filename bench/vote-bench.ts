import { BotHarness, cardText, CASES_CHANNEL, COORDINATOR, ORGANISER, type User } from '../test/support/bot-harness';
import { makePlanningCase, MEETING_GOAL } from '../test/support/poll-fixtures';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { checkTarget, type BenchResult } from './bench-result';
import type { LoadReport } from './load-generator';
import type { Poll } from '../domain/poll/poll';
import { makeTempDir } from './temp-dir';
import { startEchoBot } from './echo-bot';

const MEMBERS = 25;
/** 25 members × 8 slots = 200 votes, each its own click, as Teams sends one invoke per answer. */
const SLOT_DATES = ['2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04', '2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10'];
const ANSWERS = ['yes', 'if_need_be', 'no'] as const;
const BURSTS = 3;

/**
 * 200 votes on one availability poll, all sent at the same moment over HTTP to the real bot
 * (embedded store, in this process) by the load generator in its own process: every vote must be
 * stored and answered with the participant's card, and the slowest answers must still come quickly.
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
    // a bot that has been running: one burst of votes on another case's poll first, not measured
    const warmUp = await openPoll(h, members, 'root-warm-up');
    await runLoadInOwnProcess(`${h.bot.url}/api/messages`, voteActivities(h, warmUp, members));
    await h.sendWhatIsDue(40, 50); // what it can within 2 s, so the burst does not share the CPU with it

    // three bursts, each on a poll of its own: one burst's p99 is its whole CPU time, which varies
    // with the machine from one burst to the next; the median of three is the figure that repeats
    const bursts: Burst[] = [];
    for (let i = 1; i <= BURSTS; i++) bursts.push(await measureBurst(h, members, `root-${i}`));
    const middle = [...bursts].sort((a, b) => a.load.p99Ms - b.load.p99Ms)[Math.floor(BURSTS / 2)]!;
    const storedEach = bursts.map((b) => b.stored);
    const cardsEach = bursts.map((b) => b.load.answeredWithACard);
    const sent = bursts[0]!.load.sent;
    return {
      name: 'poll-votes',
      title: `${MEMBERS * SLOT_DATES.length} concurrent votes on one poll`,
      status: 'measured',
      figures: {
        bursts: BURSTS,
        votes_sent_per_burst: sent,
        answered_with_a_card_each_burst: cardsEach.join(', '),
        votes_stored_each_burst: storedEach.join(', '),
        p99_ms_each_burst: bursts.map((b) => b.load.p99Ms).join(', '),
        p99_ms_median_burst: middle.load.p99Ms,
        p50_ms_median_burst: middle.load.p50Ms,
        all_answered_after_ms_median_burst: middle.load.allAnsweredAfterMs,
        echo_bot_p99_ms_each_burst: bursts.map((b) => b.echo.p99Ms).join(', '),
        echo_bot_p50_ms_median_burst: middle.echo.p50Ms,
      },
      targets: [
        checkTarget('votes stored, fewest of the bursts', Math.min(...storedEach), '==', sent, 'votes'),
        checkTarget('votes answered with a card, fewest of the bursts', Math.min(...cardsEach), '==', sent, 'votes'),
        checkTarget('p99 answer time, median of the bursts', middle.load.p99Ms, '<', 500, 'ms'),
      ],
      notes: [
        `${MEMBERS} network members on Teams answer each of ${SLOT_DATES.length} slots with its own click, all ${sent} invokes sent at once; the time is each click's, from sending to its answer card.`,
        `${BURSTS} measured bursts, each on a poll of its own, one after the other; the target reads the burst with the median p99 and every burst's p99 is listed. Until the evening of 4 December 2026 one burst was measured, and its p99 varied 330-1,135 ms over the runs of a single day on this machine (the echo bot's 170-450 ms): a single burst measured the machine's moment more than the bot.`,
        'The real bot (BotHarness: restify, CloudAdapter, embedded store, outbox to a fake connector) runs in this process. The clicks come from the load generator (bench/load-generator.ts) in a process of its own, over kept-alive connections opened beforehand, as Teams\' service sends them; it measures each request from sending to the last byte of the answer.',
        'The bot has been running: a first burst of 200 votes on another case\'s poll goes before, not measured. The measured poll\'s invitations are out before its votes come in (people answer the card they received); its thread summary updates are sent during the burst.',
        'echo_bot_*: the same 200 invokes to botbuilder\'s bare echo bot, right after each burst: what HTTP, restify and botbuilder alone take for such a burst on this machine (~35–55 % of the MKO figure over the runs of 4 December 2026).',
        'Until 4 December 2026 this benchmark sent the clicks with fetch from the bot\'s own process, on a cold bot, with the invitations still going out: p99 0.9–1.5 s, of which fetch and connecting took a large share (the bare echo bot then answered 200 such clicks with p99 0.44–0.59 s).',
        'With every invoke sent at once the bot is CPU-bound for the whole window, so p99 is close to the total work: per vote, read the poll and the case, upsert the vote, append the audit entry, queue the thread summary update (an update still waiting stands for the next ones), read the poll\'s votes back, tally and render the participant\'s card, plus HTTP and botbuilder.',
      ],
      durationMs: performance.now() - started,
    };
  } finally {
    await h.stop();
  }
}

interface Burst {
  load: LoadReport;
  echo: LoadReport;
  stored: number;
}

/** One measured burst on a new poll, then the same invokes to the bare echo bot. */
async function measureBurst(h: BotHarness, members: readonly User[], threadRoot: string): Promise<Burst> {
  const poll = await openPoll(h, members, threadRoot);
  // people answer the card they received: the invitations are out before the votes come in
  await h.sendWhatIsDue(40, 50);
  const activities = voteActivities(h, poll, members);
  const load = await runLoadInOwnProcess(`${h.bot.url}/api/messages`, activities);
  const stored = (await h.bot.stores.votes.listByPoll(poll.id)).length;
  // the same invokes to botbuilder's bare echo bot: what the HTTP server and botbuilder alone take
  const echoBot = await startEchoBot();
  const echo = await runLoadInOwnProcess(`${echoBot.url}/api/messages`, activities).finally(() => echoBot.stop());
  // the summary updates the burst queued go out before the next burst, as they would between bursts
  await h.sendWhatIsDue(40, 50);
  return { load, echo, stored };
}

/** A case in planning with the members in its network, and its poll of SLOT_DATES created by the organiser. */
async function openPoll(h: BotHarness, members: readonly User[], threadRoot: string): Promise<Poll> {
  const c = makePlanningCase(
    ORGANISER.aadObjectId,
    members.map((m, i) => ({ id: `e-${i}`, role: i === 0 ? 'GP' : 'Helper', name: m.name, userId: m.aadObjectId })),
    { thread: { conversationId: `${CASES_CHANNEL};messageid=${threadRoot}`, rootActivityId: threadRoot, serviceUrl: h.connector.url } },
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
  return poll;
}

/** Each member answers each slot with its own click. */
function voteActivities(h: BotHarness, poll: Poll, members: readonly User[]): object[] {
  return members.flatMap((m, i) =>
    poll.slots.map((slot, j) => h.clickActivity(m, 'poll.vote', { pollId: poll.id, [`vote.${slot.id}`]: ANSWERS[(i + j) % 3]! })),
  );
}

/** Runs the load generator as its own process against `url` and reads its report. */
async function runLoadInOwnProcess(url: string, activities: readonly object[]): Promise<LoadReport> {
  const temp = makeTempDir('votes');
  try {
    const file = path.join(temp.dir, 'activities.json');
    fs.writeFileSync(file, JSON.stringify(activities));
    const script = path.join(__dirname, 'load-generator.js');
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, [script, '--url', url, '--activities', file, '--json'], { maxBuffer: 64 * 1024 * 1024 }, (err, out, errOut) =>
        err ? reject(new Error(`the load generator failed: ${err.message} ${errOut}`)) : resolve(out),
      );
    });
    return JSON.parse(stdout) as LoadReport;
  } finally {
    temp.remove();
  }
}
