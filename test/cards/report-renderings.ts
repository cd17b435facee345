import type { Translate, UiLanguage } from '../../adaptive-cards/i18n';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import {
  REPORT_NOTICE_VIEWS,
  REPORT_SECTIONS,
  renderActionsCard,
  renderEvaluationCard,
  renderReassignCard,
  renderReportCard,
  renderReportNoticeCard,
  renderReportSectionCard,
  renderSentReportCard,
  renderActionEditCard,
  type ReportNoticeView,
} from '../../adaptive-cards/views/report-views';
import { renderEvaluationEscalationCard, renderWeeklyOverviewCard } from '../../adaptive-cards/views/followup-views';
import { weeklyOverviews } from '../../domain/followup/weekly-overview';
import type { MeetingReport } from '../../domain/report/report';
import { addAction, recordAttendance, setCrisisPlan, setEvaluation, setNarrative, startReport } from '../../domain/report/draft';
import { answerAction, sendReport, validateForSending } from '../../domain/report/rules';
import { reportContextOf } from '../../domain/report/report-use-cases';
import type { Case } from '../../domain/case/case';
import { PLANNING } from '../support/preparation-fixtures';

/** The report's cards (report-views.ts), from an empty draft to a sent report with answered actions. */
export function renderReportCards(t: Translate, lang: UiLanguage, add: (name: string, template: string, card: AdaptiveCard) => void): void {
  const T = new Date('2026-11-23T09:00:00Z');
  const c: Case = { ...PLANNING, status: 'held' };
  const ctx = reportContextOf(c);
  const invited = c.preparation.network.filter((e) => e.invited);
  const first = invited[0]!;
  const empty = startReport({ caseId: c.id, cycle: 1, meetingId: 'm1' }, c.preparation, T);
  let draft = recordAttendance(empty, { lines: invited.map((e) => ({ participantId: e.id, status: 'present' as const, mode: 'in_person' as const })) }, ctx, T);
  draft = setNarrative(draft, { whatGoesWell: 'Cooks again', situation: 'Back home', decisions: ['Home care three times a week'] }, T);
  draft = addAction(draft, 'a1', { what: 'Prescribe physiotherapy', owner: { kind: 'participant', entryId: first.id }, dueDate: '2026-12-01' }, ctx, T);
  draft = addAction(draft, 'a2', { what: 'Visit weekly', owner: { kind: 'relative', name: 'Aunt Rosa' }, dueDate: '2026-12-04' }, ctx, T);
  draft = setCrisisPlan(draft, { warningSigns: 'Stops eating', whatToDo: 'Call the GP', contacts: [{ entryId: first.id, how: '02 000 00 00', inOfficeHours: true, outOfOfficeHours: true }] }, ctx, T);
  draft = setEvaluation(draft, { who: first.id, how: 'Phone round', date: '2026-12-15' }, ctx, T);
  const complete = { ...draft, referentEntryId: first.id, referentConfirmed: true };
  const sent = sendReport(complete, ctx, ctx.organiserId, T);
  const answered = answerAction(sent, 'a1', { answer: 'blocked', reason: 'Waiting for the insurer' }, ctx, ctx.organiserId, T);
  const links = { report: 'https://mko-bot.example.org/api/report.html?token=a.b', sheet: 'https://mko-bot.example.org/api/report.html?token=c.d' };

  add('report-held', 'report-card', renderReportCard(t, lang, { ...c, status: 'scheduled' }, null, []));
  add('report-empty', 'report-card', renderReportCard(t, lang, c, empty, validateForSending(empty, ctx, T)));
  add('report-draft', 'report-card', renderReportCard(t, lang, c, complete, validateForSending(complete, ctx, T), { text: t('report.saved'), tone: 'good' }));
  add('report-sent', 'report-card', renderReportCard(t, lang, { ...c, status: 'follow_up' }, sent, [], { text: t('report.sent'), tone: 'good' }, links));
  add('report-read', 'report-card', renderSentReportCard(t, lang, c, sent));
  for (const section of REPORT_SECTIONS) add(`report-section-${section}`, 'report-card', renderReportSectionCard(t, lang, c, section === 'attendance' ? empty : draft, section));
  add('report-section-refused', 'report-card', renderReportSectionCard(t, lang, c, draft, 'actions', { text: t('error.action.due_in_past'), tone: 'attention' }, { 'act.what': 'Call', 'act.due': '2026-11-01' }));
  const all = { scope: 'all' as const, isOrganiser: true, ownerOf: () => false };
  add('report-actions-all', 'report-card', renderActionsCard(t, lang, c, answered, answered.actions, all, { text: t('actions.answered'), tone: 'good' }));
  add('report-actions-own', 'report-card', renderActionsCard(t, lang, c, sent, sent.actions.slice(0, 1), { scope: 'own', isOrganiser: false, ownerOf: () => true }));
  add('report-actions-none', 'report-card', renderActionsCard(t, lang, c, sent, [], all));
  add('report-reassign', 'report-card', renderReassignCard(t, lang, c, sent, 'a2'));
  add('report-evaluation', 'report-card', renderEvaluationCard(t, lang, c, sent));
  // the evaluation nobody recorded: the reminder (the form with a notice) and the coordinators' card
  add('report-evaluation-reminder', 'report-card', renderEvaluationCard(t, lang, c, sent, { text: t('evaluationReminder.text', { date: '15/12/2026' }), tone: 'attention' }));
  add('followup-evaluation-escalation', 'report-card', renderEvaluationEscalationCard(t, lang, c, '2026-12-15', false));
  for (const view of Object.keys(REPORT_NOTICE_VIEWS) as ReportNoticeView[]) add(`report-notice-${view}`, 'report-card', renderReportNoticeCard(t, c, view));
  add('report-action-edit', 'report-card', renderActionEditCard(t, lang, c, draft, 'a2'));
  add('report-action-edit-refused', 'report-card', renderActionEditCard(t, lang, c, draft, 'a1', { text: t('error.action.due_in_past'), tone: 'attention' }, { 'act.what': 'Prescribe physiotherapy', 'act.due': '2026-11-01' }));

  // the referent's weekly overview: two cases, then 30 actions over 6 cases (the compact card), then nothing open
  const referent = c.preparation.network.find((e) => e.invited && e.userId)!;
  const followed = (seq: number, actions: number): { c: Case; report: MeetingReport } => {
    const other: Case = { ...c, id: `${c.id}-${seq}`, reference: `MKO-2026-${String(seq).padStart(4, '0')}`, pseudonym: `${String.fromCharCode(64 + seq)}. P.`, status: 'follow_up' };
    let r: MeetingReport = { ...complete, caseId: other.id, referentEntryId: referent.id, actions: [] };
    for (let i = 1; i <= actions; i++) {
      r = addAction(r, `w${seq}-${i}`, { what: `Agreed action ${i} of case ${seq}: call the housing service about the lease and report back`, owner: { kind: 'participant', entryId: i % 2 ? first.id : referent.id }, dueDate: i % 3 ? '2026-12-01' : '2026-11-24' }, ctx, T);
    }
    return { c: other, report: sendReport(r, ctx, ctx.organiserId, T) };
  };
  const weekLater = new Date('2026-11-30T08:00:00Z');
  const small = weeklyOverviews([followed(1, 2), followed(2, 1)], weekLater)[0]!;
  add('followup-weekly', 'report-card', renderWeeklyOverviewCard(t, lang, small));
  const big = weeklyOverviews([1, 2, 3, 4, 5, 6].map((seq) => followed(seq, 5)), weekLater)[0]!;
  add('followup-weekly-30', 'report-card', renderWeeklyOverviewCard(t, lang, big, { text: t('actions.answered'), tone: 'good' }));
  add('followup-weekly-none', 'report-card', renderWeeklyOverviewCard(t, lang, null));
}
