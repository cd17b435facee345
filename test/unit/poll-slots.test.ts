import { DomainError } from '../../domain/errors';
import type { SlotInput } from '../../domain/poll/inputs';
import type { Place } from '../../domain/poll/poll';
import { expandPattern, makeSlot } from '../../domain/poll/slots';
import { brusselsWallTimeToInstant, brusselsWallTimeToInstantLenient, resolveBrusselsWallTime, toBrusselsWallTime } from '../../domain/poll/wall-clock';

// Run with TZ=Pacific/Auckland: any reliance on the process time zone shows up as a wrong instant.
const OFFICE: Place = { kind: 'address', text: 'Maison médicale, Rue Haute 12, 1000 Bruxelles' };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err.code;
    throw err;
  }
  throw new Error('expected a DomainError');
}

function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return err;
    throw err;
  }
  throw new Error('expected a DomainError');
}

describe('Brussels wall time -> UTC instant', () => {
  // [date, time, UTC instant, why]
  const CASES: [string, string, string, string][] = [
    ['2027-03-27', '10:00', '2027-03-27T09:00:00.000Z', 'winter time, the day before the spring change'],
    ['2027-03-28', '01:59', '2027-03-28T00:59:00.000Z', 'spring change day, just before the gap'],
    ['2027-03-28', '03:00', '2027-03-28T01:00:00.000Z', 'spring change day, just after the gap'],
    ['2027-03-28', '10:00', '2027-03-28T08:00:00.000Z', 'spring change day, summer time'],
    ['2027-10-30', '10:00', '2027-10-30T08:00:00.000Z', 'summer time, the day before the autumn change'],
    ['2027-10-31', '01:59', '2027-10-30T23:59:00.000Z', 'autumn change day, before the repeated hour'],
    ['2027-10-31', '02:00', '2027-10-31T00:00:00.000Z', 'repeated hour: first occurrence (summer time)'],
    ['2027-10-31', '02:30', '2027-10-31T00:30:00.000Z', 'repeated hour: first occurrence (summer time)'],
    ['2027-10-31', '03:00', '2027-10-31T02:00:00.000Z', 'autumn change day, after the repeated hour'],
    ['2027-10-31', '10:00', '2027-10-31T09:00:00.000Z', 'autumn change day, winter time'],
    ['2027-06-15', '23:30', '2027-06-15T21:30:00.000Z', 'late evening stays on its Brussels date'],
    ['2027-01-01', '00:00', '2026-12-31T23:00:00.000Z', 'midnight of New Year is still the old year in UTC'],
  ];

  it.each(CASES)('%s %s is %s (%s)', (date, time, iso) => {
    expect(brusselsWallTimeToInstant(date, time).toISOString()).toBe(iso);
    // and back: the Brussels clock shows what was typed, whatever the process time zone
    expect(toBrusselsWallTime(new Date(iso))).toMatchObject({ date, time });
  });

  it.each([['02:00'], ['02:30'], ['02:59']])('%s on the spring change day does not exist and is refused', (time) => {
    const err = errorOf(() => brusselsWallTimeToInstant('2027-03-28', time));
    expect(err.code).toBe('poll.slot_time_nonexistent');
    expect(err.params).toEqual({ date: '2027-03-28', time });
  });

  it('knows both occurrences of an ambiguous autumn time', () => {
    expect(resolveBrusselsWallTime('2027-10-31', '02:30')).toEqual({
      kind: 'ambiguous',
      first: new Date('2027-10-31T00:30:00Z'),
      second: new Date('2027-10-31T01:30:00Z'),
    });
    expect(resolveBrusselsWallTime('2027-10-31', '01:30')).toEqual({ kind: 'unique', instant: new Date('2027-10-30T23:30:00Z') });
    expect(resolveBrusselsWallTime('2027-03-28', '02:30')).toEqual({ kind: 'nonexistent', afterGap: new Date('2027-03-28T01:30:00Z') });
  });

  it('reads a configured time in the spring gap as just after it (RFC 5545), never refusing it', () => {
    expect(brusselsWallTimeToInstantLenient('2027-03-28', '02:30')).toEqual(new Date('2027-03-28T01:30:00Z'));
    expect(toBrusselsWallTime(new Date('2027-03-28T01:30:00Z')).time).toBe('03:30');
    expect(brusselsWallTimeToInstantLenient('2027-10-31', '02:30')).toEqual(new Date('2027-10-31T00:30:00Z'));
    expect(brusselsWallTimeToInstantLenient('2027-06-15', '08:00')).toEqual(new Date('2027-06-15T06:00:00Z'));
  });
});

