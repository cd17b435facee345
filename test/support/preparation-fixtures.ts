import { makeTranslator, type UiLanguage } from '../../adaptive-cards/i18n';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import {
  PREP_SECTIONS,
  renderBriefingCard,
  renderEntryCard,
  renderGoalsCard,
  renderMyCasesCard,
  renderPreparationCard,
  renderReferentDeclinedCard,
  renderReferentRequestCard,
  renderSectionCard,
} from '../../adaptive-cards/views/preparation-views';
import type { Case } from '../../domain/case/case';
import type { Preparation } from '../../domain/case/preparation';
import { startPreparation } from '../../domain/case/preparation';
import { makeCase } from './fixtures';

/**
 * Cases in preparation and every preparation card rendered from them: shared by the views' unit
 * test (test/unit/preparation-views.test.ts) and the card checks (test/cards/card-renderings.ts).
 */

export const T0 = new Date('2026-03-29T00:30:00Z'); // the night Brussels moves to summer time
export const ORGANISER = 'org-1';

/** Every free text of the preparation: none of it may appear on a card that names no one. */
export const SECRET = {
  person: 'Jan',
  gp: 'Dr. Sarah Janssens',
  brother: 'Karim Peeters',
  reason: 'An old quarrel about money',
  contact: '0470 11 22 33',
  goals: 'Stay in the neighbourhood',
  strengths: 'Cooks for her neighbour',
  meetingGoal: 'Agree who helps with the move',
};

/** Case references as the bot writes them (MKO-<year>-<4 digits>), one per fixture case. */
let lastSeq = 40;
function numbered(): Pick<Case, 'reference' | 'seq'> {
  lastSeq += 1;
  return { reference: `MKO-2026-${String(lastSeq).padStart(4, '0')}`, seq: lastSeq };
}

export function preparedCase(overrides: Partial<Preparation> = {}): Case {
  const preparation: Preparation = {
    ...startPreparation([], () => 'x'),
    consent: { recordedBy: ORGANISER, recordedAt: T0, method: 'phone', consultation: true, sharing: true },
    personGoals: SECRET.goals,
    strengths: SECRET.strengths,
    meetingGoal: SECRET.meetingGoal,
    personPreparedAt: T0,
    personPreparedBy: ORGANISER,
    network: [
      { id: 'e1', role: 'GP', name: SECRET.gp, organisation: 'Practice', contact: SECRET.contact, userId: 'gp', mandate: 'decides', invited: true, notInvitedReason: null, isSupporter: false },
      { id: 'e2', role: 'Brother', name: SECRET.brother, organisation: null, contact: null, userId: null, mandate: null, invited: false, notInvitedReason: SECRET.reason, isSupporter: false },
      { id: 'e3', role: 'Daughter', name: 'Sofia', organisation: null, contact: null, userId: null, mandate: null, invited: true, notInvitedReason: null, isSupporter: true },
    ],
    referentEntryId: 'e1',
    referentConfirmedAt: null,
    referentConfirmedBy: null,
    ...overrides,
  };
  return makeCase({
    ...numbered(),
    status: 'preparing',
    organiserId: ORGANISER,
    assignments: [{ organiserId: ORGANISER, organiserName: 'Amina El Idrissi', assignedBy: 'coord', assignedAt: T0, overrideReason: null, outcome: 'accepted', decidedAt: T0 }],
    preparation,
  });
}

export const FULL = preparedCase();
export const EMPTY = makeCase({ ...numbered(), status: 'preparing', organiserId: ORGANISER, preparation: startPreparation([], () => 'x') });
export const CONFIRMED_FOR_THEM = preparedCase({ referentEntryId: 'e3', referentConfirmedAt: T0, referentConfirmedBy: ORGANISER });
export const PLANNING = { ...preparedCase({ referentConfirmedAt: T0, referentConfirmedBy: 'gp' }), status: 'planning' as const };

/** Every preparation card, each way it is used: full and empty, with and without a notice. */
export function allPreparationCards(lang: UiLanguage): [string, AdaptiveCard][] {
  const t = makeTranslator(lang);
  const notice = { text: t('error.reasonRequired'), tone: 'attention' as const };
  return [
    ['overview', renderPreparationCard(t, lang, FULL)],
    ['overview-empty', renderPreparationCard(t, lang, EMPTY, notice)],
    ['overview-planning', renderPreparationCard(t, lang, PLANNING)],
    ...PREP_SECTIONS.flatMap((s): [string, AdaptiveCard][] => [
      [`section-${s}`, renderSectionCard(t, lang, FULL, s)],
      [`section-${s}-empty`, renderSectionCard(t, lang, EMPTY, s, notice)],
    ]),
    ['section-referent-for-them', renderSectionCard(t, lang, CONFIRMED_FOR_THEM, 'referent')],
    ['goals-typed', renderGoalsCard(t, FULL, notice, { meetingGoal: 'typed' })],
    ['entry-new', renderEntryCard(t, FULL, null)],
    ['entry-edit', renderEntryCard(t, FULL, FULL.preparation.network[1]!, notice, { name: 'typed' })],
    ['referent-request', renderReferentRequestCard(t, FULL)],
    ['referent-declined', renderReferentDeclinedCard(t, FULL)],
    ['my-cases', renderMyCasesCard(t, [FULL, PLANNING], [EMPTY])],
    ['my-cases-none', renderMyCasesCard(t, [], [])],
    ['briefing', renderBriefingCard(t, FULL)],
    ['briefing-empty', renderBriefingCard(t, EMPTY)],
  ];
}
