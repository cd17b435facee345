import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  method: 'createConversation' | 'send' | 'update';
  conversationId: string;
  body: any;
}

/**
 * A Bot Connector stand-in for a bot in another process. It counts a call only once it has answered
 * it (what the bot was told Teams accepted), and it can hold its answers (`hold`, for a kill while a
 * post is on the wire: an answer the bot never got was never delivered) or slow them down
 * (`delayMs`, for a graceful shutdown with a send in flight).
 */
export class GatedConnector {
  /** Calls answered, in order. */
  readonly answered: ConnectorCall[] = [];
  /** What was received, answered or not: the method of each call, in order. */
  readonly received: ConnectorCall['method'][] = [];
  /** Calls whose caller was gone (killed) when the answer was due: not delivered. */
  dropped = 0;
  delayMs = 0;
  url = '';
  private holding = false;
  private held: (() => void)[] = [];
  private server: http.Server | null = null;
  private counter = 0;

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  async stop(): Promise<void> {
    this.release();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  hold(): void {
    this.holding = true;
  }

  release(): void {
    this.holding = false;
    const held = this.held;
    this.held = [];
    for (const answer of held) answer();
  }

  /** Thread root posts (createConversation in a channel) that name `reference` on their card. */
  threadPostsOf(reference: string): number {
    return this.answered.filter((c) => c.method === 'createConversation' && mentions(c.body, reference)).length;
  }

  /** Messages sent to a conversation since call number `since`. */
  sentTo(conversationId: string, since: number): any[] {
    return this.answered.slice(since).filter((c) => c.method === 'send' && c.conversationId === conversationId).map((c) => c.body);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
      const parts = (req.url ?? '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
      this.received.push(methodOf(req.method ?? '', parts));
      const answer = () => {
        if (req.socket.destroyed) {
          this.dropped++;
          return;
        }
        this.answer(req.method ?? '', parts, body, res);
      };
      if (this.holding) this.held.push(answer);
      else if (this.delayMs > 0) setTimeout(answer, this.delayMs);
      else answer();
    });
  }

  private answer(method: string, parts: string[], body: any, res: http.ServerResponse): void {
    const id = `act-${++this.counter}`;
    const reply = (call: ConnectorCall | null, payload: object) => {
      if (call) this.answered.push(call);
      // restify, once loaded in this process, changes writeHead so that it can no longer be chained
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    // /v3/conversations[/:id/activities[/:activityId]]
    if (method === 'POST' && parts.length === 2) {
      const channelId = body?.channelData?.channel?.id;
      const conversationId = channelId ? `${channelId};messageid=${id}` : `a:created-${id}`;
      reply({ method: 'createConversation', conversationId, body }, { id: conversationId, activityId: id });
    } else if (method === 'POST' && (parts.length === 4 || parts.length === 5)) {
      reply({ method: 'send', conversationId: parts[2]!, body }, { id });
    } else if (method === 'PUT' && parts.length === 5) {
      reply({ method: 'update', conversationId: parts[2]!, body }, { id: parts[4]! });
    } else {
      res.writeHead(404);
      res.end();
    }
  }
}

function methodOf(method: string, parts: string[]): ConnectorCall['method'] {
  if (method === 'PUT') return 'update';
  return parts.length === 2 ? 'createConversation' : 'send';
}

/** True when the card of a call shows `reference` (e.g. "Case MKO-2026-0001"). */
function mentions(body: unknown, reference: string): boolean {
  return new RegExp(`\\b${reference}\\b`).test(JSON.stringify(body));
}
