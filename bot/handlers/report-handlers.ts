import { z } from 'zod';
import { DomainError, isDomainError } from '../../domain/errors';
import {
  answerCaseAction,
  correctCaseAttendance,
  evaluateCase,
  markMeetingHeld,
  openEvaluation,
  openReport,
  reassignCaseAction,
  reloadReport,
  saveReportDraft,
  sendCaseReport,
  viewActions,
  viewSentReport,
  type DraftChange,
  type ReportDeps,
} from '../../domain/report/report-use-cases';
import { ownerUserId } from '../../domain/report/owners';
import type { MeetingReport } from '../../domain/report/report';
import type { Case } from '../../domain/case/case';
import type { Notice } from '../../adaptive-cards/views/assignment-views';
import {
  attendanceFromChoice,
  REPORT_SECTIONS,
  renderActionsCard,
  renderEvaluationCard,
  renderReassignCard,
  renderReportCard,
  renderReportSectionCard,
  renderSentReportCard,
  type FormValues,
  type ReportLinks,
  type ReportSection,
} from '../../adaptive-cards/views/report-views';
import { renderMessageCard } from '../../adaptive-cards/views/message-view';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import { BadPayloadError, describeError, renderErrorCard } from './error-cards';
import { cardAnswer, messageAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';
import { readCommandArgument } from '../commands';
import { formatCaseReference, parseCaseReference } from '../../domain/case/reference';
import { actorOf, caseRefSchema, formInputs, idSchema, parsePayload, reachOf, requirePersonal } from './handler-kit';
import { weeklyOverviewCard } from './followup-handlers';

/**
 * The meeting report (organiser), the agreed actions (referent, owners, organiser) and the
 * evaluation, all in 1:1 chats. Payloads are parsed here; the domain judges the content. A refused
 * change shows the same card again with the reason and what was typed; nothing was written.
 */


export function deps(ctx: HandlerContext): ReportDeps {
  return { stores: ctx.app.stores, ids: ctx.app.ids };
}

/** The raw inputs again under their card ids, to show them after a refusal. */
export const asValues = (prefix: string, raw: Record<string, string>): FormValues => Object.fromEntries(Object.entries(raw).map(([k, v]) => [`${prefix}.${k}`, v]));
const blank = (v: string | undefined): string | undefined => (v === undefined || v.trim() === '' ? undefined : v.trim());

export const good = (text: string): Notice => ({ text, tone: 'good' });
export const attention = (text: string): Notice => ({ text, tone: 'attention' });

export function isShownOnCard(err: unknown): err is DomainError {
  return isDomainError(err) && err.code !== 'access.denied';
}

function linksFor(ctx: HandlerContext, c: Case, report: MeetingReport | null): ReportLinks | undefined {
  if (!report || report.status !== 'sent' || !ctx.app.reportFileLink) return undefined;
  const request = { caseId: c.id, cycle: report.cycle, lang: ctx.lang };
  return { report: ctx.app.reportFileLink({ ...request, kind: 'report' }, ctx.now), sheet: ctx.app.reportFileLink({ ...request, kind: 'sheet' }, ctx.now) };
}

async function reportCard(ctx: HandlerContext, caseId: string, notice?: Notice): Promise<AdaptiveCard> {
  const { case: c, report, problems } = await reloadReport(deps(ctx), actorOf(ctx), caseId, ctx.now);
  return renderReportCard(ctx.t, ctx.lang, c, report, problems, notice, linksFor(ctx, c, report));
}

/** A refused change: the report card (or the given form) again, with the reason. */
export async function refusedOn(ctx: HandlerContext, caseId: string, err: unknown, render?: (c: Case, report: MeetingReport, notice: Notice) => AdaptiveCard): Promise<InvokeAnswer> {
  if (!isShownOnCard(err)) throw err;
  const notice = attention(describeError(ctx.t, err));
  const { case: c, report, problems } = await reloadReport(deps(ctx), actorOf(ctx), caseId, ctx.now);
  if (render && report && report.status === 'draft') return cardAnswer(render(c, report, notice));
  return cardAnswer(renderReportCard(ctx.t, ctx.lang, c, report, problems, notice, linksFor(ctx, c, report)));
}

export async function handleReportOpen(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'report.open');
  const { case: c, report, problems } = await openReport(deps(ctx), actorOf(ctx), caseId, ctx.now);
  return cardAnswer(renderReportCard(ctx.t, ctx.lang, c, report, problems, undefined, linksFor(ctx, c, report)));
}

export async function handleReportHeld(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'report.held');
  try {
    await markMeetingHeld(deps(ctx), actorOf(ctx), caseId, ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(await reportCard(ctx, caseId, good(ctx.t('report.held.done'))));
  } catch (err) {
    return refusedOn(ctx, caseId, err);
  }
}

