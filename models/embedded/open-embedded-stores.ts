import type { Stores } from '../../domain/ports';
import { acquireDataDirLock } from './data-dir-lock';
import { openCollection } from './nedb-collection';
import { DRAFT_INDEXES, EmbeddedDraftRepository } from './draft-repository';
import { CASE_INDEXES, EmbeddedCaseRepository } from './case-repository';
import { EmbeddedOutboxRepository, OUTBOX_INDEXES } from './outbox-repository';
import { EmbeddedOrganiserRepository, ORGANISER_INDEXES } from './organiser-repository';
import { EmbeddedPollRepository, POLL_INDEXES } from './poll-repository';
import { EmbeddedVoteRepository, VOTE_INDEXES } from './poll-vote-repository';
import { EmbeddedReportRepository, REPORT_INDEXES } from './report-repository';
import {
  AUDIT_INDEXES,
  CONVERSATION_INDEXES,
  EmbeddedAuditRepository,
  EmbeddedConversationRefRepository,
  EmbeddedCounterRepository,
  EmbeddedSettingsRepository,
} from './small-repositories';

/**
 * The zero-setup store: one nedb file per collection under `dataDir`, for a single bot process
 * (a second process on the same folder is refused by the lock).
 */
export async function openEmbeddedStores(dataDir: string): Promise<Stores> {
  const lock = acquireDataDirLock(dataDir);
  try {
    const [polls, votes] = await Promise.all([openCollection(dataDir, 'polls', POLL_INDEXES), openCollection(dataDir, 'votes', VOTE_INDEXES)]);
    const reports = await openCollection(dataDir, 'reports', REPORT_INDEXES);
    const [drafts, cases, organisers, counters, conversations, settings, outbox, audit] = await Promise.all([
      openCollection(dataDir, 'drafts', DRAFT_INDEXES),
      openCollection(dataDir, 'cases', CASE_INDEXES),
      openCollection(dataDir, 'organisers', ORGANISER_INDEXES),
      openCollection(dataDir, 'counters', []),
      openCollection(dataDir, 'conversations', CONVERSATION_INDEXES),
      openCollection(dataDir, 'settings', []),
      openCollection(dataDir, 'outbox', OUTBOX_INDEXES),
      openCollection(dataDir, 'audit', AUDIT_INDEXES),
    ]);
    let open = true;
    return {
      reports: new EmbeddedReportRepository(reports),
      polls: new EmbeddedPollRepository(polls),
      votes: new EmbeddedVoteRepository(votes),
      drafts: new EmbeddedDraftRepository(drafts),
      cases: new EmbeddedCaseRepository(cases),
      organisers: new EmbeddedOrganiserRepository(organisers),
      counters: new EmbeddedCounterRepository(counters),
      conversations: new EmbeddedConversationRefRepository(conversations),
      settings: new EmbeddedSettingsRepository(settings),
      outbox: new EmbeddedOutboxRepository(outbox),
      audit: new EmbeddedAuditRepository(audit),
      isReady: () => open,
      close: async () => {
        if (!open) return;
        open = false;
        // compacting on close keeps the append-only files small across restarts
        await Promise.all([drafts, cases, organisers, counters, conversations, settings, outbox, audit, polls, votes, reports].map((db) => db.compactDatafileAsync()));
        lock.release();
      },
    };
  } catch (err) {
    lock.release();
    throw err;
  }
}
