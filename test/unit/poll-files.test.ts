import { buildPrintableInvitation, PollFileLinks, POLL_LINK_TTL_MS } from '../../bot/poll-files';
import { makeTranslator } from '../../adaptive-cards/i18n';
import type { Poll } from '../../domain/poll/poll';
import { makePlanningCase } from '../support/poll-fixtures';

// The signed links to a poll's files, and the printable invitation.

const NOW = new Date('2026-11-23T09:00:00Z');
const REQUEST = { userId: 'u-gp', pollId: 'case-1:1:1', kind: 'ics' as const, lang: 'fr' as const };

function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token')!;
}

describe('poll file links', () => {
  const links = new PollFileLinks();
  links.setBaseUrl('https://mko.example.org/');

  it('name the user, poll, file and language they were made for, until they expire', () => {
    const link = links.linkFor(REQUEST, NOW);
    expect(link.startsWith('https://mko.example.org/api/poll.ics?token=')).toBe(true);
    expect(links.linkFor({ ...REQUEST, kind: 'print' }, NOW).startsWith('https://mko.example.org/api/poll-invitation?token=')).toBe(true);
    const token = tokenOf(link);
    expect(links.verify(token, 'ics', NOW)).toEqual(REQUEST);
    expect(links.verify(token, 'ics', new Date(NOW.getTime() + POLL_LINK_TTL_MS - 1))).toEqual(REQUEST);
    expect(links.verify(token, 'ics', new Date(NOW.getTime() + POLL_LINK_TTL_MS))).toBeNull();
    expect(links.languageOf(token)).toBe('fr');
  });

  it('give nothing for another file, an altered token, or one signed by another process', () => {
    const token = tokenOf(links.linkFor(REQUEST, NOW));
    expect(links.verify(token, 'print', NOW)).toBeNull();
    const [body, mac] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'u-other', poll: REQUEST.pollId, kind: 'ics', lang: 'fr', exp: NOW.getTime() + 1000 })).toString('base64url');
    expect(links.verify(`${forged}.${mac}`, 'ics', NOW)).toBeNull();
    expect(links.verify(`${body}.${mac}x`, 'ics', NOW)).toBeNull();
    expect(links.verify(`${body}`, 'ics', NOW)).toBeNull();
    expect(links.languageOf('garbage')).toBeNull();
    expect(new PollFileLinks().verify(token, 'ics', NOW)).toBeNull();
  });
});

describe('the printable invitation', () => {
  const c = makePlanningCase('org', []);
  const slot = { id: 's1', start: new Date('2027-03-28T08:00:00Z'), end: new Date('2027-03-28T09:30:00Z'), place: { kind: 'address' as const, text: 'Rue <Haute> & "12"' }, proposedBy: null, accepted: true };
  const poll = { meetingGoal: 'Agree <b>who</b> helps', calendarEntry: { slot, cancelled: false } } as Poll;

  it('shows the date in Brussels time in the organiser\'s language, and escapes every text', () => {
    const html = buildPrintableInvitation(makeTranslator('nl'), 'nl', poll, c, { name: 'Amina El Idrissi', email: 'amina@example.org' });
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('Uitnodiging voor een overleg');
    expect(html).toContain('zondag 28 maart 2027, 10:00–11:30 (Brusselse tijd)');
    expect(html).toContain('Rue &lt;Haute&gt; &amp; &quot;12&quot;');
    expect(html).toContain('Agree &lt;b&gt;who&lt;/b&gt; helps');
    expect(html).toContain('Amina El Idrissi, amina@example.org');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script');
  });

  it('says so when the meeting is cancelled', () => {
    const html = buildPrintableInvitation(makeTranslator('fr'), 'fr', { ...poll, calendarEntry: { slot, cancelled: true } }, c, null);
    expect(html).toContain('Cette concertation est annulée.');
  });
});
