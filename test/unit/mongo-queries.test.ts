import { buildCounterUpdate } from '../../models/mongo/counters';
import { buildOpenInvolvingFilter, caseSchema } from '../../models/mongo/cases';
import { buildVersionFilter, fromStoredDoc, isDuplicateKeyError, toStoredDoc } from '../../models/mongo/document-mapping';
import { buildOpenDraftsFilter } from '../../models/mongo/drafts';
import {
  CLAIM_CANDIDATE_PROJECTION,
  CLAIM_SORT,
  NEXT_LEASE_END_QUERY,
  NEXT_PENDING_QUERY,
  OUTBOX_STATUSES,
  buildClaimFilter,
  buildClaimOneFilter,
  buildClaimUpdate,
  buildRecordDeliveryFilter,
  buildRecordDeliveryUpdate,
  pickNextDue,
  readOutboxDoc,
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

describe('case queries', () => {
  it('finds the open cases a user organises or is a network member of, each branch indexed', () => {
    expect(buildOpenInvolvingFilter('29:u')).toEqual({
      $or: [{ organiserId: '29:u' }, { 'preparation.network.userId': '29:u' }],
      status: { $nin: ['refused', 'closed', 'withdrawn'] },
    });
    const indexes = caseSchema.indexes().map(([fields]) => fields);
    expect(indexes).toContainEqual({ organiserId: 1, status: 1 });
    expect(indexes).toContainEqual({ 'preparation.network.userId': 1, status: 1 });
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
      coalesce: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: NOW,
      leaseUntil: null,
      sentActivityId: null,
      sentConversationId: null,
      deliveredAt: null,
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
  });

  it('claims the oldest created first among the due ones, each candidate by its own compare-and-set', () => {
    // creation order, not due time: a retry due now goes before newer messages due long ago
    expect(CLAIM_SORT).toEqual({ createdAt: 1, _id: 1 });
    expect(CLAIM_CANDIDATE_PROJECTION).toEqual({ _id: 1 });
    expect(buildClaimOneFilter('m-1', NOW)).toEqual({ _id: 'm-1', ...buildClaimFilter(NOW) });
  });

  it('records a delivery only under the lease of the claim that sent it', () => {
    expect(buildRecordDeliveryFilter('m-1', LATER)).toEqual({ _id: 'm-1', status: 'sending', leaseUntil: LATER });
    expect(buildRecordDeliveryUpdate({ activityId: 'act-1', conversationId: '19:c;messageid=act-1' }, NOW)).toEqual({
      $set: { sentActivityId: 'act-1', sentConversationId: '19:c;messageid=act-1', deliveredAt: NOW, updatedAt: NOW },
    });
  });

  it('reads a message stored before the delivery fields existed with them null', () => {
    const { sentConversationId: _c, deliveredAt: _d, ...old } = buildNewOutboxDoc(
      { key: 'k', kind: 'direct_card', caseId: null, userId: null, payload: {} },
      'm-1',
      NOW,
    );
    expect(readOutboxDoc(old as never)).toMatchObject({ id: 'm-1', sentConversationId: null, deliveredAt: null });
  });

  it('finds the next due time at the head of the two claim indexes', () => {
    expect(NEXT_PENDING_QUERY).toEqual({ filter: { status: 'pending' }, projection: { nextAttemptAt: 1 }, sort: { nextAttemptAt: 1 } });
    expect(NEXT_LEASE_END_QUERY).toEqual({
      filter: { status: 'sending', leaseUntil: { $type: 'date' } },
      projection: { leaseUntil: 1 },
      sort: { leaseUntil: 1 },
    });
    expect(pickNextDue(null, null)).toBeNull();
    expect(pickNextDue({ nextAttemptAt: LATER }, { leaseUntil: NOW })).toEqual(NOW);
    expect(pickNextDue({ nextAttemptAt: NOW }, null)).toEqual(NOW);
    expect(pickNextDue(null, { leaseUntil: null })).toBeNull();
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
