/**
 * "My cases" in the tab's API (GET /api/tab/me/cases, beside the caller's own requests): the cases
 * the caller organises or is invited to, exactly the ones the bot's "My cases" card lists, with
 * their role and what comes next, and nothing about the person beyond the pseudonym.
 */
import { BotHarness, cardText, COORDINATOR, ORGANISER, type User } from '../support/bot-harness';
import type { Case } from '../../domain/case/case';
import { startTabServer, type RunningTabServer } from './tab-server';
import { makeTokenKit, type TokenKit } from './tab-tokens';
import { GP, HOME_NURSE, PRIVATE_NAMES, REFERENT, seedFollowUp, seedPoll, STRANGER } from './tab-fixtures';
import { seedMyCases, type MyCasesWorld } from './my-cases-fixtures';

const PATH = '/api/tab/me/cases';

describe('tab API: my cases (organising and invited)', () => {
  let h: BotHarness;
  let tab: RunningTabServer;
  let kit: TokenKit;
  let pollCase: Case;
  let actionCase: Case;
  let world: MyCasesWorld;

  beforeAll(async () => {
    h = await BotHarness.start();
    kit = await makeTokenKit();
    tab = await startTabServer({ stores: h.bot.stores, clock: h.clock, auth: kit.auth, coordinatorIds: [COORDINATOR.aadObjectId] });
    let poll;
    ({ c: pollCase, poll } = await seedPoll(h));
    ({ c: actionCase } = await seedFollowUp(h));
    world = await seedMyCases(h, poll);
  }, 60_000);

  afterAll(async () => {
    await tab?.stop();
    await h?.stop();
  });

  async function get(user: User | null, lang = 'en') {
    const headers: Record<string, string> = user ? { authorization: `Bearer ${await kit.tokenFor(user, {}, h.clock.now())}` } : {};
    const res = await fetch(`${tab.url}${PATH}?lang=${lang}`, { headers });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  }
  const casesOf = async (user: User, lang = 'en') => (await get(user, lang)).body.cases as any[];
  const rolesBy = (rows: any[]) => Object.fromEntries(rows.map((r) => [r.reference, r.role]));
  const byRef = (rows: any[], c: Case) => rows.find((r) => r.reference === c.reference);

  it('shows the organiser the cases they organise, not one they have not accepted yet nor a closed one', async () => {
    const rows = await casesOf(ORGANISER);
    expect(rolesBy(rows)).toEqual({
      [pollCase.reference]: 'organiser',
      [actionCase.reference]: 'organiser',
      [world.scheduled.reference]: 'organiser',
      // the organiser sees the case before the person's consent to share
      [world.noSharing.reference]: 'organiser',
    });
    expect(byRef(rows, actionCase)).toEqual({
      reference: actionCase.reference,
      pseudonym: 'J. P.',
      status: 'follow_up',
      statusLabel: expect.any(String),
      role: 'organiser',
      meeting: null,
      pollUntil: null,
      openActions: 3,
    });
  });

  it('shows an invited participant, after consent to share, the cases with what comes next', async () => {
    const rows = await casesOf(GP);
    expect(rolesBy(rows)).toEqual({
      [pollCase.reference]: 'participant',
      [actionCase.reference]: 'participant',
      [world.scheduled.reference]: 'participant',
    });
    // the meeting of the finalised poll, in Brussels time (14:00 there, whatever the server's zone)
    expect(byRef(rows, world.scheduled).meeting).toEqual({ at: '2026-12-03T13:00:00.000Z', text: 'Thursday 3 December 2026, 14:00–15:30' });
    expect(byRef(rows, pollCase).pollUntil).toEqual({ at: '2026-11-27T16:00:00.000Z', text: expect.stringContaining('17:00') });
    expect(byRef(rows, pollCase).meeting).toBeNull();
  });

  it('names the referent as such, and does not show a case whose person has not agreed to share', async () => {
    expect(rolesBy(await casesOf(REFERENT))).toEqual({ [actionCase.reference]: 'referent' });
    const nurse = await casesOf(HOME_NURSE);
    expect(rolesBy(nurse)).toEqual({ [pollCase.reference]: 'referent', [world.scheduled.reference]: 'referent' });
    expect(nurse.map((r) => r.reference)).not.toContain(world.noSharing.reference);
  });

  it('lists nothing for a stranger, nor for a coordinator who may see every case by role', async () => {
    for (const user of [STRANGER, COORDINATOR]) {
      const res = await get(user);
      expect([user.name, res.status, res.body.cases]).toEqual([user.name, 200, []]);
    }
  });

  it('lists the same cases as the bot\'s "My cases" card', async () => {
    for (const user of [ORGANISER, GP, HOME_NURSE]) {
      const [card] = await h.say(user, 'my cases');
      const text = cardText(card.attachments[0].content);
      const shown = [pollCase, actionCase, world.scheduled, world.noSharing, world.pending, world.closed].filter((c) => new RegExp(`${c.reference}(?!\\d)`).test(text)).map((c) => c.reference);
      expect([user.name, (await casesOf(user)).map((r) => r.reference).sort()]).toEqual([user.name, shown.sort()]);
    }
  });

  it('says the status and the dates in the reader\'s language', async () => {
    const rows = await casesOf(GP, 'fr');
    expect(byRef(rows, world.scheduled).statusLabel).not.toBe(byRef(await casesOf(GP, 'nl'), world.scheduled).statusLabel);
    expect(byRef(rows, world.scheduled).meeting.text).toBe('jeudi 3 décembre 2026, 14:00–15:30');
  });

  it('carries no personal details beyond the pseudonym and the reference, and adds no audit entry (as the card)', async () => {
    for (const user of [ORGANISER, GP, HOME_NURSE, REFERENT]) {
      const res = await get(user);
      const json = JSON.stringify(res.body.cases);
      for (const name of PRIVATE_NAMES) expect([user.name, json.includes(name)]).toEqual([user.name, false]);
      for (const row of res.body.cases) expect(Object.keys(row).sort()).toEqual(['meeting', 'openActions', 'pollUntil', 'pseudonym', 'reference', 'role', 'status', 'statusLabel']);
    }
    const audit = await h.bot.stores.audit.listByCase(world.scheduled.id);
    expect(audit.filter((a) => a.actorId === GP.aadObjectId)).toEqual([]);
  });

  it('keeps the requester\'s own requests beside the cases', async () => {
    const res = await get(HOME_NURSE);
    // the home nurse requested the follow-up case, and is the referent of two others
    expect(res.body.requests.map((r: any) => r.reference)).toContain(actionCase.reference);
    expect(res.body.cases.map((r: any) => r.reference)).not.toContain(actionCase.reference);
  });

  it('refuses a call without a token (401), with no data', async () => {
    const res = await get(null);
    expect([res.status, res.body]).toEqual([401, { error: 'missing_token', message: expect.any(String) }]);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});
