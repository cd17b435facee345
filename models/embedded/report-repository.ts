import { isFollowingUp, type MeetingReport } from '../../domain/report/report';
import { FOLLOW_UP_CHECK_AT_ONCE, type ReportRepository } from '../../domain/ports';
import { byIdWhere, isUniqueViolation, type NedbStore } from './nedb-collection';

/**
 * Meeting reports, one document per (case, cycle): `_id` is `<case id>:c<cycle>`, so a second
 * start of the same report is a duplicate. `followingUp` (sent, not yet evaluated) is stored with
 * the report but not indexed: an index of a value that thousands of reports share makes each of
 * their writes filter all of them (nedb keeps one array per key), and only the rare full reads
 * (first tick after a start, weekly overview, the tab's actions) ask for it. `followUpCheck`,
 * present only on reports being followed up, is indexed: the
 * follow-up tick reads those whose check is due, by a range over that index. Its key is the check
 * time in epoch ms, zero-padded, then the document id: nedb 4.1 answers a range over a sparse index
 * of Dates with nothing (measured), and its index keeps the documents of one key in an array that
 * each update filters, so thousands of reports due at the same 09:00 would make each write slow.
 */
export const REPORT_INDEXES = [{ fieldName: 'caseId' }, { fieldName: 'followUpCheck', sparse: true }];

/** Sorts as the time does (ms since 1970 fit in 16 digits until the year 318857). */
function checkKey(at: Date, id: string): string {
  return `${String(at.getTime()).padStart(16, '0')}|${id}`;
}

export function reportDocumentId(caseId: string, cycle: number): string {
  return `${caseId}:c${cycle}`;
}

function toDoc(report: MeetingReport): Record<string, unknown> {
  const followingUp = isFollowingUp(report);
  const _id = reportDocumentId(report.caseId, report.cycle);
  return { _id, ...report, followingUp, ...(followingUp ? { followUpCheck: checkKey(FOLLOW_UP_CHECK_AT_ONCE, _id) } : {}) };
}

function fromDoc(doc: Record<string, unknown> | null | undefined): MeetingReport | null {
  if (!doc) return null;
  const { _id, followingUp, followUpCheck, ...rest } = doc;
  void _id;
  void followingUp;
  void followUpCheck;
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

  async listFollowUpDue(now: Date): Promise<MeetingReport[]> {
    const docs = await this.db.findAsync({ followUpCheck: { $lt: checkKey(new Date(now.getTime() + 1), '') } }).sort({ caseId: 1, cycle: 1 });
    return docs.map((d) => fromDoc(d)!);
  }

  async setFollowUpCheck(caseId: string, cycle: number, version: number, at: Date | null): Promise<boolean> {
    const id = reportDocumentId(caseId, cycle);
    const change = at ? { $set: { followUpCheck: checkKey(at, id) } } : { $unset: { followUpCheck: true } };
    const { numAffected } = await this.db.updateAsync(byIdWhere(id, { version, followingUp: true }), change, {});
    return numAffected === 1;
  }
}
