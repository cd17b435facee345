import { Writable } from 'node:stream';
import { BotHarness, CASES_CHANNEL, cardText, COORDINATOR, invokeCard, NURSE, ORGANISER, SOCIAL_WORKER } from '../support/bot-harness';
import { clickButton, fillRequest, GOOD_INPUTS } from '../support/intake-driver';
import { enterReport, makeOrganiser, POOL_2021 } from '../support/report-2021';
import { getFigures } from '../../domain/case/figures';
import type { Case } from '../../domain/case/case';

/** Everything personal the intake driver types in; none of it may show on an audit card or in a log. */
const PERSONAL = [
  GOOD_INPUTS.person['person.firstName'],
  GOOD_INPUTS.person['person.lastName'],
  GOOD_INPUTS.person['person.birthDate'],
  GOOD_INPUTS.requester['requester.contact'],
  'Thuisverpleging',
  'hygiene',
  'landlord',
];

async function submitRequest(h: BotHarness, overrides: Parameters<typeof fillRequest>[2] = {}): Promise<Case> {
  const before = new Set((await h.bot.stores.cases.listByRequester(NURSE.aadObjectId)).map((c) => c.id));
  const summary = await fillRequest(h, NURSE, overrides);
  await clickButton(h, NURSE, summary, 'Submit the request');
  await h.flushOutbox();
  return (await h.bot.stores.cases.listByRequester(NURSE.aadObjectId)).find((c) => !before.has(c.id))!;
}

/** The last card the bot sent to `teamsUserId` in a 1:1 chat it opened itself. */
function lastDirectCard(h: BotHarness, teamsUserId: string): any {
  const opened = h.connector.calls.filter((x) => x.method === 'createConversation' && x.body?.members?.[0]?.id === teamsUserId).map((x) => x.conversationId);
  return h.connector.cards((x) => opened.includes(x.conversationId) && x.method !== 'createConversation').at(-1);
}

/** The text of an export card: its TextRuns, one per line of JSON. */
function exportedJson(card: any): string {
  const lines: string[] = [];
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'TextRun') lines.push(node.text);
    Object.values(node).forEach(walk);
  };
  walk(card);
  return lines.join('\n');
}

const actionsOf = async (h: BotHarness, c: Case) => (await h.bot.stores.audit.listByCase(c.id)).map((e) => e.action);

describe('audit trail', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await BotHarness.start();
    await h.sayInChannel(COORDINATOR, 'cases channel');
  });
  afterEach(async () => {
    await h.stop();
  });

  it('shows coordinators who did what and when, from the details card, never the content', async () => {
    const c = await submitRequest(h);
    await h.click(COORDINATOR, 'case.details', { caseId: c.id }, { inChannel: true });
    await h.flushOutbox();
    const details = lastDirectCard(h, COORDINATOR.id);
    expect(cardText(details)).toContain('details for coordinators');

    const trail = invokeCard(await clickButton(h, COORDINATOR, details, 'Audit trail'));
    const text = cardText(trail);
    expect(text).toContain(`Audit trail of ${c.reference}`);
    expect(text).toContain('Requester — Request submitted');
    expect(text).toContain('Coordinator aaaaaaaa — Details viewed');
    expect(text).toContain('Coordinator aaaaaaaa — Audit trail viewed');
    for (const secret of PERSONAL) expect(JSON.stringify(trail)).not.toContain(secret);
    expect(await actionsOf(h, c)).toEqual(['case.submitted', 'case.details_viewed', 'audit.viewed']);
  });

  it('shows the organiser the trail of their case, by name, and nobody else', async () => {
    await h.bot.stores.organisers.upsert(makeOrganiser(ORGANISER.aadObjectId, 'Amina El Idrissi', 'social_worker'));
    const c = await submitRequest(h);
    await h.click(COORDINATOR, 'case.assign', { caseId: c.id, organiserId: ORGANISER.aadObjectId }, { inChannel: true });
    await h.click(ORGANISER, 'assignment.answer', { caseId: c.id, answer: 'accept' });
    // the requester is told who the organiser is; that card must not be taken for the answer below
    await h.flushOutbox();

    const [reply] = await h.say(ORGANISER, `audit ${c.reference.toLowerCase()}`, 'fr-BE');
    const text = cardText(reply.attachments[0].content);
    expect(text).toContain(`Journal d’audit de ${c.reference}`);
    expect(text).toContain('Coordinateur aaaaaaaa — Organisateur sollicité');
    expect(text).toContain('Amina El Idrissi (organisateur) — Désignation acceptée');

    const [requester] = await h.say(NURSE, `audit ${c.reference}`);
    expect(requester.text).toBe('This item is not available.');
    const [unknown] = await h.say(ORGANISER, 'audit MKO-2026-9999');
    expect(unknown.text).toBe('This item is not available.');
    expect(cardText(invokeCard(await h.click(SOCIAL_WORKER, 'case.audit', { caseId: c.id })))).toContain('This item is not available.');
    const [usage] = await h.say(ORGANISER, 'audit');
    expect(usage.text).toMatch(/audit MKO-2026-0001/);
    expect((await actionsOf(h, c)).filter((a) => a === 'audit.viewed')).toHaveLength(1);
  });
});

