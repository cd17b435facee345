/**
 * The personal tab's API over HTTP: the real bot (BotHarness) takes a request from the nurse, then
 * the tab API, over the same stores, is called with good and bad tokens. A refusal never carries
 * data; a user only ever sees their own requests.
 */
import http from 'node:http';
import { SignJWT } from 'jose';
import { generateKeyPairSync } from 'node:crypto';
import { BotHarness, COORDINATOR, NURSE, SOCIAL_WORKER, TENANT, cardText, invokeCard } from '../support/bot-harness';
import { clickButton, fillRequest } from '../support/intake-driver';
import { createLocalKeySet } from '../../bot/tab-api';
import { startTabServer, type RunningTabServer } from './tab-server';
import { APP_ID, BOT_HOST, FOREIGN_TENANT, makeTokenKit, type TokenKit } from './tab-tokens';

const PATH = '/api/tab/me/cases';

describe('tab API: GET /api/tab/me/cases', () => {
  let h: BotHarness;
  let tab: RunningTabServer;
  let kit: TokenKit;
  let reference: string;

  const get = async (query = '', headers: Record<string, string> = {}) => {
    const res = await fetch(`${tab.url}${PATH}${query}`, { headers });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  };
  const getAs = async (token: string, query = '?lang=en') => get(query, { authorization: `Bearer ${token}` });
  const now = () => h.clock.now();

  beforeAll(async () => {
    h = await BotHarness.start();
    kit = await makeTokenKit();
    tab = await startTabServer({ stores: h.bot.stores, clock: h.clock, auth: kit.auth });
    const summary = await fillRequest(h, NURSE);
    const submitted = invokeCard(await clickButton(h, NURSE, summary, 'Submit the request'));
    const found = /MKO-\d{4}-\d{4}/.exec(cardText(submitted));
    if (!found) throw new Error(`no reference in the submitted card: ${cardText(submitted)}`);
    reference = found[0];
  });

  afterAll(async () => {
    await tab?.stop();
    await h?.stop();
  });

  /** A refusal carries an error code and a message, and nothing else. */
  const expectRefusal = (res: { status: number; body: any; headers: Headers }, status: number, error: string) => {
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error, message: expect.any(String) });
    expect(JSON.stringify(res.body)).not.toContain(reference);
    expect(res.headers.get('cache-control')).toBe('no-store');
  };

  it('shows the requester their submitted request, in their language, and nothing cached', async () => {
    const res = await getAs(await kit.tokenFor(NURSE, {}, now()), '?lang=nl');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.language).toBe('nl');
    expect(res.body.requests).toEqual([
      expect.objectContaining({ reference, pseudonym: 'M. D.', status: 'awaiting_assignment', statusLabel: 'Wacht op toewijzing' }),
    ]);
    expect(res.body.requests[0].submittedAt).toBe('2026-11-23T09:00:00.000Z');
    // 09:00 UTC is 10:00 in Brussels in November, whatever the server's own time zone
    expect(res.body.requests[0].submittedText).toContain('10:00');
    expect(res.body.drafts).toEqual({ count: 0, items: [] });
    // the person's name, address and birth date never reach the tab
    expect(JSON.stringify(res.body)).not.toMatch(/Marie|Dubois|1955|1030/);
  });

  it('counts the requester\'s unfinished drafts', async () => {
    await h.say(NURSE, 'new request');
    const res = await getAs(await kit.tokenFor(NURSE, {}, now()), '?lang=fr');
    expect(res.status).toBe(200);
    expect(res.body.drafts.count).toBe(1);
    expect(res.body.drafts.items[0]).toEqual(expect.objectContaining({ step: 'requester', stepLabel: expect.any(String) }));
    expect(res.body.drafts.items[0].stepLabel).not.toMatch(/^intake\./);
  });

  it('accepts a v2.0 token whose audience is the app id', async () => {
    const token = await kit.tokenFor(NURSE, { aud: APP_ID, iss: `https://login.microsoftonline.com/${TENANT}/v2.0`, ver: '2.0' }, now());
    const res = await getAs(token);
    expect(res.status).toBe(200);
    expect(res.body.requests.map((r: any) => r.reference)).toEqual([reference]);
  });

  it('writes an audit entry for each case it shows', async () => {
    const cases = await h.bot.stores.cases.listByRequester(NURSE.aadObjectId);
    const audit = await h.bot.stores.audit.listByCase(cases[0]!.id);
    expect(audit.filter((a) => a.action === 'case.listed_in_tab' && a.actorId === NURSE.aadObjectId).length).toBeGreaterThan(0);
  });

  it('shows another user nothing of the nurse\'s requests', async () => {
    for (const user of [SOCIAL_WORKER, COORDINATOR]) {
      const res = await getAs(await kit.tokenFor(user, {}, now()));
      expect(res.status).toBe(200);
      expect(res.body.requests).toEqual([]);
      expect(res.body.drafts).toEqual({ count: 0, items: [] });
    }
  });

  describe('refuses, with no data', () => {
    it('a request without a token (401)', async () => {
      const res = await get('?lang=en');
      expectRefusal(res, 401, 'missing_token');
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('an expired token (401)', async () => {
      const twoHoursAgo = new Date(now().getTime() - 2 * 3600_000);
      expectRefusal(await getAs(await kit.tokenFor(NURSE, {}, twoHoursAgo)), 401, 'token_expired');
    });

    it('a token not valid yet (401)', async () => {
      const inAnHour = new Date(now().getTime() + 3600_000);
      expectRefusal(await getAs(await kit.tokenFor(NURSE, {}, inAnHour)), 401, 'invalid_token');
    });

    it('a token for another audience (401)', async () => {
      for (const aud of ['api://other.example.org/' + APP_ID, '00000003-0000-0000-c000-000000000000', `api://${BOT_HOST}/other-app`]) {
        expectRefusal(await getAs(await kit.tokenFor(NURSE, { aud }, now())), 401, 'invalid_token');
      }
    });

    it('a token from a tenant that is not allowed (403)', async () => {
      const token = await kit.tokenFor(NURSE, { tid: FOREIGN_TENANT, iss: `https://sts.windows.net/${FOREIGN_TENANT}/` }, now());
      expectRefusal(await getAs(token), 403, 'tenant_not_allowed');
    });

    it('a token whose issuer is not its own tenant, or not Entra (401)', async () => {
      for (const iss of [`https://sts.windows.net/${FOREIGN_TENANT}/`, 'https://evil.example.org/', `https://login.microsoftonline.com/${TENANT}/v2.0/`]) {
        expectRefusal(await getAs(await kit.tokenFor(NURSE, { iss }, now())), 401, 'invalid_token');
      }
    });

    it('a token without a user or without the tab\'s scope (401)', async () => {
      expectRefusal(await getAs(await kit.tokenFor(NURSE, { oid: undefined }, now())), 401, 'invalid_token');
      expectRefusal(await getAs(await kit.tokenFor(NURSE, { oid: 'not-a-guid' }, now())), 401, 'invalid_token');
      // an app-only token (client credentials) has roles, no scope
      expectRefusal(await getAs(await kit.tokenFor(NURSE, { scp: undefined, roles: ['x'] }, now())), 401, 'invalid_token');
    });

    it('a forged token: signed by another key with the same key id (401)', async () => {
      const other = await createLocalKeySet();
      const genuine = await kit.tokenFor(NURSE, {}, now());
      const kid = JSON.parse(Buffer.from(genuine.split('.')[0]!, 'base64url').toString()).kid;
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const payload = JSON.parse(Buffer.from(genuine.split('.')[1]!, 'base64url').toString());
      const forged = await new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).sign(privateKey);
      expectRefusal(await getAs(forged), 401, 'invalid_token');
      expectRefusal(await getAs(await other.sign(payload)), 401, 'invalid_token');
    });

    it('a token with its payload changed after signing (401)', async () => {
      const [header, payload, signature] = (await kit.tokenFor(SOCIAL_WORKER, {}, now())).split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const tampered = Buffer.from(JSON.stringify({ ...claims, oid: NURSE.aadObjectId })).toString('base64url');
      expectRefusal(await getAs(`${header}.${tampered}.${signature}`), 401, 'invalid_token');
    });

    it('an unsigned token (alg none) and an HMAC token (401)', async () => {
      const genuine = await kit.tokenFor(NURSE, {}, now());
      const payload = genuine.split('.')[1];
      const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
      expectRefusal(await getAs(none), 401, 'invalid_token');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const hmac = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode(JSON.stringify(kit.keySet.jwks)));
      expectRefusal(await getAs(hmac), 401, 'invalid_token');
    });

    it('garbage in place of a token (401)', async () => {
      for (const token of ['abc', 'a.b.c', `${'x'.repeat(6000)}.${'y'.repeat(6000)}.z`]) expectRefusal(await getAs(token), 401, 'invalid_token');
    });
  });

  describe('answers malformed input with 400 and a clear message', () => {
    it('an Authorization header that is not "Bearer <token>"', async () => {
      for (const authorization of ['Basic dXNlcjpwYXNz', 'Bearer', 'Bearer a b', 'token']) {
        const res = await get('?lang=en', { authorization });
        expectRefusal(res, 400, 'malformed_authorization');
        expect(res.body.message).toMatch(/Bearer <token>/);
      }
    });

    it('an unknown query parameter or language', async () => {
      const token = await kit.tokenFor(NURSE, {}, now());
      const unknown = await getAs(token, '?lang=en&userId=' + NURSE.aadObjectId);
      expectRefusal(unknown, 400, 'bad_request');
      expect(unknown.body.message).toMatch(/userId/);
      const lang = await getAs(token, '?lang=de');
      expectRefusal(lang, 400, 'bad_request');
      expect(lang.body.message).toMatch(/nl, fr, en/);
      expectRefusal(await getAs(token, '?lang=nl&lang=fr'), 400, 'bad_request');
    });

    it('a request body, well-formed or not', async () => {
      const token = await kit.tokenFor(NURSE, {}, now());
      for (const body of ['{"userId":"x"}', '{not json']) {
        const res = await rawGet(`${tab.url}${PATH}?lang=en`, { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body);
        expect(res.status).toBe(400);
        const parsed = JSON.parse(res.body);
        expect(typeof parsed.message).toBe('string');
        expect(res.body).not.toContain(reference);
      }
    });
  });

  it('serves the tab\'s own files, the Teams library from node_modules, and nothing else', async () => {
    const page = await fetch(`${tab.url}/tab/index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self';/);
    expect(csp).toMatch(/frame-ancestors [^;]*https:\/\/teams\.microsoft\.com/);
    const teamsJs = await fetch(`${tab.url}/tab/teams-js.js`);
    expect(teamsJs.status).toBe(200);
    expect(await teamsJs.text()).toContain('getAuthToken');
    for (const name of ['tab.js', 'tab-texts.js', 'tab.css', 'about.html']) expect([name, (await fetch(`${tab.url}/tab/${name}`)).status]).toEqual([name, 200]);
    for (const name of ['..%2Fpackage.json', '%2E%2E%2Fmain.ts', 'nothing.js', 'constructor', '__proto__']) {
      const res = await fetch(`${tab.url}/tab/${name}`);
      expect([name, res.status]).toEqual([name, 404]);
    }
  });

  it('answers 503 with no data when sign-in is not configured', async () => {
    const unconfigured = await startTabServer({ stores: h.bot.stores, clock: h.clock, auth: null });
    try {
      const res = await fetch(`${unconfigured.url}${PATH}`, { headers: { authorization: `Bearer ${await kit.tokenFor(NURSE, {}, now())}` } });
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ error: 'not_configured', message: expect.any(String) });
    } finally {
      await unconfigured.stop();
    }
  });
});

/** fetch() refuses a GET with a body; a hostile client does not. */
function rawGet(url: string, headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers: { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}
