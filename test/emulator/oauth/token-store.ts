/**
 * Access and refresh tokens of the org. Access tokens expire after a configurable time and can
 * be revoked; an unknown, expired or revoked token verifies as undefined, which the REST layer
 * answers with 401 INVALID_SESSION_ID (platform-facts "Errors and limits").
 */
import { randomBytes } from 'node:crypto';
import type { AccessTokenVerifier, SessionInfo } from '../contracts.js';

interface AccessTokenEntry {
  session: SessionInfo;
  expiresAt: number;
  refreshToken?: string;
}

export interface TokenStoreOptions {
  orgId: string;
  accessTokenTtlMs: number;
  now: () => number;
}

/** A token as issued, for {@link TokenStore.issuedTokens}. */
export interface IssuedToken {
  kind: 'access' | 'refresh';
  token: string;
  /** The user the token was issued to. */
  username: string;
}

export class TokenStore implements AccessTokenVerifier {
  private readonly accessTokens = new Map<string, AccessTokenEntry>();
  private readonly refreshTokens = new Map<string, SessionInfo>();
  /** Every token ever issued, revoked and expired ones included, oldest first. */
  private readonly issued: IssuedToken[] = [];

  constructor(private readonly options: TokenStoreOptions) {}

  /** How long an access token lives. */
  get accessTokenTtlMs(): number {
    return this.options.accessTokenTtlMs;
  }

  /** Salesforce access tokens look like `00D…!AQ…`: the org id, `!`, then opaque text. */
  issueAccessToken(session: SessionInfo, refreshToken?: string): string {
    const token = `${this.options.orgId.slice(0, 15)}!${randomBytes(48).toString('base64url')}`;
    const entry: AccessTokenEntry = {
      session,
      expiresAt: this.options.now() + this.options.accessTokenTtlMs,
    };
    if (refreshToken !== undefined) entry.refreshToken = refreshToken;
    this.accessTokens.set(token, entry);
    this.issued.push({ kind: 'access', token, username: session.username });
    return token;
  }

  issueRefreshToken(session: SessionInfo): string {
    const token = `5Aep861${randomBytes(40).toString('base64url')}`;
    this.refreshTokens.set(token, session);
    this.issued.push({ kind: 'refresh', token, username: session.username });
    return token;
  }

  /**
   * Read-only: every access and refresh token this org has issued, revoked and expired ones
   * included (tests scan logs for them).
   */
  issuedTokens(): readonly Readonly<IssuedToken>[] {
    return this.issued.map((entry) => ({ ...entry }));
  }

  verify(accessToken: string): SessionInfo | undefined {
    const entry = this.accessTokens.get(accessToken);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.options.now()) return undefined;
    return entry.session;
  }

  sessionOfRefreshToken(refreshToken: string): SessionInfo | undefined {
    return this.refreshTokens.get(refreshToken);
  }

  /** Revokes an access token, or a refresh token together with the access tokens it issued. */
  revoke(token: string): boolean {
    if (this.accessTokens.delete(token)) return true;
    if (!this.refreshTokens.delete(token)) return false;
    for (const [accessToken, entry] of this.accessTokens) {
      if (entry.refreshToken === token) this.accessTokens.delete(accessToken);
    }
    return true;
  }

  /** Fault injection: every live access token expires now (refresh tokens stay valid). */
  expireAllAccessTokens(): void {
    const now = this.options.now();
    for (const entry of this.accessTokens.values())
      entry.expiresAt = Math.min(entry.expiresAt, now);
  }

  /** Fault injection: revokes every access and refresh token. */
  revokeAll(): void {
    this.accessTokens.clear();
    this.refreshTokens.clear();
  }
}
