import { isDomainError, type DomainError } from '../../domain/errors';
import { renderMessageCard } from '../../adaptive-cards/views/message-view';
import { fieldLabel } from '../../adaptive-cards/views/intake-views';
import type { MessageKey, Translate } from '../../adaptive-cards/i18n';
import { isMessageKey } from '../../adaptive-cards/i18n';
import type { AdaptiveCard } from '../../adaptive-cards/render';

/** Marks a card payload that failed validation before reaching the domain. */
export class BadPayloadError extends Error {
  constructor(readonly verb: string) {
    super('bad card payload');
    this.name = 'BadPayloadError';
  }
}

export class UnknownVerbError extends Error {
  constructor() {
    super('unknown verb');
    this.name = 'UnknownVerbError';
  }
}

export class PersonalOnlyError extends Error {
  constructor() {
    super('personal chat only');
    this.name = 'PersonalOnlyError';
  }
}

/** The card's words for the fields an error names, each once (never a field code); "an answer on this card" when it names none. */
function fieldsParam(t: Translate, err: DomainError): string {
  const fields: unknown[] = Array.isArray(err.params.fields) ? err.params.fields : [];
  const labels = [...new Set(fields.map((f) => fieldLabel(t, String(f))))];
  return labels.length > 0 ? labels.join(', ') : fieldLabel(t, '');
}

/** The localised text for an error; never reveals whether something the caller may not see exists. */
export function describeError(t: Translate, err: unknown): string {
  if (err instanceof BadPayloadError) return t('error.badPayload');
  if (err instanceof UnknownVerbError) return t('error.unknownAction');
  if (err instanceof PersonalOnlyError) return t('error.personalOnly');
  if (!isDomainError(err)) return t('error.unexpected');
  const byCode: Partial<Record<DomainError['code'], MessageKey>> = {
    'draft.not_found': 'error.notFound',
    'case.not_found': 'error.notFound',
    'access.denied': 'error.accessDenied',
    'erase.not_confirmed': 'error.eraseNotConfirmed',
    'draft.not_editable': 'error.notEditable',
    'draft.conflict': 'error.conflict',
    'case.conflict': 'error.conflict',
    'case.transition_not_allowed': 'error.transition',
    'verb.unknown': 'error.unknownAction',
    'channel.coordinator_only': 'channel.coordinatorOnly',
    'channel.not_a_channel': 'channel.notAChannel',
    'organiser.not_in_pool': 'error.notInPool',
    'assignment.override_required': 'error.overrideRequired',
    'assignment.already_answered': 'error.alreadyAnswered',
    'assignment.organiser_not_active': 'error.organiserNotActive',
    'preparation.not_editable': 'error.prepNotEditable',
    'preparation.entry_not_found': 'error.entryNotFound',
    'preparation.reason_required': 'error.reasonRequired',
    'preparation.is_referent': 'error.isReferent',
    'preparation.referent_must_be_invited': 'error.referentMustBeInvited',
    'preparation.consent_required': 'error.consentRequired',
    'preparation.incomplete': 'error.prepIncomplete',
    'preparation.network_full': 'error.networkFull',
    'preparation.duplicate_user': 'error.duplicateUser',
    'preparation.organiser_in_network': 'error.organiserInNetwork',
    'referent.not_designated': 'error.referentNotDesignated',
    'referent.already_confirmed': 'error.referentAlreadyConfirmed',
    'referent.on_teams': 'error.referentOnTeams',
    'poll.slot_time_nonexistent': 'error.poll.slot_time_nonexistent',
    'poll.slot_end_not_after_start': 'error.poll.slot_end_not_after_start',
    'poll.slot_in_past': 'error.poll.slot_in_past',
    'poll.slot_not_found': 'error.poll.slot_not_found',
    'poll.slot_not_accepted': 'error.poll.slot_not_accepted',
    'poll.slot_already_accepted': 'error.poll.slot_already_accepted',
    'poll.slot_already_final': 'error.poll.slot_already_final',
    'poll.slot_duplicate': 'error.poll.slot_duplicate',
    'poll.pattern_empty': 'error.poll.pattern_empty',
    'poll.no_slots': 'error.poll.no_slots',
    'poll.no_participants': 'error.poll.no_participants',
    'poll.deadline_in_past': 'error.poll.deadline_in_past',
    'poll.deadline_after_slot': 'error.poll.deadline_after_slot',
    'poll.deadline_not_reached': 'error.poll.deadline_not_reached',
    'poll.not_open': 'error.poll.not_open',
    'poll.participant_not_invited': 'error.poll.participant_not_invited',
    'poll.proxy_organiser_only': 'error.poll.proxy_organiser_only',
    'poll.proposals_not_allowed': 'error.poll.proposals_not_allowed',
    'poll.finalise_confirmation_required': 'error.poll.finalise_confirmation_required',
    'poll.transition_not_allowed': 'error.poll.transition_not_allowed',
    'poll.no_calendar_entry': 'error.poll.no_calendar_entry',
    'poll.active_exists': 'error.poll.active_exists',
    'poll.frozen': 'error.pollFrozen',
  };
  if (err.code === 'validation.invalid') return t('error.validation', { fields: fieldsParam(t, err) });
  if (err.code === 'poll.too_many_slots') return t('error.poll.too_many_slots', { max: Number(err.params.max) });
  if (err.code === 'draft.incomplete') return t('error.incomplete', { fields: fieldsParam(t, err) });
  // the report, its actions and the evaluation (texts in i18n/features/report.ts, keyed `error.<code>`)
  if (err.code === 'report.incomplete') {
    const problems = Array.isArray(err.params.problems) ? err.params.problems : [];
    const texts = problems.map((p: string) => `error.${p}`).filter(isMessageKey).map((k) => t(k));
    return t('error.report.incomplete', { problems: texts.join('; ') });
  }
  const reportKey = `error.${err.code}`;
  if (/^(report|action|evaluation)\./.test(err.code) && isMessageKey(reportKey)) return t(reportKey, { max: String(err.params.max ?? ''), start: String(err.params.start ?? '') });
  return t(byCode[err.code] ?? 'error.unexpected');
}

export function renderErrorCard(t: Translate, err: unknown): AdaptiveCard {
  return renderMessageCard(t, t('error.title'), describeError(t, err), 'attention');
}
