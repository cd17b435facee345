import createTemplate from '../templates/poll-create.json';
import voteTemplate from '../templates/poll-vote.json';
import manageTemplate from '../templates/poll-manage.json';
import confirmTemplate from '../templates/poll-confirm.json';
import invitationTemplate from '../templates/poll-invitation.json';
import summaryTemplate from '../templates/poll-summary.json';
import eventTemplate from '../templates/poll-event.json';
import { renderCard, type AdaptiveCard } from '../render';
import type { MessageKey, Translate, UiLanguage } from '../i18n';
import { formatDateTime, formatSlot } from '../format';
import type { Notice } from './assignment-views';
import type { Case } from '../../domain/case/case';
import type { SlotInput } from '../../domain/poll/inputs';
import { ANSWERS, acceptedSlots, findParticipant, isRecordedOnBehalf, type Place, type Poll, type PollParticipant, type Slot, type Vote } from '../../domain/poll/poll';
import { canSeeResults } from '../../domain/poll/rules';
import { tallyPoll, type AnswerCounts } from '../../domain/poll/tally';
import { isPollFrozen, PERSON_PARTICIPANT_ID } from '../../domain/poll/poll-draft';
import { brusselsWallTimeToInstantLenient, toBrusselsWallTime } from '../../domain/poll/wall-clock';
import type { OrganiserNotice, ParticipantNotice, ThreadEvent } from '../../domain/poll/poll-messages';

/**
 * The availability poll's cards: the organiser's draft and poll card, a participant's card (also
 * used by the organiser to answer for someone), the confirmations, the invitation, and the case
 * thread's summary and replies. Pure: poll, votes and case in, card out. Cards in the case thread
 * hold dates and counts only, never a name or a place (a meeting may be at the person's home).
 */

export const POLL_OPTIONS = ['hideResults', 'allowProposals'] as const;

function noticeData(notice: Notice | undefined) {
  return { hasNotice: Boolean(notice), notice: notice?.text ?? '', noticeColor: notice?.tone === 'attention' ? 'Attention' : 'Good' };
}

/**
 * Asks Teams to refresh the card whenever it is shown, so that it always shows the poll as it is.
 * `userIds` names who gets the automatic refresh; it is set only when the Teams id of the reader is
 * known (a card answering their click). Without it, Teams refreshes the card for every member of a
 * conversation of up to 60 people: in a 1:1 chat, that is its one reader.
 */
function withRefresh(card: AdaptiveCard, verb: string, pollId: string, userMri: string | null | undefined): AdaptiveCard {
  return { ...card, refresh: { action: { type: 'Action.Execute', verb, data: { pollId } }, ...(userMri ? { userIds: [userMri] } : {}) } };
}

export function describePlace(t: Translate, place: Place): string {
  return place.kind === 'address' ? place.text : `${t('poll.online')}: ${place.url}`;
}

function describeRole(t: Translate, p: PollParticipant): string {
  return p.id === PERSON_PARTICIPANT_ID ? t('poll.role.person') : p.role;
}

function describeSlot(lang: UiLanguage, slot: Pick<Slot, 'start' | 'end'>): string {
  return formatSlot(lang, slot.start, slot.end);
}

function byStart(a: Slot, b: Slot): number {
  return a.start.getTime() - b.start.getTime();
}

/** Where the poll stands, for its participants and its organiser. */
function describeStatus(t: Translate, lang: UiLanguage, poll: Poll): string {
  switch (poll.status) {
    case 'open':
      return t('poll.status.open', { date: formatDateTime(lang, poll.deadline) });
    case 'closed':
      return t('poll.status.closed');
    case 'finalised':
      return t('poll.status.finalised', { slot: poll.calendarEntry ? describeSlot(lang, poll.calendarEntry.slot) : '—' });
    case 'cancelled':
      return t('poll.status.cancelled');
  }
}

function countsParams(counts: AnswerCounts) {
  return { yes: counts.yes, ifNeedBe: counts.ifNeedBe, no: counts.no, notAnswered: counts.notAnswered };
}

function addCounts(a: AnswerCounts, b: AnswerCounts): AnswerCounts {
  return { yes: a.yes + b.yes, ifNeedBe: a.ifNeedBe + b.ifNeedBe, no: a.no + b.no, notAnswered: a.notAnswered + b.notAnswered };
}