describe('person data on request', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await BotHarness.start();
    await h.sayInChannel(COORDINATOR, 'cases channel');
  });
  afterEach(async () => {
    await h.stop();
  });

  it('exports everything about the person as JSON, audited', async () => {
    const c = await submitRequest(h);
    const [reply] = await h.say(COORDINATOR, `person data ${c.reference}`);
    const card = reply.attachments[0].content;
    expect(cardText(card)).toContain(`Person data of ${c.reference}`);
    expect(cardText(card)).toContain('Pseudonym M. D. · Awaiting assignment');

    const exported = invokeCard(await clickButton(h, COORDINATOR, card, 'Export (JSON)'));
    expect(cardText(exported)).toContain('Part 1 of 1');
    const data = JSON.parse(exportedJson(exported));
    expect(data).toMatchObject({
      format: 'mko-person-data/1',
      reference: c.reference,
      request: { person: { firstName: 'Marie', lastName: 'Dubois-Vandenberghe', birthDate: '1955-03-14' }, requester: { contact: '02 123 45 67' } },
      purgedAt: null,
    });
    // the export is itself in the trail it shows: the person learns of this access too
    expect(data.auditTrail.map((e: { action: string }) => e.action)).toEqual(['case.submitted', 'case.viewed', 'person.exported']);
    expect(await actionsOf(h, c)).toEqual(['case.submitted', 'case.viewed', 'person.exported']);
  });

  it('erases only after the reference is typed to confirm; the case is withdrawn and its card shows no pseudonym', async () => {
    const c = await submitRequest(h);
    const [reply] = await h.say(COORDINATOR, `données personnelles ${c.reference}`, 'fr-BE');
    const confirm = invokeCard(await clickButton(h, COORDINATOR, reply.attachments[0].content, 'Effacer…', {}, 'fr-BE'));
    expect(cardText(confirm)).toContain(`Effacer les données personnelles de ${c.reference}\u00a0?`);
    expect((await h.bot.stores.cases.findById(c.id))?.purgedAt).toBeNull();

    const wrong = invokeCard(await clickButton(h, COORDINATOR, confirm, 'Effacer définitivement', { 'erase.confirm': 'MKO-2026-9999' }, 'fr-BE'));
    expect(cardText(wrong)).toContain('La référence tapée ne correspond pas à ce dossier. Rien n’a été effacé.');
    expect((await h.bot.stores.cases.findById(c.id))?.request.person?.firstName).toBe('Marie');

    const done = invokeCard(await clickButton(h, COORDINATOR, wrong, 'Effacer définitivement', { 'erase.confirm': c.reference.toLowerCase() }, 'fr-BE'));
    expect(cardText(done)).toContain(`Les données personnelles de ${c.reference} ont été effacées.`);
    const after = (await h.bot.stores.cases.findById(c.id))!;
    expect(after).toMatchObject({ status: 'withdrawn', pseudonym: '—', requesterId: '—', purgedAt: h.clock.now() });
    for (const secret of PERSONAL) expect(JSON.stringify(after)).not.toContain(secret);
    expect(await h.bot.stores.drafts.findById(c.draftId)).toBeNull();
    expect(await actionsOf(h, c)).toEqual(['case.submitted', 'case.viewed', 'case.withdrawn', 'person.erased']);

    await h.flushOutbox();
    const root = h.connector.cards((x) => x.method === 'update' && x.conversationId.startsWith(CASES_CHANNEL)).at(-1);
    expect(cardText(root)).toContain('—');
    expect(cardText(root)).toContain('Withdrawn');
    expect(JSON.stringify(root)).not.toContain('M. D.');

    const again = invokeCard(await h.click(COORDINATOR, 'person.eraseStart', { caseId: c.id }));
    expect(cardText(again)).toMatch(/already erased/);
    const leftover = JSON.parse(exportedJson(invokeCard(await h.click(COORDINATOR, 'person.export', { caseId: c.id, part: 1 }))));
    expect(leftover.request.person).toBeUndefined();
    expect(leftover.purgedAt).toBe(h.clock.now().toISOString());
  });

  it('is for coordinators only, in the personal chat, and does not reveal whether a case exists', async () => {
    const c = await submitRequest(h);
    const [requester] = await h.say(NURSE, `person data ${c.reference}`);
    expect(requester.text).toBe('This item is not available.');
    const [unknown] = await h.say(COORDINATOR, 'person data MKO-2026-9999');
    expect(unknown.text).toBe('This item is not available.');
    const [usage] = await h.say(COORDINATOR, 'persoonsgegevens 12', 'nl-BE');
    expect(usage.text).toMatch(/persoonsgegevens MKO-2026-0001/);
    for (const verb of ['person.export', 'person.eraseStart', 'person.show']) {
      expect(cardText(invokeCard(await h.click(SOCIAL_WORKER, verb, { caseId: c.id })))).toContain('This item is not available.');
    }
    const erase = invokeCard(await h.click(SOCIAL_WORKER, 'person.erase', { caseId: c.id, 'erase.confirm': c.reference }));
    expect(cardText(erase)).toContain('This item is not available.');
    const inChannel = await h.click(COORDINATOR, 'person.export', { caseId: c.id }, { inChannel: true });
    expect(inChannel.body.value).toMatch(/personal chat/);
    expect((await h.bot.stores.cases.findById(c.id))?.purgedAt).toBeNull();
    expect(await actionsOf(h, c)).toEqual(['case.submitted']);
  });
});

