import { Schema, type Connection, type Model, type PipelineStage } from 'mongoose';
import type { Case, CaseThread, StatusChange } from '../../domain/case/case';
import { REFUSAL_REASONS } from '../../domain/case/eligibility';
import { DOMAINS, URGENCIES } from '../../domain/case/request';
import { CASE_STATUSES, isFinalStatus } from '../../domain/case/status';
import { ASSIGNMENT_OUTCOMES, type AssignmentRecord } from '../../domain/case/assignment';
import type { CaseRepository } from '../../domain/ports';
import {
  buildVersionFilter,
  fromStoredDoc,
  isDuplicateKeyError,
  toStoredDoc,
  type StoredDoc,
} from './document-mapping';
import {
  ID_MAX,
  LOCALE_MAX,
  NAME_MAX,
  SCHEMA_OPTIONS,
  SUBSCHEMA_OPTIONS,
  URL_MAX,
  countField,
  nullableDate,
  nullableEnum,
  nullableString,
  plainObjectField,
  requestDataField,
  requiredDate,
  requiredEnum,
  requiredString,
} from './schema-fields';

export type CaseDoc = StoredDoc<Case>;

/** Room for MKO-YYYY-NNNN and a longer sequence or prefix later. */
const REFERENCE_MAX = 40;

const statusChangeSchema = new Schema<StatusChange>(
  {
    // null for the first entry: the case did not exist before
    from: nullableEnum(CASE_STATUSES),
    to: requiredEnum(CASE_STATUSES),
    at: requiredDate(),
    by: requiredString(ID_MAX),
    // only on a change to held whose meeting date is known: absent otherwise, never null
    meetingAt: { type: Date },
  },
  SUBSCHEMA_OPTIONS,
);

const caseThreadSchema = new Schema<CaseThread>(
  {
    conversationId: requiredString(ID_MAX),
    rootActivityId: requiredString(ID_MAX),
    serviceUrl: requiredString(URL_MAX),
  },
  SUBSCHEMA_OPTIONS,
);

/** An enum list whose absence is a bug: mongoose would otherwise default a missing array to []. */
function enumList(values: readonly string[]) {
  return {
    type: [{ type: String, enum: { values: [...values], message: '{PATH} is not one of the allowed values' } }],
    default: undefined,
    required: [true, '{PATH} is required'] as [boolean, string],
  };
}

const assignmentSchema = new Schema<AssignmentRecord>(
  {
    organiserId: requiredString(ID_MAX),
    organiserName: requiredString(NAME_MAX),
    assignedBy: requiredString(ID_MAX),
    assignedAt: requiredDate(),
    overrideReason: nullableString(2000),
    outcome: requiredEnum(ASSIGNMENT_OUTCOMES),
    decidedAt: { type: Date, default: null },
  },
  SUBSCHEMA_OPTIONS,
);

export const caseSchema = new Schema<CaseDoc>(
  {
    _id: requiredString(ID_MAX),
    reference: requiredString(REFERENCE_MAX),
    year: countField(2000),
    seq: countField(1),
    draftId: requiredString(ID_MAX),
    requesterId: requiredString(ID_MAX),
    tenantId: nullableString(ID_MAX),
    status: requiredEnum(CASE_STATUSES),
    statusHistory: { type: [statusChangeSchema], default: undefined, required: [true, '{PATH} is required'] },
    request: requestDataField(),
    refusalReasons: enumList(REFUSAL_REASONS),
    pseudonym: requiredString(NAME_MAX),
    domains: enumList(DOMAINS),
    urgency: nullableEnum(URGENCIES),
    locale: requiredString(LOCALE_MAX),
    thread: { type: caseThreadSchema, default: null },
    organiserId: nullableString(ID_MAX),
    assignments: { type: [assignmentSchema], default: undefined, required: [true, '{PATH} is required'] },
    // validated by the domain when it is written; stored as one document of the case
    preparation: plainObjectField(),
    submittedAt: requiredDate(),
    updatedAt: requiredDate(),
    purgedAt: nullableDate(),
    version: countField(0),
  },
  { ...SCHEMA_OPTIONS, collection: 'cases' },
);
// one draft makes at most one case, even when a submit is clicked twice on two instances
caseSchema.index({ draftId: 1 }, { unique: true });
caseSchema.index({ reference: 1 }, { unique: true });
caseSchema.index({ requesterId: 1, submittedAt: -1 });
caseSchema.index({ organiserId: 1, status: 1 });
// a network member's own cases ("My cases"): multikey over the preparation's network
caseSchema.index({ 'preparation.network.userId': 1, status: 1 });

