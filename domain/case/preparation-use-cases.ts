import { z } from 'zod';
import { DomainError } from '../errors';
import type { IdGenerator, NewOutboxMessage, Stores } from '../ports';
import type { Case } from './case';
import { authorize, canDo, rolesOnCase, type CaseAction } from './access';
import { pendingAssignment, type PersonIdentity } from './assignment';
import { isFinalStatus } from './status';
import { refreshRootCard, threadNotice, type Actor, type Reach } from './pool-and-assignment';
import { consentInputSchema, entryInputSchema, goalsInputSchema, preparedInputSchema, type Preparation } from './preparation';
import {
  assertPreparing,
  confirmReferent,
  confirmReferentOnBehalf,
  declineReferent,
  findEntry,
  recordConsent,
  recordPersonPrepared,
  removeNetworkEntry,
  saveNetworkEntry,
  setGoals,
  setReferent,
  startPlanning,
} from './preparation-rules';

/** What the audit trail says was done: names of actions, never the content. */
export const PREPARATION_AUDIT_ACTIONS = [
  'prep.viewed',
  'prep.consent_recorded',
  'prep.goals_saved',
  'prep.member_added',
  'prep.member_updated',
  'prep.member_removed',
  'prep.person_prepared',
  'prep.referent_designated',
  'prep.referent_confirmed',
  'prep.referent_confirmed_on_behalf',
  'prep.referent_declined',
  'prep.planning_started',
  'prep.briefing_viewed',
] as const;
export type PreparationAuditAction = (typeof PREPARATION_AUDIT_ACTIONS)[number];

/**
 * The use cases of preparing a consultation. Each one loads the case, checks who acts, applies a
 * pure rule, writes the case compare-and-set on its version, appends an audit entry that names
 * what was done (never the content), and queues its messages, always with a root card refresh.
 */
export interface PreparationDeps {
  stores: Pick<Stores, 'cases' | 'outbox' | 'audit' | 'organisers'>;
  ids: IdGenerator;
}

/**
 * The organiser of the case, once they have accepted it: until then they see no personal details
 * (the assignment request shows none either).
 */
async function loadForOrganiser(deps: PreparationDeps, actor: Actor, caseId: string, action: CaseAction): Promise<Case> {
  const c = authorize(actor.userId, await deps.stores.cases.findById(caseId), action, actor.isCoordinator);
  if (c.organiserId !== actor.userId || isPending(c, actor)) throw new DomainError('access.denied');
  return c;
}

/**
 * The case's organiser as the neutrality check matches them: Teams id, and the name and e-mail
 * address of the pool (else the name they were assigned under).
 */
async function organiserIdentity(deps: PreparationDeps, c: Case): Promise<PersonIdentity | null> {
  if (!c.organiserId) return null;
  const pooled = await deps.stores.organisers.findById(c.organiserId);
  const assignedAs = c.assignments.filter((a) => a.organiserId === c.organiserId).at(-1)?.organiserName ?? null;
  return { id: c.organiserId, name: pooled?.name ?? assignedAs, email: pooled?.email ?? null };
}

function isPending(c: Case, actor: Actor): boolean {
  return pendingAssignment(c)?.organiserId === actor.userId;
}

/** Domain-side validation of what a card sent: the field names say what to correct, never the values. */
function parseInput<T>(schema: z.ZodType<T>, input: unknown, form: string): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('validation.invalid', { fields: [...new Set(parsed.error.issues.map((i) => `prep.${form}.${String(i.path[0] ?? '')}`))] });
  }
  return parsed.data;
}

function withPreparation(c: Case, preparation: Preparation, now: Date): Case {
  return { ...c, preparation, updatedAt: now, version: c.version + 1 };
}

async function saveCase(
  deps: PreparationDeps,
  before: Case,
  after: Case,
  actorId: string,
  action: PreparationAuditAction,
  messages: NewOutboxMessage[],
  now: Date,
): Promise<Case> {
  if (!(await deps.stores.cases.replaceIfVersion(after, before.version))) throw new DomainError('case.conflict');
  await deps.stores.audit.append({ caseId: after.id, at: now, actorId, action });
  for (const m of [...messages, refreshRootCard(after)]) await deps.stores.outbox.enqueue(m, now);
  return after;
}

async function appendRead(deps: PreparationDeps, c: Case, actor: Actor, action: PreparationAuditAction, now: Date): Promise<void> {
  await deps.stores.audit.append({ caseId: c.id, at: now, actorId: actor.userId, action });
}

