import { z } from 'zod';
import type { Case } from '../case/case';
import { patternInputSchema, parseInput, slotInputSchema, type DeadlineInput, type PatternInput, type SlotInput } from './inputs';
import { MAX_SLOTS, type Place, type Poll, type PollParticipant } from './poll';
import { appendSlots } from './rules';
import { expandPattern, makeSlot } from './slots';
import { addCalendarDays, toBrusselsWallTime } from './wall-clock';
import { toBrusselsDate } from '../time';

/**
 * What the organiser puts together before the poll goes out: who answers (and who is required), and
 * the slots, added one by one or as a repeated pattern. Pure: the organiser's card carries the
 * draft, and every step is checked again here, so a tampered card can add nothing that is refused.
 */

/** The person is not on Teams and is not a network entry: this is their participant id in every poll. */
export const PERSON_PARTICIPANT_ID = 'person';
export const PERSON_ROLE = 'person';

/** The roles the issue names as usually required besides the person and the referent. */
const GP_ROLE = /\b(gp|huisarts|médecin|medecin|généraliste|generaliste|family doctor|general practitioner)\b/i;

/**
 * The consultation number of the meeting being planned: one more than the meetings held so far, so
 * that a cancelled and re-planned meeting keeps its number (and its calendar entry).
 */
export function meetingCycleOf(c: Pick<Case, 'statusHistory'>): number {
  return 1 + c.statusHistory.filter((s) => s.to === 'held').length;
}

/** The case statuses in which a meeting is being planned or is set: the only ones in which its poll may change. */
export const POLL_CHANGEABLE_CASE_STATUSES = ['planning', 'scheduled'] as const;

/**
 * A poll is frozen once its meeting is no longer being planned: the case has moved on (the meeting
 * was held, the case is in follow-up, closed, withdrawn, back in preparation, purged), or the poll
 * belongs to an earlier meeting of the case. Nothing about a frozen poll changes any more: no
 * answer, no date, no move, no reopening, no cancellation; it stays as the record of its meeting.
 */
export function isPollFrozen(poll: Pick<Poll, 'cycle'>, c: Pick<Case, 'status' | 'statusHistory' | 'purgedAt'>): boolean {
  const planning = (POLL_CHANGEABLE_CASE_STATUSES as readonly string[]).includes(c.status);
  return !planning || Boolean(c.purgedAt) || poll.cycle !== meetingCycleOf(c);
}

/**
 * Who answers the poll: the person (the organiser answers for them) and every INVITED network
 * member, with the suggested required flag: the person, the referent and the GP. The person is
 * listed under the case pseudonym, the name the organiser's cards use for them.
 */
export function listPollCandidates(c: Case): PollParticipant[] {
  const p = c.preparation;
  const person: PollParticipant = { id: PERSON_PARTICIPANT_ID, userId: null, name: c.pseudonym, role: PERSON_ROLE, required: true };
  const members = p.network
    .filter((e) => e.invited)
    .map((e) => ({
      id: e.id,
      userId: e.userId,
      name: e.name,
      role: e.role,
      required: e.id === p.referentEntryId || GP_ROLE.test(e.role),
    }));
  return [person, ...members];
}

/** The candidates with the organiser's choice of required or optional; someone left out keeps the suggestion. */
export function chooseRequired(candidates: readonly PollParticipant[], required: Readonly<Record<string, boolean>>): PollParticipant[] {
  return candidates.map((p) => (Object.prototype.hasOwnProperty.call(required, p.id) ? { ...p, required: required[p.id] === true } : { ...p }));
}

/** One text box for the place: a link is an online meeting, anything else an address. */
export function placeFromText(text: string): Place {
  const trimmed = text.trim();
  return /^https?:\/\//i.test(trimmed) ? { kind: 'online', url: trimmed } : { kind: 'address', text: trimmed };
}

/** The slots a draft holds, as the card sends them back: untrusted, so checked in full. */
export const draftSlotsSchema = z.array(slotInputSchema).max(MAX_SLOTS);

export function parseDraftSlots(raw: unknown): SlotInput[] {
  return parseInput(draftSlotsSchema, raw, 'poll.slots');
}

/**
 * The draft with `added` at the end, after the checks a poll makes: each slot has a real Brussels
 * time, ends after it starts, lies in the future, is not offered twice, and the poll stays within
 * MAX_SLOTS. Throws the coded error of the first slot that fails; the draft is then unchanged.
 */
export function addDraftSlots(draft: readonly SlotInput[], added: readonly SlotInput[], now: Date): SlotInput[] {
  let n = 0;
  const id = (): string => `draft-${++n}`;
  appendSlots(
    draft.map((s) => makeSlot(s, id())),
    added.map((s) => makeSlot(s, id())),
    now,
  );
  return [...draft, ...added];
}

/** The draft with every slot of a repeated pattern added (see expandPattern). */
export function addDraftPattern(draft: readonly SlotInput[], pattern: PatternInput, now: Date): SlotInput[] {
  const checked = parseInput(patternInputSchema, pattern, 'pattern');
  return addDraftSlots(draft, expandPattern(checked, MAX_SLOTS), now);
}

/** The draft without the slot at `index` (nothing happens for an index it does not have). */
export function removeDraftSlot(draft: readonly SlotInput[], index: number): SlotInput[] {
  return draft.filter((_, i) => i !== index);
}

/** Days the organiser's draft suggests for answering: a week, the usual time to reach everyone. */
const SUGGESTED_ANSWER_DAYS = 7;

const SUGGESTED_TIME = '17:00';

/**
 * The deadline a draft suggests, in Brussels time: a week from today at 17:00, or earlier when a date
 * of the draft comes sooner, since people answer before they meet (the poll refuses a date before
 * its deadline): 17:00 the day before the first date, or that date's start when that is already past.
 */
export function suggestDeadline(now: Date, slots: readonly SlotInput[] = []): DeadlineInput {
  const inAWeek: DeadlineInput = { date: addCalendarDays(toBrusselsDate(now), SUGGESTED_ANSWER_DAYS), time: SUGGESTED_TIME };
  const first = [...slots].sort((a, b) => wallKey(a.date, a.start).localeCompare(wallKey(b.date, b.start)))[0];
  if (!first) return inAWeek;
  const dayBefore: DeadlineInput = { date: addCalendarDays(first.date, -1), time: SUGGESTED_TIME };
  const nowWall = toBrusselsWallTime(now);
  const beforeFirst = wallKey(dayBefore.date, dayBefore.time) > wallKey(nowWall.date, nowWall.time) ? dayBefore : { date: first.date, time: first.start };
  return wallKey(beforeFirst.date, beforeFirst.time) < wallKey(inAWeek.date, inAWeek.time) ? beforeFirst : inAWeek;
}

const wallKey = (date: string, time: string): string => `${date} ${time}`;
