import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { makeRandom } from '../test/crash/seeded-random';

export interface ThrottleWindow {
  limit: number;
  windowMs: number;
}

export interface ThrottlingOptions {
  perConversation: ThrottleWindow[];
  perApp: ThrottleWindow[];
  /** Share of requests within the limits that are still answered 429 (Teams under load does that). */
  randomThrottleShare: number;
  retryAfterSeconds: number;
  seed: number;
}

/** Teams' limits as the benchmark enforces them: per conversation 7/1 s and 60/30 s, per app 50/s. */
export const TEAMS_LIKE_LIMITS: ThrottlingOptions = {
  perConversation: [
    { limit: 7, windowMs: 1_000 },
    { limit: 60, windowMs: 30_000 },
  ],
  perApp: [{ limit: 50, windowMs: 1_000 }],
  randomThrottleShare: 0.1,
  retryAfterSeconds: 1,
  seed: 8,
};

/**
 * A Bot Connector stand-in that enforces Teams' rate limits the way Teams does (sliding windows
 * over accepted requests; anything over a limit is answered 429 with Retry-After), answers a share
 * of the other requests 429 at random, and counts what it accepted per message, so that lost and
 * duplicated messages show. A message is named by `identify` (e.g. the case reference in its card).
 */
export class ThrottlingConnector {
  /** Accepted deliveries per message name. */
  readonly delivered = new Map<string, number>();
  /** Requests refused because they broke a limit: the sender's fault. */
  overLimit = 0;
  /** Requests refused at random although within the limits. */
  randomlyThrottled = 0;
  requests = 0;
  /** performance.now() of every accepted request, in order. */
  readonly acceptedAt: number[] = [];
  /** performance.now() of the first request for each message, accepted or not. */
  readonly firstTriedAt = new Map<string, number>();
  /** performance.now() of the (last) accepted request for each message. */
  readonly deliveredAt = new Map<string, number>();
  url = '';

  private readonly accepted = new Map<string, number[]>();
  private readonly random: () => number;
  private server: http.Server | null = null;
  private counter = 0;

  constructor(
    private readonly identify: (conversationId: string, body: any) => string,
    private readonly options: ThrottlingOptions = TEAMS_LIKE_LIMITS,
  ) {
    this.random = makeRandom(options.seed);
  }

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  duplicates(): number {
    let n = 0;
    for (const count of this.delivered.values()) if (count > 1) n += count - 1;
    return n;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      // whole milliseconds of the wall clock, like the bot's limiter: the same instant rounds alike
      const now = Date.now();
      this.requests++;
      const parts = (req.url ?? '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
      // only sends are expected: POST /v3/conversations/:id/activities[/:replyToId]
      if (req.method !== 'POST' || (parts.length !== 4 && parts.length !== 5)) {
        res.writeHead(404);
        res.end();
        return;
      }
      const conversationId = parts[2]!;
      const conversationKey = `c:${conversationId}`;
      const name = this.identify(conversationId, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      if (!this.firstTriedAt.has(name)) this.firstTriedAt.set(name, performance.now());
      if (this.isOverLimit(conversationKey, this.options.perConversation, now) || this.isOverLimit('app', this.options.perApp, now)) {
        this.overLimit++;
        this.refuse(res);
        return;
      }
      if (this.random() < this.options.randomThrottleShare) {
        this.randomlyThrottled++;
        this.refuse(res);
        return;
      }
      this.count(conversationKey, now);
      this.count('app', now);
      this.acceptedAt.push(performance.now());
      this.deliveredAt.set(name, performance.now());
      this.delivered.set(name, (this.delivered.get(name) ?? 0) + 1);
      // restify, once loaded in this process, changes writeHead so that it can no longer be chained
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `act-${++this.counter}` }));
    });
  }

  private refuse(res: http.ServerResponse): void {
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(this.options.retryAfterSeconds) });
    res.end(JSON.stringify({ error: { code: 'TooManyRequests', message: 'throttled' } }));
  }

  /** Same convention as the bot's limiter: a request at `now` counts against (now - windowMs, now]. */
  private isOverLimit(key: string, windows: ThrottleWindow[], now: number): boolean {
    const times = this.accepted.get(key) ?? [];
    return windows.some((w) => {
      let inWindow = 0;
      for (let i = times.length - 1; i >= 0 && times[i]! > now - w.windowMs; i--) inWindow++;
      return inWindow >= w.limit;
    });
  }

  private count(key: string, now: number): void {
    const times = this.accepted.get(key) ?? [];
    times.push(now);
    const longest = Math.max(...[...this.options.perConversation, ...this.options.perApp].map((w) => w.windowMs));
    while (times.length > 0 && times[0]! <= now - longest) times.shift();
    this.accepted.set(key, times);
  }
}
