import { subDays } from 'date-fns';
import { TZDate } from '@date-fns/tz';
import type { Case } from './case';
import type { CaseStatus } from './status';
import type { Draft, Stores } from '../ports';
import { BRUSSELS_TZ, toBrusselsYear } from '../time';
import { purgePersonalData, savePurgedCase } from './person-data';
import { isUntouchedRequest } from './request';

/**
 * How long personal data is kept once a case is over (DOMAIN.md, process step 8: "personal data is
 * kept no longer than needed"). Two years by default; the operator sets RETENTION_DAYS.
 */
export const DEFAULT_RETENTION_DAYS = 730;

/** A case is over in these statuses: nothing more will happen to it, so its clock can start. */
export const PURGEABLE_STATUSES: readonly CaseStatus[] = ['closed', 'refused', 'withdrawn'];

/** The actor id of automatic work in status histories and audit trails. */
export const SYSTEM_ACTOR = 'system';

/**
 * The instant `retentionDays` Brussels calendar days before `now`, at the same Brussels wall-clock
 * time: "two years" stays two years of days even when a daylight-saving change lies in between.
 */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  if (!Number.isInteger(retentionDays) || retentionDays < 1) throw new RangeError('retentionDays must be a whole number of days, at least 1');
  return new Date(subDays(new TZDate(now.getTime(), BRUSSELS_TZ), retentionDays).getTime());
}

/** When the case entered its final status (the last entry of its history), or null while it runs. */
export function endedAt(c: Case): Date | null {
  if (!PURGEABLE_STATUSES.includes(c.status)) return null;
  return c.statusHistory.at(-1)?.at ?? c.updatedAt;
}

/** Cases over for longer than the retention period whose personal data is still there. */
export function findCasesToPurge(cases: readonly Case[], now: Date, retentionDays: number): Case[] {
  const cutoff = retentionCutoff(now, retentionDays).getTime();
  return cases.filter((c) => {
    const ended = endedAt(c);
    // strictly before: a case that ended exactly one period ago is not "longer ago" yet
    return !c.purgedAt && ended !== null && ended.getTime() < cutoff;
  });
}

/** Requests left unfinished (not touched) for longer than the retention period. */
export function findDraftsToDelete(drafts: readonly Draft[], now: Date, retentionDays: number): Draft[] {
  const cutoff = retentionCutoff(now, retentionDays).getTime();
  return drafts.filter((d) => d.status === 'open' && d.updatedAt.getTime() < cutoff);
}

/**
 * A deleted draft still counts as an "incomplete" request in the figures of its year; this counter
 * keeps that number (and nothing else) once the draft itself is gone.
 */
export const EXPIRED_DRAFTS_PREFIX = 'expired-drafts-';

export function expiredDraftsCounterName(year: number): string {
  return `${EXPIRED_DRAFTS_PREFIX}${year}`;
}

/** The counters read back as drafts-deleted per Brussels year of creation. */
export function readExpiredDrafts(counters: ReadonlyMap<string, number>): Map<number, number> {
  const byYear = new Map<number, number>();
  for (const [name, count] of counters) {
    const year = Number(name.slice(EXPIRED_DRAFTS_PREFIX.length));
    if (name.startsWith(EXPIRED_DRAFTS_PREFIX) && Number.isInteger(year)) byYear.set(year, count);
  }
  return byYear;
}

export interface RetentionDeps {
  stores: Pick<Stores, 'cases' | 'drafts' | 'counters' | 'audit' | 'outbox' | 'polls' | 'votes' | 'reports'>;
}

/** What one run did: counts only, so that it can be logged. */
export interface RetentionRun {
  purgedCases: number;
  deletedDrafts: number;
  /** Items another instance (or a user) changed between our read and our write; the next run sees them again. */
  skipped: number;
}

/**
 * The retention job's use case. Every item is claimed with compare-and-set on its version, so two
 * instances running at once never both act on it, and a second run finds nothing left to do.
 */
export async function runRetention(deps: RetentionDeps, now: Date, retentionDays: number): Promise<RetentionRun> {
  const { stores } = deps;
  const run: RetentionRun = { purgedCases: 0, deletedDrafts: 0, skipped: 0 };
  const [cases, drafts] = await Promise.all([stores.cases.listAll(), stores.drafts.listOpen()]);
  for (const c of findCasesToPurge(cases, now, retentionDays)) {
    const done = await savePurgedCase(stores, c, purgePersonalData(c, now), SYSTEM_ACTOR, ['case.purged'], now);
    if (done) run.purgedCases++;
    else run.skipped++;
  }
  for (const d of findDraftsToDelete(drafts, now, retentionDays)) {
    if (await stores.drafts.deleteIfVersion(d.id, d.version)) {
      // counted after the claim: a crash in between loses one count, never counts one twice
      if (!isUntouchedRequest(d.data)) await stores.counters.next(expiredDraftsCounterName(toBrusselsYear(d.createdAt)));
      run.deletedDrafts++;
    } else {
      run.skipped++;
    }
  }
  return run;
}
