import { TZDate } from '@date-fns/tz';

/** All dates a person sees or that rules reason about are Brussels dates. */
export const BRUSSELS_TZ = 'Europe/Brussels';

/** The calendar date (YYYY-MM-DD) in Brussels at the instant `now`. */
export function toBrusselsDate(now: Date): string {
  const d = new TZDate(now.getTime(), BRUSSELS_TZ);
  return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())}`;
}

/** The calendar year in Brussels at the instant `now` (case references are numbered per year). */
export function toBrusselsYear(now: Date): number {
  return new TZDate(now.getTime(), BRUSSELS_TZ).getFullYear();
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a plain calendar date; returns null unless it is a real date (no 2026-02-30). */
export function parseCalendarDate(value: string): { year: number; month: number; day: number } | null {
  const m = ISO_DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1) return null;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return null;
  return { year, month, day };
}
