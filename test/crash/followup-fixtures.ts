import type { Case } from '../../domain/case/case';
import type { NetworkEntry } from '../../domain/case/preparation';
import type { Stores } from '../../domain/ports';
import type { AgreedAction, MeetingReport } from '../../domain/report/report';
import { makeCase } from '../support/fixtures';

/**
 * Cases in follow-up with a sent report each, written through the repositories as the bot would
 * store them: the reminder-tick benchmark (bench/tick-bench.ts) and the two-instance test use them. Every report holds ACTIONS_PER_REPORT open actions; the first `dueReports` reports'
 * actions have a reminder due at TICK_NOW, the others are due months later (stored, not due).
 */
export const ACTIONS_PER_REPORT = 10;
/** Tuesday 24 November 2026, 10:00 Brussels: the "3 days before" reminder of an action due Friday 27. */
export const TICK_NOW = new Date('2026-11-24T09:00:00Z');
const SENT_AT = new Date('2026-11-16T09:00:00Z');
const DUE_NOW = '2026-11-27';
const DUE_LATER = '2027-06-15';

/** The Teams user id (an Entra object id) of the n-th GP or nurse of the fixtures. */
export function followUpUserId(role: 'gp' | 'nurse', n: number): string {
  return `${role === 'gp' ? 'a0000000' : 'b0000000'}-0000-4000-8000-${String(n).padStart(12, '0')}`;
}

function entry(id: string, userId: string | null): NetworkEntry {
  return { id, role: 'role', name: `Member ${id}`, organisation: null, contact: null, userId, mandate: userId ? 'decides' : null, invited: true, notInvitedReason: null, isSupporter: false };
}

function followUpCase(k: number): Case {
  const seq = k + 1;
  const base = makeCase({
    id: `tick-case-${seq}`,
    draftId: `tick-draft-${seq}`,
    reference: `MKO-2026-T${seq}`,
    seq,
    status: 'follow_up',
    organiserId: `organiser-${k % 40}`,
  });
  // a few hundred professionals share the follow-ups, as in a real network of care
  const network = [entry('e-gp', followUpUserId('gp', k % 500)), entry('e-nurse', followUpUserId('nurse', k % 300)), entry('e-sis', null)];
  return { ...base, preparation: { ...base.preparation, network, referentEntryId: 'e-nurse', referentConfirmedAt: SENT_AT, referentConfirmedBy: followUpUserId('nurse', k % 300) } };
}

function action(k: number, i: number, dueDate: string): AgreedAction {
  return {
    id: `tick-action-${k + 1}-${i}`,
    what: `Agreed action ${i} of the consultation`,
    owner: i % 3 === 2 ? { kind: 'relative', entryId: 'e-sis', name: 'Sister' } : { kind: 'participant', entryId: i % 2 ? 'e-nurse' : 'e-gp', name: 'Member' },
    ownerMandate: null,
    dueDate,
    status: 'open',
    history: [],
    reassignments: [],
    revision: 0,
    revisedAt: SENT_AT,
  };
}

function sentReport(c: Case, k: number, dueDate: string): MeetingReport {
  return {
    caseId: c.id,
    cycle: 1,
    meetingId: `tick-meeting-${k + 1}`,
    attendance: ['e-gp', 'e-nurse', 'e-sis'].map((participantId) => ({ participantId, name: `Member ${participantId}`, role: 'role', status: 'present', mode: 'in_person' })),
    whatGoesWell: 'The home care is in place.',
    situation: null,
    decisions: ['Home care three times a week'],
    actions: Array.from({ length: ACTIONS_PER_REPORT }, (_, i) => action(k, i, dueDate)),
    referentEntryId: 'e-nurse',
    referentConfirmed: true,
    crisisPlan: null,
    evaluation: { who: 'e-nurse', how: 'a call', date: '2027-09-01' },
    status: 'sent',
    sentAt: SENT_AT,
    sentBy: c.organiserId,
    corrections: [],
    evaluationOutcome: null,
    createdAt: SENT_AT,
    updatedAt: SENT_AT,
    version: 3,
  };
}

/** Which of the reports holding `totalActions` have their `dueActions` due at TICK_NOW: spread over the whole set, so that no index order favours them. */
function isDueReport(k: number, totalActions: number, dueActions: number): boolean {
  const reports = totalActions / ACTIONS_PER_REPORT;
  const dueReports = dueActions / ACTIONS_PER_REPORT;
  if (!Number.isInteger(reports) || !Number.isInteger(dueReports)) throw new Error(`counts must be multiples of ${ACTIONS_PER_REPORT}`);
  const stride = Math.floor(reports / dueReports);
  return k % stride === 0 && k / stride < dueReports;
}

/** Stores `totalActions` open actions (a multiple of ACTIONS_PER_REPORT), `dueActions` of them due at TICK_NOW. */
export async function insertFollowUps(stores: Pick<Stores, 'cases' | 'reports'>, totalActions: number, dueActions: number): Promise<void> {
  for (let k = 0; k < totalActions / ACTIONS_PER_REPORT; k++) {
    const c = followUpCase(k);
    if ((await stores.cases.insert(c)) !== 'inserted') throw new Error(`case ${c.id} was not inserted`);
    const due = isDueReport(k, totalActions, dueActions);
    if ((await stores.reports.insert(sentReport(c, k, due ? DUE_NOW : DUE_LATER))) !== 'inserted') throw new Error(`report of ${c.id} was not inserted`);
  }
}

/**
 * Gives every action of the due reports a new revision (as "not done yet" with the same date
 * would), through the repository as the bot writes it: their reminders are owed again, under new
 * keys, at the next tick. The tick benchmark measures many ticks with the same due work this way.
 */
export async function reviseDueActions(stores: Pick<Stores, 'reports'>, totalActions: number, dueActions: number): Promise<void> {
  for (let k = 0; k < totalActions / ACTIONS_PER_REPORT; k++) {
    if (!isDueReport(k, totalActions, dueActions)) continue;
    const report = await stores.reports.find(`tick-case-${k + 1}`, 1);
    if (!report) throw new Error(`report ${k + 1} is missing`);
    const actions = report.actions.map((a) => ({ ...a, revision: a.revision + 1 }));
    if (!(await stores.reports.replaceIfVersion({ ...report, actions, version: report.version + 1 }, report.version))) throw new Error(`report ${k + 1} changed meanwhile`);
  }
}
