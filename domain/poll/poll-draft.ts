import { z } from 'zod';
import type { Case } from '../case/case';
import { patternInputSchema, parseInput, slotInputSchema, type DeadlineInput, type PatternInput, type SlotInput } from './inputs';
import { MAX_SLOTS, type Place, type PollParticipant } from './poll';
import { appendSlots } from './rules';
import { expandPattern, makeSlot } from './slots';
import { addCalendarDays } from './wall-clock';
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
export function meetingCycleOf(c: Case): number {
  return 1 + c.statusHistory.filter((s) => s.to === 'held').length;
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

/** The deadline a new draft suggests: a week from today, at 17:00 Brussels time. */
export function suggestDeadline(now: Date): DeadlineInput {
  return { date: addCalendarDays(toBrusselsDate(now), SUGGESTED_ANSWER_DAYS), time: '17:00' };
}
