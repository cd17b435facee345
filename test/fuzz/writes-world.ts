import type { Case } from '../../domain/case/case';
import type { NetworkEntry } from '../../domain/case/preparation';
import { markMeetingHeld } from '../../domain/report/report-use-cases';
import { BotHarness, CASES_CHANNEL, COORDINATOR, NURSE, ORGANISER, type User } from '../support/bot-harness';
import { makeCase } from '../support/fixtures';
import { deliverAll } from './deliver-all';

/**
 * One running bot where the organiser has work they may change: a case in preparation and a case
 * whose meeting was held, with its report still a draft. Both are stored directly (reaching them
 * through the cards would take a poll and a meeting) and then changed only over HTTP.
 */
export interface WritesWorld {
  h: BotHarness;
  organiser: User;
  coordinator: User;
  preparingCaseId: string;
  heldCaseId: string;
  /** The network entries of both cases, for payloads that name them. */
  entryIds: string[];
}

function entry(id: string, name: string, userId: string | null): NetworkEntry {
  return { id, role: 'role', name, organisation: null, contact: null, userId, mandate: userId ? 'decides' : null, invited: true, notInvitedReason: null, isSupporter: false };
}

/** A case as the bot leaves it once its thread is posted: thread replies have a root to go under. */
export function organisedCase(id: string, seq: number, status: Case['status'], serviceUrl: string): Case {
  const at = new Date('2026-11-20T09:00:00Z');
  const c = makeCase({
    id,
    draftId: `draft-${id}`,
    reference: `MKO-2026-${String(seq).padStart(4, '0')}`,
    seq,
    status,
    thread: { conversationId: `${CASES_CHANNEL};messageid=${seq}`, rootActivityId: `root-${seq}`, serviceUrl },
    organiserId: ORGANISER.aadObjectId,
    requesterId: NURSE.aadObjectId,
    assignments: [{ organiserId: ORGANISER.aadObjectId, organiserName: 'Organiser', assignedBy: COORDINATOR.aadObjectId, assignedAt: at, overrideReason: null, outcome: 'accepted', decidedAt: at }],
  });
  const network = [entry('e-gp', 'Dr. Peeters', 'gp-user-1'), entry('e-nurse', 'Home nurse', NURSE.aadObjectId), entry('e-sis', 'Sister', null)];
  return { ...c, preparation: { ...c.preparation, network, referentEntryId: 'e-nurse', referentConfirmedAt: at, referentConfirmedBy: NURSE.aadObjectId } };
}

export async function buildWritesWorld(): Promise<WritesWorld> {
  // what a request writes is all the properties may see: no job ticking in between
  const h = await BotHarness.start({ jobs: false });
  await h.sayInChannel(COORDINATOR, 'cases channel');
  const preparing = organisedCase('fuzz-preparing', 9001, 'preparing', h.connector.url);
  const held = organisedCase('fuzz-held', 9002, 'scheduled', h.connector.url);
  for (const c of [preparing, held]) {
    if ((await h.bot.stores.cases.insert(c)) !== 'inserted') throw new Error(`case ${c.id} was not stored`);
  }
  let n = 0;
  await markMeetingHeld({ stores: h.bot.stores, ids: { newId: () => `fuzz-id-${++n}` } }, { userId: ORGANISER.aadObjectId, isCoordinator: false }, held.id, h.clock.now());
  // the organiser has written to the bot before: their chat is known
  await h.say(ORGANISER, 'help');
  await deliverAll(h);
  return { h, organiser: ORGANISER, coordinator: COORDINATOR, preparingCaseId: preparing.id, heldCaseId: held.id, entryIds: ['e-gp', 'e-nurse', 'e-sis'] };
}
