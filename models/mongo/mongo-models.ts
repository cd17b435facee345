import type { Connection, Model } from 'mongoose';
import { buildAuditModel, type AuditDoc } from './audit';
import { buildCaseModel, type CaseDoc } from './cases';
import { buildConversationRefModel, type ConversationRefDoc } from './conversation-refs';
import { buildCounterModel, type CounterDoc } from './counters';
import { buildDraftModel, type DraftDoc } from './drafts';
import type { OutboxDoc } from './outbox-queries';
import { buildOutboxModel } from './outbox';
import { buildCasesChannelModel, type CasesChannelDoc } from './settings';
import { buildOrganiserModel, type OrganiserDoc } from './organisers';
import { buildPollModel, type PollDoc } from './polls';
import { buildVoteModel, type VoteDoc } from './votes';

export interface MongoModels {
  drafts: Model<DraftDoc>;
  cases: Model<CaseDoc>;
  organisers: Model<OrganiserDoc>;
  polls: Model<PollDoc>;
  votes: Model<VoteDoc>;
  counters: Model<CounterDoc>;
  conversations: Model<ConversationRefDoc>;
  settings: Model<CasesChannelDoc>;
  outbox: Model<OutboxDoc>;
  audit: Model<AuditDoc>;
}

/** Models live on the given connection, never on mongoose's global one, so stores never share state. */
export function buildMongoModels(connection: Connection): MongoModels {
  return {
    drafts: buildDraftModel(connection),
    cases: buildCaseModel(connection),
    organisers: buildOrganiserModel(connection),
    polls: buildPollModel(connection),
    votes: buildVoteModel(connection),
    counters: buildCounterModel(connection),
    conversations: buildConversationRefModel(connection),
    settings: buildCasesChannelModel(connection),
    outbox: buildOutboxModel(connection),
    audit: buildAuditModel(connection),
  };
}
