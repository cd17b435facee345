import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { openReport, saveReportDraft } from '../../domain/report/report-use-cases';
import { renderActionEditCard, renderReportSectionCard } from '../../adaptive-cards/views/report-views';
import { cardAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';
import { actorOf, formInputs, idSchema, parsePayload, requirePersonal } from './handler-kit';
import { actionInput, asValues, deps, good, refusedOn } from './report-handlers';

/**
 * Editing an agreed action while the report is still a draft (the organiser). What, who and by
 * when are checked exactly as when the action was added (domain/report/draft.ts editAction); a
 * refused change shows the form again with the reason and what was typed, nothing written.
 */

const actionRef = z.object({ caseId: idSchema, actionId: idSchema }).passthrough();

export async function handleReportActionEditForm(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId, actionId } = parsePayload(actionRef, data, 'report.actionEditForm');
  const { case: c, report } = await openReport(deps(ctx), actorOf(ctx), caseId, ctx.now);
  if (!report || report.status !== 'draft') return refusedOn(ctx, caseId, new DomainError('report.not_draft'));
  if (!report.actions.some((a) => a.id === actionId)) return refusedOn(ctx, caseId, new DomainError('action.not_found'), (c2, r2, notice) => renderReportSectionCard(ctx.t, ctx.lang, c2, r2, 'actions', notice));
  return cardAnswer(renderActionEditCard(ctx.t, ctx.lang, c, report, actionId));
}

export async function handleReportActionEdit(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId, actionId } = parsePayload(actionRef, data, 'report.actionEdit');
  const raw = formInputs(data, 'act', 'report.actionEdit');
  const input = actionInput(raw.what, raw.owner, raw.name, raw.due);
  try {
    const { case: c, report } = await saveReportDraft(deps(ctx), actorOf(ctx), caseId, { section: 'action_edit', actionId, input }, ctx.now);
    return cardAnswer(renderReportSectionCard(ctx.t, ctx.lang, c, report, 'actions', good(ctx.t('report.action.edited'))));
  } catch (err) {
    return refusedOn(ctx, caseId, err, (c, report, notice) =>
      report.actions.some((a) => a.id === actionId)
        ? renderActionEditCard(ctx.t, ctx.lang, c, report, actionId, notice, asValues('act', raw))
        : renderReportSectionCard(ctx.t, ctx.lang, c, report, 'actions', notice),
    );
  }
}
