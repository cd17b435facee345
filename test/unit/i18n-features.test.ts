import { ALL_TEXTS, CATALOGS } from '../../adaptive-cards/i18n';
import { parseCommand } from '../../bot/commands';

// Every feature's texts (and the base catalogue) in nl and fr have the form of the English ones,
// and no feature silently overrides another's key.

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const bold = (s: string) => (s.match(/\*\*/g) ?? []).length;

describe('feature texts', () => {
  it('never define the same key twice', () => {
    const seen = new Map<string, number>();
    ALL_TEXTS.forEach((t, i) => {
      for (const key of Object.keys(t.en)) {
        expect([key, seen.get(key)]).toEqual([key, undefined]);
        seen.set(key, i);
      }
    });
    expect(Object.keys(CATALOGS.en)).toHaveLength(seen.size);
  });

  const rows = ALL_TEXTS.flatMap((t) => Object.keys(t.en).flatMap((key) => (['nl', 'fr'] as const).map((lang) => [lang, key, t] as const)));

  it.each(rows.map(([lang, key, t]) => [lang, key, (t.en as Record<string, string>)[key]!, (t[lang] as Record<string, string>)[key]!]))(
    '%s %s has the form of the English text',
    (lang, _key, english, text) => {
      expect(text.trim()).toBe(text);
      expect(text.length).toBeGreaterThan(0);
      expect(placeholders(text)).toEqual(placeholders(english));
      expect(bold(text)).toBe(bold(english));
      expect(text.endsWith(' *')).toBe(english.endsWith(' *'));
      if (lang === 'fr') expect(text).not.toMatch(/ [?!:;»]|« /);
    },
  );

  it.each(
    (['nl', 'fr', 'en'] as const).flatMap((lang) =>
      ([['pool.command', 'pool'], ['welcome.command.myCases', 'myCases'], ['welcome.command.figures', 'figures']] as const).map(([key, command]) => [lang, key, command] as const),
    ),
  )('shows in bold, in %s, the command of %s that the bot understands', (lang, key, command) => {
    const word = /\*\*(.+?)\*\*/.exec(CATALOGS[lang][key])?.[1] ?? '';
    expect(parseCommand(word)).toBe(command);
  });
});
