import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import { DataDirLockedError } from '../../models/embedded/data-dir-lock';
import { openCollection } from '../../models/embedded/nedb-collection';
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

  it('drops an index an older version declared, and keeps the declared ones', async () => {
    const dir = makeTempDir();
    const indexesOf = (db: unknown) => Object.keys((db as { indexes: Record<string, unknown> }).indexes).sort();
    const old = await openCollection(dir, 'things', [{ fieldName: 'status' }, { fieldName: 'caseId' }, { fieldName: ['slotId', 'pollId'], unique: true }]);
    await old.insertAsync({ _id: 'x', status: 'open', caseId: 'c1' });
    await old.compactDatafileAsync();
    expect(indexesOf(old)).toEqual(['_id', 'caseId', 'pollId,slotId', 'status']);
    const declared = [{ fieldName: 'caseId' }, { fieldName: ['slotId', 'pollId'], unique: true }];
    const reopened = await openCollection(dir, 'things', declared);
    expect(indexesOf(reopened)).toEqual(['_id', 'caseId', 'pollId,slotId']);
    expect(await reopened.findAsync({ status: 'open' })).toHaveLength(1);
    // and it stays dropped on the next start; the declared ones (a compound one too) are not dropped
    // and made again (a start compacts the file, so any line about a removed index is from this one)
    expect(indexesOf(await openCollection(dir, 'things', declared))).toEqual(['_id', 'caseId', 'pollId,slotId']);
    expect(fs.readFileSync(path.join(dir, 'things.db'), 'utf8')).not.toContain('$$indexRemoved');
    fs.rmSync(dir, { recursive: true, force: true });
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

  it('claims outbox messages written by an older version (no due-time field, no delivery fields)', async () => {
    const dir = makeTempDir();
    const date = (iso: string) => ({ $$date: Date.parse(iso) });
    const old = (id: string, status: string, extra: object = {}) => ({
      _id: id,
      key: `key-${id}`,
      kind: 'direct_card',
      caseId: null,
      userId: 'u1',
      payload: {},
      status,
      attempts: 0,
      nextAttemptAt: date('2026-11-23T10:00:00Z'),
      leaseUntil: null,
      sentActivityId: null,
      lastError: null,
      createdAt: date('2026-11-23T10:00:00Z'),
      updatedAt: date('2026-11-23T10:00:00Z'),
      ...extra,
    });
    const lines = [old('pending', 'pending'), old('sent', 'sent'), old('crashed', 'sending', { leaseUntil: date('2026-11-23T10:01:00Z') })];
    fs.writeFileSync(path.join(dir, 'outbox.db'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const stores = await openEmbeddedStores(dir);
    expect(await stores.outbox.nextDueAt()).toEqual(new Date('2026-11-23T10:00:00Z'));
    const claimed = await stores.outbox.claimDue(new Date('2026-11-23T10:01:00Z'), 60_000, 10);
    expect(claimed.map((m) => m.id).sort()).toEqual(['crashed', 'pending']);
    expect(claimed[0]).toMatchObject({ deliveredAt: null, sentConversationId: null });
    expect(Object.keys(claimed[0]!)).not.toContain('dueAt');
    await stores.close();
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
