/**
 * The login endpoints, none of which needs a session: OAuth token, authorize (login + consent),
 * revoke, the identity URL, OpenID Connect UserInfo, and the partner SOAP login()/logout().
 */
import type { EmulatorRequest, EmulatorResponse } from '../http/http-types.js';
import { formParams, jsonResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import type { AuthorizationCodes } from './authorization-codes.js';
import { renderAuthorizePage } from './authorize-page.js';
import { OAuthError } from './oauth-error.js';
import type { TokenGrants } from './token-grants.js';
import type { TokenStore } from './token-store.js';
import { addUserInfoRoute } from './userinfo-route.js';
import { addSoapRoutes } from '../soap/partner-soap.js';
import type { MetadataSoapDependencies } from '../soap/metadata-soap.js';

export interface OAuthRouteDependencies {
  grants: TokenGrants;
  tokens: TokenStore;
  codes: AuthorizationCodes;
  baseUrl: () => string;
  callbackUrls: () => string[];
  clientId: () => string;
  /** The org behind the Metadata API endpoint (readMetadata() of TopicsForObjects). */
  metadata?: MetadataSoapDependencies;
}

function oauthErrorResponse(error: OAuthError): EmulatorResponse {
  return jsonResponse(error.status, { error: error.error, error_description: error.description });
}

function basicAuth(
  request: EmulatorRequest,
): { clientId: string; clientSecret: string } | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ') !== true) return undefined;
  const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return {
    clientId: decodeURIComponent(decoded.slice(0, colon)),
    clientSecret: decodeURIComponent(decoded.slice(colon + 1)),
  };
}

function html(status: number, body: string): EmulatorResponse {
  return { status, text: { contentType: 'text/html;charset=UTF-8', body } };
}

function redirect(location: string): EmulatorResponse {
  return { status: 302, headers: { location } };
}

export function addOAuthRoutes(router: Router, deps: OAuthRouteDependencies): void {
  addUserInfoRoute(router, deps);
  addSoapRoutes(router, deps);
  router.add('POST', /^\/services\/oauth2\/token$/, (request) => {
    try {
      return jsonResponse(200, deps.grants.grant(formParams(request), basicAuth(request)));
    } catch (error) {
      if (error instanceof OAuthError) return oauthErrorResponse(error);
      throw error;
    }
  });

  const revoke = (request: EmulatorRequest): EmulatorResponse => {
    const token = formParams(request).get('token') ?? request.query.get('token') ?? '';
    // Unverified error code for an unknown token; the success answer is an empty 200.
    return deps.tokens.revoke(token)
      ? { status: 200 }
      : jsonResponse(400, { error: 'invalid_token', error_description: 'invalid token' });
  };
  router.add('POST', /^\/services\/oauth2\/revoke$/, revoke);
  router.add('GET', /^\/services\/oauth2\/revoke$/, revoke);

  const authorizeParamsError = (params: URLSearchParams): string | undefined => {
    if (params.get('client_id') !== deps.clientId()) return 'invalid client_id';
    if (!deps.callbackUrls().includes(params.get('redirect_uri') ?? ''))
      return 'redirect_uri_mismatch';
    const method = params.get('code_challenge_method');
    if (method !== null && method !== 'S256') return 'code_challenge_method must be S256';
    return undefined;
  };

  router.add('GET', /^\/services\/oauth2\/authorize$/, (request) => {
    const problem =
      request.query.get('response_type') !== 'code'
        ? 'unsupported_response_type'
        : authorizeParamsError(request.query);
    return problem !== undefined
      ? html(400, `<p>error=${problem}</p>`)
      : html(200, renderAuthorizePage(request.query));
  });

  router.add('POST', /^\/services\/oauth2\/authorize$/, (request) => {
    const params = formParams(request);
    const problem = authorizeParamsError(params);
    if (problem !== undefined) return html(400, `<p>error=${problem}</p>`);
    const user = deps.grants.userByUsername(params.get('username') ?? '');
    if (!user || params.get('password') !== user.password) {
      return html(200, renderAuthorizePage(params, 'Please check your username and password.'));
    }
    const target = new URL(params.get('redirect_uri') ?? '');
    const state = params.get('state');
    if (state !== null) target.searchParams.set('state', state);
    if (params.get('consent') !== 'allow') {
      target.searchParams.set('error', 'access_denied');
      target.searchParams.set('error_description', 'end-user denied authorization');
      return redirect(target.toString());
    }
    const challenge = params.get('code_challenge');
    const code = deps.codes.issue({
      userId: user.id,
      redirectUri: params.get('redirect_uri') ?? '',
      ...(challenge !== null && challenge !== '' ? { codeChallenge: challenge } : {}),
    });
    target.searchParams.set('code', code);
    return redirect(target.toString());
  });

  router.add('GET', /^\/id\/([^/]+)\/([^/]+)$/, (request, [orgId = '', userId = '']) => {
    const header = request.headers.authorization ?? '';
    const token =
      header.replace(/^(Bearer|OAuth) /, '') || (request.query.get('oauth_token') ?? '');
    const session = deps.tokens.verify(token);
    if (!session)
      return { status: 403, text: { contentType: 'text/plain', body: 'Bad_OAuth_Token' } };
    const user = deps.grants.userById(userId);
    if (!user || session.orgId !== orgId)
      return jsonResponse(404, [{ errorCode: 'NOT_FOUND', message: 'Not found' }]);
    const base = deps.baseUrl();
    const rest = `${base}/services/data/v{version}/`;
    return jsonResponse(200, {
      id: `${base}/id/${orgId}/${userId}`,
      asserted_user: session.userId === userId,
      user_id: userId,
      organization_id: orgId,
      username: user.username,
      nick_name: user.username.split('@')[0],
      display_name: `${user.firstName} ${user.lastName}`,
      email: user.email,
      email_verified: true,
      first_name: user.firstName,
      last_name: user.lastName,
      timezone: 'GMT',
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      is_app_installed: true,
      urls: {
        rest,
        sobjects: `${rest}sobjects/`,
        search: `${rest}search/`,
        query: `${rest}query/`,
        recent: `${rest}recent/`,
        limits: `${rest}limits/`,
        profile: `${base}/${userId}`,
        custom_domain: base,
      },
    });
  });
}
