import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { isDomainError } from '../../domain/errors';
import { acceptedSlots, ANSWERS, findParticipantByUser, isRecordedOnBehalf, MAX_SLOTS, type Answer, type Poll, type Vote } from '../../domain/poll/poll';
import { castParticipantVotes, findOrganiserName, showPollToParticipant, type PollDeps, type PollView } from '../../domain/poll/poll-use-cases';
import type { Case } from '../../domain/case/case';
import type { PollParticipant } from '../../domain/poll/poll';
import { describePlace } from '../../adaptive-cards/views/poll-views';
import { formatDateTime, formatSlot } from '../../adaptive-cards/format';
import { makeTranslator, type Translate, type UiLanguage } from '../../adaptive-cards/i18n';
import { idSchema } from '../handlers/handler-kit';
import { refusalOf } from './tab-errors';

/**
 * "Polls waiting for my answer": the open availability polls the caller is invited to answer, and
 * their answers from the tab. Both go through the poll's own use cases (the ones the vote card's
 * verbs use): the same access check, the same rules, the same audit entry and thread summary.
 */

export interface SlotRow {
  slotId: string;
  text: string;
  place: string;
  /** The caller's answer; null when not answered yet. */
  answer: Answer | null;
  answerText: string;
}

export interface PollRow {
  pollId: string;
  reference: string;
  pseudonym: string;
  goal: string;
  organiser: string;
  deadline: string;
  deadlineText: string;
  /** True while at least one date has no answer from the caller. */
  waiting: boolean;
  slots: SlotRow[];
}

export interface MyPolls {
  language: UiLanguage;
  /** The three answers, in the cards' own words. */
  choices: { value: Answer; label: string }[];
  polls: PollRow[];
}

/** What the tab sends: the caller's answers to some of the poll's dates. */
export const pollAnswerBodySchema = z
  .object({
    pollId: idSchema,
    answers: z
      .array(z.object({ slotId: idSchema, answer: z.enum(ANSWERS) }).strict())
      .min(1)
      .max(MAX_SLOTS),
  })
  .strict();
export type PollAnswerBody = z.infer<typeof pollAnswerBodySchema>;

/** The participant's own answers, one per date. */
function ownAnswers(votes: readonly Vote[], participantId: string): Map<string, Vote> {
  const own = new Map<string, Vote>();
  for (const v of votes) {
    if (v.participantId !== participantId) continue;
    const earlier = own.get(v.slotId);
    if (!earlier || earlier.recordedAt.getTime() <= v.recordedAt.getTime()) own.set(v.slotId, v);
  }
  return own;
}

export function toPollRow(t: Translate, lang: UiLanguage, view: PollView & { participant: PollParticipant }, organiser: string): PollRow {
  const { poll, c, participant } = view;
  const own = ownAnswers(view.votes, participant.id);
  const slots = acceptedSlots(poll)
    .sort((a, b) => a.start.getTime() - b.start.getTime())
    .map((slot) => {
      const vote = own.get(slot.id) ?? null;
      const label = vote ? t(`poll.answer.${vote.answer}`) : '';
      return {
        slotId: slot.id,
        text: formatSlot(lang, slot.start, slot.end),
        place: describePlace(t, slot.place),
        answer: vote?.answer ?? null,
        answerText: !vote ? t('poll.vote.notAnswered') : isRecordedOnBehalf(poll, vote) ? t('poll.vote.recordedByOrganiser', { answer: label }) : t('poll.vote.answer', { answer: label }),
      };
    });
  return {
    pollId: poll.id,
    reference: c.reference,
    pseudonym: c.pseudonym,
    goal: poll.meetingGoal,
    organiser,
    deadline: poll.deadline.toISOString(),
    deadlineText: formatDateTime(lang, poll.deadline),
    waiting: slots.some((s) => s.answer === null),
    slots,
  };
}

function choicesIn(t: Translate): MyPolls['choices'] {
  return ANSWERS.map((value) => ({ value, label: t(`poll.answer.${value}`) }));
}

const byWaitingThenDeadline = (a: PollRow, b: PollRow) => Number(b.waiting) - Number(a.waiting) || a.deadline.localeCompare(b.deadline);

/** Polls the caller is invited to and may still answer; each one shown is a read of the poll, audited by the use case. */
export async function readMyPolls(deps: PollDeps, userId: string, lang: UiLanguage, now: Date): Promise<MyPolls> {
  const t = makeTranslator(lang);
  const candidates = (await deps.stores.polls.listInProgress()).filter((p: Poll) => p.status === 'open' && findParticipantByUser(p, userId) !== null);
  const rows: PollRow[] = [];
  for (const poll of candidates) {
    let view: PollView & { participant: PollParticipant };
    try {
      // a coordinator's overview rights never make them a participant: the caller answers for themself only
      view = await showPollToParticipant(deps, { userId, isCoordinator: false }, poll.id, now);
    } catch (err) {
      // left the network since the poll was sent, or the case was purged: not theirs to see any more
      if (isDomainError(err)) continue;
      throw err;
    }
    rows.push(toPollRow(t, lang, view, await findOrganiserName(deps, view.poll, view.c)));
  }
  return { language: lang, choices: choicesIn(t), polls: rows.sort(byWaitingThenDeadline) };
}

/**
 * The caller's answers, stored by the same use case as the vote card's "Save my answers": checked
 * all first (a refused answer stores none), the thread summary updated. Saying the same again is
 * harmless: each answer is an upsert of the caller's one answer for that date.
 */
export async function answerMyPoll(deps: PollDeps, userId: string, body: PollAnswerBody, lang: UiLanguage, now: Date): Promise<{ language: UiLanguage; message: string; poll: PollRow }> {
  const t = makeTranslator(lang);
  let view: PollView & { participant: PollParticipant; c: Case };
  try {
    view = await castParticipantVotes(deps, { userId, isCoordinator: false }, body.pollId, body.answers, `tab:${randomUUID()}`, now);
  } catch (err) {
    refusalOf(err, lang);
  }
  return { language: lang, message: t('poll.vote.saved'), poll: toPollRow(t, lang, view, await findOrganiserName(deps, view.poll, view.c)) };
}