/** The organiser opens the preparation: a read of the case, so it is audited. */
export async function openPreparation(deps: PreparationDeps, actor: Actor, caseId: string, now: Date): Promise<Case> {
  const c = await loadForOrganiser(deps, actor, caseId, 'case.prepare');
  await appendRead(deps, c, actor, 'prep.viewed', now);
  return c;
}

/** The case as it is now, to show the organiser again after a change they made was refused. */
export async function reloadPreparation(deps: PreparationDeps, actor: Actor, caseId: string): Promise<Case> {
  return loadForOrganiser(deps, actor, caseId, 'case.prepare');
}

/**
 * "My cases": the open cases the caller organises, and those they are invited to and may see the
 * details of (after the person's consent to share). Cases a coordinator may see by role are not
 * listed here: they follow all cases from the cases channel.
 */
export async function listMyCases(deps: { stores: Pick<Stores, 'cases'> }, actor: Actor): Promise<{ organising: Case[]; invited: Case[] }> {
  // the store narrows to the caller's cases; the rule below stays the final word on what is shown
  const open = (await deps.stores.cases.listOpenInvolving(actor.userId)).filter((c) => !isFinalStatus(c.status));
  const organising = open.filter((c) => c.organiserId === actor.userId && !pendingAssignment(c));
  const invited = open.filter((c) => {
    const roles = rolesOnCase(actor.userId, c, false).filter((r) => r === 'participant' || r === 'referent');
    return roles.length > 0 && canDo(roles, 'case.view_details', c);
  });
  const byReference = (a: Case, b: Case) => a.reference.localeCompare(b.reference);
  return { organising: organising.sort(byReference), invited: invited.sort(byReference) };
}

export async function recordCaseConsent(deps: PreparationDeps, actor: Actor, caseId: string, input: unknown, now: Date): Promise<Case> {
  const c = await loadForOrganiser(deps, actor, caseId, 'case.record_consent');
  assertPreparing(c);
  const consent = parseInput(consentInputSchema, input, 'consent');
  const after = withPreparation(c, recordConsent(c.preparation, consent, actor.userId, now), now);
  return saveCase(deps, c, after, actor.userId, 'prep.consent_recorded', [], now);
}

export async function saveCaseGoals(deps: PreparationDeps, actor: Actor, caseId: string, input: unknown, now: Date): Promise<Case> {
  const c = await loadForOrganiser(deps, actor, caseId, 'case.prepare');
  assertPreparing(c);
  const goals = parseInput(goalsInputSchema, input, 'goals');
  return saveCase(deps, c, withPreparation(c, setGoals(c.preparation, goals), now), actor.userId, 'prep.goals_saved', [], now);
}

/** Adds (entryId null) or changes a network member. */
export async function saveCaseNetworkEntry(
  deps: PreparationDeps,
  actor: Actor,
  caseId: string,
  entryId: string | null,
  input: unknown,
  now: Date,
): Promise<{ case: Case; entryId: string }> {
  const c = await loadForOrganiser(deps, actor, caseId, 'case.prepare');
  assertPreparing(c);
  // an unknown entry is refused before the input is judged: the form belongs to nobody
  if (entryId) findEntry(c.preparation, entryId);
  const entry = parseInput(entryInputSchema, input, 'entry');
  const saved = saveNetworkEntry(c.preparation, entryId, entry, () => deps.ids.newId(), await organiserIdentity(deps, c));
  const after = withPreparation(c, saved.preparation, now);
  const action: PreparationAuditAction = entryId ? 'prep.member_updated' : 'prep.member_added';
  return { case: await saveCase(deps, c, after, actor.userId, action, [], now), entryId: saved.entryId };
}

export async function removeCaseNetworkEntry(deps: PreparationDeps, actor: Actor, caseId: string, entryId: string, now: Date): Promise<Case> {
  const c = await loadForOrganiser(deps, actor, caseId, 'case.prepare');
  assertPreparing(c);
  const after = withPreparation(c, removeNetworkEntry(c.preparation, entryId), now);
  return saveCase(deps, c, after, actor.userId, 'prep.member_removed', [], now);
}

export async function recordCasePersonPrepared(deps: PreparationDeps, actor: Actor, caseId: string, input: unknown, now: Date): Promise<Case> {
  const c = await loadForOrganiser(deps, actor, caseId, 'case.prepare');
  assertPreparing(c);
  parseInput(preparedInputSchema, input, 'prepared');
  const after = withPreparation(c, recordPersonPrepared(c.preparation, actor.userId, now), now);
  return saveCase(deps, c, after, actor.userId, 'prep.person_prepared', [], now);
}

