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
  return text.replace(/\{(\w+)\}/g, (whole: string, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator bound to one language, handed to the card views. */
export type Translate = (key: MessageKey, params?: Params) => string;

export function makeTranslator(lang: UiLanguage): Translate {
  return (key, params) => translate(lang, key, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(CATALOGS.en, key);
}
