import { Schema, type Connection, type Model } from 'mongoose';
import { BACKGROUNDS, ORGANISER_STATUSES, type Organiser } from '../../domain/case/organisers';
import { LANGUAGES } from '../../domain/case/request';
import type { OrganiserRepository } from '../../domain/ports';
import { buildVersionFilter, fromStoredDoc, toStoredDoc, type StoredDoc } from './document-mapping';
import { ID_MAX, NAME_MAX, SCHEMA_OPTIONS, countField, nullableString, requiredDate, requiredEnum, requiredString } from './schema-fields';

export type OrganiserDoc = StoredDoc<Organiser>;

export const organiserSchema = new Schema<OrganiserDoc>(
  {
    _id: requiredString(ID_MAX),
    name: requiredString(NAME_MAX),
    email: nullableString(NAME_MAX),
    languages: {
      type: [{ type: String, enum: { values: [...LANGUAGES], message: '{PATH} is not one of the allowed values' } }],
      default: undefined,
      required: [true, '{PATH} is required'],
    },
    background: requiredEnum(BACKGROUNDS),
    status: requiredEnum(ORGANISER_STATUSES),
    addedBy: requiredString(ID_MAX),
    addedAt: requiredDate(),
    updatedAt: requiredDate(),
    version: countField(0),
  },
  { ...SCHEMA_OPTIONS, collection: 'organisers' },
);
organiserSchema.index({ status: 1, name: 1 });

export function buildOrganiserModel(connection: Connection): Model<OrganiserDoc> {
  return connection.model<OrganiserDoc>('Organiser', organiserSchema);
}

export class MongoOrganiserRepository implements OrganiserRepository {
  constructor(private readonly model: Model<OrganiserDoc>) {}

  async upsert(organiser: Organiser): Promise<void> {
    await this.model.replaceOne({ _id: organiser.id }, toStoredDoc(organiser), { upsert: true, runValidators: true }).exec();
  }

  async findById(id: string): Promise<Organiser | null> {
    const doc = await this.model.findById(id).lean<OrganiserDoc>().exec();
    return doc ? fromStoredDoc<Organiser>(doc) : null;
  }

  async listPool(): Promise<Organiser[]> {
    const docs = await this.model.find({ status: { $ne: 'removed' } }).sort({ name: 1, _id: 1 }).lean<OrganiserDoc[]>().exec();
    return docs.map((d) => fromStoredDoc<Organiser>(d));
  }

  async replaceIfVersion(organiser: Organiser, expectedVersion: number): Promise<boolean> {
    const result = await this.model
      .replaceOne(buildVersionFilter(organiser.id, expectedVersion), toStoredDoc(organiser), { runValidators: true })
      .exec();
    return result.matchedCount === 1;
  }
}
