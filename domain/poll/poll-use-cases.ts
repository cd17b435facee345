import { DomainError } from '../errors';
import type { IdGenerator, NewOutboxMessage, Stores } from '../ports';
import type { Case } from '../case/case';
import { transitionCase } from '../case/case';
import { authorize } from '../case/access';
import { pendingAssignment } from '../case/assignment';
import { assertTransition, type CaseStatus } from '../case/status';
import { refreshRootCard, type Actor } from '../case/pool-and-assignment';
import { deadlineInputSchema, parseInput, type DeadlineInput, type FinaliseInput, type SlotInput } from './inputs';
import { findParticipant, findParticipantByUser, type Answer, type Poll, type PollOptions, type PollParticipant, type Vote } from './poll';
import { acceptSlot, addSlots, cancelPoll, castVotes, changeDeadline, closePoll, createPoll, declineSlot, finalisePoll, proposeSlot, reopenPoll, reschedulePoll } from './rules';
import { chooseRequired, isPollFrozen, listPollCandidates, meetingCycleOf } from './poll-draft';
import {
  invitationMessages,
  organiserCardMessage,
  participantCardMessages,
  summaryPostMessage,
  summaryUpdateMessage,
  threadEventMessage,
  type Delivery,
} from './poll-messages';
import { brusselsWallTimeToInstant } from './wall-clock';

/**
 * The use cases of the availability poll, in the shape of the case's: load, check who acts, apply a
 * pure rule (rules.ts), write compare-and-set on the version, append an audit entry that names what
 * was done (never the content), queue the messages. Votes are the exception on purpose: each answer
 * is one atomic upsert of its own document, and the poll document is not written at all.
 */

export const POLL_AUDIT_ACTIONS = [
  'poll.viewed',
  'poll.created',
  'poll.voted',
  'poll.voted_on_behalf',
  'poll.slot_added',
  'poll.slot_proposed',
  'poll.proposal_accepted',
  'poll.proposal_declined',
  'poll.closed',
  'poll.closed_at_deadline',
  'poll.reopened',
  'poll.deadline_changed',
  'poll.finalised',
  'poll.rescheduled',
  'poll.cancelled',
  'poll.file_downloaded',
] as const;
export type PollAuditAction = (typeof POLL_AUDIT_ACTIONS)[number];

export interface PollDeps {
  stores: Pick<Stores, 'cases' | 'polls' | 'votes' | 'outbox' | 'audit' | 'organisers'>;
  ids: IdGenerator;
}

/** A poll with what its cards show: its votes and its case. */
export interface PollView {
  poll: Poll;
  votes: Vote[];
  c: Case;
}

/** One answer as a card sends it; the participant is the caller (or the one the organiser answers for). */
export interface AnswerInput {
  slotId: string;
  answer: Answer;
}

export interface NewCasePoll {
  meetingGoal: string;
  slots: readonly SlotInput[];
  deadline: DeadlineInput;
  options: PollOptions;
  /** Participant id -> required; anyone left out keeps the suggestion (listPollCandidates). */
  required: Readonly<Record<string, boolean>>;
}

/** A poll for this meeting is running or has set the date: a second one would invite people twice. */
function isActiveFor(cycle: number): (p: Poll) => boolean {
  return (p) => p.cycle === cycle && p.status !== 'cancelled';
}

/** The case's organiser, once they accepted it; a purged case has nothing left to plan. */
async function loadCaseForOrganiser(deps: PollDeps, actor: Actor, caseId: string): Promise<Case> {
  return checkOrganiser(actor, await deps.stores.cases.findById(caseId));
}

function checkOrganiser(actor: Actor, found: Case | null): Case {
  const c = authorize(actor.userId, found, 'poll.manage', actor.isCoordinator);
  if (c.organiserId !== actor.userId || pendingAssignment(c)?.organiserId === actor.userId || c.purgedAt) throw new DomainError('access.denied');
  return c;
}

