import { BotHarness, cardText, CASES_CHANNEL, COORDINATOR, NURSE } from '../support/bot-harness';
import { clickButton, fillRequest } from '../support/intake-driver';

describe('the case thread in the cases channel', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await BotHarness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  async function submitOne(): Promise<void> {
    await clickButton(h, NURSE, await fillRequest(h, NURSE), 'Submit the request');
  }

  const threadPosts = () => h.connector.calls.filter((c) => c.method === 'createConversation' && c.body?.channelData?.channel?.id === CASES_CHANNEL);

  it('lets only a coordinator choose the cases channel', async () => {
    const [reply] = await h.sayInChannel(NURSE, 'cases channel');
    expect(reply.text).toMatch(/Only a coordinator/);
    expect(await h.bot.stores.settings.getCasesChannel()).toBeNull();

    const [ok] = await h.sayInChannel(COORDINATOR, 'dossierkanaal', 'nl-BE');
    expect(ok.text).toMatch(/kanaal/);
    expect(await h.bot.stores.settings.getCasesChannel()).toMatchObject({ channelId: CASES_CHANNEL, setBy: COORDINATOR.aadObjectId });
  });

  it('posts requests submitted before a channel was chosen once it is, one thread each', async () => {
    await submitOne();
    await h.flushOutbox();
    expect(threadPosts()).toHaveLength(0);

    await h.sayInChannel(COORDINATOR, 'cases channel');
    await h.flushOutbox();
    expect(threadPosts()).toHaveLength(1);

    await submitOne();
    await h.flushOutbox();
    expect(threadPosts()).toHaveLength(2);
  });

  it('shows a pseudonym, domains, urgency and status, never the name, address or date of birth', async () => {
    await h.sayInChannel(COORDINATOR, 'cases channel');
    await submitOne();
    await h.flushOutbox();
    const [post] = threadPosts();
    const card = post!.body.activity.attachments[0].content;
    const text = cardText(card);
    expect(text).toContain('Case MKO-2026-0001');
    expect(text).toContain('M. D.');
    expect(text).toContain('Awaiting assignment');
    expect(text).toMatch(/Psychological/);
    const raw = JSON.stringify(card);
    for (const secret of ['Marie', 'Dubois', '1955', '1030', 'Schaerbeek', 'hygiene', 'landlord', '02 123 45 67']) {
      expect(raw).not.toContain(secret);
    }
    const [c] = await h.bot.stores.cases.listByRequester(NURSE.aadObjectId);
    expect(c!.thread).toMatchObject({ conversationId: post!.conversationId, rootActivityId: post!.activityId });
  });

  it('never posts the same case twice, also across a restart', async () => {
    await h.sayInChannel(COORDINATOR, 'cases channel');
    await submitOne();
    await h.flushOutbox();
    await h.restart();
    await h.flushOutbox();
    expect(threadPosts()).toHaveLength(1);
  });

  it('retries a thread post that Teams throttled, honouring Retry-After, and then posts it once', async () => {
    await h.sayInChannel(COORDINATOR, 'cases channel');
    const summary = await fillRequest(h, NURSE);
    h.connector.failNext({ status: 429, retryAfter: 30 });
    await clickButton(h, NURSE, summary, 'Submit the request');
    await h.settleOutbox();
    expect(threadPosts()).toHaveLength(0);
    const [c] = await h.bot.stores.cases.listByRequester(NURSE.aadObjectId);
    const waiting = await h.bot.stores.outbox.findByKey(`case:${c!.id}:thread-root`);
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1, lastError: 'HTTP 429' });
    expect(waiting!.nextAttemptAt.getTime() - h.clock.now().getTime()).toBeGreaterThanOrEqual(30_000);
    h.clock.advance(31_000);
    await h.flushOutbox();
    expect(threadPosts()).toHaveLength(1);
  });

  it('sends the details to a coordinator in 1:1 and tells anyone else nothing', async () => {
    await h.sayInChannel(COORDINATOR, 'cases channel');
    await submitOne();
    await h.flushOutbox();
    const [c] = await h.bot.stores.cases.listByRequester(NURSE.aadObjectId);

    const denied = await h.click(NURSE, 'case.details', { caseId: c!.id }, { inChannel: true });
    expect(denied.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'This item is not available.' });
    const unknown = await h.click(COORDINATOR, 'case.details', { caseId: 'no-such-case' }, { inChannel: true });
    expect(unknown.body.value).toBe('This item is not available.');

    const ok = await h.click(COORDINATOR, 'case.details', { caseId: c!.id }, { inChannel: true });
    expect(ok.body.value).toMatch(/personal chat/);
    await h.flushOutbox();
    const personal = h.connector.calls.filter((x) => x.method === 'createConversation' && !x.body?.channelData?.channel);
    expect(personal).toHaveLength(1);
    const sent = h.connector.calls.filter((x) => (x.method === 'send' || x.method === 'reply') && x.conversationId === personal[0]!.conversationId);
    expect(cardText(sent[0]!.body.attachments[0].content)).toContain('details for coordinators');
    expect((await h.bot.stores.audit.listByCase(c!.id)).map((e) => e.action)).toContain('case.details_viewed');
  });
});
