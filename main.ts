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
import { openMongoStores } from './models/mongo/open-mongo-stores';
import { createLogger } from './bot/logger';
import { createAdapter } from './bot/adapter';
import { MkoBot } from './bot/mko-bot';
import { createServer } from './bot/server';
import { OutboxDispatcher } from './bot/outbox/outbox-dispatcher';
import { TeamsMessageSender, type MessageSender } from './bot/outbox/message-sender';

export interface RunningBot {
  url: string;
  port: number;
  stores: Stores;
  dispatcher: OutboxDispatcher;
  /** Graceful stop: no new requests, the turn in flight and the outbox batch finish, the store closes. */
  stop(): Promise<void>;
}

export interface StartOptions {
  clock?: Clock;
  logger?: Logger;
  /** Tests may replace how messages leave (the real one goes through the Bot Framework adapter). */
  sender?: MessageSender;
}

const systemClock: Clock = { now: () => new Date() };

async function openStores(config: Config): Promise<Stores> {
  return config.store.kind === 'mongo' ? openMongoStores(config.store.uri) : openEmbeddedStores(config.store.dataDir);
}

export async function startBot(config: Config, options: StartOptions = {}): Promise<RunningBot> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const clock = options.clock ?? systemClock;
  const stores = await openStores(config);
  const adapter = createAdapter(config, logger);
  const sender = options.sender ?? new TeamsMessageSender(adapter, config.auth?.appId ?? '', !config.auth);
  const dispatcher = new OutboxDispatcher({ stores, clock, sender, logger });
  const bot = new MkoBot({
    stores,
    clock,
    logger,
    ids: { newId: () => randomUUID() },
    coordinatorIds: new Set(config.coordinatorIds),
    kickOutbox: () => dispatcher.kick(),
  });
  const server: Server = createServer({ config, adapter, bot, stores, logger });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  dispatcher.start(config.outboxIntervalMs);

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
    stop: () =>
      (stopping ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await dispatcher.stop();
        await stores.close();
        logger.info('MKO bot stopped');
      })()),
  };
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
