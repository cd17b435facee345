import type { Translate, UiLanguage } from '../../adaptive-cards/i18n';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import {
  organiserNoticeText,
  participantNoticeText,
  renderCancelConfirmCard,
  renderChoiceConfirmCard,
  renderInvitationCard,
  renderManageCard,
  renderPollDraftCard,
  renderSummaryCard,
  renderThreadEventCard,
  renderVoteCard,
} from '../../adaptive-cards/views/poll-views';
import { brusselsWallTimeToInstant } from '../../domain/poll/wall-clock';
import { chooseRequired, listPollCandidates, suggestDeadline } from '../../domain/poll/poll-draft';
import { acceptSlot, cancelPoll, castVotes, closePoll, createPoll, finalisePoll, proposeSlot, reopenPoll, reschedulePoll } from '../../domain/poll/rules';
import type { SlotInput } from '../../domain/poll/inputs';
import type { Answer, Poll, PollParticipant, Vote } from '../../domain/poll/poll';
import { PollFileLinks } from '../../bot/poll-files';
import { makePlanningCase, ORGANISER_NAME } from '../support/poll-fixtures';

/**
 * The availability poll's cards, each way they are used: the organiser's draft (empty, with slots
 * and a refused step), a participant's card (open with counts, results hidden, proxy, closed), the
 * organiser's card (open with proposals, closed, finalised with the files, cancelled), the
 * confirmations, the invitation and its update and cancellations, the case thread's cards.
 */

const ORGANISER_ID = 'aaaaaaaa-2222-4000-8000-000000000007';
const ORGANISER_MRI = '29:1Xy7-organiser';
const GP_ID = '12121212-0000-4000-8000-000000000012';
const NURSE_ID = '14141414-0000-4000-8000-000000000014';
const SOCIAL_ID = '16161616-0000-4000-8000-000000000016';

const PLANNING_CASE = makePlanningCase(ORGANISER_ID, [
  { id: 'e-gp', role: 'GP', name: 'Dr. Sarah Janssens', userId: GP_ID },
  { id: 'e-nurse', role: 'Home nurse', name: 'Sofie Maes', userId: NURSE_ID },
  { id: 'e-social', role: 'Maatschappelijk werker OCMW', name: 'Hélène Dupont-Lambert', userId: SOCIAL_ID },
  { id: 'e-brother', role: 'Brother', name: 'Karim Haddad', userId: null },
  { id: 'e-neighbour', role: 'Neighbour', name: 'Mr. Benali', userId: null, invited: false },
]);
const c = { ...PLANNING_CASE, reference: 'MKO-2026-0042', seq: 42 };

/** The organiser sends the poll on a Monday morning; the dates are the next two weeks. */
const SENT = new Date('2026-11-23T08:15:00Z');
const LATER = new Date('2026-11-26T16:40:00Z');

