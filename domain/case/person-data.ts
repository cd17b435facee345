import { DomainError } from '../errors';
import type { Case } from './case';
import { transitionCase } from './case';
import type { AssignmentRecord } from './assignment';
import type { Preparation } from './preparation';
import { startPreparation } from './preparation';
import type { RequestData, SituationInfo } from './request';
import { isFinalStatus } from './status';
import { authorize } from './access';
import { listAuditRows, type AuditDeps, type AuditRow } from './audit-trail';
import { refreshRootCard, type Actor } from './pool-and-assignment';
import type { Stores } from '../ports';
import type { Poll, Vote } from '../poll/poll';
import type { MeetingReport } from '../report/report';

/**
 * The person's data in one case: what is kept when it is purged (retention period over, or erased
 * on request), and what an export holds. Purging keeps exactly what the anonymous figures need:
 * status and its history, domains, sectors, urgency, year, refusal reasons, assignment outcomes.
 */

/** Stands where a name or a pseudonym was. */
export const PURGED = '—';

/** The request without the person, the requester's contact, the free text and the network. */
function keepAnonymousRequest(request: RequestData): RequestData {
  const s = request.situation ?? {};
  const situation: SituationInfo = {};
  if (s.domains) situation.domains = s.domains;
  if (s.sectors) situation.sectors = s.sectors;
  if (s.urgency) situation.urgency = s.urgency;
  const kept: RequestData = { situation };
  // the requester's role (professional, the person, a carer) says who asks, not who they are
  if (request.requester?.role) kept.requester = { role: request.requester.role };
  return kept;
}

/**
 * Starts from an empty preparation, so that a field added to the preparation later is emptied too
 * unless it is listed here as anonymous. What stays is when things were done and by which staff
 * member; the goals, strengths, meeting goal and network are the person's and go.
 */
function keepAnonymousPreparation(p: Preparation): Preparation {
  return {
    ...startPreparation([], () => PURGED),
    consent: p.consent,
    personPreparedAt: p.personPreparedAt,
    personPreparedBy: p.personPreparedBy,
    referentConfirmedAt: p.referentConfirmedAt,
  };
}

function keepAnonymousAssignment(a: AssignmentRecord): AssignmentRecord {
  return {
    organiserId: a.organiserId,
    organiserName: PURGED,
    assignedBy: a.assignedBy,
    assignedAt: a.assignedAt,
    // a neutrality override reason is free text about the person's network
    overrideReason: null,
    outcome: a.outcome,
    decidedAt: a.decidedAt,
  };
}

/**
 * The case with its personal data removed. Every field is listed on purpose: a field added to Case
 * later stops this from compiling until someone decides whether it is personal.
 */
export function purgePersonalData(c: Case, now: Date): Case {
  return {
    id: c.id,
    reference: c.reference,
    year: c.year,
    seq: c.seq,
    draftId: c.draftId,
    // the requester may be the person themself: their Teams id goes with the rest
    requesterId: PURGED,
    tenantId: c.tenantId,
    status: c.status,
    // a meeting's date stays: the figures count the consultation in its year
    statusHistory: c.statusHistory.map((h) => ({ from: h.from, to: h.to, at: h.at, by: h.by === c.requesterId ? PURGED : h.by, ...(h.meetingAt ? { meetingAt: h.meetingAt } : {}) })),
    request: keepAnonymousRequest(c.request),
    refusalReasons: c.refusalReasons,
    pseudonym: PURGED,
    domains: c.domains,
    urgency: c.urgency,
    locale: c.locale,
    thread: c.thread,
    organiserId: c.organiserId,
    assignments: c.assignments.map(keepAnonymousAssignment),
    preparation: keepAnonymousPreparation(c.preparation),
    submittedAt: c.submittedAt,
    updatedAt: now,
    purgedAt: now,
    version: c.version + 1,
  };
}

/**
 * Writes a purged case: compare-and-set on the version read, so a case changed (or purged) in the
 * meantime is left for the next attempt. Returns false when it lost that race.
 */
export async function savePurgedCase(
  stores: Pick<Stores, 'cases' | 'drafts' | 'audit' | 'outbox' | 'polls' | 'votes' | 'reports'>,
  before: Case,
  after: Case,
  actorId: string,
  actions: readonly string[],
  now: Date,
): Promise<boolean> {
  // the submitted draft is a copy of the request: it goes first, so that no crash can leave it
  // behind a case that says it is purged
  await stores.drafts.delete(before.draftId);
  // polls and reports name the network, hold the meeting goal, places and what was said
  await stores.votes.deleteByPolls(await stores.polls.deleteByCase(before.id));
  await stores.reports.deleteByCase(before.id);
  if (!(await stores.cases.replaceIfVersion(after, before.version))) return false;
  for (const action of actions) await stores.audit.append({ caseId: after.id, at: now, actorId, action });
  // the root card in the cases channel shows the pseudonym: it becomes a dash too
  await stores.outbox.enqueue(refreshRootCard(after), now);
  return true;
}

/** What else the bot holds on the case: its meeting polls with their answers, and its meeting reports. */
export interface CaseRecords {
  polls: readonly Poll[];
  votes: readonly Vote[];
  reports: readonly MeetingReport[];
}

const NO_RECORDS: CaseRecords = { polls: [], votes: [], reports: [] };

