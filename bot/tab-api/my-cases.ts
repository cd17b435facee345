import type { Case } from '../../domain/case/case';
import type { Stores } from '../../domain/ports';
import type { Poll } from '../../domain/poll/poll';
import type { MeetingReport } from '../../domain/report/report';
import { openActions } from '../../domain/report/report';
import { rolesOnCase } from '../../domain/case/access';
import { listMyCases } from '../../domain/case/preparation-use-cases';
import type { Actor } from '../../domain/case/pool-and-assignment';
import { formatDateTime, formatSlot } from '../../adaptive-cards/format';
import { makeTranslator, type UiLanguage } from '../../adaptive-cards/i18n';

/**
 * "My cases" as an organiser or an invited network member: the same cases as the bot's "My cases"
 * card (listMyCases decides which), with what comes next where it is cheap to know. Nothing but
 * the reference and the pseudonym says who the case is about.
 */

export type MyCaseRole = 'organiser' | 'referent' | 'participant';

export interface CaseRow {
  reference: string;
  pseudonym: string;
  status: string;
  statusLabel: string;
  role: MyCaseRole;
  /** The chosen date of a scheduled meeting; null when none is fixed. */
  meeting: { at: string; text: string } | null;
  /** The deadline of the availability poll still open; null when none is. */
  pollUntil: { at: string; text: string } | null;
  /** Agreed actions not done yet, of the reports being followed up. */
  openActions: number;
}

export interface MyInvolvedCases {
  cases: CaseRow[];
}

/** What comes next on one case, read from its polls and reports. */
interface NextSteps {
  polls: readonly Poll[];
  reports: readonly MeetingReport[];
}

/**
 * The caller's cases, organised ones first, each by reference. Like the card, the list itself adds
 * no audit entry: it shows no more than the card's list (reference, pseudonym, status), and opening
 * a case is where a read is recorded.
 */
export async function readMyInvolvedCases(
  stores: Pick<Stores, 'cases' | 'polls' | 'reports'>,
  actor: Actor,
  lang: UiLanguage,
): Promise<MyInvolvedCases> {
  const { organising, invited } = await listMyCases({ stores }, actor);
  const organised = new Set(organising.map((c) => c.id));
  const listed: { c: Case; role: MyCaseRole }[] = [
    ...organising.map((c) => ({ c, role: 'organiser' as const })),
    // an organiser from the person's network (a recorded override) is listed once, as organiser
    ...invited.filter((c) => !organised.has(c.id)).map((c) => ({ c, role: invitedRole(actor.userId, c) })),
  ];
  const next = await Promise.all(listed.map(({ c }) => readNextSteps(stores, c)));
  return { cases: listed.map(({ c, role }, i) => toCaseRow(lang, c, role, next[i]!)) };
}

function invitedRole(userId: string, c: Case): MyCaseRole {
  return rolesOnCase(userId, c, false).includes('referent') ? 'referent' : 'participant';
}

async function readNextSteps(stores: Pick<Stores, 'polls' | 'reports'>, c: Case): Promise<NextSteps> {
  // a poll matters while planning or scheduled, a report once a meeting was held; else no read
  const [polls, reports] = await Promise.all([
    c.status === 'planning' || c.status === 'scheduled' ? stores.polls.listByCase(c.id) : [],
    hadMeeting(c) ? stores.reports.listByCase(c.id) : [],
  ]);
  return { polls, reports };
}

/** A report exists only once a meeting was held (a later cycle may be preparing again). */
function hadMeeting(c: Case): boolean {
  return c.status === 'held' || c.status === 'follow_up' || c.statusHistory.some((h) => h.to === 'held');
}

/** Pure: one row of the list, with labels and Brussels dates in the reader's language. */
export function toCaseRow(lang: UiLanguage, c: Case, role: MyCaseRole, next: NextSteps): CaseRow {
  const t = makeTranslator(lang);
  const latest = next.polls.at(-1);
  const slot = latest?.status === 'finalised' ? latest.slots.find((s) => s.id === latest.finalSlotId) : undefined;
  return {
    reference: c.reference,
    pseudonym: c.pseudonym,
    status: c.status,
    statusLabel: t(`status.${c.status}`),
    role,
    meeting: c.status === 'scheduled' && slot ? { at: slot.start.toISOString(), text: formatSlot(lang, slot.start, slot.end) } : null,
    pollUntil: c.status === 'planning' && latest?.status === 'open' ? { at: latest.deadline.toISOString(), text: formatDateTime(lang, latest.deadline) } : null,
    openActions: next.reports.reduce((n, r) => n + openActions(r).length, 0),
  };
}
