import type { Activity } from 'botbuilder';
import type { Caller } from '../domain/intake/intake';

/** The facts about a Teams turn that the handlers need, read once from the activity. */
export interface TurnInfo {
  caller: Caller;
  /** The Teams-internal user id (29:...), needed to open a 1:1 chat proactively. */
  teamsUserId: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  channelId: string | null;
  teamId: string | null;
}

export function readTurnInfo(activity: Partial<Activity>): TurnInfo {
  const channelData = (activity.channelData ?? {}) as {
    tenant?: { id?: string };
    channel?: { id?: string };
    team?: { id?: string };
  };
  const from = activity.from ?? { id: '' };
  const rawType = activity.conversation?.conversationType;
  const conversationType: TurnInfo['conversationType'] =
    rawType === 'channel' || channelData.channel?.id ? 'channel' : rawType === 'groupChat' ? 'groupChat' : 'personal';
  return {
    caller: {
      // the Entra object id is stable across chats and apps; the Teams id is a fallback
      userId: ('aadObjectId' in from && from.aadObjectId) || from.id,
      tenantId: activity.conversation?.tenantId ?? channelData.tenant?.id ?? null,
      locale: activity.locale ?? 'en',
    },
    teamsUserId: from.id,
    conversationType,
    channelId: channelData.channel?.id ?? null,
    teamId: channelData.team?.id ?? null,
  };
}

/** The tenant an incoming activity claims to come from (checked against the allowed list). */
export function readTenantId(body: unknown): string | null {
  const b = body as { conversation?: { tenantId?: unknown }; channelData?: { tenant?: { id?: unknown } } } | null;
  const id = b?.channelData?.tenant?.id ?? b?.conversation?.tenantId;
  return typeof id === 'string' ? id : null;
}

/** In a channel the bot only hears posts that @mention it; the mention is not part of the command. */
export function readCommandText(activity: Partial<Activity>): string {
  const text = activity.text ?? '';
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
