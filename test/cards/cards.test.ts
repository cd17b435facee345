/**
 * Every card template, rendered through its view with realistic data in nl, fr and en:
 * - valid Adaptive Card 1.5: a strict schema of the 1.5 elements the bot uses, and the official
 *   renderer's own 1.5 parser (see adaptive-card-schema.ts for why not the official schema file);
 * - every Action.Execute verb is a known verb with a handler, and no Action.Submit (the bot answers
 *   Universal Actions only);
 * - nothing left unexpanded (`${`), no raw catalogue key ("field.person.x"), no unfilled {param}
 *   (except in a document shown as it is: the person-data export's JSON, see Rendering.verbatim);
 * - under 40 KB (Teams refuses larger messages; 28 KB is its limit for a whole activity on some
 *   clients, so the cards stay well below);
 * - drawn by the Adaptive Cards JS renderer in headless Chromium to test-results/cards/<card>-<lang>.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import type { Browser, Page } from 'playwright-core';
import { ALL_VERBS } from '../../adaptive-cards/verbs';
import { VERB_HANDLERS } from '../../bot/handlers/verb-table';
import { CATALOGS, LANGUAGES_OF_UI, type UiLanguage } from '../../adaptive-cards/i18n';
import { renderAllCards, type Rendering } from './card-renderings';
import { ADAPTIVE_CARD_1_5_SUBSET } from './adaptive-card-schema';
import { ADAPTIVE_CARDS_BUNDLE, ADAPTIVE_CARDS_CSS, checkWithRenderer } from './renderer-check';
import { actionTypes, executeVerbs, verbatimTexts, visibleTexts } from './card-contents';
import { launchChromium } from '../tab/headless-chromium';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const TEMPLATES_DIR = path.join(ROOT, 'adaptive-cards', 'templates');
const OUT_DIR = path.join(ROOT, 'test-results', 'cards');
const MAX_CARD_BYTES = 40 * 1024;

const templateFiles = fs.readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.json')).sort();
const templates = new Map(templateFiles.map((f) => [f.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, f), 'utf8'))]));
const renderings: Record<UiLanguage, Rendering[]> = { nl: renderAllCards('nl'), fr: renderAllCards('fr'), en: renderAllCards('en') };
const cases = LANGUAGES_OF_UI.flatMap((lang) => renderings[lang].map((r) => ({ lang, ...r })));

const ajv = new Ajv({ allErrors: true, discriminator: true, strict: true });
const validateCard = ajv.compile(ADAPTIVE_CARD_1_5_SUBSET);

/** First segments of the catalogue keys ("field", "choice", "status", ...): a text starting so is a raw key. */
const KEY_NAMESPACES = [...new Set(Object.keys(CATALOGS.en).map((k) => k.split('.')[0]!))];
const RAW_KEY = new RegExp(`(^|[^\\w.])(${KEY_NAMESPACES.join('|')})\\.[a-zA-Z_]+(\\.[a-zA-Z_]+)*\\b`);

