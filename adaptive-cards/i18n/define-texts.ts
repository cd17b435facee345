/**
 * A feature's own texts in the three languages. Each feature keeps its texts in one file under
 * features/, so that features grow side by side without editing one shared catalogue; the compiler
 * checks that nl and fr have exactly the keys of en.
 */
export interface FeatureTexts<K extends string> {
  en: Readonly<Record<K, string>>;
  nl: Readonly<Record<K, string>>;
  fr: Readonly<Record<K, string>>;
}

export function defineTexts<const E extends Record<string, string>>(texts: {
  en: E;
  nl: { readonly [P in keyof E]: string };
  fr: { readonly [P in keyof E]: string };
}): FeatureTexts<keyof E & string> {
  return texts as FeatureTexts<keyof E & string>;
}
