import { format } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import { enGB, fr, nlBE } from 'date-fns/locale';
import { BRUSSELS_TZ, parseCalendarDate } from '../domain/time';
import type { UiLanguage } from './i18n';

const DATE_LOCALES = { en: enGB, nl: nlBE, fr } as const;

/** An instant as a Brussels date and time, in the reader's language (e.g. "23 nov. 2026, 17:05"). */
export function formatDateTime(lang: UiLanguage, instant: Date): string {
  // a poll's deadline is shown on each of its cards: format each instant once (as formatSlot does)
  const key = `${lang}|${instant.getTime()}`;
  const known = formattedInstants.get(key);
  if (known !== undefined) return known;
  const text = format(new TZDate(instant.getTime(), BRUSSELS_TZ), 'PPp', { locale: DATE_LOCALES[lang] });
  if (formattedInstants.size >= FORMATTED_INSTANTS_MAX) formattedInstants.clear();
  formattedInstants.set(key, text);
  return text;
}

const FORMATTED_INSTANTS_MAX = 5_000;
const formattedInstants = new Map<string, string>();

/** A calendar date (YYYY-MM-DD) in the reader's language; no time zone applies to it. */
export function formatCalendarDate(lang: UiLanguage, value: string): string {
  const d = parseCalendarDate(value);
  if (!d) return value;
  return format(new Date(d.year, d.month - 1, d.day), 'PP', { locale: DATE_LOCALES[lang] });
}

/**
 * A meeting slot in Brussels time, in the reader's language: "Sunday 28 March 2027, 10:00–11:30".
 * A slot lies within one day, so the date is written once.
 */
export function formatSlot(lang: UiLanguage, start: Date, end: Date): string {
  // every card of a poll shows the same few slots again and again: format each once
  const key = `${lang}|${start.getTime()}|${end.getTime()}`;
  const known = formattedSlots.get(key);
  if (known !== undefined) return known;
  const from = new TZDate(start.getTime(), BRUSSELS_TZ);
  const until = new TZDate(end.getTime(), BRUSSELS_TZ);
  const text = `${format(from, 'EEEE d MMMM yyyy', { locale: DATE_LOCALES[lang] })}, ${format(from, 'HH:mm')}–${format(until, 'HH:mm')}`;
  if (formattedSlots.size >= FORMATTED_SLOTS_MAX) formattedSlots.clear();
  formattedSlots.set(key, text);
  return text;
}

const FORMATTED_SLOTS_MAX = 5_000;
const formattedSlots = new Map<string, string>();
