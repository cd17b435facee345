import { z } from 'zod';
import { DomainError } from '../errors';
import type { Case } from '../case/case';
import { makePseudonym, transitionCase } from '../case/case';
import { evaluateEligibility, findMissingFields, isAfterBrusselsToday, type RefusalReason, type RequiredField } from '../case/eligibility';
import { formatCaseReference, referenceCounterName } from '../case/reference';
import {
  networkMemberSchema,
  networkSchema,
  personSchema,
  requesterSchema,
  situationSchema,
  NETWORK_MAX,
  isUntouchedRequest,
  type NetworkMember,
  type RequestData,
} from '../case/request';
import { toBrusselsYear } from '../time';
import { startPreparation } from '../case/preparation';
import type { Draft, IdGenerator, IntakeStep, Stores } from '../ports';
import { nextStep, previousStep, requiredFieldsOfStep, sectionOfStep } from './draft-steps';

export interface IntakeDeps {
  stores: Pick<Stores, 'drafts' | 'cases' | 'counters' | 'outbox' | 'audit'>;
  ids: IdGenerator;
}

/** Who is acting, as the bot knows them from the Teams turn. */
export interface Caller {
  userId: string;
  tenantId: string | null;
  locale: string;
}

export type StepMove = 'next' | 'back' | 'stay';

const SECTION_SCHEMAS = {
  requester: requesterSchema,
  person: personSchema,
  situation: situationSchema,
  // members are added and removed one by one; the step itself only sets consent
  network: networkSchema.pick({ consent: true }),
} as const;

