import template from '../templates/audit-trail.json';
import { renderCard, type AdaptiveCard } from '../render';
import { isMessageKey, type Translate, type UiLanguage } from '../i18n';
import { formatDateTime } from '../format';
import type { Case } from '../../domain/case/case';
import type { ActorLabel, AuditRow } from '../../domain/case/audit-trail';

/** A long trail shows its latest entries: a card must stay small enough for Teams. */
export const AUDIT_ROWS_SHOWN = 50;

export function describeActorLabel(t: Translate, actor: ActorLabel): string {
  switch (actor.kind) {
    case 'organiser':
      return t('audit.actor.organiser', { name: actor.name ?? actor.shortId });
    case 'coordinator':
      return t('audit.actor.coordinator', { id: actor.shortId });
    case 'requester':
      return t('audit.actor.requester');
    case 'system':
      return t('audit.actor.system');
    case 'user':
      return t('audit.actor.user', { id: actor.shortId });
  }
}

/** The action in words; an action this version has no words for yet is shown by its code. */
export function describeAuditAction(t: Translate, action: string): string {
  const key = `audit.action.${action}`;
  return isMessageKey(key) ? t(key) : action;
}

/** Who, when, what: the case reference and these three, never anything that was seen or written. */
export function renderAuditCard(t: Translate, lang: UiLanguage, c: Case, rows: readonly AuditRow[]): AdaptiveCard {
  const shown = rows.slice(-AUDIT_ROWS_SHOWN);
  return renderCard(template, {
    title: t('audit.title', { reference: c.reference }),
    intro: t('audit.intro'),
    none: t('audit.none'),
    hasMore: rows.length > shown.length,
    more: t('audit.more', { shown: shown.length, total: rows.length }),
    entries: shown.map((r) => ({
      at: formatDateTime(lang, r.at),
      text: t('audit.row', { actor: describeActorLabel(t, r.actor), action: describeAuditAction(t, r.action) }),
    })),
  });
}