describe('makeSlot', () => {
  it('turns Brussels wall-clock input into UTC instants, accepted when the organiser adds it', () => {
    expect(makeSlot({ date: '2027-03-28', start: '10:00', end: '11:30', place: OFFICE }, 's1')).toEqual({
      id: 's1',
      start: new Date('2027-03-28T08:00:00Z'),
      end: new Date('2027-03-28T09:30:00Z'),
      place: OFFICE,
      proposedBy: null,
      accepted: true,
    });
  });

  it('marks a participant proposal as not accepted yet', () => {
    const slot = makeSlot({ date: '2027-05-04', start: '14:00', end: '15:00', place: OFFICE }, 's2', 'entry-gp');
    expect(slot).toMatchObject({ proposedBy: 'entry-gp', accepted: false });
  });

  // [start, end, minutes the meeting really lasts]
  it.each([
    ['2027-03-28', '01:30', '03:30', 60],
    ['2027-10-31', '01:30', '03:30', 180],
    ['2027-06-15', '09:00', '10:00', 60],
  ])('on %s, %s-%s lasts %i real minutes', (date, start, end, minutes) => {
    const slot = makeSlot({ date, start, end, place: OFFICE }, 's');
    expect((slot.end.getTime() - slot.start.getTime()) / 60_000).toBe(minutes);
  });

  it.each([
    ['2027-03-28', '02:30', '04:00', 'start in the spring gap'],
    ['2027-03-28', '01:00', '02:15', 'end in the spring gap'],
  ])('refuses %s %s-%s (%s)', (date, start, end) => {
    expect(codeOf(() => makeSlot({ date, start, end, place: OFFICE }, 's'))).toBe('poll.slot_time_nonexistent');
  });

  it.each([
    ['10:00', '10:00'],
    ['11:00', '10:00'],
    // 02:45 and 02:15 are both read as summer time, so the end comes before the start
    ['02:45', '02:15'],
  ])('refuses start %s with end %s: the end must come after the start', (start, end) => {
    const date = start === '02:45' ? '2027-10-31' : '2027-06-15';
    expect(codeOf(() => makeSlot({ date, start, end, place: OFFICE }, 's'))).toBe('poll.slot_end_not_after_start');
  });

  // [what is wrong, raw input, field reported]
  const BAD: [string, unknown, string][] = [
    ['not a real date', { date: '2027-02-29', start: '10:00', end: '11:00', place: OFFICE }, 'slot.date'],
    ['24:00 is not a clock time', { date: '2027-06-15', start: '10:00', end: '24:00', place: OFFICE }, 'slot.end'],
    ['hour without leading zero', { date: '2027-06-15', start: '9:00', end: '10:00', place: OFFICE }, 'slot.start'],
    ['plain http link', { date: '2027-06-15', start: '09:00', end: '10:00', place: { kind: 'online', url: 'http://meet.example.org/x' } }, 'slot.place.url'],
    ['script link', { date: '2027-06-15', start: '09:00', end: '10:00', place: { kind: 'online', url: 'javascript:alert(1)' } }, 'slot.place.url'],
    ['empty address', { date: '2027-06-15', start: '09:00', end: '10:00', place: { kind: 'address', text: '   ' } }, 'slot.place.text'],
    ['line break in address', { date: '2027-06-15', start: '09:00', end: '10:00', place: { kind: 'address', text: 'a\nb' } }, 'slot.place.text'],
    ['unknown place kind', { date: '2027-06-15', start: '09:00', end: '10:00', place: { kind: 'phone', text: 'x' } }, 'slot.place.kind'],
    ['extra field', { date: '2027-06-15', start: '09:00', end: '10:00', place: OFFICE, room: '2' }, 'slot'],
  ];

  it.each(BAD)('refuses a malformed input (%s) naming the field', (_why, raw, field) => {
    const err = errorOf(() => makeSlot(raw as SlotInput, 's'));
    expect(err.code).toBe('validation.invalid');
    expect(err.params.fields).toContain(field);
  });

  it('accepts an https meeting link and trims an address', () => {
    const url = 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d';
    expect(makeSlot({ date: '2027-06-15', start: '09:00', end: '10:00', place: { kind: 'online', url } }, 's').place).toEqual({ kind: 'online', url });
    expect(makeSlot({ date: '2027-06-15', start: '09:00', end: '10:00', place: { kind: 'address', text: '  CPAS  ' } }, 's').place).toEqual({
      kind: 'address',
      text: 'CPAS',
    });
  });
});

