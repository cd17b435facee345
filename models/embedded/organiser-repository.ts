import type { Organiser } from '../../domain/case/organisers';
import type { OrganiserRepository } from '../../domain/ports';
import { fromDocument, toDocument, type NedbStore } from './nedb-collection';

export const ORGANISER_INDEXES = [{ fieldName: 'status' }];

export class EmbeddedOrganiserRepository implements OrganiserRepository {
  constructor(private readonly db: NedbStore) {}

  async upsert(organiser: Organiser): Promise<void> {
    await this.db.updateAsync({ _id: organiser.id }, toDocument(organiser), { upsert: true });
  }

  async findById(id: string): Promise<Organiser | null> {
    return fromDocument<Organiser>(await this.db.findOneAsync({ _id: id }));
  }

  async listPool(): Promise<Organiser[]> {
    const docs = await this.db.findAsync({ status: { $ne: 'removed' } }).sort({ name: 1 });
    return docs.map((d) => fromDocument<Organiser>(d)!);
  }

  async replaceIfVersion(organiser: Organiser, expectedVersion: number): Promise<boolean> {
    const { numAffected } = await this.db.updateAsync({ _id: organiser.id, version: expectedVersion }, toDocument(organiser), {});
    return numAffected === 1;
  }
}