const answerChoices = (t: Translate) => ANSWERS.map((value) => ({ title: t(`poll.answer.${value}`), value }));

/** The labels of a slot's inputs: the draft's, a participant's proposal and the organiser's added date. */
function slotFormLabels(t: Translate) {
  return {
    addSlot: t('poll.create.addSlot'),
    date: t('poll.create.date'),
    start: t('poll.create.start'),
    end: t('poll.create.end'),
    place: t('poll.create.place'),
    addSlotButton: t('poll.create.addSlotButton'),
  };
}

// ---------------------------------------------------------------------------------------------
// The organiser's draft

/** Input values as the organiser typed them (by input id), shown again when the card comes back. */
export type DraftValues = Readonly<Record<string, string>>;

export interface DraftCardData {
  c: Case;
  candidates: readonly PollParticipant[];
  slots: readonly SlotInput[];
  typed: DraftValues;
  /** A suggested deadline (Brussels date and time) until the organiser types one. */
  deadline: { date: string; time: string };
}

/**
 * Everything the organiser needs to send a poll, on one card: the goal, the slots so far (each
 * removable), a slot or a pattern to add, who is required, the deadline and the options. The slots
 * travel in the card's data; what was typed comes back in the inputs and is shown again.
 */
export function renderPollDraftCard(t: Translate, lang: UiLanguage, data: DraftCardData, notice?: Notice): AdaptiveCard {
  const { c, candidates, slots, typed } = data;
  const value = (id: string, fallback = ''): string => typed[id] ?? fallback;
  return renderCard(createTemplate, {
    caseId: c.id,
    draft: JSON.stringify(slots),
    title: t('poll.create.title', { reference: c.reference }),
    ...noticeData(notice),
    intro: t('poll.create.intro'),
    goalHint: t('poll.create.goalHint'),
    noSlots: t('poll.create.noSlots'),
    participantsHint: t('poll.create.participantsHint'),
    slots: slots.map((s, index) => ({
      index,
      text: formatSlot(lang, brusselsWallTimeToInstantLenient(s.date, s.start), brusselsWallTimeToInstantLenient(s.date, s.end)),
      place: describePlace(t, s.place),
    })),
    participants: candidates.map((p) => ({
      id: p.id,
      text: t('poll.create.participantLine', { name: p.name, role: describeRole(t, p), teams: t(p.userId ? 'poll.create.onTeams' : 'poll.create.notOnTeams') }),
      value: value(`req.${p.id}`, p.required ? 'required' : 'optional'),
    })),
    values: {
      goal: value('poll.goal', c.preparation.meetingGoal ?? ''),
      slotDate: value('slot.date'),
      slotStart: value('slot.start'),
      slotEnd: value('slot.end'),
      slotPlace: value('slot.place'),
      patternFrom: value('pattern.from'),
      patternUntil: value('pattern.until'),
      patternWeekdays: value('pattern.weekdays'),
      patternStart: value('pattern.start'),
      patternEnd: value('pattern.end'),
      patternPlace: value('pattern.place'),
      deadlineDate: value('deadline.date', data.deadline.date),
      deadlineTime: value('deadline.time', data.deadline.time),
      options: value('poll.options'),
    },
    labels: {
      goal: t('poll.create.goal'),
      slots: t('poll.create.slots'),
      remove: t('poll.create.remove'),
      ...slotFormLabels(t),
      pattern: t('poll.create.pattern'),
      patternFrom: t('poll.create.patternFrom'),
      patternUntil: t('poll.create.patternUntil'),
      weekdays: t('poll.create.weekdays'),
      addPatternButton: t('poll.create.addPatternButton'),
      participants: t('poll.create.participants'),
      deadline: t('poll.create.deadline'),
      options: t('poll.create.options'),
      send: t('poll.create.send'),
    },
    choices: {
      weekdays: [1, 2, 3, 4, 5, 6, 7].map((d) => ({ title: t(`poll.weekday.${d}` as MessageKey), value: String(d) })),
      required: [
        { title: t('poll.create.required'), value: 'required' },
        { title: t('poll.create.optional'), value: 'optional' },
      ],
      options: [
        { title: t('poll.option.hideResults'), value: 'hideResults' },
        { title: t('poll.option.allowProposals'), value: 'allowProposals' },
      ],
    },
  });
}

