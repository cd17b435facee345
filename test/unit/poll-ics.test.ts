import { tzScan } from '@date-fns/tz';
import { DomainError } from '../../domain/errors';
import { BRUSSELS_VTIMEZONE, buildIcs, buildPollIcs, escapeIcsText, foldIcsLine, type IcsEvent } from '../../domain/poll/ics';
import type { PollParticipant } from '../../domain/poll/poll';
import { cancelPoll, createPoll, finalisePoll, reopenPoll, reschedulePoll } from '../../domain/poll/rules';
import { makeSlot } from '../../domain/poll/slots';

const NOW = new Date('2027-10-20T08:15:30.456Z');
const CRLF = '\r\n';

const EVENT: IcsEvent = {
  method: 'REQUEST',
  uid: 'mko-case-7-1@mko-bot',
  sequence: 2,
  start: new Date('2027-10-31T09:00:00Z'),
  end: new Date('2027-10-31T10:30:00Z'),
  place: { kind: 'address', text: 'Maison médicale; Rue Haute 12, 1000 Bruxelles' },
  summary: 'Agree who follows up the housing file, the budget; and the GP\\s role\nSecond line',
};

/** Content lines as a calendar program reads them: CRLF + space joins a folded line. */
function unfold(ics: string): string[] {
  return ics.replace(/\r\n /g, '').split(CRLF).slice(0, -1);
}

function octets(line: string): number {
  return Buffer.byteLength(line, 'utf8');
}

/** The event's (not the time zone's) content lines for one property. */
function property(ics: string, name: string): string[] {
  const lines = unfold(ics);
  const event = name === 'METHOD' ? lines : lines.slice(lines.indexOf('BEGIN:VEVENT'), lines.indexOf('END:VEVENT'));
  return event.filter((l) => l.startsWith(`${name}:`) || l.startsWith(`${name};`));
}