async function loadPollForOrganiser(deps: PollDeps, actor: Actor, pollId: string): Promise<{ poll: Poll; c: Case }> {
  const poll = await deps.stores.polls.findById(pollId);
  const c = checkOrganiser(actor, poll ? await deps.stores.cases.findById(poll.caseId) : null);
  // an organiser who took the case over later does not run the earlier organiser's poll
  if (!poll || poll.organiserId !== actor.userId) throw new DomainError('access.denied');
  return { poll, c };
}

/**
 * Every change of a poll is checked against its case BEFORE anything is written or queued: a
 * refused change writes nothing. `caseTo` is the status the change takes the case to (or keeps it
 * in): the status table must allow it. Then the poll must not be frozen (poll-draft.ts): the poll
 * of a meeting already held, of a case that moved on, or of an earlier meeting changes no more.
 */
export function assertPollChangeable(poll: Poll, c: Case, caseTo?: CaseStatus): void {
  if (caseTo !== undefined && c.status !== caseTo) assertTransition(c.status, caseTo);
  if (isPollFrozen(poll, c)) throw new DomainError('poll.frozen', { status: c.status });
}

/** An invited member on Teams answering for themself; anyone else is told nothing about the poll. */
async function loadPollForParticipant(deps: PollDeps, actor: Actor, pollId: string): Promise<{ poll: Poll; c: Case; participant: PollParticipant }> {
  const poll = await deps.stores.polls.findById(pollId);
  // a coordinator's overview rights do not make them a participant
  const c = authorize(actor.userId, poll ? await deps.stores.cases.findById(poll.caseId) : null, 'poll.answer', false);
  if (!poll || c.purgedAt) throw new DomainError('access.denied');
  const participant = findParticipantByUser(poll, actor.userId);
  if (!participant) throw new DomainError('poll.participant_not_invited');
  return { poll, c, participant };
}

async function appendAudit(deps: Pick<PollDeps, 'stores'>, caseId: string, actorId: string, action: PollAuditAction, now: Date): Promise<void> {
  await deps.stores.audit.append({ caseId, at: now, actorId, action });
}

async function enqueueAll(deps: Pick<PollDeps, 'stores'>, messages: readonly NewOutboxMessage[], now: Date): Promise<void> {
  for (const m of messages) await deps.stores.outbox.enqueue(m, now);
}

/** Writes the changed poll (compare-and-set), its audit entry, its messages and the thread summary update. */
async function savePoll(deps: PollDeps, before: Poll, after: Poll, actorId: string, action: PollAuditAction, messages: NewOutboxMessage[], now: Date): Promise<Poll> {
  if (!(await deps.stores.polls.replaceIfVersion(after, before.version))) throw new DomainError('case.conflict');
  await appendAudit(deps, after.caseId, actorId, action, now);
  await enqueueAll(deps, [...messages, summaryUpdateMessage(after, `v${after.version}`)], now);
  return after;
}

/**
 * Moves the case along with its meeting (planning <-> scheduled). The poll is written first: it is
 * the truth about the meeting; the case follows, retried on a concurrent change of the case.
 */
async function moveCase(deps: PollDeps, caseId: string, to: CaseStatus, actorId: string, now: Date): Promise<Case> {
  for (let tries = 0; tries < 5; tries++) {
    const c = await deps.stores.cases.findById(caseId);
    if (!c) throw new DomainError('case.not_found');
    if (c.status === to) return c;
    const after = transitionCase(c, to, actorId, now);
    if (await deps.stores.cases.replaceIfVersion(after, c.version)) {
      await deps.stores.outbox.enqueue(refreshRootCard(after), now);
      return after;
    }
  }
  throw new DomainError('case.conflict');
}

/** What the organiser starts from: the case, the suggested participants, and the poll already running, if any. */
export async function openPollDraft(
  deps: PollDeps,
  actor: Actor,
  caseId: string,
  now: Date,
): Promise<{ c: Case; candidates: PollParticipant[]; active: PollView | null }> {
  const c = await loadCaseForOrganiser(deps, actor, caseId);
  const running = (await deps.stores.polls.listByCase(c.id)).filter(isActiveFor(meetingCycleOf(c))).at(-1) ?? null;
  await appendAudit(deps, c.id, actor.userId, 'poll.viewed', now);
  const active = running ? { poll: running, c, votes: await deps.stores.votes.listByPoll(running.id) } : null;
  return { c, candidates: listPollCandidates(c), active };
}