// ---------------------------------------------------------------------------------------------
// A participant's card

export interface ParticipantCardOptions {
  /** 'self': the participant answers; 'proxy': the organiser records the answers on their behalf. */
  mode: 'self' | 'proxy';
  organiserName: string;
  notice?: Notice;
  /** The reader's Teams id, when known, for the card's automatic refresh. */
  readerMri?: string | null;
}

export function participantNoticeText(t: Translate, notice: ParticipantNotice): string {
  return t(`poll.vote.notice.${notice}`);
}

/**
 * One participant's poll: the meeting goal, every accepted slot with their own answer (and who
 * recorded it), the counts when the poll shows them, and yes / if need be / no to choose while the
 * poll is open. Their own proposals waiting for the organiser are listed too.
 */
export function renderVoteCard(t: Translate, lang: UiLanguage, view: { poll: Poll; votes: readonly Vote[]; c: Case; participant: PollParticipant }, options: ParticipantCardOptions): AdaptiveCard {
  const { poll, votes, c, participant } = view;
  const proxy = options.mode === 'proxy';
  // the poll of a meeting no longer being planned takes no answers, whatever its own status says
  const open = poll.status === 'open' && !isPollFrozen(poll, c);
  const viewer = proxy ? poll.organiserId : participant.userId;
  const showCounts = canSeeResults(poll, viewer);
  const tally = new Map(tallyPoll(poll, votes).slots.map((s) => [s.slotId, s]));
  const own = latestVotes(votes.filter((v) => v.pollId === poll.id && v.participantId === participant.id));
  const card = renderCard(voteTemplate, {
    pollId: poll.id,
    participantId: participant.id,
    title: proxy ? t('poll.vote.proxyTitle', { name: participant.name, reference: c.reference }) : t('poll.vote.title', { reference: c.reference }),
    ...noticeData(options.notice),
    proxy,
    proxyIntro: t('poll.vote.proxyIntro', { name: participant.name }),
    goal: t('poll.vote.goal', { goal: poll.meetingGoal }),
    organiser: t('poll.vote.organiser', { name: options.organiserName }),
    status: describeStatus(t, lang, poll),
    open,
    intro: t('poll.vote.intro'),
    resultsHidden: !showCounts,
    hiddenText: t('poll.vote.resultsHidden'),
    showCounts,
    slots: acceptedSlots(poll)
      .sort(byStart)
      .map((slot) => {
        const vote = own.get(slot.id);
        const answer = vote ? t(`poll.answer.${vote.answer}`) : '';
        const counts = tally.get(slot.id);
        return {
          id: slot.id,
          text: describeSlot(lang, slot),
          place: describePlace(t, slot.place),
          answer: vote?.answer ?? '',
          answerText: !vote
            ? t('poll.vote.notAnswered')
            : isRecordedOnBehalf(poll, vote)
              ? t('poll.vote.recordedByOrganiser', { answer })
              : t('poll.vote.answer', { answer }),
          counts: counts ? t('poll.vote.counts', countsParams(addCounts(counts.required, counts.optional))) : '',
        };
      }),
    pending: poll.slots
      .filter((s) => !s.accepted && s.proposedBy === participant.id)
      .map((s) => ({ text: t('poll.vote.pending', { slot: describeSlot(lang, s) }) })),
    canPropose: open && !proxy && poll.options.participantsMayProposeSlots,
    choices: { answers: answerChoices(t) },
    labels: {
      save: t('poll.vote.save'),
      proxySave: t('poll.vote.proxySave'),
      back: t('poll.vote.backToPoll'),
      propose: t('poll.vote.propose'),
      proposeButton: t('poll.vote.proposeButton'),
      ...slotFormLabels(t),
    },
  });
  return proxy ? card : withRefresh(card, 'poll.show', poll.id, options.readerMri);
}

/** The answer that counts per slot: the latest recorded (as the tally reads them). */
function latestVotes(votes: readonly Vote[]): Map<string, Vote> {
  const latest = new Map<string, Vote>();
  for (const v of votes) {
    const earlier = latest.get(v.slotId);
    if (!earlier || earlier.recordedAt.getTime() <= v.recordedAt.getTime()) latest.set(v.slotId, v);
  }
  return latest;
}

// ---------------------------------------------------------------------------------------------
// The organiser's card

