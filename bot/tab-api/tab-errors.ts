import { isDomainError, type ErrorCode } from '../../domain/errors';
import { makeTranslator, type UiLanguage } from '../../adaptive-cards/i18n';
import { describeError } from '../handlers/error-cards';
import { TabRefusal } from './tab-http';

/**
 * A refusal from the domain as the tab API answers it: the same localised text the card would
 * show (describeError), with an HTTP status that says what kind of refusal it is. Nothing was
 * written when a use case refuses, so the page only has to show the message.
 */

/** Not the caller's to do (a stranger to the case is told "not found", never that it exists). */
const FORBIDDEN: readonly ErrorCode[] = ['action.not_yours', 'action.owner_only', 'poll.participant_not_invited', 'poll.proxy_organiser_only'];
/** The thing moved on since the page was loaded: reload and look again. */
const STALE: readonly ErrorCode[] = [
  'case.conflict',
  'action.not_open',
  'report.evaluated',
  'report.not_sent',
  'report.limit_reached',
  'poll.not_open',
  'poll.slot_not_accepted',
  'poll.slot_not_found',
];

export function statusOfDomainError(code: ErrorCode): 403 | 404 | 409 | 422 {
  if (code === 'access.denied' || code === 'case.not_found') return 404;
  if (FORBIDDEN.includes(code)) return 403;
  if (STALE.includes(code)) return 409;
  // what was sent cannot be accepted as it is: a date in the past, a missing reason
  return 422;
}

/** Turns a domain error into the tab's refusal; anything else is rethrown (a 500, logged without details). */
export function refusalOf(err: unknown, lang: UiLanguage): never {
  if (!isDomainError(err)) throw err;
  const status = statusOfDomainError(err.code);
  throw new TabRefusal(status, err.code, describeError(makeTranslator(lang), err));
}
