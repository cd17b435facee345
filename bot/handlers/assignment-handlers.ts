import { z } from 'zod';
import { isDomainError } from '../../domain/errors';
import {
  addOrganiser,
  answerCaseAssignment,
  assignCase,
  listPoolWithWorkload,
  releaseCase,
  setOrganiserStatus,
  suggestOrganisers,
  type PoolDeps,
} from '../../domain/case/pool-and-assignment';
import { ORGANISER_STATUSES } from '../../domain/case/organisers';
import { renderAssignCard, renderPoolCard } from '../../adaptive-cards/views/assignment-views';
import { renderMessageCard } from '../../adaptive-cards/views/message-view';
import { readSectionInputs, toSectionAnswers } from '../card-payloads';
import { BadPayloadError, describeError, PersonalOnlyError } from './error-cards';
import { cardAnswer, messageAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';
import { actorOf, caseRefSchema, idSchema, parsePayload, reachOf } from './handler-kit';


function poolDeps(ctx: HandlerContext): PoolDeps {
  return { stores: ctx.app.stores };
}

/** The pool card, for coordinators in their 1:1 chat (organisers' names are not for channels). */
export async function renderPoolFor(ctx: HandlerContext, notice?: { text: string; tone: 'good' | 'attention' }) {
  if (ctx.info.conversationType !== 'personal') throw new PersonalOnlyError();
  return renderPoolCard(ctx.t, await listPoolWithWorkload(poolDeps(ctx), actorOf(ctx)), notice);
}

export async function handlePoolAdd(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  const raw = readSectionInputs(data, 'pool');
  if (raw === null) throw new BadPayloadError('pool.add');
  const answers = toSectionAnswers(raw);
  // the people picker gives the Entra object id; a typed id is the fallback outside Teams
  const input = {
    id: answers.user ?? answers.id,
    name: answers.name,
    email: answers.email,
    languages: answers.languages,
    background: answers.background,
  };
  try {
    const added = await addOrganiser(poolDeps(ctx), actorOf(ctx), JSON.parse(JSON.stringify(input)), ctx.now);
    return cardAnswer(await renderPoolFor(ctx, { text: ctx.t('pool.added', { name: added.name }), tone: 'good' }));
  } catch (err) {
    if (!isDomainError(err) || err.code !== 'validation.invalid') throw err;
    return cardAnswer(await renderPoolFor(ctx, { text: describeError(ctx.t, err), tone: 'attention' }));
  }
}

/** pool.setStatus: an organiser and their new status. */
const poolStatusData = z.object({ organiserId: idSchema, status: z.enum(ORGANISER_STATUSES) }).passthrough();

export async function handlePoolSetStatus(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  const input = parsePayload(poolStatusData, data, 'pool.setStatus');
  await setOrganiserStatus(poolDeps(ctx), actorOf(ctx), input.organiserId, input.status, ctx.now);
  return cardAnswer(await renderPoolFor(ctx, { text: ctx.t('pool.updated'), tone: 'good' }));
}

async function assignCardFor(ctx: HandlerContext, caseId: string, notice?: string): Promise<InvokeAnswer> {
  const { case: c, suggested, inNetwork } = await suggestOrganisers(poolDeps(ctx), actorOf(ctx), caseId);
  const waiting = c.status === 'awaiting_assignment' || c.organiserId !== null;
  const shown = notice ?? (waiting ? undefined : ctx.t('assign.notWaiting', { status: ctx.t(`status.${c.status}`) }));
  return cardAnswer(renderAssignCard(ctx.t, c, waiting ? suggested : [], waiting ? inNetwork : [], shown));
}

/**
 * On the shared case card the answer replaces the card for the coordinator who clicked only; anyone
 * else is told "not available", as if the case did not exist.
 */
export async function handleAssignStart(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  const input = parsePayload(caseRefSchema, data, 'case.assignStart');
  try {
    return await assignCardFor(ctx, input.caseId);
  } catch (err) {
    if (isDomainError(err) && err.code === 'access.denied') return messageAnswer(ctx.t('error.accessDenied'));
    throw err;
  }
}

/** case.assign: the organiser chosen, with the reason when a rule is overridden. */
const assignData = z.object({ caseId: idSchema, organiserId: idSchema, 'override.reason': z.string().max(2000).optional() }).passthrough();

export async function handleAssign(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  const input = parsePayload(assignData, data, 'case.assign');
  try {
    const c = await assignCase(poolDeps(ctx), actorOf(ctx), input.caseId, input.organiserId, input['override.reason'] ?? null, reachOf(ctx), ctx.now);
    ctx.app.kickOutbox();
    const name = c.assignments.at(-1)?.organiserName ?? '';
    return cardAnswer(renderMessageCard(ctx.t, ctx.t('assign.title', { reference: c.reference }), ctx.t('assign.done', { name, reference: c.reference }), 'good'));
  } catch (err) {
    if (!isDomainError(err)) throw err;
    if (err.code === 'access.denied') return messageAnswer(ctx.t('error.accessDenied'));
    // another coordinator was faster, the organiser is not neutral, or left the pool: show the current state
    return assignCardFor(ctx, input.caseId, describeError(ctx.t, err));
  }
}

export async function handleRelease(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  const input = parsePayload(caseRefSchema, data, 'case.release');
  try {
    const c = await releaseCase(poolDeps(ctx), actorOf(ctx), input.caseId, ctx.now);
    ctx.app.kickOutbox();
    const name = c.assignments.at(-1)?.organiserName ?? '';
    return await assignCardFor(ctx, c.id, ctx.t('assign.released', { name }));
  } catch (err) {
    if (!isDomainError(err)) throw err;
    if (err.code === 'access.denied') return messageAnswer(ctx.t('error.accessDenied'));
    return assignCardFor(ctx, input.caseId, describeError(ctx.t, err));
  }
}

/** assignment.answer: accept or decline. */
const assignmentAnswerData = z.object({ caseId: idSchema, answer: z.enum(['accept', 'decline']) }).passthrough();

export async function handleAssignmentAnswer(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  const input = parsePayload(assignmentAnswerData, data, 'assignment.answer');
  const accept = input.answer === 'accept';
  const c = await answerCaseAssignment(poolDeps(ctx), actorOf(ctx), input.caseId, accept, reachOf(ctx), ctx.now);
  ctx.app.kickOutbox();
  const title = ctx.t('assign.request.title', { reference: c.reference });
  return cardAnswer(renderMessageCard(ctx.t, title, ctx.t(accept ? 'assign.accepted' : 'assign.declined', { reference: c.reference }), accept ? 'good' : 'default'));
}