/** The case as it is now, for a draft card shown again after a refused step (not a new read of anything). */
export async function reloadPollDraft(deps: PollDeps, actor: Actor, caseId: string): Promise<{ c: Case; candidates: PollParticipant[] }> {
  const c = await loadCaseForOrganiser(deps, actor, caseId);
  return { c, candidates: listPollCandidates(c) };
}

/**
 * The organiser sends the poll: one per meeting at a time, while the case is in planning. Every
 * participant on Teams gets it in their 1:1 chat; the case thread gets the live summary.
 */
export async function createCasePoll(deps: PollDeps, actor: Actor, caseId: string, input: NewCasePoll, delivery: Delivery, now: Date): Promise<PollView> {
  const c = await loadCaseForOrganiser(deps, actor, caseId);
  if (c.status !== 'planning') throw new DomainError('case.transition_not_allowed', { from: c.status, to: 'planning' });
  const cycle = meetingCycleOf(c);
  const polls = await deps.stores.polls.listByCase(c.id);
  if (polls.some(isActiveFor(cycle))) throw new DomainError('poll.active_exists');
  const deadlineInput = parseInput(deadlineInputSchema, input.deadline, 'poll.deadline');
  const poll = createPoll(
    {
      // derived, not drawn: two clicks creating the same poll collide on it, and one of them wins
      id: `${c.id}:${cycle}:${polls.length + 1}`,
      caseId: c.id,
      cycle,
      organiserId: actor.userId,
      meetingGoal: input.meetingGoal,
      slots: input.slots,
      participants: chooseRequired(listPollCandidates(c), input.required),
      deadline: brusselsWallTimeToInstant(deadlineInput.date, deadlineInput.time),
      options: input.options,
    },
    () => deps.ids.newId(),
    polls.filter((p) => p.cycle === cycle).at(-1) ?? null,
    now,
  );
  if ((await deps.stores.polls.insert(poll)) === 'duplicate') throw new DomainError('case.conflict');
  await appendAudit(deps, c.id, actor.userId, 'poll.created', now);
  await enqueueAll(deps, [summaryPostMessage(poll), ...participantCardMessages(poll, 'invited', `round:v${poll.version}`, delivery)], now);
  return { poll, votes: [], c };
}

export async function showPollToOrganiser(deps: PollDeps, actor: Actor, pollId: string, now: Date): Promise<PollView> {
  const { poll, c } = await loadPollForOrganiser(deps, actor, pollId);
  await appendAudit(deps, c.id, actor.userId, 'poll.viewed', now);
  return { poll, c, votes: await deps.stores.votes.listByPoll(poll.id) };
}

export async function showPollToParticipant(deps: PollDeps, actor: Actor, pollId: string, now: Date): Promise<PollView & { participant: PollParticipant }> {
  const { poll, c, participant } = await loadPollForParticipant(deps, actor, pollId);
  await appendAudit(deps, c.id, actor.userId, 'poll.viewed', now);
  return { poll, c, participant, votes: await deps.stores.votes.listByPoll(poll.id) };
}

/** Stores each answer with its own atomic upsert: all are checked first, so a refused card stores none. */
async function storeVotes(deps: PollDeps, poll: Poll, votes: readonly Vote[], actorId: string, action: PollAuditAction, eventId: string, now: Date): Promise<Vote[]> {
  for (const vote of votes) await deps.stores.votes.upsert(vote);
  await appendAudit(deps, poll.caseId, actorId, action, now);
  await enqueueAll(deps, [summaryUpdateMessage(poll, `vote:${eventId}`)], now);
  return deps.stores.votes.listByPoll(poll.id);
}

