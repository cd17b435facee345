/**
 * The tab's polls, actions and dashboard over HTTP, over the running bot's stores: each user sees
 * what is theirs (participant, owner, referent, coordinator), answers go through the same use cases
 * as the cards (same stored state, same audit, same thread messages), and every refusal is clear,
 * localised and changes nothing.
 */
import { BotHarness, cardText, COORDINATOR, invokeCard, ORGANISER } from '../support/bot-harness';
import type { Poll } from '../../domain/poll/poll';
import type { Case } from '../../domain/case/case';
import { MAX_TAB_BODY_BYTES } from '../../bot/tab-api';
import { startTabServer, type RunningTabServer } from './tab-server';
import { FOREIGN_TENANT, makeTokenKit, type TokenKit } from './tab-tokens';
import { GP, HOME_NURSE, OFFICE, PRIVATE_NAMES, REFERENT, seedFollowUp, seedPoll, STRANGER } from './tab-fixtures';
import type { User } from '../support/bot-harness';

describe('tab API: polls, actions and the dashboard', () => {
  let h: BotHarness;
  let tab: RunningTabServer;
  let kit: TokenKit;
  let poll: Poll;
  let pollCase: Case;
  let actionCase: Case;
  const now = () => h.clock.now();

  beforeAll(async () => {
    h = await BotHarness.start();
    kit = await makeTokenKit();
    tab = await startTabServer({ stores: h.bot.stores, clock: h.clock, auth: kit.auth, coordinatorIds: [COORDINATOR.aadObjectId], kickOutbox: () => h.bot.dispatcher.kick() });
    ({ c: pollCase, poll } = await seedPoll(h));
    ({ c: actionCase } = await seedFollowUp(h));
  }, 60_000);

  afterAll(async () => {
    await tab?.stop();
    await h?.stop();
  });

  async function request(user: User | null, method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}) {
    const auth: Record<string, string> = user ? { authorization: `Bearer ${await kit.tokenFor(user, {}, now())}` } : {};
    const res = await fetch(`${tab.url}${path}`, {
      method,
      headers: { ...auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, text };
  }
  const get = (user: User | null, path: string) => request(user, 'GET', path);
  const post = (user: User | null, path: string, body: unknown, headers?: Record<string, string>) => request(user, 'POST', path, body, headers);

  /** A refusal carries a code and a message, and nothing else. */
  const expectRefusal = (res: { status: number; body: any; headers: Headers }, status: number, error?: string) => {
    expect([res.status, res.body]).toEqual([status, { error: error ?? expect.any(String), message: expect.any(String) }]);
    expect(res.headers.get('cache-control')).toBe('no-store');
    for (const name of PRIVATE_NAMES) expect(JSON.stringify(res.body)).not.toContain(name);
  };

  const votesOf = async (participantId: string) => (await h.bot.stores.votes.listByPoll(poll.id)).filter((v) => v.participantId === participantId);
  const reportNow = async () => (await h.bot.stores.reports.listByCase(actionCase.id)).at(-1)!;
  const actionNow = async (id: string) => (await reportNow()).actions.find((a) => a.id === id)!;
  const outboxTotal = async () => Object.values(await h.bot.stores.outbox.countByStatus()).reduce((a, b) => a + b, 0);
  const queued = async (key: string) => (await h.bot.stores.outbox.findByKey(key)) !== null;

  describe('who am I', () => {
    it('tells the page whether the user is a coordinator', async () => {
      expect((await get(COORDINATOR, '/api/tab/me?lang=en')).body).toEqual({ language: 'en', coordinator: true });
      expect((await get(GP, '/api/tab/me?lang=nl')).body).toEqual({ language: 'nl', coordinator: false });
      expectRefusal(await get(null, '/api/tab/me'), 401, 'missing_token');
    });
  });

  describe('polls waiting for my answer', () => {
    it('shows an invited participant the open poll, with the case, deadline, dates and the three answers', async () => {
      const res = await get(GP, '/api/tab/me/polls?lang=en');
      expect(res.status).toBe(200);
      expect(res.body.choices).toEqual([
        { value: 'yes', label: 'Yes' },
        { value: 'if_need_be', label: 'If need be' },
        { value: 'no', label: 'No' },
      ]);
      expect(res.body.polls).toHaveLength(1);
      const row = res.body.polls[0];
      expect(row).toEqual(
        expect.objectContaining({ pollId: poll.id, reference: pollCase.reference, pseudonym: 'M. D.', waiting: true, deadline: '2026-11-27T16:00:00.000Z', organiser: 'Amina El Idrissi' }),
      );
      // 16:00 UTC is 17:00 in Brussels in November
      expect(row.deadlineText).toContain('17:00');
      expect(row.slots).toHaveLength(2);
      expect(row.slots[0]).toEqual(expect.objectContaining({ place: OFFICE, answer: null, answerText: 'Not answered yet' }));
      expect(row.slots[0].text).toContain('10:00–11:30');
      // the read is audited like the card's
      expect((await h.bot.stores.audit.listByCase(pollCase.id)).some((a) => a.action === 'poll.viewed' && a.actorId === GP.aadObjectId)).toBe(true);
    });

    it('shows nothing to someone who is not invited, a coordinator included', async () => {
      for (const user of [STRANGER, COORDINATOR, REFERENT]) {
        const res = await get(user, '/api/tab/me/polls?lang=en');
        expect([user.name, res.status, res.body.polls]).toEqual([user.name, 200, []]);
      }
    });

    it('stores an answer from the tab exactly as the vote card does, and the card then shows it', async () => {
      const [first, second] = (await get(GP, '/api/tab/me/polls?lang=en')).body.polls[0].slots.map((s: any) => s.slotId);
      const queuedBefore = await outboxTotal();
      const res = await post(GP, '/api/tab/me/polls/answers?lang=fr', { pollId: poll.id, answers: [{ slotId: first, answer: 'yes' }] });
      expect(res.status).toBe(200);
      expect(res.body.message).toMatch(/^Vos réponses sont enregistrées\./);
      expect(res.body.poll.waiting).toBe(true);
      expect(res.body.poll.slots[0]).toEqual(expect.objectContaining({ slotId: first, answer: 'yes' }));
      const [vote] = await votesOf('e-gp');
      expect(vote).toEqual(expect.objectContaining({ pollId: poll.id, participantId: 'e-gp', slotId: first, answer: 'yes', recordedBy: GP.aadObjectId }));

      // the summary update it queued goes out (an update still waiting would stand for the next one)
      await h.settleOutbox();

      // the home nurse answers with the card: the same kind of vote, the same audit entry
      const card = invokeCard(await h.click(HOME_NURSE, 'poll.vote', { pollId: poll.id, [`vote.${first}`]: 'no' }));
      expect(cardText(card)).toContain('Your answers are saved');
      const [cardVote] = await votesOf('e-nurse');
      expect(Object.keys(cardVote!).sort()).toEqual(Object.keys(vote!).sort());
      expect(cardVote).toEqual(expect.objectContaining({ participantId: 'e-nurse', answer: 'no', recordedBy: HOME_NURSE.aadObjectId }));
      const audit = (await h.bot.stores.audit.listByCase(pollCase.id)).filter((a) => a.action === 'poll.voted').map((a) => a.actorId);
      expect(audit).toEqual([GP.aadObjectId, HOME_NURSE.aadObjectId]);

      // the thread's live summary is updated once for each, as for any vote
      expect(await outboxTotal()).toBe(queuedBefore + 2);

      // the GP's own card shows the answer given in the tab
      const shown = cardText(invokeCard(await h.click(GP, 'poll.show', { pollId: poll.id })));
      expect(shown).toContain('Your answer: Yes');

      // answering every date: no longer waiting
      const all = await post(GP, '/api/tab/me/polls/answers?lang=en', { pollId: poll.id, answers: [{ slotId: second, answer: 'if_need_be' }] });
      expect(all.body.poll.waiting).toBe(false);
    });

    it('takes the same answer twice without harm', async () => {
      const slotId = (await votesOf('e-gp'))[0]!.slotId;
      const before = await votesOf('e-gp');
      for (let i = 0; i < 2; i++) {
        const res = await post(GP, '/api/tab/me/polls/answers?lang=en', { pollId: poll.id, answers: [{ slotId, answer: 'yes' }] });
        expect(res.status).toBe(200);
      }
      const after = await votesOf('e-gp');
      expect(after).toHaveLength(before.length);
      expect(after.find((v) => v.slotId === slotId)!.answer).toBe('yes');
    });

    it('refuses a stranger, a coordinator and an unknown date, and changes nothing', async () => {
      const slotId = poll.slots[0]!.id;
      const before = await h.bot.stores.votes.listByPoll(poll.id);
      expectRefusal(await post(STRANGER, '/api/tab/me/polls/answers?lang=en', { pollId: poll.id, answers: [{ slotId, answer: 'no' }] }), 404, 'access.denied');
      expectRefusal(await post(COORDINATOR, '/api/tab/me/polls/answers?lang=en', { pollId: poll.id, answers: [{ slotId, answer: 'no' }] }), 404, 'access.denied');
      const unknown = await post(GP, '/api/tab/me/polls/answers?lang=nl', { pollId: poll.id, answers: [{ slotId: 'no-such-slot', answer: 'no' }] });
      expectRefusal(unknown, 409, 'poll.slot_not_found');
      expect(await h.bot.stores.votes.listByPoll(poll.id)).toEqual(before);
    });

    it('refuses an answer once the organiser closed the poll, and no longer lists it', async () => {
      invokeCard(await h.click(ORGANISER, 'poll.close', { pollId: poll.id }));
      const closed = await post(GP, '/api/tab/me/polls/answers?lang=en', { pollId: poll.id, answers: [{ slotId: poll.slots[0]!.id, answer: 'no' }] });
      expectRefusal(closed, 409, 'poll.not_open');
      expect((await votesOf('e-gp')).find((v) => v.slotId === poll.slots[0]!.id)!.answer).toBe('yes');
      expect((await get(GP, '/api/tab/me/polls?lang=en')).body.polls).toEqual([]);
    });

    it('refuses malformed answers with 400 and says what is wrong', async () => {
      const slotId = poll.slots[0]!.id;
      const bad = [
        [{ pollId: poll.id, answers: [] }, /answers/],
        [{ pollId: poll.id, answers: [{ slotId, answer: 'maybe' }] }, /answers\.0\.answer/],
        [{ pollId: poll.id, answers: [{ slotId, answer: 'yes' }], participantId: 'e-nurse' }, /unknown field.*participantId/],
        [{ pollId: poll.id, answers: [{ slotId, answer: 'yes', recordedBy: 'x' }] }, /recordedBy/],
        [{ pollId: '../x', answers: [{ slotId, answer: 'yes' }] }, /pollId/],
        [[1, 2], /body/],
      ] as const;
      for (const [body, message] of bad) {
        const res = await post(GP, '/api/tab/me/polls/answers?lang=en', body);
        expectRefusal(res, 400, 'bad_request');
        expect(res.body.message).toMatch(message);
      }
    });
  });

  describe('my actions', () => {
    const ids = (res: any) => res.body.cases.flatMap((g: any) => g.actions.map((a: any) => a.actionId));

    it('shows an owner their own open actions, with the answers of the card', async () => {
      const res = await get(GP, '/api/tab/me/actions?lang=en');
      expect(res.status).toBe(200);
      expect(res.body.cases).toEqual([expect.objectContaining({ caseId: actionCase.id, reference: actionCase.reference, pseudonym: 'J. P.', scope: 'own' })]);
      expect(ids(res)).toEqual(['a1']);
      const a1 = res.body.cases[0].actions[0];
      expect(a1).toEqual(expect.objectContaining({ n: 1, what: 'Prescribe physiotherapy', mine: true, status: 'open', statusLabel: 'open', dueDate: '2026-12-01' }));
      expect(a1.answers.map((a: any) => a.label)).toEqual(['Done', 'Not done yet', 'Blocked', 'Not mine']);
      expect(JSON.stringify(res.body)).not.toContain('Aunt Rosa');
    });

    it('shows the referent every open action of the case; "not mine" only on their own', async () => {
      const res = await get(REFERENT, '/api/tab/me/actions?lang=nl');
      expect(res.body.cases[0].scope).toBe('all');
      expect(ids(res)).toEqual(['a1', 'a2', 'a3']);
      const answers = Object.fromEntries(res.body.cases[0].actions.map((a: any) => [a.actionId, a.answers.map((x: any) => x.value)]));
      expect(answers).toEqual({ a1: ['done', 'not_done_yet', 'blocked'], a2: ['done', 'not_done_yet', 'blocked'], a3: ['done', 'not_done_yet', 'blocked', 'not_mine'] });
      expect(res.body.cases[0].actions[0].answers[0].label).toBe('Gedaan');
      expect((await h.bot.stores.audit.listByCase(actionCase.id)).some((a) => a.action === 'actions.viewed' && a.actorId === REFERENT.aadObjectId)).toBe(true);
    });

    it('shows nothing to the requester, a coordinator or a stranger', async () => {
      for (const user of [STRANGER, COORDINATOR, HOME_NURSE, ORGANISER]) {
        const res = await get(user, '/api/tab/me/actions?lang=en');
        expect([user.name, res.body.cases]).toEqual([user.name, []]);
      }
    });

    it('refuses, with the card\'s own localised reason, a date in the past, a missing reason, someone else\'s action, and "not mine" for another', async () => {
      const before = await reportNow();
      const past = await post(GP, '/api/tab/me/actions/answers?lang=fr', { caseId: actionCase.id, actionId: 'a1', answer: 'not_done_yet', newDueDate: '2026-11-20' });
      expectRefusal(past, 422, 'action.new_date_not_after_today');
      expect(past.body.message).toMatch(/date/);
      const noDate = await post(GP, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'a1', answer: 'not_done_yet', newDueDate: '' });
      expectRefusal(noDate, 422, 'validation.invalid');
      const noReason = await post(GP, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'a1', answer: 'blocked' });
      expectRefusal(noReason, 422, 'validation.invalid');
      expectRefusal(await post(GP, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'a2', answer: 'done' }), 403, 'action.not_yours');
      expectRefusal(await post(REFERENT, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'a1', answer: 'not_mine' }), 403, 'action.owner_only');
      expectRefusal(await post(STRANGER, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'a1', answer: 'done' }), 404, 'access.denied');
      expectRefusal(await post(HOME_NURSE, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'a1', answer: 'done' }), 403, 'action.not_yours');
      expectRefusal(await post(GP, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'nope', answer: 'done' }), 422);
      expect(await reportNow()).toEqual(before);
    });

    it('records an answer from the tab as the card does (history, audit, thread notice); a second one is refused as stale, nothing changed', async () => {
      const res = await post(GP, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'a1', answer: 'blocked', reason: '  Waiting for the insurer  ' });
      expect(res.status).toBe(200);
      expect(res.body.message).toBe('Your answer is recorded.');
      expect(res.body.group.actions[0]).toEqual(expect.objectContaining({ actionId: 'a1', status: 'blocked', statusLabel: 'blocked' }));
      const tabAnswer = (await actionNow('a1')).history.at(-1)!;
      expect(tabAnswer).toEqual({ at: now(), by: GP.aadObjectId, answer: 'blocked', reason: 'Waiting for the insurer' });

      // the referent answers their own action on the card: the same record
      const card = invokeCard(await h.click(REFERENT, 'action.answer', { caseId: actionCase.id, actionId: 'a3', answer: 'blocked', 'why.a3': 'Landlord away' }));
      expect(cardText(card)).toContain('Your answer is recorded.');
      const cardAnswer = (await actionNow('a3')).history.at(-1)!;
      expect(Object.keys(cardAnswer).sort()).toEqual(Object.keys(tabAnswer).sort());
      const audit = (await h.bot.stores.audit.listByCase(actionCase.id)).filter((a) => a.action === 'action.answered').map((a) => a.actorId);
      expect(audit).toEqual([GP.aadObjectId, REFERENT.aadObjectId]);
      // the thread notice and the referent's list, as for a card answer
      const report = await reportNow();
      expect(await queued(`report:${actionCase.id}:c1:referent:v${report.version - 1}`)).toBe(true);

      // done, then done again: the second is refused with a clear message and changes nothing
      expect((await post(GP, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'a1', answer: 'done' })).status).toBe(200);
      const afterDone = await reportNow();
      const again = await post(GP, '/api/tab/me/actions/answers?lang=en', { caseId: actionCase.id, actionId: 'a1', answer: 'done' });
      expectRefusal(again, 409, 'action.not_open');
      expect(await reportNow()).toEqual(afterDone);
      // a done action leaves the owner's list
      expect(ids(await get(GP, '/api/tab/me/actions?lang=en'))).toEqual([]);
    });

    it('refuses malformed bodies: not JSON, unknown fields, wrong type, too large', async () => {
      const path = '/api/tab/me/actions/answers?lang=en';
      const notJson = await post(GP, path, '{"caseId": ');
      expectRefusal(notJson, 400, 'bad_request');
      expect(notJson.body.message).toMatch(/JSON/);
      const unknown = await post(GP, path, { caseId: actionCase.id, actionId: 'a1', answer: 'done', onBehalfOf: 'e-gp' });
      expectRefusal(unknown, 400, 'bad_request');
      expect(unknown.body.message).toMatch(/onBehalfOf/);
      expectRefusal(await post(GP, path, { caseId: actionCase.id, actionId: 'a1', answer: 'later' }), 400, 'bad_request');
      expectRefusal(await post(GP, path, { caseId: actionCase.id, actionId: 'a1', answer: 'done' }, { 'content-type': 'text/plain' }), 415, 'unsupported_media_type');
      const huge = await post(GP, path, { caseId: actionCase.id, actionId: 'a1', answer: 'blocked', reason: 'x'.repeat(MAX_TAB_BODY_BYTES) });
      expectRefusal(huge, 413, 'payload_too_large');
      expectRefusal(await post(GP, `${path}&caseId=${actionCase.id}`, { caseId: actionCase.id, actionId: 'a1', answer: 'done' }), 400, 'bad_request');
    });

    it('refuses bad tokens before reading anything: none, expired, foreign tenant, forged', async () => {
      const body = JSON.stringify({ caseId: actionCase.id, actionId: 'a2', answer: 'done' });
      const send = (authorization?: string) =>
        fetch(`${tab.url}/api/tab/me/actions/answers?lang=en`, { method: 'POST', headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) }, body });
      const read = async (r: Response) => ({ status: r.status, headers: r.headers, body: await r.json() });
      expectRefusal(await read(await send()), 401, 'missing_token');
      expectRefusal(await read(await send(`Bearer ${await kit.tokenFor(REFERENT, {}, new Date(now().getTime() - 3 * 3600_000))}`)), 401, 'token_expired');
      expectRefusal(await read(await send(`Bearer ${await kit.tokenFor(REFERENT, { tid: FOREIGN_TENANT, iss: `https://sts.windows.net/${FOREIGN_TENANT}/` }, now())}`)), 403, 'tenant_not_allowed');
      const genuine = await kit.tokenFor(GP, {}, now());
      const [header, payload, signature] = genuine.split('.');
      const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
      const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, oid: REFERENT.aadObjectId })).toString('base64url')}.${signature}`;
      expectRefusal(await read(await send(`Bearer ${forged}`)), 401, 'invalid_token');
      expect((await actionNow('a2')).status).toBe('open');
    });
  });

  describe('the coordinator dashboard', () => {
    it('gives a coordinator the figures of the figures card, labelled in their language', async () => {
      const res = await get(COORDINATOR, '/api/tab/me/dashboard?lang=fr');
      expect(res.status).toBe(200);
      expect(res.body.title).toBe('Chiffres — toutes les années');
      expect(res.body.charts.map((c: any) => c.id)).toEqual(['outcome', 'refused', 'sector', 'domain', 'organisers', 'pool']);
      const totals = Object.fromEntries(res.body.totals.map((t: any) => [t.id, t.count]));
      // the two seeded cases, both followed
      expect(totals.requests).toBe(2);
      const outcome = res.body.charts[0].rows;
      expect(outcome).toHaveLength(5);
      expect(outcome.reduce((n: number, r: any) => n + r.count, 0)).toBe(2);
      expect(res.body.years).toEqual([expect.objectContaining({ year: 2026, requests: 2 })]);
      expect(res.body.outcomes.map((o: any) => o.id)).toEqual(['followed', 'incomplete', 'refused', 'awaiting_assignment', 'withdrawn']);
      for (const name of PRIVATE_NAMES) expect(res.text).not.toContain(name);
      const year = await get(COORDINATOR, '/api/tab/me/dashboard?lang=en&year=2026');
      expect([year.status, year.body.year, year.body.title]).toEqual([200, 2026, 'Figures 2026']);
    });

    it('refuses anyone else (403, no figures) and a year that is not one (400)', async () => {
      for (const user of [GP, REFERENT, STRANGER, ORGANISER]) {
        const res = await get(user, '/api/tab/me/dashboard?lang=en&year=2026');
        expectRefusal(res, 403, 'access.denied');
        expect(res.text).not.toMatch(/requests|charts/);
      }
      for (const year of ['abc', '1999', '2026&year=2025', '']) expectRefusal(await get(COORDINATOR, `/api/tab/me/dashboard?lang=en&year=${year}`), 400, 'bad_request');
      expectRefusal(await get(COORDINATOR, '/api/tab/me/dashboard?lang=en&userId=x'), 400, 'bad_request');
    });
  });

  it('answers an unknown tab address with the API\'s own 404 shape', async () => {
    const res = await get(GP, '/api/tab/me/secrets?lang=en');
    expectRefusal(res, 404, 'not_found');
  });
});
