import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createLocalJWKSet, SignJWT, type JWK } from 'jose';
import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { isLoopbackAddress } from '../loopback';
import { TAB_SCOPE } from './tab-auth-settings';
import type { TabAuthSettings } from './tab-token';

/**
 * Local development only (`npm run dev`, no app id): open the tab in a normal browser as any user,
 * with a token signed by a key made in memory at start-up. It exists only when the bot runs without
 * an app id, which already means "loopback only, unauthenticated" (bot/server.ts checkIncoming), and
 * answers only a request from this machine that names this machine as its host (a web page cannot
 * reach it by pointing a domain name at 127.0.0.1). With an app id it is never registered.
 */

export const DEV_SIGN_IN_PATH = '/tab/dev-sign-in';
/** Made-up tenant and audience: a token minted here is worth nothing against a real deployment. */
export const DEV_TENANT = '00000000-0000-4000-8000-00000000d0d0';
const DEV_AUDIENCE = 'api://localhost/mko-dev-tab';
const TOKEN_LIFETIME_S = 3600;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;

export interface DevSignIn {
  auth: TabAuthSettings;
  mint(userId: string, now: Date): Promise<string>;
}

/** The key pair is made on first use: a bot started without an app id in tests never pays for it. */
export function createDevSignIn(): DevSignIn {
  let made: { verify: ReturnType<typeof createLocalJWKSet>; privateKey: KeyObject; kid: string } | null = null;
  const keys = () => {
    if (!made) {
      const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const kid = `dev-${randomUUID()}`;
      const jwk = { ...(publicKey.export({ format: 'jwk' }) as JWK), kid, alg: 'RS256', use: 'sig' };
      made = { verify: createLocalJWKSet({ keys: [jwk] }), privateKey, kid };
    }
    return made;
  };
  return {
    auth: { keys: (header, token) => keys().verify(header, token), audiences: [DEV_AUDIENCE], allowedTenantIds: [DEV_TENANT], scope: TAB_SCOPE },
    mint: (userId, now) => {
      const { privateKey, kid } = keys();
      const iat = Math.floor(now.getTime() / 1000);
      return new SignJWT({ aud: DEV_AUDIENCE, iss: `https://sts.windows.net/${DEV_TENANT}/`, tid: DEV_TENANT, oid: userId, scp: TAB_SCOPE, ver: '1.0' })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid })
        .setIssuedAt(iat)
        .setNotBefore(iat)
        .setExpirationTime(iat + TOKEN_LIFETIME_S)
        .sign(privateKey);
    },
  };
}

/**
 * GET /tab/dev-sign-in?user=<Entra object id>[&lang=nl|fr|en][&theme=default|dark|contrast][&view=…]
 * redirects to the tab with a fresh token in the address (the page removes it at once).
 */
export function registerDevSignIn(server: Server, dev: DevSignIn, deps: { logger: Logger; clock: { now(): Date } }): void {
  server.get(DEV_SIGN_IN_PATH, async (req: Request, res: Response) => {
    const log = deps.logger.child({ route: 'tab.dev_sign_in' });
    res.header('Cache-Control', 'no-store');
    res.header('Referrer-Policy', 'no-referrer');
    if (!isLoopbackAddress(req.socket.remoteAddress) || !LOOPBACK_HOST.test(String(req.headers.host ?? ''))) {
      log.warn({ status: 404 }, 'dev sign-in refused: not from this machine');
      res.send(404, { error: 'not_found', message: 'No such file.' });
      return;
    }
    const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
    const user = params.get('user') ?? '';
    if (!GUID.test(user)) {
      res.send(400, { error: 'bad_request', message: 'Give the user\'s Entra object id: /tab/dev-sign-in?user=<guid>&lang=nl' });
      return;
    }
    const hash = new URLSearchParams({ token: await dev.mint(user, deps.clock.now()) });
    for (const name of ['lang', 'theme', 'view']) {
      const value = params.get(name);
      if (value && /^[a-z-]{1,12}$/i.test(value)) hash.set(name, value);
    }
    log.info({ status: 302 }, 'dev sign-in token issued');
    res.header('Location', `/tab/index.html#${hash.toString()}`);
    res.send(302);
  });
}
