import { BotHarness, cardText, CASES_CHANNEL, COORDINATOR, findAction, invokeCard, NURSE, ORGANISER, SOCIAL_WORKER, type User } from '../support/bot-harness';
import { clickButton, fillRequest } from '../support/intake-driver';
import type { Case } from '../../domain/case/case';

/** Network members with a Teams account of their own (fictional people). */
const GP: User = { id: '29:gp', aadObjectId: '12121212-0000-4000-8000-000000000012', name: 'GP' };
const BROTHER: User = { id: '29:brother', aadObjectId: '13131313-0000-4000-8000-000000000013', name: 'Brother' };
/** The home nurse who becomes the referent. */
const REFERENT = SOCIAL_WORKER;

/** Personal details typed in below; none may reach the cases channel or a log-like place. */
const PERSONAL = ['Marie', 'Dubois', 'Janssens', 'Ines Haddad', 'Karim', 'Sofia', 'lease', 'cooking', 'quarrel'];
const MEETING_GOAL = 'Agree who helps Marie move before the lease ends';

describe('preparing a consultation (organiser, 1:1 cards)', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await BotHarness.start();
    await h.sayInChannel(COORDINATOR, 'cases channel');
  });
  afterEach(async () => {
    await h.stop();
  });

  const caseNow = async (id: string): Promise<Case> => (await h.bot.stores.cases.findById(id))!;
  const entryId = async (caseId: string, name: string): Promise<string> => (await caseNow(caseId)).preparation.network.find((e) => e.name === name)!.id;
  const auditActions = async (caseId: string) => (await h.bot.stores.audit.listByCase(caseId)).map((e) => e.action);
  const cardsIn = (conversationId: string) => h.connector.cards((x) => x.conversationId === conversationId && x.method !== 'createConversation');
  const channelCalls = () => h.connector.calls.filter((x) => x.conversationId.startsWith(CASES_CHANNEL));

  /**
   * Delivers everything queued. The outbox keeps to Teams' rate limits in real seconds and puts a
   * message held back by them due again on the business clock, which the tests freeze: a flow with
   * many root card refreshes moves that clock on until everything went out.
   */
  async function deliverAll(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      await h.settleOutbox();
      const counts = await h.bot.stores.outbox.countByStatus();
      if (counts.pending === 0 && counts.sending === 0) return;
      h.clock.advance(1_000);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('outbox did not settle');
  }

  /** The 1:1 chat the bot opened with a user who never wrote to it. */
  function openedChatWith(user: User): string {
    const opened = h.connector.calls.find((x) => x.method === 'createConversation' && x.body?.members?.[0]?.id === user.aadObjectId);
    if (!opened) throw new Error(`no chat opened with ${user.name}`);
    return opened.conversationId;
  }

  /** A request submitted, assigned to ORGANISER and accepted; answers the case and the preparation card sent on accept. */
  async function acceptedCase(): Promise<{ c: Case; card: any }> {
    const [reply] = await h.say(COORDINATOR, 'organisers');
    await clickButton(h, COORDINATOR, reply.attachments[0].content, 'Add to the pool', {
      'pool.user': '',
      'pool.id': ORGANISER.aadObjectId,
      'pool.name': 'Amina El Idrissi',
      'pool.email': '',
      'pool.languages': 'fr,nl',
      'pool.background': 'social_worker',
    });
    const summary = await fillRequest(h, NURSE, { network: { 'member.role': 'GP', 'member.name': 'Dr. Sarah Janssens', 'member.organisation': 'Practice Josaphat' } });
    await clickButton(h, NURSE, summary, 'Submit the request');
    const c = (await h.bot.stores.cases.listByRequester(NURSE.aadObjectId))[0]!;
    await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: ORGANISER.aadObjectId }, { inChannel: true });
    await h.click(ORGANISER, 'assignment.answer', { caseId: c.id, answer: 'accept' });
    await deliverAll();
    const card = cardsIn(h.personalConversation(ORGANISER)).find((x) => cardText(x).startsWith(`Preparing ${c.reference}`));
    if (!card) throw new Error('no preparation card in the organiser chat');
    return { c: await caseNow(c.id), card };
  }

  async function saveEntry(c: Case, form: any, inputs: Record<string, string>) {
    return invokeCard(
      await clickButton(h, ORGANISER, form, 'Save', {
        'entry.role': '',
        'entry.name': '',
        'entry.organisation': '',
        'entry.contact': '',
        'entry.user': '',
        'entry.userId': '',
        'entry.mandate': 'none',
        'entry.invited': 'yes',
        'entry.notInvitedReason': '',
        'entry.isSupporter': '',
        ...inputs,
      }),
    );
  }

  async function addMember(c: Case, network: any, inputs: Record<string, string>) {
    const form = invokeCard(await clickButton(h, ORGANISER, network, 'Add a member'));
    return saveEntry(c, form, inputs);
  }

  it('goes from the accepted assignment to planning: consent, goals, network, preparation, referent', async () => {
    const { c, card } = await acceptedCase();

    // the checklist arrives on accept; it names no one and quotes nothing the person said
    expect(cardText(card)).toContain('○ Consent to the consultation and to sharing information');
    expect(cardText(card)).toContain('Not recorded yet.');
    for (const secret of PERSONAL) expect(JSON.stringify(card)).not.toContain(secret);
    expect(() => findAction(card, 'Ready for planning')).toThrow();

    // before consent: a linked GP sees nothing, and no referent can be asked
    let network = invokeCard(await clickButton(h, ORGANISER, card, 'Edit the network'));
    expect(cardText(network)).toContain('Dr. Sarah Janssens');
    const gpForm = invokeCard(await h.click(ORGANISER, 'prep.entryForm', { caseId: c.id, entryId: await entryId(c.id, 'Dr. Sarah Janssens') }));
    network = await saveEntry(c, gpForm, { 'entry.role': 'GP', 'entry.name': 'Dr. Sarah Janssens', 'entry.organisation': 'Practice Josaphat', 'entry.user': GP.aadObjectId, 'entry.mandate': 'decides' });
    expect(cardText(network)).toContain('Dr. Sarah Janssens is saved.');
    expect(cardText(network)).toMatch(/On Teams · Decides for their organisation/);
    expect(cardText(invokeCard(await h.click(GP, 'prep.briefing', { caseId: c.id })))).toMatch(/not available/);
    const [gpCasesBefore] = await h.say(GP, 'my cases');
    expect(cardText(gpCasesBefore.attachments[0].content)).not.toContain(c.reference);
    const tooEarly = invokeCard(await h.click(ORGANISER, 'prep.referentSet', { caseId: c.id, 'referent.entryId': await entryId(c.id, 'Dr. Sarah Janssens') }));
    expect(cardText(tooEarly)).toMatch(/First record the person's consent to share/);
    expect((await caseNow(c.id)).preparation.referentEntryId).toBeNull();

    // consent: by the organiser, now, in person
    const consentForm = invokeCard(await clickButton(h, ORGANISER, card, 'Record consent'));
    const afterConsent = invokeCard(await clickButton(h, ORGANISER, consentForm, 'Save', { 'consent.consultation': 'yes', 'consent.sharing': 'yes', 'consent.method': 'in_person' }));
    expect(cardText(afterConsent)).toContain('The consent is recorded.');
    expect(cardText(afterConsent)).toContain('✓ Consent to the consultation and to sharing information');
    expect((await caseNow(c.id)).preparation.consent).toEqual({ recordedBy: ORGANISER.aadObjectId, recordedAt: h.clock.now(), method: 'in_person', consultation: true, sharing: true });

    // now the linked GP may read the briefing
    expect(cardText(invokeCard(await h.click(GP, 'prep.briefing', { caseId: c.id })))).toContain('Dr. Sarah Janssens: GP');

    // goals: the meeting goal is required
    const goalsForm = invokeCard(await clickButton(h, ORGANISER, afterConsent, 'Edit the goals'));
    const noGoal = invokeCard(await clickButton(h, ORGANISER, goalsForm, 'Save', { 'goals.personGoals': 'Stay in the neighbourhood', 'goals.strengths': 'Loves cooking for her neighbour', 'goals.meetingGoal': '' }));
    expect(cardText(noGoal)).toMatch(/could not be accepted: The goal of the meeting/);
    expect(JSON.stringify(noGoal)).toContain('Loves cooking for her neighbour');
    expect((await caseNow(c.id)).preparation.strengths).toBeNull();
    const afterGoals = invokeCard(await clickButton(h, ORGANISER, noGoal, 'Save', { 'goals.personGoals': 'Stay in the neighbourhood', 'goals.strengths': 'Loves cooking for her neighbour', 'goals.meetingGoal': MEETING_GOAL }));
    expect(cardText(afterGoals)).toContain('✓ One clear, concrete goal for the meeting');

    // the network: not invited needs a reason; a supporter is invited; a referent on Teams
    network = invokeCard(await clickButton(h, ORGANISER, afterGoals, 'Edit the network'));
    const noReason = await addMember(c, network, { 'entry.role': 'Brother', 'entry.name': 'Karim', 'entry.userId': BROTHER.aadObjectId, 'entry.invited': 'no' });
    expect(cardText(noReason)).toContain('Not inviting someone needs a reason');
    expect((await caseNow(c.id)).preparation.network).toHaveLength(1);
    network = await saveEntry(c, noReason, { 'entry.role': 'Brother', 'entry.name': 'Karim', 'entry.userId': BROTHER.aadObjectId, 'entry.invited': 'no', 'entry.notInvitedReason': 'An old quarrel' });
    expect(cardText(network)).toContain('Not invited. Reason (seen by you only): An old quarrel');
    network = await addMember(c, network, { 'entry.role': 'Daughter', 'entry.name': 'Sofia', 'entry.contact': '0470 11 22 33', 'entry.isSupporter': 'yes' });
    expect(cardText(network)).toMatch(/Not on Teams · Mandate not stated · Supporter or advocate/);
    network = await addMember(c, network, { 'entry.role': 'Home nurse', 'entry.name': 'Ines Haddad', 'entry.organisation': 'Home care Brussels', 'entry.user': REFERENT.aadObjectId, 'entry.mandate': 'advises' });
    const members = (await caseNow(c.id)).preparation.network;
    expect(members.map((m) => [m.name, m.invited, m.isSupporter, m.userId])).toEqual([
      ['Dr. Sarah Janssens', true, false, GP.aadObjectId],
      ['Karim', false, false, BROTHER.aadObjectId],
      ['Sofia', true, true, null],
      ['Ines Haddad', true, false, REFERENT.aadObjectId],
    ]);

    // a member the person did not invite is never shown anything, nor shown to others
    expect(cardText(invokeCard(await h.click(BROTHER, 'prep.briefing', { caseId: c.id })))).toMatch(/not available/);
    const gpBriefing = JSON.stringify(invokeCard(await h.click(GP, 'prep.briefing', { caseId: c.id })));
    expect(gpBriefing).toContain(MEETING_GOAL);
    expect(gpBriefing).toContain('Sofia');
    expect(gpBriefing).not.toContain('Karim');
    expect(gpBriefing).not.toContain('quarrel');
    expect(gpBriefing).not.toContain('0470 11 22 33');

    // the person is prepared: both points ticked
    const preparedForm = invokeCard(await h.click(ORGANISER, 'prep.section', { caseId: c.id, section: 'prepared' }));
    const halfway = invokeCard(await clickButton(h, ORGANISER, preparedForm, 'Record: the person is prepared', { 'prepared.explained': 'what' }));
    expect(cardText(halfway)).toMatch(/could not be accepted: I explained why/);
    const prepared = invokeCard(await clickButton(h, ORGANISER, halfway, 'Record: the person is prepared', { 'prepared.explained': 'what,why' }));
    expect(cardText(prepared)).toContain('✓ The person is prepared: what the meeting is for and why');

    // the referent is asked in Teams; planning waits for the confirmation
    const referentCard = invokeCard(await clickButton(h, ORGANISER, prepared, 'Choose the referent'));
    const asked = invokeCard(await clickButton(h, ORGANISER, referentCard, 'Designate and ask', { 'referent.entryId': await entryId(c.id, 'Ines Haddad') }));
    expect(cardText(asked)).toContain('Ines Haddad: asked in Teams, waiting for their answer.');
    const early = invokeCard(await h.click(ORGANISER, 'prep.startPlanning', { caseId: c.id }));
    expect(cardText(early)).toMatch(/not complete yet/);
    expect(cardText(early)).toContain('Still needed before planning: The referent has confirmed.');
    expect((await caseNow(c.id)).status).toBe('preparing');

    await deliverAll();
    const request = cardsIn(openedChatWith(REFERENT)).at(-1);
    expect(cardText(request)).toContain(`Will you be the referent for ${c.reference}?`);
    expect(cardText(request)).toContain('Amina El Idrissi');
    for (const secret of PERSONAL) expect(JSON.stringify(request)).not.toContain(secret);
    expect(cardText(invokeCard(await clickButton(h, REFERENT, request, 'Meeting goal and participants')))).toContain(MEETING_GOAL);
    const confirmed = invokeCard(await clickButton(h, REFERENT, request, 'Confirm'));
    expect(cardText(confirmed)).toContain(`Thank you: you are the referent for ${c.reference}.`);
    expect(cardText(invokeCard(await clickButton(h, REFERENT, request, 'Confirm')))).toMatch(/already confirmed/);

    // ready for planning, from "my cases"
    const [mine] = await h.say(ORGANISER, 'my cases');
    const overview = invokeCard(await clickButton(h, ORGANISER, mine.attachments[0].content, 'Open the preparation'));
    expect(cardText(overview)).toContain('Everything needed is there');
    const planning = invokeCard(await clickButton(h, ORGANISER, overview, 'Ready for planning'));
    expect(cardText(planning)).toContain('The case is now in planning.');
    const after = await caseNow(c.id);
    expect(after.status).toBe('planning');
    expect(after.statusHistory.at(-1)).toMatchObject({ from: 'preparing', to: 'planning', by: ORGANISER.aadObjectId });
    expect(after.preparation.referentConfirmedBy).toBe(REFERENT.aadObjectId);

    // every change is audited by name, and the thread learns only that planning started
    const actions = await auditActions(c.id);
    for (const action of ['prep.viewed', 'prep.consent_recorded', 'prep.goals_saved', 'prep.member_added', 'prep.member_updated', 'prep.person_prepared', 'prep.referent_designated', 'prep.referent_confirmed', 'prep.planning_started', 'prep.briefing_viewed']) {
      expect(actions).toContain(action);
    }
    expect(actions.filter((a) => a === 'prep.member_added')).toHaveLength(3);
    await deliverAll();
    const thread = after.thread!.conversationId;
    const replies = h.connector.calls.filter((x) => x.conversationId === thread && x.method !== 'update').map((x) => x.body.text);
    expect(replies).toContain('The preparation is complete; the organiser is planning the meeting.');
    const rootUpdates = channelCalls().filter((x) => x.method === 'update');
    expect(rootUpdates.length).toBeGreaterThanOrEqual(10);
    expect(cardText(rootUpdates.at(-1)!.body.attachments[0].content)).toContain('Planning the meeting');
    for (const secret of [...PERSONAL, MEETING_GOAL]) expect(JSON.stringify(channelCalls())).not.toContain(secret);
    for (const entry of await h.bot.stores.audit.listByCase(c.id)) for (const secret of PERSONAL) expect(JSON.stringify(entry)).not.toContain(secret);

    // a case in planning is no longer prepared here
    const late = invokeCard(await h.click(ORGANISER, 'prep.goals', { caseId: c.id, 'goals.meetingGoal': 'Another goal' }));
    expect(cardText(late)).toMatch(/no longer being prepared/);
    expect((await caseNow(c.id)).preparation.meetingGoal).toBe(MEETING_GOAL);
  });

  it('refuses the organiser as a network member by name or e-mail address, not only by Teams account, and saves nothing', async () => {
    const { c, card } = await acceptedCase();
    const network = invokeCard(await clickButton(h, ORGANISER, card, 'Edit the network'));
    const before = (await caseNow(c.id)).preparation.network;
    const byName = await addMember(c, network, { 'entry.role': 'Social worker', 'entry.name': 'Mme Amina El Idrissi' });
    expect(cardText(byName)).toContain('You are the neutral organiser: you cannot be a member of the network.');
    // the pool knows the organiser's address
    const pooled = (await h.bot.stores.organisers.findById(ORGANISER.aadObjectId))!;
    await h.bot.stores.organisers.upsert({ ...pooled, email: 'amina.elidrissi@cosy.example' });
    const byEmail = await addMember(c, network, { 'entry.role': 'Social worker', 'entry.name': 'A. E.', 'entry.contact': 'CPAS Schaerbeek, amina.elidrissi@cosy.example' });
    expect(cardText(byEmail)).toContain('You are the neutral organiser: you cannot be a member of the network.');
    expect((await caseNow(c.id)).preparation.network).toEqual(before);
  });

  it('lets a referent decline, records a confirmation for someone without Teams, and resets it when the referent changes', async () => {
    const { c } = await acceptedCase();
    await h.click(ORGANISER, 'prep.consent', { caseId: c.id, 'consent.consultation': 'yes', 'consent.sharing': 'yes', 'consent.method': 'phone' });
    const gp = await entryId(c.id, 'Dr. Sarah Janssens');
    const form = invokeCard(await h.click(ORGANISER, 'prep.entryForm', { caseId: c.id, entryId: gp }));
    await saveEntry(c, form, { 'entry.role': 'GP', 'entry.name': 'Dr. Sarah Janssens', 'entry.userId': GP.aadObjectId });
    const network = invokeCard(await h.click(ORGANISER, 'prep.section', { caseId: c.id, section: 'network' }));
    await addMember(c, network, { 'entry.role': 'Neighbour', 'entry.name': 'Mr. Benali' });
    const neighbour = await entryId(c.id, 'Mr. Benali');

    // the GP is asked, and declines: the organiser is told, and there is no referent any more
    await h.click(ORGANISER, 'prep.referentSet', { caseId: c.id, 'referent.entryId': gp });
    await deliverAll();
    const request = cardsIn(openedChatWith(GP)).at(-1);
    const declined = invokeCard(await clickButton(h, GP, request, 'Decline'));
    expect(cardText(declined)).toMatch(/You declined to be the referent/);
    expect((await caseNow(c.id)).preparation.referentEntryId).toBeNull();
    await deliverAll();
    expect(cardText(cardsIn(h.personalConversation(ORGANISER)).at(-1))).toContain('The member you asked to be the referent declined.');
    // the old card no longer works
    expect(cardText(invokeCard(await clickButton(h, GP, request, 'Confirm')))).toMatch(/not available/);

    // the neighbour has no Teams: the organiser records the confirmation; the GP cannot be confirmed that way
    const onBehalfTooEarly = invokeCard(await h.click(ORGANISER, 'prep.referentOnBehalf', { caseId: c.id }));
    expect(cardText(onBehalfTooEarly)).toContain('No referent has been designated');
    let card = invokeCard(await h.click(ORGANISER, 'prep.referentSet', { caseId: c.id, 'referent.entryId': neighbour }));
    expect(cardText(card)).toContain('Mr. Benali: not on Teams.');
    card = invokeCard(await clickButton(h, ORGANISER, card, 'Record their confirmation (not on Teams)'));
    expect(cardText(card)).toMatch(/Mr\. Benali: confirmation recorded by you on/);
    expect((await caseNow(c.id)).preparation).toMatchObject({ referentEntryId: neighbour, referentConfirmedBy: ORGANISER.aadObjectId });
    expect(await auditActions(c.id)).toEqual(expect.arrayContaining(['prep.referent_declined', 'prep.referent_confirmed_on_behalf']));

    // the referent cannot be left out or removed; changing the referent resets the confirmation
    const leaveOut = await saveEntry(c, invokeCard(await h.click(ORGANISER, 'prep.entryForm', { caseId: c.id, entryId: neighbour })), {
      'entry.role': 'Neighbour',
      'entry.name': 'Mr. Benali',
      'entry.invited': 'no',
      'entry.notInvitedReason': 'Moved away',
    });
    expect(cardText(leaveOut)).toContain('This member is the referent for the plan. Choose another referent first.');
    expect(cardText(invokeCard(await h.click(ORGANISER, 'prep.entryRemove', { caseId: c.id, entryId: neighbour })))).toContain('Choose another referent first.');
    await h.click(ORGANISER, 'prep.referentSet', { caseId: c.id, 'referent.entryId': gp });
    expect((await caseNow(c.id)).preparation).toMatchObject({ referentEntryId: gp, referentConfirmedAt: null, referentConfirmedBy: null });
    const onTeams = invokeCard(await h.click(ORGANISER, 'prep.referentOnBehalf', { caseId: c.id }));
    expect(cardText(onTeams)).toContain('This referent is on Teams');
    expect(cardText(invokeCard(await h.click(ORGANISER, 'prep.entryRemove', { caseId: c.id, entryId: neighbour })))).toContain('The member was removed from the network.');
  });

  it('answers "not available" to anyone but the organiser, for every preparation verb, and changes nothing', async () => {
    const { c } = await acceptedCase();
    await h.click(ORGANISER, 'prep.consent', { caseId: c.id, 'consent.consultation': 'yes', 'consent.sharing': 'yes', 'consent.method': 'written' });
    const entry = await entryId(c.id, 'Dr. Sarah Janssens');
    await h.click(ORGANISER, 'prep.referentSet', { caseId: c.id, 'referent.entryId': entry });
    const before = await caseNow(c.id);
    const auditBefore = await auditActions(c.id);
    const attempts: [string, object][] = [
      ['prep.open', { caseId: c.id }],
      ['prep.section', { caseId: c.id, section: 'network' }],
      ['prep.entryForm', { caseId: c.id, entryId: entry }],
      ['prep.consent', { caseId: c.id, 'consent.consultation': 'no', 'consent.sharing': 'no', 'consent.method': 'phone' }],
      ['prep.goals', { caseId: c.id, 'goals.meetingGoal': 'Take over' }],
      ['prep.entrySave', { caseId: c.id, entryId: entry, 'entry.role': 'X', 'entry.name': 'Y', 'entry.invited': 'yes' }],
      ['prep.entrySave', { caseId: c.id, 'entry.role': 'X', 'entry.name': 'Y', 'entry.invited': 'yes' }],
      ['prep.entryRemove', { caseId: c.id, entryId: entry }],
      ['prep.personPrepared', { caseId: c.id, 'prepared.explained': 'what,why' }],
      ['prep.referentSet', { caseId: c.id, 'referent.entryId': entry }],
      ['prep.referentOnBehalf', { caseId: c.id }],
      ['prep.startPlanning', { caseId: c.id }],
      ['referent.answer', { caseId: c.id, entryId: entry, answer: 'confirm' }],
    ];
    // the requester, a stranger, a coordinator (who follows cases but does not prepare them)
    for (const user of [NURSE, BROTHER, COORDINATOR]) {
      for (const [verb, data] of attempts) {
        const res = await h.click(user, verb, data);
        expect([user.name, verb, cardText(invokeCard(res))]).toEqual([user.name, verb, expect.stringContaining('This item is not available.')]);
      }
      expect(cardText(invokeCard(await h.click(user, 'prep.open', { caseId: 'no-such-case' })))).toContain('This item is not available.');
    }
    expect(cardText(invokeCard(await h.click(BROTHER, 'prep.briefing', { caseId: c.id })))).toContain('This item is not available.');
    expect(await caseNow(c.id)).toEqual(before);
    expect(await auditActions(c.id)).toEqual(auditBefore);
  });

  it('keeps one of two changes made at the same moment, and tells about the other', async () => {
    const { c } = await acceptedCase();
    const goals = ['First goal, saved from the laptop', 'Second goal, saved from the phone'];
    const answers = await Promise.all(goals.map((g) => h.click(ORGANISER, 'prep.goals', { caseId: c.id, 'goals.meetingGoal': g })));
    const texts = answers.map((a) => cardText(invokeCard(a)));
    const saved = texts.filter((t) => t.includes('The goals are saved.')).length;
    expect(saved + texts.filter((t) => t.includes('Someone changed this at the same moment')).length).toBe(2);
    expect(saved).toBeGreaterThanOrEqual(1);
    const after = await caseNow(c.id);
    expect(goals).toContain(after.preparation.meetingGoal);
    expect(after.version).toBe(c.version + saved);
    expect((await auditActions(c.id)).filter((a) => a === 'prep.goals_saved')).toHaveLength(saved);
  });

  it('shows an organiser who has not accepted yet nothing of the case', async () => {
    const [reply] = await h.say(COORDINATOR, 'organisers');
    await clickButton(h, COORDINATOR, reply.attachments[0].content, 'Add to the pool', {
      'pool.id': ORGANISER.aadObjectId,
      'pool.name': 'Amina El Idrissi',
      'pool.languages': 'fr',
      'pool.background': 'social_worker',
    });
    const summary = await fillRequest(h, NURSE);
    await clickButton(h, NURSE, summary, 'Submit the request');
    const c = (await h.bot.stores.cases.listByRequester(NURSE.aadObjectId))[0]!;
    await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: ORGANISER.aadObjectId }, { inChannel: true });
    for (const verb of ['prep.open', 'prep.briefing']) {
      expect(cardText(invokeCard(await h.click(ORGANISER, verb, { caseId: c.id })))).toContain('This item is not available.');
    }
    // the assignment request goes out first, so that it is not taken for the answer to "my cases"
    await h.settleOutbox();
    const [mine] = await h.say(ORGANISER, 'my cases');
    expect(cardText(mine.attachments[0].content)).not.toContain(c.reference);
  });

  describe('bad payloads: a localised error, nothing changed, no crash', () => {
    const HUGE = 'x'.repeat(1024 * 1024);
    let c: Case;

    beforeEach(async () => {
      ({ c } = await acceptedCase());
      await h.click(ORGANISER, 'prep.consent', { caseId: c.id, 'consent.consultation': 'yes', 'consent.sharing': 'yes', 'consent.method': 'in_person' });
    });

    it.each<[string, string, Record<string, unknown>, RegExp]>([
      ['a case id of the wrong type', 'prep.open', { caseId: 42 }, /cannot read/],
      ['a 1 MB case id', 'prep.goals', { caseId: HUGE }, /cannot read/],
      ['a section that does not exist', 'prep.section', { caseId: '__CASE__', section: 'admin' }, /cannot read/],
      ['a 1 MB meeting goal', 'prep.goals', { caseId: '__CASE__', 'goals.meetingGoal': HUGE }, /cannot read/],
      ['a 1 MB member name', 'prep.entrySave', { caseId: '__CASE__', 'entry.role': 'GP', 'entry.name': HUGE }, /cannot read/],
      ['a goal that is not a string', 'prep.goals', { caseId: '__CASE__', 'goals.meetingGoal': { $ne: '' } }, /cannot read/],
      ['an answer the card cannot give', 'prep.consent', { caseId: '__CASE__', 'consent.consultation': 'maybe', 'consent.sharing': 'yes', 'consent.method': 'phone' }, /cannot read/],
      ['an input the form does not have', 'prep.entrySave', { caseId: '__CASE__', 'entry.role': 'GP', 'entry.name': 'X', 'entry.isAdmin': 'yes' }, /cannot read/],
      ['a consent method that does not exist', 'prep.consent', { caseId: '__CASE__', 'consent.consultation': 'yes', 'consent.sharing': 'yes', 'consent.method': 'telepathy' }, /could not be accepted: How the person gave their answer/],
      ['a consent without answers', 'prep.consent', { caseId: '__CASE__', 'consent.method': 'phone' }, /could not be accepted: The person agrees to the consultation/],
      ['an unknown entry id to edit', 'prep.entryForm', { caseId: '__CASE__', entryId: 'no-such-entry' }, /not \(or no longer\) in the network list/],
      ['an unknown entry id to save', 'prep.entrySave', { caseId: '__CASE__', entryId: 'no-such-entry', 'entry.role': 'GP', 'entry.name': 'X' }, /not \(or no longer\) in the network list/],
      ['an unknown entry id to remove', 'prep.entryRemove', { caseId: '__CASE__', entryId: 'no-such-entry' }, /not \(or no longer\) in the network list/],
      ['an entry id with odd characters', 'prep.entryRemove', { caseId: '__CASE__', entryId: '../../etc' }, /cannot read/],
      ['an unknown referent', 'prep.referentSet', { caseId: '__CASE__', 'referent.entryId': 'no-such-entry' }, /not \(or no longer\) in the network list/],
      ['an unknown referent answer', 'referent.answer', { caseId: '__CASE__', entryId: 'e', answer: 'maybe' }, /cannot read/],
      ['control characters in a name', 'prep.entrySave', { caseId: '__CASE__', 'entry.role': 'GP', 'entry.name': 'Dr \u202e X\u0000' }, /could not be accepted: Name/],
      ['a Teams id that is not one', 'prep.entrySave', { caseId: '__CASE__', 'entry.role': 'GP', 'entry.name': 'X', 'entry.userId': 'not an id!' }, /could not be accepted: Or their Entra object id/],
    ])('%s', async (_what, verb, data, expected) => {
      const before = await caseNow(c.id);
      const payload = JSON.parse(JSON.stringify(data).replace(/__CASE__/g, c.id));
      const res = await h.click(ORGANISER, verb, payload);
      expect(res.status).toBe(200);
      expect(cardText(invokeCard(res))).toMatch(expected);
      expect(await caseNow(c.id)).toEqual(before);
    });

    it('answers in the organiser\'s language', async () => {
      const nl = await h.click(ORGANISER, 'prep.entryRemove', { caseId: c.id, entryId: 'no-such-entry' }, { locale: 'nl-BE' });
      expect(cardText(invokeCard(nl))).toContain('Dit lid staat niet (of niet meer) in de lijst van het netwerk.');
      const fr = await h.click(ORGANISER, 'prep.goals', { caseId: c.id, 'goals.meetingGoal': '' }, { locale: 'fr-BE' });
      expect(cardText(invokeCard(fr))).toContain('L’objectif de la réunion');
      const bad = await h.click(ORGANISER, 'prep.open', { caseId: 7 }, { locale: 'fr-BE' });
      expect(cardText(invokeCard(bad))).toContain('La carte a envoyé quelque chose que je ne peux pas lire. Rien n’a été modifié.');
    });
  });

  it('understands "my cases" in the three languages, and only in the personal chat', async () => {
    const { c } = await acceptedCase();
    for (const [words, locale, title] of [
      ['my cases', 'en-US', 'Cases you organise'],
      ['mijn dossiers', 'nl-BE', 'Dossiers die u organiseert'],
      ['mes dossiers', 'fr-BE', 'Dossiers que vous organisez'],
    ] as const) {
      const [reply] = await h.say(ORGANISER, words, locale);
      const text = cardText(reply.attachments[0].content);
      expect(text).toContain(title);
      expect(text).toContain(c.reference);
    }
    const inChannel = await h.sayInChannel(ORGANISER, 'my cases');
    expect(inChannel.map((b) => b.text).join('\n')).toMatch(/personal chat/);
  });
});
