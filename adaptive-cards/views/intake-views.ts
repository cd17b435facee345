import requesterTemplate from '../templates/intake-requester.json';
import personTemplate from '../templates/intake-person.json';
import situationTemplate from '../templates/intake-situation.json';
import networkTemplate from '../templates/intake-network.json';
import summaryTemplate from '../templates/intake-summary.json';
import draftsTemplate from '../templates/drafts.json';
import { renderCard, type AdaptiveCard } from '../render';
import { isMessageKey, type MessageKey, type Translate, type UiLanguage } from '../i18n';
import { formatCalendarDate, formatDateTime } from '../format';
import { INTAKE_STEPS, type Draft, type IntakeStep } from '../../domain/ports';
import { stepNumber } from '../../domain/intake/draft-steps';
import { BRUSSELS_MUNICIPALITIES } from '../../domain/case/postcodes';
import type { RefusalReason } from '../../domain/case/eligibility';
import {
  CONSENTS,
  DOMAINS,
  INSURANCE_STATUSES,
  LANGUAGES,
  LIVING_SITUATIONS,
  REQUESTER_ROLES,
  RESIDENCE_KINDS,
  SECTORS,
  URGENCIES,
  YES_NO,
  type RequestData,
} from '../../domain/case/request';

export interface StepProblem {
  kind: 'missing' | 'invalid' | 'conflict';
  fields: readonly string[];
}

interface Choice {
  title: string;
  value: string;
}

function choices(t: Translate, prefix: string, values: readonly string[]): Choice[] {
  return values.map((value) => ({ title: t(`${prefix}.${value}` as MessageKey), value }));
}

function municipalityChoices(lang: UiLanguage): Choice[] {
  return BRUSSELS_MUNICIPALITIES.map((m) => ({
    title: lang === 'nl' ? m.nl : lang === 'fr' ? m.fr : m.nl === m.fr ? m.fr : `${m.fr} / ${m.nl}`,
    value: m.id,
  }));
}

/**
 * A field code as its label is keyed: without list positions ('report.crisisPlan.contacts.0.how'
 * is 'report.crisisPlan.contacts.how') and without the empty or 'undefined' segment a producer
 * writes for an issue about the whole form ('prep.goals.', 'pool.add.undefined').
 */
export function fieldLabelCode(field: string): string {
  return field
    .split('.')
    .filter((s) => s !== '' && s !== 'undefined' && !/^\d+$/.test(s))
    .join('.');
}

/**
 * The message key labelling a field code (`field.<code>`): the code itself, else its nearest
 * labelled prefix (a field without a label of its own is named by its form or section, e.g.
 * 'network.foo' by 'field.network'); null when none is labelled.
 */
export function fieldLabelKey(field: string): MessageKey | null {
  const segments = fieldLabelCode(field).split('.');
  for (let n = segments.length; n > 0; n--) {
    const key = `field.${segments.slice(0, n).join('.')}`;
    if (isMessageKey(key)) return key;
  }
  return null;
}

/**
 * The label of a field without its "required" star, for lists of what to complete or correct:
 * the words of the input on the card, never a field code; a field nobody labelled is "an answer
 * on this card".
 */
export function fieldLabel(t: Translate, field: string): string {
  return t(fieldLabelKey(field) ?? 'field.unknown').replace(/\s*\*$/, '');
}

function header(t: Translate, step: IntakeStep, problem: StepProblem | null) {
  let error = '';
  if (problem?.kind === 'conflict') error = t('intake.conflict');
  else if (problem) {
    const fields = [...new Set(problem.fields.map((f) => fieldLabel(t, f)))].join(', ');
    error = t(problem.kind === 'missing' ? 'intake.missing' : 'intake.invalid', { fields });
  }
  return {
    title: t('intake.title'),
    progress: t('intake.progress', { step: stepNumber(step), total: INTAKE_STEPS.length, title: t(`intake.step.${step}`) }),
    required: t('intake.required'),
    hasError: error !== '',
    error,
  };
}

function actions(t: Translate) {
  return {
    next: t('action.next'),
    back: t('action.back'),
    saveLater: t('action.saveLater'),
    submit: t('action.submit'),
    edit: t('action.edit'),
    addMember: t('action.addMember'),
    remove: t('action.remove'),
  };
}

