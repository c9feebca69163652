/**
 * The grants of `/services/oauth2/token`: password, refresh_token, client_credentials, JWT
 * bearer and authorization_code (+ PKCE). Responses carry the documented fields: access_token,
 * instance_url, id, token_type, issued_at, signature, plus refresh_token and scope where the
 * flow issues them (platform-facts "OAuth": response fields).
 */
import { createHmac } from 'node:crypto';
import type { SessionInfo } from '../contracts.js';
import type { OrgConfig, OrgUser } from '../org-config.js';
import type { AuthorizationCodes } from './authorization-codes.js';
import { acceptedAudiences, verifyJwtAssertion } from './jwt-bearer.js';
import { OAuthError, authenticationFailure } from './oauth-error.js';
import { verifiesChallenge } from './pkce.js';
import type { TokenStore } from './token-store.js';

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  signature: string;
  scope: string;
  instance_url: string;
  id: string;
  token_type: 'Bearer';
  issued_at: string;
}

export interface TokenGrantDependencies {
  config: OrgConfig;
  tokens: TokenStore;
  codes: AuthorizationCodes;
  /** The emulator's base URL: instance URL and login URL at once. */
  baseUrl: () => string;
  now: () => number;
}

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export class TokenGrants {
  constructor(private readonly deps: TokenGrantDependencies) {}

  userByUsername(username: string): OrgUser | undefined {
    return this.deps.config.users.find(
      (user) => user.username.toLowerCase() === username.toLowerCase(),
    );
  }

  userById(userId: string): OrgUser | undefined {
    return this.deps.config.users.find((user) => user.id === userId);
  }

  sessionFor(user: OrgUser): SessionInfo {
    return {
      userId: user.id,
      orgId: this.deps.config.orgId,
      username: user.username,
      instanceUrl: this.deps.baseUrl(),
    };
  }

  identityUrl(session: SessionInfo): string {
    return `${this.deps.baseUrl()}/id/${session.orgId}/${session.userId}`;
  }

  grant(
    params: URLSearchParams,
    basicAuth: { clientId: string; clientSecret: string } | undefined,
  ): TokenResponse {
    const clientId = params.get('client_id') ?? basicAuth?.clientId;
    const clientSecret = params.get('client_secret') ?? basicAuth?.clientSecret;
    const grantType = params.get('grant_type');
    switch (grantType) {
      case 'password':
        this.checkClient(clientId, clientSecret, true);
        return this.passwordGrant(params);
      case 'refresh_token':
        this.checkClient(clientId, clientSecret, false);
        return this.refreshGrant(params);
      case 'client_credentials':
        this.checkClient(clientId, clientSecret, true);
        return this.clientCredentialsGrant();
      case JWT_BEARER:
        return this.jwtGrant(params);
      case 'authorization_code':
        this.checkClient(clientId, clientSecret, false);
        return this.authorizationCodeGrant(params, clientSecret !== undefined);
      default:
        throw new OAuthError('unsupported_grant_type', 'grant type not supported');
    }
  }

  private checkClient(
    clientId: string | undefined,
    clientSecret: string | undefined,
    secretRequired: boolean,
  ): void {
    const app = this.deps.config.connectedApp;
    if (clientId !== app.clientId)
      throw new OAuthError('invalid_client_id', 'client identifier invalid');
    if ((secretRequired || clientSecret !== undefined) && clientSecret !== app.clientSecret) {
      throw new OAuthError('invalid_client', 'invalid client credentials');
    }
  }

  private respond(
    session: SessionInfo,
    options: { refreshToken?: string; scope: string },
  ): TokenResponse {
    const issuedAt = String(this.deps.now());
    const id = this.identityUrl(session);
    const response: TokenResponse = {
      access_token: this.deps.tokens.issueAccessToken(session, options.refreshToken),
      signature: createHmac('sha256', this.deps.config.connectedApp.clientSecret)
        .update(id + issuedAt)
        .digest('base64'),
      scope: options.scope,
      instance_url: session.instanceUrl,
      id,
      token_type: 'Bearer',
      issued_at: issuedAt,
    };
    if (options.refreshToken !== undefined) response.refresh_token = options.refreshToken;
    return response;
  }

  /** Username-password flow: the password is the user's password followed by the security token. */
  private passwordGrant(params: URLSearchParams): TokenResponse {
    const user = this.userByUsername(params.get('username') ?? '');
    if (!user || params.get('password') !== user.password + user.securityToken)
      throw authenticationFailure();
    return this.respond(this.sessionFor(user), { scope: 'api web' });
  }

  private refreshGrant(params: URLSearchParams): TokenResponse {
    const refreshToken = params.get('refresh_token') ?? '';
    const session = this.deps.tokens.sessionOfRefreshToken(refreshToken);
    if (!session) throw new OAuthError('invalid_grant', 'expired access/refresh token');
    const current = { ...session, instanceUrl: this.deps.baseUrl() };
    if (!this.deps.config.connectedApp.rotateRefreshTokens) {
      return this.respond(current, { scope: 'api refresh_token' });
    }
    this.deps.tokens.revoke(refreshToken);
    const rotated = this.deps.tokens.issueRefreshToken(current);
    return this.respond(current, { refreshToken: rotated, scope: 'api refresh_token' });
  }

  /** Client credentials flow: a named run-as user, no refresh token. */
  private clientCredentialsGrant(): TokenResponse {
    const username = this.deps.config.connectedApp.clientCredentialsUsername;
    const user = username !== undefined ? this.userByUsername(username) : undefined;
    if (!user) throw new OAuthError('invalid_grant', 'no client credentials user enabled');
    return this.respond(this.sessionFor(user), { scope: 'api' });
  }

  /** JWT bearer flow: no refresh token. */
  private jwtGrant(params: URLSearchParams): TokenResponse {
    const app = this.deps.config.connectedApp;
    const username = verifyJwtAssertion(
      params.get('assertion') ?? '',
      app,
      acceptedAudiences(this.deps.baseUrl()),
      this.deps.now(),
    );
    const user = this.userByUsername(username);
    if (!user) throw new OAuthError('invalid_grant', 'user not found');
    return this.respond(this.sessionFor(user), { scope: 'api' });
  }

  private authorizationCodeGrant(params: URLSearchParams, sentSecret: boolean): TokenResponse {
    const grant = this.deps.codes.consume(params.get('code') ?? '');
    if (!grant) throw new OAuthError('invalid_grant', 'invalid authorization code');
    if (grant.redirectUri !== params.get('redirect_uri')) {
      throw new OAuthError('invalid_grant', 'redirect_uri must match configuration');
    }
    if (grant.codeChallenge !== undefined) {
      if (!verifiesChallenge(params.get('code_verifier') ?? '', grant.codeChallenge)) {
        throw new OAuthError('invalid_grant', 'invalid code verifier');
      }
    } else if (!sentSecret) {
      throw new OAuthError('invalid_client', 'invalid client credentials');
    }
    const user = this.userById(grant.userId);
    if (!user) throw authenticationFailure();
    const session = this.sessionFor(user);
    return this.respond(session, {
      refreshToken: this.deps.tokens.issueRefreshToken(session),
      scope: 'api refresh_token',
    });
  }
}
