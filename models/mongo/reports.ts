import { Schema, type Connection, type Model } from 'mongoose';
import type { MeetingReport } from '../../domain/report/report';
import { REPORT_STATUSES, isFollowingUp } from '../../domain/report/report';
import { FOLLOW_UP_CHECK_AT_ONCE, type ReportRepository } from '../../domain/ports';
import { isDuplicateKeyError } from './document-mapping';
import { ID_MAX, SCHEMA_OPTIONS, countField, nullableString, requiredDate, requiredEnum, requiredString } from './schema-fields';

/**
 * Meeting reports, one document per (case, cycle) with `_id` `<case id>:c<cycle>`. The nested
 * parts (attendance, actions, crisis plan...) are validated by the domain's zod schemas when
 * written and stored as they are. `followingUp` is derived on every write and indexed;
 * `followUpCheckAt` (only on reports being followed up; due at once after every write, then set by
 * the follow-up tick) is indexed sparse: the tick's query touches only the reports it has work for.
 */
export type ReportDoc = MeetingReport & { _id: string; followingUp: boolean; followUpCheckAt?: Date };

const mixed = (required = false) => ({ type: Schema.Types.Mixed, ...(required ? { required: [true, '{PATH} is required'] as [boolean, string] } : { default: null }) });

export const reportSchema = new Schema<ReportDoc>(
  {
    _id: requiredString(ID_MAX + 20),
    caseId: requiredString(ID_MAX),
    cycle: countField(1),
    meetingId: requiredString(ID_MAX + 40),
    attendance: mixed(true),
    whatGoesWell: nullableString(4000),
    situation: nullableString(4000),
    decisions: mixed(true),
    actions: mixed(true),
    referentEntryId: nullableString(ID_MAX),
    referentConfirmed: { type: Boolean, required: [true, '{PATH} is required'] },
    crisisPlan: mixed(),
    evaluation: mixed(),
    status: requiredEnum(REPORT_STATUSES),
    sentAt: { type: Date, default: null },
    sentBy: nullableString(ID_MAX),
    corrections: mixed(true),
    evaluationOutcome: mixed(),
    createdAt: requiredDate(),
    updatedAt: requiredDate(),
    version: countField(0),
    followingUp: { type: Boolean, required: [true, '{PATH} is required'] },
    followUpCheckAt: { type: Date, default: undefined },
  },
  { ...SCHEMA_OPTIONS, collection: 'reports' },
);
reportSchema.index({ caseId: 1, cycle: 1 });
// the follow-up job reads the reports being followed up on every tick
reportSchema.index({ followingUp: 1 });
// the follow-up tick reads the reports whose check is due
reportSchema.index({ followUpCheckAt: 1 }, { sparse: true });

export function buildReportModel(connection: Connection): Model<ReportDoc> {
  return connection.model<ReportDoc>('Report', reportSchema);
}

const idOf = (caseId: string, cycle: number) => `${caseId}:c${cycle}`;

function toDoc(report: MeetingReport): ReportDoc {
  const followingUp = isFollowingUp(report);
  return { _id: idOf(report.caseId, report.cycle), ...report, followingUp, ...(followingUp ? { followUpCheckAt: FOLLOW_UP_CHECK_AT_ONCE } : {}) };
}

function fromDoc(doc: ReportDoc): MeetingReport {
  const { _id, followingUp, followUpCheckAt, ...rest } = doc;
  void _id;
  void followingUp;
  void followUpCheckAt;
  return rest;
}

export class MongoReportRepository implements ReportRepository {
  constructor(private readonly model: Model<ReportDoc>) {}

  async insert(report: MeetingReport): Promise<'inserted' | 'duplicate'> {
    try {
      await this.model.create(toDoc(report));
      return 'inserted';
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }

  async find(caseId: string, cycle: number): Promise<MeetingReport | null> {
    const doc = await this.model.findById(idOf(caseId, cycle)).lean<ReportDoc>().exec();
    return doc ? fromDoc(doc) : null;
  }

  async deleteByCase(caseId: string): Promise<void> {
    await this.model.deleteMany({ caseId }).exec();
  }

  async listByCase(caseId: string): Promise<MeetingReport[]> {
    const docs = await this.model.find({ caseId }).sort({ cycle: 1 }).lean<ReportDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async replaceIfVersion(report: MeetingReport, expectedVersion: number): Promise<boolean> {
    const result = await this.model.replaceOne({ _id: idOf(report.caseId, report.cycle), version: expectedVersion }, toDoc(report), { runValidators: true }).exec();
    return result.matchedCount === 1;
  }

  async listFollowingUp(): Promise<MeetingReport[]> {
    const docs = await this.model.find({ followingUp: true }).sort({ caseId: 1, cycle: 1 }).lean<ReportDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async listFollowUpDue(now: Date): Promise<MeetingReport[]> {
    const docs = await this.model.find({ followUpCheckAt: { $lte: now } }).sort({ caseId: 1, cycle: 1 }).lean<ReportDoc[]>().exec();
    return docs.map(fromDoc);
  }

  async setFollowUpCheck(caseId: string, cycle: number, version: number, at: Date | null): Promise<boolean> {
    const change = at ? { $set: { followUpCheckAt: at } } : { $unset: { followUpCheckAt: 1 } };
    const result = await this.model.updateOne({ _id: idOf(caseId, cycle), version, followingUp: true }, change).exec();
    return result.matchedCount === 1;
  }
}
