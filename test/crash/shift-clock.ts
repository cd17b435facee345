/**
 * Preloaded into the bot's process (`node --require`) to move its clock forward by
 * CRASH_CLOCK_OFFSET_MS: a restart "a minute later" without waiting a minute, so that the leases of
 * messages the killed process was sending have run out, as they would have after a real outage.
 * Only the wall clock moves; timers and performance.now() are untouched. The shifted Date takes
 * over once the bot's modules have loaded, since schema libraries (mongoose) compare their field
 * types with the Date they saw at load time.
 */
const offset = Number(process.env.CRASH_CLOCK_OFFSET_MS ?? 0);

if (offset !== 0) {
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...(args as [string | number | Date]));
    }
    static override now(): number {
      return RealDate.now() + offset;
    }
  }
  setImmediate(() => {
    globalThis.Date = ShiftedDate as DateConstructor;
  });
}
