import type { JWTPayload } from 'jose';
import { createLocalKeySet, makeTabAuthSettings, TAB_SCOPE, type LocalKeySet, type TabAuthSettings } from '../../bot/tab-api';
import { TENANT, type User } from '../support/bot-harness';

export const APP_ID = '5b0c7a3e-7d1e-4c58-9a51-0c1d2e3f4a5b';
export const BOT_HOST = 'mko.example.org';
export const FOREIGN_TENANT = '0d9e8f7a-1111-4222-8333-944455556666';

export interface TokenKit {
  keySet: LocalKeySet;
  auth: TabAuthSettings;
  /** A token like the one Teams SSO hands the tab (v1 issuer, `api://` audience), with overrides. */
  tokenFor(user: User, overrides?: JWTPayload, now?: Date): Promise<string>;
}

export async function makeTokenKit(): Promise<TokenKit> {
  const keySet = await createLocalKeySet();
  const auth = makeTabAuthSettings({ appId: APP_ID, botHost: BOT_HOST, allowedTenantIds: [TENANT], keys: keySet.keys });
  return {
    keySet,
    auth,
    tokenFor: (user, overrides = {}, now = new Date()) => {
      const iat = Math.floor(now.getTime() / 1000);
      return keySet.sign({
        aud: `api://${BOT_HOST}/${APP_ID}`,
        iss: `https://sts.windows.net/${TENANT}/`,
        iat,
        nbf: iat,
        exp: iat + 3600,
        tid: TENANT,
        oid: user.aadObjectId,
        scp: TAB_SCOPE,
        name: user.name,
        ver: '1.0',
        ...overrides,
      });
    },
  };
}
