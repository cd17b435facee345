/**
 * Teams-shaped activities for a bot that runs elsewhere (a child process, a benchmark target):
 * what BotHarness sends, without needing the bot in the same process.
 */
export const ACTIVITY_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const ACTIVITY_BOT = { id: '28:mko-bot', name: 'MKO' };
export const ACTIVITY_CHANNEL = '19:cases-channel@thread.tacv2';

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
}

let seq = 0;

export const personalConversationOf = (user: TeamsUser) => `a:personal-${user.id}`;

function base(serviceUrl: string, user: TeamsUser, locale: string) {
  return {
    id: `act-${process.pid}-${++seq}`,
    channelId: 'msteams',
    serviceUrl,
    timestamp: new Date().toISOString(),
    locale,
    from: user,
    recipient: ACTIVITY_BOT,
  };
}

/** A 1:1 message from `user`. */
export function makePersonalMessage(serviceUrl: string, user: TeamsUser, text: string, locale = 'en-US') {
  return {
    ...base(serviceUrl, user, locale),
    type: 'message',
    text,
    conversation: { id: personalConversationOf(user), conversationType: 'personal', tenantId: ACTIVITY_TENANT },
    channelData: { tenant: { id: ACTIVITY_TENANT } },
  };
}

/** A post in the team channel that @mentions the bot. */
export function makeChannelMessage(serviceUrl: string, user: TeamsUser, text: string, locale = 'en-US') {
  return {
    ...base(serviceUrl, user, locale),
    type: 'message',
    text: `<at>MKO</at> ${text}`,
    entities: [{ type: 'mention', mentioned: ACTIVITY_BOT, text: '<at>MKO</at>' }],
    conversation: { id: `${ACTIVITY_CHANNEL};messageid=${seq}`, conversationType: 'channel', isGroup: true, tenantId: ACTIVITY_TENANT },
    channelData: { tenant: { id: ACTIVITY_TENANT }, channel: { id: ACTIVITY_CHANNEL }, team: { id: '19:team@thread.tacv2' } },
  };
}

/** An Action.Execute click in `user`'s 1:1 chat (or on a card in the channel). */
export function makeCardAction(serviceUrl: string, user: TeamsUser, verb: string, data: unknown, options: { locale?: string; inChannel?: boolean } = {}) {
  const conversation = options.inChannel
    ? { id: `${ACTIVITY_CHANNEL};messageid=1`, conversationType: 'channel', isGroup: true, tenantId: ACTIVITY_TENANT }
    : { id: personalConversationOf(user), conversationType: 'personal', tenantId: ACTIVITY_TENANT };
  return {
    ...base(serviceUrl, user, options.locale ?? 'en-US'),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data } },
    conversation,
    channelData: options.inChannel ? { tenant: { id: ACTIVITY_TENANT }, channel: { id: ACTIVITY_CHANNEL } } : { tenant: { id: ACTIVITY_TENANT } },
  };
}
