import restify from 'restify';
import type { Logger } from 'pino';
import type { Clock, Stores } from '../../domain/ports';
import { registerTabApi, registerTabPage, type TabAuthSettings } from '../../bot/tab-api';
import { createLogger } from '../../bot/logger';

export interface RunningTabServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The tab's page and API on their own restify server, over the running bot's stores, with the same
 * body parser as the bot's server (bot/server.ts). Once bot/server.ts registers the tab itself,
 * these tests can call the harness's bot instead.
 */
export interface TabServerOptions {
  stores: Stores;
  clock: Clock;
  auth: TabAuthSettings | null;
  logger?: Logger;
  coordinatorIds?: readonly string[];
  kickOutbox?: () => void;
}

export async function startTabServer(opts: TabServerOptions): Promise<RunningTabServer> {
  const server = restify.createServer({ name: 'mko-tab-test', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 4 * 1024 * 1024, mapParams: false, mapFiles: false }));
  registerTabPage(server);
  registerTabApi(server, {
    stores: opts.stores,
    clock: opts.clock,
    logger: opts.logger ?? createLogger('silent'),
    auth: opts.auth,
    coordinatorIds: new Set(opts.coordinatorIds ?? []),
    kickOutbox: opts.kickOutbox,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    url: `http://127.0.0.1:${address.port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
