import { Schema, type Connection, type Model } from 'mongoose';
import type { CalendarEntry, Poll, PollOptions, PollParticipant, Slot } from '../../domain/poll/poll';
import { POLL_STATUSES } from '../../domain/poll/poll';
import { placeSchema } from '../../domain/poll/inputs';
import type { PollRepository } from '../../domain/ports';
import { buildVersionFilter, fromStoredDoc, isDuplicateKeyError, toStoredDoc, type StoredDoc } from './document-mapping';
import {
  ID_MAX,
  NAME_MAX,
  SCHEMA_OPTIONS,
  SUBSCHEMA_OPTIONS,
  countField,
  nullableString,
  requiredDate,
  requiredEnum,
  requiredString,
} from './schema-fields';

export type PollDoc = StoredDoc<Poll>;

/** The meeting goal (MEETING_GOAL_MAX in the domain) with room to spare. */
const GOAL_MAX = 1000;
/** A poll's calendar UID: mko-<case id>-<cycle>@mko-bot. */
const UID_MAX = ID_MAX + 40;

/** A place is validated by the domain's own zod schema, so that there is one definition of it. */
function placeField() {
  return {
    type: Schema.Types.Mixed,
    required: [true, '{PATH} is required'] as [boolean, string],
    validate: { validator: (value: unknown) => placeSchema.safeParse(value).success, message: '{PATH} is not a valid place' },
  };
}

const slotSchema = new Schema<Slot>(
  {
    id: requiredString(ID_MAX),
    start: requiredDate(),
    end: requiredDate(),
    place: placeField(),
    proposedBy: nullableString(ID_MAX),
    accepted: { type: Boolean, required: [true, '{PATH} is required'] },
  },
  SUBSCHEMA_OPTIONS,
);

const participantSchema = new Schema<PollParticipant>(
  {
    id: requiredString(ID_MAX),
    userId: nullableString(ID_MAX),
    name: requiredString(NAME_MAX),
    role: requiredString(NAME_MAX),
    required: { type: Boolean, required: [true, '{PATH} is required'] },
  },
  SUBSCHEMA_OPTIONS,
);

const optionsSchema = new Schema<PollOptions>(
  {
    resultsVisibleToOrganiserOnly: { type: Boolean, required: [true, '{PATH} is required'] },
    participantsMayProposeSlots: { type: Boolean, required: [true, '{PATH} is required'] },
  },
  SUBSCHEMA_OPTIONS,
);

const calendarEntrySchema = new Schema<CalendarEntry>(
  {
    slot: { type: slotSchema, required: [true, '{PATH} is required'] },
    cancelled: { type: Boolean, required: [true, '{PATH} is required'] },
  },
  SUBSCHEMA_OPTIONS,
);

export const pollSchema = new Schema<PollDoc>(
  {
    _id: requiredString(ID_MAX),
    caseId: requiredString(ID_MAX),
    cycle: countField(1),
    organiserId: requiredString(ID_MAX),
    meetingGoal: requiredString(GOAL_MAX),
    slots: { type: [slotSchema], default: undefined, required: [true, '{PATH} is required'] },
    participants: { type: [participantSchema], default: undefined, required: [true, '{PATH} is required'] },
    deadline: requiredDate(),
    options: { type: optionsSchema, required: [true, '{PATH} is required'] },
    status: requiredEnum(POLL_STATUSES),
    finalSlotId: nullableString(ID_MAX),
    icsUid: requiredString(UID_MAX),
    icsSequence: countField(0),
    calendarEntry: { type: calendarEntrySchema, default: null },
    openedAt: requiredDate(),
    createdAt: requiredDate(),
    version: countField(0),
  },
  { ...SCHEMA_OPTIONS, collection: 'polls' },
);
pollSchema.index({ caseId: 1, createdAt: 1 });
// the reminder job reads the polls in progress on every tick
pollSchema.index({ status: 1, deadline: 1 });

export function buildPollModel(connection: Connection): Model<PollDoc> {
  return connection.model<PollDoc>('Poll', pollSchema);
}

/** Polls in progress: taking answers (open) or waiting for the organiser's choice (closed). */
export function buildInProgressFilter(): { status: { $in: Poll['status'][] } } {
  return { status: { $in: ['open', 'closed'] } };
}

export class MongoPollRepository implements PollRepository {
  constructor(private readonly model: Model<PollDoc>) {}

  async insert(poll: Poll): Promise<'inserted' | 'duplicate'> {
    try {
      await this.model.create(toStoredDoc(poll));
      return 'inserted';
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }

  async findById(id: string): Promise<Poll | null> {
    const doc = await this.model.findById(id).lean<PollDoc>().exec();
    return doc ? fromStoredDoc<Poll>(doc) : null;
  }

  async replaceIfVersion(poll: Poll, expectedVersion: number): Promise<boolean> {
    const result = await this.model.replaceOne(buildVersionFilter(poll.id, expectedVersion), toStoredDoc(poll), { runValidators: true }).exec();
    return result.matchedCount === 1;
  }

  async listByCase(caseId: string): Promise<Poll[]> {
    const docs = await this.model.find({ caseId }).sort({ createdAt: 1, _id: 1 }).lean<PollDoc[]>().exec();
    return docs.map((d) => fromStoredDoc<Poll>(d));
  }

  async deleteByCase(caseId: string): Promise<string[]> {
    const docs = await this.model.find({ caseId }, { _id: 1 }).lean<{ _id: string }[]>().exec();
    await this.model.deleteMany({ caseId }).exec();
    return docs.map((d) => d._id);
  }

  async listInProgress(): Promise<Poll[]> {
    const docs = await this.model.find(buildInProgressFilter()).sort({ deadline: 1, _id: 1 }).lean<PollDoc[]>().exec();
    return docs.map((d) => fromStoredDoc<Poll>(d));
  }
}
