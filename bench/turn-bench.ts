import { loadConfig } from '../config/config';
import { startBot, type RunningBot } from '../main';
import { FakeConnector } from '../test/support/fake-connector';
import { GOOD_INPUTS } from '../test/support/intake-driver';
import { makeCardAction, makePersonalMessage, type TeamsUser } from '../test/crash/teams-activities';
import { checkTarget, percentile, round, type BenchResult } from './bench-result';
import { startEchoBot } from './echo-bot';
import { postJson } from './http-client';
import { makeTempDir } from './temp-dir';

const WARMUP = 300;
/**
 * 6,000 turns per bot: the p99 is the 60th slowest. The machine has slow phases (a slow turn is
 * followed by another slow one 3 times in 4), and with 2,000 turns the p99 ratio depended on which
 * bot's rounds met the worst of them.
 */
const ROUNDS = 60;
const PER_ROUND = 100;
const USER: TeamsUser = { id: '29:bench-nurse', aadObjectId: 'bbbbbbbb-0000-4000-8000-0000000000b1', name: 'Nurse' };

/**
 * One card submit turn over HTTP, the MKO bot against botbuilder's echo bot, both started the same
 * way (restify + CloudAdapter on loopback, no authentication) in this process. The turn is the
 * person step of a request saved with "Next": zod validation, the draft's compare-and-set write to
 * the embedded store, and the next step's card rendered. Each save sends the draft's current
 * version, so every turn is a successful write, never a conflict answer. Both bots are measured in
 * alternating rounds, so that a slow patch of the machine weighs on both alike.
 */
