/**
 * Domain errors carry a stable code (and optional parameters); adapters turn the code into
 * localised text. The message is for logs and developers only and never holds personal data.
 */
export type ErrorCode =
  | 'validation.invalid'
  | 'draft.not_found'
  | 'draft.not_editable'
  | 'draft.incomplete'
  | 'draft.conflict'
  | 'case.not_found'
  | 'case.transition_not_allowed'
  | 'case.conflict'
  | 'access.denied'
  | 'command.unknown'
  | 'verb.unknown'
  | 'channel.coordinator_only'
  | 'channel.not_a_channel'
  | 'organiser.not_in_pool'
  | 'assignment.override_required'
  | 'assignment.already_answered';

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number | readonly string[]> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
