/**
 * The composition root: reads the configuration, picks the store, wires the bot and starts the
 * server and the outbox. Only this file knows which store and which bot framework are in use.
 */
import { randomUUID } from 'node:crypto';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config/config';
import type { Clock, Stores } from './domain/ports';
import { openEmbeddedStores } from './models/embedded/open-embedded-stores';
import type * as MongoStores from './models/mongo/open-mongo-stores';
import { createLogger } from './bot/logger';
import { createAdapter } from './bot/adapter';
import { MkoBot } from './bot/mko-bot';
import { createServer } from './bot/server';
import { OutboxDispatcher } from './bot/outbox/outbox-dispatcher';
import { TeamsMessageSender, type MessageSender } from './bot/outbox/message-sender';
import { makeTabAuthSettings, type TabAuthSettings } from './bot/tab-api';
import { JobScheduler } from './jobs/scheduler';
import { makeRetentionJob } from './jobs/retention-job';
import { makeFollowUpJob } from './jobs/followup-job';
import { makeReportDirectViews } from './bot/outbox/report-direct-views';
import { registerReportFileRoute, ReportFileLinks } from './bot/report-files';
import { FiguresCsvLinks, registerFiguresCsvRoute } from './bot/figures-export';
import type { FiguresCsvRequest } from './bot/app-services';
import { PollFileLinks, registerPollFileRoutes, type PollFileRequest } from './bot/poll-files';
import { makePollDirectViews } from './bot/outbox/poll-direct-views';
import { makePollRemindersJob } from './jobs/poll-reminders-job';

export interface RunningBot {
  url: string;
  port: number;
  stores: Stores;
  dispatcher: OutboxDispatcher;
  /** The scheduled jobs (retention); `jobs.runNow(name)` runs one at once. */
  jobs: JobScheduler;
  /** Graceful stop: no new requests, the turn in flight and the outbox batch finish, the store closes. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Tests may replace how messages leave (the real one goes through the Bot Framework adapter). */
  sender?: MessageSender;
  /** How the tab API checks tokens; tests pass a local key set. Default: Microsoft's keys with an app id, else 503. */
  tabAuth?: TabAuthSettings | null;
}

const systemClock: Clock = { now: () => new Date() };

async function openStores(config: Config): Promise<Stores> {
  if (config.store.kind === 'embedded') return openEmbeddedStores(config.store.dataDir);
  // mongoose costs about half a second and 30 MB to load: only a MongoDB deployment pays for it
  const { openMongoStores } = require('./models/mongo/open-mongo-stores') as typeof MongoStores;
  return openMongoStores(config.store.uri);
}

export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const stores = await openStores(config);
  const adapter = createAdapter(config, logger);
  const sender = options.sender ?? new TeamsMessageSender(adapter, config.auth?.appId ?? '', !config.auth);
  const pollFiles = new PollFileLinks();
  const pollFileLink = (request: PollFileRequest, now: Date) => pollFiles.linkFor(request, now);
  const dispatcher = new OutboxDispatcher({ stores, clock, sender, logger, loadedViews: { ...makePollDirectViews({ stores, fileLink: pollFileLink }), ...makeReportDirectViews({ stores }) } });
  const reportFiles = new ReportFileLinks();
  const figuresLinks = new FiguresCsvLinks();
  // the cards and the tab share these, so an answer in either behaves the same
  const services = {
    ids: { newId: () => randomUUID() },
    kickOutbox: () => dispatcher.kick(),
    figuresCsvLink: (request: FiguresCsvRequest, now: Date) => figuresLinks.linkFor(request, now),
  };
  const bot = new MkoBot({
    stores,
    clock,
    logger,
    ...services,
    coordinatorIds: new Set(config.coordinatorIds),
    pollFileLink,
    reportFileLink: (request, now) => reportFiles.linkFor(request, now),
  });
  const tabAuth =
    options.tabAuth !== undefined
      ? options.tabAuth
      : config.auth
        ? makeTabAuthSettings({ appId: config.auth.appId, botHost: config.botHost, allowedTenantIds: config.allowedTenantIds })
        : null;
  const server: Server = createServer({ config, adapter, bot, stores, logger, clock, tabAuth, tabServices: services });
  registerFiguresCsvRoute(server, { links: figuresLinks, stores, clock, coordinatorIds: new Set(config.coordinatorIds), logger });
  registerPollFileRoutes(server, { links: pollFiles, stores, clock, logger });
  registerReportFileRoute(server, { links: reportFiles, stores, clock, logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  dispatcher.start(config.outboxIntervalMs);
  // links the bot serves (the figures CSV) open in the user's browser: the public host, else this machine
  const linkBase = config.botHost ? `https://${config.botHost}` : `http://${linkHost(config.host)}:${port}`;
  figuresLinks.setBaseUrl(linkBase);
  pollFiles.setBaseUrl(linkBase);
  reportFiles.setBaseUrl(linkBase);
  const jobs = new JobScheduler({ clock, logger });
  jobs.add(makeRetentionJob({ stores }, config.retentionDays));
  jobs.add(makeFollowUpJob({ stores, config: config.followUp, coordinatorIds: config.coordinatorIds }));
  jobs.add(makePollRemindersJob({ stores }, config.pollReminders));
  jobs.start();

  logger.info(
    {
      port,
      host: config.host,
      store: config.store.kind,
      dataDir: config.store.kind === 'embedded' ? config.store.dataDir : undefined,
      authentication: config.auth ? 'bot framework' : 'off (loopback only)',
      coordinators: config.coordinatorIds.length,
    },
    config.auth
      ? 'MKO bot started'
      : 'MKO bot started WITHOUT authentication (no MicrosoftAppId): accepting local unauthenticated traffic from loopback only',
  );

  let stopping: Promise<void> | null = null;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stores,
    dispatcher,
    jobs,
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await jobs.stop();
        await dispatcher.stop();
        await stores.close();
        logger.info('MKO bot stopped');
      })()),
  };
}

/** The host of links the bot serves when BOT_HOST is not set: this machine. */
function linkHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const bot = await startBot(config);
  console.log(`MKO bot listening on ${bot.url}/api/messages`);
  const shutdown = (signal: string) => {
    console.log(`${signal} received, finishing the work in flight...`);
    bot.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
