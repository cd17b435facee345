import { INTAKE_STEPS, type IntakeStep } from '../ports';
import { REQUIRED_FIELDS, type RequiredField } from '../case/eligibility';
import type { RequestData } from '../case/request';

/** The section of the request each step fills in (the summary step fills nothing). */
const STEP_SECTION: Readonly<Record<IntakeStep, keyof RequestData | null>> = {
  requester: 'requester',
  person: 'person',
  situation: 'situation',
  network: 'network',
  summary: null,
};

export function sectionOfStep(step: IntakeStep): keyof RequestData | null {
  return STEP_SECTION[step];
}

export function nextStep(step: IntakeStep): IntakeStep {
  const i = INTAKE_STEPS.indexOf(step);
  return INTAKE_STEPS[Math.min(i + 1, INTAKE_STEPS.length - 1)]!;
}

export function previousStep(step: IntakeStep): IntakeStep {
  const i = INTAKE_STEPS.indexOf(step);
  return INTAKE_STEPS[Math.max(i - 1, 0)]!;
}

export function stepNumber(step: IntakeStep): number {
  return INTAKE_STEPS.indexOf(step) + 1;
}

/** The required fields that a step is responsible for. */
export function requiredFieldsOfStep(step: IntakeStep): RequiredField[] {
  const section = sectionOfStep(step);
  if (!section) return [];
  return REQUIRED_FIELDS.filter((f) => f.startsWith(`${section}.`));
}

/** The first step that still has a missing required field, for resuming a draft where it matters. */
export function firstStepWithMissing(missing: readonly RequiredField[]): IntakeStep {
  for (const step of INTAKE_STEPS) {
    if (requiredFieldsOfStep(step).some((f) => missing.includes(f))) return step;
  }
  return 'summary';
}
