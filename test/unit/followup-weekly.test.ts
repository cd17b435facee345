import { DEFAULT_FOLLOW_UP_CONFIG, type FollowUpConfig } from '../../domain/followup/config';
import { weeklyOverviewDue } from '../../domain/followup/schedule';
import { toBrusselsWallTime } from '../../domain/poll/wall-clock';
import { isoWeekOf } from '../../domain/followup/iso-week';

// All instants are written in UTC with their Brussels time beside them; the tests run in Auckland.
const at = (iso: string): Date => new Date(iso);

/** Runs the weekly job every hour from `from` to `to`, sending when due; returns when it sent (Brussels). */
function simulateWeeks(from: string, to: string, lastSentAt: Date | null, config: FollowUpConfig = DEFAULT_FOLLOW_UP_CONFIG): [string, string][] {
  const sent: [string, string][] = [];
  let last = lastSentAt;
  for (let t = at(from).getTime(); t <= at(to).getTime(); t += 3_600_000) {
    const now = new Date(t);
    const due = weeklyOverviewDue(now, last, config);
    if (!due) continue;
    last = now;
    const wall = toBrusselsWallTime(now);
    sent.push([due.key, `${wall.date} ${wall.time}`]);
  }
  return sent;
}

describe('weeklyOverviewDue (Monday 09:00 Brussels by default)', () => {
  it('is due once a week, at 09:00 in winter and in summer time', () => {
    expect(simulateWeeks('2027-03-14T00:00:00Z', '2027-04-11T23:00:00Z', at('2027-03-08T08:00:00Z'))).toEqual([
      ['weekly-overview:2027-W11', '2027-03-15 09:00'],
      ['weekly-overview:2027-W12', '2027-03-22 09:00'],
      // Monday 29 March 2027 is Easter Monday, a public holiday known by default: Tuesday 08:00
      ['weekly-overview:2027-W13', '2027-03-30 08:00'],
      ['weekly-overview:2027-W14', '2027-04-05 09:00'],
    ]);
  });

  it('waits for Tuesday 08:00 when Monday is a public holiday (Easter Monday 2027)', () => {
    const config = { ...DEFAULT_FOLLOW_UP_CONFIG, quiet: { ...DEFAULT_FOLLOW_UP_CONFIG.quiet, closedDates: ['2027-03-29'] } };
    expect(simulateWeeks('2027-03-27T00:00:00Z', '2027-04-04T00:00:00Z', at('2027-03-22T08:00:00Z'), config)).toEqual([['weekly-overview:2027-W13', '2027-03-30 08:00']]);
  });

  it('follows the configured day and time, across the autumn change', () => {
    const config = { ...DEFAULT_FOLLOW_UP_CONFIG, weeklyOverview: { isoWeekday: 5, time: '14:00' } };
    expect(simulateWeeks('2027-10-25T00:00:00Z', '2027-11-07T00:00:00Z', at('2027-10-22T12:00:00Z'), config)).toEqual([
      ['weekly-overview:2027-W43', '2027-10-29 14:00'],
      ['weekly-overview:2027-W44', '2027-11-05 14:00'],
    ]);
  });

  // [what, now, last sent, due key or null]
  it.each<[string, string, string | null, string | null]>([
    ['never sent, on a Wednesday: this week’s overview now', '2027-03-17T10:00:00Z', null, 'weekly-overview:2027-W11'],
    ['never sent, Monday 08:30, before the moment: not last week’s either', '2027-03-22T07:30:00Z', null, null],
    ['never sent, Monday 09:00: this week’s', '2027-03-22T08:00:00Z', null, 'weekly-overview:2027-W12'],
    ['a whole week missed: one overview on return, not two', '2027-03-19T10:00:00Z', '2027-03-01T08:00:00Z', 'weekly-overview:2027-W11'],
    ['Monday 08:59, last week sent: not yet', '2027-03-22T07:59:00Z', '2027-03-15T08:00:00Z', null],
    ['Monday 09:00: due', '2027-03-22T08:00:00Z', '2027-03-15T08:00:00Z', 'weekly-overview:2027-W12'],
    ['Monday 09:00, sent a minute ago: not again', '2027-03-22T08:01:00Z', '2027-03-22T08:00:00Z', null],
    ['due but at night: waits', '2027-03-22T20:00:00Z', '2027-03-15T08:00:00Z', null],
    ['due but on Saturday: waits', '2027-03-27T10:00:00Z', '2027-03-15T08:00:00Z', null],
  ])('%s', (_what, now, lastSentAt, key) => {
    expect(weeklyOverviewDue(at(now), lastSentAt === null ? null : at(lastSentAt))?.key ?? null).toBe(key);
  });

  // Sunday 13:00 in Brussels is already Monday 01:00 in Auckland: the week is Brussels' week
  it('reads the week in Brussels, not in the server’s zone', () => {
    const always: FollowUpConfig = { ...DEFAULT_FOLLOW_UP_CONFIG, weeklyOverview: { isoWeekday: 1, time: '00:30' }, quiet: { start: '00:00', end: '00:00', days: [], closedDates: [], publicHolidays: 'none' } };
    expect(weeklyOverviewDue(at('2027-03-21T12:00:00Z'), at('2027-03-14T23:30:00Z'), always)).toBeNull();
    expect(weeklyOverviewDue(at('2027-03-21T23:30:00Z'), at('2027-03-14T23:30:00Z'), always)).toEqual({ key: 'weekly-overview:2027-W12', isoWeek: '2027-W12', weekOf: '2027-03-22', at: at('2027-03-21T23:30:00Z') });
  });
});

describe('isoWeekOf (the week in the weekly overview’s idempotency key)', () => {
  // [Brussels date, ISO week]: the week belongs to the year of its Thursday
  it.each([
    ['2027-03-15', '2027-W11'],
    ['2027-03-21', '2027-W11'],
    ['2027-03-22', '2027-W12'],
    ['2026-12-28', '2026-W53'],
    ['2027-01-01', '2026-W53'],
    ['2027-01-03', '2026-W53'],
    ['2027-01-04', '2027-W01'],
    ['2025-12-29', '2026-W01'],
    ['2026-01-01', '2026-W01'],
    ['2024-12-30', '2025-W01'],
    ['2020-12-31', '2020-W53'],
    ['2021-01-03', '2020-W53'],
  ])('%s is in %s', (date, week) => {
    expect(isoWeekOf(date)).toBe(week);
  });

  it('gives the same key for every day of one week and a new one on Monday', () => {
    const days = ['2027-03-22', '2027-03-23', '2027-03-24', '2027-03-25', '2027-03-26', '2027-03-27', '2027-03-28'];
    expect(new Set(days.map(isoWeekOf))).toEqual(new Set(['2027-W12']));
    expect(isoWeekOf('2027-03-29')).toBe('2027-W13');
  });
});
