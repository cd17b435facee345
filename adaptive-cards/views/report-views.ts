import template from '../templates/report-card.json';
import { renderCard, type AdaptiveCard } from '../render';
import type { MessageKey, Translate, UiLanguage } from '../i18n';
import { formatCalendarDate, formatDateTime } from '../format';
import { VERBS } from '../verbs';
import type { Case } from '../../domain/case/case';
import type { ReportProblem } from '../../domain/report/rules';
import type { AgreedAction, MeetingReport } from '../../domain/report/report';
import { ATTENDANCE_STATUSES } from '../../domain/report/report';
import type { Notice } from './assignment-views';

/**
 * The report's cards: the organiser's overview and one form per section, the read-only report,
 * the agreed actions with their answers, reassigning, the evaluation, and the short notices the
 * outbox sends. One generic template (report-card.json); the views only build its data.
 */
export const REPORT_SECTIONS = ['attendance', 'narrative', 'actions', 'referent', 'crisis_plan', 'evaluation'] as const;
export type ReportSection = (typeof REPORT_SECTIONS)[number];

export type FormValues = Readonly<Record<string, string>>;

type Color = 'Default' | 'Good' | 'Attention' | 'Accent';
interface Line { text: string; color: Color }
interface Choice { title: string; value: string }
type Input =
  | { kind: 'text'; id: string; label: string; value: string; multiline: boolean }
  | { kind: 'date'; id: string; label: string; value: string }
  | { kind: 'choice'; id: string; label: string; value: string; style: 'expanded' | 'compact'; multi: boolean; choices: Choice[] };
export interface Button { title: string; verb: string; data: Record<string, unknown>; associatedInputs: 'auto' | 'none'; style: 'default' | 'positive' | 'destructive' }
/** `moreButtons` is a second row of buttons: four answers in one row are cut to a few letters on a phone. */
export interface Block { heading: string; lines: Line[]; inputs: Input[]; buttons: Button[]; moreButtons: Button[] }

export const line = (text: string, color: Color = 'Default'): Line => ({ text, color });
export const button = (title: string, verb: string, data: Record<string, unknown>, options: Partial<Pick<Button, 'associatedInputs' | 'style'>> = {}): Button => ({
  title,
  verb,
  data,
  associatedInputs: options.associatedInputs ?? 'none',
  style: options.style ?? 'default',
});
export const block = (heading: string, lines: Line[] = [], inputs: Input[] = [], buttons: Button[] = [], moreButtons: Button[] = []): Block => ({ heading, lines, inputs, buttons, moreButtons });
const text = (id: string, label: string, value = '', multiline = false): Input => ({ kind: 'text', id, label, value, multiline });
const date = (id: string, label: string, value = ''): Input => ({ kind: 'date', id, label, value });
const choice = (id: string, label: string, choices: Choice[], value = '', options: { multi?: boolean; compact?: boolean } = {}): Input => ({
  kind: 'choice',
  id,
  label,
  value,
  style: options.compact ? 'compact' : 'expanded',
  multi: options.multi ?? false,
  choices,
});

/** The generic report template with its data: the follow-up views (followup-views.ts) use it too. */
export function card(title: string, subtitle: string, blocks: Block[], actions: Button[], notice?: Notice, links: { title: string; url: string }[] = []): AdaptiveCard {
  return renderCard(template, {
    links,
    title,
    subtitle,
    hasNotice: Boolean(notice),
    notice: notice?.text ?? '',
    noticeColor: notice?.tone === 'attention' ? 'Attention' : 'Good',
    blocks,
    actions,
  });
}

const invited = (c: Case) => c.preparation.network.filter((e) => e.invited);
const entryName = (c: Case, entryId: string | null): string => c.preparation.network.find((e) => e.id === entryId)?.name ?? '';
const participantChoices = (c: Case): Choice[] => invited(c).map((e) => ({ title: `${e.name} (${e.role})`, value: e.id }));

export function describeProblem(t: Translate, problem: ReportProblem): string {
  return t(`error.${problem.code}` as MessageKey);
}

export function actionLine(t: Translate, lang: UiLanguage, action: AgreedAction, n: number): string {
  return t('report.action.line', {
    n,
    what: action.what,
    owner: action.owner.name,
    mandate: action.ownerMandate ? ` (${t(`report.mandate.${action.ownerMandate}`)})` : '',
    due: formatCalendarDate(lang, action.dueDate),
    status: t(`report.action.status.${action.status}`),
  });
}

