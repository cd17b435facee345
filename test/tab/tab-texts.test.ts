/**
 * Every text of the personal tab exists in Dutch, French and English, and every text the page
 * asks for is in the catalogue.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseCommand } from '../../bot/commands';

const TAB_DIR = path.resolve(__dirname, '..', '..', '..', 'tab');
const texts = require(path.join(TAB_DIR, 'tab-texts.js')) as Record<string, Record<string, string>>;
const LANGS = ['nl', 'fr', 'en'] as const;

describe('tab texts', () => {
  it('has the same keys, all non-empty, in nl, fr and en', () => {
    expect(Object.keys(texts).sort()).toEqual([...LANGS].sort());
    const keys = Object.keys(texts.en!).sort();
    expect(keys.length).toBeGreaterThan(10);
    for (const lang of LANGS) {
      expect(Object.keys(texts[lang]!).sort()).toEqual(keys);
      for (const key of keys) expect(texts[lang]![key]!.trim()).not.toBe('');
    }
  });

  it('uses the same placeholders in every language', () => {
    const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(texts.en!)) {
      for (const lang of LANGS) expect([lang, key, placeholders(texts[lang]![key]!)]).toEqual([lang, key, placeholders(texts.en![key]!)]);
    }
  });

  it('has every key that tab.js asks for', () => {
    const source = fs.readFileSync(path.join(TAB_DIR, 'tab.js'), 'utf8');
    // text('key'), showError('key'), and the 'key' values of the id -> key and code -> key tables
    const asked = new Set<string>();
    for (const m of source.matchAll(/(?:text|showError)\('([\w.]+)'/g)) asked.add(m[1]!);
    for (const m of source.matchAll(/:\s*'((?:error|requests|col|drafts|page)\.[\w.]+|title|intro|loading|retry)'/g)) asked.add(m[1]!);
    for (const m of source.matchAll(/\[\s*'(error\.[\w.]+)',\s*'(error\.[\w.]+)'\s*\]/g)) asked.add(m[1]!).add(m[2]!);
    // every other quoted key of the tab's own sections (ternaries, tables of forms, error keys)
    for (const m of source.matchAll(/'((?:error|nav|polls|actions|dash|loading|cases|role)\.[\w.]+)'/g)) asked.add(m[1]!);
    expect(asked.size).toBeGreaterThan(50);
    for (const key of asked) expect([key, key in texts.en!]).toEqual([key, true]);
  });

  it('writes French with a no-break space before : ; ? ! and inside « »', () => {
    for (const [key, value] of Object.entries(texts.fr!)) {
      // a placeholder's braces and times such as 10:00 are not punctuation
      const prose = value.replace(/\{\w+\}/g, 'X').replace(/\d:\d/g, '');
      expect([key, /[^\u00a0\u202f][:;?!]/.test(prose)]).toEqual([key, false]);
      expect([key, /«(?!\u00a0)|(?<!\u00a0)»/.test(prose)]).toEqual([key, false]);
    }
  });

  it('names the bot\'s commands as the bot understands them', () => {
    const quoted = (s: string) => [...s.matchAll(/["«]\s?([^"»]+?)\s?["»]/g)].map((m) => m[1]!);
    for (const lang of LANGS) {
      expect(quoted(texts[lang]!['requests.none']!).map(parseCommand)).toEqual(['newRequest']);
      expect(quoted(texts[lang]!['drafts.hint']!).map(parseCommand)).toEqual(['myDrafts']);
    }
  });
});
