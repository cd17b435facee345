import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';

/**
 * Verifies the token the personal tab sends (Teams SSO, `authentication.getAuthToken()`): an Entra
 * ID access token for this app, signed RS256 by a key of the key set, for one of our audiences,
 * not expired, issued by the user's own tenant, and that tenant allowed to use the bot.
 */

/** Finds the public key for a token's header: Microsoft's key set in production, a local one in tests. */
export type KeySet = JWTVerifyGetKey;

export interface TabAuthSettings {
  keys: KeySet;
  /** The app id and the SSO resource `api://{host}/{appId}`: Entra writes either into `aud`. */
  audiences: readonly string[];
  /** Tenants whose users may use the bot; never empty. */
  allowedTenantIds: readonly string[];
  /** The delegated scope the tab asks for; app-only tokens (no scope) are refused. */
  scope: string;
}

export interface TabUser {
  /** The Entra object id: the same id the bot uses for the user (`aadObjectId`). */
  userId: string;
  tenantId: string;
}

export type TabAuthCode = 'missing_token' | 'malformed_authorization' | 'invalid_token' | 'token_expired' | 'tenant_not_allowed';

export class TabAuthError extends Error {
  constructor(
    readonly status: 400 | 401 | 403,
    readonly code: TabAuthCode,
    message: string,
  ) {
    super(message);
    this.name = 'TabAuthError';
  }
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Entra tokens are a few KB; anything far larger is not one and is not worth parsing. */
const MAX_TOKEN_CHARS = 16 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Tolerated clock difference between Entra and this server. */
const CLOCK_TOLERANCE_S = 60;

const invalidToken = () => new TabAuthError(401, 'invalid_token', 'The sign-in token is not valid for this app.');

/** Reads `Authorization: Bearer <token>`; a missing header is a 401, a header of another shape a 400. */
export function readBearerToken(header: string | string[] | undefined): string {
  if (header === undefined || header === '') {
    throw new TabAuthError(401, 'missing_token', 'Sign-in required: send the Teams SSO token as "Authorization: Bearer <token>".');
  }
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = /^Bearer ([^\s,]+)$/i.exec(value.trim());
  if (!match?.[1]) {
    throw new TabAuthError(400, 'malformed_authorization', 'The Authorization header must be "Bearer <token>", with one token.');
  }
  return match[1];
}

/** Both issuer forms Entra uses: v2.0 tokens and v1 tokens (what Teams SSO hands out by default). */
export function issuersOf(tenantId: string): string[] {
  return [`https://login.microsoftonline.com/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`];
}

export async function verifyTabToken(token: string, settings: TabAuthSettings, now: Date): Promise<TabUser> {
  if (token.length > MAX_TOKEN_CHARS || !COMPACT_JWS.test(token)) throw invalidToken();
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, settings.keys, {
      algorithms: ['RS256'],
      audience: [...settings.audiences],
      currentDate: now,
      clockTolerance: CLOCK_TOLERANCE_S,
      requiredClaims: ['exp', 'iss', 'aud', 'tid', 'oid'],
    }));
  } catch (err) {
    if (err instanceof errors.JWTExpired) throw new TabAuthError(401, 'token_expired', 'The sign-in token has expired.');
    throw invalidToken();
  }
  const { tid, oid, scp } = payload as JWTPayload & { tid?: unknown; oid?: unknown; scp?: unknown };
  if (typeof tid !== 'string' || !GUID.test(tid) || typeof oid !== 'string' || !GUID.test(oid)) throw invalidToken();
  // the issuer must be the tenant the token claims: a token from one tenant never passes for another
  if (typeof payload.iss !== 'string' || !issuersOf(tid).includes(payload.iss)) throw invalidToken();
  if (typeof scp !== 'string' || !scp.split(' ').includes(settings.scope)) throw invalidToken();
  if (!settings.allowedTenantIds.some((allowed) => allowed.toLowerCase() === tid.toLowerCase())) {
    throw new TabAuthError(403, 'tenant_not_allowed', 'Your organisation is not allowed to use this app.');
  }
  return { userId: oid, tenantId: tid };
}
