import { getFigures, REQUEST_OUTCOMES, type FiguresDeps, type RequestOutcome } from '../../domain/case/figures';
import type { Actor } from '../../domain/case/pool-and-assignment';
import { describeFigureSections, describeYear, figuresTitle } from '../../adaptive-cards/views/figures-views';
import { formatDateTime } from '../../adaptive-cards/format';
import { makeTranslator, type UiLanguage } from '../../adaptive-cards/i18n';
import type { FiguresCsvRequest } from '../app-services';
import { parseFiguresYear } from '../handlers/figures-handlers';
import { refusalOf } from './tab-errors';
import { TabRequestError } from './tab-http';

/**
 * The coordinator's dashboard: the same figures as the figures card and its CSV (one computation,
 * domain/case/figures.ts; one set of labels, describeFigureSections), as data the page draws as
 * charts. Only a coordinator gets them; counts only, never a person.
 */

export interface ChartRow {
  label: string;
  count: number;
}

export interface Chart {
  id: string;
  title: string;
  rows: ChartRow[];
}

export interface YearColumn {
  year: number;
  requests: number;
  consultationsHeld: number;
  byOutcome: Record<RequestOutcome, number>;
  text: string;
}

export interface Dashboard {
  language: UiLanguage;
  title: string;
  generated: string;
  year: number | null;
  totals: { label: string; count: number; id: string }[];
  charts: Chart[];
  outcomes: { id: RequestOutcome; label: string }[];
  years: YearColumn[];
  /** A short-lived link to the same figures as CSV; null when the server makes none. */
  csv: { url: string; label: string; note: string } | null;
}

/** `year` as the figures command reads it: absent or "all" for every year, else a year of requests. */
export function readDashboardYear(raw: string | null): number | null {
  if (raw === null || raw === 'all') return null;
  const year = parseFiguresYear(raw);
  if (year === undefined || year === null) throw new TabRequestError(400, 'bad_request', '"year" must be "all" or a year such as 2026.');
  return year;
}

export async function readDashboard(
  deps: FiguresDeps,
  actor: Actor,
  year: number | null,
  lang: UiLanguage,
  now: Date,
  csvLink?: (request: FiguresCsvRequest, now: Date) => string,
): Promise<Dashboard> {
  const t = makeTranslator(lang);
  let figures;
  try {
    figures = await getFigures(deps, actor, year, now);
  } catch (err) {
    refusalOf(err, lang);
  }
  const charts = describeFigureSections(t, figures).map((s) => ({
    id: s.id,
    title: s.id === 'pool' ? t('figures.pool', { count: figures.organisersInPool }) : s.title,
    rows: s.rows,
  }));
  return {
    language: lang,
    title: figuresTitle(t, figures.year),
    generated: t('figures.generated', { date: formatDateTime(lang, figures.generatedAt) }),
    year: figures.year,
    totals: [
      { id: 'requests', label: t('figures.csv.requests'), count: figures.requests },
      { id: 'consultationsHeld', label: t('figures.section.held'), count: figures.consultationsHeld },
      { id: 'casesWithConsultation', label: t('figures.csv.casesWithConsultation'), count: figures.casesWithConsultation },
      { id: 'organisersInPool', label: t('figures.section.pool'), count: figures.organisersInPool },
    ],
    charts,
    outcomes: REQUEST_OUTCOMES.map((id) => ({ id, label: t(`figures.outcome.${id}`) })),
    years: figures.byYear.map((y) => ({ year: y.year, requests: y.requests, consultationsHeld: y.consultationsHeld, byOutcome: { ...y.byOutcome }, text: describeYear(t, y) })),
    csv: csvLink ? { url: csvLink({ coordinatorId: actor.userId, year: figures.year, lang }, now), label: t('figures.csv.button'), note: t('figures.csv.note') } : null,
  };
}
