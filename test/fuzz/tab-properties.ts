import fc from 'fast-check';
import { generateKeyPairSync } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';
import { TENANT, type User } from '../support/bot-harness';
import { APP_ID, BOT_HOST, FOREIGN_TENANT } from '../tab/tab-tokens';
import { hostileString, hostileValue } from './payload-arbitraries';
import { deliverAll } from './deliver-all';
import { diffDocuments, listChangedFiles, readDocuments, readFileSizes } from './store-files';
import { asHeaderValue, sendRaw, type RawAnswer, type RawRequest } from './tab-requests';
import type { TabWorld } from './tab-world';

/**
 * Fuzzing the tab's JSON API over HTTP. Whatever the route, method, token, query, headers or body:
 * the answer is 200 with a JSON object, or a 4xx JSON `{ error, message }` with a message; never a
 * 5xx, never a crash, never an id or a text of someone other than the caller, and a refused
 * request writes nothing. Routes come from the server itself; ROUTE_BODIES knows the shape of the
 * bodies the POST routes take (a route it does not know still gets random bodies).
 */
export interface TabProperty {
  name: string;
  property: fc.IAsyncProperty<any>;
}

type Who = 'nurse' | 'other' | 'stranger' | 'coordinator';
const WHO: readonly Who[] = ['nurse', 'other', 'stranger', 'coordinator'];

function check(condition: unknown, message: () => string): asserts condition {
  if (!condition) throw new Error(message());
}

/** The body a POST route takes, filled with ids of everyone's things, hostile values, wrong types. */
function routeBodies(world: TabWorld): Record<string, fc.Arbitrary<unknown>> {
  const id = fc.oneof({ arbitrary: fc.constantFrom(...world.ids), weight: 4 }, { arbitrary: fc.uuid(), weight: 1 }, { arbitrary: hostileValue, weight: 2 });
  const anyId = fc.oneof(id, fc.constant(world.actionId), fc.constant(world.followUpCaseId));
  // mostly the shape the tab sends (so the use case is reached), sometimes any mix of the fields
  const pollAnswer = fc.oneof(
    { arbitrary: fc.record({ pollId: id, answers: fc.array(fc.record({ slotId: id, answer: fc.constantFrom('yes', 'if_need_be', 'no') }), { minLength: 1, maxLength: 5 }) }), weight: 3 },
    {
      arbitrary: fc.record(
        { pollId: id, answers: fc.oneof(fc.array(fc.record({ slotId: id, answer: fc.oneof(fc.constantFrom('yes', 'if_need_be', 'no'), hostileValue) }, { requiredKeys: [] }), { maxLength: 40 }), hostileValue) },
        { requiredKeys: [] },
      ),
      weight: 1,
    },
  );
  const ref = { caseId: anyId, actionId: anyId };
  const date = fc.oneof(fc.constantFrom('2026-12-24', '2027-01-15', '2026-11-01', '2027-02-29', ''), hostileString);
  const reason = fc.oneof(fc.constantFrom('Waiting for the GP', ''), hostileString);
  const actionAnswer = fc.oneof(
    { arbitrary: fc.record({ ...ref, answer: fc.constant('done') }), weight: 1 },
    { arbitrary: fc.record({ ...ref, answer: fc.constant('not_done_yet'), newDueDate: date }, { requiredKeys: ['caseId', 'actionId', 'answer'] }), weight: 2 },
    { arbitrary: fc.record({ ...ref, answer: fc.constantFrom('blocked', 'not_mine'), reason }, { requiredKeys: ['caseId', 'actionId', 'answer'] }), weight: 2 },
    {
      arbitrary: fc.record(
        { ...ref, answer: fc.oneof(fc.constantFrom('done', 'not_done_yet', 'blocked', 'not_mine'), hostileValue), newDueDate: fc.oneof(date, hostileValue), reason: fc.oneof(reason, hostileValue) },
        { requiredKeys: [] },
      ),
      weight: 1,
    },
  );
  return { '/api/tab/me/polls/answers': pollAnswer, '/api/tab/me/actions/answers': actionAnswer };
}

