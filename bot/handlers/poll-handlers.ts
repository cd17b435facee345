import { z } from 'zod';
import { DomainError, isDomainError } from '../../domain/errors';
import type { SlotInput } from '../../domain/poll/inputs';
import { ANSWERS, MAX_SLOTS, type PollParticipant } from '../../domain/poll/poll';
import { addDraftPattern, addDraftSlots, parseDraftSlots, placeFromText, removeDraftSlot, suggestDeadline } from '../../domain/poll/poll-draft';
import type { Delivery } from '../../domain/poll/poll-messages';
import {
  addPollSlot,
  assertPollChangeable,
  castParticipantVotes,
  castProxyVotes,
  cancelCasePoll,
  chooseMeetingSlot,
  closeCasePoll,
  createCasePoll,
  decideProposal,
  findOrganiserName,
  openPollDraft,
  openProxyForm,
  proposePollSlot,
  reloadPollDraft,
  reopenCasePoll,
  changeCasePollDeadline,
  showPollToOrganiser,
  showPollToParticipant,
  type AnswerInput,
  type PollDeps,
  type PollView,
} from '../../domain/poll/poll-use-cases';
import {
  renderCancelConfirmCard,
  renderChoiceConfirmCard,
  renderInvitationCard,
  renderManageCard,
  renderPollDraftCard,
  renderVoteCard,
  POLL_OPTIONS,
  type DraftValues,
} from '../../adaptive-cards/views/poll-views';
import type { Notice } from '../../adaptive-cards/views/assignment-views';
import { formatDateTime, formatSlot } from '../../adaptive-cards/format';
import { readSectionInputs } from '../card-payloads';
import { organiserLinks } from '../outbox/poll-direct-views';
import { BadPayloadError, describeError } from './error-cards';
import { cardAnswer, type HandlerContext, type InvokeAnswer } from './handler-types';
import { actorOf, caseRefSchema, idSchema, parsePayload, requirePersonal } from './handler-kit';

/**
 * The availability poll in 1:1 chats: the organiser's draft and poll card, a participant's card,
 * the organiser's answers on someone's behalf, the invitation. Every payload is parsed here (shape,
 * types, sizes) before the domain judges its content; a refused step shows the card the user was
 * on again, with the reason, and nothing was written.
 */

const pollRef = z.object({ pollId: idSchema }).passthrough();
/** The slots of a draft, as JSON in the card's data: at most MAX_SLOTS of them, so bounded. */
const draftRef = caseRefSchema.extend({ draft: z.string().max(20_000) });

function deps(ctx: HandlerContext): PollDeps {
  return { stores: ctx.app.stores, ids: ctx.app.ids };
}

/** How the cards this turn queues reach people who never wrote to the bot, and their language until they do. */
function deliveryOf(ctx: HandlerContext): Delivery {
  return { reach: { serviceUrl: ctx.serviceUrl, botId: ctx.botId, tenantId: ctx.info.caller.tenantId }, locale: ctx.info.caller.locale };
}

const good = (text: string): Notice => ({ text, tone: 'good' });
const attention = (text: string): Notice => ({ text, tone: 'attention' });

/** Errors the user can act on are shown on their card; access and the unexpected go to the error card. */
function isShownOnCard(err: unknown): err is DomainError {
  return isDomainError(err) && err.code !== 'access.denied';
}

/** Runs `step`; a refusal the user can act on is answered with `again` and the reason. */
async function orShowAgain(ctx: HandlerContext, step: () => Promise<InvokeAnswer>, again: (notice: Notice) => Promise<InvokeAnswer>): Promise<InvokeAnswer> {
  try {
    return await step();
  } catch (err) {
    if (!isShownOnCard(err)) throw err;
    return again(attention(describeError(ctx.t, err)));
  }
}

// ---------------------------------------------------------------------------------------------
// Reading the cards' inputs

/** The inputs of one section (e.g. every `slot.*`), as strings; too long or not strings is a bad payload. */
function sectionInputs(data: unknown, section: string, verb: string): Record<string, string> {
  const raw = readSectionInputs(data, section);
  if (raw === null) throw new BadPayloadError(verb);
  return raw;
}

/** A slot typed on a card (date, start, end, place) as the domain reads it. */
function readSlotInput(data: unknown, section: 'slot' | 'propose' | 'add', verb: string): SlotInput {
  const raw = sectionInputs(data, section, verb);
  return { date: raw.date?.trim() ?? '', start: raw.start?.trim() ?? '', end: raw.end?.trim() ?? '', place: placeFromText(raw.place ?? '') };
}

