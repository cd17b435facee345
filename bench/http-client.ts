import http from 'node:http';
import https from 'node:https';

/** One kept-alive connection pool for the turn benchmark's client, so that connecting is not what is measured. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpAnswer {
  status: number;
  body: any;
  ms: number;
}

/**
 * POSTs `payload` as JSON and measures the time from sending it to the answer's last byte: what the
 * bot and the wire take, not the client's own JSON work (encoding the request, parsing a large card).
 */
export async function postJson(url: string, payload: unknown): Promise<HttpAnswer> {
  const target = new URL(url);
  const request = Buffer.from(JSON.stringify(payload));
  const started = performance.now();
  const { status, text } = await requestText(target, agent, 'POST', { 'content-type': 'application/json' }, request);
  const ms = performance.now() - started;
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status, body, ms };
}

/** One request over `agent` (http or https, as the address says) and its whole answer as text. */
export function requestText(
  target: URL,
  agent: http.Agent,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body: Buffer | null,
  timeoutMs = 30_000,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const send = target.protocol === 'https:' ? https.request : http.request;
    const req = send(target, { method, agent, headers: body ? { ...headers, 'content-length': String(body.length) } : headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}
