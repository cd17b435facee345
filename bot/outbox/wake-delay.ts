/**
 * How long the dispatcher sleeps after a pass: until the next message falls due, but never longer
 * than the interval (a message queued by another instance, or with no kick, is picked up then) and
 * never so short that a message due at once spins the loop.
 */
export const MIN_WAKE_MS = 20;

export function computeWakeDelayMs(nextDueAt: Date | null, now: Date, intervalMs: number): number {
  if (!nextDueAt) return intervalMs;
  const untilDue = nextDueAt.getTime() - now.getTime();
  return Math.min(intervalMs, Math.max(MIN_WAKE_MS, untilDue));
}
