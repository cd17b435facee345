import { z } from 'zod';
import { isBelgianPublicHoliday, PUBLIC_HOLIDAY_SETS, type PublicHolidaySet } from './belgian-holidays';
import { calendarDateSchema, clockTimeSchema, isoWeekdaySchema } from './inputs';
import {
  addCalendarDays,
  brusselsWallTimeToInstantLenient,
  formatClockTime,
  isoWeekdayOf,
  parseClockTime,
  toBrusselsWallTime,
} from './wall-clock';

/**
 * When the bot sends nothing to people: at night, at weekends and on closed days (Belgium's public
 * holidays, known for every year, and the configured closed dates), all in Brussels time. Allowed
 * time is a set of "periods": on an allowed day, the minutes outside the nightly quiet hours.
 */
export interface QuietHours {
  /** HH:mm, Brussels. From `start` to `end` nothing is sent; start > end spans midnight. */
  start: string;
  end: string;
  /** ISO weekdays (1 = Monday ... 7 = Sunday) without any message. */
  days: readonly number[];
  /**
   * Other dates without any message (YYYY-MM-DD), in addition to the public holidays below: a
   * regional holiday (e.g. 15 November), a bridge day, an office closure.
   */
  closedDates: readonly string[];
  /**
   * Built-in public holidays without any message, every year: `be` = Belgium's ten legal public
   * holidays (belgian-holidays.ts); `none` = only `closedDates`.
   */
  publicHolidays: PublicHolidaySet;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '20:00', end: '08:00', days: [6, 7], closedDates: [], publicHolidays: 'be' };

export const quietHoursSchema = z
  .object({
    start: clockTimeSchema,
    end: clockTimeSchema,
    // at least one day a week must allow messages, or nothing could ever be sent
    days: z.array(isoWeekdaySchema).max(6).refine((d) => new Set(d).size === d.length, { message: 'repeated day' }),
    closedDates: z.array(calendarDateSchema).max(100),
    publicHolidays: z.enum(PUBLIC_HOLIDAY_SETS),
  })
  .strict();

const DAY_MINUTES = 24 * 60;
/** How far we look for an allowed period; a valid configuration always has one within two weeks. */
const SEARCH_DAYS = 400;

interface Period {
  start: Date;
  end: Date;
}

/** Whether `date` (YYYY-MM-DD) is closed all day: a configured closed date or a built-in public holiday (not the weekly quiet days). */
export function isClosedDate(date: string, quiet: Pick<QuietHours, 'closedDates' | 'publicHolidays'>): boolean {
  return quiet.closedDates.includes(date) || (quiet.publicHolidays === 'be' && isBelgianPublicHoliday(date));
}

/** Allowed minutes of a day as [from, to) ranges, in order. */
function allowedMinutes(date: string, quiet: QuietHours): [number, number][] {
  if (quiet.days.includes(isoWeekdayOf(date)) || isClosedDate(date, quiet)) return [];
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return [[0, DAY_MINUTES]];
  if (start > end) return [[end, start]];
  // quiet within the day (e.g. 00:00-07:00): allowed before and after it
  return start === 0 ? [[end, DAY_MINUTES]] : [[0, start], [end, DAY_MINUTES]];
}

function periodsOf(date: string, quiet: QuietHours): Period[] {
  const at = (minute: number): Date =>
    minute === DAY_MINUTES
      ? brusselsWallTimeToInstantLenient(addCalendarDays(date, 1), '00:00')
      : brusselsWallTimeToInstantLenient(date, formatClockTime(minute));
  return allowedMinutes(date, quiet).map(([a, b]) => ({ start: at(a), end: at(b) }));
}

/** Whether nothing may be sent at `instant`. */
export function isQuietMoment(instant: Date, quiet: QuietHours): boolean {
  const wall = toBrusselsWallTime(instant);
  return !allowedMinutes(wall.date, quiet).some(([a, b]) => wall.minuteOfDay >= a && wall.minuteOfDay < b);
}

/** `instant` itself when allowed, else the start of the next allowed period. */
export function nextAllowedMoment(instant: Date, quiet: QuietHours): Date {
  if (!isQuietMoment(instant, quiet)) return instant;
  const t = instant.getTime();
  let date = toBrusselsWallTime(instant).date;
  for (let i = 0; i < SEARCH_DAYS; i += 1, date = addCalendarDays(date, 1)) {
    const period = periodsOf(date, quiet).find((p) => p.end.getTime() > t);
    if (period) return new Date(Math.max(period.start.getTime(), t));
  }
  throw new RangeError('quiet hours leave no allowed moment');
}

/**
 * The start of the last allowed period that begins before `instant` (periods that touch across
 * midnight count as one), or null if there is none within the search range.
 */
export function lastAllowedPeriodStartBefore(instant: Date, quiet: QuietHours): Date | null {
  const t = instant.getTime();
  let date = toBrusselsWallTime(instant).date;
  let found: Date | null = null;
  for (let i = 0; i < SEARCH_DAYS; i += 1, date = addCalendarDays(date, -1)) {
    const periods = periodsOf(date, quiet);
    // a whole quiet day ends any period found after it
    if (found !== null && periods.length === 0) return found;
    for (const period of periods.reverse()) {
      if (found === null) {
        if (period.start.getTime() < t) found = period.start;
      } else if (period.end.getTime() === found.getTime()) {
        found = period.start;
      } else {
        return found;
      }
    }
  }
  return found;
}

function minutesOf(time: string): number {
  const clock = parseClockTime(time);
  if (!clock) throw new RangeError(`not a time: ${time}`);
  return clock.hours * 60 + clock.minutes;
}
