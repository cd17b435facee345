import { Schema, Types, type Connection, type Model } from 'mongoose';
import type { AuditEntry, AuditRepository } from '../../domain/ports';
import { ACTION_MAX, ID_MAX, SCHEMA_OPTIONS, requiredDate, requiredString } from './schema-fields';

/** Entries have no domain id; the ObjectId only orders entries written in the same millisecond. */
export type AuditDoc = AuditEntry & { _id: Types.ObjectId };

export const auditSchema = new Schema<AuditDoc>(
  {
    caseId: requiredString(ID_MAX),
    at: requiredDate(),
    actorId: requiredString(ID_MAX),
    action: requiredString(ACTION_MAX),
  },
  { ...SCHEMA_OPTIONS, collection: 'audit' },
);
auditSchema.index({ caseId: 1, at: 1 });

export function buildAuditModel(connection: Connection): Model<AuditDoc> {
  return connection.model<AuditDoc>('AuditEntry', auditSchema);
}

export class MongoAuditRepository implements AuditRepository {
  constructor(private readonly model: Model<AuditDoc>) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.model.create({ caseId: entry.caseId, at: entry.at, actorId: entry.actorId, action: entry.action });
  }

  async listByCase(caseId: string): Promise<AuditEntry[]> {
    const docs = await this.model.find({ caseId }).sort({ at: 1, _id: 1 }).lean<AuditDoc[]>().exec();
    return docs.map(({ _id, ...entry }) => entry);
  }
}
