import type {
  AuditEntry,
  AuditRepository,
  CasesChannel,
  ConversationRefRepository,
  CounterRepository,
  SettingsRepository,
  StoredConversationRef,
} from '../../domain/ports';
import type { NedbStore } from './nedb-collection';

export class EmbeddedCounterRepository implements CounterRepository {
  constructor(private readonly db: NedbStore) {}

  async next(name: string): Promise<number> {
    // nedb runs updates one at a time, so an upserting $inc is atomic within the process
    const { affectedDocuments } = await this.db.updateAsync(
      { _id: name },
      { $inc: { seq: 1 } },
      { upsert: true, returnUpdatedDocs: true },
    );
    return (affectedDocuments as unknown as { seq: number }).seq;
  }

  async listByPrefix(prefix: string): Promise<Map<string, number>> {
    const docs = await this.db.findAsync({ _id: { $regex: new RegExp(`^${escapeRegExp(prefix)}`) } });
    return new Map(docs.map((d) => [String(d._id), Number(d.seq)]));
  }
}

/** A counter name is matched literally, whatever characters it holds. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export const CONVERSATION_INDEXES = [{ fieldName: 'userId', unique: true }];

export class EmbeddedConversationRefRepository implements ConversationRefRepository {
  constructor(private readonly db: NedbStore) {}

  async upsert(ref: StoredConversationRef): Promise<void> {
    await this.db.updateAsync({ userId: ref.userId }, { ...ref }, { upsert: true });
  }

  async findByUser(userId: string): Promise<StoredConversationRef | null> {
    const doc = await this.db.findOneAsync({ userId });
    if (!doc) return null;
    const { _id, ...ref } = doc;
    return ref as unknown as StoredConversationRef;
  }
}

const CASES_CHANNEL_ID = 'cases_channel';

export class EmbeddedSettingsRepository implements SettingsRepository {
  constructor(private readonly db: NedbStore) {}

  async getCasesChannel(): Promise<CasesChannel | null> {
    const doc = await this.db.findOneAsync({ _id: CASES_CHANNEL_ID });
    if (!doc) return null;
    const { _id, ...channel } = doc;
    return channel as unknown as CasesChannel;
  }

  async setCasesChannel(channel: CasesChannel): Promise<void> {
    await this.db.updateAsync({ _id: CASES_CHANNEL_ID }, { _id: CASES_CHANNEL_ID, ...channel }, { upsert: true });
  }
}

export const AUDIT_INDEXES = [{ fieldName: 'caseId' }];

export class EmbeddedAuditRepository implements AuditRepository {
  constructor(private readonly db: NedbStore) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.db.insertAsync({ ...entry });
  }

  async listByCase(caseId: string): Promise<AuditEntry[]> {
    const docs = await this.db.findAsync({ caseId }).sort({ at: 1 });
    return docs.map(({ _id, ...e }) => e as unknown as AuditEntry);
  }
}
