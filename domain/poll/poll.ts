/**
 * The availability poll (DOMAIN.md, process step 4; issue 5): the organiser offers slots, the
 * invited network answers yes / if need be / no per slot, the organiser picks one and invites.
 *
 * Votes are NOT part of the poll document: they are stored one per (poll, participant, slot), so
 * that many people voting at the same moment never read-modify-write the poll.
 */

export const POLL_STATUSES = ['open', 'closed', 'finalised', 'cancelled'] as const;
export type PollStatus = (typeof POLL_STATUSES)[number];

export const ANSWERS = ['yes', 'if_need_be', 'no'] as const;
export type Answer = (typeof ANSWERS)[number];

/** Limits that keep one poll (and the cards that show it) a sensible size. */
export const MAX_SLOTS = 40;
export const MAX_PARTICIPANTS = 30;
export const MEETING_GOAL_MAX = 500;

export type Place = { kind: 'address'; text: string } | { kind: 'online'; url: string };

export interface Slot {
  id: string;
  /** UTC instants; shown in Europe/Brussels. */
  start: Date;
  end: Date;
  place: Place;
  /** The participant id of whoever proposed it; null when the organiser added it. */
  proposedBy: string | null;
  /** A participant's proposal is not voted on or ranked until the organiser accepts it. */
  accepted: boolean;
}

export interface PollParticipant {
  /** The network entry id (case preparation). */
  id: string;
  /** Teams (Entra) user id; null when not on Teams: the organiser answers on their behalf. */
  userId: string | null;
  name: string;
  role: string;
  required: boolean;
}

export interface PollOptions {
  resultsVisibleToOrganiserOnly: boolean;
  participantsMayProposeSlots: boolean;
}

/**
 * What the participants' calendars hold for this meeting: the slot of the last .ics sent and
 * whether that .ics was a cancellation. It is kept across a reopen and handed from one poll to the
 * next poll of the same meeting, so that a reschedule or a cancel always updates the same entry.
 */
export interface CalendarEntry {
  slot: Slot;
  cancelled: boolean;
}

export interface Poll {
  id: string;
  caseId: string;
  /** The consultation number within the case (a case may have several meetings). */
  cycle: number;
  /** The organiser's Teams user id. */
  organiserId: string;
  meetingGoal: string;
  slots: Slot[];
  participants: PollParticipant[];
  deadline: Date;
  options: PollOptions;
  status: PollStatus;
  /** The chosen slot of this poll; null until finalised and again after a reopen. */
  finalSlotId: string | null;
  /** Stable per meeting (case + cycle), see meetingUid. */
  icsUid: string;
  /** SEQUENCE of the last .ics sent for this meeting (0 before any). */
  icsSequence: number;
  calendarEntry: CalendarEntry | null;
  /** When the current answer round opened (creation or last reopen); no reminder comes before it. */
  openedAt: Date;
  createdAt: Date;
  version: number;
}

export interface Vote {
  pollId: string;
  participantId: string;
  slotId: string;
  answer: Answer;
  /** The user who recorded it: the participant, or the organiser on behalf of someone. */
  recordedBy: string;
  recordedAt: Date;
}

/**
 * The calendar UID of a meeting. Derived from the case and the consultation number so that every
 * poll for the same meeting (a reopen or a new poll) updates the same calendar entry. The case id
 * is an opaque id, never personal data.
 */
export function meetingUid(caseId: string, cycle: number): string {
  return `mko-${caseId}-${cycle}@mko-bot`;
}

/** The key a vote is stored under: one answer per participant and slot. */
export function voteKey(vote: Pick<Vote, 'pollId' | 'participantId' | 'slotId'>): string {
  return `${vote.pollId}:${vote.participantId}:${vote.slotId}`;
}

export function findSlot(poll: Pick<Poll, 'slots'>, slotId: string): Slot | null {
  return poll.slots.find((s) => s.id === slotId) ?? null;
}

export function findParticipant(poll: Pick<Poll, 'participants'>, participantId: string): PollParticipant | null {
  return poll.participants.find((p) => p.id === participantId) ?? null;
}

/** The participant a Teams user answers as, if they are invited. */
export function findParticipantByUser(poll: Pick<Poll, 'participants'>, userId: string): PollParticipant | null {
  return poll.participants.find((p) => p.userId !== null && p.userId === userId) ?? null;
}

/** Slots people vote on and that are ranked: proposals wait for the organiser's acceptance. */
export function acceptedSlots(poll: Pick<Poll, 'slots'>): Slot[] {
  return poll.slots.filter((s) => s.accepted);
}

/** A vote recorded by someone else than the participant: shown as "recorded by the organiser". */
export function isRecordedOnBehalf(poll: Pick<Poll, 'participants'>, vote: Vote): boolean {
  const participant = findParticipant(poll, vote.participantId);
  return participant === null || participant.userId !== vote.recordedBy;
}
