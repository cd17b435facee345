import type { AdaptiveCard } from '../../adaptive-cards/render';
import type { Translate, UiLanguage } from '../../adaptive-cards/i18n';
import type { AppServices } from '../app-services';
import type { TurnInfo } from '../turn-info';

export interface HandlerContext {
  app: AppServices;
  info: TurnInfo;
  lang: UiLanguage;
  t: Translate;
  now: Date;
  /** The incoming activity's id: an idempotency key for what this turn enqueues. */
  activityId: string;
  serviceUrl: string;
  botId: string;
}

/**
 * What an Action.Execute turn answers: a card that replaces the clicked one, or a short message
 * shown to the clicker only (used on shared channel cards, which must not change for everyone).
 */
export type InvokeAnswer = { kind: 'card'; card: AdaptiveCard } | { kind: 'message'; text: string };

export type VerbHandler = (ctx: HandlerContext, data: unknown) => Promise<InvokeAnswer>;

export const cardAnswer = (card: AdaptiveCard): InvokeAnswer => ({ kind: 'card', card });
export const messageAnswer = (text: string): InvokeAnswer => ({ kind: 'message', text });
