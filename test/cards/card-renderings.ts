import { makeTranslator, type UiLanguage } from '../../adaptive-cards/i18n';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import { renderWelcomeCard } from '../../adaptive-cards/views/welcome-view';
import { renderMessageCard } from '../../adaptive-cards/views/message-view';
import { renderDraftsCard, renderIntakeStepCard } from '../../adaptive-cards/views/intake-views';
import { renderCaseDetailsCard, renderCaseRootCard, renderRefusedCard, renderSubmittedCard } from '../../adaptive-cards/views/case-views';
import { renderAssignCard, renderAssignmentRequestCard, renderPoolCard } from '../../adaptive-cards/views/assignment-views';
import { renderFiguresCard } from '../../adaptive-cards/views/figures-views';
import { renderAuditCard } from '../../adaptive-cards/views/audit-views';
import { renderEraseConfirmCard, renderErasedCard, renderPersonDataCard, renderPersonExportCard } from '../../adaptive-cards/views/person-data-views';
import type { Case } from '../../domain/case/case';
import type { Organiser } from '../../domain/case/organisers';
import type { Suggestion } from '../../domain/case/assignment';
import { INTAKE_STEPS } from '../../domain/ports';
import { computeFigures } from '../../domain/case/figures';
import { describeAuditTrail, type AuditRow } from '../../domain/case/audit-trail';
import { buildPersonExport, purgePersonalData } from '../../domain/case/person-data';
import { FiguresCsvLinks } from '../../bot/figures-export';
import { makeCase, makeCompleteRequest, makeDraft } from '../support/fixtures';
import { allPreparationCards, FULL as PREPARED_CASE } from '../support/preparation-fixtures';
import { ASSIGNED, caseThrough, enterReport, POOL_2021 } from '../support/report-2021';
import { renderPollCards } from './poll-renderings';
import { renderReportCards } from './report-renderings';

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
  /**
   * The card shows a document as it is, in monospace TextRuns (the person-data export's JSON): its
   * lines are data, so codes in them are not taken for untranslated catalogue keys or {params}.
   * The card's own texts (title, page, buttons) are checked as on any card.
   */
  verbatim?: true;
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

/** The template behind each card of test/support/preparation-fixtures.ts (shared with the views' unit test). */
const PREPARATION_TEMPLATES: Readonly<Record<string, string>> = {
  overview: 'prep-overview',
  'overview-empty': 'prep-overview',
  'overview-planning': 'prep-overview',
  'section-consent': 'prep-consent',
  'section-consent-empty': 'prep-consent',
  'section-goals': 'prep-goals',
  'section-goals-empty': 'prep-goals',
  'section-network': 'prep-network',
  'section-network-empty': 'prep-network',
  'section-prepared': 'prep-prepared',
  'section-prepared-empty': 'prep-prepared',
  'section-referent': 'prep-referent',
  'section-referent-empty': 'prep-referent',
  'section-referent-for-them': 'prep-referent',
  'goals-typed': 'prep-goals',
  'entry-new': 'prep-entry',
  'entry-edit': 'prep-entry',
  'referent-request': 'prep-referent-request',
  'referent-declined': 'message',
  'my-cases': 'prep-my-cases',
  'my-cases-none': 'prep-my-cases',
  briefing: 'prep-briefing',
  'briefing-empty': 'prep-briefing',
};

function preparationTemplate(name: string): string {
  const template = PREPARATION_TEMPLATES[name];
  if (!template) throw new Error(`card-renderings.ts: which template does the preparation card "${name}" use? Add it to PREPARATION_TEMPLATES.`);
  return template;
}

const COORDINATOR_ID = '29:1aB3cD5eF7gH9iJ-coordinator';
const REPORT_WRITTEN = new Date('2022-02-15T10:00:00Z');

/** Brusano's 2021 report, plus this year's requests: one being prepared by an organiser who has since left the pool. */
function figuresData() {
  const report = enterReport();
  const left = caseThrough('c2026-1', T0, [...ASSIGNED, 'preparing'], {
    organiserId: 'o9',
    assignments: [{ organiserId: 'o9', organiserName: 'Hélène Dupont-Lambert', assignedBy: COORDINATOR_ID, assignedAt: T0, overrideReason: null, outcome: 'accepted', decidedAt: T0 }],
  });
  const refused = caseThrough('c2026-2', T0, ['refused'], { refusalReasons: ['minor', 'not_living_at_home'] });
  const prepared: Case = { ...left, request: fullRequest(), domains: ['somatic', 'psychic', 'social'] };
  return { cases: [...report.cases, prepared, refused], openDrafts: report.drafts };
}

