import path from 'node:path';
import { ConfigError, loadConfig } from '../../config/config';
import { DEFAULT_FOLLOW_UP_CONFIG } from '../../domain/followup/config';
import { weeklyOverviewDue } from '../../domain/followup/schedule';

const GUID = '11111111-2222-4333-8444-555555555555';
const TENANT = '66666666-7777-4888-9999-000000000000';

describe('configuration', () => {
  it('starts with sensible defaults and no authentication', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3978, host: '127.0.0.1', store: { kind: 'embedded' }, auth: null, logLevel: 'info' });
    expect(c.dataDir).toBe(path.resolve('./data'));
  });

  it('honours PORT and DATA_DIR', () => {
    const c = loadConfig({ PORT: '4000', DATA_DIR: '/tmp/mko' });
    expect(c.port).toBe(4000);
    expect(c.store).toEqual({ kind: 'embedded', dataDir: '/tmp/mko' });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT: must be a port number from 1 to 65535 \(got "abc"\)/],
    [{ PORT: '70000' }, /PORT/],
    [{ STORE: 'postgres' }, /STORE: .*embedded.*mongo/],
    [{ STORE: 'mongo' }, /MONGODB_URI: required when STORE=mongo/],
    [{ STORE: 'mongo', MONGODB_URI: 'http://db' }, /MONGODB_URI: must start with mongodb:\/\//],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
    [{ MicrosoftAppId: 'not-a-guid' }, /MicrosoftAppId: must be the bot's Entra application \(client\) id/],
    [{ MicrosoftAppId: GUID, ALLOWED_TENANT_IDS: TENANT }, /MicrosoftAppPassword: required when MicrosoftAppType=MultiTenant/],
    [{ MicrosoftAppId: GUID, MicrosoftAppPassword: 's', MicrosoftAppType: 'SingleTenant' }, /MicrosoftAppTenantId: required when MicrosoftAppType=SingleTenant/],
    [{ MicrosoftAppId: GUID, MicrosoftAppPassword: 's' }, /ALLOWED_TENANT_IDS: required when MicrosoftAppId is set/],
    [{ MicrosoftAppId: GUID, MicrosoftAppType: 'Whatever' }, /MicrosoftAppType/],
    [{ ALLOWED_TENANT_IDS: 'contoso' }, /ALLOWED_TENANT_IDS: each tenant id must be a GUID/],
    [{ MicrosoftAppPassword: 'secret' }, /MicrosoftAppId: required when MicrosoftAppPassword is set/],
  ])('stops on %p naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never repeats a secret in its message', () => {
    expect.assertions(1);
    try {
      loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 'super-secret-value' });
    } catch (err) {
      expect(String(err)).not.toContain('super-secret-value');
    }
  });

  it('enforces Bot Framework authentication when an app id is set, for the allowed tenants', () => {
    const c = loadConfig({ MicrosoftAppId: GUID, MicrosoftAppPassword: 's', MicrosoftAppType: 'SingleTenant', MicrosoftAppTenantId: TENANT });
    expect(c.auth).toEqual({ appId: GUID, appPassword: 's', appType: 'SingleTenant', tenantId: TENANT });
    expect(c.allowedTenantIds).toEqual([TENANT]);
    expect(c.host).toBe('0.0.0.0');
  });

  it('supports a managed identity without a password', () => {
    const c = loadConfig({ MicrosoftAppId: GUID, MicrosoftAppType: 'UserAssignedMSI', MicrosoftAppTenantId: TENANT });
    expect(c.auth?.appPassword).toBeNull();
  });

  it('reads coordinators and allowed tenants as comma-separated lists', () => {
    const c = loadConfig({ COORDINATOR_IDS: ' a , b,,', ALLOWED_TENANT_IDS: `${TENANT}, ${GUID}` });
    expect(c.coordinatorIds).toEqual(['a', 'b']);
    expect(c.allowedTenantIds).toEqual([TENANT, GUID]);
  });
});

