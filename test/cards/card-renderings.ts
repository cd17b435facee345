import { makeTranslator, type UiLanguage } from '../../adaptive-cards/i18n';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import { renderWelcomeCard } from '../../adaptive-cards/views/welcome-view';
import { renderMessageCard } from '../../adaptive-cards/views/message-view';
import { renderDraftsCard, renderIntakeStepCard } from '../../adaptive-cards/views/intake-views';
import { renderCaseDetailsCard, renderCaseRootCard, renderRefusedCard, renderSubmittedCard } from '../../adaptive-cards/views/case-views';
import { renderAssignCard, renderAssignmentRequestCard, renderPoolCard } from '../../adaptive-cards/views/assignment-views';
import type { Organiser } from '../../domain/case/organisers';
import type { Suggestion } from '../../domain/case/assignment';
import { INTAKE_STEPS } from '../../domain/ports';
import { makeCase, makeCompleteRequest, makeDraft } from '../support/fixtures';

/**
 * Every card the bot sends, rendered through its view with realistic data: one entry per way a
 * template is used (with and without notices, empty and full lists). A new template needs an entry
 * here; cards.test.ts fails until it has one.
 */
export interface Rendering {
  /** Unique; names the PNG (test-results/cards/<name>-<lang>.png). */
  name: string;
  /** The template file under adaptive-cards/templates/. */
  template: string;
  card: AdaptiveCard;
}

const T0 = new Date('2026-03-29T00:30:00Z'); // the night Brussels moves to summer time
const T1 = new Date('2026-10-25T14:45:00Z');

function organiser(id: string, name: string, overrides: Partial<Organiser> = {}): Organiser {
  return {
    id,
    name,
    email: `${id}@example.org`,
    languages: ['nl', 'fr'],
    background: 'community_nurse',
    status: 'active',
    addedBy: 'coordinator',
    addedAt: T0,
    updatedAt: T0,
    version: 1,
    ...overrides,
  };
}

const ORGANISERS = [
  organiser('aaaaaaaa-1111-4000-8000-000000000001', 'Anke Vermeulen'),
  organiser('aaaaaaaa-1111-4000-8000-000000000002', 'Hélène Dupont-Lambert', { languages: ['fr', 'ar'], background: 'social_worker', status: 'paused' }),
  organiser('aaaaaaaa-1111-4000-8000-000000000003', 'Youssef El Amrani', { languages: ['fr', 'nl', 'ar', 'en'], background: 'psychologist' }),
];

const suggestion = (o: Organiser, openCases: number, inNetwork = false): Suggestion => ({ organiser: o, speaksLanguage: o.languages.includes('fr'), openCases, inNetwork });

/** A request as a real one looks: long free texts, several network members, every choice made. */
function fullRequest() {
  return makeCompleteRequest({
    requester: { role: 'professional', organisation: 'Thuisverpleging Brussel — équipe Schaerbeek', contact: '02 123 45 67 / verpleging@example.org' },
    person: {
      firstName: 'Marie-Thérèse',
      lastName: 'Dubois-Vandenberghe',
      birthDate: '1941-02-28',
      languages: ['fr', 'nl'],
      otherLanguage: 'Lingala',
      interpreterNeeded: 'no',
      residenceKind: 'address',
      postcode: '1030',
      municipality: 'schaerbeek',
      livingSituation: 'home',
      insurance: 'in_order',
      otherTrajectory: 'no',
    },
    situation: {
      domains: ['somatic', 'psychic', 'social'],
      sectors: ['chronic_illness', 'mental_health', 'poverty'],
      description:
        'Lives alone on the third floor without a lift; diabetes and early dementia. Neglects hygiene and meals, falls twice a month. Her son lives abroad; the neighbour does the shopping. Many helpers come and go but nobody coordinates, and the family doctor is worried about a hospital admission.',
      tried: 'Home help twice a week, meals on wheels, a personal alarm (she does not wear it).',
      whyNow: 'The landlord has given notice for next spring; the GP wants a plan before winter.',
      urgency: 'high',
    },
    network: {
      consent: 'yes',
      members: [
        { role: 'GP', name: 'Dr. A. Janssens', organisation: 'Groepspraktijk Josaphat', contact: '02 000 00 00' },
        { role: 'Home nurse', name: 'Sofie Maes', organisation: 'Thuisverpleging Brussel', contact: 'sofie.maes@example.org' },
        { role: 'Neighbour', name: 'Mr. Benali', organisation: '', contact: '0470 00 00 00' },
      ],
    },
  });
}

