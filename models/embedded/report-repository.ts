import type { MeetingReport } from '../../domain/report/report';
import type { ReportRepository } from '../../domain/ports';
import { isUniqueViolation, type NedbStore } from './nedb-collection';

/**
 * Meeting reports, one document per (case, cycle): `_id` is `<case id>:c<cycle>`, so a second
 * start of the same report is a duplicate. `followingUp` (sent, not yet evaluated) is stored with
 * the report and indexed: the follow-up job reads only those.
 */
export const REPORT_INDEXES = [{ fieldName: 'caseId' }, { fieldName: 'followingUp' }];

export function reportDocumentId(caseId: string, cycle: number): string {
  return `${caseId}:c${cycle}`;
}

export function isFollowingUp(report: MeetingReport): boolean {
  return report.status === 'sent' && report.evaluationOutcome === null;
}

function toDoc(report: MeetingReport): Record<string, unknown> {
  return { _id: reportDocumentId(report.caseId, report.cycle), ...report, followingUp: isFollowingUp(report) };
}

function fromDoc(doc: Record<string, unknown> | null | undefined): MeetingReport | null {
  if (!doc) return null;
  const { _id, followingUp, ...rest } = doc;
  void _id;
  void followingUp;
  return rest as unknown as MeetingReport;
}

export class EmbeddedReportRepository implements ReportRepository {
  constructor(private readonly db: NedbStore) {}

  async insert(report: MeetingReport): Promise<'inserted' | 'duplicate'> {
    try {
      await this.db.insertAsync(toDoc(report));
      return 'inserted';
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
  }

  async find(caseId: string, cycle: number): Promise<MeetingReport | null> {
    return fromDoc(await this.db.findOneAsync({ _id: reportDocumentId(caseId, cycle) }));
  }

  async deleteByCase(caseId: string): Promise<void> {
    await this.db.removeAsync({ caseId }, { multi: true });
  }

  async listByCase(caseId: string): Promise<MeetingReport[]> {
    const docs = await this.db.findAsync({ caseId }).sort({ cycle: 1 });
    return docs.map((d) => fromDoc(d)!);
  }

  async replaceIfVersion(report: MeetingReport, expectedVersion: number): Promise<boolean> {
    const { numAffected } = await this.db.updateAsync({ _id: reportDocumentId(report.caseId, report.cycle), version: expectedVersion }, toDoc(report), {});
    return numAffected === 1;
  }

  async listFollowingUp(): Promise<MeetingReport[]> {
    const docs = await this.db.findAsync({ followingUp: true }).sort({ caseId: 1, cycle: 1 });
    return docs.map((d) => fromDoc(d)!);
  }
}
