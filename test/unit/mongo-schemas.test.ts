import { startPreparation } from '../../domain/case/preparation';
import mongoose, { type Connection, type Document } from 'mongoose';
import type { Case } from '../../domain/case/case';
import type { CasesChannel, Draft, NewOutboxMessage, OutboxMessage, StoredConversationRef } from '../../domain/ports';
import { caseSchema } from '../../models/mongo/cases';
import { counterSchema } from '../../models/mongo/counters';
import { fromConversationRefDoc, toConversationRefDoc } from '../../models/mongo/conversation-refs';
import { fromStoredDoc, toStoredDoc } from '../../models/mongo/document-mapping';
import { draftSchema } from '../../models/mongo/drafts';
import { buildMongoModels, type MongoModels } from '../../models/mongo/mongo-models';
import { buildNewOutboxDoc } from '../../models/mongo/outbox-queries';
import { outboxSchema } from '../../models/mongo/outbox';
import { auditSchema } from '../../models/mongo/audit';
import { CASES_CHANNEL_ID } from '../../models/mongo/settings';

// Models on a connection that is never opened: validation and casting need no server.
let connection: Connection;
let models: MongoModels;

beforeAll(() => {
  connection = mongoose.createConnection();
  connection.set('autoCreate', false);
  connection.set('autoIndex', false);
  models = buildMongoModels(connection);
});

afterAll(async () => {
  await connection.close();
});

const NOW = new Date('2026-03-29T01:30:00.000Z');

function draft(overrides: Partial<Draft> = {}): Draft {
  return {
    id: 'draft-1',
    ownerId: '29:owner',
    tenantId: null,
    step: 'requester',
    data: {},
    status: 'open',
    caseId: null,
    createdAt: NOW,
    updatedAt: NOW,
    version: 0,
    ...overrides,
  };
}

function aCase(overrides: Partial<Case> = {}): Case {
  return {
    id: 'case-1',
    reference: 'MKO-2026-0001',
    year: 2026,
    seq: 1,
    draftId: 'draft-1',
    requesterId: '29:owner',
    tenantId: 'tenant-1',
    status: 'submitted',
    statusHistory: [{ from: null, to: 'submitted', at: NOW, by: '29:owner' }],
    request: {
      requester: { role: 'professional', contact: 'a@b.be' },
      person: { firstName: 'Ann', lastName: 'Peeters', postcode: '1000', languages: ['nl', 'fr'] },
      situation: { domains: ['social'], urgency: 'normal' },
      network: { members: [{ role: 'GP', name: 'Dr X' }], consent: 'yes' },
    },
    refusalReasons: [],
    pseudonym: 'A. P.',
    domains: ['social'],
    urgency: 'normal',
    locale: 'nl-BE',
    thread: null,
    organiserId: null,
    assignments: [],
    preparation: startPreparation([], () => 'entry-1'),
    submittedAt: NOW,
    updatedAt: NOW,
    purgedAt: null,
    version: 0,
    ...overrides,
  };
}

function conversationRef(overrides: Partial<StoredConversationRef> = {}): StoredConversationRef {
  return {
    userId: '29:user',
    tenantId: 'tenant-1',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    conversationId: 'a:1xyz',
    channelId: 'msteams',
    botId: '28:bot',
    botName: null,
    locale: 'fr-BE',
    updatedAt: NOW,
    ...overrides,
  };
}

function casesChannel(overrides: Partial<CasesChannel> = {}): CasesChannel {
  return {
    teamId: '19:team@thread.tacv2',
    channelId: '19:channel@thread.tacv2',
    tenantId: 'tenant-1',
    serviceUrl: 'https://smba.trafficmanager.net/emea/',
    botId: '28:bot',
    locale: 'nl-BE',
    setBy: '29:coordinator',
    setAt: NOW,
    ...overrides,
  };
}

const NEW_MESSAGE: NewOutboxMessage = {
  key: 'case-1:created',
  kind: 'case_thread_post',
  caseId: 'case-1',
  userId: null,
  payload: {},
};

/** Any of the models: only their constructor (which casts and validates) is used here. */
type AnyModel = new (doc: never) => Pick<Document<unknown>, 'validateSync' | 'toBSON'>;

/** The paths that failed validation, or [] when the document is valid. */
function invalidPaths(model: AnyModel, doc: object): string[] {
  const error = new model(doc as never).validateSync();
  return error ? Object.keys(error.errors).sort() : [];
}

/** What a write sends to the server (insert and replaceOne both serialise a document this way). */
function storedShape(model: AnyModel, doc: object): object {
  return new model(doc as never).toBSON() as object;
}

