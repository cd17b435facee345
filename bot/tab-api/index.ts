/** The personal tab: its static page and its JSON API, both registered on the bot's restify server. */
export { registerTabApi, MY_CASES_PATH, type TabApiDeps } from './register-tab-api';
export { registerTabPage } from './register-tab-page';
export { makeTabAuthSettings, TAB_SCOPE } from './tab-auth-settings';
export { createLocalKeySet, microsoftKeySet, type LocalKeySet } from './key-sets';
export type { TabAuthSettings, KeySet } from './tab-token';
