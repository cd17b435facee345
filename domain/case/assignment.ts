import { DomainError } from '../errors';
import type { Case } from './case';
import { transitionCase } from './case';
import type { Organiser } from './organisers';

export const ASSIGNMENT_OUTCOMES = ['pending', 'accepted', 'declined', 'released'] as const;
export type AssignmentOutcome = (typeof ASSIGNMENT_OUTCOMES)[number];

export interface AssignmentRecord {
  organiserId: string;
  organiserName: string;
  assignedBy: string;
  assignedAt: Date;
  /** Why a coordinator assigned an organiser named in the person's network (neutrality). */
  overrideReason: string | null;
  outcome: AssignmentOutcome;
  decidedAt: Date | null;
}

const fold = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLocaleLowerCase('fr')
    .replace(/[^\p{L}\p{N}@.]+/gu, ' ')
    .trim();

/** Titles people put before a name in a network list ("Dr. Janssens", "Mevr. Peeters", "Mme Dubois"). */
const TITLES = new Set(['dr', 'dokter', 'docteur', 'prof', 'mevr', 'mevrouw', 'mw', 'dhr', 'meneer', 'mr', 'mrs', 'ms', 'mme', 'mlle', 'madame', 'monsieur', 'm']);

/** A name as a set of words, titles and punctuation aside, so that "Janssens Sarah" is "Dr. Sarah Janssens". */
function nameKey(name: string): string {
  return fold(name)
    .replace(/\./g, ' ')
    .split(/\s+/)
    .filter((w) => w && !TITLES.has(w))
    .sort()
    .join(' ');
}

/** Someone the neutrality check looks for: a Teams id, a name, an e-mail address (any may be unknown). */
export interface PersonIdentity {
  id: string | null;
  name: string | null;
  email: string | null;
}

/** Someone in the person's network as a list names them: Teams account, name, contact details. */
export interface NetworkIdentity {
  userId: string | null;
  name: string | null;
  contact: string | null;
}

/** Contact details hold the address: alone ("amina@cosy.example") or among others ("Amina, amina@cosy.example, 02 …"). */
function contactHas(contact: string, email: string): boolean {
  const folded = fold(contact);
  return folded === email || ` ${folded} `.includes(` ${email} `);
}

/**
 * THE neutrality match, used by assignment and by preparation alike: the same Teams account, the
 * same name (titles, accents, word order aside), or the same e-mail address in the contact details.
 */
export function isSamePerson(who: PersonIdentity, entry: NetworkIdentity): boolean {
  const name = who.name ? nameKey(who.name) : '';
  const email = who.email ? fold(who.email) : '';
  return (
    (who.id !== null && entry.userId !== null && entry.userId === who.id) ||
    (name !== '' && entry.name !== null && nameKey(entry.name) === name) ||
    (email !== '' && entry.contact !== null && contactHas(entry.contact, email))
  );
}

/**
 * An organiser must not be part of the person's network (neutrality): named there by Teams account,
 * by name, or by e-mail address. The requester counts as part of the network: the professional (or
 * relative) who asked for the consultation is involved in the situation, so is not a neutral third.
 */
export function isInNetwork(organiser: Organiser, c: Case): boolean {
  const who: PersonIdentity = { id: organiser.id, name: organiser.name, email: organiser.email };
  const members: NetworkIdentity[] = [
    { userId: c.requesterId, name: null, contact: c.request.requester?.contact ?? null },
    ...c.preparation.network.map((m) => ({ userId: m.userId, name: m.name, contact: m.contact })),
    ...(c.request.network?.members ?? []).map((m) => ({ userId: null, name: m.name, contact: m.contact ?? null })),
  ];
  return members.some((m) => isSamePerson(who, m));
}

export interface Suggestion {
  organiser: Organiser;
  speaksLanguage: boolean;
  openCases: number;
  inNetwork: boolean;
}

/**
 * The organisers a coordinator is offered for a case, best first: those who speak one of the
 * person's languages, then the least busy. Organisers named in the person's network are never
 * suggested; they are returned apart, to be assigned only with an explicit reason.
 */
export function rankOrganisers(
  pool: readonly Organiser[],
  c: Case,
  openCasesByOrganiser: ReadonlyMap<string, number>,
): { suggested: Suggestion[]; inNetwork: Suggestion[] } {
  const languages = new Set(c.request.person?.languages ?? []);
  const all = pool
    .filter((o) => o.status === 'active')
    .map((o) => ({
      organiser: o,
      speaksLanguage: o.languages.some((l) => languages.has(l)),
      openCases: openCasesByOrganiser.get(o.id) ?? 0,
      inNetwork: isInNetwork(o, c),
    }))
    .sort(
      (a, b) =>
        Number(b.speaksLanguage) - Number(a.speaksLanguage) ||
        a.openCases - b.openCases ||
        a.organiser.name.localeCompare(b.organiser.name, 'fr') ||
        a.organiser.id.localeCompare(b.organiser.id),
    );
  return { suggested: all.filter((s) => !s.inNetwork), inNetwork: all.filter((s) => s.inNetwork) };
}

/** The assignment waiting for the organiser's answer, if any. */
export function pendingAssignment(c: Case): AssignmentRecord | null {
  const last = c.assignments.at(-1);
  return last && last.outcome === 'pending' ? last : null;
}

/**
 * A coordinator assigns an organiser: the case moves to "assigned" and waits for the organiser to
 * accept. Assigning an organiser from the person's network needs a reason.
 */
export function assignOrganiser(c: Case, organiser: Organiser, by: string, overrideReason: string | null, now: Date): Case {
  if (organiser.status !== 'active') throw new DomainError('organiser.not_in_pool');
  const reason = overrideReason?.trim() || null;
  if (isInNetwork(organiser, c) && !reason) throw new DomainError('assignment.override_required');
  const moved = transitionCase(c, 'assigned', by, now);
  const record: AssignmentRecord = {
    organiserId: organiser.id,
    organiserName: organiser.name,
    assignedBy: by,
    assignedAt: now,
    overrideReason: isInNetwork(organiser, c) ? reason : null,
    outcome: 'pending',
    decidedAt: null,
  };
  return { ...moved, organiserId: organiser.id, assignments: [...c.assignments, record] };
}

/** The asked organiser accepts (the preparation starts) or declines (back to the pool). */
export function answerAssignment(c: Case, organiserId: string, accept: boolean, now: Date): Case {
  const pending = pendingAssignment(c);
  if (!pending || pending.organiserId !== organiserId) {
    const answered = c.assignments.some((a) => a.organiserId === organiserId);
    throw new DomainError(answered ? 'assignment.already_answered' : 'access.denied');
  }
  const moved = transitionCase(c, accept ? 'preparing' : 'awaiting_assignment', organiserId, now);
  const assignments = c.assignments.map((a, i) =>
    i === c.assignments.length - 1 ? { ...a, outcome: accept ? ('accepted' as const) : ('declined' as const), decidedAt: now } : a,
  );
  return { ...moved, organiserId: accept ? organiserId : null, assignments };
}

/** The organiser leaves the case (illness, conflict of interest...): the case goes back to the pool. */
export function releaseOrganiser(c: Case, by: string, now: Date): Case {
  const moved = transitionCase(c, 'awaiting_assignment', by, now);
  const assignments = c.assignments.map((a, i) =>
    i === c.assignments.length - 1 && (a.outcome === 'accepted' || a.outcome === 'pending') ? { ...a, outcome: 'released' as const, decidedAt: now } : a,
  );
  return { ...moved, organiserId: null, assignments };
}
