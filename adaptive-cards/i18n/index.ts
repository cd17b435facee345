import { en, type Catalog, type MessageKey } from './en';
import { nl } from './nl';
import { fr } from './fr';

export type { MessageKey, Catalog } from './en';
export const LANGUAGES_OF_UI = ['nl', 'fr', 'en'] as const;
export type UiLanguage = (typeof LANGUAGES_OF_UI)[number];

const CATALOGS: Readonly<Record<UiLanguage, Catalog>> = { en, nl, fr };

/** Teams sends e.g. nl-BE, fr-BE, fr-FR, en-US; anything we do not speak falls back to English. */
export function pickLanguage(locale: string | null | undefined): UiLanguage {
  const primary = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return primary === 'nl' || primary === 'fr' ? primary : 'en';
}

export type Params = Record<string, string | number>;

export function translate(lang: UiLanguage, key: MessageKey, params: Params = {}): string {
  const text = CATALOGS[lang][key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A translator bound to one language, handed to the card views. */
export type Translate = (key: MessageKey, params?: Params) => string;

export function makeTranslator(lang: UiLanguage): Translate {
  return (key, params) => translate(lang, key, params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}
