import type { Request, Response, Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import { LANGUAGES_OF_UI, type UiLanguage } from '../../adaptive-cards/i18n';
import { readBearerToken, TabAuthError, verifyTabToken, type TabAuthSettings, type TabUser } from './tab-token';

/**
 * The plumbing every route of the tab's API shares: sign-in first, then the query and the body,
 * each checked strictly; one JSON error shape `{ error, message }` with no data in it.
 */

/** A client mistake the client can fix: 400 (or the given status) with a message saying what is wrong. */
export class TabRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 413 | 415,
    readonly code: 'bad_request' | 'not_found' | 'payload_too_large' | 'unsupported_media_type',
    message: string,
  ) {
    super(message);
    this.name = 'TabRequestError';
  }
}

/** An answer refused by the domain, already put in the reader's words (tab-errors.ts). */
export class TabRefusal extends Error {
  constructor(
    readonly status: 403 | 404 | 409 | 422,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'TabRefusal';
  }
}

/** An answer to the tab is a few hundred bytes; anything far larger is not one of ours. */
export const MAX_TAB_BODY_BYTES = 16 * 1024;

export const TAB_API_PREFIX = '/api/tab/';

export interface TabCall {
  user: TabUser;
  lang: UiLanguage;
  query: URLSearchParams;
  now: Date;
  log: Logger;
  req: Request;
}

export interface TabRouteDeps {
  auth: TabAuthSettings | null;
  logger: Logger;
  clock: { now(): Date };
}

export type TabRouteHandler = (call: TabCall) => Promise<{ status?: number; body: object; log?: Record<string, number | string | boolean> }>;

export interface TabRouteOptions {
  /** Query parameters accepted besides `lang`. */
  query?: readonly string[];
  /** POST routes read a JSON body; GET routes refuse any body. */
  method: 'get' | 'post';
}

/**
 * Registers one route: 503 without sign-in configured, the token checked before anything is read,
 * then the handler. Logs carry the route, the status and counts; never names, texts or ids of people.
 */
export function registerTabRoute(server: Server, path: string, name: string, deps: TabRouteDeps, options: TabRouteOptions, handler: TabRouteHandler): void {
  const route = async (req: Request, res: Response) => {
    const log = deps.logger.child({ route: `tab.${name}` });
    try {
      if (!deps.auth) {
        log.warn({ status: 503 }, 'tab API refused: sign-in not configured');
        sendJson(res, 503, { error: 'not_configured', message: 'Sign-in for the tab is not configured on this server.' });
        return;
      }
      const now = deps.clock.now();
      const user = await verifyTabToken(readBearerToken(req.headers.authorization), deps.auth, now);
      const query = readQuery(req, options.query ?? []);
      const lang = readLanguage(query);
      if (options.method === 'get') refuseBody(req);
      const result = await handler({ user, lang, query, now, log, req });
      const status = result.status ?? 200;
      log.info({ status, ...result.log }, 'tab API answered');
      sendJson(res, status, result.body);
    } catch (err) {
      sendFailure(res, log, err);
    }
  };
  if (options.method === 'get') server.get(path, route);
  else server.post(path, route);
}

function sendFailure(res: Response, log: Logger, err: unknown): void {
  if (err instanceof TabAuthError) {
    log.warn({ status: err.status, refused: err.code }, 'tab API refused');
    if (err.status === 401) {
      res.header('WWW-Authenticate', `Bearer error="${err.code === 'missing_token' ? 'invalid_request' : 'invalid_token'}"`);
    }
    sendJson(res, err.status, { error: err.code, message: err.message });
  } else if (err instanceof TabRequestError || err instanceof TabRefusal) {
    log.warn({ status: err.status, refused: err.code }, 'tab API refused');
    sendJson(res, err.status, { error: err.code, message: err.message });
  } else {
    log.error({ status: 500, err: err instanceof Error ? err.name : 'unknown' }, 'tab API failed');
    sendJson(res, 500, { error: 'internal', message: 'Something went wrong; please try again later.' });
  }
}