function votesFor(poll: Poll, participantId: string, answers: readonly AnswerInput[], by: string, now: Date): Vote[] {
  // a card without a single answer is a mistake to point out, not a save
  if (answers.length === 0) throw new DomainError('validation.invalid', { fields: ['vote.answer'] });
  return castVotes(poll, answers.map((a) => ({ participantId, slotId: a.slotId, answer: a.answer })), by, now);
}

/** A participant answers (or changes answers) from their card while the poll is open. `eventId` keys the summary update. */
export async function castParticipantVotes(
  deps: PollDeps,
  actor: Actor,
  pollId: string,
  answers: readonly AnswerInput[],
  eventId: string,
  now: Date,
): Promise<PollView & { participant: PollParticipant }> {
  const { poll, c, participant } = await loadPollForParticipant(deps, actor, pollId);
  assertPollChangeable(poll, c);
  const votes = votesFor(poll, participant.id, answers, actor.userId, now);
  return { poll, c, participant, votes: await storeVotes(deps, poll, votes, actor.userId, 'poll.voted', eventId, now) };
}

/** The organiser records answers on someone's behalf (not on Teams, or answered by phone). */
export async function castProxyVotes(
  deps: PollDeps,
  actor: Actor,
  pollId: string,
  participantId: string,
  answers: readonly AnswerInput[],
  eventId: string,
  now: Date,
): Promise<PollView & { participant: PollParticipant }> {
  const { poll, c } = await loadPollForOrganiser(deps, actor, pollId);
  assertPollChangeable(poll, c);
  const participant = findParticipant(poll, participantId);
  if (!participant) throw new DomainError('poll.participant_not_invited');
  const votes = votesFor(poll, participant.id, answers, actor.userId, now);
  return { poll, c, participant, votes: await storeVotes(deps, poll, votes, actor.userId, 'poll.voted_on_behalf', eventId, now) };
}

/** The organiser opens the form to answer for someone: a read of who they are, so audited. */
export async function openProxyForm(deps: PollDeps, actor: Actor, pollId: string, participantId: string, now: Date): Promise<PollView & { participant: PollParticipant }> {
  const view = await showPollToOrganiser(deps, actor, pollId, now);
  const participant = findParticipant(view.poll, participantId);
  if (!participant) throw new DomainError('poll.participant_not_invited');
  return { ...view, participant };
}

/** A participant proposes a slot (when the poll allows it); the organiser is asked to accept it. */
export async function proposePollSlot(
  deps: PollDeps,
  actor: Actor,
  pollId: string,
  input: SlotInput,
  delivery: Delivery,
  now: Date,
): Promise<PollView & { participant: PollParticipant }> {
  const { poll, c, participant } = await loadPollForParticipant(deps, actor, pollId);
  assertPollChangeable(poll, c);
  const slotId = deps.ids.newId();
  const after = proposeSlot(poll, input, slotId, actor.userId, now);
  const ask = organiserCardMessage(after, `poll:${poll.id}:proposal:${slotId}`, 'proposal', participant.id, delivery);
  await savePoll(deps, poll, after, actor.userId, 'poll.slot_proposed', [ask], now);
  return { poll: after, c, participant, votes: await deps.stores.votes.listByPoll(poll.id) };
}

/** The organiser accepts a proposed slot (everyone on Teams is asked about it) or declines it. */
export async function decideProposal(deps: PollDeps, actor: Actor, pollId: string, slotId: string, accept: boolean, delivery: Delivery, now: Date): Promise<PollView> {
  const { poll, c } = await loadPollForOrganiser(deps, actor, pollId);
  assertPollChangeable(poll, c);
  const after = accept ? acceptSlot(poll, slotId, actor.userId, now) : declineSlot(poll, slotId, actor.userId);
  const messages = accept ? participantCardMessages(after, 'slot_added', `slot:${slotId}`, delivery) : [];
  await savePoll(deps, poll, after, actor.userId, accept ? 'poll.proposal_accepted' : 'poll.proposal_declined', messages, now);
  return { poll: after, c, votes: await deps.stores.votes.listByPoll(poll.id) };
}