export async function runTurnBench(): Promise<BenchResult> {
  const started = performance.now();
  const connector = new FakeConnector();
  await connector.start();
  const temp = makeTempDir('turn');
  const bot = await startBot(loadConfig({ PORT: '0', DATA_DIR: temp.dir, LOG_LEVEL: 'silent' }));
  const echo = await startEchoBot();
  try {
    const draftId = await openDraft(bot, connector.url);
    let version = 1;
    const saveOnce = async (): Promise<number> => {
      const data = { draftId, v: version, step: 'person', move: 'next', ...GOOD_INPUTS.person };
      const answer = await postJson(`${bot.url}/api/messages`, makeCardAction(connector.url, USER, 'intake.save', data));
      if (answer.status !== 200 || answer.body?.type !== 'application/vnd.microsoft.card.adaptive') {
        throw new Error(`the save was answered ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
      }
      version++;
      return answer.ms;
    };
    const echoOnce = async (): Promise<number> => {
      const data = { draftId, v: version, step: 'person', move: 'next', ...GOOD_INPUTS.person };
      const answer = await postJson(`${echo.url}/api/messages`, makeCardAction(connector.url, USER, 'intake.save', data));
      if (answer.status !== 200) throw new Error(`the echo bot answered ${answer.status}`);
      return answer.ms;
    };

    for (let i = 0; i < WARMUP; i++) {
      await saveOnce();
      await echoOnce();
    }
    const mko: number[] = [];
    const baseline: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < PER_ROUND; i++) baseline.push(await echoOnce());
      for (let i = 0; i < PER_ROUND; i++) mko.push(await saveOnce());
    }
    // every measured turn was a real write: the stored version counts them
    const stored = await bot.stores.drafts.findById(draftId);
    if (stored?.version !== version) throw new Error(`expected draft version ${version}, found ${stored?.version}`);

    const p50 = { mko: percentile(mko, 50), echo: percentile(baseline, 50) };
    const p99 = { mko: percentile(mko, 99), echo: percentile(baseline, 99) };
    return {
      name: 'card-submit-turn',
      title: 'Card submit turn over HTTP: MKO bot vs bare botbuilder echo bot',
      status: 'measured',
      figures: {
        turns_each: mko.length,
        mko_p50_ms: round(p50.mko, 3),
        mko_p99_ms: round(p99.mko, 3),
        echo_p50_ms: round(p50.echo, 3),
        echo_p99_ms: round(p99.echo, 3),
        p50_ratio: round(p50.mko / p50.echo, 2),
        p99_ratio: round(p99.mko / p99.echo, 2),
      },
      targets: [
        checkTarget('p50 MKO / echo', round(p50.mko / p50.echo, 2), '<=', 1.3, 'x'),
        checkTarget('p99 MKO / echo', round(p99.mko / p99.echo, 2), '<=', 1.5, 'x'),
      ],
      notes: [
        `The turn: an Action.Execute invoke "intake.save" of the person step (13 answers) with move "next", on the embedded store; ${WARMUP} warm-up turns, then ${ROUNDS} alternating rounds of ${PER_ROUND} turns per bot.`,
        'Until the evening of 4 December 2026 each bot ran 20 rounds (2,000 turns). The machine has slow phases rather than single slow turns (after a turn slower than the p90, the next one was too 74-91 % of the time), so the p99 ratio depended on which bot\'s rounds met the worst phases: 0.85-1.67x in eight runs that evening, four of them over 1.5x; with 60 rounds, in eight runs interleaved with those, 0.80-1.25x (p50 1.18-1.28x against 1.24-1.31x).',
        'The echo bot answers the same invoke with its verb; it reads nothing and writes nothing. Client, bot and fake connector share this process and loopback.',
        'A turn\'s time runs from sending the request to the last byte of the answer: the client\'s own JSON work (encoding the request, parsing a 2.5 KB card) is not counted (it was until 4 December 2026, about 10-30 µs against the MKO bot).',
        'Where the MKO turn spends its time beyond the echo bot (p50 per turn, wall-clock timers around each step inside the running benchmark, 4 December 2026): onInvokeActivity ~250 µs, of which the draft\'s read ~30 µs and compare-and-set write ~90 µs (the same calls take 4 and 20 µs in a tight loop: in a real turn the CPU caches are cold), the section\'s validation and the missing-field check ~45 µs, and the next step\'s card ~85 µs (~20 µs in a loop). botbuilder\'s own dispatch (run -> onTurnActivity -> onInvokeActivity -> the invoke response) is the same for both bots.',
        'The p99: both bots meet the same number of V8 young-generation collections, 5-12 per 2,000 turns (counted with a gc PerformanceObserver, 4 December 2026), so the MKO turn does not allocate noticeably more. A turn that meets one takes 15-40 ms: botbuilder is compiled to generator-based async code (TypeScript\'s __awaiter) and each collection still finds ~3-9 MB of finished turns\' objects reachable (botbuilder\'s runMiddleware alone, with a no-op bot, keeps 7.6 MB per collection, --trace-gc-nvp). Those are the slowest dozen turns; the p99 (the 20th slowest of 2,000) falls just below them, among turns of 2-3.5 ms for either bot that no collection explains and that move with the machine, hence a p99 ratio of 0.85-2.3x over the runs of 4 December 2026. Rewriting botbuilder\'s generators into async functions at load time cut both bots\' p50 by ~30 % in an experiment, but patching a dependency\'s code at run time is not something this bot does, and it speeds up the echo bot alike.',
      ],
      durationMs: performance.now() - started,
    };
  } finally {
    await echo.stop();
    await bot.stop();
    await connector.stop();
    temp.remove();
  }
}

/** Opens a request the way a user does (typed command), and returns its draft id. */
async function openDraft(bot: RunningBot, serviceUrl: string): Promise<string> {
  const answer = await postJson(`${bot.url}/api/messages`, makePersonalMessage(serviceUrl, USER, 'new request'));
  if (answer.status >= 300) throw new Error(`"new request" was answered ${answer.status}`);
  const [draft] = await bot.stores.drafts.listOpenByOwner(USER.aadObjectId);
  if (!draft) throw new Error('no draft was opened');
  return draft.id;
}
