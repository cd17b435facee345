/** Every Action.Execute verb the cards use. The bot finds a handler for each in one table. */
export const VERBS = {
  home: 'home',
  intakeStart: 'intake.start',
  intakeSave: 'intake.save',
  intakeGoto: 'intake.goto',
  intakeAddMember: 'intake.addMember',
  intakeRemoveMember: 'intake.removeMember',
  intakeSubmit: 'intake.submit',
  draftsList: 'drafts.list',
  draftResume: 'draft.resume',
  draftDiscard: 'draft.discard',
  caseDetails: 'case.details',
  poolAdd: 'pool.add',
  poolSetStatus: 'pool.setStatus',
  caseAssignStart: 'case.assignStart',
  caseAssign: 'case.assign',
  caseRelease: 'case.release',
  assignmentAnswer: 'assignment.answer',
} as const;

export type Verb = (typeof VERBS)[keyof typeof VERBS];
export const ALL_VERBS: readonly Verb[] = Object.values(VERBS);