/** Who calls, and with what token: a valid one of a user's, or one of the ways a token goes wrong. */
const TOKEN_FAULTS = ['none', 'valid', 'expired', 'not_yet', 'audience', 'issuer', 'tenant', 'no_scope', 'no_oid', 'bad_oid', 'other_key', 'alg_none', 'garbage', 'basic', 'two_tokens'] as const;
type TokenFault = (typeof TOKEN_FAULTS)[number];
const tokenFault = fc.oneof({ arbitrary: fc.constant<TokenFault>('valid'), weight: 6 }, { arbitrary: fc.constantFrom(...TOKEN_FAULTS), weight: 4 });

/** A signing key nobody trusts, for tokens that look right but are not ours. */
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

async function authorization(world: TabWorld, user: User, fault: TokenFault, junk: string): Promise<string | null> {
  const now = world.h.clock.now();
  const sign = (claims: JWTPayload, at: Date = now) => world.kit.tokenFor(user, claims, at);
  switch (fault) {
    case 'none':
      return null;
    case 'valid':
      return `Bearer ${await sign({})}`;
    case 'expired':
      return `Bearer ${await sign({}, new Date(now.getTime() - 2 * 3600_000))}`;
    case 'not_yet':
      return `Bearer ${await sign({}, new Date(now.getTime() + 3600_000))}`;
    case 'audience':
      return `Bearer ${await sign({ aud: `api://${BOT_HOST}/not-${APP_ID}` })}`;
    case 'issuer':
      return `Bearer ${await sign({ iss: 'https://evil.example.org/' })}`;
    case 'tenant':
      return `Bearer ${await sign({ tid: FOREIGN_TENANT, iss: `https://sts.windows.net/${FOREIGN_TENANT}/` })}`;
    case 'no_scope':
      return `Bearer ${await sign({ scp: undefined, roles: ['x'] })}`;
    case 'no_oid':
      return `Bearer ${await sign({ oid: undefined })}`;
    case 'bad_oid':
      return `Bearer ${await sign({ oid: junk })}`;
    case 'other_key': {
      const iat = Math.floor(now.getTime() / 1000);
      const claims = { aud: `api://${BOT_HOST}/${APP_ID}`, iss: `https://sts.windows.net/${TENANT}/`, tid: TENANT, oid: user.aadObjectId, scp: 'access_as_user', ver: '1.0' };
      return `Bearer ${await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: 'not-ours' }).setIssuedAt(iat).setExpirationTime(iat + 3600).sign(strangerKey)}`;
    }
    case 'alg_none': {
      const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return `Bearer ${part({ alg: 'none', typ: 'JWT' })}.${part({ aud: `api://${BOT_HOST}/${APP_ID}`, tid: TENANT, oid: user.aadObjectId, scp: 'access_as_user' })}.`;
    }
    case 'garbage':
      return `Bearer ${asHeaderValue(junk)}`;
    case 'basic':
      return `Basic ${Buffer.from(`${user.aadObjectId}:x`).toString('base64')}`;
    case 'two_tokens':
      return `Bearer ${await sign({})} Bearer ${await sign({})}`;
  }
}

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', ''];

