import { randomUUID } from 'node:crypto';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import type { Clock, IdGenerator, Stores } from '../../domain/ports';
import { makeTranslator } from '../../adaptive-cards/i18n';
import type { FiguresCsvRequest } from '../app-services';
import type { TabAuthSettings } from './tab-token';
import { readMyRequests } from './my-requests';
import { readMyInvolvedCases } from './my-cases';
import { answerMyPoll, pollAnswerBodySchema, readMyPolls } from './my-polls';
import { actionAnswerBodySchema, answerMyAction, readMyActions } from './my-actions';
import { readDashboard, readDashboardYear } from './dashboard';
import { readJsonBody, registerTabErrorShape, registerTabRoute, TabRefusal } from './tab-http';

export interface TabApiDeps {
  stores: Stores;
  clock: Clock;
  logger: Logger;
  /** Null when the tab's sign-in is not configured (no app id and no local key set): the API answers 503. */
  auth: TabAuthSettings | null;
  /** Entra object ids of the coordinators (COORDINATOR_IDS), the same list the bot checks; default none. */
  coordinatorIds?: ReadonlySet<string>;
  ids?: IdGenerator;
  /** Wakes the outbox for what an answer queued (the thread summary); without it the next tick sends it. */
  kickOutbox?: () => void;
  /** The figures CSV link the coordinator card offers (bot/figures-export.ts); absent: no link on the dashboard. */
  figuresCsvLink?: (request: FiguresCsvRequest, now: Date) => string;
}

export const MY_CASES_PATH = '/api/tab/me/cases';
export const ME_PATH = '/api/tab/me';
export const MY_POLLS_PATH = '/api/tab/me/polls';
export const POLL_ANSWERS_PATH = '/api/tab/me/polls/answers';
export const MY_ACTIONS_PATH = '/api/tab/me/actions';
export const ACTION_ANSWERS_PATH = '/api/tab/me/actions/answers';
export const DASHBOARD_PATH = '/api/tab/me/dashboard';

/**
 * The personal tab's JSON API. Every request is treated as hostile: no token, a bad one or a
 * foreign tenant gets 401 / 403 and no data; malformed input gets 400 with a message saying what
 * is wrong. A user only ever sees what they own or are invited to, and changes go through the same
 * use cases as the cards' verbs.
 */
export function registerTabApi(server: Server, deps: TabApiDeps): void {
  const coordinatorIds = deps.coordinatorIds ?? new Set<string>();
  const ids = deps.ids ?? { newId: () => randomUUID() };
  const isCoordinator = (userId: string) => coordinatorIds.has(userId);
  const pollDeps = { stores: deps.stores, ids };
  const reportDeps = { stores: deps.stores, ids };
  const kick = () => deps.kickOutbox?.();
  registerTabErrorShape(server);

  registerTabRoute(server, ME_PATH, 'me', deps, { method: 'get' }, async ({ user, lang }) => ({
    body: { language: lang, coordinator: isCoordinator(user.userId) },
  }));

  // "My cases": the ones the caller organises or is invited to, then their own requests and drafts
  registerTabRoute(server, MY_CASES_PATH, 'my_cases', deps, { method: 'get' }, async ({ user, lang, now }) => {
    const actor = { userId: user.userId, isCoordinator: isCoordinator(user.userId) };
    const [involved, requests] = await Promise.all([readMyInvolvedCases(deps.stores, actor, lang), readMyRequests(deps.stores, user.userId, lang, now)]);
    return {
      body: { ...requests, cases: involved.cases },
      log: { cases: involved.cases.length, requests: requests.requests.length, drafts: requests.drafts.count },
    };
  });

  registerTabRoute(server, MY_POLLS_PATH, 'my_polls', deps, { method: 'get' }, async ({ user, lang, now }) => {
    const result = await readMyPolls(pollDeps, user.userId, lang, now);
    return { body: result, log: { polls: result.polls.length } };
  });

  registerTabRoute(server, POLL_ANSWERS_PATH, 'poll_answer', deps, { method: 'post' }, async ({ user, lang, now, req }) => {
    const body = readJsonBody(req, pollAnswerBodySchema);
    const result = await answerMyPoll(pollDeps, user.userId, body, lang, now);
    kick();
    return { body: result, log: { answers: body.answers.length } };
  });

  registerTabRoute(server, MY_ACTIONS_PATH, 'my_actions', deps, { method: 'get' }, async ({ user, lang, now }) => {
    const result = await readMyActions(reportDeps, user.userId, lang, now);
    return { body: result, log: { cases: result.cases.length, actions: result.count } };
  });

  registerTabRoute(server, ACTION_ANSWERS_PATH, 'action_answer', deps, { method: 'post' }, async ({ user, lang, now, req }) => {
    const body = readJsonBody(req, actionAnswerBodySchema);
    const result = await answerMyAction(reportDeps, user.userId, body, lang, now);
    kick();
    return { body: result, log: { answer: body.answer } };
  });

  registerTabRoute(server, DASHBOARD_PATH, 'dashboard', deps, { method: 'get', query: ['year'] }, async ({ user, lang, now, query }) => {
    // asked first, so that someone else learns nothing, not even whether the year is well formed
    if (!isCoordinator(user.userId)) throw new TabRefusal(403, 'access.denied', makeTranslator(lang)('error.accessDenied'));
    const year = readDashboardYear(query.get('year'));
    const result = await readDashboard({ stores: deps.stores }, { userId: user.userId, isCoordinator: true }, year, lang, now, deps.figuresCsvLink);
    return { body: result, log: { years: result.years.length } };
  });
}