describe('buildIcs golden file', () => {
  it('writes exactly this invitation', () => {
    const expected = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//MKO bot//Availability poll//EN',
      'CALSCALE:GREGORIAN',
      'METHOD:REQUEST',
      'BEGIN:VTIMEZONE',
      'TZID:Europe/Brussels',
      'BEGIN:DAYLIGHT',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'TZNAME:CEST',
      'DTSTART:19700329T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'END:DAYLIGHT',
      'BEGIN:STANDARD',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'TZNAME:CET',
      'DTSTART:19701025T030000',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
      'END:STANDARD',
      'END:VTIMEZONE',
      'BEGIN:VEVENT',
      'UID:mko-case-7-1@mko-bot',
      'SEQUENCE:2',
      // from `now`, in UTC, whole seconds
      'DTSTAMP:20271020T081530Z',
      // 09:00 UTC on the autumn change day is 10:00 winter time in Brussels
      'DTSTART;TZID=Europe/Brussels:20271031T100000',
      'DTEND;TZID=Europe/Brussels:20271031T113000',
      // 75 octets, then a continuation line starting with a space
      'SUMMARY:Agree who follows up the housing file\\, the budget\\; and the GP\\\\s ',
      ' role\\nSecond line',
      'LOCATION:Maison médicale\\; Rue Haute 12\\, 1000 Bruxelles',
      'STATUS:CONFIRMED',
      'TRANSP:OPAQUE',
      'END:VEVENT',
      'END:VCALENDAR',
    ];
    expect(buildIcs(EVENT, NOW)).toBe(expected.join(CRLF) + CRLF);
  });

  it('ends every line with CRLF and has no bare CR or LF', () => {
    const ics = buildIcs({ ...EVENT, description: 'line one\nline two\r\nline three\rend' }, NOW);
    expect(ics.endsWith(CRLF)).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});

describe('line folding', () => {
  // [why, content line]
  const CASES: [string, string][] = [
    ['plain ASCII', `SUMMARY:${'x'.repeat(200)}`],
    ['two-octet letters', `SUMMARY:${'é'.repeat(120)}`],
    ['three-octet characters', `SUMMARY:${'会议'.repeat(60)}`],
    ['four-octet emoji at the boundary', `SUMMARY:${'a'.repeat(66)}${'🗓'.repeat(30)}`],
    ['mixed', `LOCATION:${'Chaussée de Louvain 123, Saint-Josse-ten-Noode — 1er étage, salle 🗓 '.repeat(4)}`],
  ];

  it.each(CASES)('keeps every line within 75 octets without splitting a character (%s)', (_why, line) => {
    const folded = foldIcsLine(line);
    const physical = folded.split(CRLF);
    expect(physical.length).toBeGreaterThan(1);
    for (const [i, part] of physical.entries()) {
      expect(octets(part)).toBeLessThanOrEqual(75);
      if (i > 0) expect(part.startsWith(' ')).toBe(true);
      // a split surrogate pair would not survive a UTF-8 round trip
      expect(Buffer.from(part, 'utf8').toString('utf8')).toBe(part);
    }
    expect(folded.replace(/\r\n /g, '')).toBe(line);
  });

  it('fills lines to exactly 75 octets when it can', () => {
    const physical = foldIcsLine(`SUMMARY:${'x'.repeat(200)}`).split(CRLF);
    // 208 octets: 75, then a space and 74, then a space and the last 59
    expect(physical.map(octets)).toEqual([75, 75, 60]);
  });

  it('leaves a line of 75 octets alone and folds one of 76', () => {
    expect(foldIcsLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldIcsLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}${CRLF} x`);
  });
});

describe('text escaping', () => {
  // [input, escaped]
  const CASES: [string, string][] = [
    ['a,b', 'a\\,b'],
    ['a;b', 'a\\;b'],
    ['a\\b', 'a\\\\b'],
    ['l1\nl2', 'l1\\nl2'],
    ['l1\r\nl2', 'l1\\nl2'],
    ['l1\rl2', 'l1\\nl2'],
    ['\\n is not a newline', '\\\\n is not a newline'],
    ['tab\there', 'tabhere'],
    ['colon: and "quotes" stay', 'colon: and "quotes" stay'],
  ];

  it.each(CASES)('%j -> %j', (input, escaped) => {
    expect(escapeIcsText(input)).toBe(escaped);
  });
});

describe('time zone', () => {
  // [slot as typed in Brussels, DTSTART, DTEND]
  const CASES: [string, string, string, string, string][] = [
    ['2027-03-28', '10:00', '11:00', 'DTSTART;TZID=Europe/Brussels:20270328T100000', 'DTEND;TZID=Europe/Brussels:20270328T110000'],
    ['2027-03-28', '01:30', '03:30', 'DTSTART;TZID=Europe/Brussels:20270328T013000', 'DTEND;TZID=Europe/Brussels:20270328T033000'],
    ['2027-10-31', '10:00', '11:00', 'DTSTART;TZID=Europe/Brussels:20271031T100000', 'DTEND;TZID=Europe/Brussels:20271031T110000'],
    ['2027-10-31', '02:30', '03:30', 'DTSTART;TZID=Europe/Brussels:20271031T023000', 'DTEND;TZID=Europe/Brussels:20271031T033000'],
    ['2027-07-01', '23:00', '23:45', 'DTSTART;TZID=Europe/Brussels:20270701T230000', 'DTEND;TZID=Europe/Brussels:20270701T234500'],
  ];

  it.each(CASES)('a slot on %s %s-%s shows the Brussels times typed', (date, start, end, dtstart, dtend) => {
    const slot = makeSlot({ date, start, end, place: EVENT.place }, 's1');
    const ics = buildIcs({ ...EVENT, start: slot.start, end: slot.end }, NOW);
    expect(property(ics, 'DTSTART')).toEqual([dtstart]);
    expect(property(ics, 'DTEND')).toEqual([dtend]);
  });

  it('writes the second 02:30 of the autumn change in UTC, which a TZID could not tell apart', () => {
    const ics = buildIcs({ ...EVENT, start: new Date('2027-10-31T01:30:00Z'), end: new Date('2027-10-31T02:30:00Z') }, NOW);
    expect(property(ics, 'DTSTART')).toEqual(['DTSTART:20271031T013000Z']);
    expect(property(ics, 'DTEND')).toEqual(['DTEND;TZID=Europe/Brussels:20271031T033000']);
  });

  it('holds one VTIMEZONE for Europe/Brussels, before the event', () => {
    const lines = unfold(buildIcs(EVENT, NOW));
    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(1);
    expect(lines.indexOf('TZID:Europe/Brussels')).toBeGreaterThan(lines.indexOf('BEGIN:VTIMEZONE'));
    expect(lines.indexOf('END:VTIMEZONE')).toBeLessThan(lines.indexOf('BEGIN:VEVENT'));
  });

  /** The changes the VTIMEZONE rules give for a year, as UTC instants with the new offset. */
  function changesFromVtimezone(year: number): { date: Date; offset: number }[] {
    const parts = ['DAYLIGHT', 'STANDARD'].map((kind) => {
      const block = BRUSSELS_VTIMEZONE.slice(BRUSSELS_VTIMEZONE.indexOf(`BEGIN:${kind}`), BRUSSELS_VTIMEZONE.indexOf(`END:${kind}`));
      const value = (name: string) => (block.find((l) => l.startsWith(`${name}:`)) ?? '').slice(name.length + 1);
      const minutes = (offset: string) => (offset.startsWith('-') ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
      const month = Number(/BYMONTH=(\d+)/.exec(value('RRULE'))?.[1]);
      expect(value('RRULE')).toMatch(/BYDAY=-1SU/);
      const [hh, mm] = [Number(value('DTSTART').slice(9, 11)), Number(value('DTSTART').slice(11, 13))];
      // the last Sunday of the month
      const lastDay = new Date(Date.UTC(year, month, 0));
      const lastSunday = lastDay.getUTCDate() - lastDay.getUTCDay();
      // DTSTART is local time before the change: UTC = local - TZOFFSETFROM
      const date = new Date(Date.UTC(year, month - 1, lastSunday, hh, mm) - minutes(value('TZOFFSETFROM')) * 60_000);
      return { date, offset: minutes(value('TZOFFSETTO')) };
    });
    return parts.sort((a, b) => a.date.getTime() - b.date.getTime());
  }

  it.each([2026, 2027, 2028, 2030, 2035, 2040])('agrees with the time zone database in %i', (year) => {
    const fromDatabase = tzScan('Europe/Brussels', { start: new Date(Date.UTC(year, 0, 1)), end: new Date(Date.UTC(year, 11, 31)) });
    expect(changesFromVtimezone(year)).toEqual(fromDatabase.map((c) => ({ date: c.date, offset: c.offset })));
  });

  it('places the 2027 changes on 28 March and 31 October at 01:00 UTC', () => {
    expect(changesFromVtimezone(2027)).toEqual([
      { date: new Date('2027-03-28T01:00:00Z'), offset: 120 },
      { date: new Date('2027-10-31T01:00:00Z'), offset: 60 },
    ]);
  });
});

describe('place and organiser', () => {
  it('gives an online meeting its link as LOCATION (escaped text) and URL (a URI, not escaped)', () => {
    const url = 'https://meet.example.org/j/123?pwd=a,b;c';
    const ics = buildIcs({ ...EVENT, place: { kind: 'online', url } }, NOW);
    expect(property(ics, 'LOCATION')).toEqual(['LOCATION:https://meet.example.org/j/123?pwd=a\\,b\\;c']);
    expect(property(ics, 'URL')).toEqual([`URL:${url}`]);
  });

  it('has no URL for an address', () => {
    expect(property(buildIcs(EVENT, NOW), 'URL')).toEqual([]);
  });

  it('writes an ORGANIZER only when given, quoting a name with a comma', () => {
    expect(property(buildIcs(EVENT, NOW), 'ORGANIZER')).toEqual([]);
    const ics = buildIcs({ ...EVENT, organizer: { name: 'Janssens, MKO', email: 'organiser@example.org' } }, NOW);
    expect(property(ics, 'ORGANIZER')).toEqual(['ORGANIZER;CN="Janssens, MKO":mailto:organiser@example.org']);
  });

  it('refuses a negative sequence', () => {
    expect(() => buildIcs({ ...EVENT, sequence: -1 }, NOW)).toThrow(RangeError);
  });
});

describe('buildPollIcs: one UID for the meeting, a higher SEQUENCE for each change', () => {
  const ORGANISER = 'u-org';
  const PARTICIPANTS: PollParticipant[] = [
    { id: 'R1', userId: null, name: 'Marie Dubois', role: 'person', required: true },
    { id: 'R2', userId: 'u-gp', name: 'Dr Sarah Janssens', role: 'gp', required: true },
  ];
  let n = 0;
  const poll = createPoll(
    {
      id: 'poll-1',
      caseId: 'case-7',
      cycle: 1,
      organiserId: ORGANISER,
      meetingGoal: 'Agree who follows up the housing file',
      slots: [
        { date: '2027-10-29', start: '14:00', end: '15:30', place: { kind: 'address', text: 'CPAS Schaerbeek' } },
        { date: '2027-11-03', start: '10:00', end: '11:00', place: { kind: 'online', url: 'https://teams.microsoft.com/l/meetup-join/abc' } },
      ],
      participants: PARTICIPANTS,
      deadline: new Date('2027-10-25T15:00:00Z'),
      options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: false },
    },
    () => `s${++n}`,
    null,
    NOW,
  );

  const finalised = finalisePoll(poll, [], { slotId: 's1' }, ORGANISER, NOW);
  const rescheduled = reschedulePoll(finalised, [], { slotId: 's2' }, ORGANISER, NOW);
  const reopened = reopenPoll(rescheduled, new Date('2027-10-27T15:00:00Z'), ORGANISER, NOW);
  const cancelled = cancelPoll(reopened, ORGANISER);

  // [step, METHOD, SEQUENCE, STATUS, DTSTART, poll]
  const STEPS = [
    ['finalised', 'REQUEST', '0', 'CONFIRMED', 'DTSTART;TZID=Europe/Brussels:20271029T140000', finalised],
    ['rescheduled', 'REQUEST', '1', 'CONFIRMED', 'DTSTART;TZID=Europe/Brussels:20271103T100000', rescheduled],
    // reopened: the invitation in calendars is unchanged, the same file can be handed out again
    ['reopened', 'REQUEST', '1', 'CONFIRMED', 'DTSTART;TZID=Europe/Brussels:20271103T100000', reopened],
    ['cancelled', 'CANCEL', '2', 'CANCELLED', 'DTSTART;TZID=Europe/Brussels:20271103T100000', cancelled],
  ] as const;

  it.each(STEPS)('%s: METHOD:%s, SEQUENCE:%s, STATUS:%s', (_step, method, sequence, status, dtstart, p) => {
    const ics = buildPollIcs(p, NOW);
    expect(property(ics, 'METHOD')).toEqual([`METHOD:${method}`]);
    expect(property(ics, 'UID')).toEqual(['UID:mko-case-7-1@mko-bot']);
    expect(property(ics, 'SEQUENCE')).toEqual([`SEQUENCE:${sequence}`]);
    expect(property(ics, 'STATUS')).toEqual([`STATUS:${status}`]);
    expect(property(ics, 'DTSTART')).toEqual([dtstart]);
    expect(property(ics, 'SUMMARY')).toEqual(['SUMMARY:Agree who follows up the housing file']);
  });

  it('keeps the UID and raises the SEQUENCE for a new poll of the same meeting after a cancel', () => {
    const next = createPoll(
      {
        id: 'poll-2',
        caseId: 'case-7',
        cycle: 1,
        organiserId: ORGANISER,
        meetingGoal: 'Agree who follows up the housing file',
        slots: [{ date: '2027-11-10', start: '10:00', end: '11:00', place: { kind: 'address', text: 'CPAS Schaerbeek' } }],
        participants: PARTICIPANTS,
        deadline: new Date('2027-11-05T15:00:00Z'),
        options: { resultsVisibleToOrganiserOnly: false, participantsMayProposeSlots: false },
      },
      () => 'n1',
      cancelled,
      NOW,
    );
    const ics = buildPollIcs(finalisePoll(next, [], { slotId: 'n1' }, ORGANISER, NOW), NOW);
    expect(property(ics, 'UID')).toEqual(['UID:mko-case-7-1@mko-bot']);
    expect(property(ics, 'SEQUENCE')).toEqual(['SEQUENCE:3']);
    expect(property(ics, 'METHOD')).toEqual(['METHOD:REQUEST']);
  });

  it('names nobody: participant names never reach the calendar file', () => {
    for (const p of [finalised, cancelled]) {
      const ics = unfold(buildPollIcs(p, NOW)).join('\n');
      for (const participant of PARTICIPANTS) expect(ics).not.toContain(participant.name);
    }
  });

  it('has nothing to send before the meeting is finalised', () => {
    try {
      buildPollIcs(poll, NOW);
      throw new Error('should have thrown');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).code).toBe('poll.no_calendar_entry');
    }
  });
});
