/**
 * The partner SOAP endpoint `/services/Soap/u/{version}`: `login()` and `logout()` only, as the
 * SOAP API Developer Guide documents them (docs/EMULATOR.md, "SOAP login and logout").
 * - login(): username and password (followed by the security token) give a LoginResult with
 *   `serverUrl`, `metadataServerUrl`, `sessionId` (an access token the REST API accepts),
 *   `userId`, `passwordExpired`, `sandbox` and `userInfo`; bad credentials are the LoginFault
 *   INVALID_LOGIN. login() is available in API version 64.0 and earlier only.
 * - logout(): ends the session named in the SessionHeader; a dead session is INVALID_SESSION_ID.
 * Any other call is refused with the emulator's own UNSUPPORTED_IN_EMULATOR fault naming it.
 */
import type { EmulatorRequest, EmulatorResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import type { OrgUser } from '../org-config.js';
import type { TokenGrants } from '../oauth/token-grants.js';
import type { TokenStore } from '../oauth/token-store.js';
import { isSupportedVersion } from '../rest/api-versions.js';
import { handleMetadataSoap, type MetadataSoapDependencies } from './metadata-soap.js';
import {
  childText,
  elements,
  faultResponse,
  parseSoapCall,
  SoapFault,
  soapResponse,
  type SoapCall,
} from './soap-envelope.js';

/** SOAP API Developer Guide, login(): "login() remains available in API version 64.0 and earlier". */
export const LAST_LOGIN_API_VERSION = 64;
export const ORGANIZATION_NAME = 'sfwp org emulator';

export interface PartnerSoapDependencies {
  grants: TokenGrants;
  tokens: TokenStore;
  baseUrl: () => string;
  /** The org, for the Metadata API endpoint's readMetadata(); absent: that endpoint is refused. */
  metadata?: MetadataSoapDependencies;
}

const INVALID_LOGIN_MESSAGE = 'Invalid username, password, security token; or user locked out.';

function userInfoXml(deps: PartnerSoapDependencies, user: OrgUser, orgId: string): string {
  return elements([
    ['accessibilityMode', false],
    ['chatterExternal', false],
    ['currencySymbol', '$'],
    ['orgAttachmentFileSizeLimit', 5242880],
    ['orgDefaultCurrencyIsoCode', 'USD'],
    ['orgDefaultCurrencyLocale', 'en_US'],
    ['orgDisallowHtmlAttachments', false],
    ['orgHasPersonAccounts', false],
    ['organizationId', orgId],
    ['organizationMultiCurrency', false],
    ['organizationName', ORGANIZATION_NAME],
    ['profileId', null],
    ['roleId', null],
    ['sessionSecondsValid', Math.floor(deps.tokens.accessTokenTtlMs / 1000)],
    ['userDefaultCurrencyIsoCode', null],
    ['userEmail', user.email],
    ['userFullName', `${user.firstName} ${user.lastName}`],
    ['userId', user.id],
    ['userLanguage', 'en_US'],
    ['userLocale', 'en_US'],
    ['userName', user.username],
    ['userTimeZone', 'GMT'],
    ['userType', 'Standard'],
    ['userUiSkin', 'Theme3'],
  ]);
}

function login(deps: PartnerSoapDependencies, call: SoapCall, version: string): EmulatorResponse {
  if (Number(version) > LAST_LOGIN_API_VERSION) {
    throw new SoapFault(
      'UNSUPPORTED_API_VERSION',
      `login() is not available in API version ${version}: it exists in API version ${LAST_LOGIN_API_VERSION}.0 and earlier only. Use OAuth 2.0, or an earlier API version.`,
    );
  }
  const user = deps.grants.userByUsername(childText(call.body, 'username') ?? '');
  if (!user || childText(call.body, 'password') !== user.password + user.securityToken) {
    throw new SoapFault('INVALID_LOGIN', INVALID_LOGIN_MESSAGE, 'LoginFault');
  }
  const session = deps.grants.sessionFor(user);
  const sessionId = deps.tokens.issueAccessToken(session);
  const base = deps.baseUrl();
  const { orgId } = session;
  return soapResponse(
    'login',
    '<result>' +
      elements([
        ['metadataServerUrl', `${base}/services/Soap/m/${version}/${orgId}`],
        ['passwordExpired', false],
        ['sandbox', false],
        ['serverUrl', `${base}/services/Soap/u/${version}/${orgId}`],
        ['sessionId', sessionId],
        ['userId', user.id],
      ]) +
      `<userInfo>${userInfoXml(deps, user, orgId)}</userInfo></result>`,
  );
}

function logout(deps: PartnerSoapDependencies, call: SoapCall): EmulatorResponse {
  const sessionId = call.sessionId ?? '';
  if (deps.tokens.verify(sessionId) === undefined) {
    throw new SoapFault(
      'INVALID_SESSION_ID',
      'Invalid Session ID found in SessionHeader: Illegal Session',
    );
  }
  deps.tokens.revoke(sessionId);
  return soapResponse('logout', '');
}

export function handlePartnerSoap(
  deps: PartnerSoapDependencies,
  request: EmulatorRequest,
  version: string,
): EmulatorResponse {
  try {
    if (!isSupportedVersion(version)) {
      throw new SoapFault('UNSUPPORTED_API_VERSION', `API version ${version} is not supported`);
    }
    const call = parseSoapCall(request.body);
    switch (call.operation) {
      case 'login':
        return login(deps, call, version);
      case 'logout':
        return logout(deps, call);
      default:
        throw new SoapFault(
          'UNSUPPORTED_IN_EMULATOR',
          `The SOAP call ${call.operation}() is not supported by the sfwp org emulator, which implements only login() and logout() of the partner API (docs/EMULATOR.md, "Fidelity"). Use the REST API.`,
        );
    }
  } catch (error) {
    if (error instanceof SoapFault) return faultResponse(error);
    throw error;
  }
}

/** Any SOAP endpoint other than the partner one (enterprise, metadata, tooling, Apex). */
export function unsupportedSoapEndpoint(kind: string): EmulatorResponse {
  return faultResponse(
    new SoapFault(
      'UNSUPPORTED_IN_EMULATOR',
      `The ${kind} SOAP endpoint is not supported by the sfwp org emulator; only login() and logout() on the partner endpoint /services/Soap/u/{version} are (docs/EMULATOR.md, "Fidelity").`,
    ),
  );
}

/** `/services/Soap/{u|c|m|T|…}/{version}[/{orgId}]`: the partner endpoint and the others. */
export function addSoapRoutes(router: Router, deps: PartnerSoapDependencies): void {
  const endpoint = /^\/services\/Soap\/(\w)\/(\d+\.\d+)(?:\/\w+)?\/?$/;
  router.add('POST', endpoint, (request, [kind = '', version = '']) => {
    if (kind === 'u') return handlePartnerSoap(deps, request, version);
    if (kind === 'm' && deps.metadata) return handleMetadataSoap(deps.metadata, request, version);
    return unsupportedSoapEndpoint(`/services/Soap/${kind}`);
  });
}