/** Every value the organiser typed on the draft card, to show them again. */
function readDraftValues(data: unknown, verb: string): DraftValues {
  const values: Record<string, string> = {};
  for (const section of ['poll', 'slot', 'pattern', 'deadline', 'req']) {
    for (const [key, value] of Object.entries(sectionInputs(data, section, verb))) values[`${section}.${key}`] = value;
  }
  return values;
}

/** The answers of a vote card: `vote.<slot id>` = yes | if_need_be | no, or empty for "not answered". */
const answerSchema = z.enum(ANSWERS);

function readAnswers(data: unknown, verb: string): AnswerInput[] {
  const raw = sectionInputs(data, 'vote', verb);
  const entries = Object.entries(raw);
  if (entries.length > MAX_SLOTS) throw new BadPayloadError(verb);
  const answers: AnswerInput[] = [];
  for (const [slotId, value] of entries) {
    if (!idSchema.safeParse(slotId).success) throw new BadPayloadError(verb);
    if (value === '') continue;
    const answer = answerSchema.safeParse(value);
    if (!answer.success) throw new BadPayloadError(verb);
    answers.push({ slotId, answer: answer.data });
  }
  return answers;
}

function readDraft(raw: string, verb: string): SlotInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw || '[]');
  } catch {
    throw new BadPayloadError(verb);
  }
  try {
    return parseDraftSlots(parsed);
  } catch {
    // we wrote that draft into the card: one that does not read back was changed on the way
    throw new BadPayloadError(verb);
  }
}

// ---------------------------------------------------------------------------------------------
// Rendering

function fileLink(ctx: HandlerContext) {
  const link = ctx.app.pollFileLink;
  return link ? { fileLink: link } : null;
}

async function manageCard(ctx: HandlerContext, view: PollView, notice?: Notice): Promise<InvokeAnswer> {
  const links = fileLink(ctx);
  return cardAnswer(
    renderManageCard(ctx.t, ctx.lang, view, {
      now: ctx.now,
      notice,
      links: links ? organiserLinks(links, view.poll, ctx.lang, ctx.now) : null,
      readerMri: ctx.info.teamsUserId,
    }),
  );
}

async function voteCard(ctx: HandlerContext, view: PollView & { participant: PollParticipant }, mode: 'self' | 'proxy', notice?: Notice): Promise<InvokeAnswer> {
  const organiserName = await findOrganiserName(deps(ctx), view.poll, view.c);
  return cardAnswer(renderVoteCard(ctx.t, ctx.lang, view, { mode, organiserName, notice, readerMri: ctx.info.teamsUserId }));
}

async function draftCard(ctx: HandlerContext, caseId: string, slots: readonly SlotInput[], typed: DraftValues, notice?: Notice): Promise<InvokeAnswer> {
  const { c, candidates } = await reloadPollDraft(deps(ctx), actorOf(ctx), caseId);
  return cardAnswer(renderPollDraftCard(ctx.t, ctx.lang, { c, candidates, slots, typed, deadline: suggestDeadline(ctx.now, slots) }, notice));
}

async function showOrganiserPoll(ctx: HandlerContext, pollId: string, notice?: Notice): Promise<InvokeAnswer> {
  return manageCard(ctx, await showPollToOrganiser(deps(ctx), actorOf(ctx), pollId, ctx.now), notice);
}

/**
 * An organiser's change: on success the poll card with what was done (and the outbox is woken for
 * the messages it queued); a refusal shows the poll card as it is, with the reason.
 */
async function changeByOrganiser<V extends PollView>(ctx: HandlerContext, pollId: string, change: () => Promise<V>, done: (view: V) => string): Promise<InvokeAnswer> {
  return orShowAgain(
    ctx,
    async () => {
      const view = await change();
      ctx.app.kickOutbox();
      return manageCard(ctx, view, good(done(view)));
    },
    (notice) => showOrganiserPoll(ctx, pollId, notice),
  );
}

// ---------------------------------------------------------------------------------------------
// The organiser's draft

/** "Plan the meeting": the draft card, or the poll already running for this meeting. */
export async function handlePollStart(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { caseId } = parsePayload(caseRefSchema, data, 'poll.start');
  const { c, candidates, active } = await openPollDraft(deps(ctx), actorOf(ctx), caseId, ctx.now);
  if (active) return manageCard(ctx, active, good(ctx.t('poll.create.active')));
  return cardAnswer(renderPollDraftCard(ctx.t, ctx.lang, { c, candidates, slots: [], typed: {}, deadline: suggestDeadline(ctx.now) }));
}

