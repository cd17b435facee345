import { buildCounterUpdate } from '../../models/mongo/counters';
import { buildVersionFilter, fromStoredDoc, isDuplicateKeyError, toStoredDoc } from '../../models/mongo/document-mapping';
import { buildOpenDraftsFilter } from '../../models/mongo/drafts';
import {
  CLAIM_SORT,
  OUTBOX_STATUSES,
  buildClaimFilter,
  buildClaimUpdate,
  buildFailUpdate,
  buildNewOutboxDoc,
  buildParkUpdate,
  buildReleaseFilter,
  buildReleaseUpdate,
  buildRescheduleUpdate,
  buildSentUpdate,
  toStatusCounts,
} from '../../models/mongo/outbox-queries';

// 02:30 on the night Brussels moves to summer time: instants must pass through untouched.
const NOW = new Date('2026-03-29T01:30:00.000Z');
const LATER = new Date('2026-03-29T01:35:00.000Z');

describe('document mapping', () => {
  it('renames id to _id and back without touching anything else', () => {
    const entity = { id: 'x', at: NOW, nested: { a: [1] }, none: null };
    const doc = toStoredDoc(entity);
    expect(doc).toEqual({ _id: 'x', at: NOW, nested: { a: [1] }, none: null });
    expect(doc.at).toBeInstanceOf(Date);
    expect(fromStoredDoc<typeof entity>(doc)).toEqual(entity);
  });

  it('recognises only the duplicate key error', () => {
    expect(isDuplicateKeyError({ code: 11000, message: 'E11000 duplicate key' })).toBe(true);
    expect(isDuplicateKeyError({ code: 121 })).toBe(false);
    expect(isDuplicateKeyError(new Error('E11000'))).toBe(false);
    expect(isDuplicateKeyError(null)).toBe(false);
  });

  it('matches a document only at the expected version', () => {
    expect(buildVersionFilter('d-1', 3)).toEqual({ _id: 'd-1', version: 3 });
  });
});

describe('draft and counter queries', () => {
  it('filters open drafts, by owner when given', () => {
    expect(buildOpenDraftsFilter('29:o')).toEqual({ ownerId: '29:o', status: 'open' });
    expect(buildOpenDraftsFilter()).toEqual({ status: 'open' });
  });

  it('increments a counter by one', () => {
    expect(buildCounterUpdate()).toEqual({ $inc: { seq: 1 } });
  });
});

describe('outbox queries', () => {
  it('builds a pending message due now', () => {
    const doc = buildNewOutboxDoc(
      { key: 'k', kind: 'direct_card', caseId: null, userId: '29:u', payload: { card: 'x' } },
      'm-1',
      NOW,
    );
    expect(doc).toEqual({
      _id: 'm-1',
      key: 'k',
      kind: 'direct_card',
      caseId: null,
      userId: '29:u',
      payload: { card: 'x' },
      status: 'pending',
      attempts: 0,
      nextAttemptAt: NOW,
      leaseUntil: null,
      sentActivityId: null,
      lastError: null,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it('claims due pending messages and sending messages whose lease expired', () => {
    expect(buildClaimFilter(NOW)).toEqual({
      $or: [
        { status: 'pending', nextAttemptAt: { $lte: NOW } },
        { status: 'sending', leaseUntil: { $lte: NOW } },
      ],
    });
    expect(CLAIM_SORT).toEqual({ nextAttemptAt: 1 });
  });

  it('leases a claimed message for leaseMs', () => {
    expect(buildClaimUpdate(NOW, 5 * 60_000)).toEqual({
      $set: { status: 'sending', leaseUntil: LATER, updatedAt: NOW },
    });
  });

  it('marks a message sent, counting the attempt and dropping its lease', () => {
    expect(buildSentUpdate('act-1', NOW)).toEqual({
      $set: { status: 'sent', sentActivityId: 'act-1', leaseUntil: null, updatedAt: NOW },
      $inc: { attempts: 1 },
    });
  });

  it('reschedules a retry, counting the attempt', () => {
    expect(buildRescheduleUpdate(LATER, 'HTTP 429', NOW)).toEqual({
      $set: { status: 'pending', nextAttemptAt: LATER, lastError: 'HTTP 429', leaseUntil: null, updatedAt: NOW },
      $inc: { attempts: 1 },
    });
  });

  it('cuts an error text to what the schema stores', () => {
    expect(buildRescheduleUpdate(LATER, 'e'.repeat(5000), NOW).$set.lastError).toHaveLength(2000);
    expect(buildFailUpdate('e'.repeat(5000), NOW).$set.lastError).toHaveLength(2000);
  });

  it('parks a message until a cases channel is chosen and releases it when one is', () => {
    expect(buildParkUpdate(NOW)).toEqual({ $set: { status: 'waiting_channel', leaseUntil: null, updatedAt: NOW } });
    expect(buildReleaseFilter()).toEqual({ status: 'waiting_channel' });
    expect(buildReleaseUpdate(LATER)).toEqual({
      $set: { status: 'pending', nextAttemptAt: LATER, updatedAt: LATER },
    });
  });

  it('marks a message failed with its error, counting the attempt', () => {
    expect(buildFailUpdate('HTTP 403', NOW)).toEqual({
      $set: { status: 'failed', lastError: 'HTTP 403', leaseUntil: null, updatedAt: NOW },
      $inc: { attempts: 1 },
    });
  });

  it('counts every status, 0 when it has no message', () => {
    expect(OUTBOX_STATUSES).toEqual(['pending', 'sending', 'waiting_channel', 'sent', 'failed']);
    expect(toStatusCounts([])).toEqual({ pending: 0, sending: 0, waiting_channel: 0, sent: 0, failed: 0 });
    expect(
      toStatusCounts([
        { _id: 'sent', count: 4 },
        { _id: 'pending', count: 2 },
        { _id: 'unknown', count: 9 },
      ]),
    ).toEqual({ pending: 2, sending: 0, waiting_channel: 0, sent: 4, failed: 0 });
  });
});
