import type { Case } from './case';
import { authorize } from './access';
import type { AuditEntry, Stores } from '../ports';
import type { Actor } from './pool-and-assignment';

/**
 * A case's audit trail as people read it: who (a name where the pool knows one), when and what —
 * never the content (ARCHITECTURE.md, privacy by default).
 */
export const ACTOR_KINDS = ['organiser', 'coordinator', 'requester', 'system', 'user'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

export interface ActorLabel {
  kind: ActorKind;
  /** The organiser's name from the pool; null for everyone else (we do not know their names). */
  name: string | null;
  /** Enough of the id to tell two people apart on a card, not enough to look anyone up by it. */
  shortId: string;
}

export interface AuditRow {
  at: Date;
  action: string;
  actor: ActorLabel;
}

export interface KnownActors {
  organiserNames: ReadonlyMap<string, string>;
  requesterId: string;
  isCoordinator(userId: string): boolean;
}

const SYSTEM_IDS = new Set(['system']);

/** The first eight characters of the id without its Teams prefix ("29:"). */
export function shortActorId(actorId: string): string {
  return actorId.replace(/^\d+:/, '').slice(0, 8);
}

export function describeActor(actorId: string, known: KnownActors): ActorLabel {
  const shortId = shortActorId(actorId);
  const name = known.organiserNames.get(actorId);
  if (name) return { kind: 'organiser', name, shortId };
  if (SYSTEM_IDS.has(actorId)) return { kind: 'system', name: null, shortId };
  if (known.isCoordinator(actorId)) return { kind: 'coordinator', name: null, shortId };
  if (actorId === known.requesterId) return { kind: 'requester', name: null, shortId };
  return { kind: 'user', name: null, shortId };
}

export function describeAuditTrail(entries: readonly AuditEntry[], known: KnownActors): AuditRow[] {
  return entries.map((e) => ({ at: e.at, action: e.action, actor: describeActor(e.actorId, known) }));
}

export interface AuditDeps {
  stores: Pick<Stores, 'cases' | 'organisers' | 'audit'>;
  isCoordinator(userId: string): boolean;
}

/**
 * Names of the organisers among the actors: from the pool (removed organisers too), else from the
 * case's assignment history. A purged case's history has no names left, and the pool decides.
 */
export async function findOrganiserNames(deps: AuditDeps, c: Case, actorIds: Iterable<string>): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  // a purged history holds a dash instead of a name: only a text with a letter in it is a name
  for (const a of c.assignments) if (/\p{L}/u.test(a.organiserName)) names.set(a.organiserId, a.organiserName);
  for (const id of new Set(actorIds)) {
    const organiser = await deps.stores.organisers.findById(id);
    if (organiser) names.set(id, organiser.name);
  }
  return names;
}

export async function listAuditRows(deps: AuditDeps, c: Case): Promise<AuditRow[]> {
  const entries = await deps.stores.audit.listByCase(c.id);
  const organiserNames = await findOrganiserNames(deps, c, entries.map((e) => e.actorId));
  return describeAuditTrail(entries, { organiserNames, requesterId: c.requesterId, isCoordinator: deps.isCoordinator });
}

/** The organiser and coordinators may read who did what on a case; reading it is itself recorded. */
export async function viewAuditTrail(deps: AuditDeps, actor: Actor, caseId: string, now: Date): Promise<{ case: Case; rows: AuditRow[] }> {
  const c = authorize(actor.userId, await deps.stores.cases.findById(caseId), 'case.view_audit', actor.isCoordinator);
  await deps.stores.audit.append({ caseId: c.id, at: now, actorId: actor.userId, action: 'audit.viewed' });
  return { case: c, rows: await listAuditRows(deps, c) };
}

/** Finds a case by its typed reference for someone allowed to read its trail. */
export async function findCaseForAudit(deps: AuditDeps, actor: Actor, reference: string): Promise<Case> {
  return authorize(actor.userId, await deps.stores.cases.findByReference(reference), 'case.view_audit', actor.isCoordinator);
}