const OFFICE = { kind: 'address', text: 'CPAS de Schaerbeek, salle 2, Place Colignon 1, 1030 Schaerbeek' } as const;
const HOME = { kind: 'address', text: 'At the person\'s home (Rue Royale Sainte-Marie 110, 3rd floor)' } as const;
const ONLINE = { kind: 'online', url: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_NjQ5ZTM2YjEtNDAxNi00%40thread.v2/0?context=%7b%22Tid%22%3a%22t%22%7d' } as const;

const SLOTS: SlotInput[] = [
  { date: '2026-12-01', start: '14:00', end: '15:30', place: OFFICE },
  { date: '2026-12-03', start: '10:00', end: '11:30', place: ONLINE },
  { date: '2026-12-04', start: '16:00', end: '17:00', place: HOME },
  { date: '2026-12-08', start: '09:30', end: '11:00', place: OFFICE },
];

function openPoll(hideResults: boolean): Poll {
  let n = 0;
  const candidates = chooseRequired(listPollCandidates(c), { 'e-social': false });
  return createPoll(
    {
      id: hideResults ? 'poll-hidden-1' : 'poll-7f3a',
      caseId: c.id,
      cycle: 1,
      organiserId: ORGANISER_ID,
      meetingGoal: c.preparation.meetingGoal!,
      slots: SLOTS,
      participants: candidates,
      deadline: brusselsWallTimeToInstant('2026-11-30', '17:00'),
      options: { resultsVisibleToOrganiserOnly: hideResults, participantsMayProposeSlots: !hideResults },
    },
    () => `slot-${++n}`,
    null,
    SENT,
  );
}

/** Answers as people give them: each participant on Teams for themself, the organiser for the person and the brother. */
function answer(poll: Poll, spec: Record<string, string>, at: Date): Vote[] {
  const code: Record<string, Answer> = { y: 'yes', m: 'if_need_be', n: 'no' };
  const accepted = poll.slots.filter((s) => s.accepted);
  return Object.entries(spec).flatMap(([participantId, answers]) => {
    const p = poll.participants.find((x) => x.id === participantId)!;
    const inputs = [...answers].flatMap((ch, i) => (ch === '.' ? [] : [{ participantId, slotId: accepted[i]!.id, answer: code[ch]! }]));
    return castVotes(poll, inputs, p.userId ?? ORGANISER_ID, at);
  });
}

const VOTES = { person: 'ymy.', 'e-gp': 'yyn', 'e-nurse': 'mym', 'e-brother': 'n.y' };

function participant(poll: Poll, id: string): PollParticipant {
  return poll.participants.find((p) => p.id === id)!;
}

export function renderPollCards(t: Translate, lang: UiLanguage, add: (name: string, template: string, card: AdaptiveCard) => void): void {
  const links = new PollFileLinks();
  links.setBaseUrl('https://mko-bot.example.org');
  const fileLinks = (poll: Poll, userId: string) => ({
    ics: links.linkFor({ userId, pollId: poll.id, kind: 'ics', lang }, LATER),
    print: links.linkFor({ userId, pollId: poll.id, kind: 'print', lang }, LATER),
  });

  // the organiser's draft: just opened, with slots and what was typed, and a refused step
  const candidates = listPollCandidates(c);
  add('poll-create', 'poll-create', renderPollDraftCard(t, lang, { c, candidates, slots: [], typed: {}, deadline: suggestDeadline(SENT) }));
  add(
    'poll-create-slots',
    'poll-create',
    renderPollDraftCard(
      t,
      lang,
      {
        c,
        candidates,
        slots: SLOTS,
        typed: { 'slot.date': '2026-12-10', 'slot.start': '14:00', 'pattern.weekdays': '2,4', 'req.e-social': 'optional', 'poll.options': 'allowProposals' },
        deadline: suggestDeadline(SENT),
      },
      { text: t('error.poll.slot_duplicate'), tone: 'attention' },
    ),
  );

  // the poll running: answers, a participant's proposal, answers recorded by the organiser
  let open = openPoll(false);
  open = proposeSlot(open, { date: '2026-12-09', start: '13:00', end: '14:00', place: OFFICE }, 'slot-p1', NURSE_ID, SENT);
  const votes = answer(open, VOTES, LATER);
  const hidden = openPoll(true);
  const hiddenVotes = answer(hidden, VOTES, LATER);
  const view = { poll: open, votes, c };

  add('poll-vote', 'poll-vote', renderVoteCard(t, lang, { ...view, participant: participant(open, 'e-nurse') }, { mode: 'self', organiserName: ORGANISER_NAME, readerMri: '29:1nurse' }));
  add(
    'poll-vote-invited-hidden',
    'poll-vote',
    renderVoteCard(t, lang, { poll: hidden, votes: [], c, participant: participant(hidden, 'e-social') }, {
      mode: 'self',
      organiserName: ORGANISER_NAME,
      notice: { text: participantNoticeText(t, 'invited'), tone: 'good' },
    }),
  );
  add(
    'poll-vote-proxy',
    'poll-vote',
    renderVoteCard(t, lang, { ...view, participant: participant(open, 'e-brother') }, { mode: 'proxy', organiserName: ORGANISER_NAME, notice: { text: t('poll.vote.proxySaved', { name: 'Karim Haddad' }), tone: 'good' } }),
  );

  add('poll-manage', 'poll-manage', renderManageCard(t, lang, view, { now: LATER, notice: { text: organiserNoticeText(t, open, 'proposal', 'e-nurse'), tone: 'good' }, readerMri: ORGANISER_MRI }));
  add('poll-manage-hidden', 'poll-manage', renderManageCard(t, lang, { poll: hidden, votes: hiddenVotes, c }, { now: LATER }));
  const closed = closePoll(acceptSlot(open, 'slot-p1', ORGANISER_ID, LATER), ORGANISER_ID);
  add('poll-manage-closed', 'poll-manage', renderManageCard(t, lang, { poll: closed, votes, c }, { now: LATER, notice: { text: organiserNoticeText(t, closed, 'deadline_reached', null), tone: 'attention' } }));
  add('poll-vote-closed', 'poll-vote', renderVoteCard(t, lang, { poll: closed, votes, c, participant: participant(closed, 'e-gp') }, { mode: 'self', organiserName: ORGANISER_NAME }));

  // the organiser chooses a date where a required participant said no: the card asks first
  const saidNo = ['e-gp'];
  add('poll-confirm-finalise', 'poll-confirm', renderChoiceConfirmCard(t, lang, closed, 'slot-3', saidNo));
  add('poll-confirm-cancel', 'poll-confirm', renderCancelConfirmCard(t, closed, c));

  const finalised = finalisePoll(closed, votes, { slotId: 'slot-2' }, ORGANISER_ID, LATER);
  add('poll-manage-finalised', 'poll-manage', renderManageCard(t, lang, { poll: finalised, votes, c }, { now: LATER, links: fileLinks(finalised, ORGANISER_ID), readerMri: ORGANISER_MRI }));
  add('poll-vote-finalised', 'poll-vote', renderVoteCard(t, lang, { poll: finalised, votes, c, participant: participant(finalised, 'e-nurse') }, { mode: 'self', organiserName: ORGANISER_NAME }));
  // local development: the bot's own links are plain http to this machine
  const local = new PollFileLinks();
  local.setBaseUrl('http://127.0.0.1:3978');
  const icsFor = (poll: Poll, userId: string) => local.linkFor({ userId, pollId: poll.id, kind: 'ics', lang }, LATER);
  add('poll-invitation', 'poll-invitation', renderInvitationCard(t, lang, finalised, c, { icsUrl: icsFor(finalised, NURSE_ID), organiserName: ORGANISER_NAME, readerMri: '29:1nurse' }));
  add('poll-invitation-no-link', 'poll-invitation', renderInvitationCard(t, lang, finalised, c, { icsUrl: null, organiserName: ORGANISER_NAME }));

  const moved = reschedulePoll(finalised, votes, { slotId: 'slot-1', confirmRequiredNo: true }, ORGANISER_ID, LATER);
  add('poll-invitation-update', 'poll-invitation', renderInvitationCard(t, lang, moved, c, { icsUrl: icsFor(moved, GP_ID), organiserName: ORGANISER_NAME }));
  const reopened = reopenPoll(moved, brusselsWallTimeToInstant('2026-11-28', '12:00'), ORGANISER_ID, LATER);
  const cancelledMeeting = cancelPoll(moved, ORGANISER_ID);
  add('poll-invitation-cancelled', 'poll-invitation', renderInvitationCard(t, lang, cancelledMeeting, c, { icsUrl: icsFor(cancelledMeeting, GP_ID), organiserName: ORGANISER_NAME }));
  const cancelledPoll = cancelPoll(hidden, ORGANISER_ID);
  add('poll-invitation-poll-cancelled', 'poll-invitation', renderInvitationCard(t, lang, cancelledPoll, c, { icsUrl: null, organiserName: ORGANISER_NAME }));
  add('poll-manage-cancelled', 'poll-manage', renderManageCard(t, lang, { poll: cancelledMeeting, votes, c }, { now: LATER }));

  // the case thread: the live summary (counts, hidden counts, the date set, cancelled) and replies
  add('poll-summary', 'poll-summary', renderSummaryCard(t, lang, open, votes, LATER));
  add('poll-summary-hidden', 'poll-summary', renderSummaryCard(t, lang, hidden, hiddenVotes, LATER));
  add('poll-summary-finalised', 'poll-summary', renderSummaryCard(t, lang, finalised, votes, LATER));
  add('poll-summary-cancelled', 'poll-summary', renderSummaryCard(t, lang, cancelledPoll, [], LATER));
  add('poll-event-scheduled', 'poll-event', renderThreadEventCard(t, lang, finalised, 'scheduled'));
  add('poll-event-rescheduled', 'poll-event', renderThreadEventCard(t, lang, moved, 'rescheduled'));
  add('poll-event-reopened', 'poll-event', renderThreadEventCard(t, lang, reopened, 'reopened'));
  add('poll-event-cancelled-meeting', 'poll-event', renderThreadEventCard(t, lang, cancelledMeeting, 'cancelled'));
  add('poll-event-cancelled-poll', 'poll-event', renderThreadEventCard(t, lang, cancelledPoll, 'cancelled'));
}
