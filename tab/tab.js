/*
 * The MKO personal tab: the signed-in user's cases (organised, invited to, requested), the polls
 * waiting for their answer, their agreed actions, and for coordinators a dashboard of the figures.
 *
 * In Teams it signs in with Teams SSO (authentication.getAuthToken) and follows the Teams theme
 * and language. Outside Teams (local testing, not framed) it takes a token from the address:
 *   /tab/index.html#token=<jwt>&lang=nl&theme=dark&view=actions
 * (view=requests, the section's earlier name, still opens "My cases").
 * The token is removed from the address as soon as it is read.
 *
 * Every text comes from tab-texts.js or, for what the cards also say (answers, statuses, refusals),
 * from the API in the bot's own words; data is put on the page as text, never as HTML.
 */
'use strict';
(function () {
  const TEXTS = window.MKO_TAB_TEXTS;
  const CHARTS = window.MKO_TAB_CHARTS;
  const THEMES = ['default', 'dark', 'contrast'];
  const VIEWS = ['cases', 'polls', 'actions', 'dashboard'];
  /** Earlier names of a view, so that a saved link still opens it. */
  const VIEW_ALIASES = { requests: 'cases' };
  /** The caller's role on a case, as the list names it. */
  const ROLE_TEXTS = { organiser: 'role.organiser', referent: 'role.referent', participant: 'role.participant' };
  /** How long to wait for a Teams host to answer before saying the page is not in Teams. */
  const HOST_TIMEOUT_MS = 5000;

  let lang = 'en';
  let errorKey = null;
  let token = null;
  let coordinator = false;
  let view = 'cases';
  let dashboardYear = 'all';

  const byId = (id) => document.getElementById(id);

  function pickLanguage(locale) {
    const primary = String(locale || '').trim().toLowerCase().split(/[-_]/)[0];
    return primary === 'nl' || primary === 'fr' ? primary : 'en';
  }

  function text(key, params) {
    const template = TEXTS[lang][key] ?? TEXTS.en[key] ?? key;
    return template.replace(/\{(\w+)\}/g, (whole, name) => (params && name in params ? String(params[name]) : whole));
  }

  function el(name, className, content) {
    const node = document.createElement(name);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
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
      'nav-cases': 'nav.cases',
      'cases-title': 'cases.title',
      'cases-none': 'cases.none',
      'nav-polls': 'nav.polls',
      'nav-actions': 'nav.actions',
      'nav-dashboard': 'nav.dashboard',
      'requests-title': 'requests.title',
      'requests-none': 'requests.none',
      'col-reference': 'col.reference',
      'col-person': 'col.person',
      'col-status': 'col.status',
      'col-submitted': 'col.submitted',
      'drafts-title': 'drafts.title',
      'drafts-hint': 'drafts.hint',
      'polls-title': 'polls.title',
      'polls-intro': 'polls.intro',
      'polls-none': 'polls.none',
      'actions-title': 'actions.title',
      'actions-none': 'actions.none',
      'dash-year-label': 'dash.year',
    };
    for (const [id, key] of Object.entries(fixed)) byId(id).textContent = text(key);
    byId('tablist').setAttribute('aria-label', text('nav.label'));
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
    byId('nav').hidden = true;
    for (const v of VIEWS) byId(`panel-${v}`).hidden = true;
    byId('cases').hidden = true;
    byId('requests').hidden = true;
    byId('drafts').hidden = true;
    setState('error');
  }

  function readHash() {
    const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
    const found = params.get('token');
    if (found) window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return { token: found, lang: params.get('lang'), theme: params.get('theme'), view: params.get('view') };
  }

  function withTimeout(promise, ms) {
    return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))]);
  }

  /** Signs in: a token from the address outside Teams, else Teams SSO. Answers null after showing why not. */
  async function signIn() {
    const hash = readHash();
    const asked = VIEW_ALIASES[hash.view] || hash.view;
    if (VIEWS.includes(asked)) view = asked;
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

  /** A failed call: what went wrong, as a text key for the page-wide error. */
  class ApiError extends Error {
    constructor(key, status, body) {
      super(key);
      this.key = key;
      this.status = status;
      this.body = body;
    }
  }

  async function call(path, options) {
    const sep = path.includes('?') ? '&' : '?';
    let response;
    try {
      response = await fetch(`${path}${sep}lang=${lang}`, {
        method: options && options.body ? 'POST' : 'GET',
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(options && options.body ? { 'Content-Type': 'application/json' } : {}),
        },
        body: options && options.body ? JSON.stringify(options.body) : undefined,
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new ApiError('error.network', 0, null);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (response.ok && body) return body;
    const code = body && body.error;
    if (ERROR_BY_CODE[code]) throw new ApiError(ERROR_BY_CODE[code], response.status, body);
    if (response.status === 401) throw new ApiError('error.unauthorized', 401, body);
    if (response.status === 403 && !(body && body.message && code !== 'forbidden')) throw new ApiError('error.forbidden', 403, body);
    if (response.status >= 500 || !body) throw new ApiError('error.server', response.status, body);
    // a refusal of one answer (a date in the past, not yours, changed meanwhile): its own message
    throw new ApiError('error.refused', response.status, body);
  }

  /** Whether a failed answer is about the whole page (sign-in, server down) rather than this one answer. */
  const isPageWide = (err) => !(err instanceof ApiError) || ['error.expired', 'error.unauthorized', 'error.notConfigured'].includes(err.key) || (err.key === 'error.forbidden' && err.body && err.body.error === 'tenant_not_allowed');

  async function load() {
    setState('loading');
    byId('error').hidden = true;
    errorKey = null;
    try {
      const [me, cases, polls, actions] = await Promise.all([call('/api/tab/me'), call('/api/tab/me/cases'), call('/api/tab/me/polls'), call('/api/tab/me/actions')]);
      coordinator = me.coordinator === true;
      renderCases(cases);
      renderRequests(cases);
      renderPolls(polls);
      renderActions(actions);
      if (coordinator) renderDashboard(await call(dashboardPath()));
    } catch (err) {
      showError(err instanceof ApiError ? err.key : 'error.server');
      return;
    }
    byId('tab-dashboard').hidden = !coordinator;
    if (view === 'dashboard' && !coordinator) view = 'cases';
    byId('nav').hidden = false;
    showView(view, false);
    setState('ready');
  }

  // ---------------------------------------------------------------------------------------------
  // Navigation: the ARIA tabs pattern (arrow keys move between tabs, one tab in the tab order)

  function visibleTabs() {
    return VIEWS.map((v) => byId(`tab-${v}`)).filter((b) => !b.hidden);
  }

  function showView(next, focus) {
    view = next;
    for (const v of VIEWS) {
      const tab = byId(`tab-${v}`);
      const selected = v === next;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      byId(`panel-${v}`).hidden = !selected;
    }
    document.body.dataset.view = next;
    if (focus) byId(`tab-${next}`).focus();
  }

  function wireNavigation() {
    for (const v of VIEWS) byId(`tab-${v}`).addEventListener('click', () => showView(v, false));
    byId('tablist').addEventListener('keydown', (event) => {
      const tabs = visibleTabs();
      const at = tabs.indexOf(document.activeElement);
      if (at < 0) return;
      let next = null;
      if (event.key === 'ArrowRight') next = tabs[(at + 1) % tabs.length];
      else if (event.key === 'ArrowLeft') next = tabs[(at - 1 + tabs.length) % tabs.length];
      else if (event.key === 'Home') next = tabs[0];
      else if (event.key === 'End') next = tabs[tabs.length - 1];
      if (!next) return;
      event.preventDefault();
      showView(next.dataset.view, true);
    });
  }

  function setCount(id, count) {
    const badge = byId(id);
    badge.textContent = count > 0 ? text('nav.count', { count }) : '';
    badge.hidden = count === 0;
  }

  /** The line under an answer: what was saved, or why not (role=status, so it is read out). */
  function showResult(node, message, ok) {
    node.textContent = message;
    node.classList.toggle('ok', ok);
    node.classList.toggle('bad', !ok);
  }

  // ---------------------------------------------------------------------------------------------
  // My cases: those the user organises or is invited to, then their own requests

  let caseSeq = 0;

  function renderCases(data) {
    const cases = data.cases || [];
    byId('cases-list').replaceChildren(...cases.map(caseArticle));
    byId('cases-none').hidden = cases.length !== 0;
    byId('cases').hidden = false;
  }

  /** One case: who it is about (pseudonym only), the user's role, its status, and what comes next. */
  function caseArticle(c) {
    const article = el('article', 'item my-case');
    article.dataset.role = c.role;
    const heading = el('h3', '', `${c.reference} · ${c.pseudonym}`);
    heading.id = `my-case-${++caseSeq}-title`;
    article.setAttribute('aria-labelledby', heading.id);
    const tags = el('p', 'case-tags');
    tags.append(el('span', `badge role role-${c.role}`, text(ROLE_TEXTS[c.role] || 'role.participant')), el('span', `status status-${c.status}`, c.statusLabel));
    article.append(heading, tags);
    const next = [];
    if (c.meeting) next.push(dated('cases.meeting', c.meeting));
    if (c.pollUntil) next.push(dated('cases.pollUntil', c.pollUntil));
    if (c.openActions > 0) next.push(el('span', '', c.openActions === 1 ? text('cases.actions.one') : text('cases.actions.many', { count: c.openActions })));
    if (next.length > 0) {
      const line = el('p', 'subtle case-next');
      next.forEach((part, i) => line.append(...(i > 0 ? [document.createTextNode(' · ')] : []), part));
      article.appendChild(line);
    }
    return article;
  }

  /** "Meeting: {date}" with the date as a <time>, its instant machine-readable. */
  function dated(key, when) {
    const span = el('span');
    const [before, after] = text(key).split('{date}');
    const time = el('time', '', when.text);
    time.dateTime = when.at;
    span.append(document.createTextNode(before || ''), time, document.createTextNode(after || ''));
    return span;
  }

  function cell(row, value, label) {
    const td = el('td', '', value);
    td.dataset.label = label;
    row.appendChild(td);
    return td;
  }

  function renderRequests(data) {
    const rows = byId('requests-rows');
    rows.replaceChildren();
    for (const r of data.requests) {
      const tr = el('tr');
      cell(tr, r.reference, text('col.reference')).className = 'reference';
      cell(tr, r.pseudonym, text('col.person'));
      const status = cell(tr, '', text('col.status'));
      status.appendChild(el('span', `status status-${r.status}`, r.statusLabel));
      const submitted = cell(tr, '', text('col.submitted'));
      const time = el('time', '', r.submittedText);
      time.dateTime = r.submittedAt;
      submitted.appendChild(time);
      rows.appendChild(tr);
    }
    byId('requests-table').hidden = data.requests.length === 0;
    byId('requests-none').hidden = data.requests.length !== 0;
    byId('requests').hidden = false;

    const count = data.drafts.count;
    byId('drafts-count').textContent = count === 0 ? text('drafts.none') : count === 1 ? text('drafts.one') : text('drafts.many', { count });
    const list = byId('drafts-list');
    list.replaceChildren();
    for (const d of data.drafts.items) list.appendChild(el('li', '', text('drafts.item', { step: d.stepLabel, date: d.updatedText })));
    byId('drafts-hint').hidden = count === 0;
    byId('drafts').hidden = false;
  }

  // ---------------------------------------------------------------------------------------------
  // Polls waiting for my answer

  let pollChoices = [];
  let pollSeq = 0;

  function renderPolls(data) {
    pollChoices = data.choices;
    const list = byId('polls-list');
    list.replaceChildren(...data.polls.map(pollArticle));
    byId('polls-none').hidden = data.polls.length !== 0;
    countPolls();
  }

  function countPolls() {
    setCount('count-polls', document.querySelectorAll('#polls-list article[data-waiting="true"]').length);
  }

  function pollArticle(poll) {
    const n = ++pollSeq;
    const article = el('article', 'item poll');
    article.dataset.pollId = poll.pollId;
    article.dataset.waiting = String(poll.waiting);
    const heading = el('h3', '', `${poll.reference} · ${poll.pseudonym}`);
    heading.id = `poll-${n}-title`;
    article.setAttribute('aria-labelledby', heading.id);
    article.appendChild(heading);
    article.appendChild(el('p', `badge ${poll.waiting ? 'badge-waiting' : 'badge-done'}`, text(poll.waiting ? 'polls.waiting' : 'polls.answered')));
    article.appendChild(el('p', '', text('polls.goal', { goal: poll.goal })));
    article.appendChild(el('p', 'subtle', `${text('polls.deadline', { date: poll.deadlineText })} · ${text('polls.organiser', { name: poll.organiser })}`));

    const form = el('form', 'poll-form');
    form.noValidate = true;
    poll.slots.forEach((slot, i) => {
      const fieldset = el('fieldset', 'slot');
      fieldset.dataset.slotId = slot.slotId;
      const legend = el('legend');
      legend.append(el('span', 'slot-when', slot.text), el('span', 'slot-place', slot.place));
      fieldset.appendChild(legend);
      const choices = el('div', 'choices');
      for (const choice of pollChoices) {
        const id = `poll-${n}-${i}-${choice.value}`;
        const input = el('input');
        input.type = 'radio';
        input.name = `poll-${n}-${i}`;
        input.id = id;
        input.value = choice.value;
        input.checked = slot.answer === choice.value;
        const label = el('label', `choice choice-${choice.value}`);
        label.htmlFor = id;
        label.append(input, document.createTextNode(choice.label));
        choices.appendChild(label);
      }
      fieldset.appendChild(choices);
      fieldset.appendChild(el('p', 'subtle slot-answer', slot.answerText));
      form.appendChild(fieldset);
    });
    const save = el('button', 'save', text('polls.save'));
    save.type = 'submit';
    const result = el('p', 'result');
    result.setAttribute('role', 'status');
    form.append(save, result);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      submitPoll(poll.pollId, form, save, result, article);
    });
    article.appendChild(form);
    return article;
  }

  async function submitPoll(pollId, form, save, result, article) {
    const answers = [];
    for (const fieldset of form.querySelectorAll('fieldset.slot')) {
      const picked = fieldset.querySelector('input[type="radio"]:checked');
      if (picked) answers.push({ slotId: fieldset.dataset.slotId, answer: picked.value });
    }
    if (answers.length === 0) {
      showResult(result, text('polls.chooseOne'), false);
      return;
    }
    save.disabled = true;
    showResult(result, text('saving'), true);
    try {
      const saved = await call('/api/tab/me/polls/answers', { body: { pollId, answers } });
      const fresh = pollArticle(saved.poll);
      article.replaceWith(fresh);
      showResult(fresh.querySelector('.result'), saved.message, true);
      countPolls();
    } catch (err) {
      if (isPageWide(err)) return showError(err.key || 'error.server');
      showResult(result, err.body && err.body.message ? err.body.message : text(err.key), false);
      save.disabled = false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // My actions

  /** What each answer asks for before it is sent; "done" needs nothing. */
  const ANSWER_FORMS = {
    not_done_yet: { field: 'newDueDate', type: 'date', label: 'actions.newDate', required: true },
    blocked: { field: 'reason', type: 'textarea', label: 'actions.why', required: true },
    not_mine: { field: 'reason', type: 'textarea', label: 'actions.whyNotMine', required: false },
  };
  let actionSeq = 0;

  function renderActions(data) {
    const list = byId('actions-list');
    list.replaceChildren(...data.cases.map(actionGroup));
    byId('actions-none').hidden = data.cases.length !== 0;
    countActions();
  }

  function countActions() {
    setCount('count-actions', document.querySelectorAll('#actions-list li.action[data-answerable="true"]').length);
  }

  function actionGroup(group) {
    const article = el('article', 'item action-case');
    article.dataset.caseId = group.caseId;
    const heading = el('h3', '', `${group.reference} · ${group.pseudonym}`);
    heading.id = `case-${++actionSeq}-title`;
    article.setAttribute('aria-labelledby', heading.id);
    article.append(heading, el('p', 'subtle', text(group.scope === 'all' ? 'actions.scope.all' : 'actions.scope.own')));
    const list = el('ul', 'action-list');
    for (const action of group.actions) list.appendChild(actionItem(group, action));
    article.appendChild(list);
    return article;
  }

  function actionItem(group, action) {
    const n = ++actionSeq;
    const li = el('li', 'action');
    li.dataset.actionId = action.actionId;
    li.dataset.answerable = String(action.answers.length > 0);
    li.appendChild(el('p', 'action-what', `${action.n}. ${action.what}`));
    const meta = el('p', 'subtle action-meta', `${text('actions.owner', { owner: action.owner })} · ${text('actions.due', { date: action.dueText })} · `);
    meta.appendChild(el('span', `status status-${action.status}`, action.statusLabel));
    li.appendChild(meta);
    if (action.lastAnswer) li.appendChild(el('p', 'subtle', action.lastAnswer));
    const result = el('p', 'result');
    result.setAttribute('role', 'status');
    if (action.answers.length === 0) {
      li.append(el('p', 'subtle', text('actions.waitingOrganiser')), result);
      return li;
    }
    const buttons = el('div', 'answer-buttons');
    const form = el('form', 'answer-form');
    form.hidden = true;
    form.noValidate = true;
    for (const answer of action.answers) {
      const button = el('button', `answer answer-${answer.value}`, answer.label);
      button.type = 'button';
      button.dataset.answer = answer.value;
      button.addEventListener('click', () => {
        const needs = ANSWER_FORMS[answer.value];
        if (!needs) return sendAction(group, action, { answer: answer.value }, li, result);
        openAnswerForm(form, `${n}`, answer, needs, (value) => sendAction(group, action, { answer: answer.value, [needs.field]: value }, li, result), result);
      });
      buttons.appendChild(button);
    }
    li.append(buttons, form, result);
    return li;
  }

  function openAnswerForm(form, n, answer, needs, send, result) {
    const id = `action-${n}-${needs.field}`;
    const label = el('label', '', text(needs.label));
    label.htmlFor = id;
    const input = el(needs.type === 'textarea' ? 'textarea' : 'input');
    input.id = id;
    input.name = needs.field;
    if (needs.type === 'date') input.type = 'date';
    else input.rows = 2;
    input.maxLength = needs.type === 'date' ? 10 : 500;
    if (needs.required) input.required = true;
    const submit = el('button', 'send', `${answer.label} — ${text('actions.send')}`);
    submit.type = 'submit';
    const cancel = el('button', 'secondary', text('actions.cancel'));
    cancel.type = 'button';
    cancel.addEventListener('click', () => {
      form.hidden = true;
      form.replaceChildren();
    });
    const row = el('div', 'form-buttons');
    row.append(submit, cancel);
    form.replaceChildren(label, input, row);
    form.onsubmit = (event) => {
      event.preventDefault();
      const value = input.value.trim();
      if (needs.required && !value) {
        showResult(result, text('actions.fillIn', { field: text(needs.label) }), false);
        input.focus();
        return;
      }
      send(value);
    };
    form.hidden = false;
    input.focus();
  }

  async function sendAction(group, action, answer, li, result) {
    for (const b of li.querySelectorAll('button')) b.disabled = true;
    showResult(result, text('saving'), true);
    try {
      const saved = await call('/api/tab/me/actions/answers', { body: { caseId: group.caseId, actionId: action.actionId, ...answer } });
      const article = li.closest('article');
      const fresh = saved.group ? actionGroup(saved.group) : null;
      if (fresh) article.replaceWith(fresh);
      else article.remove();
      const target = fresh && fresh.querySelector(`li[data-action-id="${CSS.escape(action.actionId)}"] .result`);
      // a done action leaves the list: the confirmation goes under the section's title instead
      showResult(byId('actions-status'), target ? '' : saved.message, true);
      if (target) showResult(target, saved.message, true);
      byId('actions-none').hidden = byId('actions-list').children.length !== 0;
      countActions();
    } catch (err) {
      if (isPageWide(err)) return showError(err.key || 'error.server');
      showResult(result, err.body && err.body.message ? err.body.message : text(err.key), false);
      for (const b of li.querySelectorAll('button')) b.disabled = false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Dashboard (coordinators)

  function dashboardPath() {
    return `/api/tab/me/dashboard?year=${encodeURIComponent(dashboardYear)}`;
  }

  function renderDashboard(data) {
    byId('dash-title').textContent = data.title;
    byId('dash-generated').textContent = data.generated;
    const select = byId('dash-year');
    const options = [{ value: 'all', label: text('dash.allYears') }, ...data.years.map((y) => ({ value: String(y.year), label: String(y.year) }))];
    select.replaceChildren(
      ...options.map((o) => {
        const option = el('option', '', o.label);
        option.value = o.value;
        option.selected = o.value === dashboardYear;
        return option;
      }),
    );
    select.onchange = () => changeYear(select.value);
    const totals = byId('dash-totals');
    totals.replaceChildren();
    for (const total of data.totals) {
      const box = el('div', 'total');
      box.dataset.total = total.id;
      box.append(el('dt', '', total.label), el('dd', '', String(total.count)));
      totals.appendChild(box);
    }
    const charts = byId('dash-charts');
    charts.replaceChildren(...data.charts.map((c) => CHARTS.barChart(c, text('dash.none'))), CHARTS.yearsChart(text('dash.byYear'), data.years, data.outcomes, text('dash.none')));
    byId('dash-csv').hidden = !data.csv;
    if (data.csv) {
      byId('dash-csv-link').href = data.csv.url;
      byId('dash-csv-link').textContent = data.csv.label;
      byId('dash-csv-note').textContent = data.csv.note;
    }
  }

  async function changeYear(year) {
    dashboardYear = year;
    const status = byId('dash-status');
    showResult(status, text('loading.dashboard'), true);
    try {
      renderDashboard(await call(dashboardPath()));
      showResult(status, '', true);
    } catch (err) {
      if (isPageWide(err)) return showError(err.key || 'error.server');
      showResult(status, err.body && err.body.message ? err.body.message : text(err.key), false);
    }
  }

  async function start() {
    setState('loading');
    applyTexts();
    wireNavigation();
    token = await signIn();
    if (!token) return;
    byId('retry').onclick = () => load();
    await load();
  }

  start();
})();
