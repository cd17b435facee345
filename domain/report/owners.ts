import type { NetworkEntry } from '../case/preparation';
import { DomainError } from '../errors';
import type { ActionOwner, AgreedAction, OwnerInput, ReportContext } from './report';
import { findParticipant } from './report';

/**
 * Who owns an action, resolved against the case's network. An owner in the network must be an
 * invited participant: the person decided who takes part (seed 003 point 3c), and only they
 * receive the report. A relative may also be named without an entry.
 */
export function resolveOwner(input: OwnerInput, ctx: ReportContext): { owner: ActionOwner; mandate: AgreedAction['ownerMandate'] } {
  if (input.kind !== 'participant' && input.entryId === undefined) {
    // the schema guarantees a name when there is no entry
    return { owner: { kind: input.kind, entryId: null, name: input.name ?? '' }, mandate: null };
  }
  const entry = findParticipant(ctx, input.entryId ?? null);
  if (!entry) throw new DomainError('report.not_a_participant', { entryId: input.entryId ?? '' });
  // only a professional speaks for an organisation; the person and relatives act for themselves
  const mandate = input.kind === 'participant' ? entry.mandate : null;
  return { owner: { kind: input.kind, entryId: entry.id, name: entry.name }, mandate };
}

/** Just enough of the network to find someone's Teams account. */
export type TeamsAccounts = { network: readonly Pick<NetworkEntry, 'id' | 'userId'>[] };

/** The owner's Teams user id; null when the owner is not on Teams (the person, most relatives). */
export function ownerUserId(action: AgreedAction, ctx: TeamsAccounts): string | null {
  if (action.owner.entryId === null) return null;
  return ctx.network.find((e) => e.id === action.owner.entryId)?.userId ?? null;
}

/** The referent's Teams user id; null when there is no referent or they are not on Teams. */
export function referentUserId(referentEntryId: string | null, ctx: TeamsAccounts): string | null {
  if (referentEntryId === null) return null;
  return ctx.network.find((e) => e.id === referentEntryId)?.userId ?? null;
}

/** How an answer names the owner it was given for: their entry id, or their name when they have none. */
export function ownerReference(owner: ActionOwner): string {
  return owner.entryId ?? owner.name;
}
