import { z } from 'zod';
import type { Poll, Vote } from './poll';
import { DEFAULT_QUIET_HOURS, isQuietMoment, lastAllowedPeriodStartBefore, nextAllowedMoment, quietHoursSchema, type QuietHours } from './quiet-hours';
import { tallyPoll } from './tally';
import { formatUtcBasic } from './wall-clock';

/**
 * The poll's reminder schedule and the organiser's notices, as pure functions of the poll, its
 * votes and `now`. A job calls them on every tick and puts what is due in the outbox; the
 * idempotency key makes each message go out once, however many ticks or bot instances see it.
 * Keys end with the deadline, so a reopened poll or a moved deadline gets its own reminders.
 */

export interface ReminderConfig {
  /** Hours before the deadline at which people who have not answered are reminded. */
  offsetsHours: readonly number[];
  quiet: QuietHours;
}

export const DEFAULT_REMINDER_CONFIG: ReminderConfig = { offsetsHours: [48, 24], quiet: DEFAULT_QUIET_HOURS };

/**
 * Two reminders closer than this are one too many: quiet hours can push the 48 h reminder of a
 * Tuesday-morning deadline from Sunday to Monday 08:00, an hour before the 24 h one.
 */
export const MIN_REMINDER_GAP_HOURS = 12;

export const reminderConfigSchema = z
  .object({
    offsetsHours: z.array(z.number().int().min(1).max(24 * 30)).max(5),
    quiet: quietHoursSchema,
  })
  .strict();

export interface PlannedReminder {
  offsetHours: number;
  /** deadline - offset */
  nominalAt: Date;
  /** When it is sent, out of quiet hours. */
  at: Date;
}

/**
 * When the reminders of a poll go out, earliest first. Each offset gives a moment `deadline -
 * offset`; a moment in quiet hours moves FORWARD to the start of the next allowed period (08:00 on
 * the next working day by default). If the deadline comes before that, it moves BACK to the start
 * of the last allowed period before the deadline (e.g. Friday 08:00 for a Monday 08:00 deadline):
 * the start, not the last minute, so that a job tick or a restart can never make it miss its
 * window. Reminders stay in offset order: one that would come at, before or too soon after an
 * earlier reminder is merged into it (the earlier one is kept), so nobody gets two reminders in a
 * row. Too soon is less than MIN_REMINDER_GAP_HOURS, or less than the configured offsets are apart
 * (offsets 4 h and 1 h are meant to be 3 h apart and stay so). A moment at or before the opening of the
 * poll (or of its reopened round) is dropped: people have just received the poll.
 */
export function scheduleReminders(poll: Pick<Poll, 'deadline' | 'openedAt'>, config: ReminderConfig): PlannedReminder[] {
  const deadline = poll.deadline.getTime();
  const offsets = [...new Set(config.offsetsHours)].sort((a, b) => b - a);
  const planned: PlannedReminder[] = [];
  for (const offsetHours of offsets) {
    const nominalAt = new Date(deadline - offsetHours * 3_600_000);
    let at: Date | null = nextAllowedMoment(nominalAt, config.quiet);
    if (at.getTime() >= deadline) at = lastAllowedPeriodStartBefore(poll.deadline, config.quiet);
    if (at === null || at.getTime() <= poll.openedAt.getTime()) continue;
    const previous = planned.at(-1);
    if (previous) {
      const minGapHours = Math.min(MIN_REMINDER_GAP_HOURS, previous.offsetHours - offsetHours);
      if (at.getTime() - previous.at.getTime() < minGapHours * 3_600_000 || at.getTime() <= previous.at.getTime()) continue;
    }
    planned.push({ offsetHours, nominalAt, at });
  }
  return planned;
}

/** A participant on Teams is reminded directly; for someone without Teams the organiser is asked to call. */
export type ReminderRecipient =
  | { kind: 'participant'; userId: string }
  | { kind: 'organiser'; userId: string; onBehalfOf: string };

export interface DueReminder {
  /** poll:<poll id>:remind:<participant id>:<offset>h@<deadline, UTC> */
  key: string;
  pollId: string;
  participantId: string;
  to: ReminderRecipient;
  offsetHours: number;
  at: Date;
}

/**
 * The reminders to send now: to every invited participant (required or optional) who has not
 * answered every slot, for the latest planned reminder that is due. Nothing while the poll is not
 * open, once the deadline has passed, or while `now` is in quiet hours (a late job tick waits for
 * the morning). An older reminder that was missed is not sent on top of a newer one.
 */
export function listDueReminders(poll: Poll, votes: readonly Vote[], now: Date, config: ReminderConfig): DueReminder[] {
  if (poll.status !== 'open' || now.getTime() >= poll.deadline.getTime() || isQuietMoment(now, config.quiet)) return [];
  const due = scheduleReminders(poll, config).filter((r) => r.at.getTime() <= now.getTime()).at(-1);
  if (!due) return [];
  const incomplete = new Set(tallyPoll(poll, votes).participants.filter((p) => !p.complete).map((p) => p.participantId));
  return poll.participants
    .filter((p) => incomplete.has(p.id))
    .map((p) => ({
      key: `poll:${poll.id}:remind:${p.id}:${due.offsetHours}h@${formatUtcBasic(poll.deadline)}`,
      pollId: poll.id,
      participantId: p.id,
      to: p.userId !== null ? { kind: 'participant', userId: p.userId } : { kind: 'organiser', userId: poll.organiserId, onBehalfOf: p.id },
      offsetHours: due.offsetHours,
      at: due.at,
    }));
}

export type NoticeKind = 'all_required_answered' | 'deadline_reached';

export interface DueNotice {
  /** poll:<poll id>:notice:<kind>@<deadline, UTC> */
  key: string;
  pollId: string;
  kind: NoticeKind;
  organiserId: string;
}

/**
 * The organiser's notices due now: when every required participant has answered every slot (while
 * the poll is open), and when the deadline has passed (unless the poll was finalised or cancelled
 * before). Quiet hours apply to the organiser too: a notice that comes due at night waits for the
 * next allowed moment.
 */
export function listDueNotices(poll: Poll, votes: readonly Vote[], now: Date, config: ReminderConfig): DueNotice[] {
  if (isQuietMoment(now, config.quiet)) return [];
  const notice = (kind: NoticeKind, name: string): DueNotice => ({
    key: `poll:${poll.id}:notice:${name}@${formatUtcBasic(poll.deadline)}`,
    pollId: poll.id,
    kind,
    organiserId: poll.organiserId,
  });
  const notices: DueNotice[] = [];
  if (poll.status === 'open' && tallyPoll(poll, votes).allRequiredAnswered) notices.push(notice('all_required_answered', 'all-required-answered'));
  if ((poll.status === 'open' || poll.status === 'closed') && now.getTime() >= poll.deadline.getTime()) {
    notices.push(notice('deadline_reached', 'deadline'));
  }
  return notices;
}
