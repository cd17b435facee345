import type { Case } from '../../domain/case/case';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import type { Translate, UiLanguage } from '../../adaptive-cards/i18n';
import { renderCaseDetailsCard } from '../../adaptive-cards/views/case-views';
import { renderMessageCard } from '../../adaptive-cards/views/message-view';
import { renderAssignmentRequestCard, renderOrganiserAssignedCard } from '../../adaptive-cards/views/assignment-views';
import { renderPreparationCard, renderReferentDeclinedCard, renderReferentRequestCard } from '../../adaptive-cards/views/preparation-views';

/**
 * The cards the outbox sends to one person. They are rendered when sent, from the case as it is
 * then and in the recipient's language, so the outbox stores no personal data of its own.
 */
type DirectView = (t: Translate, lang: UiLanguage, c: Case, payload: Readonly<Record<string, unknown>>) => AdaptiveCard;

export const DIRECT_VIEWS: Readonly<Record<string, DirectView>> = {
  case_details: (t, lang, c) => renderCaseDetailsCard(t, lang, c),
  assignment_request: (t, _lang, c) => renderAssignmentRequestCard(t, c),
  organiser_assigned: (t, _lang, c) => renderOrganiserAssignedCard(t, c),
  preparation: (t, lang, c) => renderPreparationCard(t, lang, c),
  referent_request: (t, _lang, c) => renderReferentRequestCard(t, c),
  referent_declined: (t, _lang, c) => renderReferentDeclinedCard(t, c),
  delivery_failed: (t, _lang, c, payload) => renderUndeliveredCard(t, c, payload),
};

/** Tells the organiser that Teams refused a message for someone on the case, instead of dropping it. */
function renderUndeliveredCard(t: Translate, c: Case, payload: Readonly<Record<string, unknown>>): AdaptiveCard {
  const recipient = typeof payload.recipientId === 'string' ? payload.recipientId : null;
  const entry = recipient ? c.preparation.network.find((e) => e.userId === recipient) : undefined;
  const who = entry ? entry.name : recipient !== null && recipient === c.requesterId ? t('outbox.undelivered.requester') : t('outbox.undelivered.someone');
  const reason = typeof payload.reason === 'string' ? payload.reason.slice(0, 60) : '';
  return renderMessageCard(t, t('outbox.undelivered.title', { reference: c.reference }), t('outbox.undelivered.body', { who, reason }), 'attention');
}

export function findDirectView(name: unknown): DirectView | null {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(DIRECT_VIEWS, name) ? DIRECT_VIEWS[name]! : null;
}

/** What a loaded view gets: the recipient's language, the case, the message's payload and `now`. */
export interface LoadedViewRequest {
  t: Translate;
  lang: UiLanguage;
  c: Case;
  payload: Readonly<Record<string, unknown>>;
  /** The recipient of a direct card; null for a card in the case thread. */
  userId: string | null;
  now: Date;
}

/**
 * A card that needs more than the case to render (a poll, its votes, a signed link): it loads what
 * it shows when it is sent, so it too shows the state of that moment and the outbox stores no
 * personal data. Main.ts hands the dispatcher the loaded views of each feature.
 */
export type LoadedView = (request: LoadedViewRequest) => Promise<AdaptiveCard>;
export type LoadedViews = Readonly<Record<string, LoadedView>>;

export function findLoadedView(views: LoadedViews | undefined, name: unknown): LoadedView | null {
  return views && typeof name === 'string' && Object.prototype.hasOwnProperty.call(views, name) ? views[name]! : null;
}
