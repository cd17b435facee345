import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, exportJWK, SignJWT, type JSONWebKeySet, type JWTPayload } from 'jose';
import type { KeySet } from './tab-token';

/** Microsoft's public signing keys for Entra ID tokens (v1 and v2 tokens are signed by the same keys). */
export const MICROSOFT_KEYS_URL = 'https://login.microsoftonline.com/common/discovery/v2.0/keys';

/**
 * Microsoft's key set, fetched on first use and cached; an unknown key id (Entra rolls its keys)
 * fetches again, at most once per cooldown, so a flood of forged tokens cannot flood Microsoft.
 */
export function microsoftKeySet(): KeySet {
  return createRemoteJWKSet(new URL(MICROSOFT_KEYS_URL), {
    cacheMaxAge: 12 * 60 * 60 * 1000,
    cooldownDuration: 5 * 60 * 1000,
    timeoutDuration: 5000,
  });
}

export interface LocalKeySet {
  keys: KeySet;
  /** The public half, as a JWKS document. */
  jwks: JSONWebKeySet;
  /** Signs `claims` RS256 with the private key (header carries the key id). */
  sign(claims: JWTPayload): Promise<string>;
}

/**
 * A key pair made in memory, for tests and for local development outside Teams: tokens signed
 * with it pass `verifyTabToken` only where this key set is the one configured, never against
 * Microsoft's keys.
 */
export async function createLocalKeySet(): Promise<LocalKeySet> {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `local-${randomUUID()}`;
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jwks: JSONWebKeySet = { keys: [jwk] };
  return {
    keys: createLocalJWKSet(jwks),
    jwks,
    sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(privateKey),
  };
}
