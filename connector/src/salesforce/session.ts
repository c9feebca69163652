import { globalAgent } from 'node:https';
import { Connection, type TokenResponse } from 'jsforce';
import type { Config } from '../config/load-config.js';
import { SalesforceAuthError } from './errors.js';
import { createJwtAssertion } from './jwt-assertion.js';
import { certificateProblem } from '../tls/certificate-problem.js';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export { SalesforceAuthError };

export interface SalesforceSession {
  readonly connection: Connection;
  readonly organizationId: string;
  readonly userId: string;
  accessToken(): string;
  instanceUrl(): string;
  /** Obtains a new access token now (after the Pub/Sub API refused the current one). */
  refresh(): Promise<void>;
  /** Called with every new access token, whoever triggered the refresh. */
  onTokenRefreshed(listener: () => void): void;
}

type SalesforceSettings = Config['salesforce'];

function describeAuthFailure(settings: SalesforceSettings, error: unknown): SalesforceAuthError {
  const raw = error as { name?: string; errorCode?: string; message?: string };
  const code = raw.errorCode ?? raw.name ?? 'error';
  const auth = settings.auth;
  const untrusted = certificateProblem(error);
  if (untrusted) {
    return new SalesforceAuthError(
      `Salesforce at ${settings.loginUrl} could not be reached securely: TLS certificate not trusted (${untrusted}). ` +
        'Check salesforce.loginUrl; for a private CA add it with NODE_EXTRA_CA_CERTS; salesforce.verifyTls: false (SF_VERIFY_TLS=false) is for a local emulator only.',
      { cause: error },
    );
  }
  const who = 'username' in auth ? ` as ${auth.username}` : '';
  const hints: Record<string, string> = {
    jwt: 'Check salesforce.auth.clientId, that the certificate of salesforce.auth.privateKey is uploaded to the app, and that the user is pre-authorised (admin-approved) for it.',
    'client-credentials':
      'Check salesforce.auth.clientId/clientSecret and that the app has a run-as user for the client credentials flow.',
    'refresh-token': 'Run `sfwp auth login` to obtain a new refresh token.',
    password: 'Check the username, password (with security token) and the app credentials.',
  };
  return new SalesforceAuthError(
    `Salesforce at ${settings.loginUrl} refused the ${auth.method} grant${who} (${code}: ${raw.message ?? String(error)}). ${hints[auth.method] ?? ''}`,
    { cause: error },
  );
}

/** The token request for methods without refresh tokens; used for the first login and every refresh. */
function tokenRequest(
  settings: SalesforceSettings,
): ((connection: Connection) => Promise<TokenResponse>) | undefined {
  const auth = settings.auth;
  switch (auth.method) {
    case 'jwt':
      return (connection) =>
        connection.oauth2.requestToken({
          grant_type: JWT_BEARER,
          assertion: createJwtAssertion({
            clientId: auth.clientId,
            username: auth.username,
            audience: settings.loginUrl,
            privateKeyPem: auth.privateKey.reveal(),
          }),
        });
    case 'client-credentials':
      return (connection) => connection.oauth2.requestToken({ grant_type: 'client_credentials' });
    case 'password':
      return (connection) => connection.oauth2.authenticate(auth.username, auth.password.reveal());
    case 'refresh-token':
      return undefined;
  }
}

/** jsforce's own way to adopt a token response (what `authorize()` does internally). */
function establish(
  connection: Connection,
  session: { accessToken: string; instanceUrl: string; refreshToken?: string },
): void {
  connection._establish(session);
}

function userFromIdentityUrl(id: string | undefined): { organizationId: string; userId: string } {
  const parts = (id ?? '').split('/');
  return { organizationId: parts.at(-2) ?? '', userId: parts.at(-1) ?? '' };
}

/**
 * Logs in to Salesforce with the configured method and keeps the session alive: JWT bearer,
 * client credentials and password obtain a new token through jsforce's refresh hook when a call
 * gets 401; the refresh-token method uses the refresh token. A refused grant becomes a
 * {@link SalesforceAuthError} that says what to check.
 */
export async function openSalesforceSession(
  settings: SalesforceSettings,
): Promise<SalesforceSession> {
  // jsforce sends through Node's global HTTPS agent; every command that signs in (start, sync,
  // auth test) honours the opt-out the same way. The caller logs the loud warning.
  if (!settings.verifyTls) globalAgent.options.rejectUnauthorized = false;
  const auth = settings.auth;
  const oauth2 = {
    loginUrl: settings.loginUrl,
    clientId: auth.clientId,
    ...('clientSecret' in auth && auth.clientSecret
      ? { clientSecret: auth.clientSecret.reveal() }
      : {}),
    redirectUri: 'http://127.0.0.1/oauth/callback',
  };
  const request = tokenRequest(settings);
  const listeners: (() => void)[] = [];
  const connection = new Connection({
    oauth2,
    loginUrl: settings.loginUrl,
    version: settings.apiVersion,
    ...(request
      ? {
          refreshFn: (
            conn: Connection,
            callback: (error: Error | null, token?: string, response?: TokenResponse) => void,
          ) => {
            request(conn).then(
              (response) => {
                callback(null, response.access_token, response);
              },
              (error: unknown) => {
                callback(describeAuthFailure(settings, error));
              },
            );
          },
        }
      : {}),
  });
  connection.on('refresh', () => {
    for (const listener of listeners) listener();
  });

  let identity: string | undefined;
  try {
    if (auth.method === 'refresh-token') {
      const response = await connection.oauth2.refreshToken(auth.refreshToken.reveal());
      establish(connection, {
        accessToken: response.access_token,
        instanceUrl: response.instance_url,
        refreshToken: response.refresh_token ?? auth.refreshToken.reveal(),
      });
      identity = response.id;
    } else if (request) {
      const response = await request(connection);
      establish(connection, {
        accessToken: response.access_token,
        instanceUrl: response.instance_url,
      });
      identity = response.id;
    }
  } catch (error) {
    throw error instanceof SalesforceAuthError ? error : describeAuthFailure(settings, error);
  }
  const { organizationId, userId } = userFromIdentityUrl(identity);

  return {
    connection,
    organizationId,
    userId,
    accessToken: () => connection.accessToken ?? '',
    instanceUrl: () => connection.instanceUrl,
    async refresh() {
      try {
        if (auth.method === 'refresh-token') {
          const response = await connection.oauth2.refreshToken(
            connection.refreshToken ?? auth.refreshToken.reveal(),
          );
          establish(connection, {
            accessToken: response.access_token,
            instanceUrl: response.instance_url,
            refreshToken: response.refresh_token ?? connection.refreshToken ?? '',
          });
        } else if (request) {
          const response = await request(connection);
          establish(connection, {
            accessToken: response.access_token,
            instanceUrl: response.instance_url,
          });
        }
      } catch (error) {
        throw error instanceof SalesforceAuthError ? error : describeAuthFailure(settings, error);
      }
      for (const listener of listeners) listener();
    },
    onTokenRefreshed(listener) {
      listeners.push(listener);
    },
  };
}
