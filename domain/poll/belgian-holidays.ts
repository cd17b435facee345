import { parseCalendarDate } from '../time';

/**
 * Belgium's ten legal public holidays (wettelijke feestdagen / jours fériés légaux), for any year,
 * as pure calendar arithmetic: no list to keep up to date. Regional and community holidays (e.g.
 * 8 May for the Brussels-Capital Region's institutions, 27 September, 15 November) and office
 * closures are not in it: operators add those as closed dates (POLL_CLOSED_DATES).
 */
export type BelgianPublicHoliday =
  | 'new-year'
  | 'easter-monday'
  | 'labour-day'
  | 'ascension'
  | 'whit-monday'
  | 'national-day'
  | 'assumption'
  | 'all-saints'
  | 'armistice'
  | 'christmas';

/** Which built-in public holidays quiet hours know: Belgium's (`be`) or none. */
export const PUBLIC_HOLIDAY_SETS = ['be', 'none'] as const;
export type PublicHolidaySet = (typeof PUBLIC_HOLIDAY_SETS)[number];

/** The first year of the Gregorian calendar: the computus below is only defined from then on. */
const FIRST_YEAR = 1583;
const LAST_YEAR = 9999;

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR) {
    throw new RangeError(`no Gregorian Easter for the year ${year} (${FIRST_YEAR}-${LAST_YEAR})`);
  }
}

/** YYYY-MM-DD of `day` days after the 1st of `month` (1-12) of `year`; day 0 is the 1st. */
function dateOf(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  return `${String(d.getUTCFullYear()).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Easter Sunday (YYYY-MM-DD) of a Gregorian year: the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  checkYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return dateOf(year, month, day);
}

export interface DatedPublicHoliday {
  /** YYYY-MM-DD */
  date: string;
  holiday: BelgianPublicHoliday;
}

/** The ten legal public holidays of `year`, in date order. */
export function belgianPublicHolidays(year: number): DatedPublicHoliday[] {
  const easter = parseCalendarDate(easterSunday(year))!;
  const afterEaster = (days: number): string => dateOf(year, easter.month, easter.day + days);
  const holidays: DatedPublicHoliday[] = [
    { date: dateOf(year, 1, 1), holiday: 'new-year' },
    { date: afterEaster(1), holiday: 'easter-monday' },
    { date: dateOf(year, 5, 1), holiday: 'labour-day' },
    { date: afterEaster(39), holiday: 'ascension' },
    { date: afterEaster(50), holiday: 'whit-monday' },
    { date: dateOf(year, 7, 21), holiday: 'national-day' },
    { date: dateOf(year, 8, 15), holiday: 'assumption' },
    { date: dateOf(year, 11, 1), holiday: 'all-saints' },
    { date: dateOf(year, 11, 11), holiday: 'armistice' },
    { date: dateOf(year, 12, 25), holiday: 'christmas' },
  ];
  // Ascension can fall on 1 May (e.g. 2008): both stay, the order is by date then as listed
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}

/**
 * The holidays' dates per year, computed once: quiet hours ask for every day they look at. The
 * answer depends only on the year, so the cache changes no result; it is bounded anyway.
 */
const byYear = new Map<number, ReadonlySet<string>>();
const BY_YEAR_MAX = 200;

/** The dates (YYYY-MM-DD) of the legal public holidays of `year`. */
export function belgianPublicHolidayDates(year: number): ReadonlySet<string> {
  let dates = byYear.get(year);
  if (!dates) {
    dates = new Set(belgianPublicHolidays(year).map((h) => h.date));
    if (byYear.size >= BY_YEAR_MAX) byYear.clear();
    byYear.set(year, dates);
  }
  return dates;
}

/** Whether `date` (YYYY-MM-DD) is a Belgian legal public holiday. */
export function isBelgianPublicHoliday(date: string): boolean {
  const day = parseCalendarDate(date);
  if (!day) throw new RangeError(`not a calendar date: ${date}`);
  return belgianPublicHolidayDates(day.year).has(date);
}
