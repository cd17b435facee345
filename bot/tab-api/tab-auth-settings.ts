import { microsoftKeySet } from './key-sets';
import type { KeySet, TabAuthSettings } from './tab-token';

/** The delegated scope the Entra app exposes for Teams SSO (README: "Expose an API"). */
export const TAB_SCOPE = 'access_as_user';

export interface TabAuthInput {
  /** The bot's Entra app id (MicrosoftAppId); the tab's SSO uses the same app. */
  appId: string;
  /** The public host name the tab is served from (BOT_HOST), e.g. mko.example.org. */
  botHost: string | null;
  allowedTenantIds: readonly string[];
  /** Defaults to Microsoft's key set; tests and local development pass a local one. */
  keys?: KeySet;
}

/** How the tab API checks tokens in a deployment with an app id. */
export function makeTabAuthSettings(input: TabAuthInput): TabAuthSettings {
  if (input.allowedTenantIds.length === 0) {
    throw new Error('The tab API needs at least one allowed tenant id (ALLOWED_TENANT_IDS)');
  }
  const audiences = [input.appId];
  if (input.botHost) audiences.push(`api://${input.botHost}/${input.appId}`);
  return {
    keys: input.keys ?? microsoftKeySet(),
    audiences,
    allowedTenantIds: [...input.allowedTenantIds],
    scope: TAB_SCOPE,
  };
}