/**
 * The organiser designates the referent; a referent on Teams is asked in their 1:1 chat (the card
 * names the case reference only), one without Teams confirms to the organiser.
 */
export async function designateReferent(deps: PreparationDeps, actor: Actor, caseId: string, entryId: string, reach: Reach, now: Date): Promise<Case> {
  const c = await loadForOrganiser(deps, actor, caseId, 'case.prepare');
  assertPreparing(c);
  const after = withPreparation(c, setReferent(c.preparation, entryId), now);
  const entry = findEntry(after.preparation, entryId);
  const messages: NewOutboxMessage[] = [];
  if (entry.userId) {
    messages.push({
      key: `case:${c.id}:referent_request:v${after.version}`,
      kind: 'direct_card',
      caseId: c.id,
      userId: entry.userId,
      payload: { view: 'referent_request', teamsUserId: entry.userId, ...reach },
    });
  }
  return saveCase(deps, c, after, actor.userId, 'prep.referent_designated', messages, now);
}

export async function confirmReferentForThem(deps: PreparationDeps, actor: Actor, caseId: string, now: Date): Promise<Case> {
  const c = await loadForOrganiser(deps, actor, caseId, 'case.prepare');
  assertPreparing(c);
  const after = withPreparation(c, confirmReferentOnBehalf(c.preparation, actor.userId, now), now);
  return saveCase(deps, c, after, actor.userId, 'prep.referent_confirmed_on_behalf', [], now);
}

/**
 * The asked member answers from their card. The card names its entry: a card for a referent who
 * has since been replaced is answered like a case that does not exist.
 */
export async function answerReferentRequest(
  deps: PreparationDeps,
  actor: Actor,
  caseId: string,
  entryId: string,
  accept: boolean,
  reach: Reach,
  now: Date,
): Promise<Case> {
  // a coordinator's overview rights do not make them the referent
  const c = authorize(actor.userId, await deps.stores.cases.findById(caseId), 'referent.confirm', false);
  const entry = c.preparation.network.find((e) => e.id === entryId);
  if (c.preparation.referentEntryId !== entryId || entry?.userId !== actor.userId) throw new DomainError('access.denied');
  assertPreparing(c);
  if (accept) {
    const after = withPreparation(c, confirmReferent(c.preparation, actor.userId, now), now);
    return saveCase(deps, c, after, actor.userId, 'prep.referent_confirmed', [], now);
  }
  const after = withPreparation(c, declineReferent(c.preparation), now);
  const messages: NewOutboxMessage[] = c.organiserId
    ? [
        {
          key: `case:${c.id}:referent_declined:v${after.version}`,
          kind: 'direct_card',
          caseId: c.id,
          userId: c.organiserId,
          payload: { view: 'referent_declined', teamsUserId: c.organiserId, ...reach },
        },
      ]
    : [];
  return saveCase(deps, c, after, actor.userId, 'prep.referent_declined', messages, now);
}

/** "Ready for planning": preparing -> planning, announced in the case thread (no details there). */
export async function moveToPlanning(deps: PreparationDeps, actor: Actor, caseId: string, now: Date): Promise<Case> {
  const c = await loadForOrganiser(deps, actor, caseId, 'case.prepare');
  assertPreparing(c);
  const after = startPlanning(c, actor.userId, now);
  // the next step's card: the availability poll's draft, in the organiser's chat (poll-use-cases.ts)
  const planPoll: NewOutboxMessage = {
    key: `case:${c.id}:plan-poll:v${after.version}`,
    kind: 'direct_card',
    caseId: c.id,
    userId: actor.userId,
    payload: { view: 'poll_create', teamsUserId: actor.userId },
  };
  return saveCase(deps, c, after, actor.userId, 'prep.planning_started', [threadNotice(after, `planning:v${after.version}`, 'prep.thread.planning', {}), planPoll], now);
}

/**
 * What an invited member may know before the meeting: the meeting goal and who is invited. Only
 * after the person's consent to share (access.ts), and audited as a read.
 */
export async function viewBriefing(deps: PreparationDeps, actor: Actor, caseId: string, now: Date): Promise<Case> {
  const found = await deps.stores.cases.findById(caseId);
  // an organiser who has not accepted the case yet sees no personal details
  const roles = found ? rolesOnCase(actor.userId, found, actor.isCoordinator).filter((r) => r !== 'organiser' || !isPending(found, actor)) : [];
  if (!found || !canDo(roles, 'case.view_details', found)) throw new DomainError('access.denied');
  await appendRead(deps, found, actor, 'prep.briefing_viewed', now);
  return found;
}