export interface ManageCardOptions {
  now: Date;
  notice?: Notice;
  /** Signed links to the calendar file and the printable invitation, once a date is set. */
  links?: { ics: string; print: string } | null;
  readerMri?: string | null;
}

export function organiserNoticeText(t: Translate, poll: Poll, notice: OrganiserNotice, participantId: string | null): string {
  const name = participantId ? (findParticipant(poll, participantId)?.name ?? '—') : '—';
  return t(`poll.manage.notice.${notice}`, { name });
}

/**
 * The organiser's poll: THE tally (tally.ts), slots best first with who is missing, each
 * participant's progress (and answers recorded on their behalf), proposals to accept, and what the
 * organiser can do next in the poll's state.
 */
export function renderManageCard(t: Translate, lang: UiLanguage, view: { poll: Poll; votes: readonly Vote[]; c: Case }, options: ManageCardOptions): AdaptiveCard {
  const { poll, votes, c } = view;
  const tally = tallyPoll(poll, votes);
  const slotsById = new Map(poll.slots.map((s) => [s.id, s]));
  const nameOf = (id: string | null): string => (id ? (findParticipant(poll, id)?.name ?? '—') : '—');
  const requiredTotal = poll.participants.filter((p) => p.required).length;
  const optionalTotal = poll.participants.length - requiredTotal;
  // a frozen poll (its meeting held, its case moved on, an earlier meeting) offers nothing to change
  const frozen = isPollFrozen(poll, c);
  const deciding = poll.status !== 'cancelled' && !frozen;
  const onBehalf = new Set(votes.filter((v) => v.pollId === poll.id && isRecordedOnBehalf(poll, v)).map((v) => v.participantId));
  const accepted = acceptedSlots(poll).length;
  const card = renderCard(manageTemplate, {
    pollId: poll.id,
    caseId: c.id,
    title: t('poll.manage.title', { reference: c.reference }),
    ...noticeData(options.notice),
    goal: t('poll.vote.goal', { goal: poll.meetingGoal }),
    status: describeStatus(t, lang, poll),
    progress: t('poll.manage.progress', { complete: tally.requiredAnswered.complete, total: tally.requiredAnswered.total }),
    open: poll.status === 'open' && !frozen,
    finalised: poll.status === 'finalised',
    cancelled: poll.status === 'cancelled',
    frozen,
    frozenText: t('poll.manage.frozen'),
    canCancel: deciding,
    canReopen: !frozen && (poll.status === 'closed' || poll.status === 'finalised'),
    // a new poll only for the meeting being planned now (createCasePoll: the case in planning)
    canStartNew: poll.status === 'cancelled' && !frozen && c.status === 'planning',
    deadline: toBrusselsWallTime(poll.deadline),
    slots: tally.slots.map((s) => {
      const slot = slotsById.get(s.slotId)!;
      const isFinal = s.slotId === poll.finalSlotId;
      const missing = s.missing.map((m) => t(m.answer === 'no' ? 'poll.manage.missingNo' : 'poll.manage.missingNotAnswered', { name: nameOf(m.participantId) }));
      return {
        id: s.slotId,
        text: t('poll.manage.slot', { rank: s.rank, slot: describeSlot(lang, slot) }),
        place: describePlace(t, slot.place),
        required: t('poll.manage.required', { available: s.available.required, total: requiredTotal, ...countsParams(s.required) }),
        hasOptional: optionalTotal > 0,
        optional: t('poll.manage.optional', { available: s.available.optional, total: optionalTotal, ...countsParams(s.optional) }),
        hasMissing: missing.length > 0,
        missing: t('poll.manage.missing', { names: missing.join(', ') }),
        isFinal,
        style: isFinal ? 'good' : 'default',
        canChoose: deciding && !isFinal && slot.start.getTime() > options.now.getTime(),
      };
    }),
    proposals: poll.slots
      .filter((s) => !s.accepted)
      .map((s) => ({ id: s.id, text: t('poll.manage.proposal', { slot: describeSlot(lang, s), name: nameOf(s.proposedBy) }) })),
    participants: tally.participants.map((progress) => {
      const p = findParticipant(poll, progress.participantId)!;
      return {
        id: p.id,
        text: t('poll.manage.participantLine', {
          name: p.name,
          role: describeRole(t, p),
          required: t(p.required ? 'poll.manage.requiredWord' : 'poll.manage.optionalWord'),
          answered: progress.answered,
          total: accepted,
        }),
        byOrganiser: onBehalf.has(p.id),
        answerFor: t('poll.manage.answerFor', { name: p.name }),
      };
    }),
    hasLinks: Boolean(options.links) && poll.calendarEntry !== null,
    links: options.links ?? { ics: '', print: '' },
    labels: {
      ranking: t('poll.manage.ranking'),
      noSlots: t('poll.manage.noSlots'),
      chosen: t('poll.manage.chosen'),
      choose: t('poll.manage.choose'),
      moveHere: t('poll.manage.moveHere'),
      proposals: t('poll.manage.proposals'),
      accept: t('poll.manage.accept'),
      decline: t('poll.manage.decline'),
      participants: t('poll.manage.participants'),
      byOrganiser: t('poll.manage.byOrganiser'),
      handOver: t('poll.manage.handOver'),
      ics: t('poll.manage.ics'),
      print: t('poll.manage.print'),
      ...slotFormLabels(t),
      reopenDate: t('poll.manage.reopenDate'),
      reopenTime: t('poll.manage.reopenTime'),
      reopen: t('poll.manage.reopen'),
      deadlineDate: t('poll.manage.deadlineDate'),
      deadlineTime: t('poll.manage.deadlineTime'),
      changeDeadline: t('poll.manage.changeDeadline'),
      close: t('poll.manage.close'),
      cancel: t(poll.calendarEntry && !poll.calendarEntry.cancelled ? 'poll.manage.cancelMeeting' : 'poll.manage.cancel'),
      newPoll: t('poll.manage.newPoll'),
      refresh: t('poll.manage.refresh'),
    },
  });
  return withRefresh(card, 'poll.manage', poll.id, options.readerMri);
}

