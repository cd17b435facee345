import { BotHarness, cardText, COORDINATOR, invokeCard, NURSE, SOCIAL_WORKER, TENANT } from '../support/bot-harness';
import { clickButton, fillRequest, GOOD_INPUTS } from '../support/intake-driver';
import { nl } from '../../adaptive-cards/i18n/nl';

describe('opening a request in Teams (over HTTP, fake Bot Connector)', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await BotHarness.start();
  });
  afterEach(async () => {
    await h.stop();
  });

  it.each([
    ['help', 'en-US', 'MKO — multidisciplinary clinical consultation'],
    ['hulp', 'nl-BE', 'MKO — multidisciplinair klinisch overleg'],
    ['aide', 'fr-BE', 'MKO — concertation clinique multidisciplinaire'],
    ['help', 'de-DE', 'MKO — multidisciplinary clinical consultation'],
  ])('answers "%s" in %s with the welcome card in that language', async (text, locale, title) => {
    const [reply] = await h.say(NURSE, text, locale);
    const card = reply.attachments[0].content;
    expect(card.type).toBe('AdaptiveCard');
    expect(cardText(card)).toContain(title);
  });

  it('welcomes a user who installs the bot', async () => {
    const before = h.connector.calls.length;
    const res = await h.post({
      type: 'conversationUpdate',
      id: 'install-1',
      channelId: 'msteams',
      serviceUrl: h.connector.url,
      locale: 'fr-BE',
      from: NURSE,
      recipient: { id: '28:mko-bot', name: 'MKO' },
      conversation: { id: h.personalConversation(NURSE), conversationType: 'personal', tenantId: TENANT },
      membersAdded: [{ id: '28:mko-bot' }],
      channelData: { tenant: { id: TENANT } },
    });
    expect(res.status).toBeLessThan(300);
    const sent = h.connector.cards((c) => h.connector.calls.indexOf(c) >= before);
    expect(cardText(sent[0])).toContain('MKO — concertation clinique multidisciplinaire');
  });

  it('tells a user who types something unknown what it can do', async () => {
    const [reply] = await h.say(NURSE, 'bonjour, je voudrais de l’aide', 'fr-BE');
    expect(cardText(reply.attachments[0].content)).toMatch(/pas compris/);
  });

  it('walks through every step to a summary, then creates a case with a reference', async () => {
    const summary = await fillRequest(h, NURSE);
    const text = cardText(summary);
    expect(text).toContain('Check and submit');
    expect(text).toContain('Dubois-Vandenberghe');
    expect(text).toContain('Schaerbeek');

    const confirmation = invokeCard(await clickButton(h, NURSE, summary, 'Submit the request'));
    expect(cardText(confirmation)).toContain('Request received: MKO-2026-0001');
    expect(cardText(confirmation)).toContain('M. D.');

    const cases = await h.bot.stores.cases.listByRequester(NURSE.aadObjectId);
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ reference: 'MKO-2026-0001', status: 'awaiting_assignment', pseudonym: 'M. D.' });
    expect(cases[0]!.request.person?.languages).toEqual(['fr', 'nl']);
    expect((await h.bot.stores.audit.listByCase(cases[0]!.id)).map((e) => e.action)).toContain('case.submitted');
  });

  it('speaks Dutch all the way for a nl-BE user', async () => {
    const summary = await fillRequest(h, NURSE, {}, 'nl-BE');
    expect(cardText(summary)).toContain(nl['intake.step.summary']);
    const confirmation = invokeCard(await clickButton(h, NURSE, summary, 'Aanvraag indienen', {}, 'nl-BE'));
    expect(cardText(confirmation)).toMatch(/MKO-2026-0001/);
    expect(cardText(confirmation)).not.toContain('Request received');
  });

  it('does not move on while a step misses required answers, and says which', async () => {
    const [reply] = await h.say(NURSE, 'new request');
    const first = reply.attachments[0].content;
    const again = invokeCard(await clickButton(h, NURSE, first, 'Next', { 'requester.role': 'professional', 'requester.contact': '' }));
    expect(cardText(again)).toContain('Step 1 of 5');
    expect(cardText(again)).toMatch(/Please complete: How can we reach you/);
    // what was answered is kept
    expect(JSON.stringify(again)).toContain('"value":"professional"');
  });

  it('refuses an answer of the wrong shape with the field named, and stores nothing of it', async () => {
    const summary = await fillRequest(h, NURSE);
    const person = invokeCard(await h.click(NURSE, 'intake.goto', { ...findData(summary, 'person') }));
    const bad = invokeCard(await clickButton(h, NURSE, person, 'Next', { ...GOOD_INPUTS.person, 'person.birthDate': '1955-02-30', 'person.livingSituation': 'castle' }));
    expect(cardText(bad)).toMatch(/Please check: .*Date of birth.*Living situation/);
    const [draft] = await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId);
    expect(draft!.data.person?.birthDate).toBe('1955-03-14');
  });

  it('keeps a half-finished request across a restart of the bot, lists it, and resumes it', async () => {
    const [reply] = await h.say(NURSE, 'new request');
    let card = reply.attachments[0].content;
    card = invokeCard(await clickButton(h, NURSE, card, 'Next', GOOD_INPUTS.requester));
    const saved = invokeCard(await clickButton(h, NURSE, card, 'Save and finish later', { 'person.firstName': 'Ahmed', 'person.lastName': 'K' }));
    expect(cardText(saved)).toContain('Your saved requests');

    await h.restart();

    const [list] = await h.say(NURSE, 'my drafts');
    const drafts = list.attachments[0].content;
    expect(cardText(drafts)).toContain('Ahmed K');
    const resumed = invokeCard(await clickButton(h, NURSE, drafts, 'Resume'));
    expect(cardText(resumed)).toContain('Step 2 of 5');
    expect(JSON.stringify(resumed)).toContain('"value":"Ahmed"');
  });

  it('discards a saved request', async () => {
    const [reply] = await h.say(NURSE, 'new request');
    await clickButton(h, NURSE, reply.attachments[0].content, 'Save and finish later', GOOD_INPUTS.requester);
    const [list] = await h.say(NURSE, 'my drafts');
    const after = invokeCard(await clickButton(h, NURSE, list.attachments[0].content, 'Discard'));
    expect(cardText(after)).toContain('discarded');
    expect(await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId)).toHaveLength(0);
  });

  it('refuses a request outside Brussels, says why in plain words, and stores it with its reason', async () => {
    const summary = await fillRequest(h, NURSE, { person: { 'person.postcode': '1800', 'person.municipality': '' } }, 'fr-BE');
    const refused = invokeCard(await clickButton(h, NURSE, summary, 'Envoyer la demande', {}, 'fr-BE'));
    expect(cardText(refused)).toMatch(/Région de Bruxelles-Capitale/);
    const [c] = await h.bot.stores.cases.listByRequester(NURSE.aadObjectId);
    expect(c).toMatchObject({ status: 'refused', refusalReasons: ['outside_brussels'] });
  });

  it('accepts a homeless person staying in Brussels without insurance', async () => {
    const summary = await fillRequest(h, NURSE, {
      person: {
        'person.residenceKind': 'no_fixed_address',
        'person.postcode': '1000',
        'person.municipality': 'bruxelles',
        'person.whereStaying': 'Street, Gare du Midi',
        'person.livingSituation': 'street',
        'person.insurance': 'not_in_order',
      },
    });
    invokeCard(await clickButton(h, NURSE, summary, 'Submit the request'));
    const [c] = await h.bot.stores.cases.listByRequester(NURSE.aadObjectId);
    expect(c!.status).toBe('awaiting_assignment');
  });

  it('warns on the summary, before submitting, that the answers would be refused, and why', async () => {
    const outside = await fillRequest(h, NURSE, { person: { 'person.postcode': '1800', 'person.municipality': '' } }, 'fr-BE');
    expect(cardText(outside)).toMatch(/sera refusée[^]*Région de Bruxelles-Capitale[^]*Modifier/);
    expect(await h.bot.stores.cases.listByRequester(NURSE.aadObjectId)).toHaveLength(0);

    const eligible = await fillRequest(h, SOCIAL_WORKER);
    expect(cardText(eligible)).not.toMatch(/will be refused/);
  });

  it('accepts a homeless person staying in a Brussels municipality whose CPAS/OCMW reference address is elsewhere', async () => {
    const summary = await fillRequest(h, NURSE, {
      person: {
        'person.residenceKind': 'no_fixed_address',
        'person.postcode': '1800',
        'person.municipality': 'bruxelles',
        'person.whereStaying': 'Gare du Midi',
        'person.livingSituation': 'street',
      },
    });
    expect(cardText(summary)).not.toMatch(/will be refused/);
    invokeCard(await clickButton(h, NURSE, summary, 'Submit the request'));
    const [c] = await h.bot.stores.cases.listByRequester(NURSE.aadObjectId);
    expect(c!.status).toBe('awaiting_assignment');
  });

  it.each([
    ['in the future (2055 for 1955)', '2055-03-14'],
    ['before 1900 (55 typed for 1955)', '0055-03-14'],
  ])('asks again for a birth date %s instead of refusing the person as a minor', async (_label, birthDate) => {
    const [reply] = await h.say(NURSE, 'new request');
    let card = invokeCard(await clickButton(h, NURSE, reply.attachments[0].content, 'Next', GOOD_INPUTS.requester));
    card = invokeCard(await clickButton(h, NURSE, card, 'Next', { ...GOOD_INPUTS.person, 'person.birthDate': birthDate }));
    expect(cardText(card)).toContain('Step 2 of 5');
    expect(cardText(card)).toMatch(/Please check: Date of birth/);
    const [draft] = await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId);
    expect(draft!.data.person).toBeUndefined();
  });

  it('asks which language when "Other" is chosen without saying which', async () => {
    const [reply] = await h.say(NURSE, 'new request');
    let card = invokeCard(await clickButton(h, NURSE, reply.attachments[0].content, 'Next', GOOD_INPUTS.requester));
    card = invokeCard(await clickButton(h, NURSE, card, 'Next', { ...GOOD_INPUTS.person, 'person.languages': 'other' }));
    expect(cardText(card)).toContain('Step 2 of 5');
    expect(cardText(card)).toMatch(/Please complete: Other language: which one/);
  });

  it('reuses a request opened and left empty instead of piling up identical drafts', async () => {
    await h.say(NURSE, 'new request');
    await h.say(NURSE, 'new request');
    expect(await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId)).toHaveLength(1);
    await fillRequest(h, NURSE);
    const [reply] = await h.say(NURSE, 'new request');
    expect(cardText(reply.attachments[0].content)).toContain('Step 1 of 5');
    expect(await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId)).toHaveLength(2);
  });

  it('keeps the network members in view when the network step is answered wrongly', async () => {
    const card = await addFirstNetworkMember(h);
    const bad = invokeCard(await clickButton(h, NURSE, card, 'Next', { 'network.consent': 'maybe' }));
    expect(cardText(bad)).toMatch(/Please check/);
    expect(cardText(bad)).toContain('Dr. Janssens');
  });

  it('creates one case when the same request is submitted twice, even at the same moment', async () => {
    const summary = await fillRequest(h, NURSE);
    const [a, b] = await Promise.all([clickButton(h, NURSE, summary, 'Submit the request'), clickButton(h, NURSE, summary, 'Submit the request')]);
    const texts = [cardText(invokeCard(a)), cardText(invokeCard(b))];
    expect(texts.every((t) => t.includes('MKO-2026-0001'))).toBe(true);
    const again = invokeCard(await clickButton(h, NURSE, summary, 'Submit the request'));
    expect(cardText(again)).toContain('already been submitted');
    expect(await h.bot.stores.cases.listByRequester(NURSE.aadObjectId)).toHaveLength(1);
  });

  it('numbers requests submitted in the same second by different people uniquely', async () => {
    const [s1, s2] = await Promise.all([fillRequest(h, NURSE), fillRequest(h, SOCIAL_WORKER)]);
    await Promise.all([clickButton(h, NURSE, s1, 'Submit the request'), clickButton(h, SOCIAL_WORKER, s2, 'Submit the request')]);
    const refs = [
      ...(await h.bot.stores.cases.listByRequester(NURSE.aadObjectId)),
      ...(await h.bot.stores.cases.listByRequester(SOCIAL_WORKER.aadObjectId)),
    ].map((c) => c.reference);
    expect(refs.sort()).toEqual(['MKO-2026-0001', 'MKO-2026-0002']);
  });

  it('starts numbering again in a new Brussels year (the year turns at Brussels midnight)', async () => {
    h.clock.current = new Date('2026-12-31T22:30:00Z'); // 23:30 in Brussels: still 2026
    await clickButton(h, NURSE, await fillRequest(h, NURSE), 'Submit the request');
    h.clock.current = new Date('2026-12-31T23:30:00Z'); // 00:30 on 1 January 2027 in Brussels
    await clickButton(h, SOCIAL_WORKER, await fillRequest(h, SOCIAL_WORKER), 'Submit the request');
    const nurseCase = (await h.bot.stores.cases.listByRequester(NURSE.aadObjectId))[0]!;
    const swCase = (await h.bot.stores.cases.listByRequester(SOCIAL_WORKER.aadObjectId))[0]!;
    expect([nurseCase.reference, swCase.reference]).toEqual(['MKO-2026-0001', 'MKO-2027-0001']);
  });

  it('adds and removes network members', async () => {
    let card = await addFirstNetworkMember(h);
    card = invokeCard(await clickButton(h, NURSE, card, 'Add to the network', { 'member.role': 'Daughter', 'member.name': 'Sofie' }));
    expect(cardText(card)).toContain('Dr. Janssens');
    expect(cardText(card)).toContain('Sofie');
    card = invokeCard(await clickButton(h, NURSE, card, 'Remove'));
    expect(cardText(card)).not.toContain('Dr. Janssens');
    const [draft] = await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId);
    expect(draft!.data.network).toEqual({ members: [{ role: 'Daughter', name: 'Sofie' }], consent: 'yes' });
  });

  it('answers a click on an out-of-date card with the current state instead of overwriting', async () => {
    const [reply] = await h.say(NURSE, 'new request');
    const first = reply.attachments[0].content;
    await clickButton(h, NURSE, first, 'Next', GOOD_INPUTS.requester);
    const stale = invokeCard(await clickButton(h, NURSE, first, 'Next', { ...GOOD_INPUTS.requester, 'requester.contact': 'other' }));
    expect(cardText(stale)).toContain('out of date');
    const [draft] = await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId);
    expect(draft!.data.requester?.contact).toBe('02 123 45 67');
  });

  it('keeps requests out of team channels', async () => {
    const replies = await h.sayInChannel(NURSE, 'new request');
    expect(replies[0].text).toMatch(/personal chat/);
    expect(await h.bot.stores.drafts.listOpenByOwner(NURSE.aadObjectId)).toHaveLength(0);
    void COORDINATOR;
  });
});

function findData(card: any, step: string): object {
  let found: any = null;
  const walk = (n: any) => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    if (n.type === 'Action.Execute' && n.verb === 'intake.goto' && n.data?.step === step) found = n.data;
    Object.values(n).forEach(walk);
  };
  walk(card);
  return found;
}

/** A new request filled up to the network step, with Dr. Janssens added as its first member. */
async function addFirstNetworkMember(h: BotHarness): Promise<any> {
  const [reply] = await h.say(NURSE, 'new request');
  let card = reply.attachments[0].content;
  for (const step of ['requester', 'person', 'situation'] as const) card = invokeCard(await clickButton(h, NURSE, card, 'Next', GOOD_INPUTS[step]));
  return invokeCard(await clickButton(h, NURSE, card, 'Add to the network', { 'member.role': 'GP', 'member.name': 'Dr. Janssens', 'network.consent': 'yes' }));
}
