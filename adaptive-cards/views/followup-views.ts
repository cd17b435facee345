import type { AdaptiveCard } from '../render';
import type { Translate, UiLanguage } from '../i18n';
import { VERBS } from '../verbs';
import { formatCalendarDate } from '../format';
import type { Case } from '../../domain/case/case';
import { ownerUserId } from '../../domain/report/owners';
import type { WeeklyCaseGroup, WeeklyOverview } from '../../domain/followup/weekly-overview';
import type { Notice } from './assignment-views';
import { actionAnswerBlock, actionLine, block, button, card, line, type Block } from './report-views';

/**
 * The referent's weekly overview: one card listing the open actions of all their cases, grouped by
 * case (reference and pseudonym, never the person's name), the overdue ones marked. Each action
 * has the same answers as on the case's action card. A referent with very many open actions
 * would get a card Teams refuses, so past a size budget the card lists the actions and gives one
 * button per case that opens that case's action card instead.
 */

/**
 * Teams refuses a message over about 40 KB, and some clients a whole activity over 28 KB: the full
 * card (inputs and buttons per action) is used only while it stays under this.
 */
export const WEEKLY_FULL_CARD_MAX_BYTES = 24 * 1024;
/** In the compact card, at most this many action lines; the rest is counted ("and 12 more"). */
export const WEEKLY_COMPACT_MAX_LINES = 60;

function heading(t: Translate, group: WeeklyCaseGroup): string {
  return t('weekly.caseHeading', { reference: group.c.reference, pseudonym: group.c.pseudonym, open: group.actions.length });
}

function fullBlocks(t: Translate, lang: UiLanguage, overview: WeeklyOverview): Block[] {
  return overview.cases.flatMap((group) => {
    const network = { network: group.c.preparation.network };
    const options = { scope: 'all' as const, isOrganiser: false, ownerOf: (a: (typeof group.report.actions)[number]) => ownerUserId(a, network) === overview.userId };
    return [
      block(heading(t, group)),
      ...group.actions.map((w) => actionAnswerBlock(t, lang, group.c, group.report, w.action, options, { from: 'weekly', overdue: w.overdue })),
    ];
  });
}

function compactBlocks(t: Translate, lang: UiLanguage, overview: WeeklyOverview): Block[] {
  let room = WEEKLY_COMPACT_MAX_LINES;
  return overview.cases.map((group) => {
    const shown = group.actions.slice(0, Math.max(room, 0));
    room -= shown.length;
    const lines = shown.map((w) => line(w.overdue ? t('weekly.overdueLine', { text: actionLine(t, lang, w.action, w.n) }) : actionLine(t, lang, w.action, w.n), w.overdue ? 'Attention' : 'Default'));
    if (shown.length < group.actions.length) lines.push(line(t('weekly.more', { count: group.actions.length - shown.length })));
    return block(heading(t, group), lines, [], [button(t('weekly.openCase', { reference: group.c.reference }), VERBS.actionsList, { caseId: group.c.id }, { style: 'positive' })]);
  });
}

export function renderWeeklyOverviewCard(t: Translate, lang: UiLanguage, overview: WeeklyOverview | null, notice?: Notice): AdaptiveCard {
  const title = t('weekly.title');
  const refresh = [button(t('weekly.refresh'), VERBS.actionsWeekly, {})];
  if (!overview || overview.open === 0) return card(title, '', [block('', [line(t('weekly.none'))])], refresh, notice);
  const subtitle = t('weekly.subtitle', { open: overview.open, overdue: overview.overdue, cases: overview.cases.length });
  const full = card(title, subtitle, fullBlocks(t, lang, overview), refresh, notice);
  if (new TextEncoder().encode(JSON.stringify(full)).length <= WEEKLY_FULL_CARD_MAX_BYTES) return full;
  return card(title, subtitle, [block('', [line(t('weekly.compact'))]), ...compactBlocks(t, lang, overview)], refresh, notice);
}

/**
 * The coordinators' notice of an evaluation nobody recorded (domain/followup/schedule.ts
 * evaluationDue): the case reference and the evaluation date only, never the person's data nor the
 * report's content (a coordinator is not a member of the consultation); the button opens the case
 * as coordinators see it. Once the evaluation is recorded, it says so instead.
 */
export function renderEvaluationEscalationCard(t: Translate, lang: UiLanguage, c: Pick<Case, 'id' | 'reference'>, date: string | null, recorded: boolean): AdaptiveCard {
  const body = recorded || date === null ? t('evaluationEscalation.done', { reference: c.reference }) : t('evaluationEscalation.text', { reference: c.reference, date: formatCalendarDate(lang, date) });
  return card(
    t('evaluationEscalation.title', { reference: c.reference }),
    '',
    [block('', [line(body, recorded ? 'Default' : 'Attention')])],
    [button(t('evaluationEscalation.button'), VERBS.caseDetails, { caseId: c.id }, { style: 'positive' })],
  );
}
