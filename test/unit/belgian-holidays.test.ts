import { belgianPublicHolidays, easterSunday, isBelgianPublicHoliday } from '../../domain/poll/belgian-holidays';
import { DEFAULT_FOLLOW_UP_CONFIG, type FollowUpConfig } from '../../domain/followup/config';
import { dueNotices, planActionSteps } from '../../domain/followup/schedule';
import { DEFAULT_QUIET_HOURS, isClosedDate, isQuietMoment, lastAllowedPeriodStartBefore, nextAllowedMoment, type QuietHours } from '../../domain/poll/quiet-hours';
import type { AgreedAction } from '../../domain/report/report';

// Belgium's legal public holidays, known by default for every year, and what they change: quiet
// hours (nothing is sent on them) and the follow-up's working days. All instants are written in
// UTC with their Brussels time beside them (winter UTC+1, summer UTC+2); the tests run in Auckland.
const at = (iso: string): Date => new Date(iso);
const NO_HOLIDAYS: QuietHours = { ...DEFAULT_QUIET_HOURS, publicHolidays: 'none' };

describe('easterSunday (Gregorian computus)', () => {
  // [year, Easter Sunday]: including the earliest (22 March) and latest (25 April) possible dates
  it.each([
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2038, '2038-04-25'],
    [2100, '2100-03-28'],
    [2285, '2285-03-22'],
  ])('%i: %s', (year, easter) => {
    expect(easterSunday(year)).toBe(easter);
  });

  it.each([1582, 2024.5, 10_000, Number.NaN])('refuses the year %p (no Gregorian Easter)', (year) => {
    expect(() => easterSunday(year)).toThrow(RangeError);
  });
});