/** Everything the bot holds about the person in this case, as plain JSON values. */
export function buildPersonExport(c: Case, trail: readonly AuditRow[], now: Date, records: CaseRecords = NO_RECORDS): Record<string, unknown> {
  return {
    format: 'mko-person-data/1',
    exportedAt: now.toISOString(),
    reference: c.reference,
    pseudonym: c.pseudonym,
    status: c.status,
    submittedAt: c.submittedAt.toISOString(),
    purgedAt: c.purgedAt ? c.purgedAt.toISOString() : null,
    statusHistory: c.statusHistory.map((h) => ({ from: h.from, to: h.to, at: h.at.toISOString(), ...(h.meetingAt ? { meetingAt: h.meetingAt.toISOString() } : {}) })),
    refusalReasons: c.refusalReasons,
    domains: c.domains,
    urgency: c.urgency,
    request: c.request,
    preparation: toPlainJson(c.preparation),
    assignments: c.assignments.map((a) => ({
      organiser: a.organiserName,
      assignedAt: a.assignedAt.toISOString(),
      outcome: a.outcome,
      decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
      overrideReason: a.overrideReason,
    })),
    // the polls name the network and the places; the reports hold the situation, the actions, the
    // crisis plan and who attended: all of it is the person's data too
    polls: records.polls.map((p) => ({ ...toPlainJson(p), votes: toPlainJson(records.votes.filter((v) => v.pollId === p.id)) })),
    reports: toPlainJson(records.reports),
    auditTrail: trail.map((r) => ({
      at: r.at.toISOString(),
      action: r.action,
      actor: r.actor.name ?? `${r.actor.kind} ${r.actor.shortId}`,
    })),
  };
}

/** Dates become ISO strings, as everywhere in the export. */
function toPlainJson(value: unknown): Record<string, unknown> {
  return JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
}

async function readCaseRecords(stores: Pick<Stores, 'polls' | 'votes' | 'reports'>, caseId: string): Promise<CaseRecords> {
  const [polls, reports] = await Promise.all([stores.polls.listByCase(caseId), stores.reports.listByCase(caseId)]);
  const votes = (await Promise.all(polls.map((p) => stores.votes.listByPoll(p.id)))).flat();
  return { polls, votes, reports };
}

export interface PersonDataDeps extends AuditDeps {
  stores: Pick<Stores, 'cases' | 'drafts' | 'organisers' | 'audit' | 'outbox' | 'polls' | 'votes' | 'reports'>;
}

/** Which case: by the reference a coordinator typed, or by the id a card carries. */
export type CaseLookup = { reference: string } | { caseId: string };

async function findCase(deps: PersonDataDeps, lookup: CaseLookup): Promise<Case | null> {
  return 'reference' in lookup ? deps.stores.cases.findByReference(lookup.reference) : deps.stores.cases.findById(lookup.caseId);
}

/** A coordinator opens the person-data card of a case; the read is recorded. */
export async function openPersonData(deps: PersonDataDeps, actor: Actor, lookup: CaseLookup, now: Date): Promise<Case> {
  const c = authorize(actor.userId, await findCase(deps, lookup), 'case.export', actor.isCoordinator);
  await deps.stores.audit.append({ caseId: c.id, at: now, actorId: actor.userId, action: 'case.viewed' });
  return c;
}

/** The case a coordinator is about to erase (for the confirmation card); nothing is written. */
export async function findCaseToErase(deps: PersonDataDeps, actor: Actor, caseId: string): Promise<Case> {
  return authorize(actor.userId, await deps.stores.cases.findById(caseId), 'case.erase', actor.isCoordinator);
}

export async function exportPersonData(deps: PersonDataDeps, actor: Actor, caseId: string, now: Date): Promise<{ case: Case; data: Record<string, unknown> }> {
  const c = authorize(actor.userId, await deps.stores.cases.findById(caseId), 'case.export', actor.isCoordinator);
  await deps.stores.audit.append({ caseId: c.id, at: now, actorId: actor.userId, action: 'person.exported' });
  return { case: c, data: buildPersonExport(c, await listAuditRows(deps, c), now, await readCaseRecords(deps.stores, c.id)) };
}

/** The confirmation a coordinator types: the case reference, however it is cased or spaced. */
export function isEraseConfirmed(c: Case, confirmation: string): boolean {
  return confirmation.trim().toUpperCase() === c.reference;
}

/**
 * Erases the person's data on request (the same purge as at the end of the retention period). A
 * running case is withdrawn first, when the status table allows it; an erased case stays erased.
 */
export async function erasePersonData(
  deps: PersonDataDeps,
  actor: Actor,
  caseId: string,
  confirmation: string,
  now: Date,
): Promise<{ case: Case; alreadyErased: boolean }> {
  const c = authorize(actor.userId, await deps.stores.cases.findById(caseId), 'case.erase', actor.isCoordinator);
  if (c.purgedAt) return { case: c, alreadyErased: true };
  if (!isEraseConfirmed(c, confirmation)) throw new DomainError('erase.not_confirmed');
  const ended = isFinalStatus(c.status) ? c : transitionCase(c, 'withdrawn', actor.userId, now);
  const after = purgePersonalData(ended, now);
  const actions = ended === c ? ['person.erased'] : ['case.withdrawn', 'person.erased'];
  if (!(await savePurgedCase(deps.stores, c, after, actor.userId, actions, now))) throw new DomainError('case.conflict');
  return { case: after, alreadyErased: false };
}
