import mongoose from 'mongoose';
import type { Stores } from '../../domain/ports';
import { MongoAuditRepository } from './audit';
import { MongoCaseRepository } from './cases';
import { MongoOrganiserRepository } from './organisers';
import { MongoPollRepository } from './polls';
import { MongoVoteRepository } from './votes';
import { MongoConversationRefRepository } from './conversation-refs';
import { MongoCounterRepository } from './counters';
import { MongoDraftRepository } from './drafts';
import { buildMongoModels, type MongoModels } from './mongo-models';
import { MongoOutboxRepository } from './outbox';
import { MongoSettingsRepository } from './settings';
import { buildReportModel, MongoReportRepository } from './reports';

const CONNECTED = 1;

/**
 * Connects to MongoDB (or Cosmos DB for MongoDB) and returns the stores once every declared index
 * exists: the unique indexes are what make duplicate submits and duplicate messages impossible, so
 * no write may happen before they are built.
 */
export async function openMongoStores(uri: string, options: { dbName?: string } = {}): Promise<Stores> {
  const connection = mongoose.createConnection(uri, {
    ...(options.dbName === undefined ? {} : { dbName: options.dbName }),
    // indexes are built below and awaited, not in the background behind the first writes
    autoIndex: false,
    // while disconnected, fail the write instead of queueing it in memory where a restart loses it
    bufferCommands: false,
  });
  try {
    await connection.asPromise();
    const models = buildMongoModels(connection);
    await syncAllIndexes(models);
    const reportModel = buildReportModel(connection);
    await reportModel.syncIndexes();
    return {
      reports: new MongoReportRepository(reportModel),
      drafts: new MongoDraftRepository(models.drafts),
      cases: new MongoCaseRepository(models.cases),
      organisers: new MongoOrganiserRepository(models.organisers),
      polls: new MongoPollRepository(models.polls),
      votes: new MongoVoteRepository(models.votes),
      counters: new MongoCounterRepository(models.counters),
      conversations: new MongoConversationRefRepository(models.conversations),
      settings: new MongoSettingsRepository(models.settings),
      outbox: new MongoOutboxRepository(models.outbox),
      audit: new MongoAuditRepository(models.audit),
      isReady: () => connection.readyState === CONNECTED,
      close: () => connection.close(),
    };
  } catch (err) {
    await connection.close().catch(() => undefined);
    throw err;
  }
}

/** Also drops indexes no schema declares any more, so the database follows the schemas. */
async function syncAllIndexes(models: MongoModels): Promise<void> {
  for (const model of Object.values(models)) {
    await model.syncIndexes();
  }
}
