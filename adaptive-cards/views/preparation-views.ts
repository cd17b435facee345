import overviewTemplate from '../templates/prep-overview.json';
import consentTemplate from '../templates/prep-consent.json';
import goalsTemplate from '../templates/prep-goals.json';
import networkTemplate from '../templates/prep-network.json';
import entryTemplate from '../templates/prep-entry.json';
import preparedTemplate from '../templates/prep-prepared.json';
import referentTemplate from '../templates/prep-referent.json';
import referentRequestTemplate from '../templates/prep-referent-request.json';
import myCasesTemplate from '../templates/prep-my-cases.json';
import briefingTemplate from '../templates/prep-briefing.json';
import { renderCard, type AdaptiveCard } from '../render';
import type { Translate, UiLanguage } from '../i18n';
import { formatDateTime } from '../format';
import type { Case } from '../../domain/case/case';
import { CONSENT_METHODS, MANDATES, type NetworkEntry, type Preparation } from '../../domain/case/preparation';
import { checklist, missingForPlanning, referentEntry, type ChecklistItem } from '../../domain/case/preparation-rules';
import { renderMessageCard } from './message-view';
import type { Notice } from './assignment-views';

/** The sections of the preparation card; each opens its own card in the organiser's 1:1 chat. */
export const PREP_SECTIONS = ['consent', 'goals', 'network', 'prepared', 'referent'] as const;
export type PrepSection = (typeof PREP_SECTIONS)[number];

/** Raw input values to show again when a form was refused, so that nothing typed is lost. */
export type FormValues = Readonly<Record<string, string>>;

const SECTION_ITEMS: Readonly<Record<PrepSection, readonly ChecklistItem[]>> = {
  consent: ['consent'],
  goals: ['person_goals', 'strengths', 'meeting_goal'],
  network: ['participants', 'mandates'],
  prepared: ['person_prepared'],
  referent: ['referent', 'referent_confirmed'],
};

function noticeData(notice: Notice | undefined) {
  return { hasNotice: Boolean(notice), notice: notice?.text ?? '', noticeColor: notice?.tone === 'attention' ? 'Attention' : 'Good' };
}

const organiserName = (c: Case): string => (c.organiserId ? (c.assignments.at(-1)?.organiserName ?? '') : '');
const joined = (parts: readonly (string | null | false | undefined)[]): string => parts.filter(Boolean).join(' · ');

function consentState(t: Translate, lang: UiLanguage, p: Preparation): string {
  const consent = p.consent;
  if (!consent) return t('prep.consent.none');
  return t('prep.consent.state', {
    date: formatDateTime(lang, consent.recordedAt),
    method: t(`prep.method.${consent.method}`),
    consultation: t(consent.consultation ? 'prep.yes' : 'prep.no'),
    sharing: t(consent.sharing ? 'prep.yes' : 'prep.no'),
  });
}

function networkState(t: Translate, p: Preparation): string {
  const invited = p.network.filter((e) => e.invited).length;
  return t('prep.network.state', {
    count: p.network.length,
    invited,
    notInvited: p.network.length - invited,
    supporters: p.network.filter((e) => e.isSupporter).length,
  });
}

/** The referent's state without their name: the checklist may reach the organiser before they open anything. */
function referentState(t: Translate, lang: UiLanguage, p: Preparation): string {
  const entry = referentEntry(p);
  if (!entry) return t('prep.referentState.none');
  if (p.referentConfirmedAt) return t('prep.referentState.confirmed', { date: formatDateTime(lang, p.referentConfirmedAt) });
  return t(entry.userId ? 'prep.referentState.asked' : 'prep.referentState.notOnTeams');
}

/**
 * The organiser's checklist: what is done and what is still to do, a button per section, and
 * "Ready for planning" once nothing required is missing. It names no one and quotes no free
 * text (the outbox sends it proactively); the sections behind the buttons hold the details.
 */