export async function startDraft(deps: IntakeDeps, caller: Caller, now: Date): Promise<Draft> {
  const untouched = (await deps.stores.drafts.listOpenByOwner(caller.userId)).find((d) => isUntouchedRequest(d.data));
  if (untouched) return untouched;
  const draft: Draft = {
    id: deps.ids.newId(),
    ownerId: caller.userId,
    tenantId: caller.tenantId,
    step: 'requester',
    data: {},
    status: 'open',
    caseId: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await deps.stores.drafts.insert(draft);
  return draft;
}

/** A draft is only ever visible to its owner; anyone else is told it does not exist. */
export async function getOwnDraft(deps: IntakeDeps, caller: Caller, draftId: string): Promise<Draft> {
  const draft = await deps.stores.drafts.findById(draftId);
  if (!draft || draft.ownerId !== caller.userId) throw new DomainError('draft.not_found');
  return draft;
}

export async function listOwnDrafts(deps: IntakeDeps, caller: Caller): Promise<Draft[]> {
  return deps.stores.drafts.listOpenByOwner(caller.userId);
}

async function getEditableDraft(deps: IntakeDeps, caller: Caller, draftId: string, expectedVersion: number | null): Promise<Draft> {
  const draft = await getOwnDraft(deps, caller, draftId);
  if (draft.status !== 'open') throw new DomainError('draft.not_editable', { caseId: draft.caseId ?? '' });
  // a card older than the draft (another device, a double click) must not overwrite newer answers
  if (expectedVersion !== null && expectedVersion !== draft.version) throw new DomainError('draft.conflict');
  return draft;
}

async function writeDraft(deps: IntakeDeps, before: Draft, changes: Partial<Draft>, now: Date): Promise<Draft> {
  const after: Draft = { ...before, ...changes, updatedAt: now, version: before.version + 1 };
  if (!(await deps.stores.drafts.replaceIfVersion(after, before.version))) throw new DomainError('draft.conflict');
  return after;
}

function invalidFields(error: z.ZodError, prefix: string): string[] {
  return [...new Set(error.issues.map((i) => [prefix, ...i.path.map(String)].slice(0, 2).join('.')))];
}

/** A birth date after today is a typing error (2055 for 1955): refused like any invalid answer. */
function impossibleDates(section: keyof RequestData, answers: object, now: Date): string[] {
  const birthDate = section === 'person' ? (answers as { birthDate?: string }).birthDate : undefined;
  return birthDate !== undefined && isAfterBrusselsToday(birthDate, now) ? ['person.birthDate'] : [];
}

export interface SaveStepInput {
  draftId: string;
  expectedVersion: number | null;
  step: IntakeStep;
  /** The section's answers in domain shape (the card adapter has parsed the raw card values). */
  answers: unknown;
  move: StepMove;
  /** On the network step: a member typed in the same card, stored with the answers in one write. */
  newMember?: unknown;
}

export interface SaveStepResult {
  draft: Draft;
  /** Required fields of this step still missing when the user asked for the next step. */
  missing: RequiredField[];
}

/**
 * Stores the answers of one step. Moving on requires the step's required fields; going back or
 * saving for later keeps whatever was answered, so nothing typed is ever lost.
 */
export async function saveDraftStep(deps: IntakeDeps, caller: Caller, input: SaveStepInput, now: Date): Promise<SaveStepResult> {
  const draft = await getEditableDraft(deps, caller, input.draftId, input.expectedVersion);
  const section = sectionOfStep(input.step);
  let data: RequestData = draft.data;
  if (section) {
    const parsed = SECTION_SCHEMAS[section].safeParse(input.answers);
    const member = input.newMember === undefined ? null : networkMemberSchema.safeParse(input.newMember);
    // everything is checked before anything is written: a card is stored whole or not at all
    const fields = [
      ...(parsed.success ? impossibleDates(section, parsed.data, now) : invalidFields(parsed.error, section)),
      ...(member && !member.success ? invalidFields(member.error, 'member') : []),
    ];
    if (fields.length > 0 || !parsed.success || (member && !member.success)) throw new DomainError('validation.invalid', { fields });
    if (section === 'network') {
      const members = [...(data.network?.members ?? []), ...(member?.success ? [member.data] : [])];
      if (members.length > NETWORK_MAX) throw new DomainError('validation.invalid', { fields: ['network.members'] });
      data = { ...data, network: { ...data.network, ...parsed.data, ...(member?.success ? { members } : {}) } };
    } else {
      data = { ...data, [section]: parsed.data };
    }
  }
  let missing: RequiredField[] = [];
  let step: IntakeStep = input.step;
  if (input.move === 'next') {
    const stepFields = requiredFieldsOfStep(input.step);
    missing = findMissingFields(data, now).filter((f) => stepFields.includes(f));
    if (missing.length === 0) step = nextStep(input.step);
  } else if (input.move === 'back') {
    step = previousStep(input.step);
  }
  return { draft: await writeDraft(deps, draft, { data, step }, now), missing };
}

export async function goToStep(deps: IntakeDeps, caller: Caller, draftId: string, step: IntakeStep, now: Date): Promise<Draft> {
  const draft = await getEditableDraft(deps, caller, draftId, null);
  return draft.step === step ? draft : writeDraft(deps, draft, { step }, now);
}

export async function removeNetworkMember(
  deps: IntakeDeps,
  caller: Caller,
  draftId: string,
  expectedVersion: number | null,
  index: number,
  now: Date,
): Promise<Draft> {
  const draft = await getEditableDraft(deps, caller, draftId, expectedVersion);
  const members: NetworkMember[] = draft.data.network?.members ?? [];
  if (!Number.isInteger(index) || index < 0 || index >= members.length) {
    throw new DomainError('validation.invalid', { fields: ['network.members'] });
  }
  const network = { ...draft.data.network, members: members.filter((_, i) => i !== index) };
  return writeDraft(deps, draft, { data: { ...draft.data, network }, step: 'network' }, now);
}

export async function discardDraft(deps: IntakeDeps, caller: Caller, draftId: string): Promise<void> {
  const draft = await getOwnDraft(deps, caller, draftId);
  if (draft.status !== 'open') throw new DomainError('draft.not_editable', { caseId: draft.caseId ?? '' });
  await deps.stores.drafts.delete(draft.id);
}

/**
 * On the summary, before submitting: the reasons the request would be refused as answered, so that a
 * typing error (a postcode, a birth year) can be corrected before it becomes a final refusal.
 */
export function previewRefusalReasons(draft: Draft, now: Date): RefusalReason[] {
  if (draft.step !== 'summary' || draft.status !== 'open') return [];
  const eligibility = evaluateEligibility(draft.data, now);
  return eligibility.outcome === 'refused' ? eligibility.reasons : [];
}

export interface SubmitResult {
  case: Case;
  /** False when this draft had been submitted before: the same case is returned, nothing is created. */
  created: boolean;
}

/**
 * Turns a complete draft into a case: eligible requests wait for assignment, the others are
 * refused with their reasons (and still counted). Submitting the same draft twice, or a crash
 * half-way followed by a retry, makes one case.
 */
export async function submitDraft(
  deps: IntakeDeps,
  caller: Caller,
  draftId: string,
  expectedVersion: number | null,
  now: Date,
): Promise<SubmitResult> {
  const { stores } = deps;
  const draft = await getOwnDraft(deps, caller, draftId);
  const existing = await stores.cases.findByDraftId(draft.id);
  if (existing) return { case: existing, created: false };
  if (draft.status === 'open' && expectedVersion !== null && expectedVersion !== draft.version) {
    throw new DomainError('draft.conflict');
  }

  const eligibility = evaluateEligibility(draft.data, now);
  if (eligibility.outcome === 'incomplete') {
    throw new DomainError('draft.incomplete', { fields: eligibility.missing });
  }

  // claim the draft first, so that a concurrent second submit cannot allocate a second reference
  const claimed = draft.status === 'open' ? await writeDraft(deps, draft, { status: 'submitted', step: 'summary' }, now) : draft;

  const year = toBrusselsYear(now);
  const seq = await stores.counters.next(referenceCounterName(year));
  const caseId = deps.ids.newId();
  const submitted: Case = {
    id: caseId,
    reference: formatCaseReference(year, seq),
    year,
    seq,
    draftId: draft.id,
    requesterId: caller.userId,
    tenantId: caller.tenantId,
    status: 'submitted',
    statusHistory: [{ from: null, to: 'submitted', at: now, by: caller.userId }],
    request: draft.data,
    refusalReasons: eligibility.outcome === 'refused' ? eligibility.reasons : [],
    pseudonym: makePseudonym(draft.data.person?.firstName, draft.data.person?.lastName),
    domains: draft.data.situation?.domains ?? [],
    urgency: draft.data.situation?.urgency ?? null,
    locale: caller.locale,
    thread: null,
    organiserId: null,
    assignments: [],
    preparation: startPreparation(draft.data.network?.members ?? [], () => deps.ids.newId()),
    submittedAt: now,
    updatedAt: now,
    purgedAt: null,
    version: 1,
  };
  const decided = transitionCase(submitted, eligibility.outcome === 'eligible' ? 'awaiting_assignment' : 'refused', 'system', now);
  const created: Case = { ...decided, version: 1 };

  if ((await stores.cases.insert(created)) === 'duplicate') {
    const winner = await stores.cases.findByDraftId(draft.id);
    if (!winner) throw new DomainError('case.conflict');
    return { case: winner, created: false };
  }
  // the draft's link to its case is a convenience; the case's draftId is the source of truth
  await stores.drafts.replaceIfVersion({ ...claimed, caseId, version: claimed.version + 1, updatedAt: now }, claimed.version);
  await stores.audit.append({ caseId, at: now, actorId: caller.userId, action: 'case.submitted' });
  await stores.outbox.enqueue(
    { key: `case:${caseId}:thread-root`, kind: 'case_thread_post', caseId, userId: null, payload: {} },
    now,
  );
  return { case: created, created: true };
}
