import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import type { Clock, Stores } from '../../domain/ports';
import { LANGUAGES_OF_UI, type UiLanguage } from '../../adaptive-cards/i18n';
import { readBearerToken, TabAuthError, verifyTabToken, type TabAuthSettings } from './tab-token';
import { readMyRequests } from './my-requests';

export interface TabApiDeps {
  stores: Stores;
  clock: Clock;
  logger: Logger;
  /** Null when the tab's sign-in is not configured (no app id and no local key set): the API answers 503. */
  auth: TabAuthSettings | null;
}

export const MY_CASES_PATH = '/api/tab/me/cases';

class BadRequest extends Error {}

/**
 * The personal tab's JSON API. Every request is treated as hostile: no token, a bad one or a
 * foreign tenant gets 401 / 403 and no data; malformed input gets 400 with a message saying what
 * is wrong. A user only ever sees what they own.
 */
export function registerTabApi(server: Server, deps: TabApiDeps): void {
  server.get(MY_CASES_PATH, async (req: Request, res: Response) => {
    const log = deps.logger.child({ route: 'tab.my_cases' });
    try {
      if (!deps.auth) {
        log.warn({ status: 503 }, 'tab API refused: sign-in not configured');
        sendJson(res, 503, { error: 'not_configured', message: 'Sign-in for the tab is not configured on this server.' });
        return;
      }
      const now = deps.clock.now();
      const user = await verifyTabToken(readBearerToken(req.headers.authorization), deps.auth, now);
      const lang = readQuery(req);
      refuseBody(req);
      const result = await readMyRequests(deps.stores, user.userId, lang, now);
      log.info({ status: 200, requests: result.requests.length, drafts: result.drafts.count }, 'tab API answered');
      sendJson(res, 200, result);
    } catch (err) {
      if (err instanceof TabAuthError) {
        log.warn({ status: err.status, refused: err.code }, 'tab API refused');
        if (err.status === 401) {
          res.header('WWW-Authenticate', `Bearer error="${err.code === 'missing_token' ? 'invalid_request' : 'invalid_token'}"`);
        }
        sendJson(res, err.status, { error: err.code, message: err.message });
      } else if (err instanceof BadRequest) {
        log.warn({ status: 400, refused: 'bad_request' }, 'tab API refused');
        sendJson(res, 400, { error: 'bad_request', message: err.message });
      } else {
        log.error({ status: 500, err: err instanceof Error ? err.name : 'unknown' }, 'tab API failed');
        sendJson(res, 500, { error: 'internal', message: 'Something went wrong; please try again later.' });
      }
    }
  });
}

/** Only `lang` (nl, fr or en, once) is accepted; anything else is a client mistake worth telling. */
function readQuery(req: Request): UiLanguage {
  const params = new URL(req.url ?? '/', 'http://tab.invalid').searchParams;
  const names = [...params.keys()];
  const unknown = names.filter((n) => n !== 'lang');
  if (unknown.length) throw new BadRequest(`Unknown query parameter(s): ${unknown.map((n) => n.slice(0, 40)).join(', ')}. Only "lang" is accepted.`);
  const langs = params.getAll('lang');
  if (langs.length > 1) throw new BadRequest('"lang" may be given once.');
  const lang = langs[0] ?? 'en';
  if (!(LANGUAGES_OF_UI as readonly string[]).includes(lang)) throw new BadRequest('"lang" must be one of nl, fr, en.');
  return lang as UiLanguage;
}

/** A GET carries no body; one that does is malformed (and is not parsed). */
function refuseBody(req: Request): void {
  const length = Number(req.headers['content-length'] ?? '0');
  if (length > 0 || req.headers['transfer-encoding'] !== undefined) throw new BadRequest('This request takes no body.');
}

function sendJson(res: Response, status: number, body: object): void {
  // personal data: never kept by a browser or proxy cache
  res.header('Cache-Control', 'no-store');
  res.header('X-Content-Type-Options', 'nosniff');
  res.send(status, body);
}