/** Only the route's own parameters (and `lang`), each at most once: anything else is a client mistake worth telling. */
export function readQuery(req: Request, accepted: readonly string[]): URLSearchParams {
  const params = new URL(req.url ?? '/', 'http://tab.invalid').searchParams;
  const allowed = ['lang', ...accepted];
  const names = [...new Set(params.keys())];
  const unknown = names.filter((n) => !allowed.includes(n));
  if (unknown.length) {
    const list = allowed.map((n) => `"${n}"`).join(', ');
    throw new TabRequestError(400, 'bad_request', `Unknown query parameter(s): ${unknown.map((n) => n.slice(0, 40)).join(', ')}. Only ${list} ${allowed.length === 1 ? 'is' : 'are'} accepted.`);
  }
  for (const n of names) if (params.getAll(n).length > 1) throw new TabRequestError(400, 'bad_request', `"${n}" may be given once.`);
  return params;
}

export function readLanguage(params: URLSearchParams): UiLanguage {
  const lang = params.get('lang') ?? 'en';
  if (!(LANGUAGES_OF_UI as readonly string[]).includes(lang)) throw new TabRequestError(400, 'bad_request', '"lang" must be one of nl, fr, en.');
  return lang as UiLanguage;
}

/** A GET carries no body; one that does is malformed (and is not parsed). */
function refuseBody(req: Request): void {
  const length = Number(req.headers['content-length'] ?? '0');
  if (length > 0 || req.headers['transfer-encoding'] !== undefined) throw new TabRequestError(400, 'bad_request', 'This request takes no body.');
}

/**
 * The JSON body of a POST, checked against `schema` (strict: unknown fields are refused). The
 * server's body parser has read it already; a body that is not JSON never reaches here (see
 * registerTabErrorShape). The message names the fields that are wrong, never their values.
 */
export function readJsonBody<S extends z.ZodType>(req: Request, schema: S): z.output<S> {
  const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') throw new TabRequestError(415, 'unsupported_media_type', 'Send the body as JSON, with "Content-Type: application/json".');
  const raw = (req as Request & { rawBody?: unknown }).rawBody;
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : Buffer.isBuffer(raw) ? raw.length : Number(req.headers['content-length'] ?? '0');
  if (size > MAX_TAB_BODY_BYTES) throw new TabRequestError(413, 'payload_too_large', `The body may be at most ${MAX_TAB_BODY_BYTES} bytes.`);
  if (req.body === undefined || req.body === null || typeof req.body !== 'object') throw new TabRequestError(400, 'bad_request', 'The body must be a JSON object.');
  const parsed = schema.safeParse(req.body);
  if (!parsed.success) throw new TabRequestError(400, 'bad_request', describeIssues(parsed.error));
  return parsed.data;
}

function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 5).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join('.') : 'body';
    if (issue.code === 'unrecognized_keys') return `${where}: unknown field(s) ${issue.keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')}`;
    return `${where}: ${issue.message}`;
  });
  return `The body is not valid: ${parts.join('; ')}.`;
}

export function sendJson(res: Response, status: number, body: object): void {
  // personal data: never kept by a browser or proxy cache
  res.header('Cache-Control', 'no-store');
  res.header('X-Content-Type-Options', 'nosniff');
  res.send(status, body);
}

const PARSER_ERRORS: Readonly<Record<number, { error: string; message: string }>> = {
  400: { error: 'bad_request', message: 'The body is not valid JSON.' },
  404: { error: 'not_found', message: 'There is no such address in the tab API.' },
  405: { error: 'method_not_allowed', message: 'This address does not take this method.' },
  413: { error: 'payload_too_large', message: `The body may be at most ${MAX_TAB_BODY_BYTES} bytes.` },
  415: { error: 'unsupported_media_type', message: 'Send the body as JSON, with "Content-Type: application/json".' },
};

/**
 * The server's body parser answers a body that is not JSON (or is huge) before any route runs; for
 * the tab's paths its answer gets the API's own shape, and is never cached.
 */
export function registerTabErrorShape(server: Server): void {
  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number; toJSON?: () => object }, callback: () => void) => {
    const path = new URL(req.url ?? '/', 'http://tab.invalid').pathname;
    if (path.startsWith(TAB_API_PREFIX)) {
      const known = PARSER_ERRORS[err.statusCode ?? 0];
      const status = err.statusCode ?? 500;
      const shape = known ?? (status < 500 ? { error: 'bad_request', message: 'The request is not valid.' } : { error: 'internal', message: 'Something went wrong; please try again later.' });
      err.toJSON = () => shape;
      res.header('Cache-Control', 'no-store');
      res.header('X-Content-Type-Options', 'nosniff');
    }
    callback();
  });
}
