import path from 'node:path';
import type { Stores } from '../../domain/ports';
import { runFollowUp } from '../../domain/followup/followup-use-cases';
import { BOT, CASES_CHANNEL, TENANT } from '../support/bot-harness';
import { FakeConnector } from '../support/fake-connector';
import { ChildBot } from './child-bot';
import { insertFollowUps } from './followup-fixtures';

/**
 * An hour of the jobs in simulated time (fast-clock.ts), run by one or more bot processes over one
 * store: the follow-up of 100 cases, 50 of which have their 10 actions come due in that hour (their
 * "3 days before" reminder at 09:00 Brussels), with every recipient's chat known and the fake Bot
 * Connector counting what arrives in each chat. A case's actions due the same day make one card per
 * person (domain/followup/coalesce.ts): 100 cards and 100 weekly overviews.
 */
/** Tuesday 24 November 2026, 08:45 Brussels: the 09:00, 09:15, 09:30 and 09:45 ticks fall in the hour. */
export const HOUR_START = new Date('2026-11-24T07:45:00Z');
const HOUR_MS = 3_600_000;
/** Simulated ms per real ms: the hour takes a minute. */
export const SPEED = 60;
const TOTAL_ACTIONS = 1000;
const DUE_ACTIONS = 500;
const fastClock = path.join(__dirname, 'fast-clock.js');

export async function seedFollowUps(stores: Stores, connectorUrl: string): Promise<void> {
  await insertFollowUps(stores, TOTAL_ACTIONS, DUE_ACTIONS);
  await stores.settings.setCasesChannel({ teamId: '19:team@thread.tacv2', channelId: CASES_CHANNEL, tenantId: TENANT, serviceUrl: connectorUrl, botId: BOT.id, locale: 'en-US', setBy: 'seed', setAt: HOUR_START });
  const users = new Set((await stores.cases.listAll()).flatMap((c) => c.preparation.network.map((e) => e.userId)).filter((u): u is string => u !== null));
  for (const userId of users) {
    await stores.conversations.upsert({ userId, tenantId: TENANT, serviceUrl: connectorUrl, conversationId: chatOf(userId), channelId: 'msteams', botId: BOT.id, botName: BOT.name, locale: 'en-US', updatedAt: HOUR_START });
  }
}

export const chatOf = (userId: string) => `a:personal-${userId}`;

/** What a single tick at 09:00 queues on a store seeded as above: every notice the hour owes. */
export async function countOwedNotices(stores: Stores): Promise<number> {
  const run = await runFollowUp({ stores }, new Date(HOUR_START.getTime() + 15 * 60_000));
  return run.reminders + run.overdue + run.escalations + run.weekly + run.evaluations + run.evaluationReminders + run.evaluationEscalations;
}

export interface HourOutcome {
  connector: FakeConnector;
  /** The follow-up job's log lines of each process, parsed. */
  followUpRuns: Record<string, number>[][];
  exitCodes: (number | null)[];
  outputs: string[];
}

/** Starts `processes` bots on one simulated clock, lets an hour pass, stops them gracefully (SIGTERM). */
export async function runHour(processes: number, connector: FakeConnector, start: (i: number) => { dataDir: string; env: Record<string, string> }): Promise<HourOutcome> {
  // simulated time starts a little after now, so that every process is up before the first tick
  const anchor = Date.now() + 3_000;
  const clockEnv = { NODE_OPTIONS: `--require ${fastClock}`, CRASH_CLOCK_SPEED: String(SPEED), CRASH_CLOCK_START: HOUR_START.toISOString(), CRASH_CLOCK_ANCHOR_MS: String(anchor), LOG_LEVEL: 'info', OUTBOX_INTERVAL_MS: '50' };
  const bots: ChildBot[] = [];
  let exits: { code: number | null }[] = [];
  try {
    for (let i = 0; i < processes; i++) {
      const { dataDir, env } = start(i);
      bots.push(await ChildBot.start({ dataDir, env: { ...clockEnv, ...env }, readyTimeoutMs: 30_000 }));
    }
    // the hour, and a simulated minute for the last tick's messages to go out
    const end = anchor + (HOUR_MS + 60_000) / SPEED;
    await new Promise((r) => setTimeout(r, Math.max(0, end - Date.now())));
  } finally {
    exits = await Promise.all(bots.map((b) => b.stop()));
  }
  return {
    connector,
    followUpRuns: bots.map((b) => readJobLines(b.output, 'followup')),
    exitCodes: exits.map((e) => e.code),
    outputs: bots.map((b) => b.output),
  };
}

function readJobLines(output: string, job: string): Record<string, number>[] {
  const runs: Record<string, number>[] = [];
  for (const line of output.split('\n')) {
    if (!line.startsWith('{')) continue;
    try {
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === 'job' && entry.job === job && entry.outcome === 'ok') runs.push(entry as Record<string, number>);
    } catch {
      // not a log line
    }
  }
  return runs;
}

/** Messages the connector received in users' 1:1 chats (direct cards), per chat. */
export function countDeliveries(connector: FakeConnector): Map<string, number> {
  const perChat = new Map<string, number>();
  for (const call of connector.calls) {
    // a proactive message is a send, or a reply when the SDK names an activity to answer
    if ((call.method !== 'send' && call.method !== 'reply') || !call.conversationId.startsWith('a:personal-')) continue;
    perChat.set(call.conversationId, (perChat.get(call.conversationId) ?? 0) + 1);
  }
  return perChat;
}
