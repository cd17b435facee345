import http from 'node:http';

/**
 * A raw HTTP request to the tab's API. fetch refuses some of what a hostile client sends (a GET
 * with a body, odd methods), so this speaks node:http directly.
 */
export interface RawRequest {
  method: string;
  /** Path and query, already percent-encoded. */
  path: string;
  headers: Record<string, string>;
  body: string | Buffer | null;
}

export interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export function sendRaw(baseUrl: string, request: RawRequest): Promise<RawAnswer> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path: request.path, method: request.method, headers: request.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (request.body !== null) req.write(request.body);
    req.end();
  });
}

/** What node:http lets through in a header value: printable ASCII (a client cannot send less). */
export function asHeaderValue(value: string, maxLength = 4_000): string {
  return value.replace(/[^\x20-\x7e]/g, '?').slice(0, maxLength);
}