// ---------------------------------------------------------------------------------------------
// Confirmations

/** Before choosing a slot where a required participant said no: who said no. */
export function renderChoiceConfirmCard(t: Translate, lang: UiLanguage, poll: Poll, slotId: string, saidNo: readonly string[]): AdaptiveCard {
  const slot = poll.slots.find((s) => s.id === slotId);
  const names = saidNo.map((id) => findParticipant(poll, id)?.name ?? '—').join(', ');
  return renderCard(confirmTemplate, {
    kind: 'finalise',
    pollId: poll.id,
    slotId,
    title: t('poll.confirm.title'),
    text: t('poll.confirm.saidNo', { slot: slot ? describeSlot(lang, slot) : '—', names }),
    labels: { yes: t('poll.confirm.yes'), back: t('poll.confirm.back') },
  });
}

export function renderCancelConfirmCard(t: Translate, poll: Poll, c: Case): AdaptiveCard {
  return renderCard(confirmTemplate, {
    kind: 'cancel',
    pollId: poll.id,
    slotId: '',
    title: t('poll.confirm.cancelTitle', { reference: c.reference }),
    text: t('poll.confirm.cancelText'),
    labels: { yes: t('poll.confirm.cancelYes'), back: t('poll.confirm.back') },
  });
}

// ---------------------------------------------------------------------------------------------
// The invitation

export interface InvitationCardOptions {
  /** A signed link to the .ics (made when the card is rendered); null when there is no calendar entry. */
  icsUrl: string | null;
  organiserName: string;
  readerMri?: string | null;
}

/**
 * What everyone on Teams gets when the date is set, moved or cancelled: date and time in Brussels
 * time in their language, place or link, goal, organiser, and the calendar file. A poll cancelled
 * before any date was set only says so.
 */
