import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Datastore from '@seald-io/nedb';
import { openCollection } from '../../models/embedded/nedb-collection';

/**
 * The embedded store appends each write to its collection file through a file it keeps open. nedb
 * replaces that file when it compacts it and deletes it when the database is dropped: writes made
 * after either must be in the file a restart reads, and none may go to the replaced one.
 */
describe('appending to a collection file that nedb replaces', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-append-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** What a restart reads: a fresh datastore on the same file. */
  async function readBack(): Promise<Record<string, unknown>[]> {
    const fresh = new Datastore<Record<string, unknown>>({ filename: path.join(dir, 'things.db') });
    await fresh.loadDatabaseAsync();
    return (await fresh.findAsync({})).sort((a, b) => String(a._id).localeCompare(String(b._id)));
  }

  const openFds = () => fs.readdirSync('/proc/self/fd').length;

  test('writes before and after a compaction are all read back, each as last written', async () => {
    const db = await openCollection(dir, 'things', []);
    await db.insertAsync({ _id: 'a', n: 1 });
    await db.insertAsync({ _id: 'b', n: 1 });
    await db.compactDatafileAsync();
    await db.updateAsync({ _id: 'a' }, { $set: { n: 2 } });
    await db.insertAsync({ _id: 'c', n: 1, at: new Date('2027-03-28T01:30:00Z') });
    await db.removeAsync({ _id: 'b' }, {});
    expect(await readBack()).toEqual([
      { _id: 'a', n: 2 },
      { _id: 'c', n: 1, at: new Date('2027-03-28T01:30:00Z') },
    ]);
  });

  test('a write after the database was dropped starts a new file', async () => {
    const db = await openCollection(dir, 'things', []);
    await db.insertAsync({ _id: 'a', n: 1 });
    await db.dropDatabaseAsync();
    await db.loadDatabaseAsync(); // nedb takes writes again once loaded
    await db.insertAsync({ _id: 'z', n: 9 });
    expect(await readBack()).toEqual([{ _id: 'z', n: 9 }]);
  });

  test('the file is opened once for many writes and closed by a compaction', async () => {
    const before = openFds();
    const db = await openCollection(dir, 'things', []);
    for (let i = 0; i < 50; i++) await db.insertAsync({ _id: `d${i}`, n: i });
    expect(openFds()).toBe(before + 1);
    await db.compactDatafileAsync();
    expect(openFds()).toBe(before);
    expect(await readBack()).toHaveLength(50);
  });
});
