import { TZDate, tzOffset } from '@date-fns/tz';
import { DomainError } from '../errors';
import { BRUSSELS_TZ, parseCalendarDate } from '../time';

/**
 * Brussels wall-clock time <-> UTC instants. People type and read local times; we store instants.
 * Nothing here reads the process time zone, so the result is the same on any server.
 */

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export type WallTimeResolution =
  | { kind: 'unique'; instant: Date }
  /** Happens once a year, on the autumn change day (02:00-02:59 occurs twice). */
  | { kind: 'ambiguous'; first: Date; second: Date }
  /**
   * Happens once a year, on the spring change day (02:00-02:59 is skipped). `afterGap` is the time
   * read with the offset before the gap, as RFC 5545 (3.3.5) does: 02:30 becomes 03:30 summer time.
   */
  | { kind: 'nonexistent'; afterGap: Date };

export function parseClockTime(time: string): { hours: number; minutes: number } | null {
  const m = HH_MM.exec(time);
  return m ? { hours: Number(m[1]), minutes: Number(m[2]) } : null;
}

/** Every instant at which the Brussels clock shows `date` `time` (0, 1 or 2 of them). */
export function resolveBrusselsWallTime(date: string, time: string): WallTimeResolution {
  const day = parseCalendarDate(date);
  const clock = parseClockTime(time);
  if (!day || !clock) throw new RangeError(`not a wall time: ${date} ${time}`);
  // the wall time read as if it were UTC; the real instant is this minus the offset in force then
  const asUtc = Date.UTC(day.year, day.month - 1, day.day, clock.hours, clock.minutes);
  // Brussels changes offset at most once in any two days, so the offsets a day either side cover
  // every offset that can apply to this wall time
  const offsets = [...new Set([asUtc - DAY, asUtc, asUtc + DAY].map((t) => tzOffset(BRUSSELS_TZ, new Date(t))))];
  const instants = offsets
    .map((offset) => asUtc - offset * MINUTE)
    .filter((t, i) => tzOffset(BRUSSELS_TZ, new Date(t)) === offsets[i])
    .sort((a, b) => a - b);
  const [first, second] = instants;
  if (first === undefined) {
    return { kind: 'nonexistent', afterGap: new Date(asUtc - tzOffset(BRUSSELS_TZ, new Date(asUtc - DAY)) * MINUTE) };
  }
  if (second === undefined) return { kind: 'unique', instant: new Date(first) };
  return { kind: 'ambiguous', first: new Date(first), second: new Date(second) };
}

/**
 * The instant of a Brussels wall time someone chose. A time that does not exist (the spring gap)
 * is rejected: we do not guess what the organiser meant. A time that occurs twice (the autumn
 * change) is its FIRST occurrence, still summer time: this is how RFC 5545 (3.3.5) tells calendar
 * programs to read a local DTSTART with a TZID, so the stored instant and the .ics always agree.
 */
export function brusselsWallTimeToInstant(date: string, time: string): Date {
  const resolved = resolveBrusselsWallTime(date, time);
  switch (resolved.kind) {
    case 'unique':
      return resolved.instant;
    case 'ambiguous':
      return resolved.first;
    case 'nonexistent':
      throw new DomainError('poll.slot_time_nonexistent', { date, time });
  }
}

/**
 * Like brusselsWallTimeToInstant but total, for configured boundaries such as quiet hours: a time
 * in the spring gap is read with the offset before the gap (RFC 5545 3.3.5), i.e. just after it.
 */
export function brusselsWallTimeToInstantLenient(date: string, time: string): Date {
  const resolved = resolveBrusselsWallTime(date, time);
  if (resolved.kind === 'unique') return resolved.instant;
  if (resolved.kind === 'ambiguous') return resolved.first;
  return resolved.afterGap;
}

export interface BrusselsWallTime {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm */
  time: string;
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  isoWeekday: number;
  /** Minutes since local midnight as the clock shows it (02:30 is 150 both times on the autumn day). */
  minuteOfDay: number;
  seconds: number;
}

/** What the Brussels clock shows at `instant`. */
export function toBrusselsWallTime(instant: Date): BrusselsWallTime {
  const d = new TZDate(instant.getTime(), BRUSSELS_TZ);
  const day = d.getDay();
  return {
    date: `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`,
    time: `${pad2(d.getHours())}:${pad2(d.getMinutes())}`,
    isoWeekday: day === 0 ? 7 : day,
    minuteOfDay: d.getHours() * 60 + d.getMinutes(),
    seconds: d.getSeconds(),
  };
}

/** The calendar date `days` after `date` (YYYY-MM-DD arithmetic, no time zone involved). */
export function addCalendarDays(date: string, days: number): string {
  const day = parseCalendarDate(date);
  if (!day) throw new RangeError(`not a calendar date: ${date}`);
  const d = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a calendar date. */
export function isoWeekdayOf(date: string): number {
  const day = parseCalendarDate(date);
  if (!day) throw new RangeError(`not a calendar date: ${date}`);
  const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** Minutes of the day -> HH:mm (1440 is not a clock time; callers use the next day's 00:00). */
export function formatClockTime(minuteOfDay: number): string {
  return `${pad2(Math.floor(minuteOfDay / 60))}:${pad2(minuteOfDay % 60)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** An instant in UTC basic format, as RFC 5545 writes it: 20271031T013000Z. */
export function formatUtcBasic(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}