export function renderPreparationCard(t: Translate, lang: UiLanguage, c: Case, notice?: Notice): AdaptiveCard {
  const p = c.preparation;
  const lines = new Map(checklist(p).map((l) => [l.item, l]));
  const states: Record<PrepSection, string> = {
    consent: consentState(t, lang, p),
    goals: '',
    network: networkState(t, p),
    prepared: p.personPreparedAt ? t('prep.prepared.state', { date: formatDateTime(lang, p.personPreparedAt) }) : '',
    referent: referentState(t, lang, p),
  };
  const missing = missingForPlanning(p);
  const preparing = c.status === 'preparing';
  const ready = preparing && missing.length === 0;
  const planningText = !preparing
    ? t('prep.notPreparing', { status: t(`status.${c.status}`) })
    : ready
      ? t('prep.planning.ready')
      : t('prep.planning.missing', { items: missing.map((m) => t(`prep.item.${m}`)).join('; ') });
  return renderCard(overviewTemplate, {
    caseId: c.id,
    title: t('prep.title', { reference: c.reference, pseudonym: c.pseudonym }),
    ...noticeData(notice),
    subtitle: t('prep.subtitle', { status: t(`status.${c.status}`) }),
    sections: PREP_SECTIONS.map((key) => ({
      key,
      title: t(`prep.section.${key}`),
      button: t(`prep.button.${key}`),
      state: states[key],
      lines: SECTION_ITEMS[key].map((item) => {
        const line = lines.get(item)!;
        const label = t(`prep.item.${item}`);
        return {
          text: t(line.done ? 'prep.line.done' : line.required ? 'prep.line.todo' : 'prep.line.recommended', { item: label }),
          color: line.done ? 'Good' : 'Default',
        };
      }),
    })),
    planning: {
      title: t('prep.planning.title'),
      text: planningText,
      color: ready ? 'Good' : 'Default',
      ready,
      button: t('prep.button.planning'),
    },
    actions: { myCases: t('prep.button.myCases') },
  });
}

function formActions(t: Translate) {
  return { save: t('prep.button.save'), back: t('prep.button.back') };
}

const yesNo = (t: Translate) => [
  { title: t('choice.yes'), value: 'yes' },
  { title: t('choice.no'), value: 'no' },
];
const asYesNo = (v: boolean | undefined): string => (v === undefined ? '' : v ? 'yes' : 'no');

export function renderConsentCard(t: Translate, lang: UiLanguage, c: Case, notice?: Notice): AdaptiveCard {
  const consent = c.preparation.consent;
  return renderCard(consentTemplate, {
    caseId: c.id,
    title: t('prep.consent.title', { reference: c.reference }),
    ...noticeData(notice),
    intro: t('prep.consent.intro'),
    current: consentState(t, lang, c.preparation),
    labels: { consultation: t('field.prep.consent.consultation'), sharing: t('field.prep.consent.sharing'), method: t('field.prep.consent.method') },
    values: { consultation: asYesNo(consent?.consultation), sharing: asYesNo(consent?.sharing), method: consent?.method ?? '' },
    choices: { yesNo: yesNo(t), method: CONSENT_METHODS.map((value) => ({ title: t(`prep.method.${value}`), value })) },
    actions: formActions(t),
  });
}

export function renderGoalsCard(t: Translate, c: Case, notice?: Notice, typed?: FormValues): AdaptiveCard {
  const p = c.preparation;
  return renderCard(goalsTemplate, {
    caseId: c.id,
    title: t('prep.goals.title', { reference: c.reference }),
    ...noticeData(notice),
    intro: t('prep.goals.intro'),
    labels: { personGoals: t('field.prep.goals.personGoals'), strengths: t('field.prep.goals.strengths'), meetingGoal: t('field.prep.goals.meetingGoal') },
    values: {
      personGoals: typed?.personGoals ?? p.personGoals ?? '',
      strengths: typed?.strengths ?? p.strengths ?? '',
      meetingGoal: typed?.meetingGoal ?? p.meetingGoal ?? '',
    },
    actions: formActions(t),
  });
}

function memberRow(t: Translate, p: Preparation, e: NetworkEntry) {
  return {
    id: e.id,
    name: e.name,
    text: joined([e.role, e.organisation, e.contact]),
    details: joined([
      t(e.userId ? 'prep.member.teams' : 'prep.member.noTeams'),
      e.mandate ? t(`prep.mandate.${e.mandate}`) : t('prep.member.mandateUnknown'),
      e.isSupporter && t('prep.member.supporter'),
      e.id === p.referentEntryId && t('prep.member.referent'),
    ]),
    invitation: e.invited ? t('prep.member.invited') : t('prep.member.notInvited', { reason: e.notInvitedReason ?? '' }),
    invitationColor: e.invited ? 'Good' : 'Attention',
  };
}

