import submittedTemplate from '../templates/request-submitted.json';
import refusedTemplate from '../templates/request-refused.json';
import rootTemplate from '../templates/case-root.json';
import detailsTemplate from '../templates/case-details.json';
import { renderCard, type AdaptiveCard } from '../render';
import type { MessageKey, Translate, UiLanguage } from '../i18n';
import { formatDateTime } from '../format';
import type { Case } from '../../domain/case/case';
import { BRUSSELS_MUNICIPALITIES } from '../../domain/case/postcodes';
import { describeOrganiser } from './assignment-views';

function newRequestAction(t: Translate) {
  return { newRequest: t('action.newRequest') };
}

/** What the requester sees after submitting: the reference and what happens next. */
export function renderSubmittedCard(t: Translate, lang: UiLanguage, c: Case, again: boolean): AdaptiveCard {
  const params = { reference: c.reference, pseudonym: c.pseudonym, date: formatDateTime(lang, c.submittedAt) };
  return renderCard(submittedTemplate, {
    title: t('submitted.title', params),
    hasNotice: again,
    notice: again ? t('submitted.again') : '',
    body: t('submitted.body', params),
    next: t('submitted.next'),
    contact: t('submitted.contact', params),
    actions: newRequestAction(t),
  });
}

/** A refused request, with every reason in plain words. */
export function renderRefusedCard(t: Translate, c: Case, again: boolean): AdaptiveCard {
  return renderCard(refusedTemplate, {
    title: t('refused.title', { reference: c.reference }),
    hasNotice: again,
    notice: again ? t('submitted.again') : '',
    body: t('refused.body'),
    reasonsText: c.refusalReasons.map((r) => `- ${t(`refused.reason.${r}`)}`).join('\n'),
    after: t('refused.after', { reference: c.reference }),
    actions: newRequestAction(t),
  });
}

const many = (t: Translate, prefix: string, values: readonly string[]): string =>
  values.length ? values.map((v) => t(`${prefix}.${v}` as MessageKey)).join(', ') : '—';

/**
 * The root card of the case's thread in the cases channel. Everyone in the channel sees it, so it
 * holds the pseudonym and no personal details (no name, address, date of birth or free text).
 */
export function renderCaseRootCard(t: Translate, lang: UiLanguage, c: Case): AdaptiveCard {
  const facts = [
    { title: t('case.card.person'), value: c.pseudonym },
    { title: t('case.card.domains'), value: many(t, 'choice.domain', c.domains) },
    { title: t('case.card.urgency'), value: c.urgency ? t(`choice.urgency.${c.urgency}`) : '—' },
    { title: t('case.card.status'), value: t(`status.${c.status}`) },
    { title: t('case.card.organiser'), value: describeOrganiser(t, c) },
    { title: t('case.card.submitted'), value: formatDateTime(lang, c.submittedAt) },
  ];
  if (c.refusalReasons.length) {
    facts.push({ title: t('case.card.reasons'), value: c.refusalReasons.map((r) => t(`refused.reason.${r}`).replace(/;$/, '')).join('; ') });
  }
  return renderCard(rootTemplate, {
    caseId: c.id,
    title: t('case.card.title', { reference: c.reference }),
    facts,
    updated: t('case.card.updated', { date: formatDateTime(lang, c.updatedAt) }),
    actions: { details: t('action.details'), assign: t('assign.action') },
  });
}

/** The details a coordinator needs to assign the case; sent to the coordinator in 1:1 only. */
export function renderCaseDetailsCard(t: Translate, lang: UiLanguage, c: Case): AdaptiveCard {
  const p = c.request.person ?? {};
  const s = c.request.situation ?? {};
  const r = c.request.requester ?? {};
  const municipality = BRUSSELS_MUNICIPALITIES.find((m) => m.id === p.municipality);
  const facts = [
    { title: t('case.card.person'), value: c.pseudonym },
    { title: t('case.card.status'), value: t(`status.${c.status}`) },
    { title: t('case.card.domains'), value: many(t, 'choice.domain', c.domains) },
    { title: t('case.details.sectors'), value: many(t, 'choice.sector', s.sectors ?? []) },
    { title: t('case.card.urgency'), value: s.urgency ? t(`choice.urgency.${s.urgency}`) : '—' },
    { title: t('case.details.language'), value: [many(t, 'choice.language', p.languages ?? []), p.otherLanguage].filter(Boolean).join(', ') },
    { title: t('case.details.interpreter'), value: p.interpreterNeeded ? t(`choice.${p.interpreterNeeded}`) : '—' },
    { title: t('case.details.municipality'), value: municipality ? (lang === 'nl' ? municipality.nl : municipality.fr) : (p.postcode ?? '—') },
    { title: t('case.details.requester'), value: [r.role ? t(`choice.requesterRole.${r.role}`) : '', r.organisation].filter(Boolean).join(' · ') || '—' },
    { title: t('case.details.consent'), value: c.request.network?.consent ? t(`choice.consent.${c.request.network.consent}`) : '—' },
    { title: t('case.details.network'), value: String(c.request.network?.members?.length ?? 0) },
    { title: t('case.card.submitted'), value: formatDateTime(lang, c.submittedAt) },
  ];
  return renderCard(detailsTemplate, {
    title: t('case.details.title', { reference: c.reference }),
    facts,
    caseId: c.id,
    actions: { audit: t('audit.button'), personData: t('person.button') },
  });
}
