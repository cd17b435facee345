/*
 * The MKO personal tab: lists the signed-in user's own requests.
 *
 * In Teams it signs in with Teams SSO (authentication.getAuthToken) and follows the Teams theme
 * and language. Outside Teams (local testing, not framed) it takes a token from the address:
 *   /tab/index.html#token=<jwt>&lang=nl&theme=dark
 * The token is removed from the address as soon as it is read.
 *
 * Every text comes from tab-texts.js; data from the API is put on the page as text, never as HTML.
 */
'use strict';
(function () {
  const TEXTS = window.MKO_TAB_TEXTS;
  const THEMES = ['default', 'dark', 'contrast'];
  /** How long to wait for a Teams host to answer before saying the page is not in Teams. */
  const HOST_TIMEOUT_MS = 5000;

  let lang = 'en';
  let errorKey = null;

  const byId = (id) => document.getElementById(id);

  function pickLanguage(locale) {
    const primary = String(locale || '').trim().toLowerCase().split(/[-_]/)[0];
    return primary === 'nl' || primary === 'fr' ? primary : 'en';
  }

  function text(key, params) {
    const template = TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole));
  }

  function applyTheme(theme) {
    document.body.dataset.theme = THEMES.includes(theme) ? theme : 'default';
  }

  function applyTexts() {
    document.documentElement.lang = lang;
    document.title = text('page.title');
    const fixed = {
      title: 'title',
      intro: 'intro',
      loading: 'loading',
      'error-title': 'error.title',
      retry: 'retry',
      'requests-title': 'requests.title',
      'requests-none': 'requests.none',
      'col-reference': 'col.reference',
      'col-person': 'col.person',
      'col-status': 'col.status',
      'col-submitted': 'col.submitted',
      'drafts-title': 'drafts.title',
      'drafts-hint': 'drafts.hint',
    };
    for (const [id, key] of Object.entries(fixed)) byId(id).textContent = text(key);
    if (errorKey) byId('error-text').textContent = text(errorKey);
  }

  function setState(state) {
    document.body.dataset.state = state;
    byId('loading').hidden = state !== 'loading';
  }

  /** Only a network or server failure is worth retrying as is; a refused sign-in needs the tab reopened. */
  const RETRYABLE = ['error.network', 'error.server'];

  function showError(key) {
    errorKey = key;
    byId('error-text').textContent = text(key);
    byId('retry').hidden = !RETRYABLE.includes(key);
    byId('error').hidden = false;
    byId('requests').hidden = true;
    byId('drafts').hidden = true;
    setState('error');
  }

  function readHash() {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const token = params.get('token');
    if (token) window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return { token, lang: params.get('lang'), theme: params.get('theme') };
  }

  function withTimeout(promise, ms) {
    return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
  }

  /** Signs in: a token from the address outside Teams, else Teams SSO. Answers null after showing why not. */
  async function signIn() {
    const hash = readHash();
    // a token in the address is for local testing only: inside a Teams frame, Teams SSO alone counts
    const topLevel = window.parent === window;
    if (hash.token && topLevel) {
      lang = pickLanguage(hash.lang || navigator.language);
      const prefersDark = window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
      applyTheme(hash.theme || (prefersDark ? 'dark' : 'default'));
      applyTexts();
      return hash.token;
    }
    lang = pickLanguage(navigator.language);
    applyTexts();
    const teams = window.microsoftTeams;
    try {
      await withTimeout(teams.app.initialize(), HOST_TIMEOUT_MS);
    } catch {
      showError('error.notInTeams');
      return null;
    }
    try {
      const context = await teams.app.getContext();
      lang = pickLanguage(context.app && context.app.locale);
      applyTheme(context.app && context.app.theme);
      applyTexts();
      teams.app.registerOnThemeChangeHandler(applyTheme);
      return await teams.authentication.getAuthToken();
    } catch {
      showError('error.signIn');
      return null;
    }
  }

  const ERROR_BY_CODE = {
    token_expired: 'error.expired',
    tenant_not_allowed: 'error.forbidden',
    not_configured: 'error.notConfigured',
  };

  async function load(token) {
    setState('loading');
    byId('error').hidden = true;
    errorKey = null;
    let response;
    try {
      response = await fetch(`/api/tab/me/cases?lang=${lang}`, {
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      showError('error.network');
      return;
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok || !body) {
      const code = body && body.error;
      if (ERROR_BY_CODE[code]) showError(ERROR_BY_CODE[code]);
      else if (response.status === 401) showError('error.unauthorized');
      else if (response.status === 403) showError('error.forbidden');
      else showError('error.server');
      return;
    }
    render(body);
    setState('ready');
  }

  function cell(row, value, label) {
    const td = document.createElement('td');
    td.textContent = value;
    td.dataset.label = label;
    row.appendChild(td);
    return td;
  }

  function render(data) {
    const rows = byId('requests-rows');
    rows.replaceChildren();
    for (const r of data.requests) {
      const tr = document.createElement('tr');
      cell(tr, r.reference, text('col.reference')).className = 'reference';
      cell(tr, r.pseudonym, text('col.person'));
      const status = cell(tr, '', text('col.status'));
      const badge = document.createElement('span');
      badge.className = `status status-${r.status}`;
      badge.textContent = r.statusLabel;
      status.appendChild(badge);
      const submitted = cell(tr, '', text('col.submitted'));
      const time = document.createElement('time');
      time.dateTime = r.submittedAt;
      time.textContent = r.submittedText;
      submitted.appendChild(time);
      rows.appendChild(tr);
    }
    byId('requests-table').hidden = data.requests.length === 0;
    byId('requests-none').hidden = data.requests.length !== 0;
    byId('requests').hidden = false;

    const count = data.drafts.count;
    byId('drafts-count').textContent =
      count === 0 ? text('drafts.none') : count === 1 ? text('drafts.one') : text('drafts.many', { count });
    const list = byId('drafts-list');
    list.replaceChildren();
    for (const d of data.drafts.items) {
      const li = document.createElement('li');
      li.textContent = text('drafts.item', { step: d.stepLabel, date: d.updatedText });
      list.appendChild(li);
    }
    byId('drafts-hint').hidden = count === 0;
    byId('drafts').hidden = false;
  }

  async function start() {
    setState('loading');
    applyTexts();
    const token = await signIn();
    if (!token) return;
    byId('retry').onclick = () => load(token);
    await load(token);
  }

  start();
})();
