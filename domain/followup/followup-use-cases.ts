import type { NewOutboxMessage, Stores } from '../ports';
import type { Case } from '../case/case';
import { referentUserId } from '../report/owners';
import type { MeetingReport } from '../report/report';
import { reportContextOf } from '../report/report-use-cases';
import { DEFAULT_FOLLOW_UP_CONFIG, type FollowUpConfig } from './config';
import { isQuietMoment } from '../poll/quiet-hours';
import { dueReportNotices, evaluationDue, nextFollowUpCheck, weeklyOverviewDue, type ActionNotice } from './schedule';
import { weeklyOverviewOf, weeklyOverviews, type FollowedUpCase, type WeeklyOverview } from './weekly-overview';

/**
 * One tick of the follow-up (jobs/followup-job.ts): the reminders and escalations of agreed
 * actions, the referents' weekly overview and the evaluation cards, as direct cards in the outbox.
 * It reads only the reports whose follow-up check is due (an index on that time; each change of a
 * report makes it due at once, and each tick sets the report's next one), so its cost follows the
 * due work, not the stored reports. It claims each notice by its idempotency key (the outbox refuses
 * a key it has seen: two bot instances, or a re-run, never send twice) and counts what it did; it
 * never logs or returns personal data.
 */
export interface FollowUpDeps {
  stores: Pick<Stores, 'cases' | 'reports' | 'outbox' | 'settings' | 'counters'>;
  config?: FollowUpConfig;
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
  duplicates: number;
  /** 1 when the tick fell in quiet hours and looked at nothing. */
  quiet: number;
}

const NOTICE_VIEWS: Readonly<Record<ActionNotice['kind'], string>> = {
  reminder: 'action_reminder',
  overdue: 'action_overdue',
  escalation: 'action_escalation',
};

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
  const run: FollowUpRun = { reports: 0, reminders: 0, overdue: 0, escalations: 0, weekly: 0, evaluations: 0, duplicates: 0, quiet: 0 };
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
    for (const notice of dueReportNotices(report, ctx, new Set(), now, config)) {
      const counter = notice.kind === 'reminder' ? 'reminders' : notice.kind === 'overdue' ? 'overdue' : 'escalations';
      await enqueue(direct(c, `followup:${c.id}:${notice.key}`, notice.userId, NOTICE_VIEWS[notice.kind]), counter);
    }
    const referent = referentUserId(report.referentEntryId, ctx);
    for (const notice of evaluationDue(report, now, { config })) {
      // a referent without Teams: the organiser, who already gets their own card, calls them
      const userId = notice.role === 'organiser' ? c.organiserId : referent;
      if (!userId || (notice.role === 'referent' && userId === c.organiserId)) continue;
      await enqueue(direct(c, `followup:${notice.key}:${userId}`, userId, 'evaluation'), 'evaluations');
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
