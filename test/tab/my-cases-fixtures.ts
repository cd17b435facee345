import type { Case } from '../../domain/case/case';
import type { Poll } from '../../domain/poll/poll';
import { makePlanningCase } from '../support/poll-fixtures';
import { ORGANISER, type BotHarness } from '../support/bot-harness';
import { GP, HOME_NURSE } from './tab-fixtures';

/**
 * Cases around the "My cases" section, beside seedPoll's and seedFollowUp's: one scheduled (its
 * poll finalised), one whose person has not agreed to share yet, one the organiser has not accepted
 * yet, and a closed one. Fictional people.
 */
export interface MyCasesWorld {
  scheduled: Case;
  noSharing: Case;
  pending: Case;
  closed: Case;
}

export async function seedMyCases(h: BotHarness, poll: Poll): Promise<MyCasesWorld> {
  const members = [
    { id: 'e-gp', role: 'GP', name: 'Dr. Sarah Janssens', userId: GP.aadObjectId },
    { id: 'e-nurse', role: 'Home nurse', name: 'Sofie Maes', userId: HOME_NURSE.aadObjectId },
  ];
  const scheduled = makePlanningCase(ORGANISER.aadObjectId, members, { status: 'scheduled', pseudonym: 'A. B.', reference: 'MKO-2026-0101' });
  const base = makePlanningCase(ORGANISER.aadObjectId, members, { status: 'preparing', pseudonym: 'C. D.', reference: 'MKO-2026-0102' });
  // the person agreed to the consultation, not (yet) to sharing with the network
  const noSharing = { ...base, preparation: { ...base.preparation, consent: { ...base.preparation.consent!, sharing: false } } };
  // nobody is invited yet: only the organiser asked to take it could have a role on it
  const asked = makePlanningCase(ORGANISER.aadObjectId, [], { status: 'assigned', pseudonym: 'E. F.', reference: 'MKO-2026-0103' });
  const pending = { ...asked, assignments: asked.assignments.map((a) => ({ ...a, outcome: 'pending' as const, decidedAt: null })) };
  const closed = makePlanningCase(ORGANISER.aadObjectId, members, { status: 'closed', pseudonym: 'G. H.', reference: 'MKO-2026-0104' });
  for (const c of [scheduled, noSharing, pending, closed]) await h.bot.stores.cases.insert(c);
  const finalised: Poll = { ...poll, id: `${poll.id}-final`, caseId: scheduled.id, status: 'finalised', finalSlotId: poll.slots[1]!.id, version: 1 };
  await h.bot.stores.polls.insert(finalised);
  return { scheduled, noSharing, pending, closed };
}
