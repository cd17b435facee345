import { CATALOGS, LANGUAGES_OF_UI, makeTranslator } from '../../adaptive-cards/i18n';
import { PREPARATION_TEXTS } from '../../adaptive-cards/i18n/features/preparation';
import { ALL_VERBS } from '../../adaptive-cards/verbs';
import {
  renderBriefingCard,
  renderMyCasesCard,
  renderPreparationCard,
  renderReferentDeclinedCard,
  renderReferentRequestCard,
} from '../../adaptive-cards/views/preparation-views';
import { VERB_HANDLERS } from '../../bot/handlers/verb-table';
import { DIRECT_VIEWS } from '../../bot/outbox/direct-views';
import { PREPARATION_AUDIT_ACTIONS } from '../../domain/case/preparation-use-cases';
import { allPreparationCards as allCards, FULL, PLANNING, preparedCase, SECRET, T0 } from '../support/preparation-fixtures';

function texts(card: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (typeof value === 'string' && ['text', 'title', 'label', 'value'].includes(key)) out.push(value);
      else walk(value);
    }
  };
  walk(card);
  return out;
}

function verbs(card: unknown): string[] {
  return JSON.stringify(card).match(/"verb":"[^"]*"/g)?.map((m) => m.slice(8, -1)) ?? [];
}

const rows = LANGUAGES_OF_UI.flatMap((lang) => allCards(lang).map(([name, card]) => [name, lang, card] as const));

describe.each(rows)('the %s card (%s)', (_name, _lang, card) => {
  it('is fully expanded: no template expression, no {placeholder}, no catalogue key', () => {
    const json = JSON.stringify(card);
    expect(json).not.toContain('${');
    expect(texts(card).filter((s) => /\{\w+\}/.test(s) || /^(prep|field|error|status|choice)\.[\w.]+$/.test(s))).toEqual([]);
  });

  it('uses only known verbs that have a handler', () => {
    for (const verb of verbs(card)) {
      expect([verb, (ALL_VERBS as readonly string[]).includes(verb), Object.prototype.hasOwnProperty.call(VERB_HANDLERS, verb)]).toEqual([verb, true, true]);
    }
  });
});

describe('cards that may reach someone before they open anything', () => {
  it.each(LANGUAGES_OF_UI)('name no one and quote nothing the person said (%s)', (lang) => {
    const t = makeTranslator(lang);
    for (const card of [renderPreparationCard(t, lang, FULL), renderReferentRequestCard(t, FULL), renderReferentDeclinedCard(t, FULL), renderMyCasesCard(t, [FULL], [])]) {
      const json = JSON.stringify(card);
      for (const secret of Object.values(SECRET)) expect([secret, json.includes(secret)]).toEqual([secret, false]);
    }
  });

  it('are the ones the outbox sends proactively', () => {
    expect(Object.keys(DIRECT_VIEWS)).toEqual(expect.arrayContaining(['preparation', 'referent_request', 'referent_declined']));
  });
});

describe('the briefing for invited members', () => {
  it('shows the meeting goal and who is invited, never who is not, why, contacts or the person\'s notes', () => {
    const json = JSON.stringify(renderBriefingCard(makeTranslator('en'), FULL));
    expect(json).toContain(SECRET.meetingGoal);
    expect(json).toContain(SECRET.gp);
    expect(json).toContain('Sofia');
    for (const hidden of [SECRET.brother, SECRET.reason, SECRET.contact, SECRET.goals, SECRET.strengths]) expect([hidden, json.includes(hidden)]).toEqual([hidden, false]);
  });
});

describe('the organiser\'s checklist', () => {
  it('offers "Ready for planning" only when nothing required is missing and the case is being prepared', () => {
    const t = makeTranslator('en');
    const ready = preparedCase({ referentConfirmedAt: T0, referentConfirmedBy: 'gp' });
    expect(verbs(renderPreparationCard(t, 'en', ready))).toContain('prep.startPlanning');
    expect(verbs(renderPreparationCard(t, 'en', FULL))).not.toContain('prep.startPlanning');
    expect(verbs(renderPreparationCard(t, 'en', PLANNING))).not.toContain('prep.startPlanning');
    expect(texts(renderPreparationCard(t, 'en', FULL))).toContain('Still needed before planning: The referent has confirmed.');
  });
});

describe('French typography of the preparation texts', () => {
  const fr = Object.entries(PREPARATION_TEXTS.fr);

  it('has a no-break space before : ; ? ! » and after «', () => {
    expect(fr.filter(([, text]) => /[^\u00a0\u202f][:;?!»]|«[^\u00a0\u202f]/.test(text)).map(([key]) => key)).toEqual([]);
  });

  it('checks something: the typography test finds an ordinary space', () => {
    expect(/[^\u00a0\u202f][:;?!»]/.test('Statut : x')).toBe(true);
    expect(fr.some(([, text]) => text.includes('\u00a0:'))).toBe(true);
  });
});

describe('the audit trail of the preparation', () => {
  it.each(LANGUAGES_OF_UI)('has words for every action it records (%s)', (lang) => {
    const catalog = CATALOGS[lang] as Readonly<Record<string, string>>;
    expect(PREPARATION_AUDIT_ACTIONS.filter((a) => !catalog[`audit.action.${a}`])).toEqual([]);
  });
});
