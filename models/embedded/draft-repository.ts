import type { Draft, DraftRepository } from '../../domain/ports';
import { byIdWhere, fromDocument, toDocument, type NedbStore } from './nedb-collection';

export const DRAFT_INDEXES = [{ fieldName: 'ownerId' }, { fieldName: 'status' }];

export class EmbeddedDraftRepository implements DraftRepository {
  constructor(private readonly db: NedbStore) {}

  async insert(draft: Draft): Promise<void> {
    await this.db.insertAsync(toDocument(draft));
  }

  async findById(id: string): Promise<Draft | null> {
    return fromDocument<Draft>(await this.db.findOneAsync({ _id: id }));
  }

  async listOpenByOwner(ownerId: string): Promise<Draft[]> {
    const docs = await this.db.findAsync({ ownerId, status: 'open' }).sort({ updatedAt: -1 });
    return docs.map((d) => fromDocument<Draft>(d)!);
  }

  async replaceIfVersion(draft: Draft, expectedVersion: number): Promise<boolean> {
    const { numAffected } = await this.db.updateAsync({ _id: draft.id, version: expectedVersion }, toDocument(draft), {});
    return numAffected === 1;
  }

  async delete(id: string): Promise<void> {
    await this.db.removeAsync({ _id: id }, {});
  }

  async countOpen(): Promise<number> {
    return this.db.countAsync({ status: 'open' });
  }

  async listOpen(): Promise<Draft[]> {
    const docs = await this.db.findAsync({ status: 'open' }).sort({ createdAt: 1, _id: 1 });
    return docs.map((d) => fromDocument<Draft>(d)!);
  }

  async deleteIfVersion(id: string, expectedVersion: number): Promise<boolean> {
    const removed = await this.db.removeAsync(byIdWhere(id, { status: 'open', version: expectedVersion }), {});
    return removed === 1;
  }
}
