import { BotHarness, cardText, invokeCard, NURSE, SOCIAL_WORKER, TENANT } from '../support/bot-harness';
import { clickButton, fillRequest, GOOD_INPUTS } from '../support/intake-driver';
import type { Draft } from '../../domain/ports';

describe('bad input: answered clearly, nothing changed, no crash', () => {
  let h: BotHarness;
  let draft: Draft;
  let card: any;

  beforeEach(async () => {
    h = await BotHarness.start();
    const [reply] = await h.say(NURSE, 'new request');
    card = invokeCard(await clickButton(h, NURSE, reply.attachments[0].content, 'Next', GOOD_INPUTS.requester));
    draft = (await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId))[0]!;
  });
  afterEach(async () => {
    // the bot is still alive and answering after whatever it was sent
    const [reply] = await h.say(NURSE, 'help');
    expect(cardText(reply.attachments[0].content)).toContain('MKO');
    await h.stop();
  });

  async function expectDraftUnchanged(): Promise<void> {
    expect(await h.bot.stores.drafts.findById(draft.id)).toEqual(draft);
  }

  const HUGE = 'x'.repeat(1024 * 1024);

  it.each([
    ['a verb nobody knows', 'case.delete_everything', {}, /no longer supported/],
    ['a draft id of the wrong type', 'intake.save', { draftId: 42, v: 2, step: 'person', move: 'next' }, /cannot read/],
    ['a step that does not exist', 'intake.save', { draftId: '__DRAFT__', v: 2, step: 'admin', move: 'next' }, /cannot read/],
    ['a version that is not a number', 'intake.save', { draftId: '__DRAFT__', v: 'latest', step: 'person', move: 'next' }, /cannot read/],
    ['a 1 MB string in a field', 'intake.save', { draftId: '__DRAFT__', v: 2, step: 'person', move: 'next', 'person.firstName': HUGE }, /cannot read/],
    ['a 1 MB draft id', 'intake.save', { draftId: HUGE, v: 2, step: 'person', move: 'next' }, /cannot read/],
    ['a field the card does not have', 'intake.save', { draftId: '__DRAFT__', v: 2, step: 'person', move: 'stay', 'person.isAdmin': 'true' }, /Please check|could not be accepted/],
    ['an unknown choice value', 'intake.save', { draftId: '__DRAFT__', v: 2, step: 'person', move: 'stay', 'person.livingSituation': 'mansion' }, /Please check: Living situation/],
    ['a draft id that does not exist', 'intake.save', { draftId: 'nope', v: 2, step: 'person', move: 'next' }, /not available/],
    ['a negative member index', 'intake.removeMember', { draftId: '__DRAFT__', v: 2, index: -1 }, /cannot read/],
    ['control characters in a member', 'intake.addMember', { draftId: '__DRAFT__', v: 2, 'member.role': 'GP\u0000', 'member.name': 'Dr \u202e X' }, /Please check|could not be accepted/],
  ])('%s', async (_what, verb, data, expected) => {
    const payload = JSON.parse(JSON.stringify(data).replace(/__DRAFT__/g, draft.id));
    const res = await h.click(NURSE, verb, payload);
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toMatch(expected);
    await expectDraftUnchanged();
  });

  it.each([
    ['no action at all', {}],
    ['an action that is not Action.Execute', { action: { type: 'Action.Submit', verb: 'intake.start' } }],
    ['a verb that is not a string', { action: { type: 'Action.Execute', verb: { $gt: '' } } }],
    ['a null value', null],
  ])('a malformed invoke: %s', async (_what, value) => {
    const res = await h.post({
      type: 'invoke',
      name: 'adaptiveCard/action',
      id: 'bad-1',
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      locale: 'nl-BE',
      from: NURSE,
      recipient: { id: '28:mko-bot' },
      conversation: { id: h.personalConversation(NURSE), conversationType: 'personal', tenantId: TENANT },
      channelData: { tenant: { id: TENANT } },
      value,
    });
    expect(res.status).toBe(200);
    expect(cardText(res.body.value)).toMatch(/Er is niets gewijzigd|niets gewijzigd/);
    await expectDraftUnchanged();
  });

  it("does not let someone else read or change a user's draft, and does not say it exists", async () => {
    const res = await h.click(SOCIAL_WORKER, 'draft.resume', { draftId: draft.id });
    expect(cardText(invokeCard(res))).toMatch(/not available/);
    const write = await h.click(SOCIAL_WORKER, 'intake.save', { draftId: draft.id, v: draft.version, step: 'person', move: 'stay', 'person.firstName': 'X' });
    expect(cardText(invokeCard(write))).toMatch(/not available/);
    const submit = await h.click(SOCIAL_WORKER, 'intake.submit', { draftId: draft.id, v: draft.version });
    expect(cardText(invokeCard(submit))).toMatch(/not available/);
    await expectDraftUnchanged();
  });

  it('sends an incomplete request back to the first step that misses answers', async () => {
    const res = await h.click(NURSE, 'intake.submit', { draftId: draft.id, v: draft.version });
    const text = cardText(invokeCard(res));
    expect(text).toContain('Step 2 of 5');
    expect(text).toMatch(/Please complete: .*First name/);
    expect(await h.bot.stores.cases.listByRequester(NURSE.aadObjectId)).toHaveLength(0);
    await expectDraftUnchanged();
  });

  it('does not accept changes to a request once it is submitted', async () => {
    const summary = await fillRequest(h, SOCIAL_WORKER);
    await clickButton(h, SOCIAL_WORKER, summary, 'Submit the request');
    const [submitted] = await h.bot.stores.cases.listByRequester(SOCIAL_WORKER.aadObjectId);
    const res = await h.click(SOCIAL_WORKER, 'intake.save', { draftId: submitted!.draftId, v: 99, step: 'person', move: 'stay' });
    expect(cardText(invokeCard(res))).toMatch(/already been submitted/);
  });
});

describe('who may talk to the bot', () => {
  it('refuses, without authentication, an activity whose serviceUrl is not on loopback', async () => {
    const h = await BotHarness.start();
    try {
      const res = await h.post({
        type: 'message',
        id: 'x',
        channelId: 'msteams',
        serviceUrl: 'https://attacker.example.com/',
        from: NURSE,
        recipient: { id: '28:mko-bot' },
        conversation: { id: 'a:1', conversationType: 'personal' },
        text: 'help',
      });
      expect(res.status).toBe(403);
      expect(h.connector.calls).toHaveLength(0);
    } finally {
      await h.stop();
    }
  });

  it('refuses activities from a tenant that is not allowed', async () => {
    const h = await BotHarness.start({ env: { ALLOWED_TENANT_IDS: '11111111-2222-4333-8444-555555555555' } });
    try {
      await expect(h.say(NURSE, 'help')).rejects.toThrow(/403/);
      expect(h.connector.calls).toHaveLength(0);
    } finally {
      await h.stop();
    }
  });

  it('answers health and readiness probes', async () => {
    const h = await BotHarness.start();
    try {
      expect((await fetch(`${h.bot.url}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${h.bot.url}/readyz`)).json()).toEqual({ status: 'ready' });
    } finally {
      await h.stop();
    }
  });
});