const DRAFT_OPS = ['slot', 'pattern', 'remove'] as const;
const SLOT_FIELDS = ['slot.date', 'slot.start', 'slot.end', 'slot.place'];
const PATTERN_FIELDS = ['pattern.from', 'pattern.until', 'pattern.weekdays', 'pattern.start', 'pattern.end', 'pattern.place'];

/** poll.draft: which change to the draft. */
const draftOpData = draftRef.extend({ op: z.enum(DRAFT_OPS), index: z.coerce.number().int().min(0).max(MAX_SLOTS).optional() });

/** Adds a slot or a pattern's slots to the draft, or removes one; the card comes back with the draft. */
export async function handlePollDraft(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(draftOpData, data, 'poll.draft');
  const slots = readDraft(input.draft, 'poll.draft');
  const typed = readDraftValues(data, 'poll.draft');
  const without = (fields: readonly string[]): DraftValues => Object.fromEntries(Object.entries(typed).filter(([k]) => !fields.includes(k)));
  return orShowAgain(
    ctx,
    async () => {
      if (input.op === 'remove') {
        if (input.index === undefined) throw new BadPayloadError('poll.draft');
        return draftCard(ctx, input.caseId, removeDraftSlot(slots, input.index), typed, good(ctx.t('poll.create.removed')));
      }
      const next = input.op === 'slot' ? addDraftSlots(slots, [readSlotInput(data, 'slot', 'poll.draft')], ctx.now) : addDraftPattern(slots, readPatternInput(data), ctx.now);
      const added = next.length - slots.length;
      return draftCard(ctx, input.caseId, next, without(input.op === 'slot' ? SLOT_FIELDS : PATTERN_FIELDS), good(ctx.t('poll.create.added', { count: added })));
    },
    (notice) => draftCard(ctx, input.caseId, slots, typed, notice),
  );
}

function readPatternInput(data: unknown) {
  const raw = sectionInputs(data, 'pattern', 'poll.draft');
  const weekdays = (raw.weekdays ?? '').split(',').map((d) => d.trim()).filter(Boolean).map(Number);
  return {
    from: raw.from?.trim() ?? '',
    until: raw.until?.trim() ?? '',
    weekdays,
    start: raw.start?.trim() ?? '',
    end: raw.end?.trim() ?? '',
    place: placeFromText(raw.place ?? ''),
  };
}

/** Sends the poll: everyone on Teams gets it; the organiser gets the poll card. */
export async function handlePollCreate(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(draftRef, data, 'poll.create');
  const slots = readDraft(input.draft, 'poll.create');
  const typed = readDraftValues(data, 'poll.create');
  const options = (typed['poll.options'] ?? '').split(',').map((o) => o.trim()).filter(Boolean);
  if (options.some((o) => !(POLL_OPTIONS as readonly string[]).includes(o))) throw new BadPayloadError('poll.create');
  const required: Record<string, boolean> = {};
  for (const [key, value] of Object.entries(typed)) {
    if (!key.startsWith('req.')) continue;
    if (value !== 'required' && value !== 'optional') throw new BadPayloadError('poll.create');
    required[key.slice('req.'.length)] = value === 'required';
  }
  return orShowAgain(
    ctx,
    async () => {
      const view = await createCasePoll(
        deps(ctx),
        actorOf(ctx),
        input.caseId,
        {
          meetingGoal: typed['poll.goal'] ?? '',
          slots,
          deadline: { date: typed['deadline.date']?.trim() ?? '', time: typed['deadline.time']?.trim() ?? '' },
          options: { resultsVisibleToOrganiserOnly: options.includes('hideResults'), participantsMayProposeSlots: options.includes('allowProposals') },
          required,
        },
        deliveryOf(ctx),
        ctx.now,
      );
      ctx.app.kickOutbox();
      const onTeams = view.poll.participants.filter((p) => p.userId !== null).length;
      return manageCard(ctx, view, good(ctx.t('poll.manage.created', { count: onTeams })));
    },
    (notice) => draftCard(ctx, input.caseId, slots, typed, notice),
  );
}

// ---------------------------------------------------------------------------------------------
// A participant's card

/** The participant's card as it is now: also what Teams asks for when it refreshes the card. */
export async function handlePollShow(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId } = parsePayload(pollRef, data, 'poll.show');
  return voteCard(ctx, await showPollToParticipant(deps(ctx), actorOf(ctx), pollId, ctx.now), 'self');
}

