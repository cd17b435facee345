import cardTemplate from '../templates/person-data.json';
import exportTemplate from '../templates/person-data-export.json';
import eraseTemplate from '../templates/person-data-erase.json';
import { renderCard, type AdaptiveCard } from '../render';
import type { Translate, UiLanguage } from '../i18n';
import { formatDateTime } from '../format';
import type { Case } from '../../domain/case/case';
import { renderMessageCard } from './message-view';

/**
 * Teams refuses a message larger than about 28 KB, so an export is shown in parts. Each line costs
 * its JSON-escaped text plus the element that holds it.
 */
export const PART_BUDGET = 18_000;
const LINE_OVERHEAD = 110;

/** Splits the export's lines into parts that each fit one card; a part holds at least one line. */
export function splitIntoParts(text: string, budget = PART_BUDGET): string[][] {
  const parts: string[][] = [];
  let current: string[] = [];
  let used = 0;
  for (const line of text.split('\n')) {
    const cost = JSON.stringify(line).length + LINE_OVERHEAD;
    if (current.length > 0 && used + cost > budget) {
      parts.push(current);
      current = [];
      used = 0;
    }
    current.push(line);
    used += cost;
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

export interface Notice {
  text: string;
  tone: 'good' | 'attention';
}

/** The coordinator's person-data card of one case: what can be done, without showing the data. */
export function renderPersonDataCard(t: Translate, lang: UiLanguage, c: Case, notice?: Notice): AdaptiveCard {
  const purged = Boolean(c.purgedAt);
  return renderCard(cardTemplate, {
    caseId: c.id,
    title: t('person.title', { reference: c.reference }),
    hasNotice: Boolean(notice),
    notice: notice?.text ?? '',
    noticeColor: notice?.tone === 'attention' ? 'Attention' : 'Good',
    summary: t('person.summary', { pseudonym: c.pseudonym, status: t(`status.${c.status}`) }),
    explain: c.purgedAt ? t('person.purged', { date: formatDateTime(lang, c.purgedAt) }) : t('person.explain'),
    canErase: !purged,
    actions: { export: t('person.export'), erase: t('person.erase'), audit: t('audit.button') },
  });
}

/**
 * One part of the export. Each line is a RichTextBlock TextRun: unlike a TextBlock, a TextRun is
 * not read as markdown, so a "*" or "_" in the person's data reaches the reader (and a copy) as typed.
 */
export function renderPersonExportCard(t: Translate, c: Case, json: string, part: number): AdaptiveCard {
  const parts = splitIntoParts(json);
  const index = Math.min(Math.max(1, part), parts.length);
  return renderCard(exportTemplate, {
    caseId: c.id,
    title: t('person.export.title', { reference: c.reference }),
    page: t('person.export.page', { page: index, pages: parts.length }),
    lines: parts[index - 1] ?? [],
    hasPrevious: index > 1,
    previous: index - 1,
    hasNext: index < parts.length,
    next: index + 1,
    actions: { previous: t('person.export.previous'), next: t('person.export.next'), back: t('person.erase.back') },
  });
}

export function renderEraseConfirmCard(t: Translate, c: Case, notice?: string): AdaptiveCard {
  return renderCard(eraseTemplate, {
    caseId: c.id,
    title: t('person.erase.title', { reference: c.reference }),
    hasNotice: Boolean(notice),
    notice: notice ?? '',
    warning: t('person.erase.warning'),
    confirmLabel: t('person.erase.confirmLabel', { reference: c.reference }),
    actions: { confirm: t('person.erase.confirm'), back: t('person.erase.back') },
  });
}

export function renderErasedCard(t: Translate, lang: UiLanguage, c: Case, alreadyErased: boolean): AdaptiveCard {
  const text = alreadyErased && c.purgedAt
    ? t('person.alreadyErased', { reference: c.reference, date: formatDateTime(lang, c.purgedAt) })
    : t('person.erased', { reference: c.reference });
  return renderMessageCard(t, t('person.title', { reference: c.reference }), text, 'good');
}
