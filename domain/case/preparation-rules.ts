import { DomainError } from '../errors';
import type { Case } from './case';
import { transitionCase } from './case';
import type { ConsentInput, EntryDetails, EntryInput, GoalsInput, NetworkEntry, Preparation } from './preparation';
import { PREP_NETWORK_MAX } from './preparation';
import { isSamePerson, type PersonIdentity } from './assignment';

/**
 * The rules of preparing a consultation (DOMAIN.md step 3, seed 003). Every function is pure: it
 * returns a new Preparation (or Case) or throws a DomainError with a code; time and the acting
 * user are parameters.
 */

/** What must be there before the meeting can be planned; in the order the organiser works. */
export const PLANNING_REQUIREMENTS = ['consent', 'meeting_goal', 'participants', 'person_prepared', 'referent', 'referent_confirmed'] as const;
export type PlanningRequirement = (typeof PLANNING_REQUIREMENTS)[number];

/** The checklist the organiser sees: the requirements plus what is recommended but not blocking. */
export const CHECKLIST_ITEMS = [
  'consent',
  'person_goals',
  'strengths',
  'meeting_goal',
  'participants',
  'mandates',
  'person_prepared',
  'referent',
  'referent_confirmed',
] as const;
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number];

export interface ChecklistLine {
  item: ChecklistItem;
  done: boolean;
  required: boolean;
}

/** The preparation is only changed while the case is being prepared; afterwards it is history. */
export function assertPreparing(c: Case): void {
  if (c.status !== 'preparing') throw new DomainError('preparation.not_editable', { status: c.status });
}

export function findEntry(p: Preparation, entryId: string): NetworkEntry {
  const entry = p.network.find((e) => e.id === entryId);
  if (!entry) throw new DomainError('preparation.entry_not_found');
  return entry;
}

export function referentEntry(p: Preparation): NetworkEntry | null {
  return p.referentEntryId ? (p.network.find((e) => e.id === p.referentEntryId) ?? null) : null;
}

function replaceEntry(p: Preparation, next: NetworkEntry): Preparation {
  return { ...p, network: p.network.map((e) => (e.id === next.id ? next : e)) };
}

const clean = (s: string | null | undefined): string | null => s?.trim() || null;

export function recordConsent(p: Preparation, input: ConsentInput, by: string, now: Date): Preparation {
  return { ...p, consent: { recordedBy: by, recordedAt: now, method: input.method, consultation: input.consultation, sharing: input.sharing } };
}

export function setGoals(p: Preparation, input: GoalsInput): Preparation {
  const meetingGoal = clean(input.meetingGoal);
  // the meeting has one clear goal (seed 003 point 1): without it nothing is saved
  if (!meetingGoal) throw new DomainError('validation.invalid', { fields: ['prep.goals.meetingGoal'] });
  return { ...p, personGoals: clean(input.personGoals), strengths: clean(input.strengths), meetingGoal };
}

/**
 * The case's organiser as the neutrality check knows them: their Teams id alone, or (better) with
 * their name and e-mail address from the pool.
 */
export type OrganiserRef = string | PersonIdentity | null;

function organiserIdentity(organiser: OrganiserRef): PersonIdentity | null {
  return typeof organiser === 'string' ? { id: organiser, name: null, email: null } : organiser;
}

/**
 * Who a member is. The organiser is never a member (neutrality): not by Teams account, nor by name
 * or e-mail address, matched as the assignment's network check matches them (isSamePerson). And one
 * Teams user is one member: access to the case follows the link, so two entries for one user would
 * be ambiguous.
 */
function checkLink(p: Preparation, entryId: string | null, details: EntryDetails, organiser: OrganiserRef): void {
  const userId = details.userId ?? null;
  const who = organiserIdentity(organiser);
  if (who && isSamePerson(who, { userId, name: details.name, contact: details.contact ?? null })) {
    throw new DomainError('preparation.organiser_in_network');
  }
  if (userId === null) return;
  if (p.network.some((e) => e.id !== entryId && e.userId === userId)) throw new DomainError('preparation.duplicate_user');
}

