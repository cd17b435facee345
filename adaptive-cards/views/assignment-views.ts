import poolTemplate from '../templates/pool.json';
import assignTemplate from '../templates/assign.json';
import requestTemplate from '../templates/assignment-request.json';
import { renderCard, type AdaptiveCard } from '../render';
import type { MessageKey, Translate } from '../i18n';
import type { Case } from '../../domain/case/case';
import type { Organiser } from '../../domain/case/organisers';
import { BACKGROUNDS } from '../../domain/case/organisers';
import { LANGUAGES } from '../../domain/case/request';
import type { Suggestion } from '../../domain/case/assignment';
import { pendingAssignment } from '../../domain/case/assignment';
import { canTransition } from '../../domain/case/status';
import { renderMessageCard } from './message-view';

const languageNames = (t: Translate, codes: readonly string[]): string =>
  codes.length ? codes.map((c) => t(`choice.language.${c}` as MessageKey)).join(', ') : '—';

export interface Notice {
  text: string;
  tone: 'good' | 'attention';
}

/** The coordinator's view of the pool, with the form to add an organiser. */
export function renderPoolCard(t: Translate, entries: readonly { organiser: Organiser; openCases: number }[], notice?: Notice): AdaptiveCard {
  return renderCard(poolTemplate, {
    title: t('pool.title'),
    hasNotice: Boolean(notice),
    notice: notice?.text ?? '',
    noticeColor: notice?.tone === 'attention' ? 'Attention' : 'Good',
    none: t('pool.none'),
    organisers: entries.map(({ organiser: o, openCases }) => ({
      id: o.id,
      name: o.name,
      status: o.status,
      text: t('pool.row', {
        background: t(`background.${o.background}`),
        languages: languageNames(t, o.languages),
        open: openCases,
        status: t(`pool.status.${o.status}`),
      }),
    })),
    actions: { pause: t('pool.pause'), resume: t('pool.resume'), remove: t('pool.remove') },
    add: {
      title: t('pool.add.title'),
      user: t('pool.add.user'),
      id: t('pool.add.id'),
      name: t('pool.add.name'),
      email: t('pool.add.email'),
      languages: t('pool.add.languages'),
      background: t('pool.add.background'),
      button: t('pool.add.button'),
    },
    choices: {
      languages: LANGUAGES.filter((l) => l !== 'other').map((value) => ({ title: t(`choice.language.${value}`), value })),
      background: BACKGROUNDS.map((value) => ({ title: t(`background.${value}`), value })),
    },
  });
}

function suggestionRow(t: Translate, s: Suggestion, buttonKey: 'assign.button' | 'assign.override') {
  return {
    id: s.organiser.id,
    name: s.organiser.name,
    speaks: s.speaksLanguage,
    text: t('assign.row', {
      background: t(`background.${s.organiser.background}`),
      languages: languageNames(t, s.organiser.languages),
      open: s.openCases,
    }),
    button: t(buttonKey, { name: s.organiser.name }),
  };
}

/** What a coordinator sees after "Assign an organiser": ranked suggestions, and who is not neutral. */
export function renderAssignCard(
  t: Translate,
  c: Case,
  suggested: readonly Suggestion[],
  inNetwork: readonly Suggestion[],
  notice?: string,
): AdaptiveCard {
  const last = c.assignments.at(-1);
  const hasCurrent = c.organiserId !== null && last !== undefined;
  // releasing sends the case back to the pool: offered only where the status table allows that
  // (before planning, or when a new consultation is being prepared); later it would be refused
  const canRelease = hasCurrent && canTransition(c.status, 'awaiting_assignment');
  return renderCard(assignTemplate, {
    caseId: c.id,
    title: t('assign.title', { reference: c.reference }),
    hasNotice: Boolean(notice),
    notice: notice ?? '',
    hasCurrent,
    current: hasCurrent ? t('assign.current', { name: last.organiserName, status: t(`status.${c.status}`) }) : '',
    canRelease,
    releaseButton: canRelease ? t('assign.release', { name: last.organiserName }) : '',
    noRelease: hasCurrent && !canRelease ? t('assign.noRelease', { status: t(`status.${c.status}`) }) : '',
    intro: t('assign.intro', { languages: languageNames(t, c.request.person?.languages ?? []) }),
    none: t('assign.none'),
    speaks: t('assign.speaks'),
    suggested: hasCurrent ? [] : suggested.map((s) => suggestionRow(t, s, 'assign.button')),
    inNetwork: hasCurrent ? [] : inNetwork.map((s) => suggestionRow(t, s, 'assign.override')),
    inNetworkTitle: t('assign.inNetwork.title'),
    inNetworkExplain: t('assign.inNetwork.explain'),
    overrideLabel: t('assign.overrideReason'),
  });
}

/** Sent to the organiser in 1:1: no personal details before they accept. */
export function renderAssignmentRequestCard(t: Translate, c: Case): AdaptiveCard {
  return renderCard(requestTemplate, {
    caseId: c.id,
    title: t('assign.request.title', { reference: c.reference }),
    body: t('assign.request.body', {
      domains: c.domains.length ? c.domains.map((d) => t(`choice.domain.${d}`)).join(', ') : '—',
      urgency: c.urgency ? t(`choice.urgency.${c.urgency}`) : '—',
      languages: languageNames(t, c.request.person?.languages ?? []),
    }),
    neutral: t('assign.request.neutral'),
    actions: { accept: t('assign.request.accept'), decline: t('assign.request.decline') },
  });
}

export function renderOrganiserAssignedCard(t: Translate, c: Case): AdaptiveCard {
  const name = c.assignments.at(-1)?.organiserName ?? '';
  return renderMessageCard(t, t('assign.requester.title', { reference: c.reference }), t('assign.requester.body', { name, reference: c.reference }), 'good');
}

/** The organiser line of the case card: who, and whether they have accepted yet. */
export function describeOrganiser(t: Translate, c: Case): string {
  const pending = pendingAssignment(c);
  if (pending) return t('case.card.organiserPending', { name: pending.organiserName });
  const last = c.assignments.at(-1);
  return c.organiserId && last ? last.organiserName : '—';
}
