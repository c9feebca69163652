/**
 * The OpenID Connect UserInfo endpoint, `/services/oauth2/userinfo` (Salesforce Help, "Query for
 * User Information": GET or POST, the access token in the Authorization header or the
 * `oauth_token` parameter; JSON with the OpenID Connect Basic Client Profile claims plus the
 * Salesforce user and org ids and the API URLs). The Pub/Sub client's client-credentials and
 * JWT logins read `organization_id` and `preferred_username` from it.
 *
 * A missing, expired or revoked token answers 403 `Bad_OAuth_Token`, as the identity URL does
 * (the page does not show the error; our reading).
 */
import type { EmulatorRequest, EmulatorResponse } from '../http/http-types.js';
import { formParams, jsonResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import type { TokenGrants } from './token-grants.js';
import type { TokenStore } from './token-store.js';

export interface UserInfoDependencies {
  grants: TokenGrants;
  tokens: TokenStore;
  baseUrl: () => string;
}

/** The token of a request: `Authorization: Bearer …` (or `OAuth …`), else `oauth_token`. */
export function requestToken(request: EmulatorRequest): string {
  const header = request.headers.authorization ?? '';
  const fromHeader = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header)?.[1];
  return (
    fromHeader ??
    request.query.get('oauth_token') ??
    (request.method === 'POST' ? formParams(request).get('oauth_token') : null) ??
    ''
  );
}

export function badOAuthToken(): EmulatorResponse {
  return {
    status: 403,
    text: { contentType: 'text/plain;charset=UTF-8', body: 'Bad_OAuth_Token' },
  };
}

export function addUserInfoRoute(router: Router, deps: UserInfoDependencies): void {
  // Users are configured before start and never change, so this stands for their last update.
  const updatedAt = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const userInfo = (request: EmulatorRequest): EmulatorResponse => {
    const session = deps.tokens.verify(requestToken(request));
    const user = session ? deps.grants.userById(session.userId) : undefined;
    if (!session || !user) return badOAuthToken();
    const base = deps.baseUrl();
    const { orgId, userId } = session;
    const rest = `${base}/services/data/v{version}/`;
    const photo = `${base}/profilephoto/005/`;
    return jsonResponse(200, {
      sub: `${base}/id/${orgId}/${userId}`,
      user_id: userId,
      organization_id: orgId,
      preferred_username: user.username,
      nickname: user.username.split('@')[0],
      name: `${user.firstName} ${user.lastName}`,
      email: user.email,
      email_verified: true,
      given_name: user.firstName,
      family_name: user.lastName,
      zoneinfo: 'GMT',
      photos: { picture: `${photo}F`, thumbnail: `${photo}T` },
      profile: `${base}/${userId}`,
      picture: `${photo}F`,
      address: {},
      is_salesforce_integration_user: false,
      urls: {
        enterprise: `${base}/services/Soap/c/{version}/${orgId}`,
        metadata: `${base}/services/Soap/m/{version}/${orgId}`,
        partner: `${base}/services/Soap/u/{version}/${orgId}`,
        rest,
        sobjects: `${rest}sobjects/`,
        search: `${rest}search/`,
        query: `${rest}query/`,
        recent: `${rest}recent/`,
        tooling_soap: `${base}/services/Soap/T/{version}/${orgId}`,
        tooling_rest: `${rest}tooling/`,
        profile: `${base}/${userId}`,
        feeds: `${rest}chatter/feeds`,
        groups: `${rest}chatter/groups`,
        users: `${rest}chatter/users`,
        feed_items: `${rest}chatter/feed-items`,
        feed_elements: `${rest}chatter/feed-elements`,
        custom_domain: base,
      },
      active: true,
      user_type: 'STANDARD',
      language: 'en_US',
      locale: 'en_US',
      utcOffset: 0,
      updated_at: updatedAt,
      is_app_installed: true,
    });
  };
  router.add('GET', /^\/services\/oauth2\/userinfo\/?$/, userInfo);
  router.add('POST', /^\/services\/oauth2\/userinfo\/?$/, userInfo);
}
