import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { appendSynchronously } from './append-synchronously';

export type NedbStore = Datastore<Record<string, unknown>>;

export interface IndexSpec {
  fieldName: string | string[];
  unique?: boolean;
  sparse?: boolean;
}

/** Opens (and loads) one collection file `<dir>/<name>.db` and declares its indexes. */
export async function openCollection(dir: string, name: string, indexes: IndexSpec[]): Promise<NedbStore> {
  const db: NedbStore = new Datastore({ filename: path.join(dir, `${name}.db`) });
  await db.loadDatabaseAsync();
  appendSynchronously(db);
  for (const index of indexes) await db.ensureIndexAsync(index);
  return db;
}

/** Domain objects carry `id`; nedb documents carry `_id`. */
export function toDocument<T extends { id: string }>(entity: T): Record<string, unknown> {
  const { id, ...rest } = entity;
  return { _id: id, ...rest };
}

export function fromDocument<T>(doc: Record<string, unknown> | null | undefined): T | null {
  if (!doc) return null;
  const { _id, ...rest } = doc;
  return { id: _id, ...rest } as T;
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { errorType?: string }).errorType === 'uniqueViolated';
}
