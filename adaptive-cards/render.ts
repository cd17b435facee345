import * as ACData from 'adaptivecards-templating';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/**
 * Expands a JSON card template with its data. Templates are JSON files under templates/; views
 * (views/*.ts) build the data, so a template never contains text of its own.
 */
export function renderCard(template: object, data: object): AdaptiveCard {
  const expanded = new ACData.Template(template).expand({ $root: data }) as AdaptiveCard;
  return expanded;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function toAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
