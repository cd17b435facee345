import { decideAfterFailure, MAX_ATTEMPTS } from '../../bot/outbox/retry-policy';

const now = new Date('2026-11-23T10:00:00Z');
const httpError = (statusCode: number, retryAfter?: string) => ({
  statusCode,
  response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
});

describe('outbox retry policy', () => {
  it.each([
    [429, 0, 'retry'],
    [500, 0, 'retry'],
    [503, 3, 'retry'],
    [408, 0, 'retry'],
    [403, 0, 'fail'],
    [404, 0, 'fail'],
    [400, 0, 'fail'],
    [503, MAX_ATTEMPTS - 1, 'fail'],
  ])('HTTP %i after %i attempts: %s', (status, attempts, kind) => {
    expect(decideAfterFailure(httpError(status), attempts, now, () => 0.5).kind).toBe(kind);
  });

  it('retries network failures (no status)', () => {
    expect(decideAfterFailure(new Error('ECONNRESET'), 0, now).kind).toBe('retry');
  });

  it('backs off exponentially with jitter within [half, full] of the step', () => {
    const delays = [0, 1, 2, 3].map((a) => [decideAfterFailure(httpError(503), a, now, () => 0), decideAfterFailure(httpError(503), a, now, () => 1)]);
    delays.forEach(([low, high], a) => {
      const step = 1000 * 2 ** a;
      expect(low).toEqual({ kind: 'retry', delayMs: step / 2, reason: 'HTTP 503' });
      expect(high).toEqual({ kind: 'retry', delayMs: step, reason: 'HTTP 503' });
    });
  });

  it('waits at least as long as Retry-After says, in seconds or as a date', () => {
    expect(decideAfterFailure(httpError(429, '30'), 0, now, () => 0)).toMatchObject({ delayMs: 30_000 });
    expect(decideAfterFailure(httpError(429, new Date(now.getTime() + 90_000).toUTCString()), 0, now, () => 0)).toMatchObject({ delayMs: 90_000 });
  });

  it('caps the backoff at ten minutes', () => {
    const d = decideAfterFailure(httpError(503), 10, now, () => 1);
    expect(d).toMatchObject({ kind: 'retry', delayMs: 600_000 });
  });
});
