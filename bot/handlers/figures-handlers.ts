import { z } from 'zod';
import { getFigures } from '../../domain/case/figures';
import { renderFiguresCard } from '../../adaptive-cards/views/figures-views';
import { isCoordinator } from '../app-services';
import { readCommandArgument } from '../commands';
import { BadPayloadError, PersonalOnlyError } from './error-cards';
import { cardAnswer, messageAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';

/** Years a request can have been made in; anything else typed after "figures" is a typing error. */
const year = z.coerce.number().int().min(2000).max(2100);
const figuresShowData = z.object({ year: z.union([z.literal('all'), year]) }).passthrough();

/** "figures" -> all years; "figures 2021" -> 2021; anything else -> not a year (undefined). */
export function parseFiguresYear(argument: string): number | null | undefined {
  if (argument === '') return null;
  if (!/^\d{4}$/.test(argument)) return undefined;
  const parsed = year.safeParse(argument);
  return parsed.success ? parsed.data : undefined;
}

async function figuresCard(ctx: HandlerContext, forYear: number | null): Promise<InvokeAnswer> {
  const { caller } = ctx.info;
  const actor = { userId: caller.userId, isCoordinator: isCoordinator(ctx.app, caller.userId) };
  const figures = await getFigures({ stores: ctx.app.stores }, actor, forYear, ctx.now);
  const csvUrl = ctx.app.figuresCsvLink?.({ coordinatorId: caller.userId, year: forYear, lang: ctx.lang }, ctx.now) ?? null;
  return cardAnswer(renderFiguresCard(ctx.t, ctx.lang, figures, csvUrl));
}

/** The typed command, in the 1:1 chat; anyone but a coordinator is told it is not available. */
export async function answerFiguresCommand(ctx: HandlerContext, said: string): Promise<InvokeAnswer> {
  if (!isCoordinator(ctx.app, ctx.info.caller.userId)) return messageAnswer(ctx.t('error.accessDenied'));
  const forYear = parseFiguresYear(readCommandArgument(said));
  if (forYear === undefined) return messageAnswer(ctx.t('figures.usage'));
  return figuresCard(ctx, forYear);
}

/** A year's button (or "All years") on the figures card. */
export async function handleFiguresShow(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  if (ctx.info.conversationType !== 'personal') throw new PersonalOnlyError();
  const parsed = figuresShowData.safeParse(data);
  if (!parsed.success) throw new BadPayloadError('figures.show');
  return figuresCard(ctx, parsed.data.year === 'all' ? null : parsed.data.year);
}
