import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Stores } from '../../domain/ports';
import { openEmbeddedStores } from '../../models/embedded/open-embedded-stores';
import { openMongoStores } from '../../models/mongo/open-mongo-stores';
import { dropDatabase } from '../support/mongo-database';
import { FakeConnector } from '../support/fake-connector';
import { ChildBot } from './child-bot';
import { countDeliveries, countOwedNotices, runHour, seedFollowUps, type HourOutcome } from './reminder-hour';

/**
 * Issue 8, "two instances": two bot processes against one MongoDB run the jobs for an hour of
 * simulated time and every reminder is sent exactly once; against the embedded store the second
 * process is refused at start. The MongoDB part needs a server (MONGODB_URI) and says so when it
 * is skipped; the same hour with one process on the embedded store always runs, so the harness
 * (fast clock, child processes, counting connector) is itself tested on every run.
 */
const uri = process.env.MONGODB_URI;
const HOUR_TIMEOUT_MS = 180_000;

/** The same scenario on a scratch embedded store: how many notices the hour owes. */
async function owedNotices(connectorUrl: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-owed-'));
  const stores = await openEmbeddedStores(dir);
  try {
    await seedFollowUps(stores, connectorUrl);
    return await countOwedNotices(stores);
  } finally {
    await stores.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Every owed notice queued once in all, sent, and arrived once: per chat, as many as the store sent there. */
async function expectEachSentOnce(outcome: HourOutcome, stores: Stores, owed: number, processes: number): Promise<void> {
  expect(outcome.exitCodes).toEqual(Array(processes).fill(0));
  // each process ran the follow-up job at every quarter hour of the hour (09:00, 09:15, 09:30, 09:45)
  for (const runs of outcome.followUpRuns) expect(runs.length).toBeGreaterThanOrEqual(4);
  const queued = outcome.followUpRuns
    .flat()
    .reduce((n, r) => n + (r.reminders ?? 0) + (r.overdue ?? 0) + (r.escalations ?? 0) + (r.weekly ?? 0) + (r.evaluations ?? 0) + (r.evaluationReminders ?? 0) + (r.evaluationEscalations ?? 0), 0);
  expect(queued).toBe(owed);
  expect(await stores.outbox.countByStatus()).toMatchObject({ pending: 0, sending: 0, sent: owed, failed: 0 });
  const delivered = countDeliveries(outcome.connector);
  expect([...delivered.values()].reduce((a, b) => a + b, 0)).toBe(owed);
}

describe('two instances', () => {
  let connector: FakeConnector;
  let dir: string;

  beforeEach(async () => {
    connector = new FakeConnector();
    await connector.start();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-two-'));
  });
  afterEach(async () => {
    await connector.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a second bot process on the same embedded store at start, and the first one keeps serving', async () => {
    const first = await ChildBot.start({ dataDir: dir });
    try {
      await expect(ChildBot.start({ dataDir: dir })).rejects.toThrow(new RegExp(`DATA_DIR .* is in use by another bot process \\(pid ${first.pid}\\)`));
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    } finally {
      expect((await first.stop()).code).toBe(0);
    }
  }, 60_000);

  it('one process on the embedded store: an hour of jobs sends every reminder exactly once', async () => {
    const owed = await owedNotices(connector.url);
    expect(owed).toBeGreaterThan(100);
    const seeded = await openEmbeddedStores(dir);
    await seedFollowUps(seeded, connector.url);
    await seeded.close();
    const outcome = await runHour(1, connector, () => ({ dataDir: dir, env: {} }));
    const stores = await openEmbeddedStores(dir);
    try {
      await expectEachSentOnce(outcome, stores, owed, 1);
    } finally {
      await stores.close();
    }
  }, HOUR_TIMEOUT_MS);

  if (uri) {
    it('two processes on one MongoDB: an hour of jobs sends every reminder exactly once', async () => {
      const dbName = `mko_two_${randomBytes(6).toString('hex')}`;
      const owed = await owedNotices(connector.url);
      const seeded = await openMongoStores(uri, { dbName });
      await seedFollowUps(seeded, connector.url);
      await seeded.close();
      try {
        const env = { STORE: 'mongo', MONGODB_URI: withDatabase(uri, dbName) };
        const outcome = await runHour(2, connector, (i) => ({ dataDir: path.join(dir, `bot-${i}`), env }));
        const stores = await openMongoStores(uri, { dbName });
        try {
          await expectEachSentOnce(outcome, stores, owed, 2);
          // both processes did the work: each queued some or found the other's (duplicates)
          for (const runs of outcome.followUpRuns) expect(runs.some((r) => (r.reminders ?? 0) > 0 || (r.duplicates ?? 0) > 0)).toBe(true);
        } finally {
          await stores.close();
        }
      } finally {
        await dropDatabase(uri, dbName);
      }
    }, HOUR_TIMEOUT_MS);
  } else {
    it('two processes on one MongoDB: SKIPPED, set MONGODB_URI to run it against a MongoDB server', () => {
      console.warn('two-instance test against MongoDB skipped: set MONGODB_URI (e.g. mongodb://127.0.0.1:27017) to run it');
      expect(process.env.MONGODB_URI ?? '').toBe('');
    });
  }
});

/** The server's address with another database (the bot reads it from the URI's path). */
function withDatabase(mongoUri: string, db: string): string {
  const [base, query] = mongoUri.split('?', 2) as [string, string | undefined];
  const hostsEnd = base.indexOf('/', base.indexOf('://') + 3);
  return `${hostsEnd === -1 ? base : base.slice(0, hostsEnd)}/${db}${query ? `?${query}` : ''}`;
}
