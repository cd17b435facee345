import path from 'node:path';
import { ConfigError, loadConfig } from '../../config/config';

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
