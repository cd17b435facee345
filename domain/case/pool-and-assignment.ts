import { DomainError } from '../errors';
import type { Case } from './case';
import type { Organiser, OrganiserInput, OrganiserStatus } from './organisers';
import { organiserInputSchema } from './organisers';
import { answerAssignment, assignOrganiser, rankOrganisers, releaseOrganiser, type Suggestion } from './assignment';
import { authorize } from './access';
import type { NewOutboxMessage, Stores } from '../ports';

/** The use cases of the organiser pool and of assigning a case; adapters pass who acts and `now`. */
export interface PoolDeps {
  stores: Pick<Stores, 'cases' | 'organisers' | 'outbox' | 'audit'>;
}

export interface Actor {
  userId: string;
  isCoordinator: boolean;
}

/** How to reach a user who may never have written to the bot (a proactive 1:1 chat). */
export interface Reach {
  serviceUrl: string;
  botId: string;
  tenantId: string | null;
}

function requireCoordinator(actor: Actor): void {
  if (!actor.isCoordinator) throw new DomainError('access.denied');
}

export async function addOrganiser(deps: PoolDeps, actor: Actor, input: unknown, now: Date): Promise<Organiser> {
  requireCoordinator(actor);
  const parsed = organiserInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('validation.invalid', { fields: [...new Set(parsed.error.issues.map((i) => `pool.add.${String(i.path[0])}`))] });
  }
  const data: OrganiserInput = parsed.data;
  const existing = await deps.stores.organisers.findById(data.id);
  const organiser: Organiser = {
    id: data.id,
    name: data.name,
    email: data.email ?? null,
    languages: data.languages,
    background: data.background,
    status: 'active',
    addedBy: actor.userId,
    addedAt: existing?.addedAt ?? now,
    updatedAt: now,
    version: (existing?.version ?? 0) + 1,
  };
  await deps.stores.organisers.upsert(organiser);
  return organiser;
}

export async function setOrganiserStatus(deps: PoolDeps, actor: Actor, organiserId: string, status: OrganiserStatus, now: Date): Promise<Organiser> {
  requireCoordinator(actor);
  const current = await deps.stores.organisers.findById(organiserId);
  if (!current) throw new DomainError('organiser.not_in_pool');
  const next: Organiser = { ...current, status, updatedAt: now, version: current.version + 1 };
  if (!(await deps.stores.organisers.replaceIfVersion(next, current.version))) throw new DomainError('case.conflict');
  return next;
}

export async function listPoolWithWorkload(deps: PoolDeps, actor: Actor): Promise<{ organiser: Organiser; openCases: number }[]> {
  requireCoordinator(actor);
  const [pool, counts] = await Promise.all([deps.stores.organisers.listPool(), deps.stores.cases.countOpenByOrganiser()]);
  return pool.map((organiser) => ({ organiser, openCases: counts.get(organiser.id) ?? 0 }));
}

export async function suggestOrganisers(
  deps: PoolDeps,
  actor: Actor,
  caseId: string,
): Promise<{ case: Case; suggested: Suggestion[]; inNetwork: Suggestion[] }> {
  const c = authorize(actor.userId, await deps.stores.cases.findById(caseId), 'case.assign', actor.isCoordinator);
  const [pool, counts] = await Promise.all([deps.stores.organisers.listPool(), deps.stores.cases.countOpenByOrganiser()]);
  return { case: c, ...rankOrganisers(pool, c, counts) };
}

/** Writes the changed case (compare-and-set), its audit entry and its messages. */
async function saveCase(deps: PoolDeps, before: Case, after: Case, actorId: string, action: string, messages: NewOutboxMessage[], now: Date): Promise<Case> {
  if (!(await deps.stores.cases.replaceIfVersion(after, before.version))) throw new DomainError('case.conflict');
  await deps.stores.audit.append({ caseId: after.id, at: now, actorId, action });
  for (const m of [...messages, refreshRootCard(after)]) await deps.stores.outbox.enqueue(m, now);
  return after;
}

