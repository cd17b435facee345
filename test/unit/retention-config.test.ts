import { ConfigError, loadConfig } from '../../config/config';
import { DEFAULT_RETENTION_DAYS } from '../../domain/case/retention';

describe('retention configuration', () => {
  it('keeps personal data two years by default', () => {
    const c = loadConfig({});
    expect(c.retentionDays).toBe(DEFAULT_RETENTION_DAYS);
    expect(c.retentionDays).toBe(730);
  });

  it.each<[Record<string, string>, number]>([
    [{ RETENTION_DAYS: '365' }, 365],
    [{ RETENTION_DAYS: '1' }, 1],
    [{ RETENTION_DAYS: ' ' }, 730],
  ])('reads %p', (env, days) => {
    expect(loadConfig(env).retentionDays).toBe(days);
  });

  it.each<[Record<string, string>, RegExp]>([
    [{ RETENTION_DAYS: '0' }, /RETENTION_DAYS: must be a whole number of days from 1 to 36500 \(got "0"\)/],
    [{ RETENTION_DAYS: '1.5' }, /RETENTION_DAYS/],
    [{ RETENTION_DAYS: 'two years' }, /RETENTION_DAYS/],
    [{ RETENTION_DAYS: '36501' }, /RETENTION_DAYS/],
  ])('stops on %p naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
