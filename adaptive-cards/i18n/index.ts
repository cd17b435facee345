import { en } from './en';
import { nl } from './nl';
import { fr } from './fr';
import type { FeatureTexts } from './define-texts';
import { ASSIGNMENT_TEXTS } from './features/assignment';
import { FIGURES_TEXTS } from './features/figures';
import { PRIVACY_TEXTS } from './features/privacy';
import { POLL_TEXTS } from './features/poll';
import { PREPARATION_TEXTS } from './features/preparation';
import { REPORT_TEXTS } from './features/report';
import { FOLLOWUP_TEXTS } from './features/followup';

export const LANGUAGES_OF_UI = ['nl', 'fr', 'en'] as const;
export type UiLanguage = (typeof LANGUAGES_OF_UI)[number];

type KeysOf<T> = T extends FeatureTexts<infer K> ? K : never;

/** The base catalogue (en.ts, nl.ts, fr.ts) plus every feature's texts. */
export const ALL_TEXTS = [{ en, nl, fr } as FeatureTexts<keyof typeof en>, ASSIGNMENT_TEXTS, PREPARATION_TEXTS, FIGURES_TEXTS, PRIVACY_TEXTS, POLL_TEXTS, REPORT_TEXTS, FOLLOWUP_TEXTS] as const;

export type MessageKey = KeysOf<(typeof ALL_TEXTS)[number]>;
export type Catalog = Readonly<Record<MessageKey, string>>;

function merge(lang: UiLanguage): Catalog {
  return Object.assign({}, ...ALL_TEXTS.map((t) => t[lang])) as Catalog;
}

export const CATALOGS: Readonly<Record<UiLanguage, Catalog>> = { en: merge('en'), nl: merge('nl'), fr: merge('fr') };

/** Teams sends e.g. nl-BE, fr-BE, fr-FR, en-US; anything we do not speak falls back to English. */
export function pickLanguage(locale: string | null | undefined): UiLanguage {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'nl' || primary === 'fr' ? primary : 'en';
}

export type Params = Record<string, string | number>;

export function translate(lang: UiLanguage, key: MessageKey, params: Params = {}): string {
  const text = CATALOGS[lang][key] ?? key;
  // most texts have no {param}: the same string, without a regular-expression pass on every lookup
  if (!text.includes('{')) return text;
  const parts = splitText(text);
  let out = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    out += (name in params ? String(params[name]) : `{${name}}`) + parts[i + 1]!;
  }
  return out;
}

/**
 * A text with {params}, split once into literal, name, literal, …, literal. Cards fill the same
 * texts again and again (a poll card a few per slot); splitting on every call was most of the cost.
 * Only catalogue texts come here, so the cache is bounded by the catalogues; the cap is a guard.
 */
function splitText(text: string): readonly string[] {
  const known = splitTexts.get(text);
  if (known) return known;
  const parts: string[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{(\w+)\}/g)) {
    parts.push(text.slice(last, match.index), match[1]!);
    last = match.index + match[0].length;
  }
  parts.push(text.slice(last));
  if (splitTexts.size >= SPLIT_TEXTS_MAX) splitTexts.clear();
  splitTexts.set(text, parts);
  return parts;
}

const SPLIT_TEXTS_MAX = 10_000;
const splitTexts = new Map<string, readonly string[]>();

/** A translator bound to one language, handed to the card views. */
export type Translate = (key: MessageKey, params?: Params) => string;

export function makeTranslator(lang: UiLanguage): Translate {
  return (key, params) => translate(lang, key, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(CATALOGS.en, key);
}
