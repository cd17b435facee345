import { Writable } from 'node:stream';
import { BotHarness, COORDINATOR, NURSE } from '../support/bot-harness';
import { clickButton, fillRequest, GOOD_INPUTS } from '../support/intake-driver';

/** Every personal detail the flow below types in; none may appear in a log line. */
const PERSONAL = [
  GOOD_INPUTS.person['person.firstName'],
  GOOD_INPUTS.person['person.lastName'],
  GOOD_INPUTS.person['person.birthDate'],
  GOOD_INPUTS.requester['requester.contact'],
  'Thuisverpleging',
  'hygiene',
  'landlord',
  'Dr. Janssens',
];

describe('logs', () => {
  it('write one structured line per turn and never contain personal data', async () => {
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
      const summary = await fillRequest(h, NURSE, { network: { 'member.role': 'GP', 'member.name': 'Dr. Janssens' } });
      await clickButton(h, NURSE, summary, 'Submit the request');
      await h.click(NURSE, 'intake.save', { draftId: 'nope', v: 1, step: 'person', move: 'next', 'person.firstName': 'Marie' });
      await h.say(NURSE, 'Marie Dubois-Vandenberghe needs help');
      await h.flushOutbox();
    } finally {
      await h.stop();
    }
    const parsed = lines.map((l) => JSON.parse(l));
    const turns = parsed.filter((l) => l.msg === 'turn');
    expect(turns.length).toBeGreaterThanOrEqual(8);
    for (const t of turns) expect(t).toEqual(expect.objectContaining({ turn: expect.any(String), outcome: expect.any(String), ms: expect.any(Number) }));
    expect(parsed.some((l) => l.msg === 'outbox' && l.result === 'sent')).toBe(true);
    const all = lines.join('\n');
    for (const secret of PERSONAL) expect(all).not.toContain(secret);
  });
});
