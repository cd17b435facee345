import type { z } from 'zod';
import { isDomainError } from '../../domain/errors';
import {
  discardDraft,
  getOwnDraft,
  previewRefusalReasons,
  goToStep,
  listOwnDrafts,
  removeNetworkMember,
  saveDraftStep,
  startDraft,
  submitDraft,
} from '../../domain/intake/intake';
import { firstStepWithMissing } from '../../domain/intake/draft-steps';
import { findMissingFields } from '../../domain/case/eligibility';
import { sectionOfStep } from '../../domain/intake/draft-steps';
import { renderDraftsCard, renderIntakeStepCard, type StepProblem } from '../../adaptive-cards/views/intake-views';
import { renderRefusedCard, renderSubmittedCard } from '../../adaptive-cards/views/case-views';
import { intakeDeps } from '../app-services';
import {
  draftRef,
  gotoData,
  memberData,
  readSectionInputs,
  removeMemberData,
  saveStepData,
  submitData,
  toSectionAnswers,
} from '../card-payloads';
import { BadPayloadError, PersonalOnlyError } from './error-cards';
import { cardAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';
import type { Draft } from '../../domain/ports';

/** Requests hold personal data: they are only ever handled in the requester's 1:1 chat. */
function requirePersonal(ctx: HandlerContext): void {
  if (ctx.info.conversationType !== 'personal') throw new PersonalOnlyError();
}

function parse<S extends z.ZodType>(schema: S, data: unknown, verb: string): z.infer<S> {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new BadPayloadError(verb);
  return parsed.data;
}

function stepCard(ctx: HandlerContext, draft: Draft, problem: StepProblem | null = null): InvokeAnswer {
  return cardAnswer(renderIntakeStepCard(ctx.t, ctx.lang, draft, problem, previewRefusalReasons(draft, ctx.now)));
}

/**
 * A stale card (changed on another device, a double click) or a rejected answer is answered with the
 * draft as it is stored now, plus what went wrong, so the user never loses their place.
 */
async function recoverWithCurrentStep(ctx: HandlerContext, draftId: string, err: unknown, answers?: unknown): Promise<InvokeAnswer> {
  if (!isDomainError(err) || (err.code !== 'draft.conflict' && err.code !== 'validation.invalid')) throw err;
  const current = await getOwnDraft(intakeDeps(ctx.app), ctx.info.caller, draftId);
  if (current.status !== 'open') throw err;
  if (err.code === 'draft.conflict') return stepCard(ctx, current, { kind: 'conflict', fields: [] });
  const fields = Array.isArray(err.params.fields) ? (err.params.fields as string[]) : [];
  // show what the user typed, even though it was not stored, so they can correct it
  const section = sectionOfStep(current.step);
  // the network card only sends the consent: its members are stored ones and must stay in view
  const typed = section === 'network' ? { ...current.data.network, ...(answers as object) } : answers;
  const shown: Draft =
    section && answers && typeof answers === 'object' ? { ...current, data: { ...current.data, [section]: typed } } : current;
  return stepCard(ctx, shown, { kind: 'invalid', fields });
}

export async function handleIntakeStart(ctx: HandlerContext): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const draft = await startDraft(intakeDeps(ctx.app), ctx.info.caller, ctx.now);
  return stepCard(ctx, draft);
}

export async function handleIntakeSave(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parse(saveStepData, data, 'intake.save');
  const section = sectionOfStep(input.step);
  const raw = section ? readSectionInputs(data, section) : {};
  if (raw === null) throw new BadPayloadError('intake.save');
  const answers = toSectionAnswers(raw);
  const deps = intakeDeps(ctx.app);
  // a member typed but not yet added is kept rather than silently dropped, in the same write
  const memberRaw = input.step === 'network' ? readSectionInputs(data, 'member') : {};
  if (memberRaw === null) throw new BadPayloadError('intake.save');
  const member = toSectionAnswers(memberRaw);
  try {
    const { draft, missing } = await saveDraftStep(
      deps,
      ctx.info.caller,
      {
        draftId: input.draftId,
        expectedVersion: input.v,
        step: input.step,
        answers,
        move: input.move,
        ...(Object.keys(member).length > 0 ? { newMember: member } : {}),
      },
      ctx.now,
    );
    if (input.move === 'stay') {
      return cardAnswer(renderDraftsCard(ctx.t, ctx.lang, await listOwnDrafts(deps, ctx.info.caller), ctx.t('intake.saved')));
    }
    return stepCard(ctx, draft, missing.length ? { kind: 'missing', fields: missing } : null);
  } catch (err) {
    return recoverWithCurrentStep(ctx, input.draftId, err, answers);
  }
}