export function buildCaseModel(connection: Connection): Model<CaseDoc> {
  return connection.model<CaseDoc>('Case', caseSchema);
}

export class MongoCaseRepository implements CaseRepository {
  constructor(private readonly model: Model<CaseDoc>) {}

  async insert(c: Case): Promise<'inserted' | 'duplicate'> {
    try {
      await this.model.create(toStoredDoc(c));
      return 'inserted';
    } catch (err) {
      if (isDuplicateKeyError(err)) return 'duplicate';
      throw err;
    }
  }

  async findById(id: string): Promise<Case | null> {
    const doc = await this.model.findById(id).lean<CaseDoc>().exec();
    return doc ? fromStoredDoc<Case>(doc) : null;
  }

  async findByDraftId(draftId: string): Promise<Case | null> {
    const doc = await this.model.findOne({ draftId }).lean<CaseDoc>().exec();
    return doc ? fromStoredDoc<Case>(doc) : null;
  }

  async replaceIfVersion(c: Case, expectedVersion: number): Promise<boolean> {
    const result = await this.model
      .replaceOne(buildVersionFilter(c.id, expectedVersion), toStoredDoc(c), { runValidators: true })
      .exec();
    return result.matchedCount === 1;
  }

  async countOpenByOrganiser(): Promise<Map<string, number>> {
    const rows = await this.model
      .aggregate<{ _id: string; n: number }>(buildOpenByOrganiserPipeline())
      .exec();
    return new Map(rows.map((r) => [r._id, r.n]));
  }

  async listAll(): Promise<Case[]> {
    const docs = await this.model.find({}).sort({ submittedAt: 1, _id: 1 }).lean<CaseDoc[]>().exec();
    return docs.map((doc) => fromStoredDoc<Case>(doc));
  }

  /** Both branches of the $or have their own index, so the cost follows the caller's own cases. */
  async listOpenInvolving(userId: string): Promise<Case[]> {
    const docs = await this.model.find(buildOpenInvolvingFilter(userId)).sort({ reference: 1 }).lean<CaseDoc[]>().exec();
    return docs.map((doc) => fromStoredDoc<Case>(doc));
  }

  async findByReference(reference: string): Promise<Case | null> {
    const doc = await this.model.findOne({ reference }).lean<CaseDoc>().exec();
    return doc ? fromStoredDoc<Case>(doc) : null;
  }

  /** Newest first, as a requester's "my requests" list shows them. */
  async listByRequester(requesterId: string): Promise<Case[]> {
    const docs = await this.model
      .find({ requesterId })
      .sort({ submittedAt: -1, _id: 1 })
      .lean<CaseDoc[]>()
      .exec();
    return docs.map((doc) => fromStoredDoc<Case>(doc));
  }
}

/** Open cases the user organises or is a network member of; the access rules filter further. */
export function buildOpenInvolvingFilter(userId: string): Record<string, unknown> {
  return {
    $or: [{ organiserId: userId }, { 'preparation.network.userId': userId }],
    status: { $nin: CASE_STATUSES.filter(isFinalStatus) },
  };
}

/** Open cases per organiser: the workload that ranks the suggestions. */
export function buildOpenByOrganiserPipeline(): PipelineStage[] {
  const finalStatuses = CASE_STATUSES.filter(isFinalStatus);
  return [
    { $match: { organiserId: { $ne: null }, status: { $nin: finalStatuses } } },
    { $group: { _id: '$organiserId', n: { $sum: 1 } } },
  ];
}
