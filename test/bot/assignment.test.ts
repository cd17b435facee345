import { BotHarness, cardText, CASES_CHANNEL, COORDINATOR, COORDINATOR_2, findAction, invokeCard, NURSE, ORGANISER, SOCIAL_WORKER } from '../support/bot-harness';
import { clickButton, fillRequest } from '../support/intake-driver';
import { makePlanningCase, ORGANISER_NAME } from '../support/poll-fixtures';
import type { Case } from '../../domain/case/case';

describe('organiser pool and assignment', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await BotHarness.start();
    await h.sayInChannel(COORDINATOR, 'cases channel');
  });
  afterEach(async () => {
    await h.stop();
  });

  async function addOrganiser(id: string, name: string, languages: string, background = 'social_worker') {
    const [reply] = await h.say(COORDINATOR, 'organisers');
    const pool = reply.attachments[0].content;
    return invokeCard(await clickButton(h, COORDINATOR, pool, 'Add to the pool', {
      'pool.user': '',
      'pool.id': id,
      'pool.name': name,
      'pool.email': '',
      'pool.languages': languages,
      'pool.background': background,
    }));
  }

  async function submitCase(): Promise<Case> {
    const summary = await fillRequest(h, NURSE, { network: { 'member.role': 'GP', 'member.name': 'Dr. Sarah Janssens' } });
    await clickButton(h, NURSE, summary, 'Submit the request');
    await h.flushOutbox();
    return (await h.bot.stores.cases.listByRequester(NURSE.aadObjectId))[0]!;
  }

  const caseNow = async (id: string) => (await h.bot.stores.cases.findById(id))!;

  it('lets only coordinators manage the pool', async () => {
    const [reply] = await h.say(NURSE, 'organisers');
    expect(reply.text).toMatch(/Only a coordinator/);
    const res = await h.click(NURSE, 'pool.add', { 'pool.id': 'x', 'pool.name': 'X', 'pool.languages': 'fr', 'pool.background': 'other' });
    expect(cardText(invokeCard(res))).toMatch(/not available/);
    expect(await h.bot.stores.organisers.listPool()).toHaveLength(0);
  });

  it('adds, pauses and removes organisers, and tells what is missing', async () => {
    const missing = await addOrganiser('', 'Nobody', '');
    expect(cardText(missing)).toMatch(/Please check|could not be accepted/);
    const added = await addOrganiser(ORGANISER.aadObjectId, 'Amina El Idrissi', 'fr,ar');
    expect(cardText(added)).toContain('Amina El Idrissi is now in the pool.');
    const paused = invokeCard(await clickButton(h, COORDINATOR, added, 'Pause'));
    expect(cardText(paused)).toContain('paused');
    const removed = invokeCard(await clickButton(h, COORDINATOR, paused, 'Remove'));
    expect(cardText(removed)).not.toContain('Amina El Idrissi');
  });

  it('suggests neutral organisers first by language then workload; assigning a network member needs a reason', async () => {
    await addOrganiser(ORGANISER.aadObjectId, 'Amina El Idrissi', 'fr,ar');
    await addOrganiser('99999999-0000-4000-8000-000000000009', 'Pieter Claes', 'nl', 'community_nurse');
    await addOrganiser('88888888-0000-4000-8000-000000000008', 'Sarah Janssens', 'fr,nl', 'community_nurse');
    await addOrganiser('77777777-0000-4000-8000-000000000007', 'Tom Meyer', 'en');
    const c = await submitCase();

    const denied = await h.click(NURSE, 'case.assignStart', { caseId: c.id }, { inChannel: true });
    expect(denied.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: 'This item is not available.' });

    const card = invokeCard(await h.click(COORDINATOR, 'case.assignStart', { caseId: c.id }, { inChannel: true }));
    const text = cardText(card);
    const order = ['Amina El Idrissi', 'Pieter Claes', 'Tom Meyer'].map((n) => text.indexOf(`Assign ${n}`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toMatch(/^Assign Sarah Janssens$/m);
    expect(text).toContain('Assign Sarah Janssens anyway');

    const refused = invokeCard(await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: '88888888-0000-4000-8000-000000000008' }, { inChannel: true }));
    expect(cardText(refused)).toMatch(/named in the person's network/);
    expect((await caseNow(c.id)).status).toBe('awaiting_assignment');

    await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: '88888888-0000-4000-8000-000000000008', 'override.reason': 'Only Dutch/French speaker free this month' }, { inChannel: true });
    const after = await caseNow(c.id);
    expect(after.status).toBe('assigned');
    expect(after.assignments[0]).toMatchObject({ overrideReason: 'Only Dutch/French speaker free this month', outcome: 'pending' });
    expect((await h.bot.stores.audit.listByCase(c.id)).map((e) => e.action)).toContain('case.assigned_with_override');
  });

  it('asks the organiser, who accepts: the requester is told, the thread gets replies, the root card updates', async () => {
    await addOrganiser(ORGANISER.aadObjectId, 'Amina El Idrissi', 'fr');
    const c = await submitCase();
    const done = invokeCard(await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: ORGANISER.aadObjectId }, { inChannel: true }));
    expect(cardText(done)).toMatch(/Amina El Idrissi has been asked/);
    await h.flushOutbox();

    // the organiser never wrote to the bot: a 1:1 chat is opened for the request
    const opened = h.connector.calls.find((x) => x.method === 'createConversation' && x.body?.members?.[0]?.id === ORGANISER.aadObjectId);
    expect(opened).toBeDefined();
    const request = h.connector.cards((x) => x.conversationId === opened!.conversationId && x.method !== 'createConversation');
    expect(cardText(request[0])).toContain(`Will you organise the consultation for ${c.reference}?`);
    expect(JSON.stringify(request[0])).not.toContain('Dubois');

    const rootUpdates = () => h.connector.calls.filter((x) => x.method === 'update' && x.conversationId.startsWith(CASES_CHANNEL));
    expect(rootUpdates().length).toBeGreaterThanOrEqual(1);
    expect(cardText(rootUpdates().at(-1)!.body.attachments[0].content)).toContain('Amina El Idrissi (asked, no answer yet)');

    const accepted = invokeCard(await clickButton(h, ORGANISER, request[0], 'Accept'));
    expect(cardText(accepted)).toMatch(/you are the organiser/);
    await h.flushOutbox();
    expect((await caseNow(c.id)).status).toBe('preparing');
    const thread = (await caseNow(c.id)).thread!.conversationId;
    const replies = h.connector.calls.filter((x) => x.conversationId === thread && (x.method === 'send' || x.method === 'reply')).map((x) => x.body.text);
    expect(replies).toEqual(['Amina El Idrissi has been asked to organise this case.', 'Amina El Idrissi accepted and is the organiser of this case.']);
    expect(cardText(rootUpdates().at(-1)!.body.attachments[0].content)).toContain('Preparing');
    const toRequester = h.connector.cards((x) => x.conversationId === h.personalConversation(NURSE) && x.method !== 'createConversation');
    expect(cardText(toRequester.at(-1))).toMatch(/Amina El Idrissi is the neutral organiser of your request/);

    const again = invokeCard(await clickButton(h, ORGANISER, request[0], 'Accept'));
    expect(cardText(again)).toMatch(/already been answered/);
    const stranger = invokeCard(await h.click(SOCIAL_WORKER, 'assignment.answer', { caseId: c.id, answer: 'accept' }));
    expect(cardText(stranger)).toMatch(/not available/);
  });

  it('keeps the history when the organiser declines and when a coordinator reassigns', async () => {
    await addOrganiser(ORGANISER.aadObjectId, 'Amina El Idrissi', 'fr');
    const c = await submitCase();
    await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: ORGANISER.aadObjectId }, { inChannel: true });
    await h.click(ORGANISER, 'assignment.answer', { caseId: c.id, answer: 'decline' });
    expect(await caseNow(c.id)).toMatchObject({ status: 'awaiting_assignment', organiserId: null });
    await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: ORGANISER.aadObjectId }, { inChannel: true });
    await h.click(ORGANISER, 'assignment.answer', { caseId: c.id, answer: 'accept' });
    await h.click(COORDINATOR, 'case.release', { caseId: c.id }, { inChannel: true });
    const after = await caseNow(c.id);
    expect(after.status).toBe('awaiting_assignment');
    expect(after.assignments.map((a) => a.outcome)).toEqual(['declined', 'released']);
  });

  it('lets one of two coordinators assigning at the same moment win, and tells the other', async () => {
    await addOrganiser(ORGANISER.aadObjectId, 'Amina El Idrissi', 'fr');
    await addOrganiser('99999999-0000-4000-8000-000000000009', 'Pieter Claes', 'nl');
    const c = await submitCase();
    const [a, b] = await Promise.all([
      h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: ORGANISER.aadObjectId }, { inChannel: true }),
      h.click(COORDINATOR_2, 'case.assign', { caseId: c.id, organiserId: '99999999-0000-4000-8000-000000000009' }, { inChannel: true }),
    ]);
    const texts = [cardText(invokeCard(a)), cardText(invokeCard(b))];
    expect(texts.filter((t) => /has been asked/.test(t))).toHaveLength(1);
    expect(texts.filter((t) => /changed this at the same moment|not waiting for an organiser|not possible in the case's current status/.test(t))).toHaveLength(1);
    expect((await caseNow(c.id)).assignments).toHaveLength(1);
  });

  it('reports a message Teams refuses (403) to the organiser instead of dropping it', async () => {
    await addOrganiser(ORGANISER.aadObjectId, 'Amina El Idrissi', 'fr');
    const c = await submitCase();
    await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: ORGANISER.aadObjectId }, { inChannel: true });
    await h.click(ORGANISER, 'assignment.answer', { caseId: c.id, answer: 'accept' });
    await h.flushOutbox();
    const before = h.connector.calls.length;
    h.connector.failNext({ status: 403 });
    await h.click(COORDINATOR, 'case.details', { caseId: c.id }, { inChannel: true });
    await h.flushOutbox();
    const failed = (await h.bot.stores.outbox.countByStatus()).failed;
    expect(failed).toBe(1);
    const toOrganiser = h.connector.cards((x) => h.connector.calls.indexOf(x) >= before && x.method !== 'createConversation');
    expect(toOrganiser.map(cardText).join('\n')).toMatch(new RegExp(`A message about ${c.reference} could not be delivered[\\s\\S]*HTTP 403`));
  });

  it('refuses to assign someone outside the pool', async () => {
    const c = await submitCase();
    const res = invokeCard(await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: '12345678-0000-4000-8000-000000000000' }, { inChannel: true }));
    expect(cardText(res)).toMatch(/not an active organiser/);
    expect((await caseNow(c.id)).status).toBe('awaiting_assignment');
  });
  it('counts the requester as part of the network: never suggested as neutral, assigned only with a reason', async () => {
    await addOrganiser(ORGANISER.aadObjectId, 'Amina El Idrissi', 'fr,ar');
    // the home nurse who made the request is also in the organiser pool
    await addOrganiser(NURSE.aadObjectId, 'Nora Peeters', 'fr,nl', 'community_nurse');
    const c = await submitCase();
    const text = cardText(invokeCard(await h.click(COORDINATOR, 'case.assignStart', { caseId: c.id }, { inChannel: true })));
    expect(text).toMatch(/^Assign Amina El Idrissi$/m);
    expect(text).not.toMatch(/^Assign Nora Peeters$/m);
    expect(text).toContain('Assign Nora Peeters anyway');

    const refused = invokeCard(await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: NURSE.aadObjectId }, { inChannel: true }));
    expect(cardText(refused)).toMatch(/named in the person's network/);
    expect((await caseNow(c.id)).status).toBe('awaiting_assignment');
    await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: NURSE.aadObjectId, 'override.reason': 'Nobody else speaks Dutch this month' }, { inChannel: true });
    expect((await caseNow(c.id)).assignments[0]).toMatchObject({ organiserId: NURSE.aadObjectId, overrideReason: 'Nobody else speaks Dutch this month' });
  });

  it('refuses the acceptance of an organiser paused or removed since they were asked, in their language; declining stays possible', async () => {
    await addOrganiser(ORGANISER.aadObjectId, 'Amina El Idrissi', 'fr');
    const c = await submitCase();
    await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: ORGANISER.aadObjectId }, { inChannel: true });
    for (const status of ['paused', 'removed'] as const) {
      await h.click(COORDINATOR, 'pool.setStatus', { organiserId: ORGANISER.aadObjectId, status });
      expect((await h.bot.stores.organisers.findById(ORGANISER.aadObjectId))?.status).toBe(status);
      const before = await caseNow(c.id);
      const audit = (await h.bot.stores.audit.listByCase(c.id)).length;
      const fr = invokeCard(await h.click(ORGANISER, 'assignment.answer', { caseId: c.id, answer: 'accept' }, { locale: 'fr-BE' }));
      expect(cardText(fr)).toContain('Vous n’êtes plus un organisateur actif du pool');
      const en = invokeCard(await h.click(ORGANISER, 'assignment.answer', { caseId: c.id, answer: 'accept' }));
      expect(cardText(en)).toContain('You are no longer an active organiser in the pool, so you cannot accept this case.');
      expect(await caseNow(c.id)).toEqual(before);
      expect((await h.bot.stores.audit.listByCase(c.id)).length).toBe(audit);
    }
    await h.click(ORGANISER, 'assignment.answer', { caseId: c.id, answer: 'decline' });
    expect(await caseNow(c.id)).toMatchObject({ status: 'awaiting_assignment', organiserId: null });
  });

  it('offers "Release and reassign" only where the case can go back to the pool, and says why not elsewhere', async () => {
    const release = `Release ${ORGANISER_NAME} and reassign`;
    for (const status of ['preparing', 'planning', 'scheduled', 'follow_up'] as const) {
      const c = makePlanningCase(ORGANISER.aadObjectId, [{ id: 'e-nurse', role: 'Home nurse', name: 'Sofie Maes', userId: null }], {
        status,
        thread: { conversationId: `${CASES_CHANNEL};messageid=root-1`, rootActivityId: 'root-1', serviceUrl: h.connector.url },
      });
      await h.bot.stores.cases.insert(c);
      const card = invokeCard(await h.click(COORDINATOR, 'case.assignStart', { caseId: c.id }, { inChannel: true }));
      if (status === 'preparing') {
        expect(findAction(card, release)).toMatchObject({ verb: 'case.release' });
        expect(cardText(card)).not.toContain('can no longer be replaced');
      } else {
        expect(() => findAction(card, release)).toThrow();
        expect(cardText(card)).toContain('The organiser can no longer be replaced at this stage of the case');
      }
    }
  });
});
