/**
 * Local development without an app id: the bot itself signs a tab token for a user, but only for a
 * request from this machine that names this machine as its host; the token opens the tab's API of
 * this bot and nothing else.
 */
import http from 'node:http';
import { BotHarness, COORDINATOR } from '../support/bot-harness';

function rawGet(url: string, headers: Record<string, string>): Promise<{ status: number; location: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('tab dev sign-in (no app id, loopback only)', () => {
  let h: BotHarness;

  beforeAll(async () => {
    h = await BotHarness.start();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('redirects to the tab with a token that the bot\'s own tab API accepts', async () => {
    const res = await fetch(`${h.bot.url}/tab/dev-sign-in?user=${COORDINATOR.aadObjectId}&lang=fr&theme=dark&view=dashboard`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const location = res.headers.get('location')!;
    expect(location).toMatch(/^\/tab\/index\.html#token=[\w-]+\.[\w-]+\.[\w-]+&lang=fr&theme=dark&view=dashboard$/);
    const token = new URLSearchParams(location.split('#')[1]).get('token')!;
    const me = await fetch(`${h.bot.url}/api/tab/me?lang=fr`, { headers: { authorization: `Bearer ${token}` } });
    expect([me.status, await me.json()]).toEqual([200, { language: 'fr', coordinator: true }]);
    // the bot's real server shapes its tab API errors the same way
    const bad = await fetch(`${h.bot.url}/api/tab/me/actions/answers?lang=en`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{oops' });
    expect([bad.status, await bad.json()]).toEqual([400, { error: 'bad_request', message: 'The body is not valid JSON.' }]);
  });

  it('refuses a user id that is not one, and a request naming another host (DNS rebinding)', async () => {
    expect((await fetch(`${h.bot.url}/tab/dev-sign-in?user=me`, { redirect: 'manual' })).status).toBe(400);
    const rebound = await rawGet(`${h.bot.url}/tab/dev-sign-in?user=${COORDINATOR.aadObjectId}`, { host: 'attacker.example:3978' });
    expect([rebound.status, rebound.location]).toEqual([404, undefined]);
  });

  it('refuses a token it did not sign', async () => {
    const res = await fetch(`${h.bot.url}/api/tab/me?lang=en`, { headers: { authorization: 'Bearer a.b.c' } });
    expect(res.status).toBe(401);
  });
});
