import { randomUUID } from 'node:crypto';
import type { Case } from '../../domain/case/case';
import type { NetworkEntry } from '../../domain/case/preparation';
import type { Poll } from '../../domain/poll/poll';
import type { AgreedAction, MeetingReport } from '../../domain/report/report';
import { createCasePoll } from '../../domain/poll/poll-use-cases';
import { makeCase } from '../support/fixtures';
import { makePlanningCase } from '../support/poll-fixtures';
import { CASES_CHANNEL, ORGANISER, SOCIAL_WORKER, NURSE, type BotHarness, type User } from '../support/bot-harness';

/**
 * What the tab's sections show, put straight into the running bot's store: a poll sent by the
 * organiser (through the poll's own use case), and a case in follow-up with a sent report.
 * Fictional people.
 */

/** Network members with a Teams account. */
export const GP: User = { id: '29:gp', aadObjectId: '12121212-0000-4000-8000-000000000012', name: 'GP' };
export const HOME_NURSE: User = { id: '29:homenurse', aadObjectId: '14141414-0000-4000-8000-000000000014', name: 'Home nurse' };
/** The referent of the follow-up case. */
export const REFERENT: User = SOCIAL_WORKER;
/** On Teams, in no network: sees nothing of either case. */
export const STRANGER: User = NURSE;

/** Names that must never reach someone who is not on the case. */
export const PRIVATE_NAMES = ['Dr. Sarah Janssens', 'Sofie Maes', 'Karim Haddad', 'Aunt Rosa', 'Rue Haute'];

export const POLL_MEMBERS = [
  { id: 'e-gp', role: 'GP', name: 'Dr. Sarah Janssens', userId: GP.aadObjectId },
  { id: 'e-nurse', role: 'Home nurse', name: 'Sofie Maes', userId: HOME_NURSE.aadObjectId },
  { id: 'e-brother', role: 'Brother', name: 'Karim Haddad', userId: null },
];

export const OFFICE = 'Maison médicale, Rue Haute 12';

export async function seedPoll(h: BotHarness): Promise<{ c: Case; poll: Poll }> {
  const c = makePlanningCase(ORGANISER.aadObjectId, POLL_MEMBERS, {
    thread: { conversationId: `${CASES_CHANNEL};messageid=root-poll`, rootActivityId: 'root-poll', serviceUrl: h.connector.url },
    submittedAt: new Date('2026-11-20T10:00:00Z'),
  });
  await h.bot.stores.cases.insert(c);
  const view = await createCasePoll(
    { stores: h.bot.stores, ids: { newId: () => randomUUID() } },
    { userId: ORGANISER.aadObjectId, isCoordinator: false },
    c.id,
    {
      meetingGoal: 'Agree who helps with the move',
      slots: [
        { date: '2026-12-01', start: '10:00', end: '11:30', place: { kind: 'address', text: OFFICE } },
        { date: '2026-12-03', start: '14:00', end: '15:30', place: { kind: 'online', url: 'https://teams.microsoft.com/l/meetup-join/abc' } },
      ],
      deadline: { date: '2026-11-27', time: '17:00' },
      options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: false },
      required: {},
    },
    { reach: { serviceUrl: h.connector.url, botId: '28:mko-bot', tenantId: null }, locale: 'en-US' },
    h.clock.now(),
  );
  return { c: view.c, poll: view.poll };
}

function entry(id: string, name: string, role: string, userId: string | null): NetworkEntry {
  return { id, role, name, organisation: null, contact: null, userId, mandate: userId ? 'decides' : null, invited: true, notInvitedReason: null, isSupporter: false };
}

function action(id: string, what: string, owner: AgreedAction['owner'], dueDate: string, sentAt: Date): AgreedAction {
  return { id, what, owner, ownerMandate: null, dueDate, status: 'open', history: [], reassignments: [], revision: 0, revisedAt: sentAt };
}

/**
 * A case in follow-up whose report was sent: a1 is the GP's, a2 a relative's (not on Teams), a3 the
 * referent's own.
 */
export async function seedFollowUp(h: BotHarness): Promise<{ c: Case; report: MeetingReport }> {
  const now = h.clock.now();
  const c = makeCase({
    status: 'follow_up',
    // the requester has a role on the case, but no action: they are told "not yours", never shown any
    requesterId: HOME_NURSE.aadObjectId,
    submittedAt: now,
    statusHistory: [{ from: null, to: 'submitted', at: now, by: HOME_NURSE.aadObjectId }],
    organiserId: ORGANISER.aadObjectId,
    pseudonym: 'J. P.',
    assignments: [{ organiserId: ORGANISER.aadObjectId, organiserName: 'Amina El Idrissi', assignedBy: 'x', assignedAt: now, overrideReason: null, outcome: 'accepted', decidedAt: now }],
    thread: { conversationId: `${CASES_CHANNEL};messageid=root-report`, rootActivityId: 'root-report', serviceUrl: h.connector.url },
    locale: 'en-US',
  });
  c.preparation = {
    ...c.preparation,
    consent: { recordedBy: ORGANISER.aadObjectId, recordedAt: now, method: 'in_person', consultation: true, sharing: true },
    meetingGoal: 'Agree who helps',
    network: [entry('e-person', 'Jan Peeters', 'The person', null), entry('e-gp', 'Dr. Sarah Janssens', 'GP', GP.aadObjectId), entry('e-ref', 'Karim Haddad', 'Home nurse', REFERENT.aadObjectId)],
    referentEntryId: 'e-ref',
    referentConfirmedAt: now,
    referentConfirmedBy: REFERENT.aadObjectId,
  };
  await h.bot.stores.cases.insert(c);
  const report: MeetingReport = {
    caseId: c.id,
    cycle: 1,
    meetingId: `${c.id}:meeting:c1`,
    attendance: c.preparation.network.map((e) => ({ participantId: e.id, name: e.name, role: e.role, status: 'present', mode: 'in_person' })),
    whatGoesWell: 'He cooks again',
    situation: 'Moving out',
    decisions: ['Home care three times a week'],
    actions: [
      action('a1', 'Prescribe physiotherapy', { kind: 'participant', entryId: 'e-gp', name: 'Dr. Sarah Janssens' }, '2026-12-01', now),
      action('a2', 'Visit weekly', { kind: 'relative', entryId: null, name: 'Aunt Rosa' }, '2026-12-04', now),
      action('a3', 'Call the landlord', { kind: 'participant', entryId: 'e-ref', name: 'Karim Haddad' }, '2026-12-02', now),
    ],
    referentEntryId: 'e-ref',
    referentConfirmed: true,
    crisisPlan: { warningSigns: 'Stops eating', whatToDo: 'Call the GP', contacts: [] },
    evaluation: { who: 'e-ref', how: 'Phone round', date: '2026-12-15' },
    status: 'sent',
    sentAt: now,
    sentBy: ORGANISER.aadObjectId,
    corrections: [],
    evaluationOutcome: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await h.bot.stores.reports.insert(report);
  return { c, report };
}
