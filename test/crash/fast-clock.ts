/**
 * Preloaded into the bot's process (`node --require`) to run its wall clock fast: simulated time is
 * CRASH_CLOCK_START + (real time - CRASH_CLOCK_ANCHOR_MS) x CRASH_CLOCK_SPEED, so an hour of jobs
 * passes in a minute and two processes given the same three values share one simulated clock.
 *
 * The job scheduler (node-cron) waits for "the next quarter hour" with a timer computed from the
 * clock, so its timers are shortened by the same factor, and end a little early: node-cron skips a
 * slot it wakes more than a simulated second after (a sixtieth of a real second here), and wakes
 * again by itself when it is early. Every other timer (the outbox's polling, HTTP and database
 * timeouts) keeps its real length. As in shift-clock.ts, the fast Date takes over once the bot's
 * modules have loaded (mongoose compares field types with the Date it saw at load time).
 */
const speed = Number(process.env.CRASH_CLOCK_SPEED ?? 1);
const start = Date.parse(process.env.CRASH_CLOCK_START ?? '');
const anchor = Number(process.env.CRASH_CLOCK_ANCHOR_MS ?? Number.NaN);

/** How much earlier than its simulated moment a scheduler timer fires, in real ms. */
const EARLY_MS = 100;

/** Whether the timer being set is the job scheduler's (node-cron's), from the caller's stack. */
function isSchedulerTimer(): boolean {
  return new Error().stack?.includes('node_modules/node-cron/') ?? false;
}

if (speed > 1 && Number.isFinite(start) && Number.isFinite(anchor)) {
  const RealDate = Date;
  const simulatedNow = () => Math.floor(start + (RealDate.now() - anchor) * speed);
  class FastDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(simulatedNow());
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return simulatedNow();
    }
  }
  const realSetTimeout = globalThis.setTimeout;
  const fastSetTimeout = (handler: (...a: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    realSetTimeout(handler, typeof ms === 'number' && isSchedulerTimer() ? Math.max(0, ms / speed - EARLY_MS) : ms, ...args);
  globalThis.setTimeout = Object.assign(fastSetTimeout, realSetTimeout) as typeof setTimeout;
  setImmediate(() => {
    globalThis.Date = FastDate as DateConstructor;
  });
}