describe('draft schema', () => {
  it('accepts a fresh draft and stores exactly the draft, empty data included', () => {
    expect(invalidPaths(models.drafts, toStoredDoc(draft()))).toEqual([]);
    expect(fromStoredDoc<Draft>(storedShape(models.drafts, toStoredDoc(draft())) as never)).toEqual(draft());
  });

  it('adds no empty lists to a half-filled request', () => {
    const d = draft({ data: { person: { firstName: 'Ann' } } });
    const stored = storedShape(models.drafts, toStoredDoc(d)) as { data: unknown };
    expect(stored.data).toEqual({ person: { firstName: 'Ann' } });
  });

  it.each<[string, Partial<Draft>, string[]]>([
    ['an unknown status', { status: 'closed' as Draft['status'] }, ['status']],
    ['an unknown step', { step: 'done' as Draft['step'] }, ['step']],
    ['a missing owner', { ownerId: '' }, ['ownerId']],
    ['an owner id that is too long', { ownerId: 'x'.repeat(513) }, ['ownerId']],
    ['a negative version', { version: -1 }, ['version']],
    ['a fractional version', { version: 1.5 }, ['version']],
    ['a bad postcode in the data', { data: { person: { postcode: '12' } } }, ['data']],
    ['an unknown field in the data', { data: { extra: 1 } as never }, ['data']],
  ])('rejects %s', (_label, overrides, paths) => {
    expect(invalidPaths(models.drafts, toStoredDoc(draft(overrides)))).toEqual(paths);
  });

  it('refuses a field the schema does not declare', () => {
    expect(() => new models.drafts({ ...toStoredDoc(draft()), secret: 'x' })).toThrow(/secret/);
  });

  it('indexes open drafts by owner', () => {
    expect(draftSchema.indexes()).toContainEqual([{ ownerId: 1, status: 1 }, expect.anything()]);
  });
});

