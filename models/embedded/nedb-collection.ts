import { randomUUID } from 'node:crypto';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { appendSynchronously } from './append-synchronously';

export type NedbStore = Datastore<Record<string, unknown>>;

export interface IndexSpec {
  fieldName: string | string[];
  unique?: boolean;
  sparse?: boolean;
}

/**
 * Opens (and loads) one collection file `<dir>/<name>.db` and declares its indexes. An index the
 * file remembers from an older version and no longer declared is dropped: nedb would otherwise keep
 * maintaining it on every write.
 */
export async function openCollection(dir: string, name: string, indexes: IndexSpec[]): Promise<NedbStore> {
  const db: NedbStore = new Datastore({ filename: path.join(dir, `${name}.db`) });
  await db.loadDatabaseAsync();
  appendSynchronously(db);
  useRandomUuidIds(db);
  // named as nedb names them: a compound index by its fields sorted, joined by commas
  const declared = new Set(indexes.map((index) => [index.fieldName].flat().sort().join(',')));
  // its typings omit the indexes it keeps
  for (const fieldName of Object.keys((db as unknown as { indexes: Record<string, unknown> }).indexes)) {
    if (fieldName !== '_id' && !declared.has(fieldName)) await db.removeIndexAsync(fieldName);
  }
  for (const index of indexes) await db.ensureIndexAsync(index);
  return db;
}

/**
 * nedb names a document inserted without an _id (a vote, an audit entry) with 16 characters from
 * crypto.randomBytes: a system call per insert, several microseconds each, on the vote path. A
 * random UUID comes from Node's pooled entropy and is as unique; ids stay opaque strings.
 */
function useRandomUuidIds(db: NedbStore): void {
  const internals = db as unknown as NedbInternals & { _createNewId(): string };
  internals._createNewId = () => {
    let id = randomUUID();
    while (internals.indexes._id!.getMatching(id).length > 0) id = randomUUID();
    return id;
  };
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

/**
 * A query for the one document `id` that also checks other fields (a compare-and-set). nedb 4.1
 * looks candidates up through the LAST indexed field of plain equality in the query, so a check
 * on an indexed field such as `status` written after `_id` reads every document with that status;
 * with `_id` last, the look-up reads one.
 */
export function byIdWhere(id: string, conditions: Record<string, unknown>): Record<string, unknown> {
  return { ...conditions, _id: id };
}

interface NedbInternals {
  executor: { pushAsync<T>(task: () => Promise<T>): Promise<T> };
  indexes: Record<string, { getMatching(value: unknown): Record<string, unknown>[] } | undefined>;
}

/**
 * The documents whose indexed `field` equals `value`, as nedb caches them: read in the collection's
 * queue when called, so after every write queued before, but without a find's generic deep copy of
 * each document. The documents are nedb's own: copy what you keep, change nothing.
 */
export async function readIndexed(db: NedbStore, field: string, value: string): Promise<readonly Record<string, unknown>[]> {
  const internals = db as unknown as NedbInternals;
  const index = internals.indexes[field];
  if (!index) throw new Error(`no index on ${field}`);
  return internals.executor.pushAsync(async () => [...index.getMatching(value)]);
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { errorType?: string }).errorType === 'uniqueViolated';
}
