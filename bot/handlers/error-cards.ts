import { isDomainError, type DomainError } from '../../domain/errors';
import { renderMessageCard } from '../../adaptive-cards/views/message-view';
import { fieldLabel } from '../../adaptive-cards/views/intake-views';
import type { MessageKey, Translate } from '../../adaptive-cards/i18n';
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

function fieldsParam(t: Translate, err: DomainError): string {
  const fields = err.params.fields;
  return Array.isArray(fields) ? fields.map((f: string) => fieldLabel(t, f)).join(', ') : '';
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
  };
  if (err.code === 'validation.invalid') return t('error.validation', { fields: fieldsParam(t, err) });
  if (err.code === 'draft.incomplete') return t('error.incomplete', { fields: fieldsParam(t, err) });
  return t(byCode[err.code] ?? 'error.unexpected');
}

export function renderErrorCard(t: Translate, err: unknown): AdaptiveCard {
  return renderMessageCard(t, t('error.title'), describeError(t, err), 'attention');
}
