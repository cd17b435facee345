import { DomainError } from '../errors';
import { parseInput, patternInputSchema, slotInputSchema, type PatternInput, type SlotInput } from './inputs';
import type { Place, Slot } from './poll';
import { addCalendarDays, brusselsWallTimeToInstant, isoWeekdayOf } from './wall-clock';

/**
 * A slot from what the organiser (or a participant proposing one) typed: a Brussels date, start
 * and end time and a place. Start and end are converted to UTC instants across daylight saving:
 * a time that does not exist (the spring gap) is refused with `poll.slot_time_nonexistent`, a time
 * that occurs twice (the autumn change) is its first occurrence (see brusselsWallTimeToInstant).
 * A slot lies within one day: the end is compared as an instant, so it must come after the start.
 *
 * The organiser's slots are accepted at once; a participant's proposal (`proposedBy` set) waits for
 * the organiser to accept it.
 */
export function makeSlot(input: SlotInput, id: string, proposedBy: string | null = null): Slot {
  const slot = parseInput(slotInputSchema, input, 'slot');
  const start = brusselsWallTimeToInstant(slot.date, slot.start);
  const end = brusselsWallTimeToInstant(slot.date, slot.end);
  if (end.getTime() <= start.getTime()) {
    throw new DomainError('poll.slot_end_not_after_start', { date: slot.date, start: slot.start, end: slot.end });
  }
  return { id, start, end, place: slot.place, proposedBy, accepted: proposedBy === null };
}

/**
 * The slot inputs of a repeated pattern: the same times and place on the chosen ISO weekdays
 * (1 = Monday ... 7 = Sunday) from `from` to `until`, both included, in date order. More than
 * `max` slots is refused rather than cut short, so the organiser never loses slots silently; a
 * pattern that yields no date at all is refused too. Each input then goes through makeSlot.
 */
export function expandPattern(pattern: PatternInput, max: number): SlotInput[] {
  const p = parseInput(patternInputSchema, pattern, 'pattern');
  const weekdays = new Set(p.weekdays);
  const inputs: SlotInput[] = [];
  for (let date = p.from; date <= p.until; date = addCalendarDays(date, 1)) {
    if (!weekdays.has(isoWeekdayOf(date))) continue;
    if (inputs.length === max) throw new DomainError('poll.too_many_slots', { max });
    inputs.push({ date, start: p.start, end: p.end, place: p.place });
  }
  if (inputs.length === 0) throw new DomainError('poll.pattern_empty');
  return inputs;
}

/** Two slots at the same times in the same place are the same offer. */
export function isSameSlot(a: Pick<Slot, 'start' | 'end' | 'place'>, b: Pick<Slot, 'start' | 'end' | 'place'>): boolean {
  return a.start.getTime() === b.start.getTime() && a.end.getTime() === b.end.getTime() && isSamePlace(a.place, b.place);
}

function isSamePlace(a: Place, b: Place): boolean {
  if (a.kind === 'address' && b.kind === 'address') return a.text.toLocaleLowerCase('fr') === b.text.toLocaleLowerCase('fr');
  if (a.kind === 'online' && b.kind === 'online') return a.url === b.url;
  return false;
}
