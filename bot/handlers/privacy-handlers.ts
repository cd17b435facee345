import { z } from 'zod';
import { isDomainError } from '../../domain/errors';
import { formatCaseReference, parseCaseReference } from '../../domain/case/reference';
import { findCaseForAudit, viewAuditTrail } from '../../domain/case/audit-trail';
import {
  erasePersonData,
  exportPersonData,
  findCaseToErase,
  openPersonData,
  type CaseLookup,
  type PersonDataDeps,
} from '../../domain/case/person-data';
import { renderAuditCard } from '../../adaptive-cards/views/audit-views';
import {
  renderErasedCard,
  renderEraseConfirmCard,
  renderPersonDataCard,
  renderPersonExportCard,
} from '../../adaptive-cards/views/person-data-views';
import { isCoordinator } from '../app-services';
import { readCommandArgument } from '../commands';
import { describeError } from './error-cards';
import { cardAnswer, messageAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';
import { actorOf, idSchema, parsePayload, requirePersonal } from './handler-kit';

const caseData = z.object({ caseId: idSchema }).passthrough();
const exportData = z.object({ caseId: idSchema, part: z.coerce.number().int().min(1).max(10_000).default(1) }).passthrough();
const eraseData = z.object({ caseId: idSchema, 'erase.confirm': z.string().max(200).default('') }).passthrough();

function deps(ctx: HandlerContext): PersonDataDeps {
  return { stores: ctx.app.stores, isCoordinator: (userId) => isCoordinator(ctx.app, userId) };
}

/** The reference typed after the command, written the one way the store knows it. */
function typedReference(said: string): string | null {
  const parts = parseCaseReference(readCommandArgument(said));
  return parts ? formatCaseReference(parts.year, parts.seq) : null;
}

/** A refusal reads exactly like an unknown reference, so it never tells whether the case exists. */
async function unlessDenied(ctx: HandlerContext, answer: () => Promise<InvokeAnswer>): Promise<InvokeAnswer> {
  try {
    return await answer();
  } catch (err) {
    if (isDomainError(err) && err.code === 'access.denied') return messageAnswer(ctx.t('error.accessDenied'));
    throw err;
  }
}

async function personDataCard(ctx: HandlerContext, lookup: CaseLookup): Promise<InvokeAnswer> {
  const c = await openPersonData(deps(ctx), actorOf(ctx), lookup, ctx.now);
  return cardAnswer(renderPersonDataCard(ctx.t, ctx.lang, c));
}

async function auditCard(ctx: HandlerContext, caseId: string): Promise<InvokeAnswer> {
  const { case: c, rows } = await viewAuditTrail(deps(ctx), actorOf(ctx), caseId, ctx.now);
  return cardAnswer(renderAuditCard(ctx.t, ctx.lang, c, rows));
}

/** "person data MKO-2026-0001" (coordinators, 1:1). */
export async function answerPersonDataCommand(ctx: HandlerContext, said: string): Promise<InvokeAnswer> {
  const reference = typedReference(said);
  if (!reference) return messageAnswer(ctx.t('person.usage'));
  return unlessDenied(ctx, () => personDataCard(ctx, { reference }));
}

/** "audit MKO-2026-0001" (the case's organiser and coordinators, 1:1). */
export async function answerAuditCommand(ctx: HandlerContext, said: string): Promise<InvokeAnswer> {
  const reference = typedReference(said);
  if (!reference) return messageAnswer(ctx.t('audit.usage'));
  return unlessDenied(ctx, async () => auditCard(ctx, (await findCaseForAudit(deps(ctx), actorOf(ctx), reference)).id));
}

export async function handleAuditView(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  return auditCard(ctx, parsePayload(caseData, data, 'case.audit').caseId);
}

export async function handlePersonShow(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  return personDataCard(ctx, { caseId: parsePayload(caseData, data, 'person.show').caseId });
}

export async function handlePersonExport(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(exportData, data, 'person.export');
  const { case: c, data: exported } = await exportPersonData(deps(ctx), actorOf(ctx), input.caseId, ctx.now);
  return cardAnswer(renderPersonExportCard(ctx.t, c, JSON.stringify(exported, null, 2), input.part));
}

/** The explicit confirmation step: nothing is erased before the reference is typed and confirmed. */
export async function handlePersonEraseStart(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const c = await findCaseToErase(deps(ctx), actorOf(ctx), parsePayload(caseData, data, 'person.eraseStart').caseId);
  return cardAnswer(c.purgedAt ? renderErasedCard(ctx.t, ctx.lang, c, true) : renderEraseConfirmCard(ctx.t, c));
}

export async function handlePersonErase(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(eraseData, data, 'person.erase');
  try {
    const { case: c, alreadyErased } = await erasePersonData(deps(ctx), actorOf(ctx), input.caseId, input['erase.confirm'], ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(renderErasedCard(ctx.t, ctx.lang, c, alreadyErased));
  } catch (err) {
    if (!isDomainError(err) || err.code !== 'erase.not_confirmed') throw err;
    const c = await findCaseToErase(deps(ctx), actorOf(ctx), input.caseId);
    return cardAnswer(renderEraseConfirmCard(ctx.t, c, describeError(ctx.t, err)));
  }
}
