import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { z } from 'zod';

/**
 * Short tokens for the links the bot serves to a browser (a file download): the payload in
 * base64url, then an HMAC of it with a secret drawn when the process starts. A restart makes every
 * link invalid, which is fine for links that live minutes or hours: the card that shows one makes a
 * new one whenever it is shown again.
 */
export class SignedTokens<T extends { exp: number }> {
  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly secret: Buffer = randomBytes(32),
  ) {}

  sign(payload: T): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload of a token this process signed, even an expired one; null when forged or altered. */
  readAuthentic(token: string): T | null {
    const [body, mac, extra] = token.split('.');
    if (!body || !mac || extra !== undefined) return null;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return null;
    }
    const checked = this.schema.safeParse(parsed);
    return checked.success ? checked.data : null;
  }

  /** The payload of an authentic token that has not expired at `now`. */
  verify(token: string, now: Date): T | null {
    const payload = this.readAuthentic(token);
    return payload && payload.exp > now.getTime() ? payload : null;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
