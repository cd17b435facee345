import { Schema, type Connection, type Model } from 'mongoose';
import type { ConversationRefRepository, StoredConversationRef } from '../../domain/ports';
import {
  ID_MAX,
  LOCALE_MAX,
  NAME_MAX,
  SCHEMA_OPTIONS,
  URL_MAX,
  nullableString,
  requiredDate,
  requiredString,
} from './schema-fields';

/** One reference per user, so the user id is the document id. */
export type ConversationRefDoc = Omit<StoredConversationRef, 'userId'> & { _id: string };

export const conversationRefSchema = new Schema<ConversationRefDoc>(
  {
    _id: requiredString(ID_MAX),
    tenantId: nullableString(ID_MAX),
    serviceUrl: requiredString(URL_MAX),
    conversationId: requiredString(ID_MAX),
    channelId: requiredString(ID_MAX),
    botId: requiredString(ID_MAX),
    botName: nullableString(NAME_MAX),
    locale: requiredString(LOCALE_MAX),
    updatedAt: requiredDate(),
  },
  { ...SCHEMA_OPTIONS, collection: 'conversation_refs' },
);

export function buildConversationRefModel(connection: Connection): Model<ConversationRefDoc> {
  return connection.model<ConversationRefDoc>('ConversationRef', conversationRefSchema);
}

export function toConversationRefDoc(ref: StoredConversationRef): ConversationRefDoc {
  const { userId, ...rest } = ref;
  return { _id: userId, ...rest };
}

export function fromConversationRefDoc(doc: ConversationRefDoc): StoredConversationRef {
  const { _id, ...rest } = doc;
  return { userId: _id, ...rest };
}

export class MongoConversationRefRepository implements ConversationRefRepository {
  constructor(private readonly model: Model<ConversationRefDoc>) {}

  async upsert(ref: StoredConversationRef): Promise<void> {
    await this.model
      .replaceOne({ _id: ref.userId }, toConversationRefDoc(ref), { upsert: true, runValidators: true })
      .exec();
  }

  async findByUser(userId: string): Promise<StoredConversationRef | null> {
    const doc = await this.model.findById(userId).lean<ConversationRefDoc>().exec();
    return doc ? fromConversationRefDoc(doc) : null;
  }
}
