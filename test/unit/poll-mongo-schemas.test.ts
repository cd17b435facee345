import mongoose, { type Connection, type Document } from 'mongoose';
import type { Poll, Vote } from '../../domain/poll/poll';
import { buildMongoModels, type MongoModels } from '../../models/mongo/mongo-models';
import { fromStoredDoc, toStoredDoc } from '../../models/mongo/document-mapping';
import { buildInProgressFilter, pollSchema } from '../../models/mongo/polls';
import { buildVoteUpsert, voteSchema } from '../../models/mongo/votes';

// The poll and vote schemas on a connection that is never opened: casting and validation need no
// server (the store contract runs against MongoDB itself when MONGODB_URI is set).

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

// the autumn change: the second 02:30 in Brussels, an instant that must pass through untouched
const AT = new Date('2027-10-31T01:30:00.000Z');

const SLOT = { id: 's1', start: AT, end: new Date(AT.getTime() + 3_600_000), place: { kind: 'address' as const, text: 'Rue Haute 12' }, proposedBy: null, accepted: true };

function poll(overrides: Partial<Poll> = {}): Poll {
  return {
    id: 'case-1:1:1',
    caseId: 'case-1',
    cycle: 1,
    organiserId: 'org',
    meetingGoal: 'Agree who helps with the move',
    slots: [SLOT, { ...SLOT, id: 's2', place: { kind: 'online', url: 'https://teams.microsoft.com/l/meetup-join/x' }, proposedBy: 'e-gp', accepted: false }],
    participants: [
      { id: 'person', userId: null, name: 'M. D.', role: 'person', required: true },
      { id: 'e-gp', userId: 'u-gp', name: 'Dr. A', role: 'GP', required: true },
    ],
    deadline: AT,
    options: { resultsVisibleToOrganiserOnly: true, participantsMayProposeSlots: false },
    status: 'finalised',
    finalSlotId: 's1',
    icsUid: 'mko-case-1-1@mko-bot',
    icsSequence: 2,
    calendarEntry: { slot: SLOT, cancelled: false },
    openedAt: AT,
    createdAt: AT,
    version: 3,
    ...overrides,
  };
}

type AnyModel = new (doc: never) => Pick<Document<unknown>, 'validateSync' | 'toBSON'>;

function invalidPaths(model: AnyModel, doc: object): string[] {
  const error = new model(doc as never).validateSync();
  return error ? Object.keys(error.errors).sort() : [];
}

function storedShape(model: AnyModel, doc: object): object {
  return new model(doc as never).toBSON() as object;
}

describe('poll schema', () => {
  it('stores exactly the poll, nested slots, participants and calendar entry included', () => {
    expect(invalidPaths(models.polls, toStoredDoc(poll()))).toEqual([]);
    expect(fromStoredDoc<Poll>(storedShape(models.polls, toStoredDoc(poll())) as never)).toEqual(poll());
    expect(fromStoredDoc<Poll>(storedShape(models.polls, toStoredDoc(poll({ calendarEntry: null, finalSlotId: null, status: 'open' }))) as never)).toEqual(
      poll({ calendarEntry: null, finalSlotId: null, status: 'open' }),
    );
  });

  it('refuses a wrong status, a place that is not one, a negative sequence and an unknown field', () => {
    expect(invalidPaths(models.polls, toStoredDoc(poll({ status: 'draft' as never })))).toEqual(['status']);
    expect(invalidPaths(models.polls, toStoredDoc(poll({ slots: [{ ...SLOT, place: { kind: 'online', url: 'http://x' } }] })))).toEqual(['slots.0.place']);
    expect(invalidPaths(models.polls, toStoredDoc(poll({ icsSequence: -1 })))).toEqual(['icsSequence']);
    expect(() => new models.polls({ ...toStoredDoc(poll()), secret: 'x' })).toThrow(/secret/);
  });

  it('indexes the polls of a case and the polls in progress by deadline', () => {
    expect(pollSchema.indexes()).toContainEqual([{ caseId: 1, createdAt: 1 }, expect.anything()]);
    expect(pollSchema.indexes()).toContainEqual([{ status: 1, deadline: 1 }, expect.anything()]);
    expect(buildInProgressFilter()).toEqual({ status: { $in: ['open', 'closed'] } });
  });
});

describe('vote schema', () => {
  const vote: Vote = { pollId: 'case-1:1:1', participantId: 'e-gp', slotId: 's1', answer: 'if_need_be', recordedBy: 'u-gp', recordedAt: AT };

  it('accepts an answer and refuses one that is not yes, if need be or no', () => {
    expect(invalidPaths(models.votes, vote)).toEqual([]);
    expect(invalidPaths(models.votes, { ...vote, answer: 'maybe' })).toEqual(['answer']);
    expect(invalidPaths(models.votes, { ...vote, slotId: undefined })).toEqual(['slotId']);
  });

  it('holds one answer per participant and slot with a unique index, and upserts on exactly that key', () => {
    expect(voteSchema.indexes()).toContainEqual([{ pollId: 1, participantId: 1, slotId: 1 }, expect.objectContaining({ unique: true })]);
    expect(buildVoteUpsert(vote)).toEqual({
      filter: { pollId: 'case-1:1:1', participantId: 'e-gp', slotId: 's1' },
      update: { $set: { answer: 'if_need_be', recordedBy: 'u-gp', recordedAt: AT } },
    });
  });
});