/** The content of a report, section by section: for the organiser's overview and the read-only report. */
function contentBlocks(t: Translate, lang: UiLanguage, c: Case, report: MeetingReport, editable: boolean): Block[] {
  const edit = (section: ReportSection) => (editable ? [button(t('report.edit'), VERBS.reportSection, { caseId: c.id, section })] : []);
  const empty = line(t('report.empty'));
  const recorded = new Map(report.attendance.map((a) => [a.participantId, a]));
  const attendance = (editable ? invited(c).map((e) => recorded.get(e.id) ?? { name: e.name, role: e.role, status: null, mode: null }) : report.attendance).map((a) =>
    line(
      t('report.attendance.line', {
        name: a.name,
        role: a.role,
        status: a.status === null ? t('report.attendance.notRecorded') : t(`report.attendance.${a.status === 'present' ? (a.mode ?? 'in_person') : a.status}`),
      }),
      a.status === null ? 'Attention' : 'Default',
    ),
  );
  const narrative = [
    ...(report.whatGoesWell ? [line(`${t('report.narrative.whatGoesWell')}: ${report.whatGoesWell}`)] : []),
    ...(report.situation ? [line(`${t('report.narrative.situation')}: ${report.situation}`)] : []),
    ...report.decisions.map((d) => line(t('report.narrative.decisionLine', { text: d }))),
  ];
  const actions = report.actions.map((a, i) => line(actionLine(t, lang, a, i + 1)));
  const referent = report.referentEntryId
    ? [line(t('report.referent.line', { name: entryName(c, report.referentEntryId), confirmed: t(report.referentConfirmed ? 'report.referent.confirmed' : 'report.referent.notConfirmed') }))]
    : [];
  const plan = report.crisisPlan;
  const crisis = plan
    ? [
        line(t('report.crisis.signsLine', { text: plan.warningSigns })),
        line(t('report.crisis.todoLine', { text: plan.whatToDo })),
        ...plan.contacts.map((x) =>
          line(
            t('report.crisis.contactLine', {
              name: x.name,
              how: x.how,
              hours:
                [x.inOfficeHours ? t('report.crisis.inOffice') : '', x.outOfOfficeHours ? t('report.crisis.outOfOffice') : ''].filter(Boolean).join(', ') ||
                t('report.crisis.noHours'),
            }),
          ),
        ),
      ]
    : [];
  const evaluation = report.evaluation
    ? [line(t('report.evaluation.line', { name: entryName(c, report.evaluation.who), how: report.evaluation.how, date: formatCalendarDate(lang, report.evaluation.date) }))]
    : [];
  const section = (key: ReportSection, lines: Line[]) => block(t(`report.section.${key}`), lines.length ? lines : [empty], [], edit(key));
  return [
    section('attendance', attendance),
    section('narrative', narrative),
    section('actions', actions),
    section('referent', referent),
    section('crisis_plan', crisis),
    section('evaluation', evaluation),
  ];
}

function subtitleOf(t: Translate, lang: UiLanguage, report: MeetingReport): string {
  return report.status === 'sent' && report.sentAt
    ? t('report.subtitle.sent', { date: formatDateTime(lang, report.sentAt), cycle: report.cycle })
    : t('report.subtitle.draft', { cycle: report.cycle });
}

export interface ReportLinks {
  report: string;
  sheet: string;
}