const str = (v: string | undefined): string => v ?? '';
const list = (v: readonly string[] | undefined): string => (v ?? []).join(',');

function labelsOf(t: Translate, section: string, fields: readonly string[]): Record<string, string> {
  return Object.fromEntries(fields.map((f) => [f, t(`field.${section}.${f}` as MessageKey)]));
}

/** The card of one step of the request dialogue, filled with what the draft already holds. */
export function renderIntakeStepCard(
  t: Translate,
  lang: UiLanguage,
  draft: Draft,
  problem: StepProblem | null = null,
  refusalPreview: readonly RefusalReason[] = [],
): AdaptiveCard {
  const common = { draftId: draft.id, version: draft.version, header: header(t, draft.step, problem), actions: actions(t) };
  const d = draft.data;
  switch (draft.step) {
    case 'requester':
      return renderCard(requesterTemplate, {
        ...common,
        labels: labelsOf(t, 'requester', ['role', 'organisation', 'contact']),
        values: { role: str(d.requester?.role), organisation: str(d.requester?.organisation), contact: str(d.requester?.contact) },
        choices: { role: choices(t, 'choice.requesterRole', REQUESTER_ROLES) },
      });
    case 'person': {
      const p = d.person ?? {};
      return renderCard(personTemplate, {
        ...common,
        privacy: t('intake.privacy'),
        labels: labelsOf(t, 'person', [
          'firstName', 'lastName', 'birthDate', 'languages', 'otherLanguage', 'interpreterNeeded', 'residenceKind',
          'postcode', 'municipality', 'whereStaying', 'livingSituation', 'insurance', 'otherTrajectory',
        ]),
        values: {
          firstName: str(p.firstName),
          lastName: str(p.lastName),
          birthDate: str(p.birthDate),
          languages: list(p.languages),
          otherLanguage: str(p.otherLanguage),
          interpreterNeeded: str(p.interpreterNeeded),
          residenceKind: str(p.residenceKind),
          postcode: str(p.postcode),
          municipality: str(p.municipality),
          whereStaying: str(p.whereStaying),
          livingSituation: str(p.livingSituation),
          insurance: str(p.insurance),
          otherTrajectory: str(p.otherTrajectory),
        },
        choices: {
          languages: choices(t, 'choice.language', LANGUAGES),
          yesNo: choices(t, 'choice', YES_NO),
          residenceKind: choices(t, 'choice.residenceKind', RESIDENCE_KINDS),
          municipality: municipalityChoices(lang),
          livingSituation: choices(t, 'choice.livingSituation', LIVING_SITUATIONS),
          insurance: choices(t, 'choice.insurance', INSURANCE_STATUSES),
        },
      });
    }
    case 'situation': {
      const s = d.situation ?? {};
      return renderCard(situationTemplate, {
        ...common,
        labels: labelsOf(t, 'situation', ['domains', 'sectors', 'description', 'tried', 'whyNow', 'urgency']),
        values: {
          domains: list(s.domains),
          sectors: list(s.sectors),
          description: str(s.description),
          tried: str(s.tried),
          whyNow: str(s.whyNow),
          urgency: str(s.urgency),
        },
        choices: {
          domains: choices(t, 'choice.domain', DOMAINS),
          sectors: choices(t, 'choice.sector', SECTORS),
          urgency: choices(t, 'choice.urgency', URGENCIES),
        },
      });
    }
    case 'network':
      return renderCard(networkTemplate, {
        ...common,
        labels: {
          ...labelsOf(t, 'network', ['members', 'none', 'memberRole', 'memberName', 'memberOrganisation', 'memberContact', 'consent']),
        },
        members: (d.network?.members ?? []).map((m, index) => ({ index, text: describeMember(m) })),
        values: { consent: str(d.network?.consent) },
        choices: { consent: choices(t, 'choice.consent', CONSENTS) },
      });
    case 'summary':
      return renderCard(summaryTemplate, {
        ...common,
        intro: t('summary.intro'),
        warning: {
          has: refusalPreview.length > 0,
          text: [t('summary.refusalWarning'), ...refusalPreview.map((r) => `- ${t(`refused.reason.${r}`)}`), t('summary.refusalFix', { edit: t('action.edit') })].join('\n'),
        },
        sections: summarySections(t, lang, d),
      });
  }
}

