import { TZDate } from '@date-fns/tz';
import type { Case } from '../case/case';
import { DomainError } from '../errors';
import { findSlot, type Poll, type Slot } from '../poll/poll';
import { meetingCycleOf } from '../poll/poll-draft';
import { BRUSSELS_TZ } from '../time';

/**
 * When may a meeting be marked held? Once it has started: the organiser reports on a meeting that
 * took place, never on one still to come. Pure: the polls and `now` are given.
 */

/**
 * The chosen slot of the meeting the case is scheduled for: the one of the last finalised poll of
 * the meeting being planned (a reschedule finalises that poll again, or a later one of the same
 * meeting). Null when none is known (no poll was used to plan it).
 */
export function scheduledMeetingSlot(c: Case, polls: readonly Poll[]): Slot | null {
  const cycle = meetingCycleOf(c);
  const poll = polls.filter((p) => p.caseId === c.id && p.cycle === cycle && p.status === 'finalised').at(-1);
  if (!poll) return null;
  return (poll.finalSlotId ? findSlot(poll, poll.finalSlotId) : null) ?? poll.calendarEntry?.slot ?? null;
}

/** An instant as a Brussels wall-clock date and time, the same in every language: 18/12/2026 14:00. */
function brusselsDateTime(instant: Date): string {
  const d = new TZDate(instant.getTime(), BRUSSELS_TZ);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Refuses `report.meeting_not_started` (with the start in Brussels time) before the chosen slot's
 * start; a meeting whose date is not known is not refused.
 */
export function assertMeetingStarted(slot: Pick<Slot, 'start'> | null, now: Date): void {
  if (slot && now.getTime() < slot.start.getTime()) throw new DomainError('report.meeting_not_started', { start: brusselsDateTime(slot.start) });
}