export async function handlePollVote(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId } = parsePayload(pollRef, data, 'poll.vote');
  const answers = readAnswers(data, 'poll.vote');
  return orShowAgain(
    ctx,
    async () => {
      const view = await castParticipantVotes(deps(ctx), actorOf(ctx), pollId, answers, ctx.activityId, ctx.now);
      ctx.app.kickOutbox();
      return voteCard(ctx, view, 'self', good(ctx.t('poll.vote.saved')));
    },
    async (notice) => voteCard(ctx, await showPollToParticipant(deps(ctx), actorOf(ctx), pollId, ctx.now), 'self', notice),
  );
}

export async function handlePollPropose(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId } = parsePayload(pollRef, data, 'poll.propose');
  const slot = readSlotInput(data, 'propose', 'poll.propose');
  return orShowAgain(
    ctx,
    async () => {
      const view = await proposePollSlot(deps(ctx), actorOf(ctx), pollId, slot, deliveryOf(ctx), ctx.now);
      ctx.app.kickOutbox();
      return voteCard(ctx, view, 'self', good(ctx.t('poll.vote.proposed')));
    },
    async (notice) => voteCard(ctx, await showPollToParticipant(deps(ctx), actorOf(ctx), pollId, ctx.now), 'self', notice),
  );
}

/** The invitation with a fresh link to the calendar file (the card's refresh, and its button). */
export async function handlePollInvitation(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId } = parsePayload(pollRef, data, 'poll.invitation');
  const { poll, c } = await showPollToParticipant(deps(ctx), actorOf(ctx), pollId, ctx.now);
  const link = ctx.app.pollFileLink;
  const icsUrl = poll.calendarEntry && link ? link({ userId: ctx.info.caller.userId, pollId: poll.id, kind: 'ics', lang: ctx.lang }, ctx.now) : null;
  const organiserName = await findOrganiserName(deps(ctx), poll, c);
  return cardAnswer(renderInvitationCard(ctx.t, ctx.lang, poll, c, { icsUrl, organiserName, readerMri: ctx.info.teamsUserId }));
}

// ---------------------------------------------------------------------------------------------
// The organiser's card

export async function handlePollManage(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId } = parsePayload(pollRef, data, 'poll.manage');
  return showOrganiserPoll(ctx, pollId);
}

const proxyRef = pollRef.extend({ participantId: idSchema });

export async function handlePollProxyForm(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId, participantId } = parsePayload(proxyRef, data, 'poll.proxyForm');
  return orShowAgain(
    ctx,
    async () => voteCard(ctx, await openProxyForm(deps(ctx), actorOf(ctx), pollId, participantId, ctx.now), 'proxy'),
    (notice) => showOrganiserPoll(ctx, pollId, notice),
  );
}

/** The organiser records someone's answers; the answers show "recorded by the organiser". */
export async function handlePollProxyVote(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId, participantId } = parsePayload(proxyRef, data, 'poll.proxyVote');
  const answers = readAnswers(data, 'poll.proxyVote');
  return changeByOrganiser(
    ctx,
    pollId,
    () => castProxyVotes(deps(ctx), actorOf(ctx), pollId, participantId, answers, ctx.activityId, ctx.now),
    (view) => ctx.t('poll.vote.proxySaved', { name: view.participant.name }),
  );
}

/** poll.proposal: the organiser's decision on a proposed slot. */
const proposalData = pollRef.extend({ slotId: idSchema, decision: z.enum(['accept', 'decline']) });

export async function handlePollProposal(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(proposalData, data, 'poll.proposal');
  const accept = input.decision === 'accept';
  return changeByOrganiser(
    ctx,
    input.pollId,
    () => decideProposal(deps(ctx), actorOf(ctx), input.pollId, input.slotId, accept, deliveryOf(ctx), ctx.now),
    () => ctx.t(accept ? 'poll.manage.accepted' : 'poll.manage.declined'),
  );
}

/** The organiser adds a date to the open poll (after a reopen, say). */
export async function handlePollAddSlot(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId } = parsePayload(pollRef, data, 'poll.addSlot');
  const slot = readSlotInput(data, 'add', 'poll.addSlot');
  return changeByOrganiser(ctx, pollId, () => addPollSlot(deps(ctx), actorOf(ctx), pollId, slot, deliveryOf(ctx), ctx.now), () => ctx.t('poll.manage.accepted'));
}

