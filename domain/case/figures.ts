import type { Case } from './case';
import type { CaseStatus } from './status';
import { isFinalStatus } from './status';
import { REFUSAL_REASONS, type RefusalReason } from './eligibility';
import { DOMAINS, SECTORS, isUntouchedRequest, type Domain, type Sector } from './request';
import { BACKGROUNDS, type Background, type Organiser } from './organisers';
import { DomainError } from '../errors';
import type { Draft, Stores } from '../ports';
import { toBrusselsYear } from '../time';
import { EXPIRED_DRAFTS_PREFIX, readExpiredDrafts } from './retention';
import { shortActorId } from './audit-trail';
import type { Actor } from './pool-and-assignment';

/**
 * The coordinator's figures (DOMAIN.md, "Figures that people report"; the 2021 activity report in
 * seeds/004): requests by what became of them, by sector and domain, by year; consultations held;
 * the organisers' workload and the pool. Pure: the figures are those at the instant `now`.
 */

/** What became of a request, in the words of the activity report. */
export const REQUEST_OUTCOMES = ['followed', 'incomplete', 'refused', 'awaiting_assignment', 'withdrawn'] as const;
export type RequestOutcome = (typeof REQUEST_OUTCOMES)[number];

/** One row per status, so that a status added to the table cannot be forgotten here. */
const OUTCOME_OF_STATUS: Readonly<Record<CaseStatus, Exclude<RequestOutcome, 'incomplete'>>> = {
  // submitDraft decides at once; a case never waits in "submitted", but if it did it would wait here
  submitted: 'awaiting_assignment',
  refused: 'refused',
  awaiting_assignment: 'awaiting_assignment',
  assigned: 'followed',
  preparing: 'followed',
  planning: 'followed',
  scheduled: 'followed',
  held: 'followed',
  follow_up: 'followed',
  closed: 'followed',
  withdrawn: 'withdrawn',
};

export function outcomeOfStatus(status: CaseStatus): Exclude<RequestOutcome, 'incomplete'> {
  return OUTCOME_OF_STATUS[status];
}

export const NOT_GIVEN = 'not_given';
export type SectorKey = Sector | typeof NOT_GIVEN;
export type DomainKey = Domain | typeof NOT_GIVEN;
export const SECTOR_KEYS: readonly SectorKey[] = [...SECTORS, NOT_GIVEN];
export const DOMAIN_KEYS: readonly DomainKey[] = [...DOMAINS, NOT_GIVEN];

export interface YearFigures {
  year: number;
  requests: number;
  byOutcome: Record<RequestOutcome, number>;
  /** Meetings held in that year. */
  consultationsHeld: number;
}

export interface OrganiserLoad {
  organiserId: string;
  /** From the pool; an organiser who left it keeps the name of their last assignment, else a short id. */
  name: string;
  openCases: number;
  inPool: boolean;
}

export interface Figures {
  generatedAt: Date;
  /** The Brussels year the request figures are limited to; null for all years. */
  year: number | null;
  requests: number;
  byOutcome: Record<RequestOutcome, number>;
  /** Refused requests per reason; a request refused for two reasons counts under both. */
  refusedByReason: Record<RefusalReason, number>;
  /** Submitted requests per sector (an incomplete request has not said yet); several per request. */
  bySector: Record<SectorKey, number>;
  byDomain: Record<DomainKey, number>;
  /** Every year with requests, oldest first, whatever `year` is. */
  byYear: YearFigures[];
  /** Meetings held (each time a case reached "held"), in `year` when one is given. */
  consultationsHeld: number;
  /** Cases with at least one meeting held (in `year` when one is given). */
  casesWithConsultation: number;
  /** Open cases per organiser now (not limited to `year`): the pool's current workload. */
  openCasesByOrganiser: OrganiserLoad[];
  organisersInPool: number;
  poolByBackground: Record<Background, number>;
}

export interface FiguresOptions {
  /** The pool (listPool): names, and the organisers counted in it. */
  pool?: readonly Organiser[];
  /** Drafts deleted by the retention job, per Brussels year of creation: still "incomplete". */
  expiredDrafts?: ReadonlyMap<number, number>;
  year?: number | null;
}

const zeroes = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** The status the case had at `now` (its history may hold later entries when `now` is in the past). */
export function statusAt(c: Case, now: Date): CaseStatus | null {
  if (c.submittedAt.getTime() > now.getTime()) return null;
  let status: CaseStatus | null = null;
  for (const h of c.statusHistory) if (h.at.getTime() <= now.getTime()) status = h.to;
  return status ?? c.status;
}

/**
 * The case's meetings marked held up to `now`, each at the instant it took place: its chosen slot's
 * start when known (a December meeting marked held in January counts in December's year), else the
 * moment it was marked held.
 */
export function meetingsHeld(c: Case, now: Date): Date[] {
  return c.statusHistory.filter((h) => h.to === 'held' && h.at.getTime() <= now.getTime()).map((h) => h.meetingAt ?? h.at);
}