/** The organiser's report card: mark the meeting held, the draft with what is still missing, or the sent report. */
export function renderReportCard(
  t: Translate,
  lang: UiLanguage,
  c: Case,
  report: MeetingReport | null,
  problems: readonly ReportProblem[],
  notice?: Notice,
  links?: ReportLinks,
): AdaptiveCard {
  const title = t('report.title', { reference: c.reference });
  if (!report || report.evaluationOutcome) {
    // held without its report: the click that said so was cut short; the same button completes it
    const blocks =
      c.status === 'scheduled' || c.status === 'held'
        ? [block(t('report.held.heading'), [line(t('report.held.text'))], [], [button(t('report.held.button'), VERBS.reportHeld, { caseId: c.id }, { style: 'positive' })])]
        : [block('', [line(t('report.notYet'))])];
    return card(title, '', blocks, [], notice);
  }
  if (report.status === 'sent') {
    const statusChoices = (['in_person', 'online', 'excused', 'absent'] as const).map((s) => ({ title: t(`report.attendance.${s}`), value: s }));
    const correction = report.evaluationOutcome
      ? []
      : [
          block(
            t('report.correct.heading'),
            report.corrections.map((x) => line(t('report.correct.line', { name: x.after.name, date: formatDateTime(lang, x.at), reason: x.reason }))),
            [
              choice('corr.participantId', t('report.correct.who'), participantChoices(c), '', { compact: true }),
              choice('corr.status', t('report.correct.status'), statusChoices, '', { compact: true }),
              text('corr.reason', t('report.correct.reason')),
            ],
            [button(t('report.correct.button'), VERBS.reportCorrectAttendance, { caseId: c.id }, { associatedInputs: 'auto' })],
          ),
        ];
    const extra = [...correction, ...(links ? [block('', [line(t('report.print'), 'Accent')])] : [])];
    const open = links ? [{ title: t('report.printButton'), url: links.report }, { title: t('report.sheetButton'), url: links.sheet }] : [];
    // sent, its case still held: the send was cut short; sending again completes it (nothing twice)
    const resend = c.status === 'held' ? [button(t('report.send'), VERBS.reportSend, { caseId: c.id }, { style: 'positive' })] : [];
    return card(title, subtitleOf(t, lang, report), [...contentBlocks(t, lang, c, report, false), ...extra], [button(t('report.actionsButton'), VERBS.actionsList, { caseId: c.id }), ...resend], notice, open);
  }
  const blocks = contentBlocks(t, lang, c, report, true);
  if (problems.length) {
    const texts = [...new Set(problems.map((p) => describeProblem(t, p)))];
    blocks.push(block(t('report.problems.heading'), texts.map((x) => line(`• ${x}`, 'Attention'))));
  }
  return card(title, subtitleOf(t, lang, report), blocks, [button(t('report.send'), VERBS.reportSend, { caseId: c.id }, { style: 'positive' })], notice);
}

/** The read-only report for the invited members. */
export function renderSentReportCard(t: Translate, lang: UiLanguage, c: Case, report: MeetingReport): AdaptiveCard {
  return card(t('report.title', { reference: c.reference }), subtitleOf(t, lang, report), contentBlocks(t, lang, c, report, false), []);
}

const YES_NO = (t: Translate): Choice[] => [
  { title: t('report.yes'), value: 'yes' },
  { title: t('report.no'), value: 'no' },
];

