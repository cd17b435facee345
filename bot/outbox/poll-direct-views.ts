import { z } from 'zod';
import type { Stores } from '../../domain/ports';
import type { Case } from '../../domain/case/case';
import type { Poll } from '../../domain/poll/poll';
import { findParticipant } from '../../domain/poll/poll';
import { listPollCandidates, suggestDeadline } from '../../domain/poll/poll-draft';
import { findOrganiserName } from '../../domain/poll/poll-use-cases';
import { ORGANISER_NOTICES, PARTICIPANT_NOTICES, THREAD_EVENTS } from '../../domain/poll/poll-messages';
import {
  organiserNoticeText,
  participantNoticeText,
  renderInvitationCard,
  renderManageCard,
  renderPollDraftCard,
  renderSummaryCard,
  renderThreadEventCard,
  renderVoteCard,
} from '../../adaptive-cards/views/poll-views';
import type { PollFileRequest } from '../poll-files';
import type { LoadedViewRequest, LoadedViews } from './direct-views';
import { SendRefusedError } from './message-sender';

/**
 * The poll's cards as the outbox sends them: each loads the poll and its votes when it is sent,
 * so a reminder or an invitation always shows the poll as it is then, in the recipient's language.
 */
export interface PollViewDeps {
  stores: Pick<Stores, 'polls' | 'votes' | 'organisers'>;
  /** Signs the links to the calendar file and the printable invitation. */
  fileLink: (request: PollFileRequest, now: Date) => string;
}

const id = z.string().min(1).max(200);
const pollRef = z.object({ pollId: id }).passthrough();

function readPayload<T>(schema: z.ZodType<T>, payload: unknown): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new SendRefusedError('bad poll card payload');
  return parsed.data;
}

async function loadPoll(deps: PollViewDeps, payload: unknown, c: Case): Promise<Poll> {
  const poll = await deps.stores.polls.findById(readPayload(pollRef, payload).pollId);
  if (!poll || poll.caseId !== c.id) throw new SendRefusedError('poll no longer exists');
  return poll;
}

export function makePollDirectViews(deps: PollViewDeps): LoadedViews {
  return {
    poll_create: async ({ t, lang, c, now }: LoadedViewRequest) =>
      renderPollDraftCard(t, lang, { c, candidates: listPollCandidates(c), slots: [], typed: {}, deadline: suggestDeadline(now) }),

    poll_vote: async ({ t, lang, c, payload }) => {
      const poll = await loadPoll(deps, payload, c);
      const { participantId, notice } = readPayload(z.object({ participantId: id, notice: z.enum(PARTICIPANT_NOTICES) }).passthrough(), payload);
      const participant = findParticipant(poll, participantId);
      if (!participant) throw new SendRefusedError('participant no longer in the poll');
      const votes = await deps.stores.votes.listByPoll(poll.id);
      return renderVoteCard(t, lang, { poll, votes, c, participant }, {
        mode: 'self',
        organiserName: await findOrganiserName(deps, poll, c),
        notice: { text: participantNoticeText(t, notice), tone: 'good' },
      });
    },

    poll_manage: async ({ t, lang, c, payload, now }) => {
      const poll = await loadPoll(deps, payload, c);
      const { notice, participantId } = readPayload(z.object({ notice: z.enum(ORGANISER_NOTICES), participantId: id.nullable() }).passthrough(), payload);
      const votes = await deps.stores.votes.listByPoll(poll.id);
      return renderManageCard(t, lang, { poll, votes, c }, {
        now,
        notice: { text: organiserNoticeText(t, poll, notice, participantId), tone: notice === 'call_participant' || notice === 'deadline_reached' ? 'attention' : 'good' },
        links: organiserLinks(deps, poll, lang, now),
      });
    },

    poll_invitation: async ({ t, lang, c, payload, userId, now }) => {
      const poll = await loadPoll(deps, payload, c);
      const icsUrl = poll.calendarEntry && userId ? deps.fileLink({ userId, pollId: poll.id, kind: 'ics', lang }, now) : null;
      return renderInvitationCard(t, lang, poll, c, { icsUrl, organiserName: await findOrganiserName(deps, poll, c) });
    },

    poll_summary: async ({ t, lang, c, payload, now }) => {
      const poll = await loadPoll(deps, payload, c);
      return renderSummaryCard(t, lang, poll, await deps.stores.votes.listByPoll(poll.id), now);
    },

    poll_event: async ({ t, lang, c, payload }) => {
      const poll = await loadPoll(deps, payload, c);
      const { event } = readPayload(z.object({ event: z.enum(THREAD_EVENTS) }).passthrough(), payload);
      return renderThreadEventCard(t, lang, poll, event);
    },
  };
}

/** The organiser's links to the calendar file and the printable invitation, once a date is set. */
export function organiserLinks(deps: Pick<PollViewDeps, 'fileLink'>, poll: Poll, lang: LoadedViewRequest['lang'], now: Date): { ics: string; print: string } | null {
  if (!poll.calendarEntry) return null;
  const request = { userId: poll.organiserId, pollId: poll.id, lang };
  return { ics: deps.fileLink({ ...request, kind: 'ics' }, now), print: deps.fileLink({ ...request, kind: 'print' }, now) };
}