export function refreshRootCard(c: Case): NewOutboxMessage {
  return { key: `case:${c.id}:refresh:v${c.version}`, kind: 'case_thread_refresh', caseId: c.id, userId: null, payload: {} };
}

export function threadNotice(c: Case, tag: string, key: string, params: Record<string, string>): NewOutboxMessage {
  return { key: `case:${c.id}:notice:${tag}`, kind: 'case_thread_reply', caseId: c.id, userId: null, payload: { key, params } };
}

export async function assignCase(
  deps: PoolDeps,
  actor: Actor,
  caseId: string,
  organiserId: string,
  overrideReason: string | null,
  reach: Reach,
  now: Date,
): Promise<Case> {
  const c = authorize(actor.userId, await deps.stores.cases.findById(caseId), 'case.assign', actor.isCoordinator);
  const organiser = await deps.stores.organisers.findById(organiserId);
  if (!organiser) throw new DomainError('organiser.not_in_pool');
  const after = assignOrganiser(c, organiser, actor.userId, overrideReason, now);
  const n = after.assignments.length;
  return saveCase(
    deps,
    c,
    after,
    actor.userId,
    after.assignments.at(-1)!.overrideReason ? 'case.assigned_with_override' : 'case.assigned',
    [
      {
        key: `case:${c.id}:assignment:${n}:request`,
        kind: 'direct_card',
        caseId: c.id,
        userId: organiser.id,
        payload: { view: 'assignment_request', teamsUserId: organiser.id, ...reach },
      },
      threadNotice(after, `assignment:${n}:asked`, 'assign.thread.asked', { name: organiser.name }),
    ],
    now,
  );
}

export async function answerCaseAssignment(deps: PoolDeps, actor: Actor, caseId: string, accept: boolean, reach: Reach, now: Date): Promise<Case> {
  const found = await deps.stores.cases.findById(caseId);
  // only the asked organiser may answer; anyone else learns nothing about the case
  if (!found || !found.assignments.some((a) => a.organiserId === actor.userId)) throw new DomainError('access.denied');
  const after = answerAssignment(found, actor.userId, accept, now);
  // the pool may have changed since they were asked: only an active organiser takes a case on
  // (declining stays possible, it hands the case back to the coordinator)
  if (accept && (await deps.stores.organisers.findById(actor.userId))?.status !== 'active') {
    throw new DomainError('assignment.organiser_not_active');
  }
  const n = after.assignments.length;
  const name = after.assignments.at(-1)!.organiserName;
  const messages: NewOutboxMessage[] = [
    threadNotice(after, `assignment:${n}:${accept ? 'accepted' : 'declined'}`, accept ? 'assign.thread.accepted' : 'assign.thread.declined', { name }),
  ];
  if (accept) {
    messages.push({
      key: `case:${found.id}:assignment:${n}:requester`,
      kind: 'direct_card',
      caseId: found.id,
      userId: found.requesterId,
      payload: { view: 'organiser_assigned', teamsUserId: found.requesterId, ...reach },
    });
    // the organiser's preparation checklist, in their 1:1 chat (preparation-use-cases.ts)
    messages.push({
      key: `case:${found.id}:assignment:${n}:preparation`,
      kind: 'direct_card',
      caseId: found.id,
      userId: actor.userId,
      payload: { view: 'preparation', teamsUserId: actor.userId, ...reach },
    });
  }
  return saveCase(deps, found, after, actor.userId, accept ? 'assignment.accepted' : 'assignment.declined', messages, now);
}

export async function releaseCase(deps: PoolDeps, actor: Actor, caseId: string, now: Date): Promise<Case> {
  const c = authorize(actor.userId, await deps.stores.cases.findById(caseId), 'case.assign', actor.isCoordinator);
  const name = c.assignments.at(-1)?.organiserName ?? '';
  const after = releaseOrganiser(c, actor.userId, now);
  return saveCase(
    deps,
    c,
    after,
    actor.userId,
    'assignment.released',
    [threadNotice(after, `assignment:${after.assignments.length}:released`, 'assign.thread.released', { name })],
    now,
  );
}
