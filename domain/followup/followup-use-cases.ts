import type { NewOutboxMessage, Stores } from '../ports';
import type { Case } from '../case/case';
import { referentUserId } from '../report/owners';
import { findParticipant, type MeetingReport } from '../report/report';
import { reportContextOf } from '../report/report-use-cases';
import { DEFAULT_FOLLOW_UP_CONFIG, type FollowUpConfig } from './config';
import { isQuietMoment } from '../poll/quiet-hours';
import { dueReportNotices, evaluationDue, nextFollowUpCheck, weeklyOverviewDue, type ActionNotice, type EvaluationNotice, type EvaluationNoticeKind } from './schedule';
import { coalesceNotices, noticeMarker, noticeMarkerPrefix, singleNoticeKey } from './coalesce';
import { weeklyOverviewOf, weeklyOverviews, type FollowedUpCase, type WeeklyOverview } from './weekly-overview';

/**
 * One tick of the follow-up (jobs/followup-job.ts): the reminders and escalations of agreed
 * actions (one message per person, case and kind of notice: coalesce.ts), the referents' weekly
 * overview, the evaluation cards and, while an evaluation stays unrecorded, its reminders and the
 * coordinators' escalation, as direct cards in the outbox.
 * It reads only the reports whose follow-up check is due (an index on that time; each change of a
 * report makes it due at once, and each tick sets the report's next one), so its cost follows the
 * due work, not the stored reports. It claims each notice by its idempotency key (the outbox refuses
 * a key it has seen: two bot instances, or a re-run, never send twice) and counts what it did; it
 * never logs or returns personal data.
 */
export interface FollowUpDeps {
  stores: Pick<Stores, 'cases' | 'reports' | 'outbox' | 'settings' | 'counters'>;
  config?: FollowUpConfig;
  /** The coordinators' Teams user ids (COORDINATOR_IDS): told when an evaluation stays unrecorded (schedule.ts evaluationDue). */
  coordinatorIds?: readonly string[];
}

export interface FollowUpOptions {
  /**
   * Look at every report being followed up, not only the due ones: the first tick after a start
   * does, because the follow-up's timing may have changed with the environment (FOLLOWUP_*) and a
   * report written by an older version has no check time yet.
   */
  everyReport?: boolean;
}

export interface FollowUpRun {
  /** Reports looked at (their check was due, or every report on a first tick). */
  reports: number;
  reminders: number;
  overdue: number;
  escalations: number;
  weekly: number;
  evaluations: number;
  /** Reminders of an evaluation nobody recorded, to the organiser and the evaluator. */
  evaluationReminders: number;
  /** The coordinators told of an evaluation still unrecorded. */
  evaluationEscalations: number;
  duplicates: number;
  /** 1 when the tick fell in quiet hours and looked at nothing. */
  quiet: number;
}

const NOTICE_VIEWS: Readonly<Record<ActionNotice['kind'], string>> = {
  reminder: 'action_reminder',
  overdue: 'action_overdue',
  escalation: 'action_escalation',
};
const NOTICE_COUNTERS: Readonly<Record<ActionNotice['kind'], keyof FollowUpRun>> = { reminder: 'reminders', overdue: 'overdue', escalation: 'escalations' };

/** The evaluation card; the same card with a reminder notice; the coordinators' short notice (bot/outbox/report-direct-views.ts). */
const EVALUATION_VIEWS: Readonly<Record<EvaluationNoticeKind, string>> = {
  card: 'evaluation',
  reminder: 'evaluation_reminder',
  escalation: 'evaluation_escalation',
};
const EVALUATION_COUNTERS: Readonly<Record<EvaluationNoticeKind, keyof FollowUpRun>> = {
  card: 'evaluations',
  reminder: 'evaluationReminders',
  escalation: 'evaluationEscalations',
};

/**
 * Who gets an evaluation notice: the organiser; the referent and the named evaluator on Teams
 * unless they are the organiser (who gets their own; a referent or evaluator without Teams is
 * called by the organiser); every coordinator but the organiser.
 */
