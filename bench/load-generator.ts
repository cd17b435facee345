import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { percentile, round } from './bench-result';
import { requestText } from './http-client';

/**
 * A load generator for a bot's messaging endpoint: it POSTs Bot Framework activities (messages,
 * Action.Execute invokes) as Teams would, many at once, and reports how each was answered and how
 * long it took. The benchmark points it at the bot on loopback (bench/vote-bench.ts runs it in a
 * process of its own, as Teams' clients are not in the bot's process); it can as well be pointed at
 * a deployed bot, with a bearer token the bot accepts:
 *
 *   node dist/bench/load-generator.js --url https://bot.example.org/api/messages \
 *     --activities activities.json [--concurrency 50] [--repeat 3] [--token "$TOKEN"] [--json]
 *
 * activities.json holds an array of activities (or one per line). A deployed bot answers an invoke
 * in the HTTP response, but sends everything else to each activity's serviceUrl: use conversations
 * and a serviceUrl meant for testing. The token can also come from LOAD_BEARER_TOKEN.
 */
export interface LoadOptions {
  url: string;
  activities: readonly object[];
  /** At most this many requests in flight; default: all of them at once. */
  concurrency?: number;
  /** Send the whole list this many times. */
  repeat?: number;
  token?: string;
  timeoutMs?: number;
}

export interface LoadAnswer {
  index: number;
  status: number;
  ms: number;
  /** The answer was an Adaptive Card (what an Action.Execute invoke expects). */
  card: boolean;
  error?: string;
}

export interface LoadReport {
  sent: number;
  statuses: Record<string, number>;
  answeredWithACard: number;
  failed: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
  /** From the first request sent to the last answer received. */
  allAnsweredAfterMs: number;
  requestsPerSecond: number;
  answers: LoadAnswer[];
}

const CARD_TYPE = 'application/vnd.microsoft.card.adaptive';

/**
 * Sends the activities and measures each answer. As Teams' service does, the requests go over
 * kept-alive connections: first as many connections as requests may be in flight are opened (a GET
 * on each, whose answers are ignored), so the measured requests do not pay for connecting or for
 * the client's own start.
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const bodies = Array.from({ length: options.repeat ?? 1 }, () => options.activities.map((a) => Buffer.from(JSON.stringify(a)))).flat();
  const lanes = Math.max(1, Math.min(options.concurrency ?? bodies.length, bodies.length));
  const target = new URL(options.url);
  const agent = new (target.protocol === 'https:' ? https : http).Agent({ keepAlive: true, maxSockets: lanes });
  const timeoutMs = options.timeoutMs ?? 30_000;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  try {
    await Promise.all(Array.from({ length: lanes }, () => requestText(target, agent, 'GET', headers, null, timeoutMs).catch(() => undefined)));

    const answers: LoadAnswer[] = new Array(bodies.length);
    let next = 0;
    const sendOne = async (index: number): Promise<void> => {
      const t0 = performance.now();
      try {
        const { status, text } = await requestText(target, agent, 'POST', headers, bodies[index]!, timeoutMs);
        answers[index] = { index, status, ms: performance.now() - t0, card: isCardAnswer(text) };
      } catch (err) {
        answers[index] = { index, status: 0, ms: performance.now() - t0, card: false, error: err instanceof Error ? err.message : String(err) };
      }
    };
    const worker = async (): Promise<void> => {
      while (next < bodies.length) await sendOne(next++);
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: lanes }, worker));
    const allAnsweredAfterMs = performance.now() - started;
    return summarise(answers, allAnsweredAfterMs);
  } finally {
    agent.destroy();
  }
}

function summarise(answers: LoadAnswer[], allAnsweredAfterMs: number): LoadReport {
  const latencies = answers.map((a) => a.ms);
  const statuses: Record<string, number> = {};
  for (const a of answers) statuses[String(a.status)] = (statuses[String(a.status)] ?? 0) + 1;
  return {
    sent: answers.length,
    statuses,
    answeredWithACard: answers.filter((a) => a.card).length,
    failed: answers.filter((a) => a.status === 0 || a.status >= 400).length,
    p50Ms: round(percentile(latencies, 50), 1),
    p90Ms: round(percentile(latencies, 90), 1),
    p99Ms: round(percentile(latencies, 99), 1),
    maxMs: round(Math.max(...latencies), 1),
    allAnsweredAfterMs: round(allAnsweredAfterMs, 0),
    requestsPerSecond: round((answers.length / allAnsweredAfterMs) * 1000, 1),
    answers,
  };
}

function isCardAnswer(text: string): boolean {
  try {
    return (JSON.parse(text) as { type?: unknown } | null)?.type === CARD_TYPE;
  } catch {
    return false;
  }
}

/** An array of activities, or one JSON activity per line. */
export function readActivities(file: string): object[] {
  const text = fs.readFileSync(file, 'utf8').trim();
  const parsed: unknown = text.startsWith('[') ? JSON.parse(text) : text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  if (!Array.isArray(parsed) || parsed.some((a) => typeof a !== 'object' || a === null || Array.isArray(a))) {
    throw new Error(`${file}: expected an array of activities (JSON objects) or one activity per line`);
  }
  return parsed as object[];
}

const USAGE = 'usage: load-generator --url URL --activities FILE [--concurrency N] [--repeat N] [--token TOKEN] [--timeout-ms N] [--json]';

function readArguments(argv: readonly string[]): LoadOptions & { json: boolean } {
  const values = new Map<string, string>();
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    if (name === '--json') json = true;
    else if (['--url', '--activities', '--concurrency', '--repeat', '--token', '--timeout-ms'].includes(name) && argv[i + 1] !== undefined) values.set(name, argv[++i]!);
    else throw new Error(`unknown argument "${name}"\n${USAGE}`);
  }
  const url = values.get('--url');
  const file = values.get('--activities');
  if (!url || !file) throw new Error(USAGE);
  if (!/^https?:\/\//.test(url)) throw new Error(`--url must be an http(s) address, got "${url}"`);
  const count = (name: string): number | undefined => {
    const raw = values.get(name);
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number of at least 1, got "${raw}"`);
    return n;
  };
  return {
    url,
    activities: readActivities(file),
    concurrency: count('--concurrency'),
    repeat: count('--repeat'),
    timeoutMs: count('--timeout-ms'),
    token: values.get('--token') ?? process.env.LOAD_BEARER_TOKEN,
    json,
  };
}

if (require.main === module) {
  (async () => {
    const { json, ...options } = readArguments(process.argv.slice(2));
    const report = await runLoad(options);
    if (json) {
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    console.log(`${report.sent} requests to ${options.url}, all answered after ${report.allAnsweredAfterMs} ms (${report.requestsPerSecond}/s)`);
    console.log(`statuses: ${Object.entries(report.statuses).map(([s, n]) => `${s}: ${n}`).join(', ')}; answered with a card: ${report.answeredWithACard}`);
    console.log(`latency ms: p50 ${report.p50Ms}, p90 ${report.p90Ms}, p99 ${report.p99Ms}, max ${report.maxMs}`);
    const firstError = report.answers.find((a) => a.error);
    if (firstError) console.log(`first error: ${firstError.error}`);
  })().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(2);
  });
}
