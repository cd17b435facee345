import type { Case } from '../case/case';
import { toBrusselsDate } from '../time';
import { referentUserId } from '../report/owners';
import { openActions, type AgreedAction, type MeetingReport } from '../report/report';

/**
 * The referent's weekly overview (issue 6): ONE card a week listing the open actions of every case
 * where they are the referent, grouped by case, the overdue ones marked. Pure: which reports and
 * cases exist is read by the use case, `now` only decides what is overdue.
 */

export interface WeeklyAction {
  action: AgreedAction;
  /** Its number in the report (the same as on the report and the case's action card). */
  n: number;
  /** Its due date (Brussels) has passed. */
  overdue: boolean;
}

export interface WeeklyCaseGroup {
  c: Case;
  report: MeetingReport;
  actions: WeeklyAction[];
}

export interface WeeklyOverview {
  /** The referent's Teams user id. */
  userId: string;
  /** By case reference, so the card reads the same every week. */
  cases: WeeklyCaseGroup[];
  open: number;
  overdue: number;
}

/** A report being followed up with its case, as the use case loaded them. */
export interface FollowedUpCase {
  c: Case;
  report: MeetingReport;
}

/** A case whose follow-up is running: in follow-up, data not purged, the report sent and not yet evaluated. */
function isFollowedUp({ c, report }: FollowedUpCase): boolean {
  return !c.purgedAt && c.status === 'follow_up' && c.id === report.caseId && report.status === 'sent' && !report.evaluationOutcome;
}

function groupOf({ c, report }: FollowedUpCase, today: string): WeeklyCaseGroup {
  const actions = openActions(report).map((action) => ({ action, n: report.actions.indexOf(action) + 1, overdue: action.dueDate < today }));
  return { c, report, actions };
}

/**
 * One overview per referent on Teams with at least one open action; a referent without Teams has
 * none (the organiser stands in for them through the reminders). When a case has several sent
 * reports only the latest counts: the caller passes one report per case.
 */
export function weeklyOverviews(items: readonly FollowedUpCase[], now: Date): WeeklyOverview[] {
  const today = toBrusselsDate(now);
  const byUser = new Map<string, WeeklyCaseGroup[]>();
  for (const item of items) {
    if (!isFollowedUp(item)) continue;
    const userId = referentUserId(item.report.referentEntryId, { network: item.c.preparation.network });
    if (userId === null) continue;
    const group = groupOf(item, today);
    if (group.actions.length === 0) continue;
    byUser.set(userId, [...(byUser.get(userId) ?? []), group]);
  }
  return [...byUser.entries()]
    .map(([userId, groups]) => {
      const cases = [...groups].sort((a, b) => a.c.reference.localeCompare(b.c.reference));
      const all = cases.flatMap((g) => g.actions);
      return { userId, cases, open: all.length, overdue: all.filter((a) => a.overdue).length };
    })
    .sort((a, b) => a.userId.localeCompare(b.userId));
}

/** The overview of one referent, or null when nothing of theirs is open. */
export function weeklyOverviewOf(userId: string, items: readonly FollowedUpCase[], now: Date): WeeklyOverview | null {
  return weeklyOverviews(items, now).find((o) => o.userId === userId) ?? null;
}
