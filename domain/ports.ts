/**
 * The interfaces the domain needs from the outside world. Repositories (models/) are the only code
 * that knows the database; the bot and the jobs only ever see these ports.
 */
import type { Case } from './case/case';
import type { RequestData } from './case/request';
import type { Organiser } from './case/organisers';
import type { Poll, Vote } from './poll/poll';
import type { MeetingReport } from './report/report';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  newId(): string;
}

/** The steps of the request dialogue, in order. */
export const INTAKE_STEPS = ['requester', 'person', 'situation', 'network', 'summary'] as const;
export type IntakeStep = (typeof INTAKE_STEPS)[number];

export interface Draft {
  id: string;
  ownerId: string;
  tenantId: string | null;
  step: IntakeStep;
  data: RequestData;
  status: 'open' | 'submitted';
  caseId: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface DraftRepository {
  insert(draft: Draft): Promise<void>;
  findById(id: string): Promise<Draft | null>;
  listOpenByOwner(ownerId: string): Promise<Draft[]>;
  /** Writes `draft` only if the stored version is still `expectedVersion`; false otherwise. */
  replaceIfVersion(draft: Draft, expectedVersion: number): Promise<boolean>;
  delete(id: string): Promise<void>;
  countOpen(): Promise<number>;
  /** Every open (unfinished) draft, oldest first: the figures' "incomplete" and the retention job. */
  listOpen(): Promise<Draft[]>;
  /**
   * Deletes the draft only while it is still open at `expectedVersion`; false otherwise. A job
   * claims an expired draft this way, so a draft resumed at that moment is never deleted.
   */
  deleteIfVersion(id: string, expectedVersion: number): Promise<boolean>;
}

export interface CaseRepository {
  /** 'duplicate' when a case for the same draft (or with the same reference) exists already. */
  insert(c: Case): Promise<'inserted' | 'duplicate'>;
  findById(id: string): Promise<Case | null>;
  findByDraftId(draftId: string): Promise<Case | null>;
  /** Writes `c` only if the stored version is still `expectedVersion`; false otherwise. */
  replaceIfVersion(c: Case, expectedVersion: number): Promise<boolean>;
  listByRequester(requesterId: string): Promise<Case[]>;
  /** Open (not final) cases per organiser id: the workload the assignment ranking uses. */
  countOpenByOrganiser(): Promise<Map<string, number>>;
  /** Every case, for the coordinator's figures. */
  listAll(): Promise<Case[]>;
  /**
   * Open (not final) cases whose organiser is `userId` or whose preparation network has a member
   * with that Teams user id, by reference. A superset for "My cases": the access rules still decide
   * what is shown (a pending organiser, a member not invited or before consent to share).
   */
  listOpenInvolving(userId: string): Promise<Case[]>;
  /** The case with this human reference (MKO-2026-0007), exactly as formatted. */
  findByReference(reference: string): Promise<Case | null>;
}

export interface OrganiserRepository {
  /** Adds or replaces the organiser (re-adding a removed organiser brings them back). */
  upsert(organiser: Organiser): Promise<void>;
  findById(id: string): Promise<Organiser | null>;
  /** The pool without removed organisers, by name. */
  listPool(): Promise<Organiser[]>;
  replaceIfVersion(organiser: Organiser, expectedVersion: number): Promise<boolean>;
}

export interface CounterRepository {
  /** Atomically increments and returns the counter `name` (1 on first use). */
  next(name: string): Promise<number>;
  /** The current value of every counter whose name starts with `prefix` (read only). */
  listByPrefix(prefix: string): Promise<Map<string, number>>;
}

/** Enough of a Teams conversation to message a user proactively after a restart. */
export interface StoredConversationRef {
  userId: string;
  tenantId: string | null;
  serviceUrl: string;
  conversationId: string;
  channelId: string;
  botId: string;
  botName: string | null;
  locale: string;
  updatedAt: Date;
}

export interface ConversationRefRepository {
  upsert(ref: StoredConversationRef): Promise<void>;
  findByUser(userId: string): Promise<StoredConversationRef | null>;
}

/** The team channel a coordinator chose for case threads. */
export interface CasesChannel {
  teamId: string | null;
  channelId: string;
  tenantId: string | null;
  serviceUrl: string;
  botId: string;
  /** Language of the channel's cards: the one of the coordinator who chose the channel. */
  locale: string;
  setBy: string;
  setAt: Date;
}

export interface SettingsRepository {
  getCasesChannel(): Promise<CasesChannel | null>;
  setCasesChannel(channel: CasesChannel): Promise<void>;
}

/**
 * A poll's card in the case thread: `case_thread_card` posts it as a reply (rendered when sent from
 * payload.view), `case_thread_card_update` renders it again over the reply posted by the message
 * whose key is payload.postKey (a live card, updated in place).
 */
export const OUTBOX_KINDS = ['case_thread_post', 'case_thread_refresh', 'case_thread_reply', 'direct_card', 'case_thread_card', 'case_thread_card_update'] as const;
export type OutboxKind = (typeof OUTBOX_KINDS)[number];
export type OutboxStatus = 'pending' | 'sending' | 'waiting_channel' | 'sent' | 'failed';

export interface OutboxMessage {
  id: string;
  /** Idempotency key: one message per key, ever. */
  key: string;
  kind: OutboxKind;
  caseId: string | null;
  /** Recipient user for direct messages. */
  userId: string | null;
  /** Kind-specific data; never rendered into logs. */
  payload: Record<string, unknown>;
  /**
   * Messages with the same coalesce key carry the same news rendered when sent (the latest state of
   * one card): while one of them waits to be sent, another adds nothing and is not queued.
   */
  coalesce: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  /** The activity Teams created for this message (recorded on delivery, before any bookkeeping). */
  sentActivityId: string | null;
  /** The conversation Teams answered with: a new case thread's or 1:1 chat's id, else the target's. */
  sentConversationId: string | null;
  /**
   * When Teams' answer was recorded. Set while the message may still be 'sending' (or pending after
   * failed bookkeeping): such a message was delivered, and is finished without sending it again.
   */
  deliveredAt: Date | null;
  lastError: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What Teams answered when it accepted a message. */
export interface OutboxDelivery {
  activityId: string | null;
  conversationId: string | null;
}

export type NewOutboxMessage = Pick<OutboxMessage, 'key' | 'kind' | 'caseId' | 'userId' | 'payload'> & Partial<Pick<OutboxMessage, 'coalesce'>>;

/** Waiting to be sent, not yet rendered: a message with the same coalesce key adds nothing to it. */
export const COALESCING_STATUSES = ['pending', 'waiting_channel'] as const satisfies readonly OutboxStatus[];

/** A message as every store enqueues it: due now, never tried. */
export function makeOutboxMessage(message: NewOutboxMessage, id: string, now: Date): OutboxMessage {
  return {
    id,
    key: message.key,
    kind: message.kind,
    caseId: message.caseId,
    userId: message.userId,
    payload: message.payload,
    coalesce: message.coalesce ?? null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    leaseUntil: null,
    sentActivityId: null,
    sentConversationId: null,
    deliveredAt: null,
    lastError: null,
    createdAt: now,
    updatedAt: now,
  };
}

export interface OutboxRepository {
  /**
   * 'duplicate' when a message with this key was enqueued before (whatever its status), or when the
   * message has a coalesce key and a message with that key still waits to be sent (it will render
   * the latest state, this message's news included). The check and the insert are not one atomic
   * step: two enqueues racing may both queue, which costs one more send, never a lost one.
   */
  enqueue(message: NewOutboxMessage, now: Date): Promise<'queued' | 'duplicate'>;
  findByKey(key: string): Promise<OutboxMessage | null>;
  /**
   * Atomically claims up to `limit` due messages (pending and due, or sending with an expired
   * lease after a crash) by setting status 'sending' and a lease; two dispatchers never claim the
   * same message. Among the due ones the oldest (by createdAt) go first, so a retried message is
   * not queued again behind everything enqueued after it. Found by an index on the due time, so
   * the cost follows the due messages, not all the stored ones.
   */
  claimDue(now: Date, leaseMs: number, limit: number): Promise<OutboxMessage[]>;
  /**
   * Records Teams' answer for a claimed message in one atomic write (activity id, the conversation
   * it is in, deliveredAt), while the claim that sent it still holds it: `leaseUntil` is the lease
   * that claim set, and names it. False when the lease was lost (expired and claimed again).
   */
  recordDelivery(id: string, leaseUntil: Date, delivery: OutboxDelivery, now: Date): Promise<boolean>;
  markSent(id: string, sentActivityId: string | null, now: Date): Promise<void>;
  /** When the next message falls due (a pending one's nextAttemptAt, a sending one's lease end); null when none waits. */
  nextDueAt(): Promise<Date | null>;
  /** Back to pending at `nextAttemptAt` (a retry), counting the attempt. */
  reschedule(id: string, nextAttemptAt: Date, error: string, now: Date): Promise<void>;
  /** Back to pending at `until` without counting an attempt (waiting on something, not failing). */
  defer(id: string, until: Date, now: Date): Promise<void>;
  /** Parks a thread message until a cases channel is chosen. */
  parkUntilChannel(id: string, now: Date): Promise<void>;
  /** Makes every parked message due again (a cases channel was just chosen). */
  releaseParked(now: Date): Promise<number>;
  markFailed(id: string, error: string, now: Date): Promise<void>;
  countByStatus(): Promise<Record<OutboxStatus, number>>;
}

export interface AuditEntry {
  caseId: string;
  at: Date;
  actorId: string;
  /** What was done, e.g. 'case.created', 'case.viewed'; never the content. */
  action: string;
}

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  listByCase(caseId: string): Promise<AuditEntry[]>;
}

export interface PollRepository {
  /** 'duplicate' when a poll with this id exists: two clicks creating the same poll, one wins. */
  insert(poll: Poll): Promise<'inserted' | 'duplicate'>;
  findById(id: string): Promise<Poll | null>;
  /** Writes `poll` only if the stored version is still `expectedVersion`; false otherwise. */
  replaceIfVersion(poll: Poll, expectedVersion: number): Promise<boolean>;
  /** Every poll of a case, oldest first. */
  listByCase(caseId: string): Promise<Poll[]>;
  /** Polls open or closed (not finalised or cancelled): the work of the reminder job. */
  listInProgress(): Promise<Poll[]>;
  /** Deletes every poll of a case (retention, erasure); returns the ids deleted. */
  deleteByCase(caseId: string): Promise<string[]>;
}

/**
 * Votes are stored one document per (poll, participant, slot), never inside the poll: each answer is
 * one atomic upsert, so many people answering at the same moment never overwrite each other.
 */
export interface VoteRepository {
  /** Stores the answer, replacing an earlier answer of the same participant for the same slot. */
  upsert(vote: Vote): Promise<void>;
  listByPoll(pollId: string): Promise<Vote[]>;
  /** Deletes every vote of the given polls (retention, erasure). */
  deleteByPolls(pollIds: readonly string[]): Promise<void>;
}

/**
 * Meeting reports: one document per (case, cycle), written compare-and-set on its version. The
 * follow-up job reads only the reports being followed up (sent, not yet evaluated), by an index.
 */
/** The follow-up check a report gets on every write: due at once, whatever the tick's clock says. */
export const FOLLOW_UP_CHECK_AT_ONCE = new Date(0);

export interface ReportRepository {
  /** 'duplicate' when the report of this case and cycle exists already. */
  insert(report: MeetingReport): Promise<'inserted' | 'duplicate'>;
  find(caseId: string, cycle: number): Promise<MeetingReport | null>;
  /** Every report of a case, by cycle. */
  listByCase(caseId: string): Promise<MeetingReport[]>;
  replaceIfVersion(report: MeetingReport, expectedVersion: number): Promise<boolean>;
  /** Sent and not yet evaluated: every report being followed up. */
  listFollowingUp(): Promise<MeetingReport[]>;
  /**
   * The reports being followed up whose follow-up check is due at `now` or before, found by an index
   * on that time: the follow-up tick's work, whatever the number of reports stored. Every insert or
   * replace of a report being followed up makes its check due at once (the change may bring a notice
   * forward); the tick then sets the next one with setFollowUpCheck.
   */
  listFollowUpDue(now: Date): Promise<MeetingReport[]>;
  /**
   * When the follow-up next looks at the report (null: not until it changes), written only while the
   * report is still at `version`: a change made meanwhile keeps its check due at once. The version
   * is not bumped: this is bookkeeping of the job, not a change of the report.
   */
  setFollowUpCheck(caseId: string, cycle: number, version: number, at: Date | null): Promise<boolean>;
  /** Deletes every report of a case (retention, erasure). */
  deleteByCase(caseId: string): Promise<void>;
}

export interface Stores {
  reports: ReportRepository;
  polls: PollRepository;
  votes: VoteRepository;
  drafts: DraftRepository;
  cases: CaseRepository;
  organisers: OrganiserRepository;
  counters: CounterRepository;
  conversations: ConversationRefRepository;
  settings: SettingsRepository;
  outbox: OutboxRepository;
  audit: AuditRepository;
  isReady(): boolean;
  close(): Promise<void>;
}