function yearRow(rows: Map<number, YearFigures>, year: number): YearFigures {
  let row = rows.get(year);
  if (!row) {
    row = { year, requests: 0, byOutcome: zeroes(REQUEST_OUTCOMES), consultationsHeld: 0 };
    rows.set(year, row);
  }
  return row;
}

function countOrganiserLoads(cases: readonly Case[], pool: readonly Organiser[], now: Date): OrganiserLoad[] {
  const loads = new Map<string, OrganiserLoad>();
  for (const o of pool) if (o.status !== 'removed') loads.set(o.id, { organiserId: o.id, name: o.name, openCases: 0, inPool: true });
  for (const c of cases) {
    const status = statusAt(c, now);
    if (!c.organiserId || status === null || isFinalStatus(status)) continue;
    let load = loads.get(c.organiserId);
    if (!load) {
      const named = [...c.assignments].reverse().find((a) => a.organiserId === c.organiserId && /\p{L}/u.test(a.organiserName));
      load = { organiserId: c.organiserId, name: named?.organiserName ?? shortActorId(c.organiserId), openCases: 0, inPool: false };
      loads.set(c.organiserId, load);
    }
    load.openCases++;
  }
  return [...loads.values()].sort((a, b) => b.openCases - a.openCases || a.name.localeCompare(b.name, 'fr') || a.organiserId.localeCompare(b.organiserId));
}

export function computeFigures(cases: readonly Case[], openDrafts: readonly Draft[], now: Date, options: FiguresOptions = {}): Figures {
  const year = options.year ?? null;
  const pool = (options.pool ?? []).filter((o) => o.status !== 'removed');
  const inYear = (y: number) => year === null || y === year;
  const figures: Figures = {
    generatedAt: now,
    year,
    requests: 0,
    byOutcome: zeroes(REQUEST_OUTCOMES),
    refusedByReason: zeroes(REFUSAL_REASONS),
    bySector: zeroes(SECTOR_KEYS),
    byDomain: zeroes(DOMAIN_KEYS),
    byYear: [],
    consultationsHeld: 0,
    casesWithConsultation: 0,
    openCasesByOrganiser: countOrganiserLoads(cases, pool, now),
    organisersInPool: pool.length,
    poolByBackground: zeroes(BACKGROUNDS),
  };
  for (const o of pool) figures.poolByBackground[o.background]++;
  const years = new Map<number, YearFigures>();

  const countRequest = (requestYear: number, outcome: RequestOutcome, count = 1): boolean => {
    const row = yearRow(years, requestYear);
    row.requests += count;
    row.byOutcome[outcome] += count;
    if (!inYear(requestYear)) return false;
    figures.requests += count;
    figures.byOutcome[outcome] += count;
    return true;
  };

  for (const c of cases) {
    const meetings = meetingsHeld(c, now);
    for (const at of meetings) yearRow(years, toBrusselsYear(at)).consultationsHeld++;
    const meetingsInYear = meetings.filter((at) => inYear(toBrusselsYear(at))).length;
    figures.consultationsHeld += meetingsInYear;
    if (meetingsInYear > 0) figures.casesWithConsultation++;

    const status = statusAt(c, now);
    if (status === null) continue;
    const outcome = outcomeOfStatus(status);
    if (!countRequest(toBrusselsYear(c.submittedAt), outcome)) continue;
    if (outcome === 'refused') for (const r of c.refusalReasons) figures.refusedByReason[r]++;
    const sectors: readonly SectorKey[] = c.request.situation?.sectors ?? [];
    const domains: readonly DomainKey[] = c.domains;
    for (const s of sectors.length ? sectors : [NOT_GIVEN] as const) figures.bySector[s]++;
    for (const d of domains.length ? domains : [NOT_GIVEN] as const) figures.byDomain[d]++;
  }
  for (const d of openDrafts) {
    if (d.status !== 'open' || d.createdAt.getTime() > now.getTime() || isUntouchedRequest(d.data)) continue;
    countRequest(toBrusselsYear(d.createdAt), 'incomplete');
  }
  for (const [draftYear, count] of options.expiredDrafts ?? []) countRequest(draftYear, 'incomplete', count);

  figures.byYear = [...years.values()].sort((a, b) => a.year - b.year);
  return figures;
}

export interface FiguresDeps {
  stores: Pick<Stores, 'cases' | 'drafts' | 'organisers' | 'counters'>;
}

/** The figures for a coordinator; everyone else is told they are not available. */
export async function getFigures(deps: FiguresDeps, actor: Actor, year: number | null, now: Date): Promise<Figures> {
  if (!actor.isCoordinator) throw new DomainError('access.denied');
  const { stores } = deps;
  const [cases, drafts, pool, counters] = await Promise.all([
    stores.cases.listAll(),
    stores.drafts.listOpen(),
    stores.organisers.listPool(),
    stores.counters.listByPrefix(EXPIRED_DRAFTS_PREFIX),
  ]);
  return computeFigures(cases, drafts, now, { pool, expiredDrafts: readExpiredDrafts(counters), year });
}
