import type { Case } from '../../domain/case/case';
import type { CaseRepository } from '../../domain/ports';
import { CASE_STATUSES, isFinalStatus } from '../../domain/case/status';
import { fromDocument, isUniqueViolation, toDocument, type NedbStore } from './nedb-collection';

export const CASE_INDEXES = [
  { fieldName: 'draftId', unique: true },
  { fieldName: 'reference', unique: true },
  { fieldName: 'requesterId' },
  { fieldName: 'status' },
  { fieldName: 'organiserId' },
  // a network member's own cases ("My cases"): nedb indexes each element of the array
  { fieldName: 'preparation.network.userId' },
];

const FINAL_STATUSES = CASE_STATUSES.filter(isFinalStatus);

export class EmbeddedCaseRepository implements CaseRepository {
  constructor(private readonly db: NedbStore) {}

  async insert(c: Case): Promise<'inserted' | 'duplicate'> {
    try {
      await this.db.insertAsync(toDocument(c));
      return 'inserted';
    } catch (err) {
      if (isUniqueViolation(err)) return 'duplicate';
      throw err;
    }
  }

  async findById(id: string): Promise<Case | null> {
    return fromDocument<Case>(await this.db.findOneAsync({ _id: id }));
  }

  async findByDraftId(draftId: string): Promise<Case | null> {
    return fromDocument<Case>(await this.db.findOneAsync({ draftId }));
  }

  async replaceIfVersion(c: Case, expectedVersion: number): Promise<boolean> {
    const { numAffected } = await this.db.updateAsync({ _id: c.id, version: expectedVersion }, toDocument(c), {});
    return numAffected === 1;
  }

  async countOpenByOrganiser(): Promise<Map<string, number>> {
    const docs = await this.db.findAsync({ organiserId: { $ne: null }, status: { $nin: FINAL_STATUSES } }, { organiserId: 1 });
    const counts = new Map<string, number>();
    for (const d of docs) {
      const id = d.organiserId as string;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }

  async listAll(): Promise<Case[]> {
    const docs = await this.db.findAsync({}).sort({ submittedAt: 1 });
    return docs.map((d) => fromDocument<Case>(d)!);
  }

  /**
   * Two indexed look-ups rather than one $or, which nedb answers by reading every case: the cost
   * follows the caller's own cases.
   */
  async listOpenInvolving(userId: string): Promise<Case[]> {
    const open = { status: { $nin: FINAL_STATUSES } };
    const [organising, member] = await Promise.all([
      this.db.findAsync({ organiserId: userId, ...open }),
      this.db.findAsync({ 'preparation.network.userId': userId, ...open }),
    ]);
    const byId = new Map([...organising, ...member].map((d) => [d._id as string, d]));
    return [...byId.values()]
      .map((d) => fromDocument<Case>(d)!)
      .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  }

  async findByReference(reference: string): Promise<Case | null> {
    return fromDocument<Case>(await this.db.findOneAsync({ reference }));
  }

  async listByRequester(requesterId: string): Promise<Case[]> {
    const docs = await this.db.findAsync({ requesterId }).sort({ submittedAt: -1 });
    return docs.map((d) => fromDocument<Case>(d)!);
  }
}