export function renderNetworkCard(t: Translate, c: Case, notice?: Notice): AdaptiveCard {
  const p = c.preparation;
  return renderCard(networkTemplate, {
    caseId: c.id,
    title: t('prep.network.title', { reference: c.reference }),
    ...noticeData(notice),
    intro: t('prep.network.intro'),
    none: t('prep.network.none'),
    members: p.network.map((e) => memberRow(t, p, e)),
    actions: { add: t('prep.network.add'), edit: t('prep.network.edit'), remove: t('prep.network.remove'), back: t('prep.button.back') },
  });
}

function entryValues(e: NetworkEntry | null): Record<string, string> {
  return {
    role: e?.role ?? '',
    name: e?.name ?? '',
    organisation: e?.organisation ?? '',
    contact: e?.contact ?? '',
    userId: e?.userId ?? '',
    mandate: e?.mandate ?? 'none',
    invited: e && !e.invited ? 'no' : 'yes',
    notInvitedReason: e?.notInvitedReason ?? '',
    isSupporter: e?.isSupporter ? 'yes' : '',
  };
}

/** Adds (entry null) or edits one member of the network. */
export function renderEntryCard(t: Translate, c: Case, entry: NetworkEntry | null, notice?: Notice, typed?: FormValues): AdaptiveCard {
  const fields = ['role', 'name', 'organisation', 'contact', 'user', 'userId', 'mandate', 'invited', 'notInvitedReason', 'isSupporter'] as const;
  return renderCard(entryTemplate, {
    caseId: c.id,
    entryId: entry?.id ?? '',
    title: t(entry ? 'prep.entry.titleEdit' : 'prep.entry.titleAdd', { reference: c.reference }),
    ...noticeData(notice),
    linkHint: t('prep.entry.linkHint'),
    labels: Object.fromEntries(fields.map((f) => [f, t(`field.prep.entry.${f}`)])),
    values: { ...entryValues(entry), ...typed },
    choices: {
      mandate: [...MANDATES.map((value) => ({ title: t(`prep.mandate.${value}`), value })), { title: t('prep.mandate.none'), value: 'none' }],
      invited: [
        { title: t('prep.invited.yes'), value: 'yes' },
        { title: t('prep.invited.no'), value: 'no' },
      ],
    },
    actions: { save: t('prep.button.save'), back: t('prep.entry.back') },
  });
}

export function renderPreparedCard(t: Translate, lang: UiLanguage, c: Case, notice?: Notice): AdaptiveCard {
  const at = c.preparation.personPreparedAt;
  return renderCard(preparedTemplate, {
    caseId: c.id,
    title: t('prep.prepared.title', { reference: c.reference }),
    ...noticeData(notice),
    intro: t('prep.prepared.intro'),
    current: at ? t('prep.prepared.state', { date: formatDateTime(lang, at) }) : t('prep.prepared.none'),
    choices: {
      explained: [
        { title: t('field.prep.prepared.explainedWhat'), value: 'what' },
        { title: t('field.prep.prepared.explainedWhy'), value: 'why' },
      ],
    },
    actions: { record: t('prep.prepared.button'), back: t('prep.button.back') },
  });
}

function referentCurrent(t: Translate, lang: UiLanguage, p: Preparation): string {
  const entry = referentEntry(p);
  if (!entry) return t('prep.referentState.none');
  const name = entry.name;
  if (p.referentConfirmedAt) {
    const date = formatDateTime(lang, p.referentConfirmedAt);
    return t(p.referentConfirmedBy === entry.userId ? 'prep.referent.current.confirmed' : 'prep.referent.current.confirmedForThem', { name, date });
  }
  return t(entry.userId ? 'prep.referent.current.asked' : 'prep.referent.current.notOnTeams', { name });
}