export function renderInvitationCard(t: Translate, lang: UiLanguage, poll: Poll, c: Case, options: InvitationCardOptions): AdaptiveCard {
  const entry = poll.calendarEntry;
  const reference = c.reference;
  const state = entry === null ? 'none' : entry.cancelled ? 'cancelled' : poll.icsSequence > 0 ? 'update' : 'invitation';
  const texts: Record<typeof state, { title: string; body: string }> = {
    none: { title: t('poll.invitation.pollCancelledTitle', { reference }), body: t('poll.invitation.pollCancelledBody') },
    cancelled: { title: t('poll.invitation.cancelTitle', { reference }), body: t('poll.invitation.cancelBody') },
    update: { title: t('poll.invitation.updateTitle', { reference }), body: t('poll.invitation.updateBody') },
    invitation: { title: t('poll.invitation.title', { reference }), body: t('poll.invitation.body') },
  };
  const facts = entry
    ? [
        { title: t('poll.invitation.when'), value: t('poll.invitation.time', { slot: describeSlot(lang, entry.slot) }) },
        { title: t('poll.invitation.where'), value: describePlace(t, entry.slot.place) },
        { title: t('poll.invitation.goal'), value: poll.meetingGoal },
        { title: t('poll.invitation.organiser'), value: options.organiserName },
      ]
    : [];
  const place = entry?.slot.place;
  const card = renderCard(invitationTemplate, {
    pollId: poll.id,
    ...texts[state],
    titleColor: state === 'cancelled' || state === 'none' ? 'Attention' : 'Default',
    facts,
    hasIcs: entry !== null && options.icsUrl !== null,
    icsUrl: options.icsUrl ?? '',
    hasJoin: state !== 'cancelled' && place?.kind === 'online',
    joinUrl: place?.kind === 'online' ? place.url : '',
    labels: {
      ics: t(state === 'cancelled' ? 'poll.invitation.cancelIcs' : 'poll.invitation.ics'),
      join: t('poll.invitation.join'),
      newLink: t('poll.invitation.newLink'),
    },
  });
  // the download link is short-lived: every time the card is shown it comes back with a fresh one
  return entry ? withRefresh(card, 'poll.invitation', poll.id, options.readerMri) : card;
}

// ---------------------------------------------------------------------------------------------
// The case thread

/**
 * The live summary in the case thread, seen by the whole channel: counts per slot (unless the
 * organiser keeps the results to themself), how many answered, dates in Brussels time. No names,
 * no places.
 */
export function renderSummaryCard(t: Translate, lang: UiLanguage, poll: Poll, votes: readonly Vote[], now: Date): AdaptiveCard {
  const tally = tallyPoll(poll, votes);
  const slotsById = new Map(poll.slots.map((s) => [s.id, s]));
  const hidden = !canSeeResults(poll, null);
  const deciding = poll.status === 'open' || poll.status === 'closed';
  const statusKey: Record<Poll['status'], string> = {
    open: t('poll.summary.open', { date: formatDateTime(lang, poll.deadline) }),
    closed: t('poll.summary.closed'),
    finalised: t('poll.summary.finalised', { slot: poll.calendarEntry ? describeSlot(lang, poll.calendarEntry.slot) : '—' }),
    cancelled: t('poll.summary.cancelled'),
  };
  return renderCard(summaryTemplate, {
    title: t('poll.summary.title'),
    status: statusKey[poll.status],
    answered: t('poll.summary.answered', {
      complete: tally.participants.filter((p) => p.complete).length,
      total: tally.participants.length,
      requiredComplete: tally.requiredAnswered.complete,
      requiredTotal: tally.requiredAnswered.total,
    }),
    hidden: hidden && deciding,
    hiddenText: t('poll.summary.hidden'),
    slots:
      hidden || !deciding
        ? []
        : tally.slots.map((s) => {
            const counts = addCounts(s.required, s.optional);
            return {
              text: t('poll.summary.slot', {
                slot: describeSlot(lang, slotsById.get(s.slotId)!),
                available: s.available.required + s.available.optional,
                ...countsParams(counts),
              }),
            };
          }),
    updated: t('poll.summary.updated', { date: formatDateTime(lang, now) }),
  });
}

/** A reply in the case thread: the date set, moved, the poll reopened or cancelled (dates only). */
export function renderThreadEventCard(t: Translate, lang: UiLanguage, poll: Poll, event: ThreadEvent): AdaptiveCard {
  const slot = poll.calendarEntry ? describeSlot(lang, poll.calendarEntry.slot) : '—';
  const text: Record<ThreadEvent, string> = {
    scheduled: t('poll.event.scheduled', { slot }),
    rescheduled: t('poll.event.rescheduled', { slot }),
    reopened: t('poll.event.reopened'),
    cancelled: t(poll.calendarEntry?.cancelled ? 'poll.event.cancelledMeeting' : 'poll.event.cancelledPoll'),
  };
  return renderCard(eventTemplate, { title: t('poll.summary.title'), text: text[event] });
}
