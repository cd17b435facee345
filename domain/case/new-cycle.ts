import type { Preparation } from './preparation';

/**
 * A new consultation cycle (the evaluation found the agreements not met or not enough) goes back to
 * preparation for a NEW meeting. What belonged to the previous meeting must be asked again, or the
 * checklist would say "ready for planning" at once and the organiser would plan on answers given
 * for another meeting:
 * - the meeting goal: the new meeting has its own one clear goal (seed 003 point 1); the previous
 *   one stays in the previous cycle's poll and report;
 * - the person prepared for it: they are told what this meeting is and why (seed 003 3a, 3b);
 * - the referent's confirmation: they confirm the role for the new plan (seed 003 point 9). The
 *   referent stays proposed and is asked again; the organiser may designate someone else.
 * Kept: the person's consent (to the consultation and to sharing; recorded with its date, and
 * changed in preparation if the person says so), the network with who is and is not invited, the
 * mandates, the person's own goals and strengths. The poll and the report of the new cycle are new
 * documents (numbered by cycle); the previous ones are history.
 */
export function preparationForNewCycle(p: Preparation): Preparation {
  return {
    ...p,
    meetingGoal: null,
    personPreparedAt: null,
    personPreparedBy: null,
    referentConfirmedAt: null,
    referentConfirmedBy: null,
  };
}
