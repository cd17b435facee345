import { DEFAULT_QUIET_HOURS, isQuietMoment } from '../../domain/poll/quiet-hours';
import { DEFAULT_REMINDER_CONFIG, MIN_REMINDER_GAP_HOURS, scheduleReminders, type ReminderConfig } from '../../domain/poll/reminders';

// Reminders that quiet hours push close together are merged: nobody is reminded twice within a
// few hours. Instants in UTC with their Brussels time beside them; the tests run in Auckland. The
// dates avoid public holidays, so that only the weekly quiet hours move the reminders.

const at = (iso: string): Date => new Date(iso);
const poll = (deadline: string, openedAt: string) => ({ deadline: at(deadline), openedAt: at(openedAt) });
const hours = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 3_600_000;

describe(`poll reminders less than ${MIN_REMINDER_GAP_HOURS} h apart are merged (the earlier one is kept)`, () => {
  // [why, offsets, deadline, opened at, [offset hours, sent at][]]
  const CASES: [string, number[], string, string, [number, string][]][] = [
    // the audit's case: 48 h before is Sunday 09:00, moved to Monday 08:00, an hour before the 24 h one
    ['deadline Tue 1 Dec 09:00: Sun -> Mon 08:00 and Mon 09:00 become one', [48, 24], '2026-12-01T08:00:00Z', '2026-11-20T10:00:00Z', [[48, '2026-11-30T07:00:00Z']]],
    ['deadline Tue 27 Oct 09:00 (winter time): likewise', [48, 24], '2026-10-27T08:00:00Z', '2026-10-20T10:00:00Z', [[48, '2026-10-26T07:00:00Z']]],
    ['deadline Tue 1 Dec 18:00: Sun -> Mon 08:00 and Mon 18:00, 10 h apart: one', [48, 24], '2026-12-01T17:00:00Z', '2026-11-20T10:00:00Z', [[48, '2026-11-30T07:00:00Z']]],
    ['deadline Tue 1 Dec 21:00: Sun -> Mon 08:00 and Mon 21:00 -> Tue 08:00, 24 h apart: both', [48, 24], '2026-12-01T20:00:00Z', '2026-11-20T10:00:00Z', [[48, '2026-11-30T07:00:00Z'], [24, '2026-12-01T07:00:00Z']]],
    ['deadline Wed 2 Dec 17:00: no quiet hours in the way, 24 h apart: both', [48, 24], '2026-12-02T16:00:00Z', '2026-11-20T10:00:00Z', [[48, '2026-11-30T16:00:00Z'], [24, '2026-12-01T16:00:00Z']]],
    ['deadline Tue 1 Dec 20:00: Sun 20:00 -> Mon 08:00, Mon 20:00 -> Tue 08:00: both', [48, 24], '2026-12-01T19:00:00Z', '2026-11-20T10:00:00Z', [[48, '2026-11-30T07:00:00Z'], [24, '2026-12-01T07:00:00Z']]],
    // offsets configured close together stay apart as configured, unless quiet hours squeeze them
    ['offsets 4 h and 1 h, deadline Wed 2 Dec 17:00: 3 h apart as configured: both', [4, 1], '2026-12-02T16:00:00Z', '2026-11-20T10:00:00Z', [[4, '2026-12-02T12:00:00Z'], [1, '2026-12-02T15:00:00Z']]],
    ['offsets 4 h and 1 h, deadline Wed 2 Dec 09:30: 05:30 -> 08:00 and 08:30, squeezed: one', [4, 1], '2026-12-02T08:30:00Z', '2026-11-20T10:00:00Z', [[4, '2026-12-02T07:00:00Z']]],
    ['offsets 72, 48 and 24 h, deadline Tue 1 Dec 09:00: Sat and Sun -> Mon 08:00 and Mon 09:00: one', [72, 48, 24], '2026-12-01T08:00:00Z', '2026-11-20T10:00:00Z', [[72, '2026-11-30T07:00:00Z']]],
    ['offsets 72, 48 and 24 h, deadline Thu 3 Dec 09:00: Mon, Tue, Wed 09:00: all three', [72, 48, 24], '2026-12-03T08:00:00Z', '2026-11-20T10:00:00Z', [[72, '2026-11-30T08:00:00Z'], [48, '2026-12-01T08:00:00Z'], [24, '2026-12-02T08:00:00Z']]],
  ];

  it.each(CASES)('%s', (_why, offsetsHours, deadline, openedAt, expected) => {
    const config: ReminderConfig = { ...DEFAULT_REMINDER_CONFIG, offsetsHours };
    const planned = scheduleReminders(poll(deadline, openedAt), config);
    expect(planned.map((r) => [r.offsetHours, r.at.toISOString()])).toEqual(expected.map(([h, iso]) => [h, at(iso).toISOString()]));
    for (const [i, r] of planned.entries()) {
      expect(isQuietMoment(r.at, DEFAULT_QUIET_HOURS)).toBe(false);
      if (i > 0) expect(hours(planned[i - 1]!.at, r.at)).toBeGreaterThanOrEqual(Math.min(MIN_REMINDER_GAP_HOURS, planned[i - 1]!.offsetHours - r.offsetHours));
    }
  });
});