describe('the retention job', () => {
  let h: BotHarness;
  beforeEach(async () => {
    h = await BotHarness.start();
    await h.sayInChannel(COORDINATOR, 'cases channel');
  });
  afterEach(async () => {
    await h.stop();
  });

  it('purges exactly the cases over for longer than the retention period and keeps the figures', async () => {
    const { cases, drafts } = enterReport();
    for (const c of cases) await h.bot.stores.cases.insert(c);
    for (const d of drafts) await h.bot.stores.drafts.insert(d);
    for (const o of POOL_2021) await h.bot.stores.organisers.upsert(o);
    const refusedToday = await submitRequest(h, { person: { 'person.postcode': '2000', 'person.municipality': '' } });
    const waiting = await submitRequest(h);
    expect(refusedToday.status).toBe('refused');

    const coordinator = { userId: COORDINATOR.aadObjectId, isCoordinator: true };
    const figures = () => getFigures({ stores: h.bot.stores }, coordinator, null, h.clock.now());
    const card = async () => cardText((await h.say(COORDINATOR, 'figures'))[0].attachments[0].content);
    const [figuresBefore, cardBefore] = [await figures(), await card()];

    expect(await h.bot.jobs.runNow('retention')).toEqual({ retentionDays: 730, purgedCases: 2, deletedDrafts: 2, skipped: 0 });
    const purged = (await h.bot.stores.cases.listAll()).filter((c) => c.purgedAt).map((c) => c.reference).sort();
    // from the 2021 report: the closed case and the refused one; everything from today stays
    expect(purged).toEqual(['MKO-2021-0001', 'MKO-2021-0007']);
    expect(await figures()).toEqual(figuresBefore);
    expect(await card()).toBe(cardBefore);
    expect(await h.bot.jobs.runNow('retention')).toEqual({ retentionDays: 730, purgedCases: 0, deletedDrafts: 0, skipped: 0 });

    // two years and a day later, today's refusal is over for longer than the period; the waiting case is not over
    h.clock.advance(731 * 24 * 3600 * 1000);
    const laterBefore = await figures();
    expect(await h.bot.jobs.runNow('retention')).toMatchObject({ purgedCases: 1 });
    expect((await h.bot.stores.cases.findById(refusedToday.id))?.purgedAt).not.toBeNull();
    expect((await h.bot.stores.cases.findById(waiting.id))?.purgedAt).toBeNull();
    expect(await figures()).toEqual(laterBefore);
    await h.flushOutbox();
    const root = h.connector.cards((x) => x.method === 'update' && x.conversationId.startsWith(CASES_CHANNEL)).at(-1);
    expect(JSON.stringify(root)).not.toContain('M. D.');
  });
});

describe('logs of the privacy features', () => {
  it('hold one line per job run and never the person\'s data', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const h = await BotHarness.start({ logStream: sink as any });
    try {
      await h.sayInChannel(COORDINATOR, 'cases channel');
      const c = await submitRequest(h);
      await h.say(COORDINATOR, `audit ${c.reference}`);
      await h.click(COORDINATOR, 'person.export', { caseId: c.id, part: 1 });
      await h.click(COORDINATOR, 'person.erase', { caseId: c.id, 'erase.confirm': 'wrong' });
      await h.click(COORDINATOR, 'person.erase', { caseId: c.id, 'erase.confirm': c.reference });
      const [figures] = await h.say(COORDINATOR, 'figures');
      const url = JSON.stringify(figures).match(/http:\/\/127\.0\.0\.1:\d+\/api\/figures\.csv\?token=[^"]+/)![0];
      expect((await fetch(url)).status).toBe(200);
      h.clock.advance(800 * 24 * 3600 * 1000);
      await h.bot.jobs.runNow('retention');
      await h.flushOutbox();
    } finally {
      await h.stop();
    }
    const parsed = lines.map((l) => JSON.parse(l));
    expect(parsed.filter((l) => l.msg === 'job')).toEqual([expect.objectContaining({ job: 'retention', outcome: 'ok', purgedCases: 0, deletedDrafts: 0 })]);
    expect(parsed.filter((l) => l.route === 'figures.csv')).toEqual([expect.objectContaining({ outcome: 'ok' })]);
    const all = lines.join('\n');
    for (const secret of PERSONAL) expect(all).not.toContain(secret);
  });
});