const sectionRef = z.object({ caseId: idSchema, section: z.enum(REPORT_SECTIONS) }).passthrough();

export async function handleReportSection(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId, section } = parsePayload(sectionRef, data, 'report.section');
  const { case: c, report } = await openReport(deps(ctx), actorOf(ctx), caseId, ctx.now);
  if (!report || report.status !== 'draft') return refusedOn(ctx, caseId, new DomainError('report.not_draft'));
  return cardAnswer(renderReportSectionCard(ctx.t, ctx.lang, c, report, section));
}

const PREFIX: Readonly<Record<ReportSection, string>> = {
  attendance: 'att',
  narrative: 'narr',
  actions: 'act',
  referent: 'ref',
  crisis_plan: 'crisis',
  evaluation: 'eval',
};

const yesNo = (v: string | undefined): boolean | undefined => (v === 'yes' ? true : v === 'no' ? false : undefined);

/** What a section's form sent, in the shape of the domain's input schema (which judges it). */
function draftChange(section: ReportSection, raw: Record<string, string>, verb: string): DraftChange {
  switch (section) {
    case 'attendance': {
      const lines = Object.entries(raw)
        .filter(([, value]) => value !== '')
        .map(([participantId, value]) => {
          const parsed = attendanceFromChoice(value);
          if (!parsed) throw new BadPayloadError(verb);
          return { participantId, ...parsed };
        });
      return { section, input: { lines } };
    }
    case 'narrative':
      return {
        section,
        input: JSON.parse(
          JSON.stringify({
            whatGoesWell: blank(raw.whatGoesWell),
            situation: blank(raw.situation),
            decisions: (raw.decisions ?? '').split(/\r?\n/).map((d) => d.trim()).filter(Boolean),
          }),
        ),
      };
    case 'actions':
      return { section: 'action_add', input: actionInput(raw.what, raw.owner, raw.name, raw.due) };
    case 'referent':
      return { section, input: JSON.parse(JSON.stringify({ entryId: blank(raw.entryId), confirmed: yesNo(raw.confirmed) })) };
    case 'crisis_plan': {
      const contacts = [1, 2]
        .map((n) => ({ who: blank(raw[`c${n}.who`]), name: blank(raw[`c${n}.name`]), how: blank(raw[`c${n}.how`]), hours: (raw[`c${n}.hours`] ?? '').split(',').map((h) => h.trim()) }))
        .filter((x) => x.who !== undefined || x.how !== undefined || x.name !== undefined)
        .map((x) => ({
          ...(x.who === undefined || x.who === 'other' ? { name: x.name } : { entryId: x.who }),
          how: x.how,
          inOfficeHours: x.hours.includes('in_office'),
          outOfOfficeHours: x.hours.includes('out_of_office'),
        }));
      return { section, input: JSON.parse(JSON.stringify({ warningSigns: blank(raw.warningSigns), whatToDo: blank(raw.whatToDo), contacts })) };
    }
    case 'evaluation':
      return { section, input: JSON.parse(JSON.stringify({ who: blank(raw.who), how: blank(raw.how), date: blank(raw.date) })) };
  }
}

/** An owner as the card's choice names it: `participant:<entry id>`, or `person` / `relative` with a typed name. */
function ownerInput(owner: string | undefined, name: string | undefined): unknown {
  const value = blank(owner);
  if (value?.startsWith('participant:')) return { kind: 'participant', entryId: value.slice('participant:'.length) };
  if (value === 'person' || value === 'relative') return JSON.parse(JSON.stringify({ kind: value, name: blank(name) }));
  return undefined;
}

export function actionInput(what: string | undefined, owner: string | undefined, name: string | undefined, due: string | undefined): unknown {
  return JSON.parse(JSON.stringify({ what: blank(what), owner: ownerInput(owner, name), dueDate: blank(due) }));
}

export async function handleReportSave(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId, section } = parsePayload(sectionRef, data, 'report.save');
  const prefix = PREFIX[section];
  const raw = formInputs(data, prefix, 'report.save');
  const change = draftChange(section, raw, 'report.save');
  try {
    const { case: c, report } = await saveReportDraft(deps(ctx), actorOf(ctx), caseId, change, ctx.now);
    const notice = good(ctx.t(section === 'actions' ? 'report.action.added' : 'report.saved'));
    return cardAnswer(renderReportSectionCard(ctx.t, ctx.lang, c, report, section, notice));
  } catch (err) {
    return refusedOn(ctx, caseId, err, (c, report, notice) => renderReportSectionCard(ctx.t, ctx.lang, c, report, section, notice, asValues(prefix, raw)));
  }
}

