import { BotHarness, COORDINATOR, NURSE, SOCIAL_WORKER, invokeCard, type User } from '../support/bot-harness';
import { clickButton, GOOD_INPUTS } from '../support/intake-driver';
import { openRequestCard, submitCheckedRequest } from './checked-intake';
import { deliverAll } from './deliver-all';

/**
 * One running bot with something to attack: the owner (a nurse) has a submitted case and an open
 * request saved half-way; the stranger (a social worker, not a coordinator) owns nothing and is
 * on no case. Every id the owner holds is known to the fuzzer.
 */
export interface FuzzWorld {
  h: BotHarness;
  owner: User;
  stranger: User;
  /** The owner's open draft (requester step saved). */
  openDraftId: string;
  /** The draft the owner's case was submitted from. */
  submittedDraftId: string;
  caseId: string;
  /** Every id of the owner's, for payloads that try them. */
  foreignIds: string[];
}

export async function buildFuzzWorld(): Promise<FuzzWorld> {
  // what a request writes is all the properties may see: no job ticking in between
  const h = await BotHarness.start({ jobs: false });
  await h.sayInChannel(COORDINATOR, 'cases channel');
  // every step checked and the outbox emptied on a moving business clock: the bench's set-up once
  // failed on a busy machine as "no action 'Submit the request'", with the real reason lost
  await deliverAll(h);
  await submitCheckedRequest(h, NURSE);
  await deliverAll(h);
  const [c] = await h.bot.stores.cases.listByRequester(NURSE.aadObjectId);
  if (!c) throw new Error('the owner has no case');

  invokeCard(await clickButton(h, NURSE, await openRequestCard(h, NURSE), 'Next', GOOD_INPUTS.requester));
  const [open] = await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId);
  if (!open) throw new Error('the owner has no open draft');

  // the stranger has written to the bot before, so their chat is already remembered
  await h.say(SOCIAL_WORKER, 'help');
  await deliverAll(h);
  return {
    h,
    owner: NURSE,
    stranger: SOCIAL_WORKER,
    openDraftId: open.id,
    submittedDraftId: c.draftId,
    caseId: c.id,
    foreignIds: [open.id, c.draftId, c.id, c.reference, NURSE.aadObjectId, NURSE.id, COORDINATOR.aadObjectId],
  };
}
