import { viewWeeklyOverview } from '../../domain/followup/followup-use-cases';
import { renderWeeklyOverviewCard } from '../../adaptive-cards/views/followup-views';
import type { Notice } from '../../adaptive-cards/views/assignment-views';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import { cardAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';
import { actorOf, requirePersonal } from './handler-kit';

/**
 * The referent's weekly overview of open actions across their cases, opened (or refreshed) in
 * their 1:1 chat; answering an action on it shows it again (report-handlers.ts, handleActionAnswer).
 * It lists only cases where the caller is the referent, so there is nothing to refuse: someone
 * else sees "no open action".
 */
export async function weeklyOverviewCard(ctx: HandlerContext, notice?: Notice): Promise<AdaptiveCard> {
  const overview = await viewWeeklyOverview(ctx.app.stores, actorOf(ctx), ctx.now);
  return renderWeeklyOverviewCard(ctx.t, ctx.lang, overview, notice);
}

export async function handleWeeklyOverview(ctx: HandlerContext, _data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  return cardAnswer(await weeklyOverviewCard(ctx));
}
