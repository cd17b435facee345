import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import { DataDirLockedError } from '../../models/embedded/data-dir-lock';
import { describeStoreContract } from './store-contract';
import { makeDraft } from '../support/fixtures';

function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'mko-embedded-'));
}

describeStoreContract('embedded (nedb)', async () => {
  const dir = makeTempDir();
  const stores = await openEmbeddedStores(dir);
  return {
    stores,
    cleanup: async () => {
      await stores.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('embedded store files', () => {
  it('keeps what was written across a close and reopen', async () => {
    const dir = makeTempDir();
    const first = await openEmbeddedStores(dir);
    const draft = makeDraft();
    await first.drafts.insert(draft);
    await first.counters.next('case-ref-2026');
    await first.close();
    const second = await openEmbeddedStores(dir);
    expect(await second.drafts.findById(draft.id)).toEqual(draft);
    expect(await second.counters.next('case-ref-2026')).toBe(2);
    await second.close();
  });

  it('writes one file per collection under the data folder', async () => {
    const dir = makeTempDir();
    const stores = await openEmbeddedStores(dir);
    await stores.close();
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.db')).sort()).toEqual(
      ['audit', 'cases', 'conversations', 'counters', 'drafts', 'organisers', 'outbox', 'polls', 'reports', 'settings', 'votes'].map((n) => `${n}.db`),
    );
  });

  it('refuses a second opener of the same folder while the first holds it', async () => {
    const dir = makeTempDir();
    // a live process other than us holds the lock: our parent
    fs.writeFileSync(path.join(dir, '.lock'), String(process.ppid));
    await expect(openEmbeddedStores(dir)).rejects.toBeInstanceOf(DataDirLockedError);
    await expect(openEmbeddedStores(dir)).rejects.toThrow(/in use by another bot process/);
  });

  it('takes over a lock left by a process that died', async () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, '.lock'), '2147483646');
    const stores = await openEmbeddedStores(dir);
    expect(stores.isReady()).toBe(true);
    await stores.close();
    expect(fs.existsSync(path.join(dir, '.lock'))).toBe(false);
  });
});
