import { makeCardAction, personalConversationOf, makePersonalMessage, type TeamsUser } from './teams-activities';
import type { GatedConnector } from './gated-connector';
import { GOOD_INPUTS } from '../support/intake-driver';

/** What the driver needs of the bot: its address, which changes at every restart. */
export interface BotAddress {
  url: string;
}

export type Outcome = { kind: 'answered'; status: number; body: any } | { kind: 'lost' };

/**
 * Plays one user's request over HTTP the way a person clicks through it, and carries on after
 * the bot died under it: an answer that never came is asked again with the same card (a save that
 * had been stored comes back as "changed meanwhile" with the current step, a submit that had been
 * stored comes back with the same reference).
 */
export class RequestDriver {
  card: any = null;
  reference: string | null = null;
  savedHalfWay = false;
  private pending: { verb: string; data: object } | { message: string } | null = null;

  constructor(
    readonly user: TeamsUser,
    /** Saves the person step with "save for later" and stops there. */
    readonly stopHalfWay: boolean,
  ) {}

  get done(): boolean {
    return this.reference !== null || this.savedHalfWay;
  }

  /** The next request this user's client sends: the one that was lost, or the next click. */
  nextRequest(serviceUrl: string): object {
    this.pending ??= this.decideNext();
    return 'message' in this.pending
      ? makePersonalMessage(serviceUrl, this.user, this.pending.message)
      : makeCardAction(serviceUrl, this.user, this.pending.verb, this.pending.data);
  }

  /** Takes in what came back for `nextRequest` (nothing, when the bot died). */
  takeOutcome(outcome: Outcome, connector: GatedConnector, callsBefore: number): void {
    if (outcome.kind === 'lost' || outcome.status !== 200) return;
    const sent = this.pending!;
    if ('message' in sent) {
      const reply = connector.sentTo(personalConversationOf(this.user), callsBefore).at(-1);
      const card = reply?.attachments?.[0]?.content;
      if (!card) return;
      this.card = card;
    } else {
      const card = outcome.body?.value;
      if (outcome.body?.type !== 'application/vnd.microsoft.card.adaptive' || !card) return;
      const text = JSON.stringify(card);
      const reference = /MKO-\d{4}-\d{4,}/.exec(text)?.[0];
      if (sent.verb === 'intake.submit' && reference) this.reference = reference;
      else if (hasVerb(card, 'draft.resume') && (sent.data as { move?: string }).move === 'stay') this.savedHalfWay = true;
      this.card = card;
    }
    this.pending = null;
  }

  private decideNext(): { verb: string; data: object } | { message: string } {
    if (!this.card) return { message: 'new request' };
    const submit = findExecute(this.card, (a) => a.verb === 'intake.submit');
    if (submit) return { verb: 'intake.submit', data: submit.data };
    const next = findExecute(this.card, (a) => a.verb === 'intake.save' && a.data?.move === 'next');
    if (!next) throw new Error(`the driver is lost on a card without "next": ${JSON.stringify(this.card).slice(0, 300)}`);
    const step = next.data.step as keyof typeof GOOD_INPUTS;
    const inputs = GOOD_INPUTS[step] ?? {};
    if (this.stopHalfWay && step === 'person') {
      const later = findExecute(this.card, (a) => a.verb === 'intake.save' && a.data?.move === 'stay')!;
      return { verb: 'intake.save', data: { ...later.data, ...inputs } };
    }
    return { verb: 'intake.save', data: { ...next.data, ...inputs } };
  }
}

function findExecute(card: any, match: (action: any) => boolean): any {
  let found: any = null;
  const walk = (node: any) => {
    if (found || !node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (node.type === 'Action.Execute' && match(node)) found = node;
    else Object.values(node).forEach(walk);
  };
  walk(card);
  return found;
}

function hasVerb(card: any, verb: string): boolean {
  return findExecute(card, (a) => a.verb === verb) !== null;
}
