import { caseRef } from '../card-payloads';
import { isCoordinator } from '../app-services';
import { renderWelcomeCard } from '../../adaptive-cards/views/welcome-view';
import { BadPayloadError } from './error-cards';
import { cardAnswer, messageAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';

export async function handleHome(ctx: HandlerContext): Promise<InvokeAnswer> {
  return cardAnswer(renderWelcomeCard(ctx.t, undefined, isCoordinator(ctx.app, ctx.info.caller.userId)));
}

/**
 * The root card's button. The card is shared by the whole channel, so it is never replaced; the
 * details go to the coordinator's 1:1 chat, and anyone else learns nothing (not even whether the
 * case exists).
 */
export async function handleCaseDetails(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  const parsed = caseRef.safeParse(data);
  if (!parsed.success) throw new BadPayloadError('case.details');
  const { caller } = ctx.info;
  const c = isCoordinator(ctx.app, caller.userId) ? await ctx.app.stores.cases.findById(parsed.data.caseId) : null;
  if (!c) return messageAnswer(ctx.t('error.accessDenied'));
  const { stores } = ctx.app;
  await stores.audit.append({ caseId: c.id, at: ctx.now, actorId: caller.userId, action: 'case.details_viewed' });
  await stores.outbox.enqueue(
    {
      key: `case:${c.id}:details:${ctx.activityId}`,
      kind: 'direct_card',
      caseId: c.id,
      userId: caller.userId,
      payload: {
        view: 'case_details',
        locale: caller.locale,
        teamsUserId: ctx.info.teamsUserId,
        tenantId: caller.tenantId,
        serviceUrl: ctx.serviceUrl,
        botId: ctx.botId,
      },
    },
    ctx.now,
  );
  ctx.app.kickOutbox();
  return messageAnswer(ctx.t('case.details.sent', { reference: c.reference }));
}
