import type { Poll } from '../../domain/poll/poll';
import type { PollRepository } from '../../domain/ports';
import { fromDocument, isUniqueViolation, toDocument, type NedbStore } from './nedb-collection';

export const POLL_INDEXES = [{ fieldName: 'caseId' }, { fieldName: 'status' }];

/** Polls in progress: taking answers (open) or waiting for the organiser's choice (closed). */
const IN_PROGRESS: Poll['status'][] = ['open', 'closed'];

export class EmbeddedPollRepository implements PollRepository {
  constructor(private readonly db: NedbStore) {}

  async insert(poll: Poll): Promise<'inserted' | 'duplicate'> {
    try {
      await this.db.insertAsync(toDocument(poll));
      return 'inserted';
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
  }

  async findById(id: string): Promise<Poll | null> {
    return fromDocument<Poll>(await this.db.findOneAsync({ _id: id }));
  }

  async replaceIfVersion(poll: Poll, expectedVersion: number): Promise<boolean> {
    const { numAffected } = await this.db.updateAsync({ _id: poll.id, version: expectedVersion }, toDocument(poll), {});
    return numAffected === 1;
  }

  async listByCase(caseId: string): Promise<Poll[]> {
    const docs = await this.db.findAsync({ caseId }).sort({ createdAt: 1, _id: 1 });
    return docs.map((d) => fromDocument<Poll>(d)!);
  }

  async deleteByCase(caseId: string): Promise<string[]> {
    const docs = await this.db.findAsync({ caseId }, { _id: 1 });
    await this.db.removeAsync({ caseId }, { multi: true });
    return docs.map((d) => String(d._id));
  }

  async listInProgress(): Promise<Poll[]> {
    const docs = await this.db.findAsync({ status: { $in: IN_PROGRESS } }).sort({ deadline: 1, _id: 1 });
    return docs.map((d) => fromDocument<Poll>(d)!);
  }
}