export async function handleIntakeGoto(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parse(gotoData, data, 'intake.goto');
  return stepCard(ctx, await goToStep(intakeDeps(ctx.app), ctx.info.caller, input.draftId, input.step, ctx.now));
}

export async function handleAddMember(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parse(memberData, data, 'intake.addMember');
  const member = readSectionInputs(data, 'member');
  const consent = readSectionInputs(data, 'network');
  if (member === null || consent === null) throw new BadPayloadError('intake.addMember');
  const deps = intakeDeps(ctx.app);
  try {
    const { draft } = await saveDraftStep(
      deps,
      ctx.info.caller,
      { draftId: input.draftId, expectedVersion: input.v, step: 'network', answers: toSectionAnswers(consent), move: 'stay', newMember: toSectionAnswers(member) },
      ctx.now,
    );
    return stepCard(ctx, { ...draft, step: 'network' });
  } catch (err) {
    return recoverWithCurrentStep(ctx, input.draftId, err);
  }
}

export async function handleRemoveMember(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parse(removeMemberData, data, 'intake.removeMember');
  try {
    return stepCard(ctx, await removeNetworkMember(intakeDeps(ctx.app), ctx.info.caller, input.draftId, input.v, input.index, ctx.now));
  } catch (err) {
    return recoverWithCurrentStep(ctx, input.draftId, err);
  }
}

export async function handleSubmit(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parse(submitData, data, 'intake.submit');
  const deps = intakeDeps(ctx.app);
  try {
    const { case: c, created } = await submitDraft(deps, ctx.info.caller, input.draftId, input.v, ctx.now);
    if (created) ctx.app.kickOutbox();
    return cardAnswer(
      c.status === 'refused' ? renderRefusedCard(ctx.t, c, !created) : renderSubmittedCard(ctx.t, ctx.lang, c, !created),
    );
  } catch (err) {
    if (isDomainError(err) && err.code === 'draft.incomplete') {
      // send the requester to the first step that still lacks an answer
      const draft = await getOwnDraft(deps, ctx.info.caller, input.draftId);
      const missing = findMissingFields(draft.data, ctx.now);
      const step = firstStepWithMissing(missing);
      return stepCard(ctx, { ...draft, step }, { kind: 'missing', fields: missing });
    }
    return recoverWithCurrentStep(ctx, input.draftId, err);
  }
}

export async function handleDraftsList(ctx: HandlerContext): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  return cardAnswer(renderDraftsCard(ctx.t, ctx.lang, await listOwnDrafts(intakeDeps(ctx.app), ctx.info.caller)));
}

export async function handleDraftResume(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parse(draftRef, data, 'draft.resume');
  const deps = intakeDeps(ctx.app);
  const draft = await getOwnDraft(deps, ctx.info.caller, input.draftId);
  if (draft.status !== 'open' && draft.caseId) {
    return handleSubmit(ctx, { draftId: draft.id, v: draft.version });
  }
  return stepCard(ctx, draft);
}

export async function handleDraftDiscard(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parse(draftRef, data, 'draft.discard');
  const deps = intakeDeps(ctx.app);
  await discardDraft(deps, ctx.info.caller, input.draftId);
  return cardAnswer(renderDraftsCard(ctx.t, ctx.lang, await listOwnDrafts(deps, ctx.info.caller), ctx.t('drafts.discarded')));
}
