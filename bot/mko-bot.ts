import { TeamsActivityHandler, type InvokeResponse, type TurnContext } from 'botbuilder';
import { z } from 'zod';
import { makeTranslator, pickLanguage } from '../adaptive-cards/i18n';
import { renderWelcomeCard } from '../adaptive-cards/views/welcome-view';
import { ADAPTIVE_CARD_CONTENT_TYPE, toAttachment } from '../adaptive-cards/render';
import { parseCommand } from './commands';
import { isCoordinator, type AppServices } from './app-services';
import { readCommandText, readTurnInfo } from './turn-info';
import type { HandlerContext, InvokeAnswer } from './handlers/handler-types';
import { findVerbHandler } from './handlers/verb-table';
import { answerCommand } from './handlers/command-handlers';
import { BadPayloadError, describeError, PersonalOnlyError, renderErrorCard, UnknownVerbError } from './handlers/error-cards';
import { isDomainError } from '../domain/errors';

const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

/** The shape Teams gives an Action.Execute invoke; anything else is answered with an error card. */
const invokeValueSchema = z.object({
  action: z.object({
    type: z.literal('Action.Execute'),
    verb: z.string().max(100),
    data: z.unknown().optional(),
  }),
});

/** What a turn did, for its one structured log line (never any text or personal data). */
interface TurnLog {
  kind?: string;
  outcome?: 'ok' | 'error' | 'rejected';
  code?: string;
}
const TURN_LOG = Symbol('turnLog');

export class MkoBot extends TeamsActivityHandler {
  private readonly knownConversations = new Map<string, string>();

  constructor(private readonly app: AppServices) {
    super();

    this.onMessage(async (context, next) => {
      const ctx = this.makeHandlerContext(context);
      const said = readCommandText(context.activity);
      const command = parseCommand(said);
      this.turnLog(context).kind = `command:${command ?? 'none'}`;
      await context.sendActivity(await answerCommand(ctx, command, said));
      await next();
    });

    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const botWasAdded = (context.activity.membersAdded ?? []).some((m) => m.id === botId);
      if (botWasAdded) {
        const ctx = this.makeHandlerContext(context);
        this.turnLog(context).kind = 'installed';
        await context.sendActivity(
          ctx.info.conversationType === 'personal'
            ? { type: 'message', attachments: [toAttachment(renderWelcomeCard(ctx.t, undefined, isCoordinator(this.app, ctx.info.caller.userId)))] }
            : { type: 'message', text: ctx.t('channel.intro') },
        );
      }
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    const started = performance.now();
    const log: TurnLog = {};
    context.turnState.set(TURN_LOG, log);
    try {
      await this.rememberConversation(context);
      await super.run(context);
      log.outcome ??= 'ok';
    } catch (err) {
      log.outcome = 'error';
      log.code = errorCode(err);
      throw err;
    } finally {
      const a = context.activity;
      this.app.logger.info(
        {
          turn: a.type,
          name: a.name,
          kind: log.kind,
          conversationType: a.conversation?.conversationType ?? 'personal',
          outcome: log.outcome,
          code: log.code,
          ms: Math.round(performance.now() - started),
        },
        'turn',
      );
    }
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    if (context.activity.name !== ADAPTIVE_CARD_ACTION) return super.onInvokeActivity(context);
    const ctx = this.makeHandlerContext(context);
    const log = this.turnLog(context);
    let answer: InvokeAnswer;
    try {
      const parsed = invokeValueSchema.safeParse(context.activity.value);
      if (!parsed.success) throw new BadPayloadError('?');
      const { verb, data } = parsed.data.action;
      log.kind = `verb:${findVerbHandler(verb) ? verb : 'unknown'}`;
      const handler = findVerbHandler(verb);
      if (!handler) throw new UnknownVerbError();
      answer = await handler(ctx, data ?? {});
    } catch (err) {
      // every failure gets a clear answer in the user's language; nothing was written half-way
      log.outcome = 'rejected';
      log.code = errorCode(err);
      if (!isExpectedRejection(err)) {
        const e = err instanceof Error ? err : new Error(String(err));
        this.app.logger.error({ err: { name: e.name, message: e.message, stack: e.stack } }, 'invoke failed');
      }
      answer =
        ctx.info.conversationType === 'personal'
          ? { kind: 'card', card: renderErrorCard(ctx.t, err) }
          : { kind: 'message', text: describeError(ctx.t, err) };
    }
    const body =
      answer.kind === 'card'
        ? { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: answer.card }
        : { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: answer.text };
    return { status: 200, body };
  }

  private turnLog(context: TurnContext): TurnLog {
    return (context.turnState.get(TURN_LOG) as TurnLog | undefined) ?? {};
  }

  private makeHandlerContext(context: TurnContext): HandlerContext {
    const info = readTurnInfo(context.activity);
    const lang = pickLanguage(info.caller.locale);
    return {
      app: this.app,
      info,
      lang,
      t: makeTranslator(lang),
      now: this.app.clock.now(),
      activityId: context.activity.id ?? this.app.ids.newId(),
      serviceUrl: context.activity.serviceUrl,
      botId: context.activity.recipient?.id ?? '',
    };
  }

  /**
   * Stored from every 1:1 turn, so that the bot can write to this user after a restart. The store
   * is the truth; the map only spares a write when nothing changed since this process last wrote.
   */
  private async rememberConversation(context: TurnContext): Promise<void> {
    const a = context.activity;
    const info = readTurnInfo(a);
    if (info.conversationType !== 'personal' || !a.conversation?.id || !a.from?.id || !a.serviceUrl) return;
    const fingerprint = [a.serviceUrl, a.conversation.id, info.caller.locale, info.caller.tenantId].join('|');
    if (this.knownConversations.get(info.caller.userId) === fingerprint) return;
    await this.app.stores.conversations.upsert({
      userId: info.caller.userId,
      tenantId: info.caller.tenantId,
      serviceUrl: a.serviceUrl,
      conversationId: a.conversation.id,
      channelId: a.channelId ?? 'msteams',
      botId: a.recipient?.id ?? '',
      botName: a.recipient?.name ?? null,
      locale: info.caller.locale,
      updatedAt: this.app.clock.now(),
    });
    this.knownConversations.set(info.caller.userId, fingerprint);
  }
}

function errorCode(err: unknown): string {
  return isDomainError(err) ? err.code : err instanceof Error ? err.name : 'unknown';
}

/** Rejections the user caused and was told about; anything else is a bug worth an error log. */
function isExpectedRejection(err: unknown): boolean {
  return isDomainError(err) || err instanceof BadPayloadError || err instanceof UnknownVerbError || err instanceof PersonalOnlyError;
}