function fullCase() {
  return makeCase({
    reference: 'MKO-2026-0042',
    pseudonym: 'M. D.',
    request: fullRequest(),
    domains: ['somatic', 'psychic', 'social'],
    urgency: 'high',
    submittedAt: T0,
    updatedAt: T1,
  });
}

export function renderAllCards(lang: UiLanguage): Rendering[] {
  const t = makeTranslator(lang);
  const request = fullRequest();
  const c = fullCase();
  const out: Rendering[] = [];
  const add = (name: string, template: string, card: AdaptiveCard) => out.push({ name, template, card });

  add('welcome', 'welcome', renderWelcomeCard(t));
  add('welcome-coordinator-notice', 'welcome', renderWelcomeCard(t, t('welcome.unknown', { text: 'hallo?' }), true));
  add('message-error', 'message', renderMessageCard(t, t('error.title'), t('error.accessDenied'), 'attention'));

  for (const step of INTAKE_STEPS) {
    const draft = makeDraft({ id: 'draft-7f3a', step, data: request, version: 4, createdAt: T0, updatedAt: T1 });
    add(`intake-${step}`, `intake-${step}`, renderIntakeStepCard(t, lang, draft));
  }
  add('intake-person-empty-missing', 'intake-person', renderIntakeStepCard(t, lang, makeDraft({ step: 'person' }), { kind: 'missing', fields: ['person.firstName', 'person.birthDate', 'person.postcode'] }));
  add('intake-network-empty', 'intake-network', renderIntakeStepCard(t, lang, makeDraft({ step: 'network' }), { kind: 'conflict', fields: [] }));

  const drafts = [
    makeDraft({ id: 'draft-1', step: 'situation', data: request, createdAt: T0, updatedAt: T1 }),
    makeDraft({ id: 'draft-2', step: 'requester', data: {}, createdAt: T1, updatedAt: T1 }),
  ];
  add('drafts', 'drafts', renderDraftsCard(t, lang, drafts));
  add('drafts-none', 'drafts', renderDraftsCard(t, lang, [], t('drafts.discarded')));

  add('request-submitted', 'request-submitted', renderSubmittedCard(t, lang, c, false));
  add('request-submitted-again', 'request-submitted', renderSubmittedCard(t, lang, c, true));
  const refused = makeCase({ ...c, status: 'refused', refusalReasons: ['outside_brussels', 'minor', 'not_living_at_home', 'other_trajectory'] });
  add('request-refused', 'request-refused', renderRefusedCard(t, refused, false));
  add('case-root', 'case-root', renderCaseRootCard(t, lang, c));
  add('case-root-refused', 'case-root', renderCaseRootCard(t, lang, refused));
  add('case-details', 'case-details', renderCaseDetailsCard(t, lang, c));

  add('pool', 'pool', renderPoolCard(t, ORGANISERS.map((o, i) => ({ organiser: o, openCases: i * 2 })), { text: t('pool.added', { name: ORGANISERS[2]!.name }), tone: 'good' }));
  add('pool-empty', 'pool', renderPoolCard(t, []));
  add('assign', 'assign', renderAssignCard(t, c, [suggestion(ORGANISERS[0]!, 1), suggestion(ORGANISERS[2]!, 3)], [suggestion(ORGANISERS[1]!, 0, true)]));
  add('assign-none', 'assign', renderAssignCard(t, c, [], [], t('assign.none')));
  add('assignment-request', 'assignment-request', renderAssignmentRequestCard(t, c));
  return out;
}