export function addNetworkEntry(p: Preparation, details: EntryDetails, id: string, organiser: OrganiserRef): Preparation {
  if (p.network.length >= PREP_NETWORK_MAX) throw new DomainError('preparation.network_full', { max: PREP_NETWORK_MAX });
  const userId = details.userId ?? null;
  checkLink(p, null, details, organiser);
  const entry: NetworkEntry = {
    id,
    role: details.role,
    name: details.name,
    organisation: details.organisation ?? null,
    contact: details.contact ?? null,
    userId,
    mandate: details.mandate ?? null,
    // the requester's network starts invited; the person then says who is not (seed 003 point 3c)
    invited: true,
    notInvitedReason: null,
    isSupporter: false,
  };
  return { ...p, network: [...p.network, entry] };
}

export function editNetworkEntry(p: Preparation, entryId: string, details: EntryDetails, organiser: OrganiserRef): Preparation {
  const entry = findEntry(p, entryId);
  const userId = details.userId ?? null;
  checkLink(p, entryId, details, organiser);
  const next = replaceEntry(p, {
    ...entry,
    role: details.role,
    name: details.name,
    organisation: details.organisation ?? null,
    contact: details.contact ?? null,
    userId,
    mandate: details.mandate ?? null,
  });
  // another Teams account on the referent's entry is another person: they have not confirmed anything
  const otherPerson = entryId === p.referentEntryId && userId !== entry.userId;
  return otherPerson ? { ...next, referentConfirmedAt: null, referentConfirmedBy: null } : next;
}

/** A member leaves the list; the referent must be replaced first so that the plan keeps a contact. */
export function removeNetworkEntry(p: Preparation, entryId: string): Preparation {
  findEntry(p, entryId);
  if (entryId === p.referentEntryId) throw new DomainError('preparation.is_referent');
  return { ...p, network: p.network.filter((e) => e.id !== entryId) };
}

/**
 * The person decides who is invited (seed 003 point 3c). Not inviting someone needs a reason, kept
 * for the organiser only; the referent is always invited.
 */
export function setInvited(p: Preparation, entryId: string, invited: boolean, reason: string | null): Preparation {
  const entry = findEntry(p, entryId);
  if (invited) return replaceEntry(p, { ...entry, invited: true, notInvitedReason: null });
  const why = clean(reason);
  if (!why) throw new DomainError('preparation.reason_required');
  if (entryId === p.referentEntryId) throw new DomainError('preparation.is_referent');
  return replaceEntry(p, { ...entry, invited: false, notInvitedReason: why });
}

/**
 * The person's supporter or advocate (seed 003 point 4) is always invited unless the person says
 * otherwise, which is what a not-invited reason records.
 */
export function markSupporter(p: Preparation, entryId: string, isSupporter: boolean, notInvitedReason: string | null): Preparation {
  const entry = findEntry(p, entryId);
  if (!isSupporter) return replaceEntry(p, { ...entry, isSupporter: false });
  const marked = replaceEntry(p, { ...entry, isSupporter: true });
  return setInvited(marked, entryId, clean(notInvitedReason) === null, notInvitedReason);
}

/** The entry form: who the member is, then invitation and supporter by the rules above. */
export function saveNetworkEntry(
  p: Preparation,
  entryId: string | null,
  input: EntryInput,
  newId: () => string,
  organiser: OrganiserRef,
): { preparation: Preparation; entryId: string } {
  const { invited, notInvitedReason, isSupporter, ...details } = input;
  const id = entryId ?? newId();
  let next = entryId ? editNetworkEntry(p, entryId, details, organiser) : addNetworkEntry(p, details, id, organiser);
  const reason = invited ? null : clean(notInvitedReason);
  // the form says "not invited" explicitly: a supporter without a reason is not silently invited
  if (!invited && !reason) throw new DomainError('preparation.reason_required');
  next = isSupporter ? markSupporter(next, id, true, reason) : setInvited(markSupporter(next, id, false, null), id, invited, reason);
  return { preparation: next, entryId: id };
}

