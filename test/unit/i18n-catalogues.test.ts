import { en, type Catalog, type MessageKey } from '../../adaptive-cards/i18n/en';
import { nl } from '../../adaptive-cards/i18n/nl';
import { fr } from '../../adaptive-cards/i18n/fr';

// Checks that the Dutch and French catalogues are complete, faithful in form (placeholders, bold,
// required-field stars) and actually translated. The compiler already checks that every key exists;
// these tests catch what it cannot: empty or untranslated texts, a renamed {placeholder}, lost bold.

type Lang = 'nl' | 'fr';
const CATALOGS: ReadonlyArray<[Lang, Catalog]> = [
  ['nl', nl],
  ['fr', fr],
];
const KEYS = Object.keys(en) as MessageKey[];

/**
 * Texts that may stay the same as in English: short words that are spelled the same in that
 * language. Keep this list small; every entry must really be identical (checked below).
 */
const SAME_AS_ENGLISH: Readonly<Record<Lang, ReadonlyArray<MessageKey>>> = {
  nl: ['summary.empty', 'case.card.status'],
  fr: [
    'summary.empty',
    'field.requester.organisation',
    'field.network.memberOrganisation',
    'field.member.organisation',
    'choice.domain.social',
  ],
};

/** The words the bot understands as commands; the welcome texts must show exactly these, in bold. */
const COMMAND_WORDS: Readonly<Record<Lang, Readonly<Record<string, string>>>> = {
  nl: {
    'welcome.command.new': 'nieuwe aanvraag',
    'welcome.command.drafts': 'mijn concepten',
    'welcome.command.help': 'hulp',
    'welcome.command.channel': 'dossierkanaal',
  },
  fr: {
    'welcome.command.new': 'nouvelle demande',
    'welcome.command.drafts': 'mes brouillons',
    'welcome.command.help': 'aide',
    'welcome.command.channel': 'canal des dossiers',
  },
};

const WELCOME_TITLE: Readonly<Record<Lang, string>> = {
  nl: 'MKO — multidisciplinair klinisch overleg',
  fr: 'MKO — concertation clinique multidisciplinaire',
};

const CPAS_OCMW: Readonly<Record<Lang, string>> = { nl: 'OCMW/CPAS', fr: 'CPAS/OCMW' };

/** Same pattern as translate() in adaptive-cards/i18n/index.ts. */
function placeholders(text: string): string[] {
  return [...new Set([...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? ''))].sort();
}

function boldMarkers(text: string): number {
  return text.split('**').length - 1;
}

/** Runs a check over every key and reports all offending keys at once. */
function offenders(check: (key: MessageKey) => boolean): MessageKey[] {
  return KEYS.filter((key) => !check(key));
}

describe('English catalogue', () => {
  it('has no key or text with leading or trailing whitespace', () => {
    expect(KEYS.filter((key) => key !== key.trim() || en[key] !== en[key].trim())).toEqual([]);
  });
});

describe.each(CATALOGS)('%s catalogue', (lang, catalog) => {
  const text = (key: MessageKey): string => catalog[key];

  it('has exactly the keys of the English catalogue, in the same order', () => {
    expect(Object.keys(catalog)).toEqual(KEYS);
  });

  it('has a non-empty text for every key', () => {
    expect(offenders((key) => typeof catalog[key] === 'string' && text(key).trim() !== '')).toEqual([]);
  });

  it('has no key or text with leading or trailing whitespace', () => {
    expect(Object.keys(catalog).filter((key) => key !== key.trim())).toEqual([]);
    expect(offenders((key) => text(key) === text(key).trim())).toEqual([]);
  });

  it('translates every text, except the few allowed to stay the same as English', () => {
    const allowed = new Set(SAME_AS_ENGLISH[lang]);
    expect(offenders((key) => allowed.has(key) || text(key) !== en[key])).toEqual([]);
  });

  it('allows only short texts that really are the same as English to stay untranslated', () => {
    for (const key of SAME_AS_ENGLISH[lang]) {
      expect([key, text(key)]).toEqual([key, en[key]]);
      expect(en[key].split(/\s+/).length).toBeLessThanOrEqual(2);
    }
  });

  it('uses exactly the same {placeholder} names as English', () => {
    const differing = KEYS.filter(
      (key) => placeholders(text(key)).join(',') !== placeholders(en[key]).join(','),
    ).map((key) => [key, placeholders(en[key]), placeholders(text(key))]);
    expect(differing).toEqual([]);
  });

  it('has no stray braces outside placeholders', () => {
    expect(offenders((key) => !/[{}]/.test(text(key).replace(/\{\w+\}/g, '')))).toEqual([]);
  });

  it('has the same number of ** bold markers as English', () => {
    expect(offenders((key) => boldMarkers(text(key)) === boldMarkers(en[key]))).toEqual([]);
  });

  it('marks the same fields as required with a trailing " *"', () => {
    expect(offenders((key) => text(key).endsWith(' *') === en[key].endsWith(' *'))).toEqual([]);
  });

  it('shows the command words the bot understands, in bold, at the start of the welcome lines', () => {
    for (const [key, word] of Object.entries(COMMAND_WORDS[lang])) {
      expect([key, text(key as MessageKey).startsWith(`**${word}** — `)]).toEqual([key, true]);
    }
    expect(text('intake.saved')).toContain(COMMAND_WORDS[lang]['welcome.command.drafts']);
  });

  it('keeps MKO in the welcome title', () => {
    expect(text('welcome.title')).toBe(WELCOME_TITLE[lang]);
  });

  it('writes CPAS/OCMW in the order of the language', () => {
    const withBoth = KEYS.filter((key) => en[key].includes('CPAS/OCMW'));
    expect(withBoth.length).toBeGreaterThan(0);
    expect(withBoth.filter((key) => !text(key).includes(CPAS_OCMW[lang]))).toEqual([]);
  });
});

describe('French typography', () => {
  it('puts a no-break space (not an ordinary one) before : ; ? ! » and after «', () => {
    expect(KEYS.filter((key) => / [:;?!»]|« /.test(fr[key]))).toEqual([]);
  });

  it('puts a space before : ; ? ! » and after «', () => {
    expect(KEYS.filter((key) => /[^\s][:;?!»]|«[^\s]/.test(fr[key]))).toEqual([]);
  });
});
