import { z } from 'zod';
import { isDomainError } from '../../domain/errors';
import type { Stores } from '../../domain/ports';
import type { Case } from '../../domain/case/case';
import { canDo, rolesOnCase } from '../../domain/case/access';
import type { Reach } from '../../domain/case/pool-and-assignment';
import { ownerUserId, referentUserId } from '../../domain/report/owners';
import { ACTION_ANSWERS, isFollowingUp, openActions, type ActionAnswerKind, type AgreedAction, type MeetingReport } from '../../domain/report/report';
import { answerCaseAction, findLatestSentReport, reportContextOf, viewActions, type ReportDeps } from '../../domain/report/report-use-cases';
import { formatCalendarDate, formatDateTime } from '../../adaptive-cards/format';
import { makeTranslator, type MessageKey, type Translate, type UiLanguage } from '../../adaptive-cards/i18n';
import { idSchema } from '../handlers/handler-kit';
import { refusalOf } from './tab-errors';

/**
 * "My actions": the agreed actions the caller owns and, for a referent, every open action of the
 * cases they are referent of; answered with the same four answers as the actions card, through the
 * same use case (answerCaseAction): the rule decides who may answer what, the thread is told.
 */

export interface ActionRow {
  actionId: string;
  /** The action's number in the report, as the thread notices name it. */
  n: number;
  what: string;
  owner: string;
  /** The caller owns it (only the owner may say "not mine"). */
  mine: boolean;
  dueDate: string;
  dueText: string;
  status: AgreedAction['status'];
  statusLabel: string;
  lastAnswer: string | null;
  /** The answers the caller may give now, in the cards' words; empty when it waits for the organiser. */
  answers: { value: ActionAnswerKind; label: string }[];
}

export interface ActionCaseGroup {
  caseId: string;
  reference: string;
  pseudonym: string;
  /** 'all': the caller is the referent and sees every open action; 'own': only theirs. */
  scope: 'all' | 'own';
  actions: ActionRow[];
}

export interface MyActions {
  language: UiLanguage;
  cases: ActionCaseGroup[];
  count: number;
}

const ANSWER_LABEL: Readonly<Record<ActionAnswerKind, MessageKey>> = {
  done: 'actions.done',
  not_done_yet: 'actions.notDoneYet',
  blocked: 'actions.blocked',
  not_mine: 'actions.notMine',
};

/**
 * What the tab sends. The shape is checked here (strict: no unknown field); the content (a real
 * date after today, a reason that is not empty) by the domain, so the refusal is the card's own.
 */
const answerText = z.string().max(2000);
const actionRef = { caseId: idSchema, actionId: idSchema };
export const actionAnswerBodySchema = z.discriminatedUnion('answer', [
  z.object({ ...actionRef, answer: z.literal('done') }).strict(),
  z.object({ ...actionRef, answer: z.literal('not_done_yet'), newDueDate: answerText.optional() }).strict(),
  z.object({ ...actionRef, answer: z.literal('blocked'), reason: answerText.optional() }).strict(),
  z.object({ ...actionRef, answer: z.literal('not_mine'), reason: answerText.optional() }).strict(),
]);
export type ActionAnswerBody = z.infer<typeof actionAnswerBodySchema>;

function describeAction(t: Translate, lang: UiLanguage, report: MeetingReport, action: AgreedAction, mine: boolean): ActionRow {
  const last = action.history.at(-1);
  const answerable = !report.evaluationOutcome && action.status !== 'done' && action.status !== 'not_mine';
  return {
    actionId: action.id,
    n: report.actions.indexOf(action) + 1,
    what: action.what,
    owner: action.owner.name,
    mine,
    dueDate: action.dueDate,
    dueText: formatCalendarDate(lang, action.dueDate),
    status: action.status,
    statusLabel: t(`report.action.status.${action.status}`),
    lastAnswer: last ? t('actions.lastAnswer', { answer: t(`report.action.status.${last.answer}`), date: formatDateTime(lang, last.at) }) : null,
    answers: answerable ? ACTION_ANSWERS.filter((a) => a !== 'not_mine' || mine).map((value) => ({ value, label: t(ANSWER_LABEL[value]) })) : [],
  };
}

