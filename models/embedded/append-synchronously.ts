import fs from 'node:fs';
import type { NedbStore } from './nedb-collection';

// nedb's own line format (JSON with its $$date etc. encodings); the module has no type declarations
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nedbModel = require('@seald-io/nedb/lib/model.js') as { serialize(doc: unknown): string };

interface NedbPersistence {
  filename: string;
  inMemoryOnly: boolean;
  modes: { fileMode: number };
  persistNewStateAsync(docs: unknown[]): Promise<void>;
}

/**
 * Makes `db` append each change to its file with one synchronous open/write/close instead of
 * fs.promises.appendFile. The bytes, the syscalls and the moment the caller's promise resolves (after
 * the write) are the same, so an acknowledged write is on disk exactly as before; what goes away are
 * three thread-pool round trips per write, most of a small write's latency and a large share of its
 * CPU. The write of one change is a few kilobytes into the page cache: far shorter than the hops.
 * Compaction (a rename of a rewritten file) is untouched: every append opens the file by name.
 */
export function appendSynchronously(db: NedbStore): void {
  const persistence = (db as unknown as { persistence: NedbPersistence }).persistence;
  persistence.persistNewStateAsync = async (docs: unknown[]): Promise<void> => {
    if (persistence.inMemoryOnly) return;
    let lines = '';
    for (const doc of docs) lines += `${nedbModel.serialize(doc)}\n`;
    if (lines.length === 0) return;
    fs.appendFileSync(persistence.filename, lines, { encoding: 'utf8', mode: persistence.modes.fileMode });
  };
}
