import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import type { Clock, Stores } from '../domain/ports';
import { registerTabApi, registerTabPage, type TabApiDeps, type TabAuthSettings } from './tab-api';
import { createDevSignIn, registerDevSignIn } from './tab-api/dev-sign-in';
import type { MkoBot } from './mko-bot';
import { isLoopbackAddress, isLoopbackUrl } from './loopback';
import { readTenantId } from './turn-info';

/** Large enough for any real card submit, so that oversized fields get a localised answer, not a 413. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export interface ServerDeps {
  config: Config;
  adapter: CloudAdapter;
  bot: MkoBot;
  stores: Stores;
  logger: Logger;
  clock: Clock;
  /** How the tab API checks Teams SSO tokens; null: the API answers 503 (no app id configured). */
  tabAuth: TabAuthSettings | null;
  /** The services the bot's cards use, so that an answer in the tab behaves as one on a card. */
  tabServices?: Pick<TabApiDeps, 'ids' | 'kickOutbox' | 'figuresCsvLink'>;
}

export function createServer(deps: ServerDeps): restify.Server {
  const { config, adapter, bot, stores, logger } = deps;
  const server = restify.createServer({ name: 'mko-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: MAX_BODY_BYTES, mapParams: false, mapFiles: false }));

  server.get('/healthz', async (_req, res) => {
    res.send(200, { status: 'alive' });
  });

  server.get('/readyz', async (_req, res) => {
    const ready = stores.isReady();
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'store not open' });
  });

  registerTabPage(server);
  // without an app id (local development, loopback only) the tab opens in a browser: bot/tab-api/dev-sign-in.ts
  const devSignIn = !config.auth && deps.tabAuth === null ? createDevSignIn() : null;
  if (devSignIn) registerDevSignIn(server, devSignIn, { logger, clock: deps.clock });
  registerTabApi(server, {
    ...deps.tabServices,
    stores,
    clock: deps.clock,
    logger,
    auth: deps.tabAuth ?? devSignIn?.auth ?? null,
    coordinatorIds: new Set(config.coordinatorIds),
  });

  server.post('/api/messages', async (req, res) => {
    const refusal = checkIncoming(config, req.socket.remoteAddress, req.body);
    if (refusal) {
      logger.warn({ refused: refusal }, 'activity refused');
      res.send(403, { error: refusal });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
  });

  return server;
}

/**
 * The gate in front of the adapter. Without an app id nothing is authenticated, so only this
 * machine may talk to the bot, and only about a loopback serviceUrl (an activity must never make
 * the bot call an address of its choosing). With an app id the adapter checks the token; here
 * activities from tenants that are not allowed are refused.
 */
export function checkIncoming(config: Config, remoteAddress: string | undefined, body: unknown): string | null {
  if (!config.auth) {
    if (!isLoopbackAddress(remoteAddress)) return 'unauthenticated traffic is accepted from loopback only';
    const serviceUrl = (body as { serviceUrl?: unknown } | null)?.serviceUrl;
    if (!isLoopbackUrl(serviceUrl)) return 'serviceUrl must be on loopback while authentication is off';
  }
  if (config.allowedTenantIds.length > 0) {
    const tenantId = readTenantId(body);
    if (!tenantId || !config.allowedTenantIds.includes(tenantId)) return 'tenant not allowed';
  }
  return null;
}
