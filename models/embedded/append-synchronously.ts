import fs from 'node:fs';
import type { NedbStore } from './nedb-collection';
import { serializeNedbLine } from './nedb-line';

interface NedbPersistence {
  filename: string;
  inMemoryOnly: boolean;
  modes: { fileMode: number };
  persistNewStateAsync(docs: unknown[]): Promise<void>;
  persistCachedDatabaseAsync(): Promise<void>;
  loadDatabaseAsync(): Promise<void>;
  dropDatabaseAsync(): Promise<void>;
}

/**
 * Makes `db` append each change to its file with a synchronous write instead of
 * fs.promises.appendFile. The bytes and the moment the caller's promise resolves (after the write)
 * are the same, so an acknowledged write is in the file exactly as before; what goes away are three
 * thread-pool round trips per write, most of a small write's latency and a large share of its CPU.
 *
 * The file stays open between writes (an open and a close per write cost more than the write). nedb
 * replaces the file when it compacts it (a rewritten copy renamed over it, at load, on close, on
 * request) and deletes it when the database is dropped: the open file is closed before each of these,
 * so the next write opens the new file by name and never lands in the replaced one.
 */
export function appendSynchronously(db: NedbStore): void {
  const persistence = (db as unknown as { persistence: NedbPersistence }).persistence;
  let fd: number | null = null;
  const closeFile = (): void => {
    if (fd === null) return;
    const open = fd;
    fd = null;
    fs.closeSync(open);
  };

  persistence.persistNewStateAsync = async (docs: unknown[]): Promise<void> => {
    if (persistence.inMemoryOnly) return;
    let lines = '';
    for (const doc of docs) lines += `${serializeNedbLine(doc)}\n`;
    if (lines.length === 0) return;
    fd ??= fs.openSync(persistence.filename, 'a', persistence.modes.fileMode);
    const bytes = Buffer.from(lines, 'utf8');
    for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written);
  };

  for (const replacesFile of ['persistCachedDatabaseAsync', 'loadDatabaseAsync', 'dropDatabaseAsync'] as const) {
    const original = persistence[replacesFile].bind(persistence);
    persistence[replacesFile] = async () => {
      closeFile();
      return original();
    };
  }
}