describe('case schema', () => {
  it('accepts a case and stores exactly the case', () => {
    const c = aCase();
    expect(invalidPaths(models.cases, toStoredDoc(c))).toEqual([]);
    expect(fromStoredDoc<Case>(storedShape(models.cases, toStoredDoc(c)) as never)).toEqual(c);
  });

  it('accepts a case with its thread and refusal reasons', () => {
    const c = aCase({
      status: 'refused',
      refusalReasons: ['minor', 'outside_brussels'],
      urgency: null,
      thread: { conversationId: '19:c@thread.tacv2', rootActivityId: '1700000000000', serviceUrl: 'https://x/' },
    });
    expect(invalidPaths(models.cases, toStoredDoc(c))).toEqual([]);
    expect(fromStoredDoc<Case>(storedShape(models.cases, toStoredDoc(c)) as never)).toEqual(c);
  });

  it('accepts a change to held with the meeting date, and adds none to the other changes', () => {
    const c = aCase({
      status: 'held',
      statusHistory: [
        { from: null, to: 'submitted', at: NOW, by: 'u' },
        { from: 'scheduled', to: 'held', at: NOW, by: 'u', meetingAt: new Date('2026-11-20T13:00:00Z') },
      ],
    });
    expect(invalidPaths(models.cases, toStoredDoc(c))).toEqual([]);
    const stored = fromStoredDoc<Case>(storedShape(models.cases, toStoredDoc(c)) as never);
    expect(stored).toEqual(c);
    expect(stored.statusHistory.map((h) => Object.keys(h).includes('meetingAt'))).toEqual([false, true]);
  });

  it.each<[string, Partial<Case>, string[]]>([
    ['an unknown status', { status: 'lost' as Case['status'] }, ['status']],
    ['an unknown refusal reason', { refusalReasons: ['bored' as never] }, ['refusalReasons.0']],
    ['an unknown domain', { domains: ['legal' as never] }, ['domains.0']],
    ['missing domains', { domains: undefined as never }, ['domains']],
    ['an unknown urgency', { urgency: 'asap' as never }, ['urgency']],
    ['a status change to an unknown status', { statusHistory: [{ from: null, to: 'x' as never, at: NOW, by: 'u' }] }, ['statusHistory.0.to']],
    ['a thread without its service url', { thread: { conversationId: 'c', rootActivityId: 'r' } as never }, ['thread.serviceUrl']],
    ['an invalid request', { request: { situation: { urgency: 'asap' } } as never }, ['request']],
    ['a sequence below 1', { seq: 0 }, ['seq']],
    ['a missing reference', { reference: '' }, ['reference']],
  ])('rejects %s', (_label, overrides, paths) => {
    expect(invalidPaths(models.cases, toStoredDoc(aCase(overrides)))).toEqual(paths);
  });

  it('declares unique indexes on the draft and on the reference', () => {
    const indexes = caseSchema.indexes();
    expect(indexes).toContainEqual([{ draftId: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes).toContainEqual([{ reference: 1 }, expect.objectContaining({ unique: true })]);
  });
});

describe('counter schema', () => {
  it('accepts a counter and rejects a non-integer sequence', () => {
    expect(invalidPaths(models.counters, { _id: 'case:2026', seq: 7 })).toEqual([]);
    expect(invalidPaths(models.counters, { _id: 'case:2026', seq: 1.5 })).toEqual(['seq']);
    expect(invalidPaths(models.counters, { _id: 'case:2026' })).toEqual(['seq']);
  });

  it('keys counters by name only', () => {
    expect(counterSchema.indexes()).toEqual([]);
  });
});

describe('conversation reference schema', () => {
  it('is keyed by the user id and maps back to the same reference', () => {
    const ref = conversationRef();
    const doc = toConversationRefDoc(ref);
    expect(doc._id).toBe('29:user');
    expect(invalidPaths(models.conversations, doc)).toEqual([]);
    expect(fromConversationRefDoc(storedShape(models.conversations, doc) as never)).toEqual(ref);
  });

  it('rejects a reference without a service url or locale', () => {
    const doc = toConversationRefDoc(conversationRef({ serviceUrl: '', locale: '' }));
    expect(invalidPaths(models.conversations, doc)).toEqual(['locale', 'serviceUrl']);
  });
});

describe('cases channel setting schema', () => {
  it('accepts the one settings document', () => {
    expect(invalidPaths(models.settings, { _id: CASES_CHANNEL_ID, ...casesChannel() })).toEqual([]);
  });

  it('rejects another document id and a missing channel', () => {
    expect(invalidPaths(models.settings, { _id: 'other', ...casesChannel({ channelId: '' }) })).toEqual([
      '_id',
      'channelId',
    ]);
  });
});

describe('outbox schema', () => {
  const fresh = (): OutboxMessage => fromStoredDoc<OutboxMessage>(buildNewOutboxDoc(NEW_MESSAGE, 'm-1', NOW));

  it('accepts a new message and stores it unchanged, empty payload included', () => {
    const doc = buildNewOutboxDoc(NEW_MESSAGE, 'm-1', NOW);
    expect(invalidPaths(models.outbox, doc)).toEqual([]);
    expect(fromStoredDoc<OutboxMessage>(storedShape(models.outbox, doc) as never)).toEqual(fresh());
  });

  it.each<[string, Partial<OutboxMessage>, string[]]>([
    ['an unknown kind', { kind: 'email' as never }, ['kind']],
    ['an unknown status', { status: 'lost' as never }, ['status']],
    ['a payload that is a list', { payload: [] as never }, ['payload']],
    ['a missing key', { key: '' }, ['key']],
    ['negative attempts', { attempts: -1 }, ['attempts']],
    ['an error text that is too long', { lastError: 'e'.repeat(2001) }, ['lastError']],
    ['a delivered conversation id that is too long', { sentConversationId: 'c'.repeat(513) }, ['sentConversationId']],
    ['a delivery time that is not a date', { deliveredAt: 'soon' as never }, ['deliveredAt']],
  ])('rejects %s', (_label, overrides, paths) => {
    expect(invalidPaths(models.outbox, toStoredDoc({ ...fresh(), ...overrides }))).toEqual(paths);
  });

  it('declares a unique key and the indexes the dispatcher claims through', () => {
    const indexes = outboxSchema.indexes();
    expect(indexes).toContainEqual([{ key: 1 }, expect.objectContaining({ unique: true })]);
    expect(indexes).toContainEqual([{ status: 1, nextAttemptAt: 1 }, expect.anything()]);
    expect(indexes).toContainEqual([{ status: 1, leaseUntil: 1 }, expect.anything()]);
  });
});

describe('audit schema', () => {
  it('accepts an entry and rejects one without an action', () => {
    const entry = { caseId: 'case-1', at: NOW, actorId: '29:u', action: 'case.viewed' };
    expect(invalidPaths(models.audit, entry)).toEqual([]);
    expect(invalidPaths(models.audit, { ...entry, action: '' })).toEqual(['action']);
  });

  it('indexes entries by case and time', () => {
    expect(auditSchema.indexes()).toContainEqual([{ caseId: 1, at: 1 }, expect.anything()]);
  });
});