/** poll.finalise: the chosen slot, confirmed or not yet. */
const finaliseData = pollRef.extend({ slotId: idSchema, confirm: z.literal('yes').optional() });

/**
 * "Choose this date" (or "Move the meeting here"). A date a required participant said no to comes
 * back as a confirmation naming them; "Yes, choose this date" sends `confirm: yes`.
 */
export async function handlePollFinalise(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(finaliseData, data, 'poll.finalise');
  try {
    const view = await chooseMeetingSlot(deps(ctx), actorOf(ctx), input.pollId, { slotId: input.slotId, confirmRequiredNo: input.confirm === 'yes' }, deliveryOf(ctx), ctx.now);
    ctx.app.kickOutbox();
    const entry = view.poll.calendarEntry!;
    const slot = formatSlot(ctx.lang, entry.slot.start, entry.slot.end);
    return manageCard(ctx, view, good(ctx.t(view.moved ? 'poll.manage.rescheduled' : 'poll.manage.scheduled', { slot })));
  } catch (err) {
    if (isDomainError(err) && err.code === 'poll.finalise_confirmation_required') {
      const { poll } = await showPollToOrganiser(deps(ctx), actorOf(ctx), input.pollId, ctx.now);
      const saidNo = Array.isArray(err.params.participantIds) ? (err.params.participantIds as readonly string[]) : [];
      return cardAnswer(renderChoiceConfirmCard(ctx.t, ctx.lang, poll, input.slotId, saidNo));
    }
    if (!isShownOnCard(err)) throw err;
    return showOrganiserPoll(ctx, input.pollId, attention(describeError(ctx.t, err)));
  }
}

export async function handlePollClose(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId } = parsePayload(pollRef, data, 'poll.close');
  return changeByOrganiser(ctx, pollId, () => closeCasePoll(deps(ctx), actorOf(ctx), pollId, ctx.now), () => ctx.t('poll.manage.closed'));
}

export async function handlePollReopen(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  return setDeadlineByOrganiser(ctx, data, 'poll.reopen', 'reopen', reopenCasePoll, 'poll.manage.reopened');
}

/** The organiser moves the deadline of the open poll; the participants get their card again. */
export async function handlePollDeadline(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  return setDeadlineByOrganiser(ctx, data, 'poll.deadline', 'deadline', changeCasePollDeadline, 'poll.manage.deadlineChanged');
}

/** Reopening and moving the deadline both read a Brussels date and time from the card's section. */
async function setDeadlineByOrganiser(
  ctx: HandlerContext,
  data: unknown,
  verb: 'poll.reopen' | 'poll.deadline',
  section: 'reopen' | 'deadline',
  change: typeof reopenCasePoll,
  done: 'poll.manage.reopened' | 'poll.manage.deadlineChanged',
): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const { pollId } = parsePayload(pollRef, data, verb);
  const raw = sectionInputs(data, section, verb);
  const deadline = { date: raw.date?.trim() ?? '', time: raw.time?.trim() ?? '' };
  return changeByOrganiser(
    ctx,
    pollId,
    () => change(deps(ctx), actorOf(ctx), pollId, deadline, deliveryOf(ctx), ctx.now),
    (view) => ctx.t(done, { date: formatDateTime(ctx.lang, view.poll.deadline) }),
  );
}

/** poll.cancel: confirmed or not yet. */
const cancelData = pollRef.extend({ confirm: z.literal('yes').optional() });

/** Cancelling tells everyone invited: it asks first. */
export async function handlePollCancel(ctx: HandlerContext, data: unknown): Promise<InvokeAnswer> {
  requirePersonal(ctx);
  const input = parsePayload(cancelData, data, 'poll.cancel');
  if (input.confirm !== 'yes') {
    const view = await showPollToOrganiser(deps(ctx), actorOf(ctx), input.pollId, ctx.now);
    // no "are you sure?" for a cancellation that would be refused: the poll card says why at once
    try {
      assertPollChangeable(view.poll, view.c);
    } catch (err) {
      if (!isShownOnCard(err)) throw err;
      return manageCard(ctx, view, attention(describeError(ctx.t, err)));
    }
    return cardAnswer(renderCancelConfirmCard(ctx.t, view.poll, view.c));
  }
  return changeByOrganiser(ctx, input.pollId, () => cancelCasePoll(deps(ctx), actorOf(ctx), input.pollId, deliveryOf(ctx), ctx.now), () => ctx.t('poll.manage.cancelled'));
}
