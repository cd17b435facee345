import template from '../templates/figures.json';
import { renderCard, type AdaptiveCard } from '../render';
import type { MessageKey, Translate, UiLanguage } from '../i18n';
import { formatDateTime } from '../format';
import { REQUEST_OUTCOMES, type Figures, type OrganiserLoad, type YearFigures } from '../../domain/case/figures';
import { REFUSAL_REASONS } from '../../domain/case/eligibility';
import { BACKGROUNDS } from '../../domain/case/organisers';
import { DOMAIN_KEYS, NOT_GIVEN, SECTOR_KEYS } from '../../domain/case/figures';

/** One labelled count; the card draws it as a text bar, the CSV writes it as a row. */
export interface FigureRow {
  label: string;
  count: number;
}

export interface FigureSection {
  /** Stable, language-free name of the section (the CSV's first column stays sortable). */
  id: 'outcome' | 'refused' | 'sector' | 'domain' | 'organisers' | 'pool';
  title: string;
  rows: FigureRow[];
}

const BAR_WIDTH = 12;

/** A bar of block characters, as long as `count` is to the largest count; one block at least for any non-zero count. */
export function textBar(count: number, max: number, width = BAR_WIDTH): string {
  if (count <= 0 || max <= 0) return '·';
  return '█'.repeat(Math.max(1, Math.round((count / max) * width)));
}

const nonZero = (rows: FigureRow[]): FigureRow[] => rows.filter((r) => r.count > 0);

function organiserLabel(t: Translate, load: OrganiserLoad): string {
  return load.inPool ? load.name : t('figures.organiserLeft', { name: load.name });
}

/** The figures as labelled sections, in the reader's language: shared by the card and the CSV. */
export function describeFigureSections(t: Translate, f: Figures): FigureSection[] {
  return [
    {
      id: 'outcome',
      title: t('figures.section.outcome'),
      rows: REQUEST_OUTCOMES.map((o) => ({ label: t(`figures.outcome.${o}`), count: f.byOutcome[o] })),
    },
    {
      id: 'refused',
      title: t('figures.section.refused'),
      rows: nonZero(REFUSAL_REASONS.map((r) => ({ label: t(`figures.reason.${r}`), count: f.refusedByReason[r] }))),
    },
    {
      id: 'sector',
      title: t('figures.section.sector'),
      rows: nonZero(SECTOR_KEYS.map((s) => ({ label: s === NOT_GIVEN ? t('figures.notGiven') : t(`choice.sector.${s}` as MessageKey), count: f.bySector[s] }))),
    },
    {
      id: 'domain',
      title: t('figures.section.domain'),
      rows: nonZero(DOMAIN_KEYS.map((d) => ({ label: d === NOT_GIVEN ? t('figures.notGiven') : t(`choice.domain.${d}` as MessageKey), count: f.byDomain[d] }))),
    },
    {
      id: 'organisers',
      title: t('figures.section.organisers'),
      rows: f.openCasesByOrganiser.map((load) => ({ label: organiserLabel(t, load), count: load.openCases })),
    },
    {
      id: 'pool',
      title: t('figures.section.pool'),
      rows: nonZero(BACKGROUNDS.map((b) => ({ label: t(`background.${b}`), count: f.poolByBackground[b] }))),
    },
  ];
}

export function describeYear(t: Translate, y: YearFigures): string {
  return t('figures.yearRow', {
    requests: y.requests,
    followed: y.byOutcome.followed,
    incomplete: y.byOutcome.incomplete,
    refused: y.byOutcome.refused,
    awaiting: y.byOutcome.awaiting_assignment,
    withdrawn: y.byOutcome.withdrawn,
    held: y.consultationsHeld,
  });
}

export function figuresTitle(t: Translate, year: number | null): string {
  return year === null ? t('figures.title.all') : t('figures.title.year', { year });
}

/** The coordinator's figures card; `csvUrl` is the short-lived download link of the same figures. */
export function renderFiguresCard(t: Translate, lang: UiLanguage, f: Figures, csvUrl: string | null): AdaptiveCard {
  const sections = describeFigureSections(t, f).map((s) => {
    const max = Math.max(0, ...s.rows.map((r) => r.count));
    const title = s.id === 'pool' ? t('figures.pool', { count: f.organisersInPool }) : s.title;
    return { title, rows: s.rows.map((r) => ({ label: r.label, bar: textBar(r.count, max), count: String(r.count) })) };
  });
  return renderCard(template, {
    title: figuresTitle(t, f.year),
    generated: t('figures.generated', { date: formatDateTime(lang, f.generatedAt) }),
    requests: t('figures.requests', { count: f.requests }),
    none: t('figures.none'),
    sections,
    held: { title: t('figures.section.held'), text: t('figures.held', { count: f.consultationsHeld, cases: f.casesWithConsultation }) },
    years: {
      title: t('figures.section.year'),
      rows: f.byYear.map((y) => ({ year: y.year, text: describeYear(t, y), button: t('figures.showYear', { year: y.year }) })),
    },
    csv: { available: csvUrl !== null, url: csvUrl ?? '', button: t('figures.csv.button'), note: t('figures.csv.note') },
    allYears: { shown: f.year !== null, button: t('figures.showAll') },
  });
}
