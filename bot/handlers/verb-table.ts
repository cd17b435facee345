import { VERBS, type Verb } from '../../adaptive-cards/verbs';
import type { VerbHandler } from './handler-types';
import {
  handleAddMember,
  handleDraftDiscard,
  handleDraftResume,
  handleDraftsList,
  handleIntakeGoto,
  handleIntakeSave,
  handleIntakeStart,
  handleRemoveMember,
  handleSubmit,
} from './intake-handlers';
import { handleCaseDetails, handleHome } from './case-handlers';
import {
  handleAssign,
  handleAssignmentAnswer,
  handleAssignStart,
  handlePoolAdd,
  handlePoolSetStatus,
  handleRelease,
} from './assignment-handlers';

/** Every Action.Execute verb and the one handler that answers it. */
export const VERB_HANDLERS: Readonly<Record<Verb, VerbHandler>> = {
  [VERBS.home]: handleHome,
  [VERBS.intakeStart]: handleIntakeStart,
  [VERBS.intakeSave]: handleIntakeSave,
  [VERBS.intakeGoto]: handleIntakeGoto,
  [VERBS.intakeAddMember]: handleAddMember,
  [VERBS.intakeRemoveMember]: handleRemoveMember,
  [VERBS.intakeSubmit]: handleSubmit,
  [VERBS.draftsList]: handleDraftsList,
  [VERBS.draftResume]: handleDraftResume,
  [VERBS.draftDiscard]: handleDraftDiscard,
  [VERBS.caseDetails]: handleCaseDetails,
  [VERBS.poolAdd]: handlePoolAdd,
  [VERBS.poolSetStatus]: handlePoolSetStatus,
  [VERBS.caseAssignStart]: handleAssignStart,
  [VERBS.caseAssign]: handleAssign,
  [VERBS.caseRelease]: handleRelease,
  [VERBS.assignmentAnswer]: handleAssignmentAnswer,
};

export function findVerbHandler(verb: unknown): VerbHandler | null {
  if (typeof verb !== 'string' || !Object.prototype.hasOwnProperty.call(VERB_HANDLERS, verb)) return null;
  return VERB_HANDLERS[verb as Verb];
}
