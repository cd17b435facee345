import type { NewOutboxMessage, Stores } from '../ports';
import type { Poll } from './poll';
import { closeAtDeadline, isDueForClosing } from './rules';
import { listDueNotices, listDueReminders, type ReminderConfig } from './reminders';
import { organiserCardMessage, participantCardMessage, summaryUpdateMessage, type Delivery } from './poll-messages';
import { findParticipant } from './poll';
import { isPollFrozen } from './poll-draft';

/**
 * One tick of the poll job: close the polls whose deadline passed, and queue the reminders and the
 * organiser's notices that are due (reminders.ts decides which, quiet hours included). Each message
 * carries the schedule's own key, so however many ticks or bot instances see it, it goes out once;
 * a poll is closed with compare-and-set, so two instances never close it twice.
 */
export interface PollReminderDeps {
  stores: Pick<Stores, 'polls' | 'votes' | 'cases' | 'outbox' | 'audit' | 'conversations' | 'settings'>;
}

/** The audit's actor for what the bot does on its own. */
const SYSTEM = 'system';

export async function runPollReminders(deps: PollReminderDeps, now: Date, config: ReminderConfig): Promise<Record<'polls' | 'closed' | 'reminders' | 'notices', number>> {
  const counts = { polls: 0, closed: 0, reminders: 0, notices: 0 };
  for (const found of await deps.stores.polls.listInProgress()) {
    // a case withdrawn, closed, purged or otherwise moved on meanwhile gets no more messages about
    // its poll: the poll is frozen (poll-draft.ts), nobody could answer it any more
    const c = await deps.stores.cases.findById(found.caseId);
    if (!c || isPollFrozen(found, c)) continue;
    counts.polls += 1;
    const poll = await closeIfDue(deps, found, now);
    if (poll.status !== found.status) counts.closed += 1;
    const votes = await deps.stores.votes.listByPoll(poll.id);
    const reminders = listDueReminders(poll, votes, now, config);
    const notices = listDueNotices(poll, votes, now, config);
    if (reminders.length === 0 && notices.length === 0) continue;
    const delivery = await deliveryFor(deps, poll.organiserId);
    const messages: { counter: 'reminders' | 'notices'; message: NewOutboxMessage }[] = [
      ...reminders.map((r) => {
        const p = findParticipant(poll, r.participantId)!;
        // someone without Teams cannot be reminded by the bot: the organiser is asked to call them
        const message =
          r.to.kind === 'participant' && p.userId !== null
            ? participantCardMessage(poll, { ...p, userId: p.userId }, 'reminder', r.key, delivery)
            : organiserCardMessage(poll, r.key, 'call_participant', p.id, delivery);
        return { counter: 'reminders' as const, message };
      }),
      ...notices.map((n) => ({ counter: 'notices' as const, message: organiserCardMessage(poll, n.key, n.kind, null, delivery) })),
    ];
    for (const { counter, message } of messages) {
      if ((await deps.stores.outbox.enqueue(message, now)) === 'queued') counts[counter] += 1;
    }
  }
  return counts;
}

async function closeIfDue(deps: PollReminderDeps, poll: Poll, now: Date): Promise<Poll> {
  if (!isDueForClosing(poll, now)) return poll;
  const closed = closeAtDeadline(poll, now);
  // another instance (or the organiser) changed it meanwhile: the next tick sees the new state
  if (!(await deps.stores.polls.replaceIfVersion(closed, poll.version))) return poll;
  await deps.stores.audit.append({ caseId: poll.caseId, at: now, actorId: SYSTEM, action: 'poll.closed_at_deadline' });
  await deps.stores.outbox.enqueue(summaryUpdateMessage(closed, `v${closed.version}`), now);
  return closed;
}

/**
 * A job has no turn to reply in: it reaches people the way the organiser's own chat does (same bot,
 * tenant and service), else the cases channel's. Participants who never wrote to the bot get the
 * organiser's language until they do.
 */
async function deliveryFor(deps: PollReminderDeps, organiserId: string): Promise<Delivery> {
  const ref = await deps.stores.conversations.findByUser(organiserId);
  if (ref) return { reach: { serviceUrl: ref.serviceUrl, botId: ref.botId, tenantId: ref.tenantId }, locale: ref.locale };
  const channel = await deps.stores.settings.getCasesChannel();
  return { reach: channel ? { serviceUrl: channel.serviceUrl, botId: channel.botId, tenantId: channel.tenantId } : null, locale: channel?.locale ?? 'en' };
}