/** The organiser adds a slot to an open poll (after a reopen, say); everyone on Teams is asked about it. */
export async function addPollSlot(deps: PollDeps, actor: Actor, pollId: string, input: SlotInput, delivery: Delivery, now: Date): Promise<PollView> {
  const { poll, c } = await loadPollForOrganiser(deps, actor, pollId);
  assertPollChangeable(poll, c);
  const slotId = deps.ids.newId();
  const after = addSlots(poll, [input], () => slotId, actor.userId, now);
  await savePoll(deps, poll, after, actor.userId, 'poll.slot_added', participantCardMessages(after, 'slot_added', `slot:${slotId}`, delivery), now);
  return { poll: after, c, votes: await deps.stores.votes.listByPoll(poll.id) };
}

/** The organiser stops the answers before the deadline. */
export async function closeCasePoll(deps: PollDeps, actor: Actor, pollId: string, now: Date): Promise<PollView> {
  const { poll, c } = await loadPollForOrganiser(deps, actor, pollId);
  assertPollChangeable(poll, c);
  const after = await savePoll(deps, poll, closePoll(poll, actor.userId), actor.userId, 'poll.closed', [], now);
  return { poll: after, c, votes: await deps.stores.votes.listByPoll(poll.id) };
}

/**
 * The organiser picks the meeting slot, or moves a set meeting to another slot of the poll. Everyone
 * on Teams gets the invitation (or its update: same calendar entry, higher sequence), the thread is
 * told the date, and the case is scheduled. A slot where a required participant said no is refused
 * with `poll.finalise_confirmation_required` until the organiser confirms it.
 */
export async function chooseMeetingSlot(
  deps: PollDeps,
  actor: Actor,
  pollId: string,
  input: FinaliseInput,
  delivery: Delivery,
  now: Date,
): Promise<PollView & { moved: boolean }> {
  const { poll, c } = await loadPollForOrganiser(deps, actor, pollId);
  // the case must be able to follow (a set or moved meeting: scheduled) before anything is written
  assertPollChangeable(poll, c, 'scheduled');
  const votes = await deps.stores.votes.listByPoll(poll.id);
  const rescheduling = poll.status === 'finalised';
  const after = rescheduling ? reschedulePoll(poll, votes, input, actor.userId, now) : finalisePoll(poll, votes, input, actor.userId, now);
  const moved = poll.calendarEntry !== null && !poll.calendarEntry.cancelled;
  const messages = [...invitationMessages(after, delivery), threadEventMessage(after, moved ? 'rescheduled' : 'scheduled')];
  await savePoll(deps, poll, after, actor.userId, rescheduling ? 'poll.rescheduled' : 'poll.finalised', messages, now);
  return { poll: after, c: await moveCase(deps, c.id, 'scheduled', actor.userId, now), votes, moved };
}

/**
 * The organiser opens the poll again with a new deadline (to add slots or let people change their
 * answers). A set date is no longer set: the case goes back to planning, and the invitation already
 * in the calendars stays until the next choice updates it or a cancel withdraws it.
 */
export async function reopenCasePoll(deps: PollDeps, actor: Actor, pollId: string, deadline: DeadlineInput, delivery: Delivery, now: Date): Promise<PollView> {
  const { poll, c } = await loadPollForOrganiser(deps, actor, pollId);
  // a reopened poll means the date is no longer set: the case must be able to go back to planning
  assertPollChangeable(poll, c, 'planning');
  const input = parseInput(deadlineInputSchema, deadline, 'poll.deadline');
  const after = reopenPoll(poll, brusselsWallTimeToInstant(input.date, input.time), actor.userId, now);
  const messages = [...participantCardMessages(after, 'reopened', `round:v${after.version}`, delivery), threadEventMessage(after, 'reopened')];
  await savePoll(deps, poll, after, actor.userId, 'poll.reopened', messages, now);
  const moved = c.status === 'scheduled' ? await moveCase(deps, c.id, 'planning', actor.userId, now) : c;
  return { poll: after, c: moved, votes: await deps.stores.votes.listByPoll(poll.id) };
}

