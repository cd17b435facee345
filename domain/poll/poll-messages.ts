import type { NewOutboxMessage } from '../ports';
import type { Reach } from '../case/pool-and-assignment';
import type { Poll, PollParticipant } from './poll';

/**
 * The outbox messages of the availability poll. Each names a view and the poll; the card is
 * rendered when it is sent, from the poll as it is then and in the recipient's language, so the
 * outbox holds no personal data. Every key is an idempotency key: one message per event, ever.
 */

/** Why a participant gets their poll card (again). */
export const PARTICIPANT_NOTICES = ['invited', 'reminder', 'slot_added', 'reopened', 'deadline_changed'] as const;
export type ParticipantNotice = (typeof PARTICIPANT_NOTICES)[number];

/** Why the organiser gets their poll card. */
export const ORGANISER_NOTICES = ['all_required_answered', 'deadline_reached', 'call_participant', 'proposal'] as const;
export type OrganiserNotice = (typeof ORGANISER_NOTICES)[number];

/** What happened to the meeting, told in the case thread. */
export const THREAD_EVENTS = ['scheduled', 'rescheduled', 'reopened', 'cancelled'] as const;
export type ThreadEvent = (typeof THREAD_EVENTS)[number];

/** How a direct card reaches someone who never wrote to the bot, and the language to use until they do. */
export interface Delivery {
  reach: Reach | null;
  locale: string;
}

function directCard(poll: Poll, key: string, userId: string, view: string, extra: Record<string, unknown>, delivery: Delivery): NewOutboxMessage {
  return {
    key,
    kind: 'direct_card',
    caseId: poll.caseId,
    userId,
    payload: { view, pollId: poll.id, ...extra, locale: delivery.locale, teamsUserId: userId, ...(delivery.reach ?? {}) },
  };
}

/** The poll card of one participant on Teams, under `key` (the reminder schedule names its own keys). */
export function participantCardMessage(poll: Poll, p: PollParticipant & { userId: string }, notice: ParticipantNotice, key: string, delivery: Delivery): NewOutboxMessage {
  return directCard(poll, key, p.userId, 'poll_vote', { participantId: p.id, notice }, delivery);
}

/** The poll card of every participant on Teams; `tag` tells the event apart (a round, an added slot). */
export function participantCardMessages(poll: Poll, notice: ParticipantNotice, tag: string, delivery: Delivery): NewOutboxMessage[] {
  return onTeams(poll).map((p) => participantCardMessage(poll, p, notice, `poll:${poll.id}:card:${p.id}:${tag}`, delivery));
}

/** The organiser's card with a notice; `key` comes from the event (the reminder schedule names its own). */
export function organiserCardMessage(poll: Poll, key: string, notice: OrganiserNotice, participantId: string | null, delivery: Delivery): NewOutboxMessage {
  return directCard(poll, key, poll.organiserId, 'poll_manage', { notice, participantId }, delivery);
}

/**
 * The invitation, its update after a reschedule, or the cancellation, to every participant on
 * Teams. The key carries the calendar sequence: each new .ics is announced once.
 */
export function invitationMessages(poll: Poll, delivery: Delivery): NewOutboxMessage[] {
  const state = poll.calendarEntry === null ? 'poll-cancelled' : poll.calendarEntry.cancelled ? 'cancel' : 'request';
  return onTeams(poll).map((p) =>
    directCard(poll, `poll:${poll.id}:invitation:${p.id}:${state}:seq${poll.icsSequence}`, p.userId, 'poll_invitation', { participantId: p.id }, delivery),
  );
}

/** The live summary card in the case thread, posted once per poll. */
export function summaryPostKey(poll: Pick<Poll, 'id'>): string {
  return `poll:${poll.id}:summary`;
}

export function summaryPostMessage(poll: Poll): NewOutboxMessage {
  return { key: summaryPostKey(poll), kind: 'case_thread_card', caseId: poll.caseId, userId: null, payload: { view: 'poll_summary', pollId: poll.id } };
}

/**
 * Brings the thread's summary card up to date; `tag` names the change (a poll version or a vote
 * event). The update renders the poll as it is when sent, so while one waits, the next is not
 * queued (coalesce): 200 votes in a minute are a few updates of the card, not 200 posts against
 * the channel's rate limit.
 */
export function summaryUpdateMessage(poll: Poll, tag: string): NewOutboxMessage {
  return {
    key: `${summaryPostKey(poll)}:update:${tag}`,
    coalesce: `${summaryPostKey(poll)}:update`,
    kind: 'case_thread_card_update',
    caseId: poll.caseId,
    userId: null,
    payload: { view: 'poll_summary', pollId: poll.id, postKey: summaryPostKey(poll) },
  };
}

/** A reply in the case thread about the meeting (dates only: the place may be someone's home). */
export function threadEventMessage(poll: Poll, event: ThreadEvent): NewOutboxMessage {
  return {
    key: `poll:${poll.id}:thread:${event}:v${poll.version}`,
    kind: 'case_thread_card',
    caseId: poll.caseId,
    userId: null,
    payload: { view: 'poll_event', pollId: poll.id, event },
  };
}

function onTeams(poll: Poll): (PollParticipant & { userId: string })[] {
  return poll.participants.filter((p): p is PollParticipant & { userId: string } => p.userId !== null);
}
