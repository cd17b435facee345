/**
 * Entities have `id`; MongoDB documents have `_id`. These are the only two places that rename it,
 * so no repository returns a document shape by accident.
 */

export type StoredDoc<T extends { id: string }> = Omit<T, 'id'> & { _id: string };

export function toStoredDoc<T extends { id: string }>(entity: T): StoredDoc<T> {
  const { id, ...rest } = entity;
  return { _id: id, ...rest };
}

export function fromStoredDoc<T extends { id: string }>(doc: StoredDoc<T>): T {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest } as unknown as T;
}

/** Server error 11000 is how MongoDB (and Cosmos DB for MongoDB) reports a unique index clash. */
export function isDuplicateKeyError(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 11000;
}

/** Compare-and-set: matches the document only while it still has the version the caller read. */
export function buildVersionFilter(id: string, expectedVersion: number): { _id: string; version: number } {
  return { _id: id, version: expectedVersion };
}