/** A query string: the known parameters with good and bad values, other users' ids, unknown names, repeats, hostile text. */
function queryArb(world: TabWorld) {
  return fc
    .array(
      fc.tuple(
        fc.oneof({ arbitrary: fc.constantFrom('lang', 'year', 'caseId', 'id'), weight: 4 }, { arbitrary: fc.string({ maxLength: 12 }), weight: 1 }),
        fc.oneof(
          { arbitrary: fc.constantFrom('en', 'nl', 'fr', 'de', '', '2026', '2025', '1900', '-1', '99999999999'), weight: 4 },
          { arbitrary: fc.constantFrom(...world.ids), weight: 1 },
          { arbitrary: hostileString.map((s) => s.slice(0, 3_000)), weight: 2 },
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) => new URLSearchParams(pairs).toString());
}

/** What the body is: none, JSON of something, text that is not JSON, or a megabyte. */
function bodyArb(world: TabWorld) {
  const shaped = fc.constantFrom(...Object.keys(routeBodies(world))).chain((path) => routeBodies(world)[path]!);
  return fc.oneof(
    { arbitrary: fc.constant(null), weight: 3 },
    { arbitrary: shaped.map((v) => JSON.stringify(v) ?? 'null'), weight: 4 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: hostileString, weight: 2 },
    { arbitrary: fc.constantFrom('{"answer":', '{"__proto__":{"admin":true}}', '[]', 'null', '"x"', '{"pollId":1e999}'), weight: 1 },
    { arbitrary: fc.constant(JSON.stringify({ reason: 'x'.repeat(1024 * 1024) })), weight: 1 },
  );
}

/** A path: one of the API's routes as registered, or one bent out of shape. */
function pathArb(world: TabWorld) {
  const route = fc.constantFrom(...world.routes.map((r) => r.path));
  return fc.oneof(
    { arbitrary: route, weight: 8 },
    {
      arbitrary: fc.tuple(route, fc.oneof(fc.constantFrom(...world.ids), hostileString.map((s) => s.slice(0, 200)), fc.constantFrom('..', '%2e%2e', '', 'x'))).map(([r, s]) => `${r}/${encodeURIComponent(s)}`),
      weight: 2,
    },
    { arbitrary: fc.constantFrom('/api/tab/', '/api/tab/me/', '/api/tab/me/cases/', '/api/tab/ME/CASES', '/api/tab/me//cases', '/api/tab/me/cases;x'), weight: 1 },
  );
}

interface Sent {
  caller: Who;
  fault: TokenFault;
  request: RawRequest;
}

/** What was sent, short enough for a failure message. */
function describe(s: Sent): string {
  const body = s.request.body === null ? '' : String(s.request.body);
  return `${s.caller}/${s.fault} ${s.request.method} ${s.request.path.slice(0, 200)} body ${body.length > 200 ? `${body.slice(0, 200)}... (${body.length} chars)` : body}`;
}

/** Node's own limit on a request's head: a longer one is refused before restify sees it. */
const MAX_HEAD_BYTES = 16 * 1024;

function checkAnswer(world: TabWorld, sent: Sent, res: RawAnswer, headBytes: number): void {
  const what = describe(sent);
  if (res.status === 431 && headBytes > MAX_HEAD_BYTES / 2) return;
  check(res.status < 500, () => `${what}: HTTP ${res.status} ${res.text.slice(0, 300)}`);
  check(res.status === 200 || (res.status >= 400 && res.status < 500), () => `${what}: HTTP ${res.status}`);
  let body: any;
  try {
    body = JSON.parse(res.text);
  } catch {
    throw new Error(`${what}: HTTP ${res.status} with a body that is not JSON: ${res.text.slice(0, 200)}`);
  }
  check(body !== null && typeof body === 'object' && !Array.isArray(body), () => `${what}: HTTP ${res.status} with ${res.text.slice(0, 200)}`);
  if (res.status !== 200) {
    check(typeof body.error === 'string' && typeof body.message === 'string' && body.message.length > 0, () => `${what}: HTTP ${res.status} without an error and a message: ${res.text.slice(0, 300)}`);
    check(Object.keys(body).every((k) => k === 'error' || k === 'message'), () => `${what}: a refusal carries more than an error and a message: ${res.text.slice(0, 300)}`);
  }
  // whoever calls, what belongs to someone else never comes back (a coordinator's dashboard may show everyone's figures)
  const callerId = world.users[sent.caller].aadObjectId;
  if (sent.caller === 'coordinator' && res.status === 200) return;
  for (const [owner, secrets] of world.secrets) {
    if (owner === callerId && sent.fault === 'valid' && res.status === 200) continue;
    const leaked = secrets.find((s) => res.text.includes(s));
    check(leaked === undefined, () => `${what}: HTTP ${res.status} answered with ${JSON.stringify(leaked)} of another user's`);
  }
}

async function sendAndCheck(world: TabWorld, sent: Sent): Promise<void> {
  // what an earlier success queued goes out first: the dispatcher writes as it sends, and queues a
  // notice to the organiser for a message it cannot deliver, none of which this request did
  await deliverAll(world.h);
  const sizes = readFileSizes(world.h.dataDir);
  const outbox = readDocuments(world.h.dataDir, 'outbox');
  const headBytes = sent.request.path.length + Object.entries(sent.request.headers).reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
  const res = await sendRaw(world.url, sent.request);
  checkAnswer(world, sent, res, headBytes);
  // a refusal writes nothing; the stranger owns nothing, so even their successes write nothing
  if (res.status !== 200 || sent.caller === 'stranger') {
    // the outbox file also changes as the bot's dispatcher sends what an earlier success queued:
    // a refusal must add no message, the rest of the store must not change at all
    const changed = listChangedFiles(sizes, readFileSizes(world.h.dataDir)).filter((f) => f !== 'outbox.db');
    check(changed.length === 0, () => `${describe(sent)}: HTTP ${res.status} but wrote to ${changed.join(', ')}`);
    const queued = diffDocuments(outbox, readDocuments(world.h.dataDir, 'outbox')).added;
    check(queued.length === 0, () => `${describe(sent)}: HTTP ${res.status} but queued ${queued.length} message(s)`);
  }
}

async function buildRequest(world: TabWorld, caller: Who, fault: TokenFault, junk: string, parts: { method: string; path: string; query: string; contentType: string; body: string | null; extra: [string, string][] }): Promise<Sent> {
  const headers: Record<string, string> = {};
  const auth = await authorization(world, world.users[caller], fault, junk);
  if (auth !== null) headers.authorization = auth;
  if (parts.contentType) headers['content-type'] = parts.contentType;
  for (const [k, v] of parts.extra) headers[k] = asHeaderValue(v);
  const body = parts.body === null ? null : Buffer.from(parts.body, 'utf8');
  if (body !== null) headers['content-length'] = String(body.length);
  return { caller, fault, request: { method: parts.method, path: parts.query ? `${parts.path}?${parts.query}` : parts.path, headers, body } };
}

const extraHeaders = fc.array(
  fc.tuple(fc.constantFrom('x-forwarded-for', 'accept-language', 'x-ms-client-principal', 'origin', 'cookie', 'accept', 'x-http-method-override'), hostileString),
  { maxLength: 3 },
);

/** 1. Anything at all, from anyone, with any token. */
function hostileRequests(world: TabWorld): TabProperty {
  return {
    name: 'anyone, any route, method, token, query, headers and body: 200 or a 4xx with a message, nothing of anyone else, a refusal writes nothing',
    property: fc.asyncProperty(
      fc.constantFrom(...WHO),
      tokenFault,
      hostileString.map((s) => s.slice(0, 2_000)),
      fc.record({ method: fc.constantFrom(...METHODS), path: pathArb(world), query: queryArb(world), contentType: fc.constantFrom(...CONTENT_TYPES), body: bodyArb(world), extra: extraHeaders }),
      async (caller, fault, junk, parts) => sendAndCheck(world, await buildRequest(world, caller, fault, junk, parts)),
    ),
  };
}

/** 2. Signed-in users calling each route the way the tab does, with other users' ids in the body. */
function signedInRequests(world: TabWorld): TabProperty {
  const bodies = routeBodies(world);
  const call = fc.constantFrom(...world.routes).chain((route) =>
    fc.record({
      method: fc.constant(route.method),
      path: fc.constant(route.path),
      query: fc.oneof(fc.constantFrom('lang=en', 'lang=nl', 'lang=fr', 'lang=en&year=2026'), queryArb(world)),
      contentType: fc.constant(route.method === 'POST' ? 'application/json' : ''),
      body: route.method === 'POST' ? (bodies[route.path] ?? fc.jsonValue({ maxDepth: 3 })).map((v) => JSON.stringify(v) ?? 'null') : fc.constant(null),
      extra: fc.constant<[string, string][]>([]),
    }),
  );
  return {
    name: 'a signed-in user, each route as the tab calls it, with other users\' ids: answered, nothing of anyone else, nothing written unless it is theirs',
    property: fc.asyncProperty(fc.constantFrom(...WHO), call, async (caller, parts) => sendAndCheck(world, await buildRequest(world, caller, 'valid', '', parts))),
  };
}

export function listTabProperties(world: TabWorld): TabProperty[] {
  return [hostileRequests(world), signedInRequests(world)];
}

/** After a property: the API still answers the nurse's own request list. */
export async function checkTabAlive(world: TabWorld): Promise<void> {
  const token = await world.kit.tokenFor(world.users.nurse, {}, world.h.clock.now());
  const res = await fetch(`${world.url}/api/tab/me/cases?lang=en`, { headers: { authorization: `Bearer ${token}` } });
  check(res.status === 200, () => `GET /api/tab/me/cases answered ${res.status} after fuzzing`);
}