/** The group of one case as the caller sees it; null when nothing there waits for them. */
export function toActionGroup(t: Translate, lang: UiLanguage, c: Case, report: MeetingReport, userId: string): ActionCaseGroup | null {
  const ctx = reportContextOf(c);
  const isReferent = referentUserId(report.referentEntryId, ctx) === userId;
  const mine = (a: AgreedAction) => ownerUserId(a, ctx) === userId;
  // an owner's own list leaves out what they returned: it waits for the organiser, not for them
  const visible = openActions(report).filter((a) => (isReferent ? true : mine(a) && a.status !== 'not_mine'));
  if (visible.length === 0) return null;
  return {
    caseId: c.id,
    reference: c.reference,
    pseudonym: c.pseudonym,
    scope: isReferent ? 'all' : 'own',
    actions: visible.map((a) => describeAction(t, lang, report, a, mine(a))),
  };
}

/** Whether the caller has anything to look at in this report, before it is read (and audited) as theirs. */
function concernsCaller(c: Case, report: MeetingReport, userId: string): boolean {
  if (c.purgedAt) return false;
  const roles = rolesOnCase(userId, c, false);
  // the same matrix as the cards: a referent confirms the actions, a member answers their own
  if (!canDo(roles, 'actions.confirm', c) && !canDo(roles, 'actions.answer_own', c)) return false;
  const ctx = reportContextOf(c);
  return referentUserId(report.referentEntryId, ctx) === userId || report.actions.some((a) => ownerUserId(a, ctx) === userId);
}

export async function readMyActions(deps: ReportDeps, userId: string, lang: UiLanguage, now: Date): Promise<MyActions> {
  const t = makeTranslator(lang);
  const groups: ActionCaseGroup[] = [];
  // the caller's own open cases (indexed by user), not every report being followed up
  for (const found of await deps.stores.cases.listOpenInvolving(userId)) {
    if (found.status !== 'follow_up') continue;
    const report = await findLatestSentReport(deps.stores, found.id);
    if (!report || !isFollowingUp(report) || !concernsCaller(found, report, userId)) continue;
    try {
      // the actions card's own read: its access check and its audit entry
      const { case: c, report: latest } = await viewActions(deps, { userId, isCoordinator: false }, found.id, now);
      const group = toActionGroup(t, lang, c, latest, userId);
      if (group) groups.push(group);
    } catch (err) {
      if (isDomainError(err)) continue;
      throw err;
    }
  }
  groups.sort((a, b) => a.reference.localeCompare(b.reference));
  return { language: lang, cases: groups, count: groups.reduce((n, g) => n + g.actions.length, 0) };
}

/**
 * How cards queued by an answer reach people who never wrote to the bot: through the caller's own
 * chat with the bot (what the card verb uses), else the cases channel's registration.
 */
export async function reachForTab(stores: Pick<Stores, 'conversations' | 'settings'>, userId: string): Promise<Reach> {
  const ref = await stores.conversations.findByUser(userId);
  if (ref) return { serviceUrl: ref.serviceUrl, botId: ref.botId, tenantId: ref.tenantId };
  const channel = await stores.settings.getCasesChannel();
  if (channel) return { serviceUrl: channel.serviceUrl, botId: channel.botId, tenantId: channel.tenantId };
  // nobody to reach through: the outbox reports such a card to the organiser instead of dropping it
  return { serviceUrl: '', botId: '', tenantId: null };
}

export async function answerMyAction(
  deps: ReportDeps & { stores: Pick<Stores, 'conversations' | 'settings'> },
  userId: string,
  body: ActionAnswerBody,
  lang: UiLanguage,
  now: Date,
): Promise<{ language: UiLanguage; message: string; group: ActionCaseGroup | null }> {
  const t = makeTranslator(lang);
  const { caseId, actionId, ...given } = body;
  // an empty field is a field not filled in, as on the card: the domain then says what is missing
  const answer = Object.fromEntries(Object.entries(given).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]).filter(([, v]) => v !== ''));
  let result: { case: Case; report: MeetingReport };
  try {
    result = await answerCaseAction(deps, { userId, isCoordinator: false }, caseId, actionId, answer, await reachForTab(deps.stores, userId), now);
  } catch (err) {
    refusalOf(err, lang);
  }
  return { language: lang, message: t('actions.answered'), group: toActionGroup(t, lang, result.case, result.report, userId) };
}
