/** The personal tab: its static page and its JSON API, both registered on the bot's restify server. */
export {
  registerTabApi,
  MY_CASES_PATH,
  ME_PATH,
  MY_POLLS_PATH,
  POLL_ANSWERS_PATH,
  MY_ACTIONS_PATH,
  ACTION_ANSWERS_PATH,
  DASHBOARD_PATH,
  type TabApiDeps,
} from './register-tab-api';
export { registerTabPage } from './register-tab-page';
export { makeTabAuthSettings, TAB_SCOPE } from './tab-auth-settings';
export { createLocalKeySet, microsoftKeySet, type LocalKeySet } from './key-sets';
export { MAX_TAB_BODY_BYTES } from './tab-http';
export type { TabAuthSettings, KeySet } from './tab-token';
