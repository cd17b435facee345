import type { Case } from '../../domain/case/case';
import type { AdaptiveCard } from '../../adaptive-cards/render';
import type { Translate, UiLanguage } from '../../adaptive-cards/i18n';
import { renderCaseDetailsCard } from '../../adaptive-cards/views/case-views';
import { renderAssignmentRequestCard, renderOrganiserAssignedCard } from '../../adaptive-cards/views/assignment-views';

/**
 * The cards the outbox sends to one person. They are rendered when sent, from the case as it is
 * then and in the recipient's language, so the outbox stores no personal data of its own.
 */
type DirectView = (t: Translate, lang: UiLanguage, c: Case) => AdaptiveCard;

export const DIRECT_VIEWS: Readonly<Record<string, DirectView>> = {
  case_details: (t, lang, c) => renderCaseDetailsCard(t, lang, c),
  assignment_request: (t, _lang, c) => renderAssignmentRequestCard(t, c),
  organiser_assigned: (t, _lang, c) => renderOrganiserAssignedCard(t, c),
};

export function findDirectView(name: unknown): DirectView | null {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(DIRECT_VIEWS, name) ? DIRECT_VIEWS[name]! : null;
}