export function recordPersonPrepared(p: Preparation, by: string, now: Date): Preparation {
  return { ...p, personPreparedAt: now, personPreparedBy: by };
}

/**
 * The referent is one invited member (seed 003 point 9). Telling them shares that the person is
 * in a consultation, so it waits for the person's consent to share. Another referent starts
 * unconfirmed.
 */
export function setReferent(p: Preparation, entryId: string): Preparation {
  if (p.consent?.sharing !== true) throw new DomainError('preparation.consent_required');
  const entry = findEntry(p, entryId);
  if (!entry.invited) throw new DomainError('preparation.referent_must_be_invited');
  if (entryId === p.referentEntryId) {
    if (p.referentConfirmedAt) throw new DomainError('referent.already_confirmed');
    return p;
  }
  return { ...p, referentEntryId: entryId, referentConfirmedAt: null, referentConfirmedBy: null };
}

function pendingReferent(p: Preparation): NetworkEntry {
  const entry = referentEntry(p);
  if (!entry) throw new DomainError('referent.not_designated');
  if (p.referentConfirmedAt) throw new DomainError('referent.already_confirmed');
  return entry;
}

/** The referent confirms themself, from the card they received in Teams. */
export function confirmReferent(p: Preparation, by: string, now: Date): Preparation {
  pendingReferent(p);
  return { ...p, referentConfirmedAt: now, referentConfirmedBy: by };
}

/** A referent without Teams confirms to the organiser, who records it; one on Teams answers the card. */
export function confirmReferentOnBehalf(p: Preparation, by: string, now: Date): Preparation {
  if (pendingReferent(p).userId !== null) throw new DomainError('referent.on_teams');
  return { ...p, referentConfirmedAt: now, referentConfirmedBy: by };
}

/** The asked member declines: the organiser chooses another referent. */
export function declineReferent(p: Preparation): Preparation {
  pendingReferent(p);
  return { ...p, referentEntryId: null, referentConfirmedAt: null, referentConfirmedBy: null };
}

export function missingForPlanning(p: Preparation): PlanningRequirement[] {
  const missing: PlanningRequirement[] = [];
  if (!(p.consent?.consultation && p.consent.sharing)) missing.push('consent');
  if (!clean(p.meetingGoal)) missing.push('meeting_goal');
  if (!p.network.some((e) => e.invited)) missing.push('participants');
  if (!p.personPreparedAt) missing.push('person_prepared');
  const referent = referentEntry(p);
  if (!referent || !referent.invited) missing.push('referent');
  else if (!p.referentConfirmedAt) missing.push('referent_confirmed');
  return missing;
}

/** Every invited member who works for an organisation has said whether they decide or advise (seed 003 point 7a). */
function mandatesClear(p: Preparation): boolean {
  return p.network.every((e) => !e.invited || e.organisation === null || e.mandate !== null);
}

export function checklist(p: Preparation): ChecklistLine[] {
  const missing = new Set<string>(missingForPlanning(p));
  const recommended: Partial<Record<ChecklistItem, boolean>> = {
    person_goals: clean(p.personGoals) !== null,
    strengths: clean(p.strengths) !== null,
    mandates: mandatesClear(p),
  };
  return CHECKLIST_ITEMS.map((item) =>
    item in recommended
      ? { item, done: recommended[item] === true, required: false }
      : // a referent not yet designated cannot be confirmed either
        { item, done: !missing.has(item) && !(item === 'referent_confirmed' && missing.has('referent')), required: true },
  );
}

/** "Ready for planning": the case moves on only when nothing required is missing. */
export function startPlanning(c: Case, by: string, now: Date): Case {
  const missing = missingForPlanning(c.preparation);
  if (missing.length) throw new DomainError('preparation.incomplete', { missing });
  return transitionCase(c, 'planning', by, now);
}
