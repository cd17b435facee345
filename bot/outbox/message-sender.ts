import type { Activity, CloudAdapter, ConversationParameters, TurnContext } from 'botbuilder';
import type { ConnectorClient } from 'botframework-connector';
import { isLoopbackUrl } from '../loopback';

/** Where a proactive message goes. */
export interface ConversationTarget {
  serviceUrl: string;
  conversationId: string;
  tenantId: string | null;
}

/** The three ways the bot writes without being asked; the outbox dispatcher uses only these. */
export interface MessageSender {
  send(target: ConversationTarget, activity: Partial<Activity>): Promise<string | null>;
  update(target: ConversationTarget, activityId: string, activity: Partial<Activity>): Promise<void>;
  /** Starts a new thread in a channel; returns the thread's conversation id and root message id. */
  startChannelThread(
    channel: { serviceUrl: string; channelId: string; tenantId: string | null },
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string | null }>;
  /** Opens (or finds) the 1:1 chat with a user who never wrote to the bot, and posts in it. */
  startPersonalChat(
    user: { serviceUrl: string; teamsUserId: string; tenantId: string | null; botId: string },
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string | null }>;
}

export class SendRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'SendRefusedError';
  }
}

/** Teams' thread ids end in ";messageid=<root activity id>". */
export function rootActivityIdOf(threadConversationId: string): string | null {
  const m = /;messageid=([^;]+)$/.exec(threadConversationId);
  return m ? m[1]! : null;
}

/** Sends through botbuilder's CloudAdapter (proactive messaging, as Teams documents it). */
export class TeamsMessageSender implements MessageSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    /** Without authentication the bot may only call back to this machine. */
    private readonly loopbackOnly: boolean,
  ) {}

  private checkUrl(serviceUrl: string): void {
    if (this.loopbackOnly && !isLoopbackUrl(serviceUrl)) {
      throw new SendRefusedError('service url is not on loopback while authentication is off');
    }
  }

  /**
   * Runs `work` with a turn for the target conversation. The SDK's own in-process retries are
   * removed from the connector client: a throttled (429) or failed send must come back to the
   * outbox, which retries it durably and honours Retry-After without blocking other messages.
   */
  private async withTurn(target: ConversationTarget, work: (ctx: TurnContext, client: ConnectorClient) => Promise<void>): Promise<void> {
    this.checkUrl(target.serviceUrl);
    // the adapter hands errors thrown in a turn to onTurnError, which swallows them; a failed send
    // must reach the outbox instead, or it would be marked as sent
    let failure: { error: unknown } | null = null;
    await this.adapter.continueConversationAsync(this.appId, reference(target), async (ctx) => {
      const client = ctx.turnState.get(this.adapter.ConnectorClientKey) as ConnectorClient;
      removeRetryPolicy(client);
      try {
        await work(ctx, client);
      } catch (error) {
        failure = { error };
      }
    });
    if (failure) throw (failure as { error: unknown }).error;
  }

  async send(target: ConversationTarget, activity: Partial<Activity>): Promise<string | null> {
    let id: string | null = null;
    await this.withTurn(target, async (ctx) => {
      id = (await ctx.sendActivity(activity))?.id ?? null;
    });
    return id;
  }

  async update(target: ConversationTarget, activityId: string, activity: Partial<Activity>): Promise<void> {
    await this.withTurn(target, async (ctx) => {
      await ctx.updateActivity({ ...activity, id: activityId, conversation: { id: target.conversationId } as Activity['conversation'] });
    });
  }

  private async createConversation(serviceUrl: string, tenantId: string | null, params: object): Promise<{ conversationId: string; activityId: string | null }> {
    let created: { id?: string; activityId?: string } = {};
    await this.withTurn({ serviceUrl, conversationId: '', tenantId }, async (_ctx, client) => {
      created = await client.conversations.createConversation(params as ConversationParameters);
    });
    if (!created.id) throw new Error('the connector returned no conversation id');
    return { conversationId: created.id, activityId: created.activityId ?? rootActivityIdOf(created.id) };
  }

  async startChannelThread(
    channel: { serviceUrl: string; channelId: string; tenantId: string | null },
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string | null }> {
    return this.createConversation(channel.serviceUrl, channel.tenantId, {
      isGroup: true,
      channelData: { channel: { id: channel.channelId }, ...(channel.tenantId ? { tenant: { id: channel.tenantId } } : {}) },
      activity,
      ...(channel.tenantId ? { tenantId: channel.tenantId } : {}),
    });
  }

  async startPersonalChat(
    user: { serviceUrl: string; teamsUserId: string; tenantId: string | null; botId: string },
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string | null }> {
    const { conversationId } = await this.createConversation(user.serviceUrl, user.tenantId, {
      isGroup: false,
      bot: { id: user.botId, name: '' },
      members: [{ id: user.teamsUserId, name: '' }],
      ...(user.tenantId ? { tenantId: user.tenantId, channelData: { tenant: { id: user.tenantId } } } : {}),
    });
    const activityId = await this.send({ serviceUrl: user.serviceUrl, conversationId, tenantId: user.tenantId }, activity);
    return { conversationId, activityId };
  }
}

function removeRetryPolicy(client: ConnectorClient): void {
  const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(o: { phase: string }): unknown } } }).client?.pipeline;
  pipeline?.removePolicy({ phase: 'Retry' });
}

function reference(target: ConversationTarget) {
  return {
    channelId: 'msteams',
    serviceUrl: target.serviceUrl,
    conversation: { id: target.conversationId, isGroup: false, conversationType: '', name: '', tenantId: target.tenantId ?? undefined },
  } as Parameters<CloudAdapter['continueConversationAsync']>[1];
}
