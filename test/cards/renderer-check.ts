import path from 'node:path';

/**
 * Checks a card with the official Adaptive Cards JavaScript renderer's own parser (npm
 * `adaptivecards`, the UMD bundle, which runs in Node), targeting version 1.5: unknown element or
 * action types, values a property does not take, properties newer than 1.5, duplicate ids,
 * inputs without labels, empty choice sets.
 */

/** The bundle the renderer ships for browsers; the same file is loaded into Chromium for the PNGs. */
export const ADAPTIVE_CARDS_BUNDLE = path.join(path.dirname(require.resolve('adaptivecards/package.json')), 'dist', 'adaptivecards.js');
export const ADAPTIVE_CARDS_CSS = path.join(path.dirname(ADAPTIVE_CARDS_BUNDLE), 'adaptivecards.css');

interface ValidationEntry {
  event: number;
  message: string;
}

interface AdaptiveCardsModule {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void; validateProperties(): { validationEvents: ValidationEntry[] } };
  SerializationContext: new (version: unknown) => { eventCount: number; getEventAt(i: number): ValidationEntry };
  Versions: { v1_5: unknown };
  ValidationEvent: Record<number, string>;
}

const AC = require(ADAPTIVE_CARDS_BUNDLE) as AdaptiveCardsModule;

/**
 * Teams extensions the 1.5 parser does not know: the people picker's dynamic choices
 * (`choices.data`), which Teams supports on 1.5 cards (Teams platform docs, "People Picker in
 * Adaptive Cards"). Such a choice set has no static choices, which the parser also reports.
 */
const DYNAMIC_CHOICES = /^Property "choices\.data" is supported in version 1\.6/;
const EMPTY_CHOICE_SET = /^An Input\.ChoiceSet must have at least one choice defined/;

function countPeoplePickers(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, item) => n + countPeoplePickers(item), 0);
  if (!node || typeof node !== 'object') return 0;
  const o = node as Record<string, unknown>;
  const own = o.type === 'Input.ChoiceSet' && o['choices.data'] && Array.isArray(o.choices) && o.choices.length === 0 ? 1 : 0;
  return own + Object.values(o).reduce((n: number, v) => n + countPeoplePickers(v), 0);
}

export function checkWithRenderer(card: object): string[] {
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  parsed.parse(card, context);
  const events: ValidationEntry[] = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...parsed.validateProperties().validationEvents);
  let emptyAllowed = countPeoplePickers(card);
  return events
    .filter((e) => {
      if (DYNAMIC_CHOICES.test(e.message)) return false;
      if (EMPTY_CHOICE_SET.test(e.message) && emptyAllowed > 0) return (emptyAllowed -= 1) < 0;
      return true;
    })
    .map((e) => `${AC.ValidationEvent[e.event] ?? e.event}: ${e.message}`);
}
