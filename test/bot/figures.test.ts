import { BotHarness, cardText, COORDINATOR, findAction, invokeCard, NURSE, SOCIAL_WORKER } from '../support/bot-harness';
import { clickButton, fillRequest } from '../support/intake-driver';
import { enterReport, POOL_2021 } from '../support/report-2021';

/** The count shown next to `label` on the figures card (label, bar and count are one row). */
function countNextTo(card: any, label: string): string | undefined {
  const lines = cardText(card).split('\n');
  const i = lines.indexOf(label);
  return i >= 0 ? lines[i + 2] : undefined;
}

function openUrlOf(card: any): string | null {
  let url: string | null = null;
  const walk = (node: any) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    if (node.type === 'Action.OpenUrl') url = node.url;
    Object.values(node).forEach(walk);
  };
  walk(card);
  return url;
}

describe('coordinator figures', () => {
  let h: BotHarness;

  beforeEach(async () => {
    h = await BotHarness.start();
    const { cases, drafts } = enterReport();
    for (const c of cases) await h.bot.stores.cases.insert(c);
    for (const d of drafts) await h.bot.stores.drafts.insert(d);
    for (const o of POOL_2021) await h.bot.stores.organisers.upsert(o);
  });
  afterEach(async () => {
    await h.stop();
  });

  it('shows a coordinator the figures of the 2021 report', async () => {
    const [reply] = await h.say(COORDINATOR, 'figures 2021');
    const card = reply.attachments[0].content;
    const text = cardText(card);
    expect(text).toContain('Figures 2021');
    expect(text).toContain('Requests received: **10**');
    expect(countNextTo(card, 'Followed')).toBe('6');
    expect(countNextTo(card, 'Not yet completed by the requester')).toBe('2');
    expect(countNextTo(card, 'Refused')).toBe('1');
    expect(countNextTo(card, 'Outside Brussels')).toBe('1');
    expect(countNextTo(card, 'Awaiting assignment')).toBe('1');
    expect(countNextTo(card, 'Mental health')).toBe('3');
    expect(countNextTo(card, 'Chloé Social')).toBe('2');
    expect(text).toContain('6 organiser(s) in the pool');
    expect(text).toContain('4 consultation(s) held, in 3 case(s)');
    expect(JSON.stringify(card)).toContain('█');
    // no person's data: the report's cases hold a complete request with a name
    expect(JSON.stringify(card)).not.toContain('Peeters');
  });

  it('speaks the coordinator\'s language and shows every year, with a button per year', async () => {
    const [reply] = await h.say(COORDINATOR, 'cijfers', 'nl-BE');
    const card = reply.attachments[0].content;
    expect(cardText(card)).toContain('Cijfers — alle jaren');
    expect(cardText(card)).toContain('10 aanvraag/aanvragen: 6 opgevolgd, 2 niet afgerond, 1 geweigerd, 1 wacht op toewijzing, 0 ingetrokken; 4 overleg(gen) gehouden');
    const year = invokeCard(await h.click(COORDINATOR, findAction(card, '2021 tonen').verb, findAction(card, '2021 tonen').data, { locale: 'nl-BE' }));
    expect(cardText(year)).toContain('Cijfers 2021');
    const all = invokeCard(await clickButton(h, COORDINATOR, year, 'Alle jaren', {}, 'nl-BE'));
    expect(cardText(all)).toContain('Cijfers — alle jaren');
  });

  it('counts requests made through the bot too', async () => {
    const summary = await fillRequest(h, NURSE);
    await clickButton(h, NURSE, summary, 'Submit the request');
    const [opened] = await h.say(NURSE, 'new request');
    await clickButton(h, NURSE, opened.attachments[0].content, 'Save and finish later', { 'requester.role': 'professional' });
    // a request opened and left without any answer is not a request
    await h.say(SOCIAL_WORKER, 'new request');
    const [reply] = await h.say(COORDINATOR, 'chiffres 2026', 'fr-BE');
    const card = reply.attachments[0].content;
    expect(cardText(card)).toContain('Demandes reçues\u00a0: **2**');
    expect(countNextTo(card, 'En attente d’attribution')).toBe('1');
    expect(countNextTo(card, 'Pas encore complétées par le demandeur')).toBe('1');
  });

  it('tells anyone else the figures are not available, and a typo how to ask', async () => {
    const [denied] = await h.say(NURSE, 'figures 2021');
    expect(denied.text).toBe('This item is not available.');
    expect(cardText(invokeCard(await h.click(NURSE, 'figures.show', { year: 2021 })))).toContain('This item is not available.');
    const [typo] = await h.say(COORDINATOR, 'figures twenty');
    expect(typo.text).toMatch(/figures 2021/);
    const [inChannel] = await h.sayInChannel(COORDINATOR, 'figures');
    expect(inChannel.text).toMatch(/personal chat only/);
    expect(cardText(invokeCard(await h.click(COORDINATOR, 'figures.show', { year: 'last' })))).toMatch(/cannot read/);
  });

  it('offers the same figures as a CSV for Excel, for ten minutes, to that coordinator', async () => {
    const [reply] = await h.say(COORDINATOR, 'figures 2021', 'fr-BE');
    const url = openUrlOf(reply.attachments[0].content);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/figures\.csv\?token=/);

    const res = await fetch(url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="mko-figures-2021.csv"');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = bytes.toString('utf8').slice(1);
    expect(csv.split('\r\n')[0]).toBe('Rubrique;Élément;Nombre');
    expect(csv).toContain('Demandes reçues;Chiffres 2021;10\r\n');
    expect(csv).toContain('Demandes par statut;Suivies;6\r\n');
    expect(csv).toContain('Demandes refusées par motif;Hors Bruxelles;1\r\n');
    expect(csv).not.toContain('Peeters');

    const tampered = await fetch(url!.replace(/token=(.)/, (_m, c: string) => `token=${c === 'A' ? 'B' : 'A'}`));
    expect(tampered.status).toBe(403);
    h.clock.advance(10 * 60 * 1000);
    const expired = await fetch(url!);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toMatch(/a expiré/);
  });
});