/** A case and one of its actions: report.actionRemove, action.reassignForm, action.reassign. */
const actionRef = z.object({ caseId: idSchema, actionId: idSchema }).passthrough();

export async function handleReportActionRemove(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId, actionId } = parsePayload(actionRef, data, 'report.actionRemove');
  try {
    const { case: c, report } = await saveReportDraft(deps(ctx), actorOf(ctx), caseId, { section: 'action_remove', actionId }, ctx.now);
    return cardAnswer(renderReportSectionCard(ctx.t, ctx.lang, c, report, 'actions', good(ctx.t('report.action.removed'))));
  } catch (err) {
    return refusedOn(ctx, caseId, err, (c, report, notice) => renderReportSectionCard(ctx.t, ctx.lang, c, report, 'actions', notice));
  }
}

export async function handleReportSend(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'report.send');
  try {
    const { case: c, report } = await sendCaseReport(deps(ctx), actorOf(ctx), caseId, reachOf(ctx), ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(renderReportCard(ctx.t, ctx.lang, c, report, [], good(ctx.t('report.sent')), linksFor(ctx, c, report)));
  } catch (err) {
    return refusedOn(ctx, caseId, err);
  }
}

/** An invited member reads the sent report (from the card the outbox sent them). */
export async function handleReportView(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'report.view');
  const { case: c, report } = await viewSentReport(deps(ctx), actorOf(ctx), caseId, ctx.now);
  return cardAnswer(renderSentReportCard(ctx.t, ctx.lang, c, report));
}

async function actionsCard(ctx: HandlerContext, caseId: string, notice?: Notice): Promise<AdaptiveCard> {
  const { case: c, report, scope } = await viewActions(deps(ctx), actorOf(ctx), caseId, ctx.now);
  const network = { network: c.preparation.network };
  const mine = (a: MeetingReport['actions'][number]) => ownerUserId(a, network) === ctx.info.caller.userId;
  const visible = scope === 'all' ? report.actions : report.actions.filter(mine);
  return renderActionsCard(ctx.t, ctx.lang, c, report, visible, { scope, isOrganiser: c.organiserId === ctx.info.caller.userId, ownerOf: mine }, notice);
}

export async function handleActionsList(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'actions.list');
  return cardAnswer(await actionsCard(ctx, caseId));
}

/** A refusal about actions: on the actions card when the caller may see it, else on an error card. */
async function refusedOnActions(ctx: HandlerContext, caseId: string, err: unknown): Promise<InvokeAnswer> {
  if (!isShownOnCard(err)) throw err;
  try {
    return cardAnswer(await actionsCard(ctx, caseId, attention(describeError(ctx.t, err))));
  } catch {
    return cardAnswer(renderErrorCard(ctx.t, err));
  }
}

/** action.answer: how an action stands, and from which card. */
const actionAnswerData = z.object({ caseId: idSchema, actionId: idSchema, answer: z.enum(['done', 'not_done_yet', 'blocked', 'not_mine']), from: z.literal('weekly').optional() }).passthrough();

/** action.answer: the rest of the card, read by section. */
const anyFields = z.record(z.string(), z.unknown());

export async function handleActionAnswer(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(
    actionAnswerData,
    data,
    'action.answer',
  );
  const extra = parsePayload(anyFields, data, 'action.answer');
  const read = (key: string): string | undefined => {
    const value = extra[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length > 1000) throw new BadPayloadError('action.answer');
    return blank(value);
  };
  const answer = JSON.parse(
    JSON.stringify(
      input.answer === 'not_done_yet'
        ? { answer: input.answer, newDueDate: read(`due.${input.actionId}`) }
        : input.answer === 'blocked' || input.answer === 'not_mine'
          ? { answer: input.answer, reason: read(`why.${input.actionId}`) }
          : { answer: input.answer },
    ),
  );
  try {
    await answerCaseAction(deps(ctx), actorOf(ctx), input.caseId, input.actionId, answer, reachOf(ctx), ctx.now);
    ctx.app.kickOutbox();
    // answered on the weekly overview: the overview again, with what is still open in all the cases
    if (input.from === 'weekly') return cardAnswer(await weeklyOverviewCard(ctx, good(ctx.t('actions.answered'))));
    return cardAnswer(await actionsCard(ctx, input.caseId, good(ctx.t('actions.answered'))));
  } catch (err) {
    if (input.from === 'weekly' && isShownOnCard(err)) return cardAnswer(await weeklyOverviewCard(ctx, attention(describeError(ctx.t, err))));
    return refusedOnActions(ctx, input.caseId, err);
  }
}

