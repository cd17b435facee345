import { translate } from '../../adaptive-cards/i18n';
import { INTAKE_STEPS, type IntakeStep } from '../../domain/ports';
import { cardText, invokeCard, type BotHarness, type User } from '../support/bot-harness';
import { clickButton, GOOD_INPUTS } from '../support/intake-driver';

/**
 * The request dialogue for the fuzz worlds' set-up, checked at every step. The shared driver
 * (test/support/intake-driver.ts) returns whatever card the last click got, so a step that
 * answered anything else (a conflict, an error card) only showed later as a missing button ("no
 * action 'Submit the request'") with the reason lost. Here each answer must be the next step, and
 * a wrong one fails at once with the card's own text.
 */
const progressOf = (step: IntakeStep) =>
  translate('en', 'intake.progress', { step: INTAKE_STEPS.indexOf(step) + 1, total: INTAKE_STEPS.length, title: translate('en', `intake.step.${step}`) });

function expectStep(card: any, step: IntakeStep, after: string): any {
  const text = cardText(card);
  if (!text.includes(progressOf(step))) throw new Error(`after ${after}, expected the "${step}" step, got a card saying: ${text.slice(0, 600)}`);
  return card;
}

/** The card of the 1:1 reply that opened the request; another message may have landed in the chat first. */
function openedCard(replies: any[]): any {
  const cards = replies.flatMap((r) => (r?.attachments ?? []).map((a: any) => a.content));
  const card = cards.find((c) => cardText(c).includes(progressOf('requester')));
  if (!card) throw new Error(`"new request" got no request card: ${JSON.stringify(replies.map((r) => r?.text ?? cardText(r?.attachments?.[0]?.content ?? {}))).slice(0, 600)}`);
  return card;
}

/** Types "new request" and answers the request's first card. */
export async function openRequestCard(h: BotHarness, user: User): Promise<any> {
  return openedCard(await h.say(user, 'new request'));
}

/** Opens, fills and submits a request in English; answers the "submitted" card. */
export async function submitCheckedRequest(h: BotHarness, user: User): Promise<any> {
  let card = await openRequestCard(h, user);
  const sections = ['requester', 'person', 'situation', 'network'] as const;
  for (const [i, step] of sections.entries()) {
    const next = INTAKE_STEPS[i + 1]!;
    card = expectStep(invokeCard(await clickButton(h, user, card, 'Next', GOOD_INPUTS[step])), next, `"Next" on the ${step} step`);
  }
  const submitted = invokeCard(await clickButton(h, user, card, 'Submit the request'));
  if (!/MKO-\d{4}-\d{4}/.test(cardText(submitted))) throw new Error(`"Submit the request" got a card without a reference: ${cardText(submitted).slice(0, 600)}`);
  return submitted;
}