export function renderReferentCard(t: Translate, lang: UiLanguage, c: Case, notice?: Notice): AdaptiveCard {
  const p = c.preparation;
  const entry = referentEntry(p);
  return renderCard(referentTemplate, {
    caseId: c.id,
    title: t('prep.referent.title', { reference: c.reference }),
    ...noticeData(notice),
    intro: t('prep.referent.intro'),
    current: referentCurrent(t, lang, p),
    canConfirmForThem: c.status === 'preparing' && entry !== null && entry.userId === null && p.referentConfirmedAt === null,
    noneInvited: t('prep.referent.noneInvited'),
    label: t('field.prep.referent.entryId'),
    selected: p.referentEntryId ?? '',
    choices: p.network.filter((e) => e.invited).map((e) => ({ title: t('prep.briefing.row', { name: e.name, role: e.role }), value: e.id })),
    actions: { designate: t('prep.referent.designate'), onBehalf: t('prep.referent.onBehalf'), back: t('prep.button.back') },
  });
}

export function renderSectionCard(t: Translate, lang: UiLanguage, c: Case, section: PrepSection, notice?: Notice): AdaptiveCard {
  switch (section) {
    case 'consent':
      return renderConsentCard(t, lang, c, notice);
    case 'goals':
      return renderGoalsCard(t, c, notice);
    case 'network':
      return renderNetworkCard(t, c, notice);
    case 'prepared':
      return renderPreparedCard(t, lang, c, notice);
    case 'referent':
      return renderReferentCard(t, lang, c, notice);
  }
}

/**
 * Sent proactively to the member asked to be the referent. It carries the case reference and the
 * organiser's name only: the meeting goal is behind a button that checks access again.
 */
export function renderReferentRequestCard(t: Translate, c: Case): AdaptiveCard {
  return renderCard(referentRequestTemplate, {
    caseId: c.id,
    entryId: c.preparation.referentEntryId ?? '',
    title: t('prep.referentRequest.title', { reference: c.reference }),
    body: t('prep.referentRequest.body', { organiser: organiserName(c) }),
    actions: { confirm: t('prep.referentRequest.confirm'), decline: t('prep.referentRequest.decline'), briefing: t('prep.referentRequest.briefing') },
  });
}

export function renderReferentDeclinedCard(t: Translate, c: Case): AdaptiveCard {
  return renderMessageCard(t, t('prep.referentDeclined.title', { reference: c.reference }), t('prep.referentDeclined.body'), 'attention');
}

/** "My cases": pseudonyms and statuses only, with a button to the preparation or the briefing. */
export function renderMyCasesCard(t: Translate, organising: readonly Case[], invited: readonly Case[]): AdaptiveCard {
  const row = (c: Case) => ({ id: c.id, label: t('prep.myCases.row', { reference: c.reference, pseudonym: c.pseudonym, status: t(`status.${c.status}`) }) });
  return renderCard(myCasesTemplate, {
    title: t('prep.myCases.title'),
    organisingTitle: t('prep.myCases.organising'),
    invitedTitle: t('prep.myCases.invited'),
    none: t('prep.myCases.none'),
    organising: organising.map(row),
    invited: invited.map(row),
    actions: { prepare: t('prep.myCases.prepare'), briefing: t('prep.myCases.briefing') },
  });
}

/**
 * What an invited member sees: the meeting goal and who else is invited, with their mandate.
 * Members who are not invited, the reasons, contacts and the person's own notes are not shown.
 */
export function renderBriefingCard(t: Translate, c: Case): AdaptiveCard {
  const p = c.preparation;
  const person = c.request.person;
  const referent = referentEntry(p);
  const notYet = t('prep.briefing.notYet');
  return renderCard(briefingTemplate, {
    title: t('prep.briefing.title', { reference: c.reference }),
    facts: [
      { title: t('prep.briefing.person'), value: [person?.firstName, person?.lastName].filter(Boolean).join(' ') || c.pseudonym },
      { title: t('prep.briefing.goal'), value: p.meetingGoal ?? notYet },
      { title: t('prep.briefing.organiser'), value: organiserName(c) || notYet },
      { title: t('prep.briefing.referent'), value: referent ? referent.name : notYet },
      { title: t('case.card.status'), value: t(`status.${c.status}`) },
    ],
    participantsTitle: t('prep.briefing.participants'),
    participants: p.network
      .filter((e) => e.invited)
      .map((e) => ({
        text: t('prep.briefing.row', { name: e.name, role: e.role }),
        details: joined([
          e.organisation,
          e.mandate && t(`prep.mandate.${e.mandate}`),
          e.isSupporter && t('prep.member.supporter'),
          e.id === p.referentEntryId && t('prep.member.referent'),
        ]),
      })),
    actions: { myCases: t('prep.button.myCases') },
  });
}