describe('expandPattern', () => {
  const base = { start: '14:00', end: '15:30', place: OFFICE };

  it('gives the chosen weekdays between both dates, both included, in order', () => {
    // 2027-06-07 is a Monday, 2027-06-17 a Thursday
    const inputs = expandPattern({ ...base, from: '2027-06-07', until: '2027-06-17', weekdays: [4, 1] }, 10);
    expect(inputs.map((i) => i.date)).toEqual(['2027-06-07', '2027-06-10', '2027-06-14', '2027-06-17']);
    for (const input of inputs) expect(input).toEqual({ date: input.date, start: '14:00', end: '15:30', place: OFFICE });
  });

  it('keeps the Brussels time across the autumn change: the UTC instant moves by an hour', () => {
    const inputs = expandPattern({ ...base, from: '2027-10-19', until: '2027-11-09', weekdays: [2] }, 10);
    const starts = inputs.map((input, i) => makeSlot(input, `s${i}`).start.toISOString());
    expect(starts).toEqual(['2027-10-19T12:00:00.000Z', '2027-10-26T12:00:00.000Z', '2027-11-02T13:00:00.000Z', '2027-11-09T13:00:00.000Z']);
  });

  it('includes Sunday as weekday 7', () => {
    expect(expandPattern({ ...base, from: '2027-10-25', until: '2027-10-31', weekdays: [7] }, 5).map((i) => i.date)).toEqual(['2027-10-31']);
  });

  it('refuses more slots than allowed instead of dropping some', () => {
    const err = errorOf(() => expandPattern({ ...base, from: '2027-06-07', until: '2027-06-18', weekdays: [1, 2, 3, 4, 5] }, 9));
    expect(err.code).toBe('poll.too_many_slots');
    expect(err.params).toEqual({ max: 9 });
    expect(expandPattern({ ...base, from: '2027-06-07', until: '2027-06-18', weekdays: [1, 2, 3, 4, 5] }, 10)).toHaveLength(10);
  });

  it('refuses a pattern that gives no date', () => {
    // a Monday to a Friday, asking for Saturdays
    expect(codeOf(() => expandPattern({ ...base, from: '2027-06-07', until: '2027-06-11', weekdays: [6] }, 10))).toBe('poll.pattern_empty');
  });

  it.each([
    ['until before from', { from: '2027-06-10', until: '2027-06-07', weekdays: [1] }, 'pattern.until'],
    ['longer than a year', { from: '2027-01-01', until: '2028-01-02', weekdays: [1] }, 'pattern.until'],
    ['weekday 0', { from: '2027-06-07', until: '2027-06-10', weekdays: [0] }, 'pattern.weekdays.0'],
    ['no weekday', { from: '2027-06-07', until: '2027-06-10', weekdays: [] }, 'pattern.weekdays'],
  ])('refuses a malformed pattern (%s)', (_why, dates, field) => {
    const err = errorOf(() => expandPattern({ ...base, ...dates }, 10));
    expect(err.code).toBe('validation.invalid');
    expect(err.params.fields).toContain(field);
  });
});
