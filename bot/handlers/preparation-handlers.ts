import { z } from 'zod';
import { DomainError, isDomainError } from '../../domain/errors';
import type { Case } from '../../domain/case/case';
import {
  answerReferentRequest,
  confirmReferentForThem,
  designateReferent,
  listMyCases,
  moveToPlanning,
  openPreparation,
  recordCaseConsent,
  recordCasePersonPrepared,
  reloadPreparation,
  removeCaseNetworkEntry,
  saveCaseGoals,
  saveCaseNetworkEntry,
  viewBriefing,
  type PreparationDeps,
} from '../../domain/case/preparation-use-cases';
import { findEntry } from '../../domain/case/preparation-rules';
import {
  PREP_SECTIONS,
  renderBriefingCard,
  renderEntryCard,
  renderGoalsCard,
  renderMyCasesCard,
  renderPreparationCard,
  renderSectionCard,
  type FormValues,
} from '../../adaptive-cards/views/preparation-views';
import type { Notice } from '../../adaptive-cards/views/assignment-views';
import { renderMessageCard } from '../../adaptive-cards/views/message-view';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import { toSectionAnswers } from '../card-payloads';
import { describeError } from './error-cards';
import { cardAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';
import { actorOf, caseRefSchema, formInputs, idSchema, parsePayload, reachOf, requirePersonal } from './handler-kit';

/**
 * The organiser's preparation cards and the referent's answer, all in 1:1 chats. Every payload is
 * parsed here (shape, types, sizes); the domain then judges the content. A refused change shows
 * the same card again with the reason, so nothing typed is lost and nothing was written.
 */


function deps(ctx: HandlerContext): PreparationDeps {
  return { stores: ctx.app.stores, ids: ctx.app.ids };
}

const good = (text: string): Notice => ({ text, tone: 'good' });
const attention = (text: string): Notice => ({ text, tone: 'attention' });

/**
 * Errors the organiser can act on are shown on the card they were working on; access and
 * anything unexpected go to the generic error card (which never says whether a case exists).
 */
function isShownOnCard(err: unknown): err is DomainError {
  return isDomainError(err) && err.code !== 'access.denied';
}

async function refusedOn(ctx: HandlerContext, caseId: string, err: unknown, render: (c: Case, notice: Notice) => AdaptiveCard): Promise<InvokeAnswer> {
  if (!isShownOnCard(err)) throw err;
  const c = await reloadPreparation(deps(ctx), actorOf(ctx), caseId);
  return cardAnswer(render(c, attention(describeError(ctx.t, err))));
}

/** "my cases" (typed) and the cards' "My cases" button. */
export async function renderMyCasesFor(ctx: HandlerContext): Promise<AdaptiveCard> {
  requirePersonal(ctx);
  const { organising, invited } = await listMyCases(deps(ctx), actorOf(ctx));
  return renderMyCasesCard(ctx.t, organising, invited);
}

/** cases.mine carries nothing but must be an object. */
const noData = z.object({}).passthrough();

export async function handleMyCases(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  parsePayload(noData, data, 'cases.mine');
  return cardAnswer(await renderMyCasesFor(ctx));
}

export async function handlePrepOpen(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(caseRefSchema, data, 'prep.open');
  const c = await openPreparation(deps(ctx), actorOf(ctx), input.caseId, ctx.now);
  return cardAnswer(renderPreparationCard(ctx.t, ctx.lang, c));
}

/** prep.section: which section of the preparation to open. */
const sectionData = z.object({ caseId: idSchema, section: z.enum(PREP_SECTIONS) }).passthrough();

export async function handlePrepSection(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(sectionData, data, 'prep.section');
  const c = await openPreparation(deps(ctx), actorOf(ctx), input.caseId, ctx.now);
  return cardAnswer(renderSectionCard(ctx.t, ctx.lang, c, input.section));
}

/** An empty entry id is the "add a member" form. */
const entryRef = z.object({ caseId: idSchema, entryId: z.union([idSchema, z.literal('')]).optional() }).passthrough();

export async function handleEntryForm(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(entryRef, data, 'prep.entryForm');
  const c = await openPreparation(deps(ctx), actorOf(ctx), input.caseId, ctx.now);
  try {
    return cardAnswer(renderEntryCard(ctx.t, c, input.entryId ? findEntry(c.preparation, input.entryId) : null));
  } catch (err) {
    if (!isShownOnCard(err)) throw err;
    return cardAnswer(renderSectionCard(ctx.t, ctx.lang, c, 'network', attention(describeError(ctx.t, err))));
  }
}

const YES_NO = z.enum(['yes', 'no']);

/** prep.consent: the consent answers a card can send. */
const consentFields = z.object({ consultation: YES_NO.or(z.literal('')).optional(), sharing: YES_NO.or(z.literal('')).optional(), method: z.string().max(50).optional() }).strict();

export async function handleConsent(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'prep.consent');
  const raw = formInputs(data, 'consent', 'prep.consent');
  // a missing answer is for the domain to name; a value the card cannot send is a bad payload
  const answer = parsePayload(
    consentFields,
    raw,
    'prep.consent',
  );
  const yes = (v: string | undefined) => (v === 'yes' ? true : v === 'no' ? false : undefined);
  const input = { consultation: yes(answer.consultation), sharing: yes(answer.sharing), method: answer.method || undefined };
  try {
    const c = await recordCaseConsent(deps(ctx), actorOf(ctx), caseId, JSON.parse(JSON.stringify(input)), ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(renderPreparationCard(ctx.t, ctx.lang, c, good(ctx.t('prep.consent.saved'))));
  } catch (err) {
    return refusedOn(ctx, caseId, err, (c, notice) => renderSectionCard(ctx.t, ctx.lang, c, 'consent', notice));
  }
}

/** prep.goals: the goals a card can send. */
const goalsFields = z.object({ personGoals: z.string().optional(), strengths: z.string().optional(), meetingGoal: z.string().optional() }).strict();

export async function handleGoals(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'prep.goals');
  const raw = parsePayload(
    goalsFields,
    formInputs(data, 'goals', 'prep.goals'),
    'prep.goals',
  );
  try {
    const c = await saveCaseGoals(deps(ctx), actorOf(ctx), caseId, toSectionAnswers(raw), ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(renderPreparationCard(ctx.t, ctx.lang, c, good(ctx.t('prep.goals.saved'))));
  } catch (err) {
    return refusedOn(ctx, caseId, err, (c, notice) => renderGoalsCard(ctx.t, c, notice, raw as FormValues));
  }
}

const entryFields = z
  .object({
    role: z.string().optional(),
    name: z.string().optional(),
    organisation: z.string().optional(),
    contact: z.string().optional(),
    user: z.string().optional(),
    userId: z.string().optional(),
    mandate: z.enum(['decides', 'advises', 'none', '']).optional(),
    invited: YES_NO.or(z.literal('')).optional(),
    notInvitedReason: z.string().optional(),
    isSupporter: z.enum(['yes', '']).optional(),
  })
  .strict();

export async function handleEntrySave(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const ref = parsePayload(entryRef, data, 'prep.entrySave');
  const raw = parsePayload(entryFields, formInputs(data, 'entry', 'prep.entrySave'), 'prep.entrySave');
  const answers = toSectionAnswers(raw) as Record<string, string | undefined>;
  const input = {
    role: answers.role,
    name: answers.name,
    organisation: answers.organisation,
    contact: answers.contact,
    // the people picker gives the Entra object id; the typed id is the fallback outside Teams
    userId: answers.user ?? answers.userId,
    mandate: answers.mandate === 'none' ? undefined : answers.mandate,
    invited: answers.invited !== 'no',
    notInvitedReason: answers.notInvitedReason,
    isSupporter: answers.isSupporter === 'yes',
  };
  const entryId = ref.entryId || null;
  try {
    const saved = await saveCaseNetworkEntry(deps(ctx), actorOf(ctx), ref.caseId, entryId, JSON.parse(JSON.stringify(input)), ctx.now);
    ctx.app.kickOutbox();
    const name = findEntry(saved.case.preparation, saved.entryId).name;
    return cardAnswer(renderSectionCard(ctx.t, ctx.lang, saved.case, 'network', good(ctx.t('prep.entry.saved', { name }))));
  } catch (err) {
    if (isDomainError(err) && err.code === 'preparation.entry_not_found') {
      return refusedOn(ctx, ref.caseId, err, (c, notice) => renderSectionCard(ctx.t, ctx.lang, c, 'network', notice));
    }
    return refusedOn(ctx, ref.caseId, err, (c, notice) => {
      const entry = entryId ? (c.preparation.network.find((e) => e.id === entryId) ?? null) : null;
      return renderEntryCard(ctx.t, c, entry, notice, raw as FormValues);
    });
  }
}

/** prep.entryRemove: the network entry to remove. */
const entryRemoveData = z.object({ caseId: idSchema, entryId: idSchema }).passthrough();

export async function handleEntryRemove(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(entryRemoveData, data, 'prep.entryRemove');
  try {
    const c = await removeCaseNetworkEntry(deps(ctx), actorOf(ctx), input.caseId, input.entryId, ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(renderSectionCard(ctx.t, ctx.lang, c, 'network', good(ctx.t('prep.network.removed'))));
  } catch (err) {
    return refusedOn(ctx, input.caseId, err, (c, notice) => renderSectionCard(ctx.t, ctx.lang, c, 'network', notice));
  }
}

/** prep.personPrepared: whether the person was told. */
const preparedFields = z.object({ explained: z.string().max(50).optional() }).strict();

export async function handlePersonPrepared(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'prep.personPrepared');
  const raw = parsePayload(preparedFields, formInputs(data, 'prepared', 'prep.personPrepared'), 'prep.personPrepared');
  const ticked = new Set((raw.explained ?? '').split(',').map((v) => v.trim()));
  const input = { explainedWhat: ticked.has('what'), explainedWhy: ticked.has('why') };
  try {
    const c = await recordCasePersonPrepared(deps(ctx), actorOf(ctx), caseId, input, ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(renderPreparationCard(ctx.t, ctx.lang, c, good(ctx.t('prep.prepared.saved'))));
  } catch (err) {
    return refusedOn(ctx, caseId, err, (c, notice) => renderSectionCard(ctx.t, ctx.lang, c, 'prepared', notice));
  }
}

/** prep.referentSet: the chosen referent, or none. */
const referentSetData = z.object({ caseId: idSchema, 'referent.entryId': z.union([idSchema, z.literal('')]).optional() }).passthrough();

export async function handleReferentSet(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(referentSetData, data, 'prep.referentSet');
  const entryId = input['referent.entryId'];
  try {
    if (!entryId) throw new DomainError('validation.invalid', { fields: ['prep.referent.entryId'] });
    const c = await designateReferent(deps(ctx), actorOf(ctx), input.caseId, entryId, reachOf(ctx), ctx.now);
    ctx.app.kickOutbox();
    const name = findEntry(c.preparation, entryId).name;
    return cardAnswer(renderSectionCard(ctx.t, ctx.lang, c, 'referent', good(ctx.t('prep.referent.designated', { name }))));
  } catch (err) {
    return refusedOn(ctx, input.caseId, err, (c, notice) => renderSectionCard(ctx.t, ctx.lang, c, 'referent', notice));
  }
}

export async function handleReferentOnBehalf(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'prep.referentOnBehalf');
  try {
    const c = await confirmReferentForThem(deps(ctx), actorOf(ctx), caseId, ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(renderSectionCard(ctx.t, ctx.lang, c, 'referent', good(ctx.t('prep.referent.confirmedNotice'))));
  } catch (err) {
    return refusedOn(ctx, caseId, err, (c, notice) => renderSectionCard(ctx.t, ctx.lang, c, 'referent', notice));
  }
}

export async function handleStartPlanning(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'prep.startPlanning');
  try {
    const c = await moveToPlanning(deps(ctx), actorOf(ctx), caseId, ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(renderPreparationCard(ctx.t, ctx.lang, c, good(ctx.t('prep.planning.done'))));
  } catch (err) {
    return refusedOn(ctx, caseId, err, (c, notice) => renderPreparationCard(ctx.t, ctx.lang, c, notice));
  }
}

/** referent.answer: confirm or decline. */
const referentAnswerData = z.object({ caseId: idSchema, entryId: idSchema, answer: z.enum(['confirm', 'decline']) }).passthrough();

/** The member asked to be the referent answers from the card they received. */
export async function handleReferentAnswer(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(referentAnswerData, data, 'referent.answer');
  const accept = input.answer === 'confirm';
  const c = await answerReferentRequest(deps(ctx), actorOf(ctx), input.caseId, input.entryId, accept, reachOf(ctx), ctx.now);
  ctx.app.kickOutbox();
  const title = ctx.t('prep.referentRequest.title', { reference: c.reference });
  const text = ctx.t(accept ? 'prep.referentRequest.confirmed' : 'prep.referentRequest.declined', { reference: c.reference });
  return cardAnswer(renderMessageCard(ctx.t, title, text, accept ? 'good' : 'default'));
}

/** The invited members' read path: meeting goal and participants, after the person's consent to share. */
export async function handleBriefing(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(caseRefSchema, data, 'prep.briefing');
  return cardAnswer(renderBriefingCard(ctx.t, await viewBriefing(deps(ctx), actorOf(ctx), input.caseId, ctx.now)));
}
