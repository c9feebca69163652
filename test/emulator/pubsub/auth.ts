/**
 * Authentication of every RPC from its gRPC metadata.
 *
 * platform-facts.md, Pub/Sub API: "Authentication is gRPC metadata: accesstoken, instanceurl,
 * tenantid". The token must be live (AccessTokenVerifier), `tenantid` must name the token's org
 * (15- and 18-character ids compare on their first 15 characters; toolchain.md: the client sends
 * either) and `instanceurl` must be given.
 */
import type { Metadata } from '@grpc/grpc-js';
import type { AccessTokenVerifier, SessionInfo } from '../contracts.js';

export function authenticate(
  metadata: Metadata,
  tokens: AccessTokenVerifier,
): SessionInfo | undefined {
  const accessToken = single(metadata, 'accesstoken');
  const instanceUrl = single(metadata, 'instanceurl');
  const tenantId = single(metadata, 'tenantid');
  if (accessToken === undefined || instanceUrl === undefined || tenantId === undefined) {
    return undefined;
  }
  const session = tokens.verify(accessToken);
  if (session === undefined || !sameOrg(session.orgId, tenantId)) {
    return undefined;
  }
  return session;
}

function single(metadata: Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function sameOrg(a: string, b: string): boolean {
  return (a.length === 15 || a.length === 18) && (b.length === 15 || b.length === 18)
    ? a.slice(0, 15) === b.slice(0, 15)
    : false;
}