/** One section's form; `values` are what was typed, shown again after a refusal. */
export function renderReportSectionCard(t: Translate, lang: UiLanguage, c: Case, report: MeetingReport, section: ReportSection, notice?: Notice, values: FormValues = {}): AdaptiveCard {
  const title = `${t(`report.section.${section}`)} — ${c.reference}`;
  const save = button(t('report.save'), VERBS.reportSave, { caseId: c.id, section }, { associatedInputs: 'auto', style: 'positive' });
  const back = button(t('report.back'), VERBS.reportOpen, { caseId: c.id });
  const v = (id: string, fallback: string) => values[id] ?? fallback;
  let blocks: Block[] = [];
  let actions: Button[] = [save, back];
  switch (section) {
    case 'attendance': {
      const statusChoices = (['in_person', 'online', 'excused', 'absent'] as const).map((s) => ({ title: t(`report.attendance.${s}`), value: s }));
      const recorded = new Map(report.attendance.map((a) => [a.participantId, a.status === 'present' ? (a.mode ?? 'in_person') : a.status]));
      blocks = [block('', [], invited(c).map((e) => choice(`att.${e.id}`, `${e.name} (${e.role})`, statusChoices, v(`att.${e.id}`, recorded.get(e.id) ?? ''))))];
      break;
    }
    case 'narrative':
      blocks = [
        block('', [], [
          text('narr.whatGoesWell', t('report.narrative.whatGoesWell'), v('narr.whatGoesWell', report.whatGoesWell ?? ''), true),
          text('narr.situation', t('report.narrative.situation'), v('narr.situation', report.situation ?? ''), true),
          text('narr.decisions', t('report.narrative.decisions'), v('narr.decisions', report.decisions.join('\n')), true),
        ]),
      ];
      break;
    case 'actions': {
      const owners = ownerChoices(t, c);
      blocks = [
        ...report.actions.map((a, i) =>
          block('', [line(actionLine(t, lang, a, i + 1))], [], [
            button(t('report.action.edit', { n: i + 1 }), VERBS.reportActionEditForm, { caseId: c.id, actionId: a.id }),
            button(t('report.action.remove', { n: i + 1 }), VERBS.reportActionRemove, { caseId: c.id, actionId: a.id }, { style: 'destructive' }),
          ]),
        ),
        block(t('report.action.add'), [], [
          text('act.what', t('report.action.what'), v('act.what', ''), true),
          choice('act.owner', t('report.action.owner'), owners, v('act.owner', ''), { compact: true }),
          text('act.name', t('report.action.name'), v('act.name', '')),
          date('act.due', t('report.action.due'), v('act.due', '')),
        ]),
      ];
      actions = [button(t('report.action.add'), VERBS.reportSave, { caseId: c.id, section }, { associatedInputs: 'auto', style: 'positive' }), back];
      break;
    }
    case 'referent':
      blocks = [
        block('', [], [
          choice('ref.entryId', t('report.referent.label'), participantChoices(c), v('ref.entryId', report.referentEntryId ?? ''), { compact: true }),
          choice('ref.confirmed', t('report.referent.confirmedLabel'), YES_NO(t), v('ref.confirmed', report.referentConfirmed ? 'yes' : '')),
        ]),
      ];
      break;
    case 'crisis_plan': {
      const plan = report.crisisPlan;
      const who: Choice[] = [...participantChoices(c), { title: t('report.crisis.other'), value: 'other' }];
      const hours: Choice[] = [
        { title: t('report.crisis.inOffice'), value: 'in_office' },
        { title: t('report.crisis.outOfOffice'), value: 'out_of_office' },
      ];
      blocks = [
        block('', [], [
          text('crisis.warningSigns', t('report.crisis.warningSigns'), v('crisis.warningSigns', plan?.warningSigns ?? ''), true),
          text('crisis.whatToDo', t('report.crisis.whatToDo'), v('crisis.whatToDo', plan?.whatToDo ?? ''), true),
        ]),
        ...[1, 2].map((n) => {
          const x = plan?.contacts[n - 1];
          const hoursValue = x ? [x.inOfficeHours ? 'in_office' : '', x.outOfOfficeHours ? 'out_of_office' : ''].filter(Boolean).join(',') : '';
          return block('', [], [
            choice(`crisis.c${n}.who`, t('report.crisis.who', { n }), who, v(`crisis.c${n}.who`, x ? (x.entryId ?? 'other') : ''), { compact: true }),
            text(`crisis.c${n}.name`, t('report.crisis.name', { n }), v(`crisis.c${n}.name`, x && !x.entryId ? x.name : '')),
            text(`crisis.c${n}.how`, t('report.crisis.how', { n }), v(`crisis.c${n}.how`, x?.how ?? '')),
            choice(`crisis.c${n}.hours`, t('report.crisis.hours', { n }), hours, v(`crisis.c${n}.hours`, hoursValue), { multi: true }),
          ]);
        }),
      ];
      break;
    }
    case 'evaluation':
      blocks = [
        block('', [], [
          choice('eval.who', t('report.evaluation.who'), participantChoices(c), v('eval.who', report.evaluation?.who ?? ''), { compact: true }),
          text('eval.how', t('report.evaluation.how'), v('eval.how', report.evaluation?.how ?? '')),
          date('eval.date', t('report.evaluation.date'), v('eval.date', report.evaluation?.date ?? '')),
        ]),
      ];
      break;
  }
  return card(title, '', blocks, actions, notice);
}

/** Who may own an action, as the card's choice names them (report-handlers.ts reads them back). */
function ownerChoices(t: Translate, c: Case): Choice[] {
  return [
    ...participantChoices(c).map((x) => ({ ...x, value: `participant:${x.value}` })),
    { title: t('report.owner.person'), value: 'person' },
    { title: t('report.owner.relative'), value: 'relative' },
  ];
}

/** An action's owner as the owner choice and the typed name of the form. */
function ownerValues(action: AgreedAction): { owner: string; name: string } {
  if (action.owner.kind === 'participant' && action.owner.entryId) return { owner: `participant:${action.owner.entryId}`, name: '' };
  return { owner: action.owner.kind, name: action.owner.name };
}

/**
 * Editing one agreed action of a draft: what, who and by when, filled in with what it is now (or
 * what was typed, after a refusal). Saved through the same validation as adding one.
 */
