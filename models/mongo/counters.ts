import { Schema, type Connection, type Model } from 'mongoose';
import type { CounterRepository } from '../../domain/ports';
import { isDuplicateKeyError } from './document-mapping';
import { NAME_MAX, SCHEMA_OPTIONS, countField, requiredString } from './schema-fields';

export interface CounterDoc {
  _id: string;
  seq: number;
}

export const counterSchema = new Schema<CounterDoc>(
  {
    _id: requiredString(NAME_MAX),
    seq: countField(1),
  },
  { ...SCHEMA_OPTIONS, collection: 'counters' },
);

export function buildCounterModel(connection: Connection): Model<CounterDoc> {
  return connection.model<CounterDoc>('Counter', counterSchema);
}

export function buildCounterUpdate(): { $inc: { seq: 1 } } {
  return { $inc: { seq: 1 } };
}

/** Counters whose name starts with `prefix`, matched literally (an anchored prefix uses the _id index). */
export function buildCounterPrefixFilter(prefix: string): { _id: { $regex: string } } {
  return { _id: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } };
}

export class MongoCounterRepository implements CounterRepository {
  constructor(private readonly model: Model<CounterDoc>) {}

  async next(name: string): Promise<number> {
    try {
      return await this.increment(name);
    } catch (err) {
      // Two first-ever upserts of the same name can race to insert it; the loser gets a duplicate
      // key error (Cosmos DB and servers that do not retry it themselves). The document exists
      // now, so incrementing again is safe.
      if (!isDuplicateKeyError(err)) throw err;
      return this.increment(name);
    }
  }

  async listByPrefix(prefix: string): Promise<Map<string, number>> {
    const docs = await this.model.find(buildCounterPrefixFilter(prefix)).lean<CounterDoc[]>().exec();
    return new Map(docs.map((d) => [d._id, d.seq]));
  }

  private async increment(name: string): Promise<number> {
    const doc = await this.model
      .findOneAndUpdate({ _id: name }, buildCounterUpdate(), { upsert: true, new: true })
      .lean<CounterDoc>()
      .exec();
    if (!doc) throw new Error(`counter ${name} was not returned by its upsert`);
    return doc.seq;
  }
}
