import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeRandom } from './seeded-random';
import { readDocuments } from '../fuzz/store-files';
import { ChildBot } from './child-bot';
import { GatedConnector } from './gated-connector';
import { RequestDriver, type Outcome } from './request-driver';
import { makeCardAction, makeChannelMessage, type TeamsUser } from './teams-activities';

/**
 * The bot as its own process, killed with SIGKILL at seeded points of a scripted flow (a coordinator
 * chooses the cases channel, six users open requests, four submit, two save half-way), restarted on
 * the same data folder each time, and stopped with SIGTERM while work is in flight.
 */
const COORDINATOR: TeamsUser = { id: '29:crash-coordinator', aadObjectId: 'aaaaaaaa-0000-4000-8000-00000000c001', name: 'Coordinator' };
const users = Array.from({ length: 6 }, (_, i): TeamsUser => ({ id: `29:crash-user-${i}`, aadObjectId: `bbbbbbbb-0000-4000-8000-00000000c1${i}0`, name: `User ${i}` }));
const SEED = 20261123;
const KILLS = 3;
/** Each restart happens "a minute later" (see shift-clock.ts), past the outbox's 60 s lease. */
const RESTART_LATER_MS = 61_000;

const shiftClock = path.join(__dirname, 'shift-clock.js');

async function post(url: string, activity: object): Promise<Outcome> {
  try {
    const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
    const text = await res.text();
    return { kind: 'answered', status: res.status, body: text ? JSON.parse(text) : null };
  } catch {
    return { kind: 'lost' };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

describe('the bot killed and restarted, and stopped gracefully', () => {
  let dataDir: string;
  let connector: GatedConnector;
  let bot: ChildBot | null = null;
  let clockOffset = 0;

  const startBot = async () => {
    bot = await ChildBot.start({
      dataDir,
      env: {
        COORDINATOR_IDS: COORDINATOR.aadObjectId,
        OUTBOX_INTERVAL_MS: '50',
        NODE_OPTIONS: `--require ${shiftClock}`,
        CRASH_CLOCK_OFFSET_MS: String(clockOffset),
      },
    });
    return bot;
  };

  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-crash-'));
    connector = new GatedConnector();
    await connector.start();
    clockOffset = 0;
  });
  afterEach(async () => {
    await bot?.stop();
    bot = null;
    await connector.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no submitted case, posts each thread once, and keeps drafts resumable across SIGKILLs', async () => {
    const random = makeRandom(SEED);
    const drivers = users.map((u, i) => new RequestDriver(u, i >= 4));
    let running = await startBot();
    let kills = 0;
    let turn = 0;
    // the turns at which the bot dies, spread over the flow (each flow has about 30 turns)
    const killAt = new Set<number>();
    while (killAt.size < KILLS) killAt.add(2 + Math.floor(random() * 26));

    /** Sends one turn; at a kill point, SIGKILLs the bot a few ms into it and restarts it. */
    const playTurn = async (activity: object): Promise<{ outcome: Outcome; callsBefore: number }> => {
      const callsBefore = connector.answered.length;
      if (!killAt.has(turn++)) return { outcome: await post(running.url, activity), callsBefore };
      const inFlight = post(running.url, activity);
      await sleep(Math.floor(random() * 15));
      // answers the bot is waiting for are held, so that what it was told was delivered is recorded
      // before it dies, and what it was not told is not counted (see the note on the outbox below)
      connector.hold();
      await sleep(40);
      running.kill('SIGKILL');
      await running.exited();
      const outcome = await inFlight;
      kills++;
      clockOffset += RESTART_LATER_MS;
      running = await startBot();
      connector.release();
      return { outcome, callsBefore };
    };

    // the coordinator chooses the channel first (asked again if the bot died under it)
    for (let chosen = false; !chosen; ) {
      const { outcome } = await playTurn(makeChannelMessage(connector.url, COORDINATOR, 'cases channel'));
      chosen = outcome.kind === 'answered' && outcome.status === 200;
    }
    // the users take turns, one click each, as people working at the same time
    while (drivers.some((d) => !d.done)) {
      for (const d of drivers.filter((x) => !x.done)) {
        const { outcome, callsBefore } = await playTurn(d.nextRequest(connector.url));
        d.takeOutcome(outcome, connector, callsBefore);
      }
    }
    expect(kills).toBe(KILLS);

    // every submitted request has its case and one thread post, even those posted after a restart
    const references = drivers.filter((d) => d.reference).map((d) => d.reference!);
    expect(references).toHaveLength(4);
    expect(new Set(references).size).toBe(4);
    await waitFor('the case threads', () => references.every((r) => connector.threadPostsOf(r) >= 1));
    // a few outbox ticks more: a second post would show now
    await sleep(500);
    const finalBot = running;
    const exit = await finalBot.stop();
    expect(exit.code).toBe(0);
    bot = null;

    const cases = [...readDocuments(dataDir, 'cases').values()];
    expect(cases.map((c) => c.reference).sort()).toEqual([...references].sort());
    expect(new Set(cases.map((c) => c.draftId)).size).toBe(cases.length);
    for (const r of references) expect(connector.threadPostsOf(r)).toBe(1);
    const outbox = [...readDocuments(dataDir, 'outbox').values()];
    expect(outbox.filter((m) => m.kind === 'case_thread_post').every((m) => m.status === 'sent')).toBe(true);

    // every open draft (the two saved half-way, and any a lost "new request" left behind) resumes
    running = await startBot();
    const open = [...readDocuments(dataDir, 'drafts').values()].filter((d) => d.status === 'open');
    for (const d of drivers.filter((x) => x.stopHalfWay)) {
      expect(open.some((o) => o.ownerId === d.user.aadObjectId && (o.data as any)?.person?.firstName === 'Marie')).toBe(true);
    }
    for (const draft of open) {
      const owner = users.find((u) => u.aadObjectId === draft.ownerId)!;
      const res = await post(running.url, makeCardAction(connector.url, owner, 'draft.resume', { draftId: draft._id }));
      expect(res).toMatchObject({ kind: 'answered', status: 200, body: { type: 'application/vnd.microsoft.card.adaptive' } });
      const data = JSON.stringify((res as { body: any }).body.value);
      expect(data).toContain(String(draft._id));
    }
  }, 120_000);

  it('on SIGTERM, finishes the turn in flight and the outbox send in flight, then exits 0', async () => {
    const running = await startBot();
    expect(await post(running.url, makeChannelMessage(connector.url, COORDINATOR, 'cases channel'))).toMatchObject({ status: 200 });
    // from here on Teams answers slowly: the thread post of the request below will be in flight
    connector.delayMs = 3_000;
    const driver = new RequestDriver(users[0]!, false);
    while (!driver.done) {
      const callsBefore = connector.answered.length;
      driver.takeOutcome(await post(running.url, driver.nextRequest(connector.url)), connector, callsBefore);
    }
    await waitFor('the thread post on the wire', () => connector.received.includes('createConversation'));
    // and a turn whose reply is on the wire too
    const sends = connector.received.filter((m) => m === 'send').length;
    const turn = post(running.url, makeChannelMessage(connector.url, users[1]!, 'hello'));
    await waitFor('the reply on the wire', () => connector.received.filter((m) => m === 'send').length > sends);
    expect(connector.threadPostsOf(driver.reference!)).toBe(0);
    running.kill('SIGTERM');

    expect(await turn).toMatchObject({ kind: 'answered', status: 200 });
    expect(await running.exited()).toEqual({ code: 0, signal: null });
    bot = null;
    // both were answered while the bot was still there to hear it, and it recorded the post
    expect(connector.dropped).toBe(0);
    expect(connector.threadPostsOf(driver.reference!)).toBe(1);
    const outbox = [...readDocuments(dataDir, 'outbox').values()];
    expect(outbox.filter((m) => m.kind === 'case_thread_post').map((m) => m.status)).toEqual(['sent']);
    const [c] = [...readDocuments(dataDir, 'cases').values()];
    expect(c?.thread).toMatchObject({ conversationId: expect.stringMatching(/^19:cases-channel/) });
  }, 60_000);
});
