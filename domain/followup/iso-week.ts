import { parseCalendarDate } from '../time';
import { addCalendarDays, isoWeekdayOf } from '../poll/wall-clock';

/**
 * The ISO 8601 week of a Brussels calendar date, e.g. 2027-W01 for Monday 4 January 2027 and
 * 2026-W53 for Friday 1 January 2027: the week belongs to the year of its Thursday. The weekly
 * overview is sent once per referent per such week, so its idempotency key carries it.
 */
export function isoWeekOf(date: string): string {
  const thursday = addCalendarDays(date, 4 - isoWeekdayOf(date));
  const d = parseCalendarDate(thursday);
  if (!d) throw new RangeError(`not a calendar date: ${date}`);
  const dayOfYear = (Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(d.year, 0, 1)) / 86_400_000 + 1;
  const week = Math.floor((dayOfYear - 1) / 7) + 1;
  return `${d.year}-W${week < 10 ? '0' : ''}${week}`;
}
