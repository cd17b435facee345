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
  | 'erase.not_confirmed'
  | 'command.unknown'
  | 'verb.unknown'
  | 'channel.coordinator_only'
  | 'channel.not_a_channel'
  | 'organiser.not_in_pool'
  | 'assignment.override_required'
  | 'assignment.already_answered'
  | 'assignment.organiser_not_active'
  | 'preparation.not_editable'
  | 'preparation.entry_not_found'
  | 'preparation.reason_required'
  | 'preparation.is_referent'
  | 'preparation.referent_must_be_invited'
  | 'preparation.consent_required'
  | 'preparation.incomplete'
  | 'preparation.network_full'
  | 'preparation.duplicate_user'
  | 'preparation.organiser_in_network'
  | 'referent.not_designated'
  | 'referent.already_confirmed'
  | 'referent.on_teams'
  | 'report.not_draft'
  | 'report.meeting_not_started'
  | 'report.not_sent'
  | 'report.already_sent'
  | 'report.evaluated'
  | 'report.incomplete'
  | 'report.organiser_only'
  | 'report.not_a_participant'
  | 'report.limit_reached'
  | 'report.reason_required'
  | 'report.correction_unchanged'
  | 'report.attendance_missing'
  | 'report.no_decision_or_action'
  | 'report.crisis_plan_missing'
  | 'report.crisis_plan_no_one_to_act'
  | 'report.crisis_plan_hours_uncovered'
  | 'report.evaluation_missing'
  | 'report.evaluation_date_in_past'
  | 'report.referent_missing'
  | 'report.referent_not_confirmed'
  | 'action.not_found'
  | 'action.not_yours'
  | 'action.owner_only'
  | 'action.not_open'
  | 'action.owner_missing'
  | 'action.due_in_past'
  | 'action.new_date_not_after_today'
  | 'evaluation.not_allowed'
  | 'evaluation.reason_required'
  | 'poll.slot_time_nonexistent'
  | 'poll.slot_end_not_after_start'
  | 'poll.slot_in_past'
  | 'poll.slot_not_found'
  | 'poll.slot_not_accepted'
  | 'poll.slot_already_accepted'
  | 'poll.slot_already_final'
  | 'poll.slot_duplicate'
  | 'poll.too_many_slots'
  | 'poll.pattern_empty'
  | 'poll.no_slots'
  | 'poll.no_participants'
  | 'poll.deadline_in_past'
  | 'poll.deadline_after_slot'
  | 'poll.deadline_not_reached'
  | 'poll.not_open'
  | 'poll.participant_not_invited'
  | 'poll.proxy_organiser_only'
  | 'poll.proposals_not_allowed'
  | 'poll.finalise_confirmation_required'
  | 'poll.transition_not_allowed'
  | 'poll.no_calendar_entry'
  | 'poll.frozen'
  | 'poll.active_exists';

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
