import restify from 'restify';
import type { Case } from '../../domain/case/case';
import type { MeetingReport } from '../../domain/report/report';
import { registerTabApi, registerTabPage } from '../../bot/tab-api';
import { createLogger } from '../../bot/logger';
import { BotHarness, COORDINATOR, NURSE, ORGANISER, SOCIAL_WORKER, type User } from '../support/bot-harness';
import { makeCase, makeCompleteRequest } from '../support/fixtures';
import { makeTokenKit, type TokenKit } from '../tab/tab-tokens';
import { organisedCase } from './writes-world';

/**
 * The tab's API on a restify server set up as bot/server.ts sets it up (same body parser), over a
 * running bot's stores, with three people who own something and one who owns nothing:
 * - the nurse: a request of theirs, and an action of theirs in a case being followed up;
 * - the organiser (here simply another requester): a request of theirs;
 * - the stranger: nothing; the coordinator: the dashboard.
 * Every id and text of one person's is a "secret" that nobody else's answer may contain.
 */
export interface TabWorld {
  h: BotHarness;
  url: string;
  kit: TokenKit;
  /** Every route of the tab's API as the server registered it (new routes show up here by themselves). */
  routes: { method: string; path: string }[];
  users: { nurse: User; other: User; stranger: User; coordinator: User };
  /** Per user id: the ids and texts that are theirs alone. */
  secrets: Map<string, string[]>;
  /** Ids worth trying in a payload: everyone's cases, references, actions, drafts. */
  ids: string[];
  followUpCaseId: string;
  actionId: string;
  stop(): Promise<void>;
}

const ACTION_TEXT = 'Renew the prescription FZ-7';
const OTHER_NAME = 'Ostrowski';

function requestOf(id: string, seq: number, requester: User, lastName: string): Case {
  const base = makeCompleteRequest();
  return makeCase({
    id,
    draftId: `draft-${id}`,
    reference: `MKO-2026-${String(seq).padStart(4, '0')}`,
    seq,
    requesterId: requester.aadObjectId,
    request: { ...base, person: { ...base.person, lastName } },
  });
}

/** A sent report of `c` with one open action of the nurse's (entry e-nurse), due in a month. */
function sentReport(c: Case, actionId: string, at: Date): MeetingReport {
  return {
    caseId: c.id,
    cycle: 1,
    meetingId: `${c.id}:meeting:c1`,
    attendance: [{ participantId: 'e-nurse', name: 'Home nurse', role: 'role', status: 'present', mode: 'in_person' }],
    whatGoesWell: null,
    situation: null,
    decisions: [],
    actions: [
      { id: actionId, what: ACTION_TEXT, owner: { kind: 'participant', entryId: 'e-nurse', name: 'Home nurse' }, ownerMandate: 'decides', dueDate: '2026-12-21', status: 'open', history: [], reassignments: [], revision: 0, revisedAt: at },
    ],
    referentEntryId: 'e-nurse',
    referentConfirmed: true,
    crisisPlan: null,
    evaluation: { who: 'e-nurse', how: 'a call', date: '2027-03-01' },
    status: 'sent',
    sentAt: at,
    sentBy: ORGANISER.aadObjectId,
    corrections: [],
    evaluationOutcome: null,
    createdAt: at,
    updatedAt: at,
    version: 2,
  };
}

export async function buildTabWorld(): Promise<TabWorld> {
  // what a request writes is all the properties may see: no job ticking in between
  const h = await BotHarness.start({ jobs: false });
  const kit = await makeTokenKit();
  const stores = h.bot.stores;
  const nurseCase = requestOf('tab-nurse-case', 7001, NURSE, 'Dubois');
  const otherCase = requestOf('tab-other-case', 7002, ORGANISER, OTHER_NAME);
  const followed = { ...organisedCase('tab-followed-case', 7003, 'follow_up', h.connector.url), organiserId: COORDINATOR.aadObjectId };
  const actionId = 'tab-action-1';
  for (const c of [nurseCase, otherCase, followed]) {
    if ((await stores.cases.insert(c)) !== 'inserted') throw new Error(`case ${c.id} was not stored`);
  }
  if ((await stores.reports.insert(sentReport(followed, actionId, h.clock.now()))) !== 'inserted') throw new Error('the report was not stored');

  // as bot/server.ts registers the tab: same body parser, same routes
  const server = restify.createServer({ name: 'mko-tab-fuzz', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 4 * 1024 * 1024, mapParams: false, mapFiles: false }));
  registerTabPage(server);
  registerTabApi(server, { stores, clock: h.clock, logger: createLogger('silent'), auth: kit.auth, coordinatorIds: new Set([COORDINATOR.aadObjectId]) });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const routes = (server.getDebugInfo().routes as { method: string; path: string }[])
    .filter((r) => String(r.path).startsWith('/api/tab/'))
    .map((r) => ({ method: String(r.method).toUpperCase(), path: String(r.path) }));
  if (routes.length === 0) throw new Error('the tab API registered no route');

  const secrets = new Map<string, string[]>([
    [NURSE.aadObjectId, [nurseCase.id, nurseCase.reference, nurseCase.draftId, followed.id, followed.reference, actionId, ACTION_TEXT]],
    [ORGANISER.aadObjectId, [otherCase.id, otherCase.reference, otherCase.draftId, OTHER_NAME]],
  ]);
  return {
    h,
    url: `http://127.0.0.1:${server.address().port}`,
    kit,
    routes,
    users: { nurse: NURSE, other: ORGANISER, stranger: SOCIAL_WORKER, coordinator: COORDINATOR },
    secrets,
    ids: [nurseCase.id, nurseCase.reference, otherCase.id, otherCase.reference, followed.id, followed.reference, actionId, nurseCase.draftId, 'e-nurse'],
    followUpCaseId: followed.id,
    actionId,
    stop: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await h.stop();
    },
  };
}
