/**
 * How the outbox reacts to a failed send: Teams' throttling (429) and server errors (5xx) and
 * network failures are retried with exponential backoff and jitter, honouring Retry-After; a
 * refusal (403: the bot was removed or blocked; 404: the conversation is gone) is final.
 */
export type SendOutcome = { kind: 'retry'; delayMs: number; reason: string } | { kind: 'fail'; reason: string };

export const MAX_ATTEMPTS = 12;
const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 10 * 60 * 1000;

export function readStatusCode(err: unknown): number | null {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  for (const v of [e?.statusCode, e?.status, e?.response?.status]) if (typeof v === 'number') return v;
  return null;
}

export function readRetryAfterMs(err: unknown, now: Date): number | null {
  const headers = (err as { response?: { headers?: { get?: (n: string) => string | undefined } | Record<string, string> } } | null)
    ?.response?.headers;
  if (!headers) return null;
  const raw = typeof headers.get === 'function' ? headers.get('retry-after') : (headers as Record<string, string>)['retry-after'];
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** `random` is injected so tests can pin the jitter. */
export function decideAfterFailure(err: unknown, attempts: number, now: Date, random: () => number = Math.random): SendOutcome {
  const status = readStatusCode(err);
  const reason = status !== null ? `HTTP ${status}` : err instanceof Error ? err.name : 'unknown error';
  if (attempts + 1 >= MAX_ATTEMPTS) return { kind: 'fail', reason: `${reason} (gave up after ${attempts + 1} attempts)` };
  const retryable = status === null || status === 429 || status >= 500 || status === 408;
  if (!retryable) return { kind: 'fail', reason };
  const backoff = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempts);
  const jittered = backoff / 2 + random() * (backoff / 2);
  const retryAfter = readRetryAfterMs(err, now);
  return { kind: 'retry', delayMs: Math.round(Math.max(jittered, retryAfter ?? 0)), reason };
}