export async function handleActionReassignForm(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId, actionId } = parsePayload(actionRef, data, 'action.reassignForm');
  const { case: c } = await reloadReport(deps(ctx), actorOf(ctx), caseId, ctx.now);
  const { report } = await viewActions(deps(ctx), actorOf(ctx), caseId, ctx.now);
  return cardAnswer(renderReassignCard(ctx.t, ctx.lang, c, report, actionId));
}

export async function handleActionReassign(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId, actionId } = parsePayload(actionRef, data, 'action.reassign');
  const raw = formInputs(data, 're', 'action.reassign');
  const input = JSON.parse(JSON.stringify({ owner: ownerInput(raw.owner, raw.name), dueDate: blank(raw.due) }));
  try {
    await reassignCaseAction(deps(ctx), actorOf(ctx), caseId, actionId, input, reachOf(ctx), ctx.now);
    ctx.app.kickOutbox();
    return cardAnswer(await actionsCard(ctx, caseId, good(ctx.t('reassign.done'))));
  } catch (err) {
    if (!isShownOnCard(err)) throw err;
    const { case: c } = await reloadReport(deps(ctx), actorOf(ctx), caseId, ctx.now);
    const { report } = await viewActions(deps(ctx), actorOf(ctx), caseId, ctx.now);
    return cardAnswer(renderReassignCard(ctx.t, ctx.lang, c, report, actionId, attention(describeError(ctx.t, err)), asValues('re', raw)));
  }
}

export async function handleEvaluationOpen(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'evaluation.open');
  const { case: c, report } = await openEvaluation(deps(ctx), actorOf(ctx), caseId);
  const notice = report.evaluationOutcome ? attention(describeError(ctx.t, new DomainError('report.evaluated'))) : undefined;
  return cardAnswer(renderEvaluationCard(ctx.t, ctx.lang, c, report, notice));
}

export async function handleEvaluationSave(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'evaluation.save');
  const raw = formInputs(data, 'out', 'evaluation.save');
  const input = JSON.parse(JSON.stringify({ agreementsMet: blank(raw.met), enough: yesNo(raw.enough), decision: blank(raw.decision), reason: blank(raw.reason) }));
  try {
    const { case: c, report } = await evaluateCase(deps(ctx), actorOf(ctx), caseId, input, ctx.now, reachOf(ctx));
    ctx.app.kickOutbox();
    const closed = report.evaluationOutcome?.decision === 'close';
    return cardAnswer(renderMessageCard(ctx.t, ctx.t('evaluation.title', { reference: c.reference }), ctx.t(closed ? 'evaluation.done.close' : 'evaluation.done.new_cycle'), 'good'));
  } catch (err) {
    if (!isShownOnCard(err)) throw err;
    const { case: c, report } = await openEvaluation(deps(ctx), actorOf(ctx), caseId);
    return cardAnswer(renderEvaluationCard(ctx.t, ctx.lang, c, report, attention(describeError(ctx.t, err)), asValues('out', raw)));
  }
}

/** "report MKO-2026-0007" (typed by the organiser): the report card of that case; a refusal reads like an unknown reference. */
export async function answerReportCommand(ctx: HandlerContext, said: string): Promise<InvokeAnswer> {
  const parts = parseCaseReference(readCommandArgument(said));
  if (!parts) return messageAnswer(ctx.t('report.usage'));
  const found = await ctx.app.stores.cases.findByReference(formatCaseReference(parts.year, parts.seq));
  try {
    if (!found) throw new DomainError('access.denied');
    const { case: c, report, problems } = await openReport(deps(ctx), actorOf(ctx), found.id, ctx.now);
    return cardAnswer(renderReportCard(ctx.t, ctx.lang, c, report, problems, undefined, linksFor(ctx, c, report)));
  } catch (err) {
    if (isDomainError(err) && err.code === 'access.denied') return messageAnswer(ctx.t('error.accessDenied'));
    throw err;
  }
}

/** The organiser corrects one attendance line of a sent report, with a reason (audited). */
export async function handleReportCorrectAttendance(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'report.correctAttendance');
  const raw = formInputs(data, 'corr', 'report.correctAttendance');
  const status = blank(raw.status);
  const parsed = status === undefined ? null : attendanceFromChoice(status);
  if (status !== undefined && !parsed) throw new BadPayloadError('report.correctAttendance');
  const input = JSON.parse(JSON.stringify({ line: { participantId: blank(raw.participantId), ...(parsed ?? {}) }, reason: blank(raw.reason) }));
  try {
    await correctCaseAttendance(deps(ctx), actorOf(ctx), caseId, input, ctx.now);
    return cardAnswer(await reportCard(ctx, caseId, good(ctx.t('report.correct.done'))));
  } catch (err) {
    return refusedOn(ctx, caseId, err);
  }
}
