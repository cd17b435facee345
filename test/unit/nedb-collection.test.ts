import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openCollection, readIndexed } from '../../models/embedded/nedb-collection';

/** readIndexed: nedb's cached documents by an index, read in the collection's queue. */
describe('readIndexed', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-read-indexed-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('sees the writes queued before it and not those queued after', async () => {
    const db = await openCollection(dir, 'things', [{ fieldName: 'group' }]);
    await db.insertAsync({ _id: 'a', group: 'g', n: 1 });
    const update = db.updateAsync({ _id: 'a' }, { $set: { n: 2 } }, {});
    const insert = db.insertAsync({ _id: 'b', group: 'g', n: 1 });
    const read = readIndexed(db, 'group', 'g');
    const later = db.insertAsync({ _id: 'c', group: 'g', n: 1 });
    await Promise.all([update, insert, later]);
    const byId = (docs: readonly Record<string, unknown>[]) => [...docs].sort((x, y) => String(x._id).localeCompare(String(y._id)));
    expect(byId(await read)).toEqual([
      { _id: 'a', group: 'g', n: 2 },
      { _id: 'b', group: 'g', n: 1 },
    ]);
  });

  test('a document inserted without an _id gets one of its own, unique', async () => {
    const db = await openCollection(dir, 'things', [{ fieldName: 'group' }]);
    for (let i = 0; i < 500; i++) await db.insertAsync({ group: 'g', n: i });
    const ids = (await readIndexed(db, 'group', 'g')).map((d) => d._id);
    expect(new Set(ids).size).toBe(500);
    expect(ids.every((id) => typeof id === 'string' && id.length >= 16)).toBe(true);
  });

  test('refuses a field without an index rather than reading nothing', async () => {
    const db = await openCollection(dir, 'things', []);
    await expect(readIndexed(db, 'group', 'g')).rejects.toThrow('no index on group');
  });
});
