import { z } from 'zod';
import { DomainError } from '../errors';
import { parseCalendarDate } from '../time';
import { ANSWERS, MEETING_GOAL_MAX } from './poll';
import { parseClockTime } from './wall-clock';

/**
 * Schemas for what comes in from cards and forms: raw, untrusted input. Everything the poll rules
 * receive has passed one of these. Failures become `validation.invalid` with `poll.*` field names.
 */

// control characters have no place in a place name or a goal and can break what shows them later
const NO_CONTROL_CHARS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/;
const NO_LINE_BREAKS = /^[^\r\n]*$/;

export const ADDRESS_MAX = 200;
export const URL_MAX = 2000;
/** A repeated pattern covers at most a year: longer is a typo, and bounds the work. */
export const PATTERN_MAX_DAYS = 366;

export const calendarDateSchema = z
  .string()
  .refine((v) => parseCalendarDate(v) !== null, { message: 'not a calendar date (YYYY-MM-DD)' });
export const clockTimeSchema = z.string().refine((v) => parseClockTime(v) !== null, { message: 'not a time (HH:mm)' });

/** Online meetings are https links to a real host (a Teams or other meeting link), nothing else. */
export const placeSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('address'),
      text: z.string().trim().min(1).max(ADDRESS_MAX).regex(NO_CONTROL_CHARS).regex(NO_LINE_BREAKS),
    })
    .strict(),
  z
    .object({
      kind: z.literal('online'),
      url: z.string().trim().max(URL_MAX).pipe(z.url({ protocol: /^https$/, hostname: z.regexes.domain })),
    })
    .strict(),
]);

export const slotInputSchema = z
  .object({
    date: calendarDateSchema,
    start: clockTimeSchema,
    end: clockTimeSchema,
    place: placeSchema,
  })
  .strict();
export type SlotInput = z.infer<typeof slotInputSchema>;

/** ISO weekdays: 1 = Monday ... 7 = Sunday. */
export const isoWeekdaySchema = z.number().int().min(1).max(7);

export const patternInputSchema = z
  .object({
    from: calendarDateSchema,
    until: calendarDateSchema,
    weekdays: z.array(isoWeekdaySchema).min(1).max(7),
    start: clockTimeSchema,
    end: clockTimeSchema,
    place: placeSchema,
  })
  .strict()
  .refine((p) => p.from <= p.until, { path: ['until'], message: 'until before from' })
  .refine((p) => daysBetween(p.from, p.until) < PATTERN_MAX_DAYS, { path: ['until'], message: 'pattern longer than a year' });
export type PatternInput = z.infer<typeof patternInputSchema>;

/** A deadline as the organiser types it: a Brussels date and time. */
export const deadlineInputSchema = z.object({ date: calendarDateSchema, time: clockTimeSchema }).strict();
export type DeadlineInput = z.infer<typeof deadlineInputSchema>;

export const pollOptionsSchema = z
  .object({
    resultsVisibleToOrganiserOnly: z.boolean(),
    participantsMayProposeSlots: z.boolean(),
  })
  .strict();

export const meetingGoalSchema = z.string().trim().min(1).max(MEETING_GOAL_MAX).regex(NO_CONTROL_CHARS);

export const voteInputSchema = z
  .object({
    participantId: z.string().min(1).max(100),
    slotId: z.string().min(1).max(100),
    answer: z.enum(ANSWERS),
  })
  .strict();
export type VoteInput = z.infer<typeof voteInputSchema>;

export const finaliseInputSchema = z
  .object({
    slotId: z.string().min(1).max(100),
    /** The organiser saw that a required participant said no for this slot and goes ahead. */
    confirmRequiredNo: z.boolean().default(false),
  })
  .strict();
/** What the organiser's card sends; `confirmRequiredNo` may be left out (false). */
export type FinaliseInput = z.input<typeof finaliseInputSchema>;

/** Parses `raw` or throws `validation.invalid` naming the offending fields as `<prefix>.<path>`. */
export function parseInput<S extends z.ZodType>(schema: S, raw: unknown, prefix: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const fields = [...new Set(parsed.error.issues.map((i) => [prefix, ...i.path.map(String)].join('.')))];
  throw new DomainError('validation.invalid', { fields });
}

function daysBetween(from: string, until: string): number {
  const a = parseCalendarDate(from);
  const b = parseCalendarDate(until);
  if (!a || !b) return 0;
  return (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000;
}
