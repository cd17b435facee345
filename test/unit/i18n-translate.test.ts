import { CATALOGS, translate } from '../../adaptive-cards/i18n';

/** How a text's {params} are filled: the same in every language, whatever the values hold. */
describe('translate', () => {
  test.each([
    ['every param given', { step: 2, total: 5, title: 'Person' }, 'Step 2 of 5: Person'],
    ['a missing param stays visible, not "undefined"', { step: 2 }, 'Step 2 of {total}: {title}'],
    ['values are not read as patterns or params', { step: '$&', total: '{step}', title: '$1 {title}' }, 'Step $& of {step}: $1 {title}'],
    ['an empty value', { step: '', total: 5, title: '' }, 'Step  of 5: '],
    ['params the text does not name are ignored', { step: 1, total: 5, title: 'x', other: 'y' }, 'Step 1 of 5: x'],
  ])('%s', (_name, params, expected) => {
    expect(translate('en', 'intake.progress', params)).toBe(expected);
  });

  test('every catalogue text with {params} is filled as a single regular-expression pass would fill it', () => {
    for (const lang of ['nl', 'fr', 'en'] as const) {
      for (const [key, text] of Object.entries(CATALOGS[lang])) {
        if (!text.includes('{')) continue;
        const names = [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
        // half of the params given (so both branches are seen), each value unlike any text
        const params = Object.fromEntries(names.filter((_, i) => i % 2 === 0).map((n, i) => [n, `<${i}:${n}>`]));
        const expected = text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
        expect(translate(lang, key as Parameters<typeof translate>[1], params)).toBe(expected);
        // twice: the second call reads the cached split
        expect(translate(lang, key as Parameters<typeof translate>[1], params)).toBe(expected);
      }
    }
  });
});