describe('card templates', () => {
  it('are each rendered by at least one view fixture (test/cards/card-renderings.ts)', () => {
    expect(templateFiles.length).toBeGreaterThan(0);
    for (const lang of LANGUAGES_OF_UI) {
      const covered = new Set(renderings[lang].map((r) => r.template));
      expect([lang, [...templates.keys()].filter((t) => !covered.has(t))]).toEqual([lang, []]);
    }
    const names = cases.map((c) => `${c.name}-${c.lang}`);
    expect(new Set(names).size).toBe(names.length);
  });

  it('use Action.Execute (never Action.Submit), with verbs that are known and have a handler', () => {
    for (const [name, template] of templates) {
      expect([name, actionTypes(template).filter((t) => t !== 'Action.Execute' && t !== 'Action.OpenUrl')]).toEqual([name, []]);
      for (const verb of executeVerbs(template)) {
        expect([name, verb, (ALL_VERBS as readonly string[]).includes(verb), Object.prototype.hasOwnProperty.call(VERB_HANDLERS, verb)]).toEqual([name, verb, true, true]);
      }
    }
    // the rendered cards carry the same verbs (no verb comes from data)
    for (const c of cases) {
      for (const verb of executeVerbs(c.card)) expect([c.name, (ALL_VERBS as readonly string[]).includes(verb)]).toEqual([c.name, true]);
    }
  });

  it('the schema check fails on a broken card (the checks can fail)', () => {
    const card = JSON.parse(JSON.stringify(renderings.en[0]!.card));
    card.body[0].wieght = 'Bolder';
    card.body.push({ type: 'TextBlock' }, { type: 'Image', url: 'x' });
    card.actions.push({ type: 'Action.Submit', title: 'x' });
    expect(validateCard(card)).toBe(false);
    expect(checkWithRenderer({ ...card, body: [...card.body, { type: 'TextBlock', text: 'x', color: 'Purple' }] })).not.toEqual([]);
    expect(['field.person.x', 'Status: status.awaiting_assignment'].every((s) => RAW_KEY.test(s))).toBe(true);
    expect(['e.g. MKO-2026-0001', 'nurse@example.org', 'Dr. A. Janssens'].some((s) => RAW_KEY.test(s))).toBe(false);
  });

  it('lets an Action.OpenUrl use plain http to this machine only', () => {
    const withUrl = (url: string) => ({ ...renderings.en[0]!.card, actions: [{ type: 'Action.OpenUrl', title: 'CSV', url }] });
    for (const url of ['https://mko-bot.example.org/api/figures.csv?token=a.b', 'http://127.0.0.1:3978/api/figures.csv?token=a.b', 'http://localhost:3978/x', 'http://[::1]:3978/x', 'http://127.0.0.1']) {
      expect([url, validateCard(withUrl(url))]).toEqual([url, true]);
    }
    for (const url of ['http://mko-bot.example.org/api/figures.csv', 'http://localhost.example.org/x', 'http://127.0.0.1.example.org/x', 'http://127.0.0.1@example.org/x', 'https://', 'javascript:alert(1)', 'ftp://127.0.0.1/x']) {
      expect([url, validateCard(withUrl(url))]).toEqual([url, false]);
    }
  });

  it('exempts only the export\'s monospace TextRuns, as data, from the text checks', () => {
    expect(cases.filter((c) => c.verbatim).map((c) => c.template).filter((t) => t !== 'person-data-export')).toEqual([]);
    const card = {
      body: [
        { type: 'TextBlock', text: 'case.submitted', fontType: 'Monospace' },
        { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: 'status.refused' }, { type: 'TextRun', text: '"action": "case.submitted"', fontType: 'Monospace' }] },
      ],
    };
    expect(verbatimTexts(card)).toEqual(['"action": "case.submitted"']);
  });

  describe.each(cases.map((c) => [`${c.name} (${c.lang})`, c] as const))('%s', (_label, c) => {
    it('is valid Adaptive Card 1.5 (strict schema of the elements used)', () => {
      const ok = validateCard(c.card);
      expect(ajv.errorsText(validateCard.errors, { separator: '\n' })).toBe(ok ? 'No errors' : '');
      expect(ok).toBe(true);
    });

    it('passes the official renderer\'s 1.5 parser without a warning', () => {
      expect(checkWithRenderer(c.card)).toEqual([]);
    });

    it('has every template expression expanded and every text translated', () => {
      const json = JSON.stringify(c.card);
      expect(json).not.toContain('${');
      expect(json).not.toContain('"$when"');
      expect(json).not.toContain('"$data"');
      const texts = visibleTexts(c.card);
      expect(texts.length).toBeGreaterThan(1);
      const data = new Set(c.verbatim ? verbatimTexts(c.card) : []);
      expect(texts.filter((s) => !data.has(s) && RAW_KEY.test(s))).toEqual([]);
      expect(texts.filter((s) => !data.has(s) && /\{[a-zA-Z]+\}/.test(s))).toEqual([]);
      expect(texts.filter((s) => s.trim() === '' || s === 'undefined' || s === 'null')).toEqual([]);
    });

    it('is under 40 KB', () => {
      expect(Buffer.byteLength(JSON.stringify(c.card), 'utf8')).toBeLessThan(MAX_CARD_BYTES);
    });
  });
});

