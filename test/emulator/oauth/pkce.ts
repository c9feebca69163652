import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * PKCE S256: `code_verifier` is 43–128 characters and BASE64URL(SHA256(verifier)) must equal the
 * `code_challenge` (platform-facts "Web server + PKCE").
 */
export function verifiesChallenge(verifier: string, challenge: string): boolean {
  if (verifier.length < 43 || verifier.length > 128) return false;
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}
