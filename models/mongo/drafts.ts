import { Schema, type Connection, type Model } from 'mongoose';
import { INTAKE_STEPS, type Draft, type DraftRepository } from '../../domain/ports';
import { buildVersionFilter, fromStoredDoc, toStoredDoc, type StoredDoc } from './document-mapping';
import {
  ID_MAX,
  SCHEMA_OPTIONS,
  countField,
  nullableString,
  requestDataField,
  requiredDate,
  requiredEnum,
  requiredString,
} from './schema-fields';

export type DraftDoc = StoredDoc<Draft>;

const DRAFT_STATUSES = ['open', 'submitted'] as const satisfies readonly Draft['status'][];

export const draftSchema = new Schema<DraftDoc>(
  {
    _id: requiredString(ID_MAX),
    ownerId: requiredString(ID_MAX),
    tenantId: nullableString(ID_MAX),
    step: requiredEnum(INTAKE_STEPS),
    data: requestDataField(),
    status: requiredEnum(DRAFT_STATUSES),
    caseId: nullableString(ID_MAX),
    createdAt: requiredDate(),
    updatedAt: requiredDate(),
    version: countField(0),
  },
  { ...SCHEMA_OPTIONS, collection: 'drafts' },
);
draftSchema.index({ ownerId: 1, status: 1 });

export function buildDraftModel(connection: Connection): Model<DraftDoc> {
  return connection.model<DraftDoc>('Draft', draftSchema);
}

export function buildOpenDraftsFilter(ownerId?: string): { status: 'open'; ownerId?: string } {
  return ownerId === undefined ? { status: 'open' } : { ownerId, status: 'open' };
}

export class MongoDraftRepository implements DraftRepository {
  constructor(private readonly model: Model<DraftDoc>) {}

  async insert(draft: Draft): Promise<void> {
    await this.model.create(toStoredDoc(draft));
  }

  async findById(id: string): Promise<Draft | null> {
    const doc = await this.model.findById(id).lean<DraftDoc>().exec();
    return doc ? fromStoredDoc<Draft>(doc) : null;
  }

  async listOpenByOwner(ownerId: string): Promise<Draft[]> {
    const docs = await this.model
      .find(buildOpenDraftsFilter(ownerId))
      .sort({ updatedAt: -1, _id: 1 })
      .lean<DraftDoc[]>()
      .exec();
    return docs.map((doc) => fromStoredDoc<Draft>(doc));
  }

  async replaceIfVersion(draft: Draft, expectedVersion: number): Promise<boolean> {
    const result = await this.model
      .replaceOne(buildVersionFilter(draft.id, expectedVersion), toStoredDoc(draft), { runValidators: true })
      .exec();
    return result.matchedCount === 1;
  }

  async delete(id: string): Promise<void> {
    await this.model.deleteOne({ _id: id }).exec();
  }

  async countOpen(): Promise<number> {
    return this.model.countDocuments(buildOpenDraftsFilter()).exec();
  }

  async listOpen(): Promise<Draft[]> {
    const docs = await this.model.find(buildOpenDraftsFilter()).sort({ createdAt: 1, _id: 1 }).lean<DraftDoc[]>().exec();
    return docs.map((doc) => fromStoredDoc<Draft>(doc));
  }

  async deleteIfVersion(id: string, expectedVersion: number): Promise<boolean> {
    const result = await this.model.deleteOne(buildOpenDraftClaimFilter(id, expectedVersion)).exec();
    return result.deletedCount === 1;
  }
}

/** Matches the draft only while it is still open and unchanged since the caller read it. */
export function buildOpenDraftClaimFilter(id: string, expectedVersion: number): { _id: string; status: 'open'; version: number } {
  return { _id: id, status: 'open', version: expectedVersion };
}
