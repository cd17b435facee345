import { BotHarness, findAction, invokeCard, type User } from './bot-harness';

/** Answers for each step as a Teams client would send them: strings keyed by input id. */
export const GOOD_INPUTS = {
  requester: { 'requester.role': 'professional', 'requester.organisation': 'Thuisverpleging Brussel', 'requester.contact': '02 123 45 67' },
  person: {
    'person.firstName': 'Marie',
    'person.lastName': 'Dubois-Vandenberghe',
    'person.birthDate': '1955-03-14',
    'person.languages': 'fr,nl',
    'person.otherLanguage': '',
    'person.interpreterNeeded': 'no',
    'person.residenceKind': 'address',
    'person.postcode': '1030',
    'person.municipality': 'schaerbeek',
    'person.whereStaying': '',
    'person.livingSituation': 'home',
    'person.insurance': 'unknown',
    'person.otherTrajectory': 'no',
  },
  situation: {
    'situation.domains': 'psychic,social',
    'situation.sectors': 'mental_health,poverty',
    'situation.description': 'Neglects hygiene, lease ends next year, many helpers but nobody coordinates.',
    'situation.tried': 'Home help twice a week.',
    'situation.whyNow': 'The landlord has given notice.',
    'situation.urgency': 'normal',
  },
  network: { 'network.consent': 'yes', 'member.role': '', 'member.name': '', 'member.organisation': '', 'member.contact': '' },
} as const;

export type Inputs = Record<string, string>;

/** Clicks a button of `card` the way Teams does: the action's data plus every input's value. */
export async function clickButton(h: BotHarness, user: User, card: any, title: string, inputs: Inputs = {}, locale = 'en-US') {
  const action = findAction(card, title);
  return h.click(user, action.verb, { ...action.data, ...inputs }, { locale });
}

/** Opens a request with the typed command and fills every step with `inputs`, up to the summary. */
export async function fillRequest(
  h: BotHarness,
  user: User,
  overrides: Partial<Record<keyof typeof GOOD_INPUTS, Inputs>> = {},
  locale = 'en-US',
): Promise<any> {
  const replies = await h.say(user, 'new request', locale);
  let card = replies[0].attachments[0].content;
  for (const step of ['requester', 'person', 'situation', 'network'] as const) {
    const inputs = { ...GOOD_INPUTS[step], ...overrides[step] };
    card = invokeCard(await clickButton(h, user, card, nextTitle(locale), inputs, locale));
  }
  return card;
}

export function nextTitle(locale: string): string {
  return locale.startsWith('nl') ? 'Volgende' : locale.startsWith('fr') ? 'Suivant' : 'Next';
}
