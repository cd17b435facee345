import { DomainError } from '../errors';
import { BRUSSELS_TZ } from '../time';
import type { Place, Poll } from './poll';
import { formatUtcBasic, resolveBrusselsWallTime, toBrusselsWallTime } from './wall-clock';

/**
 * The meeting invitation as an iCalendar file (RFC 5545, methods per RFC 5546), for Teams users
 * and for people without Teams alike. Times are written as Brussels local time with a TZID and the
 * VTIMEZONE that defines it, so a calendar shows the time the organiser chose whatever the reader's
 * own time zone.
 */

export const ICS_PRODID = '-//MKO bot//Availability poll//EN';
const CRLF = '\r\n';
const MAX_LINE_OCTETS = 75;

/**
 * Europe/Brussels as EU summer time has defined it since 1996: summer time from the last Sunday of
 * March 02:00 (01:00 UTC) to the last Sunday of October 03:00 (01:00 UTC). The unit tests check
 * these rules against the time zone database, year by year.
 */
export const BRUSSELS_VTIMEZONE: readonly string[] = [
  'BEGIN:VTIMEZONE',
  `TZID:${BRUSSELS_TZ}`,
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
];

export interface IcsEvent {
  /** REQUEST invites (or updates, with a higher sequence); CANCEL withdraws the entry. */
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  start: Date;
  end: Date;
  place: Place;
  /** The meeting goal: never a person's name (calendars are shared and synced widely). */
  summary: string;
  description?: string | null;
  /** RFC 5546 wants an ORGANIZER for REQUEST and CANCEL; e-mail clients use it for replies. */
  organizer?: { name: string; email: string } | null;
}

/** The .ics text of one event: CRLF line ends, lines folded at 75 octets, text escaped. */
export function buildIcs(event: IcsEvent, now: Date): string {
  if (!Number.isInteger(event.sequence) || event.sequence < 0) throw new RangeError('SEQUENCE must be a non-negative integer');
  const cancel = event.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${ICS_PRODID}`,
    'CALSCALE:GREGORIAN',
    `METHOD:${event.method}`,
    ...BRUSSELS_VTIMEZONE,
    'BEGIN:VEVENT',
    `UID:${stripControl(event.uid)}`,
    `SEQUENCE:${event.sequence}`,
    `DTSTAMP:${formatUtcBasic(wholeSeconds(now))}`,
    dateTimeProperty('DTSTART', event.start),
    dateTimeProperty('DTEND', event.end),
    `SUMMARY:${escapeIcsText(event.summary)}`,
    ...placeProperties(event.place),
    ...(event.description ? [`DESCRIPTION:${escapeIcsText(event.description)}`] : []),
    ...(event.organizer ? [`ORGANIZER;CN=${paramValue(event.organizer.name)}:mailto:${stripControl(event.organizer.email)}`] : []),
    `STATUS:${cancel ? 'CANCELLED' : 'CONFIRMED'}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}

/**
 * The .ics for what a poll's meeting currently is in people's calendars: the invitation (REQUEST)
 * or, after a cancel, the cancellation (CANCEL), with the poll's UID and sequence.
 */
export function buildPollIcs(poll: Poll, now: Date, extras: Pick<IcsEvent, 'description' | 'organizer'> = {}): string {
  const entry = poll.calendarEntry;
  if (!entry) throw new DomainError('poll.no_calendar_entry');
  return buildIcs(
    {
      method: entry.cancelled ? 'CANCEL' : 'REQUEST',
      uid: poll.icsUid,
      sequence: poll.icsSequence,
      start: entry.slot.start,
      end: entry.slot.end,
      place: entry.slot.place,
      summary: poll.meetingGoal,
      ...extras,
    },
    now,
  );
}

/** TEXT escaping (RFC 5545 3.3.11); other control characters are not allowed in TEXT and are dropped. */
export function escapeIcsText(text: string): string {
  return stripControl(
    text
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n'),
  );
}

/**
 * Folds a content line (RFC 5545 3.1): at most 75 octets per line, continuation lines start with a
 * space (which counts). A UTF-8 character is never split across lines.
 */
export function foldIcsLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = utf8Octets(char);
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

/**
 * DTSTART/DTEND in Brussels local time with the TZID. The one local time a calendar would read
 * differently is the second 02:xx of the autumn change (RFC 5545 reads an ambiguous local time as
 * its first occurrence); such an instant is written in UTC instead, so it is never misplaced.
 */
function dateTimeProperty(name: string, instant: Date): string {
  const exact = wholeSeconds(instant);
  const wall = toBrusselsWallTime(exact);
  const resolved = resolveBrusselsWallTime(wall.date, wall.time);
  const first = resolved.kind === 'unique' ? resolved.instant : resolved.kind === 'ambiguous' ? resolved.first : null;
  if (first === null || first.getTime() + wall.seconds * 1000 !== exact.getTime()) return `${name}:${formatUtcBasic(exact)}`;
  const local = `${wall.date.replace(/-/g, '')}T${wall.time.replace(':', '')}${String(wall.seconds).padStart(2, '0')}`;
  return `${name};TZID=${BRUSSELS_TZ}:${local}`;
}

/** LOCATION is what calendars show; an online meeting also gets its link as URL (a URI, not TEXT). */
function placeProperties(place: Place): string[] {
  if (place.kind === 'address') return [`LOCATION:${escapeIcsText(place.text)}`];
  return [`LOCATION:${escapeIcsText(place.url)}`, `URL:${stripControl(place.url)}`];
}

/** A parameter value: quoted when it holds , ; or : (RFC 5545 3.2); a double quote cannot appear. */
function paramValue(value: string): string {
  const clean = stripControl(value).replace(/"/g, "'");
  return /[,;:]/.test(clean) ? `"${clean}"` : clean;
}

/** Octets of one code point in UTF-8 (no Buffer: the domain does not depend on Node). */
function utf8Octets(char: string): number {
  const code = char.codePointAt(0) ?? 0;
  return code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
}

function stripControl(value: string): string {
  return value.replace(/[\u0000-\u001F\u007F]/g, '');
}

function wholeSeconds(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / 1000) * 1000);
}