describe('belgianPublicHolidays', () => {
  // [year, 1 Jan, Easter Monday, 1 May, Ascension, Whit Monday, 21 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec]
  it.each([
    [2024, ['2024-01-01', '2024-04-01', '2024-05-01', '2024-05-09', '2024-05-20', '2024-07-21', '2024-08-15', '2024-11-01', '2024-11-11', '2024-12-25']],
    [2025, ['2025-01-01', '2025-04-21', '2025-05-01', '2025-05-29', '2025-06-09', '2025-07-21', '2025-08-15', '2025-11-01', '2025-11-11', '2025-12-25']],
    [2026, ['2026-01-01', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-07-21', '2026-08-15', '2026-11-01', '2026-11-11', '2026-12-25']],
    [2027, ['2027-01-01', '2027-03-29', '2027-05-01', '2027-05-06', '2027-05-17', '2027-07-21', '2027-08-15', '2027-11-01', '2027-11-11', '2027-12-25']],
    [2038, ['2038-01-01', '2038-04-26', '2038-05-01', '2038-06-03', '2038-06-14', '2038-07-21', '2038-08-15', '2038-11-01', '2038-11-11', '2038-12-25']],
    [2285, ['2285-01-01', '2285-03-23', '2285-04-30', '2285-05-01', '2285-05-11', '2285-07-21', '2285-08-15', '2285-11-01', '2285-11-11', '2285-12-25']],
  ])('%i', (year, dates) => {
    expect(belgianPublicHolidays(year).map((h) => h.date)).toEqual(dates);
  });

  it('names each holiday, in date order (2027)', () => {
    expect(belgianPublicHolidays(2027).map((h) => h.holiday)).toEqual([
      'new-year', 'easter-monday', 'labour-day', 'ascension', 'whit-monday', 'national-day', 'assumption', 'all-saints', 'armistice', 'christmas',
    ]);
  });

  it('keeps both when Ascension falls on 1 May (2008)', () => {
    expect(belgianPublicHolidays(2008).filter((h) => h.date === '2008-05-01').map((h) => h.holiday)).toEqual(['labour-day', 'ascension']);
  });

  it('derives Easter Monday, Ascension and Whit Monday from Easter in every year', () => {
    for (let year = 1900; year <= 2300; year += 1) {
      const byName = new Map(belgianPublicHolidays(year).map((h) => [h.holiday, h.date]));
      const easter = new Date(`${easterSunday(year)}T00:00:00Z`).getTime();
      const plus = (days: number): string => new Date(easter + days * 86_400_000).toISOString().slice(0, 10);
      expect([byName.get('easter-monday'), byName.get('ascension'), byName.get('whit-monday')]).toEqual([plus(1), plus(39), plus(50)]);
      // Easter Sunday is a Sunday between 22 March and 25 April
      expect(new Date(easter).getUTCDay()).toBe(0);
      expect(easterSunday(year).slice(5) >= '03-22' && easterSunday(year).slice(5) <= '04-25').toBe(true);
    }
  });

  it.each([
    ['2026-12-25', true],
    ['2026-12-26', false], // not a legal public holiday in Belgium (an extra closed date if wanted)
    ['2027-03-29', true],
    ['2027-03-28', false], // Easter Sunday is a Sunday anyway
    ['2027-11-15', false], // King's Feast: a closed date for some, not a legal public holiday
    ['2031-05-22', true], // Ascension 2031 (Easter 13 April)
  ])('isBelgianPublicHoliday(%s) = %p', (date, holiday) => {
    expect(isBelgianPublicHoliday(date)).toBe(holiday);
  });
});

describe('quiet hours on public holidays (default: known; POLL_PUBLIC_HOLIDAYS=none: not)', () => {
  it('a holiday is a closed date, besides the configured ones', () => {
    expect(isClosedDate('2025-12-25', DEFAULT_QUIET_HOURS)).toBe(true);
    expect(isClosedDate('2025-12-25', NO_HOLIDAYS)).toBe(false);
    expect(isClosedDate('2025-12-26', { ...DEFAULT_QUIET_HOURS, closedDates: ['2025-12-26'] })).toBe(true);
    expect(isClosedDate('2025-12-26', { ...NO_HOLIDAYS, closedDates: ['2025-12-26'] })).toBe(true);
  });

  // [from, next allowed moment, quiet hours, why]
  it.each<[string, string, QuietHours, string]>([
    ['2025-12-24T19:00:00Z', '2025-12-26T07:00:00Z', DEFAULT_QUIET_HOURS, 'Wed 24 Dec 20:00 -> Fri 26 Dec 08:00: nothing on Christmas Day'],
    ['2025-12-24T19:00:00Z', '2025-12-25T07:00:00Z', NO_HOLIDAYS, 'without the built-in holidays: Thu 25 Dec 08:00'],
    ['2025-12-23T19:00:00Z', '2025-12-29T07:00:00Z', { ...DEFAULT_QUIET_HOURS, closedDates: ['2025-12-24', '2025-12-26'] }, '24 and 26 Dec closed too: Tue 23 Dec 20:00 -> Mon 29 Dec 08:00'],
    ['2026-12-24T19:00:00Z', '2026-12-28T07:00:00Z', DEFAULT_QUIET_HOURS, 'Thu 24 Dec 2026 20:00 -> Mon 28 Dec 08:00 (Christmas on Friday)'],
    ['2025-12-31T19:00:00Z', '2026-01-02T07:00:00Z', DEFAULT_QUIET_HOURS, 'New Year’s Eve 20:00 -> Fri 2 Jan 08:00'],
    ['2027-03-26T21:00:00Z', '2027-03-30T06:00:00Z', DEFAULT_QUIET_HOURS, 'Fri 26 Mar 22:00 winter -> Tue 30 Mar 08:00 summer: Easter Monday 2027 (29 Mar) is skipped'],
    ['2027-03-26T21:00:00Z', '2027-03-29T06:00:00Z', NO_HOLIDAYS, 'without the built-in holidays: Mon 29 Mar 08:00 summer'],
    ['2027-03-29T10:00:00Z', '2027-03-30T06:00:00Z', DEFAULT_QUIET_HOURS, 'Easter Monday at noon -> Tue 08:00'],
    ['2027-05-05T18:00:00Z', '2027-05-07T06:00:00Z', DEFAULT_QUIET_HOURS, 'Wed 5 May 20:00 -> Fri 7 May 08:00 (Ascension Thursday)'],
    ['2027-07-20T18:00:00Z', '2027-07-22T06:00:00Z', DEFAULT_QUIET_HOURS, 'Tue 20 Jul 20:00 -> Thu 22 Jul 08:00 (National Day on Wednesday)'],
  ])('next allowed moment after %s is %s (%s)', (from, to, quiet) => {
    expect(nextAllowedMoment(at(from), quiet)).toEqual(at(to));
  });

  // [instant, Brussels time, quiet hours, quiet]
  it.each<[string, string, QuietHours, boolean]>([
    ['2025-12-25T11:00:00Z', 'Christmas Day 12:00', DEFAULT_QUIET_HOURS, true],
    ['2025-12-25T11:00:00Z', 'Christmas Day 12:00, holidays off', NO_HOLIDAYS, false],
    ['2027-03-29T10:00:00Z', 'Easter Monday 12:00', DEFAULT_QUIET_HOURS, true],
    ['2027-03-29T10:00:00Z', 'Easter Monday 12:00, holidays off', NO_HOLIDAYS, false],
    ['2027-03-30T10:00:00Z', 'the Tuesday after, 12:00', DEFAULT_QUIET_HOURS, false],
  ])('%s (%s) is quiet: %p', (instant, _brussels, quiet, expected) => {
    expect(isQuietMoment(at(instant), quiet)).toBe(expected);
  });

  it('the last allowed period before Tue 30 Mar 2027 08:00 is Fri 26 Mar 08:00 (weekend and Easter Monday between)', () => {
    expect(lastAllowedPeriodStartBefore(at('2027-03-30T06:00:00Z'), DEFAULT_QUIET_HOURS)).toEqual(at('2027-03-26T07:00:00Z'));
    expect(lastAllowedPeriodStartBefore(at('2027-03-30T06:00:00Z'), NO_HOLIDAYS)).toEqual(at('2027-03-29T06:00:00Z'));
  });
});

describe('the follow-up’s working days skip public holidays', () => {
  function action(dueDate: string, revisedAt: string): AgreedAction {
    return {
      id: 'a1',
      what: 'Ask the CPAS for a reference address',
      owner: { kind: 'participant', entryId: 'e-gp', name: 'GP' },
      ownerMandate: 'decides',
      dueDate,
      status: 'open',
      history: [],
      reassignments: [],
      revision: 0,
      revisedAt: at(revisedAt),
    };
  }
  const withQuiet = (quiet: Partial<QuietHours>): FollowUpConfig => ({ ...DEFAULT_FOLLOW_UP_CONFIG, quiet: { ...DEFAULT_FOLLOW_UP_CONFIG.quiet, ...quiet } });
  const overdueDays = (a: AgreedAction, config: FollowUpConfig): string[] =>
    planActionSteps(a, at('2030-01-01T00:00:00Z'), config)
      .filter((s) => s.kind === 'overdue')
      .slice(0, 3)
      .map((s) => s.date);

  // [why, due date, config, the first three overdue days (every 2 working days)]
  it.each<[string, string, FollowUpConfig, string[]]>([
    ['due Mon 19 Jul 2027: 21 July is not a working day', '2027-07-19', DEFAULT_FOLLOW_UP_CONFIG, ['2027-07-22', '2027-07-26', '2027-07-28']],
    ['the same without the built-in holidays', '2027-07-19', withQuiet({ publicHolidays: 'none' }), ['2027-07-21', '2027-07-23', '2027-07-27']],
    ['a configured closed date counts besides the holidays', '2027-07-19', withQuiet({ closedDates: ['2027-07-22'] }), ['2027-07-23', '2027-07-27', '2027-07-29']],
    ['due Wed 24 Dec 2025: Christmas and New Year’s Day are skipped, across the year', '2025-12-24', DEFAULT_FOLLOW_UP_CONFIG, ['2025-12-29', '2025-12-31', '2026-01-05']],
    ['the same without the built-in holidays', '2025-12-24', withQuiet({ publicHolidays: 'none' }), ['2025-12-26', '2025-12-30', '2026-01-01']],
    ['due Wed 5 May 2027: Ascension Thursday is skipped', '2027-05-05', DEFAULT_FOLLOW_UP_CONFIG, ['2027-05-10', '2027-05-12', '2027-05-14']],
  ])('%s', (_why, dueDate, config, expected) => {
    expect(overdueDays(action(dueDate, '2025-06-02T10:00:00Z'), config)).toEqual(expected);
  });

  it('due Wed 24 Dec 2025: the first overdue notice goes Mon 29 Dec 09:00, not on Christmas Day', () => {
    const steps = planActionSteps(action('2025-12-24', '2025-12-01T10:00:00Z'), at('2026-01-10T00:00:00Z'), DEFAULT_FOLLOW_UP_CONFIG);
    expect(steps.map((s) => [s.kind, s.n, s.at.toISOString()]).slice(0, 3)).toEqual([
      ['reminder', 3, '2025-12-22T07:00:00.000Z'],
      ['reminder', 0, '2025-12-24T08:00:00.000Z'],
      ['overdue', 1, '2025-12-29T08:00:00.000Z'],
    ]);
  });

  it('sends nothing on Easter Monday, the due date’s reminder goes on Tuesday', () => {
    const a = action('2027-03-29', '2027-03-20T10:00:00Z');
    const ctx = { caseId: 'case-7', cycle: 1, organiserId: 'u-org', referentEntryId: 'e-sw', network: [{ id: 'e-gp', userId: 'u-gp' }, { id: 'e-sw', userId: 'u-sw' }], alreadySent: new Set<string>() };
    expect(dueNotices([a], ctx, at('2027-03-29T08:00:00Z'))).toEqual([]);
    expect(dueNotices([a], ctx, at('2027-03-30T06:00:00Z')).map((n) => [n.key, n.at.toISOString()])).toEqual([
      ['action:a1:r0:reminder:0:owner', '2027-03-30T06:00:00.000Z'],
      ['action:a1:r0:reminder:0:referent', '2027-03-30T06:00:00.000Z'],
    ]);
    // without the built-in holidays it would have gone on Monday at 09:00
    const none = { ...DEFAULT_FOLLOW_UP_CONFIG, quiet: NO_HOLIDAYS };
    expect(dueNotices([a], ctx, at('2027-03-29T07:00:00Z'), none).map((n) => n.key)).toEqual(['action:a1:r0:reminder:0:owner', 'action:a1:r0:reminder:0:referent']);
  });
});
