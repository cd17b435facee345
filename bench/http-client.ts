import http from 'node:http';

/** One kept-alive connection pool for the benchmark client, so that connecting is not what is measured. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

export interface HttpAnswer {
  status: number;
  body: any;
  ms: number;
}

/** POSTs `payload` as JSON and measures the time to the complete answer. */
export function postJson(url: string, payload: unknown): Promise<HttpAnswer> {
  const data = Buffer.from(JSON.stringify(payload));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': data.length } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = text ? JSON.parse(text) : null;
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}