/** A case's audit trail as it grows: intake, assignment, the preparation, the coordinators' reads. */
function auditRows(c: Case, length: number): AuditRow[] {
  const steps: [string, string][] = [
    ['user-1', 'case.submitted'],
    [COORDINATOR_ID, 'case.details_viewed'],
    [COORDINATOR_ID, 'case.assigned'],
    [ORGANISERS[0]!.id, 'assignment.declined'],
    [COORDINATOR_ID, 'case.assigned_with_override'],
    [ORGANISERS[2]!.id, 'assignment.accepted'],
    [ORGANISERS[2]!.id, 'prep.viewed'],
    [ORGANISERS[2]!.id, 'prep.consent_recorded'],
    [ORGANISERS[2]!.id, 'prep.goals_saved'],
    [ORGANISERS[2]!.id, 'prep.member_added'],
    [ORGANISERS[2]!.id, 'prep.member_added'],
    [ORGANISERS[2]!.id, 'prep.member_updated'],
    [ORGANISERS[2]!.id, 'prep.person_prepared'],
    [ORGANISERS[2]!.id, 'prep.referent_designated'],
    ['29:9zY8xW7vU6-gp', 'prep.briefing_viewed'],
    ['29:9zY8xW7vU6-gp', 'prep.referent_confirmed'],
    [ORGANISERS[2]!.id, 'prep.planning_started'],
    [COORDINATOR_ID, 'person.exported'],
    ['system', 'case.listed_in_tab'],
    [COORDINATOR_ID, 'audit.viewed'],
  ];
  const entries = Array.from({ length }, (_, i) => {
    const [actorId, action] = steps[i % steps.length]!;
    return { caseId: c.id, at: new Date(T0.getTime() + i * 37 * 60_000), actorId, action };
  });
  const organiserNames = new Map(ORGANISERS.map((o) => [o.id, o.name]));
  return describeAuditTrail(entries, { organiserNames, requesterId: 'user-1', isCoordinator: (id) => id === COORDINATOR_ID });
}

export function renderAllCards(lang: UiLanguage): Rendering[] {
  const t = makeTranslator(lang);
  const request = fullRequest();
  const c = fullCase();
  const out: Rendering[] = [];
  const add = (name: string, template: string, card: AdaptiveCard, verbatim?: true) => out.push({ name, template, card, ...(verbatim ? { verbatim } : {}) });

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

  // the organiser's preparation, the referent's request and the invited members' briefing
  for (const [name, card] of allPreparationCards(lang)) add(`prep-${name}`, preparationTemplate(name), card);

  // the coordinator's figures: all years with the CSV link in production, one year with the link
  // in local development (plain http to this machine), and no figures at all without a link
  const links = new FiguresCsvLinks(Buffer.alloc(32, 7));
  const { cases, openDrafts } = figuresData();
  links.setBaseUrl('https://mko-bot.example.org');
  add('figures', 'figures', renderFiguresCard(t, lang, computeFigures(cases, openDrafts, T1, { pool: [...POOL_2021, ORGANISERS[0]!] }), links.linkFor({ coordinatorId: COORDINATOR_ID, year: null, lang }, T1)));
  links.setBaseUrl('http://127.0.0.1:3978/');
  add('figures-2021', 'figures', renderFiguresCard(t, lang, computeFigures(cases, openDrafts, REPORT_WRITTEN, { pool: POOL_2021, year: 2021 }), links.linkFor({ coordinatorId: COORDINATOR_ID, year: 2021, lang }, REPORT_WRITTEN)));
  add('figures-empty', 'figures', renderFiguresCard(t, lang, computeFigures([], [], T1, { year: 2026 }), null));

  // who did what on a case: a trail, one too long for a card (the latest entries), none yet
  add('audit-trail', 'audit-trail', renderAuditCard(t, lang, c, auditRows(c, 20)));
  add('audit-trail-long', 'audit-trail', renderAuditCard(t, lang, c, auditRows(c, 140)));
  add('audit-trail-empty', 'audit-trail', renderAuditCard(t, lang, c, []));

  // person data on request: the card, its export in parts, the erasure and its confirmation
  const purged = purgePersonalData(PREPARED_CASE, T1);
  add('person-data', 'person-data', renderPersonDataCard(t, lang, c));
  // the view takes a notice (no handler passes one yet): drawn so that its branch is checked too
  add('person-data-notice', 'person-data', renderPersonDataCard(t, lang, c, { text: t('error.accessDenied'), tone: 'attention' }));
  add('person-data-purged', 'person-data', renderPersonDataCard(t, lang, purged));
  const exportOf = (x: Case, rows: number) => JSON.stringify(buildPersonExport(x, auditRows(x, rows), T1), null, 2);
  add('person-data-export', 'person-data-export', renderPersonExportCard(t, c, exportOf(c, 12), 1), true);
  // a case in preparation with a long history: its export takes several parts
  const longCase: Case = { ...PREPARED_CASE, request: fullRequest(), pseudonym: 'M. D.' };
  const longExport = exportOf(longCase, 400);
  add('person-data-export-first', 'person-data-export', renderPersonExportCard(t, longCase, longExport, 1), true);
  add('person-data-export-middle', 'person-data-export', renderPersonExportCard(t, longCase, longExport, 2), true);
  // a part number past the end (a card from before the data was erased, when the export was longer) shows the last part
  add('person-data-export-last', 'person-data-export', renderPersonExportCard(t, longCase, longExport, 99), true);
  add('person-data-export-purged', 'person-data-export', renderPersonExportCard(t, purged, exportOf(purged, 3), 1), true);
  add('person-data-erase', 'person-data-erase', renderEraseConfirmCard(t, c));
  add('person-data-erase-not-confirmed', 'person-data-erase', renderEraseConfirmCard(t, c, t('error.eraseNotConfirmed')));
  add('person-data-erased', 'message', renderErasedCard(t, lang, purged, false));
  add('person-data-already-erased', 'message', renderErasedCard(t, lang, purged, true));

  // the availability poll (poll-renderings.ts)
  renderPollCards(t, lang, add);
  // the meeting report, the agreed actions and the evaluation (report-renderings.ts)
  renderReportCards(t, lang, add);
  return out;
}
