import type { Stores } from '../../domain/ports';
import type { MeetingReport } from '../../domain/report/report';
import { ownerUserId } from '../../domain/report/owners';
import { mayReadReport } from '../../domain/report/readers';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import type { MessageKey, Translate } from '../../adaptive-cards/i18n';
import { formatCalendarDate } from '../../adaptive-cards/format';
import {
  REPORT_NOTICE_VIEWS,
  renderActionsCard,
  renderEvaluationCard,
  renderReportNoticeCard,
  renderSentReportCard,
  type ReportNoticeView,
} from '../../adaptive-cards/views/report-views';
import { findLatestSentReport, mayOpenEvaluation } from '../../domain/report/report-use-cases';
import { loadWeeklyOverview } from '../../domain/followup/followup-use-cases';
import { renderEvaluationEscalationCard, renderWeeklyOverviewCard } from '../../adaptive-cards/views/followup-views';
import type { LoadedView, LoadedViewRequest, LoadedViews } from './direct-views';

/**
 * The report's proactive cards, rendered when sent from the report as it is then and in the
 * recipient's language (the outbox holds only the view's name): the report itself, the actions of
 * an owner or of the referent (with the answer buttons), the reminders, the weekly overview, the
 * evaluation card with its reminders, and the coordinators' notice of an evaluation left
 * unrecorded. When the report is gone (purged), a short notice with the reference only.
 */
export function makeReportDirectViews(deps: { stores: Pick<Stores, 'reports' | 'cases'> }): LoadedViews {
  const sentReport = (caseId: string): Promise<MeetingReport | null> => findLatestSentReport(deps.stores, caseId);

  const actionsView =
    (view: ReportNoticeView, scope: 'all' | 'own'): LoadedView =>
    async (request: LoadedViewRequest): Promise<AdaptiveCard> => {
      const { t, lang, c, userId } = request;
      const report = await sentReport(c.id);
      if (!report) return renderReportNoticeCard(t, c, view);
      const network = { network: c.preparation.network };
      const mine = (a: MeetingReport['actions'][number]) => userId !== null && ownerUserId(a, network) === userId;
      const visible = scope === 'all' ? report.actions : report.actions.filter(mine);
      const notice = view === 'actions_mine' || view === 'actions_referent' ? undefined : { text: noticeText(t, view, request.payload), tone: 'attention' as const };
      return renderActionsCard(t, lang, c, report, visible, { scope, isOrganiser: c.organiserId === userId, ownerOf: mine }, notice);
    };

  /** Reminders go to the owner (their actions) or to the referent / organiser (every open action). */
  const reminderView =
    (view: ReportNoticeView): LoadedView =>
    async (request) => {
      const report = await sentReport(request.c.id);
      const owns = report?.actions.some((a) => request.userId !== null && ownerUserId(a, { network: request.c.preparation.network }) === request.userId) ?? false;
      const isLead = request.userId === request.c.organiserId || request.c.preparation.network.some((e) => e.id === report?.referentEntryId && e.userId === request.userId);
      return actionsView(view, owns && !isLead ? 'own' : 'all')(request);
    };

  const views: Record<keyof typeof REPORT_NOTICE_VIEWS, LoadedView> = {
    // the same rule as opening it (readers.ts), checked again when sent: the case may have changed since
    report_sent: async ({ t, lang, c, userId }) => {
      const report = await sentReport(c.id);
      return report && userId !== null && mayReadReport(report, c, userId) ? renderSentReportCard(t, lang, c, report) : renderReportNoticeCard(t, c, 'report_sent');
    },
    actions_mine: actionsView('actions_mine', 'own'),
    actions_referent: actionsView('actions_referent', 'all'),
    // one card for all the referent's cases, as they are when it is sent (the message hangs on one of them)
    weekly_overview: async ({ t, lang, userId, now }) => renderWeeklyOverviewCard(t, lang, userId === null ? null : await loadWeeklyOverview(deps.stores, userId, now)),
    action_not_mine: actionsView('action_not_mine', 'all'),
    action_reminder: reminderView('action_reminder'),
    action_overdue: reminderView('action_overdue'),
    action_escalation: reminderView('action_escalation'),
    // the form, to whoever may still record it (the named evaluator only while they may read the report)
    evaluation: async ({ t, lang, c, userId }) => {
      const report = await sentReport(c.id);
      return report && userId !== null && mayOpenEvaluation(report, c, userId) ? renderEvaluationCard(t, lang, c, report) : renderReportNoticeCard(t, c, 'evaluation');
    },
  };
  const followUpViews: LoadedViews = {
    // the evaluation card again, saying its date has passed; without the notice once it is recorded
    evaluation_reminder: async ({ t, lang, c, userId }) => {
      const report = await sentReport(c.id);
      if (!report || userId === null || !mayOpenEvaluation(report, c, userId)) return renderReportNoticeCard(t, c, 'evaluation');
      const date = report.evaluation?.date;
      const notice = report.evaluationOutcome || !date ? undefined : { text: t('evaluationReminder.text', { date: formatCalendarDate(lang, date) }), tone: 'attention' as const };
      return renderEvaluationCard(t, lang, c, report, notice);
    },
    evaluation_escalation: async ({ t, lang, c }) => {
      const report = await sentReport(c.id);
      return renderEvaluationEscalationCard(t, lang, c, report?.evaluation?.date ?? null, !report || report.evaluationOutcome !== null || c.status !== 'follow_up');
    },
  };
  return { ...views, ...followUpViews };
}

/** A reminder's notice; for several actions coalesced into one message (domain/followup/coalesce.ts), their number. */
function noticeText(t: Translate, view: ReportNoticeView, payload: Readonly<Record<string, unknown>>): string {
  const count = typeof payload.notices === 'number' ? payload.notices : 1;
  if (count > 1 && (view === 'action_reminder' || view === 'action_overdue' || view === 'action_escalation')) return t(`coalesced.${view}.text`, { count });
  return t(`notice.${view}.text` as MessageKey);
}