describe('follow-up configuration (FOLLOWUP_*)', () => {
  it('uses the defaults, with the product’s quiet hours', () => {
    expect(loadConfig({}).followUp).toEqual(DEFAULT_FOLLOW_UP_CONFIG);
    const quiet = loadConfig({ POLL_QUIET_HOURS: '19:00-07:30', POLL_CLOSED_DATES: '2027-05-01' }).followUp.quiet;
    expect(quiet).toEqual({ start: '19:00', end: '07:30', days: [6, 7], closedDates: ['2027-05-01'], publicHolidays: 'be' });
  });

  it('reads every offset and time', () => {
    const c = loadConfig({
      FOLLOWUP_REMIND_DAYS_BEFORE: ' 5, 1 ,0',
      FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS: '3',
      FOLLOWUP_ESCALATE_FROM_OVERDUE_NOTICE: '1',
      FOLLOWUP_NOTICE_TIME: '10:30',
      FOLLOWUP_WEEKLY_DAY: '5',
      FOLLOWUP_WEEKLY_TIME: '14:00',
      FOLLOWUP_EVALUATION_TIME: '08:15',
    });
    expect(c.followUp).toEqual({
      ...DEFAULT_FOLLOW_UP_CONFIG,
      reminderDaysBefore: [5, 1, 0],
      overdueEveryWorkingDays: 3,
      escalateFromOverdueNotice: 1,
      noticeTime: '10:30',
      weeklyOverview: { isoWeekday: 5, time: '14:00' },
      evaluationTime: '08:15',
    });
  });

  it('treats empty values as not set', () => {
    expect(loadConfig({ FOLLOWUP_REMIND_DAYS_BEFORE: '', FOLLOWUP_WEEKLY_DAY: ' ' }).followUp).toEqual(DEFAULT_FOLLOW_UP_CONFIG);
  });

  // [env, the message naming the variable]
  it.each<[Record<string, string>, RegExp]>([
    [{ FOLLOWUP_REMIND_DAYS_BEFORE: 'soon' }, /FOLLOWUP_REMIND_DAYS_BEFORE: must be up to 5 different whole numbers of days from 0/],
    [{ FOLLOWUP_REMIND_DAYS_BEFORE: '3,3' }, /FOLLOWUP_REMIND_DAYS_BEFORE/],
    [{ FOLLOWUP_REMIND_DAYS_BEFORE: '61' }, /FOLLOWUP_REMIND_DAYS_BEFORE/],
    [{ FOLLOWUP_REMIND_DAYS_BEFORE: '-1' }, /FOLLOWUP_REMIND_DAYS_BEFORE/],
    [{ FOLLOWUP_REMIND_DAYS_BEFORE: '1,2,3,4,5,6' }, /FOLLOWUP_REMIND_DAYS_BEFORE/],
    [{ FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS: '0' }, /FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS: must be a whole number of working days from 1 to 20/],
    [{ FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS: '2.5' }, /FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS/],
    [{ FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS: '21' }, /FOLLOWUP_OVERDUE_EVERY_WORKING_DAYS/],
    [{ FOLLOWUP_ESCALATE_FROM_OVERDUE_NOTICE: 'never' }, /FOLLOWUP_ESCALATE_FROM_OVERDUE_NOTICE: must be a whole number from 1/],
    [{ FOLLOWUP_NOTICE_TIME: '9h' }, /FOLLOWUP_NOTICE_TIME: must be a time HH:mm/],
    [{ FOLLOWUP_WEEKLY_DAY: '8' }, /FOLLOWUP_WEEKLY_DAY: must be a weekday from 1 \(Monday\) to 7 \(Sunday\)/],
    [{ FOLLOWUP_WEEKLY_DAY: 'monday' }, /FOLLOWUP_WEEKLY_DAY/],
    [{ FOLLOWUP_WEEKLY_TIME: '25:00' }, /FOLLOWUP_WEEKLY_TIME: must be a time HH:mm/],
    [{ FOLLOWUP_EVALUATION_TIME: 'noon' }, /FOLLOWUP_EVALUATION_TIME: must be a time HH:mm/],
    // valid values that would silence the follow-up: said at start-up
    [{ FOLLOWUP_WEEKLY_DAY: '6' }, /FOLLOWUP_WEEKLY_DAY: 6 is a day without messages \(POLL_QUIET_DAYS\)/],
    [{ FOLLOWUP_NOTICE_TIME: '21:00' }, /FOLLOWUP_NOTICE_TIME: 21:00 is in the quiet hours \(POLL_QUIET_HOURS 20:00-08:00\)/],
    [{ FOLLOWUP_WEEKLY_TIME: '07:00' }, /FOLLOWUP_WEEKLY_TIME: 07:00 is in the quiet hours/],
    [{ POLL_QUIET_HOURS: '12:00-14:00', FOLLOWUP_EVALUATION_TIME: '13:00' }, /FOLLOWUP_EVALUATION_TIME: 13:00 is in the quiet hours \(POLL_QUIET_HOURS 12:00-14:00\)/],
  ])('stops the start on %p, naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('lists several wrong follow-up variables at once', () => {
    expect(() => loadConfig({ FOLLOWUP_WEEKLY_DAY: '0', FOLLOWUP_NOTICE_TIME: 'x' })).toThrow(/FOLLOWUP_NOTICE_TIME[\s\S]*FOLLOWUP_WEEKLY_DAY|FOLLOWUP_WEEKLY_DAY[\s\S]*FOLLOWUP_NOTICE_TIME/);
  });

  it('hands the job the configured schedule', async () => {
    const followUp = loadConfig({ FOLLOWUP_WEEKLY_DAY: '3', FOLLOWUP_WEEKLY_TIME: '11:00' }).followUp;
    // Wednesday 2 December 2026 10:59 and 11:00 Brussels
    expect(weeklyOverviewDue(new Date('2026-12-02T09:59:00Z'), new Date('2026-11-25T10:00:00Z'), followUp)).toBeNull();
    expect(weeklyOverviewDue(new Date('2026-12-02T10:00:00Z'), new Date('2026-11-25T10:00:00Z'), followUp)?.key).toBe('weekly-overview:2026-W49');
  });
});
