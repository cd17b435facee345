import type { Activity } from 'botbuilder';
import { listOwnDrafts, startDraft } from '../../domain/intake/intake';
import type { CasesChannel } from '../../domain/ports';
import { renderWelcomeCard } from '../../adaptive-cards/views/welcome-view';
import { renderDraftsCard, renderIntakeStepCard } from '../../adaptive-cards/views/intake-views';
import { toAttachment, type AdaptiveCard } from '../../adaptive-cards/render';
import type { Command } from '../commands';
import { intakeDeps, isCoordinator } from '../app-services';
import type { HandlerContext, InvokeAnswer } from './handler-types';
import { answerFiguresCommand } from './figures-handlers';
import { answerAuditCommand, answerPersonDataCommand } from './privacy-handlers';
import { renderPoolFor } from './assignment-handlers';
import { renderMyCasesFor } from './preparation-handlers';
import { answerReportCommand } from './report-handlers';

const cardMessage = (card: AdaptiveCard): Partial<Activity> => ({ type: 'message', attachments: [toAttachment(card)] });
const textMessage = (text: string): Partial<Activity> => ({ type: 'message', text });
const answerMessage = (a: InvokeAnswer): Partial<Activity> => (a.kind === 'card' ? cardMessage(a.card) : textMessage(a.text));

/** Answers a typed command (or any other text) with one message. */
export async function answerCommand(ctx: HandlerContext, command: Command | null, said: string): Promise<Partial<Activity>> {
  if (ctx.info.conversationType !== 'personal') return answerInChannel(ctx, command);
  switch (command) {
    case 'help':
      return cardMessage(renderWelcomeCard(ctx.t, undefined, isCoordinator(ctx.app, ctx.info.caller.userId)));
    case 'newRequest': {
      const draft = await startDraft(intakeDeps(ctx.app), ctx.info.caller, ctx.now);
      return cardMessage(renderIntakeStepCard(ctx.t, ctx.lang, draft));
    }
    case 'myDrafts':
      return cardMessage(renderDraftsCard(ctx.t, ctx.lang, await listOwnDrafts(intakeDeps(ctx.app), ctx.info.caller)));
    case 'casesChannel':
      return textMessage(ctx.t('channel.notAChannel'));
    case 'pool':
      if (!isCoordinator(ctx.app, ctx.info.caller.userId)) return textMessage(ctx.t('pool.coordinatorOnly'));
      return cardMessage(await renderPoolFor(ctx));
    case 'myCases':
      return cardMessage(await renderMyCasesFor(ctx));
    case 'figures':
      return answerMessage(await answerFiguresCommand(ctx, said));
    case 'personData':
      return answerMessage(await answerPersonDataCommand(ctx, said));
    case 'auditTrail':
      return answerMessage(await answerAuditCommand(ctx, said));
    case 'report':
      return answerMessage(await answerReportCommand(ctx, said));
    case null:
      return cardMessage(renderWelcomeCard(ctx.t, ctx.t('welcome.unknown', { text: said.slice(0, 60) }), isCoordinator(ctx.app, ctx.info.caller.userId)));
  }
}

/** In a team channel or group chat no personal data is ever shown: only the channel command works. */
async function answerInChannel(ctx: HandlerContext, command: Command | null): Promise<Partial<Activity>> {
  if (command === 'casesChannel') return textMessage(await chooseCasesChannel(ctx));
  if (command === 'figures' || command === 'personData' || command === 'auditTrail' || command === 'report') return textMessage(ctx.t('figures.personalOnly'));
  if (command === 'newRequest' || command === 'myDrafts' || command === 'pool' || command === 'myCases') return textMessage(ctx.t('error.personalOnly'));
  return textMessage(ctx.t('channel.intro'));
}

/**
 * A coordinator makes the current channel the cases channel; requests submitted before there was
 * one are posted now.
 */
async function chooseCasesChannel(ctx: HandlerContext): Promise<string> {
  const { info, app } = ctx;
  if (info.conversationType !== 'channel' || !info.channelId) return ctx.t('channel.notAChannel');
  if (!isCoordinator(app, info.caller.userId)) return ctx.t('channel.coordinatorOnly');
  const channel: CasesChannel = {
    teamId: info.teamId,
    channelId: info.channelId,
    tenantId: info.caller.tenantId,
    serviceUrl: ctx.serviceUrl,
    botId: ctx.botId,
    locale: info.caller.locale,
    setBy: info.caller.userId,
    setAt: ctx.now,
  };
  await app.stores.settings.setCasesChannel(channel);
  const released = await app.stores.outbox.releaseParked(ctx.now);
  app.kickOutbox();
  return ctx.t('channel.set', { count: released });
}