export function renderActionEditCard(t: Translate, lang: UiLanguage, c: Case, report: MeetingReport, actionId: string, notice?: Notice, values: FormValues = {}): AdaptiveCard {
  const action = report.actions.find((a) => a.id === actionId);
  const back = button(t('report.action.backToActions'), VERBS.reportSection, { caseId: c.id, section: 'actions' });
  if (!action) return card(t('report.section.actions'), '', [block('', [line(t('error.action.not_found'), 'Attention')])], [back], notice);
  const n = report.actions.indexOf(action) + 1;
  const now = ownerValues(action);
  const v = (id: string, fallback: string) => values[id] ?? fallback;
  const blocks = [
    block('', [], [
      text('act.what', t('report.action.what'), v('act.what', action.what), true),
      choice('act.owner', t('report.action.owner'), ownerChoices(t, c), v('act.owner', now.owner), { compact: true }),
      text('act.name', t('report.action.name'), v('act.name', now.name)),
      date('act.due', t('report.action.due'), v('act.due', action.dueDate)),
    ]),
  ];
  const save = button(t('report.action.saveEdit'), VERBS.reportActionEdit, { caseId: c.id, actionId }, { associatedInputs: 'auto', style: 'positive' });
  return card(t('report.action.editTitle', { n, reference: c.reference }), '', blocks, [save, back], notice);
}

/**
 * The agreed actions with their answers: the referent and the organiser see every action not done
 * (answering on behalf of owners), an owner on Teams their own (with "not mine").
 */
export function renderActionsCard(
  t: Translate,
  lang: UiLanguage,
  c: Case,
  report: MeetingReport,
  visible: readonly AgreedAction[],
  options: ActionsCardOptions,
  notice?: Notice,
): AdaptiveCard {
  const open = visible.filter((a) => a.status !== 'done');
  const blocks = open.map((a) => actionAnswerBlock(t, lang, c, report, a, options));
  if (blocks.length === 0) blocks.push(block('', [line(t('actions.none'))]));
  return card(t('actions.title', { reference: c.reference }), t(options.scope === 'all' ? 'actions.subtitle.all' : 'actions.subtitle.own'), blocks, [], notice);
}

export interface ActionsCardOptions {
  scope: 'all' | 'own';
  isOrganiser: boolean;
  ownerOf: (a: AgreedAction) => boolean;
}

/**
 * One open action with its answers (done / not done yet + new date / blocked + why, "not mine"
 * for its owner, reassign for the organiser). `from` tells the handler which card to show after
 * the answer: the case's actions card, or the referent's weekly overview it was given on.
 */
export function actionAnswerBlock(
  t: Translate,
  lang: UiLanguage,
  c: Case,
  report: MeetingReport,
  a: AgreedAction,
  options: ActionsCardOptions,
  extra: { from?: 'weekly'; overdue?: boolean } = {},
): Block {
  const n = report.actions.indexOf(a) + 1;
  const last = a.history.at(-1);
  const lines = [line(actionLine(t, lang, a, n), extra.overdue ? 'Attention' : 'Default')];
  if (extra.overdue) lines.push(line(t('weekly.overdue'), 'Attention'));
  if (last) lines.push(line(t('actions.lastAnswer', { answer: t(`report.action.status.${last.answer}`), date: formatDateTime(lang, last.at) })));
  const from = extra.from ? { from: extra.from } : {};
  const data = (answer: string) => ({ caseId: c.id, actionId: a.id, answer, ...from });
  const answerable = !report.evaluationOutcome && a.status !== 'not_mine';
  const buttons = answerable
    ? [
        button(t('actions.done'), VERBS.actionAnswer, data('done'), { style: 'positive' }),
        button(t('actions.notDoneYet'), VERBS.actionAnswer, data('not_done_yet'), { associatedInputs: 'auto' }),
        button(t('actions.blocked'), VERBS.actionAnswer, data('blocked'), { associatedInputs: 'auto' }),
        ...(options.ownerOf(a) ? [button(t('actions.notMine'), VERBS.actionAnswer, data('not_mine'), { associatedInputs: 'auto' })] : []),
      ]
    : [];
  if (options.isOrganiser && !report.evaluationOutcome) buttons.push(button(t('actions.reassign'), VERBS.actionReassignForm, { caseId: c.id, actionId: a.id }));
  const inputs = answerable ? [date(`due.${a.id}`, t('actions.newDate')), text(`why.${a.id}`, t('actions.why'))] : [];
  // two answers per row: each title stays readable at a phone's width
  return block('', lines, inputs, buttons.slice(0, 2), buttons.slice(2));
}

