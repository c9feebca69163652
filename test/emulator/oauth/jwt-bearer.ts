/**
 * Verifies a JWT bearer assertion: RS256 signature against the connected app's certificate,
 * `iss` = consumer key, `sub` = username, `aud` = the login URL, `exp` in the future, and the
 * user pre-authorised (platform-facts "JWT bearer"). The third-party 3-minute skew is not
 * applied: we chose the strict reading, `exp` must be after now.
 */
import { createPublicKey, createVerify, type KeyObject } from 'node:crypto';
import type { ConnectedApp } from '../org-config.js';
import { OAuthError } from './oauth-error.js';

interface JwtClaims {
  iss?: unknown;
  sub?: unknown;
  aud?: unknown;
  exp?: unknown;
}

function decodeSegment(segment: string): unknown {
  try {
    return JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
  } catch {
    throw new OAuthError('invalid_grant', 'invalid assertion');
  }
}

export function publicKeyOf(app: ConnectedApp): KeyObject {
  return createPublicKey(app.jwtCertificatePem);
}

/** The audiences accepted: the emulator's own URL, and the production/sandbox login hosts. */
export function acceptedAudiences(loginUrl: string): string[] {
  return [loginUrl, 'https://login.salesforce.com', 'https://test.salesforce.com'];
}

/** Returns the username the assertion is for, or throws an OAuthError. */
export function verifyJwtAssertion(
  assertion: string,
  app: ConnectedApp,
  audiences: string[],
  nowMs: number,
): string {
  const parts = assertion.split('.');
  const [headerPart, claimsPart, signaturePart] = parts;
  if (
    parts.length !== 3 ||
    headerPart === undefined ||
    claimsPart === undefined ||
    signaturePart === undefined
  ) {
    throw new OAuthError('invalid_grant', 'invalid assertion');
  }
  const header = decodeSegment(headerPart) as { alg?: unknown };
  if (header.alg !== 'RS256') throw new OAuthError('invalid_grant', 'invalid assertion');
  const verifier = createVerify('RSA-SHA256');
  verifier.update(`${headerPart}.${claimsPart}`);
  if (!verifier.verify(publicKeyOf(app), Buffer.from(signaturePart, 'base64url'))) {
    throw new OAuthError('invalid_grant', 'invalid assertion');
  }
  const claims = decodeSegment(claimsPart) as JwtClaims;
  if (claims.iss !== app.clientId)
    throw new OAuthError('invalid_client_id', 'client identifier invalid');
  const audience = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
  if (
    !audience.some(
      (value) => typeof value === 'string' && audiences.includes(value.replace(/\/$/, '')),
    )
  ) {
    throw new OAuthError('invalid_grant', 'audience is invalid');
  }
  if (typeof claims.exp !== 'number' || claims.exp * 1000 <= nowMs) {
    throw new OAuthError('invalid_grant', 'expired authorization code');
  }
  if (typeof claims.sub !== 'string') throw new OAuthError('invalid_grant', 'invalid assertion');
  if (!app.preAuthorizedUsernames.includes(claims.sub)) {
    throw new OAuthError('invalid_grant', "user hasn't approved this consumer");
  }
  return claims.sub;
}