/**
 * The organiser gives more (or less) time while the poll is open. Everyone on Teams gets their card
 * again with the new deadline; reminders follow it, as their keys carry the deadline.
 */
export async function changeCasePollDeadline(deps: PollDeps, actor: Actor, pollId: string, deadline: DeadlineInput, delivery: Delivery, now: Date): Promise<PollView> {
  const { poll, c } = await loadPollForOrganiser(deps, actor, pollId);
  assertPollChangeable(poll, c);
  const input = parseInput(deadlineInputSchema, deadline, 'poll.deadline');
  const after = changeDeadline(poll, brusselsWallTimeToInstant(input.date, input.time), actor.userId, now);
  await savePoll(deps, poll, after, actor.userId, 'poll.deadline_changed', participantCardMessages(after, 'deadline_changed', `deadline:v${after.version}`, delivery), now);
  return { poll: after, c, votes: await deps.stores.votes.listByPoll(poll.id) };
}

/**
 * The organiser cancels the poll or the meeting: everyone on Teams is told (with the cancellation
 * .ics when an invitation went out), the thread is told, and a scheduled case goes back to planning.
 */
export async function cancelCasePoll(deps: PollDeps, actor: Actor, pollId: string, delivery: Delivery, now: Date): Promise<PollView> {
  const { poll, c } = await loadPollForOrganiser(deps, actor, pollId);
  // a cancelled meeting sends the case back to planning; a cancelled poll leaves it there
  assertPollChangeable(poll, c, 'planning');
  const after = cancelPoll(poll, actor.userId);
  await savePoll(deps, poll, after, actor.userId, 'poll.cancelled', [...invitationMessages(after, delivery), threadEventMessage(after, 'cancelled')], now);
  const moved = c.status === 'scheduled' ? await moveCase(deps, c.id, 'planning', actor.userId, now) : c;
  return { poll: after, c: moved, votes: await deps.stores.votes.listByPoll(poll.id) };
}

export const POLL_FILE_KINDS = ['ics', 'print'] as const;
export type PollFileKind = (typeof POLL_FILE_KINDS)[number];

/**
 * A download of the meeting's calendar file (the organiser and every participant on Teams) or of
 * the printable invitation (the organiser, to hand over). Checked again when the link is used: a
 * link made before someone left the case or the poll gives nothing.
 */
export async function openPollFile(
  deps: Pick<PollDeps, 'stores'>,
  userId: string,
  pollId: string,
  kind: PollFileKind,
  now: Date,
): Promise<{ poll: Poll; c: Case; organiser: { name: string; email: string | null } | null }> {
  const poll = await deps.stores.polls.findById(pollId);
  const found = poll ? await deps.stores.cases.findById(poll.caseId) : null;
  const actor: Actor = { userId, isCoordinator: false };
  const c = poll?.organiserId === userId ? checkOrganiser(actor, found) : authorize(userId, found, 'poll.answer', false);
  if (!poll || c.purgedAt) throw new DomainError('access.denied');
  if (poll.organiserId !== userId && (kind === 'print' || !findParticipantByUser(poll, userId))) throw new DomainError('access.denied');
  if (!poll.calendarEntry) throw new DomainError('poll.no_calendar_entry');
  await appendAudit(deps, c.id, userId, 'poll.file_downloaded', now);
  const organiser = await deps.stores.organisers.findById(poll.organiserId);
  return { poll, c, organiser: organiser ? { name: organiser.name, email: organiser.email } : null };
}

/** The organiser's name for the cards: from the pool, else from the case's assignment history. */
export async function findOrganiserName(deps: { stores: Pick<Stores, 'organisers'> }, poll: Pick<Poll, 'organiserId'>, c: Case): Promise<string> {
  const organiser = await deps.stores.organisers.findById(poll.organiserId);
  return organiser?.name ?? c.assignments.filter((a) => a.organiserId === poll.organiserId).at(-1)?.organiserName ?? '—';
}
