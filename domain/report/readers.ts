import type { Case } from '../case/case';
import type { MeetingReport } from './report';

/**
 * Who may read a sent report in full (the report card in 1:1; the printable page is only linked
 * on the organiser's card). The report holds health and social data that the person agreed to share
 * with the people THEY invited to THAT meeting (DOMAIN.md step 3: the person decides who is invited
 * and who is not; ARCHITECTURE.md: details only after the consent to share). So besides the
 * organiser, a reader must:
 * - be invited now (someone the person no longer wants involved reads nothing more), and
 * - have been invited to that meeting: their attendance line is in the report (every invited
 *   member has one, present or not); a member first invited for a later cycle does not read the
 *   reports of meetings they were not part of, and
 * - the person's consent to share must still stand (it can be withdrawn in a later preparation).
 */
export function mayReadReport(report: MeetingReport, c: Case, userId: string): boolean {
  if (report.status !== 'sent' || report.caseId !== c.id) return false;
  if (c.organiserId !== null && c.organiserId === userId) return true;
  if (c.preparation.consent?.sharing !== true) return false;
  const entry = c.preparation.network.find((e) => e.userId === userId && e.invited);
  return entry !== undefined && report.attendance.some((a) => a.participantId === entry.id);
}