function evaluationRecipients(notice: EvaluationNotice, organiserId: string | null, referent: string | null, evaluator: string | null, coordinators: readonly string[]): string[] {
  const users =
    notice.role === 'organiser' ? [organiserId] : notice.role === 'referent' ? [referent] : notice.role === 'evaluator' ? [evaluator] : [...new Set(coordinators)];
  return users.filter((u): u is string => Boolean(u) && (notice.role === 'organiser' || u !== organiserId));
}

/**
 * Which of the due notices were sent before: booked by a counter (coalesce.ts), or, for a notice of
 * an older version or one whose booking a crash cut short, its own message's key is in the outbox.
 */
async function sentNotices(stores: Pick<Stores, 'counters' | 'outbox'>, caseId: string, due: readonly ActionNotice[]): Promise<Set<string>> {
  const booked = await stores.counters.listByPrefix(noticeMarkerPrefix(caseId));
  const sent = new Set<string>();
  for (const notice of due) {
    if (booked.has(noticeMarker(notice)) || (await stores.outbox.findByKey(singleNoticeKey(notice)))) sent.add(notice.key);
  }
  return sent;
}

/**
 * How long a report whose case is not (or not yet) in follow-up waits before it is looked at again:
 * sending a report writes the report, then moves the case, and a tick in between must not leave the
 * first reminders a day late; a case that left follow-up otherwise costs one read an hour.
 */
const CASE_NOT_FOLLOWED_RECHECK_MS = 3_600_000;

/**
 * The week's overviews are done once all of them are queued: a counter of that name then exists.
 * A counter is the one named fact both stores keep atomically; its value does not matter.
 */
const weeklyDoneMarker = (isoWeek: string) => `followup-weekly-overview:${isoWeek}`;

async function weeklyOverviewsDone(stores: Pick<Stores, 'counters'>, isoWeek: string): Promise<boolean> {
  const marker = weeklyDoneMarker(isoWeek);
  return (await stores.counters.listByPrefix(marker)).has(marker);
}

