import type * as ACData from 'adaptivecards-templating';
import { FastTemplate } from './fast-template';

export type AdaptiveCard = Record<string, unknown> & { type: 'AdaptiveCard'; version: string };

/**
 * Expands a JSON card template with its data. Templates are JSON files under templates/; views
 * (views/*.ts) build the data, so a template never contains text of its own.
 */
export function renderCard(template: object, data: object): AdaptiveCard {
  return preparedTemplate(template).expand({ $root: data }) as AdaptiveCard;
}

// Preparing a template parses every expression in it: most of a turn's time when done per render.
// Templates are module-level JSON objects, so the prepared form is kept per object.
const PREPARED = new WeakMap<object, ACData.Template>();

function preparedTemplate(template: object): ACData.Template {
  let prepared = PREPARED.get(template);
  if (!prepared) {
    prepared = new FastTemplate(template);
    PREPARED.set(template, prepared);
  }
  return prepared;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function toAttachment(card: AdaptiveCard): { contentType: string; content: AdaptiveCard } {
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card };
}