function describeMember(m: { role: string; name: string; organisation?: string | undefined; contact?: string | undefined }): string {
  return [`**${m.role}**: ${m.name}`, m.organisation, m.contact].filter(Boolean).join(' · ');
}

function summarySections(t: Translate, lang: UiLanguage, d: RequestData) {
  const none = t('summary.empty');
  const fact = (field: string, value: string | undefined) => ({ title: fieldLabel(t, field), value: value && value !== '' ? value : none });
  const pick = (prefix: string, v: string | undefined) => (v ? t(`${prefix}.${v}` as MessageKey) : undefined);
  const many = (prefix: string, vs: readonly string[] | undefined) => (vs?.length ? vs.map((v) => t(`${prefix}.${v}` as MessageKey)).join(', ') : undefined);
  const r = d.requester ?? {};
  const p = d.person ?? {};
  const s = d.situation ?? {};
  const n = d.network ?? {};
  const municipality = BRUSSELS_MUNICIPALITIES.find((m) => m.id === p.municipality);
  return [
    {
      step: 'requester',
      title: t('intake.step.requester'),
      facts: [
        fact('requester.role', pick('choice.requesterRole', r.role)),
        fact('requester.organisation', r.organisation),
        fact('requester.contact', r.contact),
      ],
    },
    {
      step: 'person',
      title: t('intake.step.person'),
      facts: [
        fact('person.firstName', p.firstName),
        fact('person.lastName', p.lastName),
        fact('person.birthDate', p.birthDate ? formatCalendarDate(lang, p.birthDate) : undefined),
        fact('person.languages', [many('choice.language', p.languages), p.otherLanguage].filter(Boolean).join(', ')),
        fact('person.interpreterNeeded', pick('choice', p.interpreterNeeded)),
        fact('person.residenceKind', pick('choice.residenceKind', p.residenceKind)),
        fact('person.postcode', p.postcode),
        fact('person.municipality', municipality ? (lang === 'nl' ? municipality.nl : municipality.fr) : p.municipality),
        fact('person.whereStaying', p.whereStaying),
        fact('person.livingSituation', pick('choice.livingSituation', p.livingSituation)),
        fact('person.insurance', pick('choice.insurance', p.insurance)),
        fact('person.otherTrajectory', pick('choice', p.otherTrajectory)),
      ],
    },
    {
      step: 'situation',
      title: t('intake.step.situation'),
      facts: [
        fact('situation.domains', many('choice.domain', s.domains)),
        fact('situation.sectors', many('choice.sector', s.sectors)),
        fact('situation.description', s.description),
        fact('situation.tried', s.tried),
        fact('situation.whyNow', s.whyNow),
        fact('situation.urgency', pick('choice.urgency', s.urgency)),
      ],
    },
    {
      step: 'network',
      title: t('intake.step.network'),
      facts: [
        fact('network.members', (n.members ?? []).map(describeMember).join('\n')),
        fact('network.consent', pick('choice.consent', n.consent)),
      ],
    },
  ];
}

/** The list of the caller's saved requests, each with Resume and Discard. */
export function renderDraftsCard(t: Translate, lang: UiLanguage, drafts: readonly Draft[], notice?: string): AdaptiveCard {
  return renderCard(draftsTemplate, {
    title: t('drafts.title'),
    hasNotice: Boolean(notice),
    notice: notice ?? '',
    none: t('drafts.none'),
    drafts: drafts.map((d) => ({
      id: d.id,
      label: draftLabel(t, d),
      text: t('drafts.item', {
        created: formatDateTime(lang, d.createdAt),
        updated: formatDateTime(lang, d.updatedAt),
        step: t(`intake.step.${d.step}`),
      }),
    })),
    actions: { resume: t('action.resume'), discard: t('action.discard'), newRequest: t('action.newRequest') },
  });
}

/** The requester sees their own draft, so the person's name may be shown to them. */
function draftLabel(t: Translate, d: Draft): string {
  const name = [d.data.person?.firstName, d.data.person?.lastName].filter(Boolean).join(' ');
  return name ? `${t('intake.title')}: ${name}` : t('intake.title');
}

export const STEP_TEMPLATES: Readonly<Record<IntakeStep, object>> = {
  requester: requesterTemplate,
  person: personTemplate,
  situation: situationTemplate,
  network: networkTemplate,
  summary: summaryTemplate,
};