export async function runFollowUp(deps: FollowUpDeps, now: Date, options: FollowUpOptions = {}): Promise<FollowUpRun> {
  const config = deps.config ?? DEFAULT_FOLLOW_UP_CONFIG;
  const run: FollowUpRun = { reports: 0, reminders: 0, overdue: 0, escalations: 0, weekly: 0, evaluations: 0, evaluationReminders: 0, evaluationEscalations: 0, duplicates: 0, quiet: 0 };
  // nothing goes out at night or at weekends: the due checks stay due until the morning
  if (isQuietMoment(now, config.quiet)) return { ...run, quiet: 1 };
  const { stores } = deps;
  // a user who never wrote to the bot is reached through the bot's registration in the cases channel's tenant
  const channel = await stores.settings.getCasesChannel();
  const reach = channel ? { serviceUrl: channel.serviceUrl, botId: channel.botId, tenantId: channel.tenantId } : {};
  const enqueue = async (m: NewOutboxMessage, counter: keyof FollowUpRun) => {
    if ((await stores.outbox.enqueue(m, now)) === 'queued') run[counter] += 1;
    else run.duplicates += 1;
  };
  const direct = (c: Case, key: string, userId: string, view: string): NewOutboxMessage => ({
    key,
    kind: 'direct_card',
    caseId: c.id,
    userId,
    payload: { view, teamsUserId: userId, ...reach },
  });

  const reports: MeetingReport[] = options.everyReport ? await stores.reports.listFollowingUp() : await stores.reports.listFollowUpDue(now);
  for (const report of reports) {
    const c = await stores.cases.findById(report.caseId);
    if (!c || c.purgedAt || c.status !== 'follow_up') {
      // e.g. read between the report's send and the case's move to follow-up: look again later
      await stores.reports.setFollowUpCheck(report.caseId, report.cycle, report.version, new Date(now.getTime() + CASE_NOT_FOLLOWED_RECHECK_MS));
      continue;
    }
    run.reports += 1;
    const ctx = reportContextOf(c);
    const due = dueReportNotices(report, ctx, new Set(), now, config);
    const sent = due.length > 0 ? await sentNotices(stores, c.id, due) : new Set<string>();
    // identical cards for one person are one message (coalesce.ts); each notice is booked as sent after it
    for (const group of coalesceNotices(due)) {
      const fresh = group.notices.filter((n) => !sent.has(n.key));
      if (fresh.length === 0) {
        run.duplicates += 1;
        continue;
      }
      const message = direct(c, group.key, group.userId, NOTICE_VIEWS[group.kind]);
      if (group.notices.length > 1) message.payload.notices = group.notices.length;
      await enqueue(message, NOTICE_COUNTERS[group.kind]);
      // a crash before these leaves them unbooked: the re-run sees the same due notices, the same key, and is refused
      for (const notice of fresh) await stores.counters.next(noticeMarker(notice));
    }
    const referent = referentUserId(report.referentEntryId, ctx);
    // the named evaluator while still invited (evaluation.ts mayEvaluate), when on Teams
    const evaluator = findParticipant(ctx, report.evaluation?.who ?? null)?.userId ?? null;
    for (const notice of evaluationDue(report, now, { config })) {
      for (const userId of evaluationRecipients(notice, c.organiserId, referent, evaluator, deps.coordinatorIds ?? [])) {
        await enqueue(direct(c, `followup:${notice.key}:${userId}`, userId, EVALUATION_VIEWS[notice.kind]), EVALUATION_COUNTERS[notice.kind]);
      }
    }
    // only after its notices are queued: a crash before this leaves the check due, and the re-run's keys are refused
    await stores.reports.setFollowUpCheck(report.caseId, report.cycle, report.version, nextFollowUpCheck(report, now, config));
  }

  const weekly = weeklyOverviewDue(now, null, config);
  if (weekly && !(await weeklyOverviewsDone(stores, weekly.isoWeek))) {
    // one card per referent and ISO week, whatever the number of their cases; the card is
    // rendered when sent (the outbox holds no report content), so the message only needs a case
    // to hang on: the first of the overview, whose organiser hears of it if it cannot be delivered
    for (const overview of weeklyOverviews(await loadFollowedUpCases(stores), now)) {
      await enqueue(direct(overview.cases[0]!.c, `followup:${weekly.key}:${overview.userId}`, overview.userId, 'weekly_overview'), 'weekly');
    }
    await stores.counters.next(weeklyDoneMarker(weekly.isoWeek));
  }
  return run;
}

/**
 * The reports being followed up with their cases, one per case (its latest sent report). Read
 * through the index of reports being followed up, so the cost follows the running follow-ups.
 */
export async function loadFollowedUpCases(stores: Pick<Stores, 'cases' | 'reports'>): Promise<FollowedUpCase[]> {
  const latest = new Map<string, MeetingReport>();
  for (const report of await stores.reports.listFollowingUp()) {
    const seen = latest.get(report.caseId);
    if (!seen || seen.cycle < report.cycle) latest.set(report.caseId, report);
  }
  const items: FollowedUpCase[] = [];
  for (const report of latest.values()) {
    const c = await stores.cases.findById(report.caseId);
    if (c) items.push({ c, report });
  }
  return items;
}

/** The weekly overview of `userId` as it is now (sent by the outbox, or opened from a card); null when nothing is open. */
export async function loadWeeklyOverview(stores: Pick<Stores, 'cases' | 'reports'>, userId: string, now: Date): Promise<WeeklyOverview | null> {
  return weeklyOverviewOf(userId, await loadFollowedUpCases(stores), now);
}

/**
 * The referent opens their overview (from the weekly card, or after answering on it): a read of
 * every case it lists, so each is audited. Someone who is nobody's referent simply has nothing open.
 */
export async function viewWeeklyOverview(stores: Pick<Stores, 'cases' | 'reports' | 'audit'>, actor: { userId: string }, now: Date): Promise<WeeklyOverview | null> {
  const overview = await loadWeeklyOverview(stores, actor.userId, now);
  for (const group of overview?.cases ?? []) await stores.audit.append({ caseId: group.c.id, at: now, actorId: actor.userId, action: 'actions.viewed' });
  return overview;
}
