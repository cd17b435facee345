import fs from 'node:fs';
import path from 'node:path';

/**
 * The embedded store as it is on disk. nedb appends one line per written document and rewrites
 * files only when compacting (at close), so while the bot runs, a file that did not grow was not
 * written: sizes are a cheap, exact "nothing was written" check, and replaying the lines gives the
 * documents when something was.
 */

/**
 * Conversation references are written by any 1:1 turn (a new locale, a new user): remembering how
 * to reach a user is the point of that write, not a change a payload made.
 */
const IGNORED = new Set(['conversations.db']);

export type FileSizes = Record<string, number>;

export function readFileSizes(dataDir: string): FileSizes {
  const sizes: FileSizes = {};
  for (const name of fs.readdirSync(dataDir).sort()) {
    if (name.endsWith('.db') && !IGNORED.has(name)) sizes[name] = fs.statSync(path.join(dataDir, name)).size;
  }
  return sizes;
}

/** Names of the files whose size differs. */
export function listChangedFiles(before: FileSizes, after: FileSizes): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((n) => before[n] !== after[n]).sort();
}

/** The documents of one collection file after replaying its lines (last write of an _id wins). */
export function readDocuments(dataDir: string, collection: string): Map<string, Record<string, unknown>> {
  const docs = new Map<string, Record<string, unknown>>();
  const file = path.join(dataDir, `${collection}.db`);
  if (!fs.existsSync(file)) return docs;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const doc = JSON.parse(line) as Record<string, unknown>;
    if ('$$indexCreated' in doc || '$$indexRemoved' in doc) continue;
    const id = String(doc._id);
    if (doc.$$deleted === true) docs.delete(id);
    else docs.set(id, doc);
  }
  return docs;
}

/** Documents added, removed or changed between two replays of one collection. */
export function diffDocuments(before: Map<string, Record<string, unknown>>, after: Map<string, Record<string, unknown>>) {
  const added = [...after.keys()].filter((id) => !before.has(id)).map((id) => after.get(id)!);
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const changed = [...after.keys()].filter((id) => before.has(id) && JSON.stringify(before.get(id)) !== JSON.stringify(after.get(id)));
  return { added, removed, changed };
}
