import type { Activity, CloudAdapter, ConversationParameters } from 'botbuilder';
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

  async send(target: ConversationTarget, activity: Partial<Activity>): Promise<string | null> {
    this.checkUrl(target.serviceUrl);
    let id: string | null = null;
    await this.adapter.continueConversationAsync(this.appId, reference(target), async (ctx) => {
      id = (await ctx.sendActivity(activity))?.id ?? null;
    });
    return id;
  }

  async update(target: ConversationTarget, activityId: string, activity: Partial<Activity>): Promise<void> {
    this.checkUrl(target.serviceUrl);
    await this.adapter.continueConversationAsync(this.appId, reference(target), async (ctx) => {
      await ctx.updateActivity({ ...activity, id: activityId, conversation: { id: target.conversationId } as Activity['conversation'] });
    });
  }

  async startChannelThread(
    channel: { serviceUrl: string; channelId: string; tenantId: string | null },
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string | null }> {
    this.checkUrl(channel.serviceUrl);
    const params = {
      isGroup: true,
      channelData: { channel: { id: channel.channelId }, ...(channel.tenantId ? { tenant: { id: channel.tenantId } } : {}) },
      activity,
      ...(channel.tenantId ? { tenantId: channel.tenantId } : {}),
    } as unknown as ConversationParameters;
    let conversationId = '';
    await this.adapter.createConversationAsync(this.appId, 'msteams', channel.serviceUrl, '', params, async (ctx) => {
      conversationId = ctx.activity.conversation.id;
    });
    return { conversationId, activityId: rootActivityIdOf(conversationId) };
  }

  async startPersonalChat(
    user: { serviceUrl: string; teamsUserId: string; tenantId: string | null; botId: string },
    activity: Partial<Activity>,
  ): Promise<{ conversationId: string; activityId: string | null }> {
    this.checkUrl(user.serviceUrl);
    const params = {
      isGroup: false,
      bot: { id: user.botId, name: '' },
      members: [{ id: user.teamsUserId, name: '' }],
      ...(user.tenantId ? { tenantId: user.tenantId, channelData: { tenant: { id: user.tenantId } } } : {}),
    } as unknown as ConversationParameters;
    let conversationId = '';
    await this.adapter.createConversationAsync(this.appId, 'msteams', user.serviceUrl, '', params, async (ctx) => {
      conversationId = ctx.activity.conversation.id;
    });
    const activityId = await this.send({ serviceUrl: user.serviceUrl, conversationId, tenantId: user.tenantId }, activity);
    return { conversationId, activityId };
  }
}

function reference(target: ConversationTarget) {
  return {
    channelId: 'msteams',
    serviceUrl: target.serviceUrl,
    conversation: { id: target.conversationId, isGroup: false, conversationType: '', name: '', tenantId: target.tenantId ?? undefined },
  } as Parameters<CloudAdapter['continueConversationAsync']>[1];
}