/** Drawn in the page by the Adaptive Cards JS renderer with a Teams-like light host config. */
const RENDER_IN_PAGE = String.raw`(card) => {
  const AC = window.AdaptiveCards;
  const neutral = { default: '#242424', subtle: '#616161' };
  const colours = {
    default: neutral, dark: neutral, light: { default: '#FFFFFF', subtle: '#F5F5F5' },
    accent: { default: '#5B5FC7', subtle: '#4F52B2' }, good: { default: '#237B4B', subtle: '#237B4B' },
    warning: { default: '#835C00', subtle: '#835C00' }, attention: { default: '#C4314B', subtle: '#C4314B' },
  };
  const adaptiveCard = new AC.AdaptiveCard();
  adaptiveCard.hostConfig = new AC.HostConfig({
    fontFamily: "'Segoe UI', 'Helvetica Neue', Arial, sans-serif",
    supportsInteractivity: true,
    spacing: { small: 4, default: 8, medium: 16, large: 20, extraLarge: 24, padding: 16 },
    separator: { lineThickness: 1, lineColor: '#E0E0E0' },
    fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 24 },
    fontWeights: { lighter: 300, default: 400, bolder: 600 },
    containerStyles: {
      default: { backgroundColor: '#FFFFFF', foregroundColors: colours },
      emphasis: { backgroundColor: '#F5F5F5', foregroundColors: colours },
    },
    actions: { maxActions: 6, spacing: 'default', buttonSpacing: 8, actionsOrientation: 'horizontal', actionAlignment: 'left' },
  });
  // Teams shows **bold**, line breaks and "- " lists in texts and facts; the renderer needs a
  // markdown processor for that, and this small one covers what the bot writes
  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const inline = (line) => line.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
    const lines = escaped.split('\n');
    const isItem = (l) => /^- /.test(l);
    result.outputHtml = lines.every(isItem) && lines.length > 0
      ? '<ul style="margin:0;padding-left:20px">' + lines.map((l) => '<li>' + inline(l.slice(2)) + '</li>').join('') + '</ul>'
      : '<p style="margin:0">' + lines.map(inline).join('<br>') + '</p>';
    result.didProcess = true;
  };
  const problems = [];
  adaptiveCard.onParseError = (e) => problems.push(e.message);
  adaptiveCard.parse(card);
  const element = adaptiveCard.render();
  const host = document.getElementById('card');
  host.replaceChildren(element);
  return { text: host.innerText, height: host.getBoundingClientRect().height, problems };
}`;

describe('card images (Adaptive Cards JS renderer in headless Chromium)', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 480, height: 800 }, deviceScaleFactor: 1 });
    // the page only ever gets what this test gives it
    await page.route('**/*', (route) => route.abort());
    await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#f5f5f5"><div id="card" style="width:440px;margin:12px;background:#fff;border:1px solid #e0e0e0;border-radius:6px"></div></body></html>');
    await page.addStyleTag({ path: ADAPTIVE_CARDS_CSS });
    await page.addScriptTag({ path: ADAPTIVE_CARDS_BUNDLE });
    fs.mkdirSync(OUT_DIR, { recursive: true });
    for (const f of fs.readdirSync(OUT_DIR)) if (f.endsWith('.png')) fs.rmSync(path.join(OUT_DIR, f));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it.each([...LANGUAGES_OF_UI])('draws every card in %s to a PNG', async (lang) => {
    for (const c of cases.filter((x) => x.lang === lang)) {
      const drawn = (await page.evaluate(`(${RENDER_IN_PAGE})(${JSON.stringify(c.card)})`)) as { text: string; height: number; problems: string[] };
      expect([c.name, c.lang, drawn.problems]).toEqual([c.name, c.lang, []]);
      expect(drawn.height).toBeGreaterThan(40);
      // the card's first text (its title) is on the page, as drawn text
      const first = visibleTexts(c.card)[0]!.replace(/\*\*/g, '').split('\n')[0]!;
      expect(drawn.text).toContain(first.slice(0, 30));
      const file = path.join(OUT_DIR, `${c.name}-${c.lang}.png`);
      await page.locator('#card').screenshot({ path: file });
      expect(fs.statSync(file).size).toBeGreaterThan(1000);
    }
  }, 60_000);
});