export function renderReassignCard(t: Translate, lang: UiLanguage, c: Case, report: MeetingReport, actionId: string, notice?: Notice, values: FormValues = {}): AdaptiveCard {
  const action = report.actions.find((a) => a.id === actionId);
  const n = action ? report.actions.indexOf(action) + 1 : 0;
  const owners = ownerChoices(t, c);
  const blocks = [
    block('', action ? [line(actionLine(t, lang, action, n))] : [], [
      choice('re.owner', t('report.action.owner'), owners, values['re.owner'] ?? '', { compact: true }),
      text('re.name', t('report.action.name'), values['re.name'] ?? ''),
      date('re.due', t('report.action.due'), values['re.due'] ?? action?.dueDate ?? ''),
    ]),
  ];
  return card(
    t('reassign.title', { n, reference: c.reference }),
    '',
    blocks,
    [
      button(t('reassign.save'), VERBS.actionReassign, { caseId: c.id, actionId }, { associatedInputs: 'auto', style: 'positive' }),
      button(t('report.actionsButton'), VERBS.actionsList, { caseId: c.id }),
    ],
    notice,
  );
}

export function renderEvaluationCard(t: Translate, lang: UiLanguage, c: Case, report: MeetingReport, notice?: Notice, values: FormValues = {}): AdaptiveCard {
  const lines = [line(t('evaluation.text')), ...report.actions.map((a, i) => line(actionLine(t, lang, a, i + 1)))];
  const met = (['all', 'partly', 'none'] as const).map((m) => ({ title: t(`evaluation.met.${m}`), value: m }));
  const decisions = (['close', 'new_cycle'] as const).map((d) => ({ title: t(`evaluation.decision.${d}`), value: d }));
  const blocks = [
    block('', lines, [
      choice('out.met', t('evaluation.met'), met, values['out.met'] ?? ''),
      choice('out.enough', t('evaluation.enough'), YES_NO(t), values['out.enough'] ?? ''),
      choice('out.decision', t('evaluation.decision'), decisions, values['out.decision'] ?? ''),
      text('out.reason', t('evaluation.reason'), values['out.reason'] ?? '', true),
    ]),
  ];
  return card(
    t('evaluation.title', { reference: c.reference }),
    '',
    blocks,
    // evaluated, its case still in follow-up: the evaluation was cut short; saving again completes it
    report.evaluationOutcome && c.status !== 'follow_up' ? [] : [button(t('evaluation.save'), VERBS.evaluationSave, { caseId: c.id }, { associatedInputs: 'auto', style: 'positive' })],
    notice,
  );
}

/** What each proactive notice opens. */
export const REPORT_NOTICE_VIEWS = {
  report_sent: VERBS.reportView,
  actions_mine: VERBS.actionsList,
  actions_referent: VERBS.actionsList,
  action_reminder: VERBS.actionsList,
  action_overdue: VERBS.actionsList,
  action_escalation: VERBS.actionsList,
  action_not_mine: VERBS.actionsList,
  weekly_overview: VERBS.actionsWeekly,
  evaluation: VERBS.evaluationOpen,
} as const;
export type ReportNoticeView = keyof typeof REPORT_NOTICE_VIEWS;

/**
 * A proactive notice in someone's 1:1 chat: the case reference and a button; what it is about is
 * loaded (and access-checked, and audited) when they open it, so the outbox holds no report content.
 */
export function renderReportNoticeCard(t: Translate, c: Case, view: ReportNoticeView): AdaptiveCard {
  return card(
    t(`notice.${view}.title`, { reference: c.reference }),
    '',
    [block('', [line(t(`notice.${view}.text`))])],
    [button(t(`notice.${view}.button`), REPORT_NOTICE_VIEWS[view], { caseId: c.id }, { style: 'positive' })],
  );
}

/** The attendance choices a card sends, as the domain's attendance lines. */
export function attendanceFromChoice(value: string): { status: (typeof ATTENDANCE_STATUSES)[number]; mode?: 'in_person' | 'online' } | null {
  if (value === 'in_person' || value === 'online') return { status: 'present', mode: value };
  if (value === 'excused' || value === 'absent') return { status: value };
  return null;
}
