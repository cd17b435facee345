import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  method: 'send' | 'reply' | 'update' | 'createConversation';
  conversationId: string;
  activityId: string;
  body: any;
}

/**
 * A local stand-in for the Bot Connector service (what Teams' serviceUrl points at): it records
 * every message the bot sends, replies to, updates or starts, and answers like Teams does.
 * `failNext` makes the next calls answer with an error status (429 with Retry-After, 503, 403).
 */
export class FakeConnector {
  readonly calls: RecordedCall[] = [];
  private server: http.Server | null = null;
  private counter = 0;
  private failures: { status: number; retryAfter?: number }[] = [];
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  failNext(...failures: { status: number; retryAfter?: number }[]): void {
    this.failures.push(...failures);
  }

  /** Every card the bot posted or updated (attachments' content), in order. */
  cards(filter: (c: RecordedCall) => boolean = () => true): any[] {
    return this.calls.filter(filter).flatMap((c) => (c.body?.attachments ?? c.body?.activity?.attachments ?? []).map((a: any) => a.content));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    let raw = '';
    req.on('data', (chunk) => (raw += chunk));
    req.on('end', () => {
      const failure = this.failures.shift();
      if (failure) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (failure.retryAfter !== undefined) headers['retry-after'] = String(failure.retryAfter);
        res.writeHead(failure.status, headers);
        res.end(JSON.stringify({ error: { code: 'Fake', message: `fake ${failure.status}` } }));
        return;
      }
      const body = raw ? JSON.parse(raw) : {};
      const parts = (req.url ?? '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
      // /v3/conversations[/:id/activities[/:activityId]]
      const conversationId = parts[2] ?? '';
      const id = `act-${++this.counter}`;
      const reply = (payload: object) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(payload));
      };
      if (req.method === 'POST' && parts.length === 2) {
        const channelId = body?.channelData?.channel?.id;
        const newConversation = channelId ? `${channelId};messageid=${id}` : `a:personal-${this.counter}`;
        this.calls.push({ method: 'createConversation', conversationId: newConversation, activityId: id, body });
        reply({ id: newConversation, activityId: id });
      } else if (req.method === 'POST' && parts.length === 4) {
        this.calls.push({ method: 'send', conversationId, activityId: id, body });
        reply({ id });
      } else if (req.method === 'POST' && parts.length === 5) {
        this.calls.push({ method: 'reply', conversationId, activityId: id, body });
        reply({ id });
      } else if (req.method === 'PUT' && parts.length === 5) {
        this.calls.push({ method: 'update', conversationId, activityId: parts[4]!, body });
        reply({ id: parts[4] });
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  }
}
